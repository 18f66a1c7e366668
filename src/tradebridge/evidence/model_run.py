"""The model evidence of a scope: the one path from a :class:`~tradebridge.reference.blocs.Scope` to
FTA effects, the pooled effect and the shipped scenarios, used by the brief and by the dashboard.

The reporter's bilateral FTAs with the partners come from the warehouse: the curated timeline when it
covers the pair, else DESTA/GPTAD (first entry into force), so any reporter and bloc get gravity
estimates. The shipped scenario files run when they are about the scope (:func:`scenarios_for`: the
countries they shock are the reporter and its partners), through the one scenario pipeline
(:func:`tradebridge.models.pipeline.run_scenario`) with the scope's pooled partial effect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebridge.evidence import model_cards
from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.i18n import LANGS
from tradebridge.indicators import evidence_inputs as q
from tradebridge.models.fta import (
    Agreement,
    Identification,
    estimate_fta_effects,
    identified_pooled_effect,
    partial_effect,
    split_identified,
    without_post_entry,
)
from tradebridge.models.inputs import load_gravity_data
from tradebridge.reference.blocs import Scope, bloc_members
from tradebridge.reference.timeline import DATASET as TIMELINE_DATASET

ENGINE = "exact-hat-algebra-1|guard-4y-2obs"  # part of the cache key: results change when the GE engine does


@dataclass(frozen=True)
class ModelEvidence:
    """Cards and frames of the models run for a scope, the agreements used, and the scenarios run."""

    cards: list[EvidenceCard]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    scenarios: tuple[str, ...] = ()
    too_early: dict[str, Identification] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per card: id, topic and statement (English)."""
        return pd.DataFrame([{"id": c.id, "topic": c.topic, "statement": c.statement("en")} for c in self.cards])


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


def scope_agreements(store_path: Path, scope: Scope) -> dict[str, Agreement]:
    """The reporter's in-force bilateral FTAs with the scope's members, read from the warehouse."""
    from tradebridge.store import Store

    with Store.open(store_path, read_only=True) as st:
        con = st.ibis()
        curated = q.curated_agreements(con, scope.reporter, scope.members, scope.bloc).to_pandas()
        listed = q.listed_bilateral(con, scope.reporter, scope.members).to_pandas()
    return bilateral_ftas(curated, listed, scope.reporter, scope.members)


def scenarios_for(scope: Scope) -> tuple[str, ...]:
    """The shipped scenarios about this scope: every country they shock (pairs added or removed, a
    country joining a bloc) is the reporter or one of its partners, and the reporter is among them.

    >>> from tradebridge.reference.blocs import resolve_scope
    >>> scenarios_for(resolve_scope("BRA", "MERCOSUR"))
    ()
    """
    from tradebridge.models.scenarios import load_scenario, shipped_scenarios

    allowed = {scope.reporter, *scope.members}
    out = []
    for name in shipped_scenarios():
        spec = load_scenario(name)
        shocked = {c for pair in (*spec.add, *spec.remove) for c in pair}
        for country, bloc, _ in spec.joins:
            shocked |= {country, *bloc_members(bloc)}
        if shocked and scope.reporter in shocked and shocked <= allowed:
            out.append(name)
    return tuple(out)


def scope_partial(store_path: Path, scope: Scope, *, panel: pd.DataFrame | None = None,
                  agreements: dict[str, Agreement] | None = None) -> tuple[float, float]:
    """The pooled partial effect (b, se) of the scope's FTAs on the scope's dataset: the partial effect
    every scenario of the scope is solved with, in the brief and on the dashboard.

    Agreements too recent for the panel (:func:`tradebridge.models.fta.split_identified`) are left out:
    their pairs' post-entry observations leave the sample, and the pooled dummy covers the others."""
    from tradebridge.errors import ModelError

    agreements = scope_agreements(store_path, scope) if agreements is None else agreements
    if not agreements:
        raise ModelError(f"no FTA in force between {scope.reporter} and {scope.label} in the warehouse, so "
                         "no pooled partial effect", hint="ingest an agreement list (DESTA) or pick another scope")
    panel = load_gravity_data(scope.dataset, store_path=store_path) if panel is None else panel
    try:
        b, se, _ = identified_pooled_effect(panel, agreements)
    except ModelError as exc:
        raise ModelError(f"{scope.reporter} and {scope.label}: {exc.message}",
                         hint="use a dataset whose years reach further past the entry into force") from None
    return b, se


def run_scope_scenario(store_path: Path, name: str, partial: tuple[float, float], *, draws: int | None = None,
                       data: pd.DataFrame | None = None):
    """One shipped scenario solved with the scope's partial effect (:func:`scope_partial`)."""
    from tradebridge.models.pipeline import run_scenario
    from tradebridge.models.scenarios import load_scenario

    return run_scenario(load_scenario(name), store_path=store_path, partial=partial, draws=draws, data=data)


