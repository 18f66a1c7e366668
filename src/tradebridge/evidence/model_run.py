"""Run the models the brief cites (FTA effects, pooled effect, shipped scenarios) and turn them into cards.

The reporter's bilateral FTAs with the partners come from the curated timeline when it covers the
pair, else from DESTA/GPTAD (first entry into force), so any reporter and bloc get gravity estimates.
Scenario files are Korea–Pacific Alliance specific; they run only for that pair, through the one
scenario pipeline (:mod:`tradebridge.models.pipeline`) that the CLI and the dashboard also use.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.evidence import model_cards
from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.models.fta import Agreement, estimate_fta_effects, partial_effect, pooled_fta_effect
from tradebridge.models.inputs import load_gravity_data

ENGINE = "exact-hat-algebra-1"  # part of the cache key: results change when the GE engine does


def bilateral_ftas(curated: pd.DataFrame, listed: pd.DataFrame, reporter: str,
                   members: tuple[str, ...]) -> dict[str, Agreement]:
    """In-force bilateral FTAs of the reporter with each partner (curated first, then DESTA/GPTAD)."""
    out: dict[str, Agreement] = {}
    for r in curated.itertuples():
        if r.kind == "FTA" and pd.notna(r.in_force):
            partner = r.agreement_id.split("-")[1]
            if partner in members:
                out[r.agreement_id] = Agreement(r.agreement_id, reporter, partner, pd.Timestamp(r.in_force))
    done = {a.b for a in out.values()}
    rest = listed[(listed["dataset"].isin(["desta", "gptad"])) & listed["in_force"].notna()
                  & ~listed["partner"].isin(done)]
    for partner, rows in rest.groupby("partner"):
        first = rows.sort_values("in_force").iloc[0]
        aid = f"{reporter}-{partner}-FTA"
        out[aid] = Agreement(aid, reporter, partner, pd.Timestamp(first["in_force"]))
    return out


def model_evidence(store_path: Path, agreements: dict[str, Agreement], prov: tuple[ProvenanceRef, ...], *,
                   scenarios: bool, dataset: str = "comtrade_aggregate") -> tuple[list[EvidenceCard], dict]:
    """FTA effect cards (per agreement and direction), the pooled card, and scenario cards."""
    cards: list[EvidenceCard] = []
    frames: dict[str, pd.DataFrame] = {}
    if not agreements:
        return cards, frames
    panel = load_gravity_data(dataset, store_path=store_path)
    effects = estimate_fta_effects(panel, agreements, lags=(4, 8))
    frames["fta_effects"] = effects.to_frame()
    spec = f"dataset={dataset}; lags 4, 8; formula: {effects.fit.formula}"
    cards.extend(model_cards.fta_effect_cards(effects.to_frame(), spec, prov))
    b, se, _ = pooled_fta_effect(panel, agreements)
    cards.append(model_cards.pooled_card(b, se, partial_effect(b, se), sorted(agreements), prov))
    if scenarios:
        cards_s, frames_s = scenario_evidence(store_path, b, se, prov)
        cards.extend(cards_s)
        frames.update(frames_s)
    return cards, frames


def scenario_evidence(store_path: Path, b: float, se: float, prov: tuple[ProvenanceRef, ...]
                      ) -> tuple[list[EvidenceCard], dict[str, pd.DataFrame]]:
    """The shipped scenarios through the one pipeline (:func:`tradebridge.models.pipeline.run_scenario`),
    each with the pooled partial effect ``b`` (se ``se``): welfare cards, theta-sensitivity cards, and
    the frames the brief's chart and tables use."""
    from tradebridge.models.pipeline import run_scenario
    from tradebridge.models.scenarios import load_scenario, shipped_scenarios

    cards: list[EvidenceCard] = []
    rows, sens_rows, baselines = [], [], {}
    for name in shipped_scenarios():
        spec = load_scenario(name)
        if spec.data not in baselines:
            baselines[spec.data] = load_gravity_data(spec.data, store_path=store_path)
        res = run_scenario(spec, store_path=store_path, partial=(b, se), data=baselines[spec.data])
        focus = res.legacy_focus()
        absent = [c for c in spec.focus if c not in set(res.countries["country"])]
        baseline = (f"{spec.data} {spec.year or ''}, {len(res.countries)} countries, observed flows"
                    + (f"; not in it: {', '.join(absent)}" if absent else ""))
        cards.extend(model_cards.scenario_cards(name, spec.name, focus, spec.level, b, se, prov, res.notes,
                                                engine=spec.engine, theta=spec.theta, draws=spec.draws,
                                                imbalances=spec.imbalances, baseline=baseline))
        cards.extend(model_cards.theta_cards(name, spec.name, res.sensitivity, list(focus["country"]), prov,
                                             engine=spec.engine))
        rows.append(model_cards.scenario_fractions(focus).assign(scenario=spec.name, scenario_id=name))
        if not res.sensitivity.empty:
            sens_rows.append(res.sensitivity[res.sensitivity["country"].isin(focus["country"])]
                             .assign(scenario=spec.name, scenario_id=name))
    frames = {"scenarios": pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()}
    if sens_rows:
        frames["scenario_sensitivity"] = pd.concat(sens_rows, ignore_index=True)
    return cards, frames


def cached_model_evidence(store_path: Path, agreements: dict[str, Agreement], prov: tuple[ProvenanceRef, ...], *,
                          scenarios: bool, store_version: str, cache: Path | None) -> tuple[list[EvidenceCard], dict]:
    """:func:`model_evidence`, cached on disk under ``cache/evidence`` by everything it depends on: the
    warehouse version, tradebridge's version, the agreements and the scenario files. A cold run estimates
    the models (minutes); a warm one reads the result back."""
    import hashlib
    import pickle

    from tradebridge import __version__

    if cache is None:
        return model_evidence(store_path, agreements, prov, scenarios=scenarios)
    h = hashlib.sha256(f"{store_version}|{__version__}|{scenarios}|{sorted(agreements.items())}|{ENGINE}".encode())
    if scenarios:
        from tradebridge.models.scenarios import scenario_text, shipped_scenarios

        for name in shipped_scenarios():
            h.update(scenario_text(name))
    path = cache / "evidence" / f"models-{h.hexdigest()[:20]}.pkl"
    if path.is_file():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    result = model_evidence(store_path, agreements, prov, scenarios=scenarios)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(result, fh)
    tmp.replace(path)
    return result
