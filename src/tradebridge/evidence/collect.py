"""Collect every evidence card (and the tables the brief shows) for a :class:`~tradebridge.reference.blocs.Scope`.

Reads the warehouse read-only, through the Ibis expressions of
:mod:`tradebridge.indicators.evidence_inputs`; the analyses are the library's own (indicators,
models, survey, interviews). The result is immutable; cards are keyed by id. What is specific to one
reporter (the curated agreement timeline, the seed brief's claims, the shipped scenarios) is used
when the reference data cover the scope, never by testing for a country code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.evidence import agreement_cards, complexity_cards, composition_cards, relation_cards, trade_cards
from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.i18n import LANGS
from tradebridge.indicators import evidence_inputs as q
from tradebridge.indicators.overview import trade_overview
from tradebridge.reference.blocs import Scope
from tradebridge.reference.timeline import DATASET as TIMELINE_DATASET
from tradebridge.store import Store


@dataclass(frozen=True)
class EvidenceSet:
    """All cards for one scope, plus the frames the report draws."""

    scope: Scope
    cards: dict[str, EvidenceCard]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def reporter(self) -> str:
        return self.scope.reporter

    @property
    def members(self) -> tuple[str, ...]:
        return self.scope.members

    @property
    def bloc(self) -> str | None:
        return self.scope.bloc

    @property
    def label(self) -> str:
        return self.scope.label

    def by_topic(self, topic: str) -> list[EvidenceCard]:
        return [c for c in self.cards.values() if c.topic == topic]

    def find(self, prefix: str) -> list[EvidenceCard]:
        return [c for i, c in self.cards.items() if i.startswith(prefix)]

    def get(self, card_id: str) -> EvidenceCard | None:
        return self.cards.get(card_id)


def provenance_refs(store: Store, datasets: list[str], query: str | None = None) -> tuple[ProvenanceRef, ...]:
    """ProvenanceRef for each dataset present in the store."""
    refs = []
    for d in datasets:
        if store.has_dataset(d):
            p = store.provenance(d)
            refs.append(ProvenanceRef(d, p.get("sha256"), p.get("source") or d, p.get("licence"), query))
    return tuple(refs)


def relevant_stages(store: Store, scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Curated stages of agreements between the reporter and a partner, and of the bloc itself."""
    con = store.ibis()
    agreements = q.curated_agreements(con, scope.reporter, scope.members, scope.bloc).to_pandas()
    if agreements.empty:
        return agreements, pd.DataFrame(columns=list(q.STAGE_COLUMNS))
    stages = q.curated_stages(con, agreements["agreement_id"].tolist()).to_pandas()
    return agreements, stages


def listed_agreements(store: Store, scope: Scope) -> pd.DataFrame:
    """Bilateral agreements of the reporter with each partner in DESTA, GPTAD and UNCTAD's BIT list."""
    return q.listed_bilateral(store.ibis(), scope.reporter, scope.members).to_pandas()


def product_flows(store: Store, scope: Scope) -> pd.DataFrame:
    """Product-level (HS) flows between the reporter and the partners, with the brief's sector groups."""
    import ibis

    from tradebridge.concord.groups import sector_group

    frame = q.hs_flows(store.ibis(), scope.reporter, scope.members).to_pandas()
    if frame.empty:
        return frame.assign(group=pd.Series(dtype=str))
    return sector_group(ibis.memtable(frame)).to_pandas()


def curated_covers(agreement_ids: Iterable[str], scope: Scope) -> bool:
    """Whether the curated timeline (its agreement ids ``A-B-KIND``) has a bilateral agreement of the
    reporter with every member: the scope the seed brief is about, so its claims and the shipped demo
    survey and interviews (made up for that scope) apply.

    >>> from tradebridge.reference.blocs import resolve_scope
    >>> ids = ["KOR-CHL-FTA", "KOR-COL-FTA", "KOR-MEX-BIT", "KOR-PER-FTA", "PA"]
    >>> curated_covers(ids, resolve_scope("KOR", "PA")), curated_covers(ids, resolve_scope("CHL", "PA"))
    (True, False)
    """
    pairs = [str(aid).split("-") for aid in agreement_ids]
    partners = {p[1] for p in pairs if len(p) == 3 and p[0] == scope.reporter}
    return bool(partners) and set(scope.members) <= partners