def model_evidence(store_path: Path, scope: Scope, *, scenarios: bool = True,
                   prov: tuple[ProvenanceRef, ...] | None = None,
                   progress: Callable[[str], None] | None = None) -> ModelEvidence:
    """FTA effect cards (per agreement and direction), the pooled card, and the scope's scenario cards.
    ``progress`` is told each model and scenario as it starts."""
    say = progress or (lambda _msg: None)
    if prov is None:
        from tradebridge.evidence.collect import provenance_refs
        from tradebridge.store import Store

        with Store.open(store_path, read_only=True) as st:
            prov = provenance_refs(st, [scope.dataset, "agtpa", TIMELINE_DATASET])
    agreements = scope_agreements(store_path, scope)
    if not agreements:
        return ModelEvidence([], {}, {})
    cards: list[EvidenceCard] = []
    frames: dict[str, pd.DataFrame] = {}
    panel = load_gravity_data(scope.dataset, store_path=store_path)
    ok, early = split_identified(panel["year"].unique(), agreements)
    cards.extend(model_cards.too_early_cards(early, scope.dataset, prov))
    if not ok:
        return ModelEvidence(cards, {}, agreements, (), early)
    panel = without_post_entry(panel, {k: agreements[k] for k in early})
    say(f"gravity: FTA effects of {', '.join(sorted(ok))}")
    effects = estimate_fta_effects(panel, ok, lags=(4, 8))
    frames["fta_effects"] = effects.to_frame()
    spec = f"dataset={scope.dataset}; lags 4, 8; formula: {effects.fit.formula}"
    cards.extend(model_cards.fta_effect_cards(effects.to_frame(), spec, prov))
    say("gravity: pooled FTA effect")
    b, se = scope_partial(store_path, scope, panel=panel, agreements=ok)
    cards.append(model_cards.pooled_card(b, se, partial_effect(b, se), sorted(ok), prov, excluded=sorted(early)))
    names = scenarios_for(scope) if scenarios else ()
    if names:
        cards_s, frames_s = scenario_evidence(store_path, names, b, se, prov, progress=say)
        cards.extend(cards_s)
        frames.update(frames_s)
    return ModelEvidence(cards, frames, agreements, names, early)


def scenario_evidence(store_path: Path, names: tuple[str, ...], b: float, se: float, prov: tuple[ProvenanceRef, ...],
                      *, progress: Callable[[str], None] | None = None,
                      ) -> tuple[list[EvidenceCard], dict[str, pd.DataFrame]]:
    """The named scenarios (:func:`run_scope_scenario`), each with the pooled partial effect ``b`` (se
    ``se``): welfare cards, theta-sensitivity cards, and the frames the brief's chart and tables use."""
    from tradebridge.models.scenarios import load_scenario

    cards: list[EvidenceCard] = []
    rows, sens_rows, baselines = [], [], {}
    for name in names:
        if progress is not None:
            progress(f"scenario: {name}")
        spec = load_scenario(name)
        if spec.data not in baselines:
            baselines[spec.data] = load_gravity_data(spec.data, store_path=store_path)
        res = run_scope_scenario(store_path, name, (b, se), data=baselines[spec.data])
        focus = res.legacy_focus()
        absent = [c for c in spec.focus if c not in set(res.countries["country"])]
        baseline = (f"{spec.data} {spec.year or ''}, {len(res.countries)} countries, observed flows"
                    + (f"; not in it: {', '.join(absent)}" if absent else ""))
        titles = {lang: spec.title(lang) for lang in LANGS}
        cards.extend(model_cards.scenario_cards(name, titles, focus, spec.level, b, se, prov, res.notes,
                                                engine=spec.engine, theta=spec.theta, draws=spec.draws,
                                                imbalances=spec.imbalances, baseline=baseline))
        cards.extend(model_cards.theta_cards(name, titles, res.sensitivity, list(focus["country"]), prov,
                                             engine=spec.engine))
        rows.append(model_cards.scenario_fractions(focus).assign(
            scenario=spec.name, scenario_id=name, **{f"scenario_{lg}": spec.title(lg) for lg in LANGS if lg != "en"}))
        if not res.sensitivity.empty:
            sens_rows.append(res.sensitivity[res.sensitivity["country"].isin(focus["country"])]
                             .assign(scenario=spec.name, scenario_id=name))
    frames = {"scenarios": pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()}
    if sens_rows:
        frames["scenario_sensitivity"] = pd.concat(sens_rows, ignore_index=True)
    return cards, frames


def cached_model_evidence(store_path: Path, scope: Scope, *, scenarios: bool, store_version: str,
                          cache: Path | None, progress: Callable[[str], None] | None = None) -> ModelEvidence:
    """:func:`model_evidence`, cached on disk under ``cache/evidence`` by everything it depends on: the
    warehouse version, tradebridge's version, the scope and the scenario files. A cold run estimates
    the models (minutes); a warm one reads the result back."""
    import hashlib
    import pickle

    from tradebridge import __version__

    if cache is None:
        return model_evidence(store_path, scope, scenarios=scenarios, progress=progress)
    h = hashlib.sha256(f"{store_version}|{__version__}|{scenarios}|{scope}|{ENGINE}".encode())
    if scenarios:
        from tradebridge.models.scenarios import scenario_text, shipped_scenarios

        for name in shipped_scenarios():
            h.update(scenario_text(name))
    path = cache / "evidence" / f"models-{h.hexdigest()[:20]}.pkl"
    if path.is_file():
        with open(path, "rb") as fh:
            found = pickle.load(fh)
        if isinstance(found, ModelEvidence):
            if progress is not None:
                progress("models and scenarios: from the cache")
            return found
    result = model_evidence(store_path, scope, scenarios=scenarios, progress=progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(result, fh)
    tmp.replace(path)
    return result
