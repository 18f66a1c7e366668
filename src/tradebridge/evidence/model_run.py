"""Run the models the brief cites (FTA effects, pooled effect, shipped scenarios) and turn them into cards.

The reporter's bilateral FTAs with the partners come from the curated timeline when it covers the
pair, else from DESTA/GPTAD (first entry into force), so any reporter and bloc get gravity estimates.
Scenario files are Korea–Pacific Alliance specific; they run only for that pair.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.evidence import model_cards
from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.models.fta import Agreement, estimate_fta_effects, partial_effect, pooled_fta_effect
from tradebridge.models.inputs import load_gravity_data


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
        from tradebridge.models.scenarios import load_scenario, run_scenario, shipped_scenarios

        baseline = None
        rows = []
        for name in shipped_scenarios():
            spec_s = load_scenario(name)
            if baseline is None:
                baseline = load_gravity_data(spec_s.data, store_path=store_path)
            res = run_scenario(spec_s, baseline, fta_estimate=b, fta_se=se, agreements=agreements)
            focus = res.focus_frame()
            cards.extend(model_cards.scenario_cards(name, spec_s.name, focus, spec_s.level, b, se, prov,
                                                    res.notes))
            rows.append(model_cards.scenario_fractions(focus).assign(scenario=spec_s.name, scenario_id=name))
        frames["scenarios"] = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
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
    h = hashlib.sha256(f"{store_version}|{__version__}|{scenarios}|{sorted(agreements.items())}".encode())
    if scenarios:
        from importlib import resources

        from tradebridge.models.scenarios import shipped_scenarios

        folder = resources.files("tradebridge.models").joinpath("scenarios")
        for name in shipped_scenarios():
            h.update(folder.joinpath(f"{name}.yaml").read_bytes())
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