def data_cards(status: list[dict], store_version: str = "") -> list[EvidenceCard]:
    """One card per stored dataset (rows, hash, source, licence): the brief's data section cites them,
    and ``data.build``: the tradebridge version and the warehouse version the brief was built from."""
    from tradebridge import __version__

    build = EvidenceCard(
        id="data.build", topic="data", template={"en": "Built by tradebridge {version} from warehouse {store_version}."},
        values={"version": __version__, "store_version": store_version},
        formats={"version": "text", "store_version": "text"}, comparison="build identity",
        provenance=tuple(ProvenanceRef(r["dataset"], r["sha256"], r["source"], r.get("licence")) for r in status),
        method="tradebridge brief")
    return [build] + [EvidenceCard(
        id=f"data.{r['dataset']}", topic="data",
        template={"en": "{dataset}: {rows} rows in {table} ({source}; licence {licence})."},
        values={"dataset": r["dataset"], "rows": r["rows"], "table": r["table"], "sha256": r["sha256"],
                "sha12": (r["sha256"] or "")[:12],
                "source": r["source"], "licence": r.get("licence") or "n/a"},
        formats={"rows": "int", "dataset": "text", "table": "text", "source": "text", "licence": "text",
                 "sha12": "text"},
        comparison="rows stored", provenance=(ProvenanceRef(r["dataset"], r["sha256"], r["source"], r.get("licence")),),
        method="tradebridge data ingest") for r in status]


def claim_cards(claims, cards: dict[str, EvidenceCard]) -> list[EvidenceCard]:
    """Each claims-check row as a card, with the provenance of the cards it relies on."""
    out = []
    for row in claims:
        prov = tuple(dict.fromkeys(p for i in row.cards if i in cards for p in cards[i].provenance))
        out.append(EvidenceCard(
            id=f"claim.{row.id}", topic="claims",
            template={lang: "{finding_" + lang + "}" for lang in LANGS},
            values={"claim": row.claim, "verdict": row.verdict, "fetch": row.fetch, "cards": list(row.cards),
                    **{f"finding_{lang}": row.finding.get(lang, row.finding["en"]) for lang in LANGS},
                    **row.values},
            formats={f"finding_{lang}": "text" for lang in LANGS},
            comparison="seed brief claim vs the store's data", provenance=prov,
            method="tradebridge.evidence.claims", caveats=(f"fetch: {row.fetch}",) if row.fetch else ()))
    return out


def perception_evidence() -> tuple[list[EvidenceCard], dict[str, pd.DataFrame]]:
    """Survey and interview cards from the shipped demo data (every card says DEMO)."""
    from tradebridge.evidence.perception_cards import interview_cards, survey_cards
    from tradebridge.interviews.codebook import default_codebook_path, load_codebook
    from tradebridge.interviews.demo import demo_interview_results
    from tradebridge.survey.demo import demo_responses
    from tradebridge.survey.instrument import default_instrument_path, load_instrument

    inst = load_instrument(default_instrument_path())
    cards, table = survey_cards(demo_responses(), inst, demo=True, source="tradebridge demo survey (made-up)")
    inter = demo_interview_results()
    cards += interview_cards(inter["frequencies"], inter["quotes"], load_codebook(default_codebook_path()),
                             demo=True, source="tradebridge demo interviews (made-up)")
    questions = {q.id: dict(q.text) for s in inst.sections for q in s.questions}
    return cards, {"survey_by_country": table, "interview_quotes": inter["quotes"],
                   "survey_questions": pd.DataFrame([{"id": k, **v} for k, v in questions.items()])}


def real_response_count(survey_db: str | None) -> int | None:
    """How many real (not demo) responses the survey database holds (all instruments); None without a database
    or when it cannot be read (then the brief says how to collect responses, not a count).

    >>> real_response_count(None) is None
    True
    """
    if not survey_db:
        return None
    if survey_db.startswith("sqlite:///") and not Path(survey_db[len("sqlite:///"):]).is_file():
        return 0  # no database file yet: nothing collected (and the brief creates none)
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from tradebridge.errors import TradebridgeError
    from tradebridge.survey.storage import ResponseStore, responses_table

    try:
        with ResponseStore(survey_db) as st, st.engine.begin() as conn:
            q = select(func.count()).select_from(responses_table).where(responses_table.c.demo.is_(False))
            return int(conn.execute(q).scalar_one())
    except (TradebridgeError, SQLAlchemyError, OSError, ValueError):
        return None


def collect_evidence(store_path: Path, scope: Scope, *, years: tuple[int, int] | None = None,
                     models: bool = True, scenarios: bool = True, perceptions: bool = True,
                     cache: Path | None = None, demo: bool = False, survey_db: str | None = None,
                     progress: Callable[[str], None] | None = None) -> EvidenceSet:
    """Compute every card that the data in the store support for ``scope``.

    ``models`` runs the gravity estimates (about a minute); ``scenarios`` the shipped GE scenarios that
    are about the scope (:func:`tradebridge.evidence.model_run.scenarios_for`); ``perceptions`` the
    survey and interview cards: only with ``demo`` the shipped demo data (made up, every card says
    DEMO), for the scope they were made for (:func:`curated_covers`); by default none, and
    ``notes["survey_responses"]`` holds the number of real responses in ``survey_db`` (None without
    one). With ``cache``, model results
    are kept on disk keyed by the warehouse version (see model_run). ``progress`` is told each model
    and scenario as it starts.

    Besides the cards, ``notes["composition_gaps"]`` lists the pairs without bilateral product data (each
    with a ``reason`` per language the report can print, and the ``fetch`` command), and ``frames`` holds
    ``composition_world``, ``composition_bilateral``, ``partner_weights`` and ``fx_exports`` (the exchange
    rate and export series of the ``shocks.fx`` cards, for the chart).
    """
    reporter, members, dataset = scope.reporter, scope.members, scope.dataset
    cards: list[EvidenceCard] = []
    frames: dict[str, pd.DataFrame] = {}
    notes: dict[str, Any] = {}
    with Store.open(store_path) as store:
        prov = provenance_refs(store, [dataset])
        ov = trade_overview(store.ibis(), reporter, scope.label, dataset=dataset, years=years,
                            window=trade_cards.WINDOW)
        windows = ov.windows  # aligned on the entry year: "before" ends the year before entry
        frames["yearly"], frames["windows"] = ov.yearly, windows
        for build in (trade_cards.flow_cards, trade_cards.growth_cards, trade_cards.balance_record_cards,
                      trade_cards.exports_since_cards, trade_cards.fta_window_cards, trade_cards.year_cards):
            data = windows if build is trade_cards.fta_window_cards else ov.yearly
            cards.extend(build(data, reporter, prov, dataset))
        agreements, stages = relevant_stages(store, scope)
        frames["stages"], frames["curated_agreements"] = stages, agreements
        cards.extend(agreement_cards.timeline_cards(stages, agreements, provenance_refs(store, [TIMELINE_DATASET])))
        listed = listed_agreements(store, scope)
        frames["listed_agreements"] = listed
        if stages.empty:
            prov_by = {d: provenance_refs(store, [d]) for d in q.LISTS}
            cards.extend(agreement_cards.listed_cards(listed, prov_by))
        bits = listed[listed["dataset"] == "unctad_bits"]
        cards.extend(agreement_cards.treaty_cards(bits, reporter, provenance_refs(store, ["unctad_bits"])))
        frames["all_reporter_ftas"] = q.reporter_base_treaties(store.ibis(), reporter).to_pandas()
        frames["product_flows"] = product_flows(store, scope)
        cards.extend(complexity_cards.complexity_cards(store, reporter, members, trade_dataset=scope.dataset))
        frames["fx"] = q.fx_rates(store.ibis(), members).rename(fx="fx_lcu_per_usd").to_pandas()
        refs = partial(provenance_refs, store)
        more, more_frames, notes["composition_gaps"] = composition_cards.composition_evidence(store, scope, refs)
        cards.extend(more)
        frames.update(more_frames)
        more, more_frames = relation_cards.relation_evidence(store, scope, ov.yearly, refs, models=models)
        cards.extend(more)
        frames.update(more_frames)
        notes["tables"] = store.tables()
        notes["datasets"] = store.status()
        notes["store_version"] = store.version()
        cards.extend(data_cards(notes["datasets"], notes["store_version"]))
    if models:
        from tradebridge.evidence.model_run import cached_model_evidence

        found = cached_model_evidence(store_path, scope, scenarios=scenarios,
                                      store_version=notes["store_version"], cache=cache, progress=progress)
        cards.extend(found.cards)
        frames.update(found.frames)
        notes["ftas"] = {k: (a.b, a.in_force.date().isoformat()) for k, a in found.agreements.items()}
        notes["too_early"] = {k: i.reason for k, i in getattr(found, "too_early", {}).items()}
        notes["scenarios"] = list(found.scenarios)
        said = trade_cards.reconcile_window_cards({c.id: c for c in cards}, reporter)  # windows vs gravity
        cards = [said.get(c.id, c) for c in cards]
    seed = curated_covers(agreements.get("agreement_id", ()), scope)
    notes["demo"] = bool(demo and perceptions and seed)
    notes["survey_responses"] = real_response_count(survey_db) if perceptions else None
    if notes["demo"]:
        more, perception_frames = perception_evidence()
        cards.extend(more)
        frames.update(perception_frames)
    from tradebridge.evidence.claims import check_claims

    claims = check_claims({c.id: c for c in cards}, frames, reporter, scope.bloc) if seed else []
    notes["claims"] = claims
    cards.extend(claim_cards(claims, {c.id: c for c in cards}))
    return EvidenceSet(scope=scope, cards={c.id: c for c in cards}, frames=frames, notes=notes)
