"""Collect every evidence card (and the tables the brief shows) for a reporter and partners/bloc.

Reads the warehouse read-only; the analyses are the library's own (indicators, models, survey,
interviews). The result is immutable; cards are keyed by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.evidence import agreement_cards, complexity_cards, trade_cards
from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.indicators.overview import trade_overview
from tradebridge.reference.blocs import is_bloc, resolve_partners
from tradebridge.store import Store

TRADE_DATASET = "comtrade_aggregate"


@dataclass(frozen=True)
class EvidenceSet:
    """All cards for one reporter and partner set, plus the frames the report draws."""

    reporter: str
    partners: str
    members: tuple[str, ...]
    cards: dict[str, EvidenceCard]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

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


def relevant_stages(store: Store, reporter: str, members: tuple[str, ...], partners: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Curated stages of agreements between the reporter and a partner, and of the bloc itself."""
    marks = ", ".join("?" for _ in members)
    agreements = store.sql(
        f"""SELECT a.* FROM agreements a WHERE a.dataset = 'kor_pa_timeline' AND (
              a.agreement_id = ? OR (
              EXISTS (SELECT 1 FROM agreement_members m WHERE m.agreement_id = a.agreement_id AND m.country = ?)
              AND EXISTS (SELECT 1 FROM agreement_members m WHERE m.agreement_id = a.agreement_id
                          AND m.country IN ({marks}))))""",
        [partners.upper(), reporter, *members])
    if agreements.empty:
        return agreements, pd.DataFrame(columns=["agreement_id", "stage", "date", "date_end", "precision",
                                                 "source", "confidence", "note"])
    ids = agreements["agreement_id"].tolist()
    stages = store.sql(f"SELECT * FROM agreement_stages WHERE agreement_id IN ({', '.join('?' for _ in ids)}) "
                       "ORDER BY date", ids)
    return agreements, stages


def listed_agreements(store: Store, reporter: str, members: tuple[str, ...]) -> pd.DataFrame:
    """Bilateral agreements of the reporter with each partner in DESTA, GPTAD and UNCTAD's BIT list."""
    marks = ", ".join("?" for _ in members)
    return store.sql(
        f"""WITH bil AS (
              SELECT m1.agreement_id, m2.country AS partner FROM agreement_members m1
              JOIN agreement_members m2 ON m1.agreement_id = m2.agreement_id AND m2.country IN ({marks})
              WHERE m1.country = ? AND m1.dataset IN ('desta', 'gptad', 'unctad_bits')
                AND (SELECT count(*) FROM agreement_members m3 WHERE m3.agreement_id = m1.agreement_id) = 2)
            SELECT bil.partner, a.* FROM bil JOIN agreements a USING (agreement_id)
            ORDER BY bil.partner, a.dataset, a.signed""",
        [*members, reporter])


def product_flows(store: Store, reporter: str, members: tuple[str, ...]) -> pd.DataFrame:
    """Product-level (HS) flows between the reporter and the partners, with the brief's sector groups."""
    import ibis

    from tradebridge.concord.groups import sector_group

    marks = ", ".join("?" for _ in members)
    frame = store.sql(
        f"""SELECT exporter, importer, year, classification, product, value_usd FROM trade_flows
            WHERE classification LIKE 'HS%' AND ((exporter = ? AND importer IN ({marks}))
               OR (importer = ? AND exporter IN ({marks})))""", [reporter, *members, reporter, *members])
    if frame.empty:
        return frame.assign(group=pd.Series(dtype=str))
    return sector_group(ibis.memtable(frame)).to_pandas()


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
            template={lang: "{finding_" + lang + "}" for lang in ("en", "es", "ko")},
            values={"claim": row.claim, "verdict": row.verdict, "fetch": row.fetch, "cards": list(row.cards),
                    **{f"finding_{lang}": row.finding.get(lang, row.finding["en"]) for lang in ("en", "es", "ko")},
                    **row.values},
            formats={f"finding_{lang}": "text" for lang in ("en", "es", "ko")},
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


def collect_evidence(store_path: Path, reporter: str = "KOR", partners: str = "PA", *,
                     years: tuple[int, int] | None = None, models: bool = True, scenarios: bool = True,
                     perceptions: bool = True, cache: Path | None = None) -> EvidenceSet:
    """Compute every card that the data in the store support.

    ``models`` runs the gravity estimates (about a minute); ``scenarios`` the GE scenarios (Korea–PA
    only); ``perceptions`` the survey and interview cards (the shipped demo data, labelled as such).
    With ``cache``, model results are kept on disk keyed by the warehouse version (see model_run).
    """
    reporter = reporter.upper()
    members = tuple(m for m in resolve_partners(partners) if m != reporter)  # Brazil in MERCOSUR
    cards: list[EvidenceCard] = []
    frames: dict[str, pd.DataFrame] = {}
    notes: dict[str, Any] = {}
    with Store.open(store_path) as store:
        prov = provenance_refs(store, [TRADE_DATASET])
        ov = trade_overview(store.ibis(), reporter, partners, dataset=TRADE_DATASET, years=years)
        frames["yearly"], frames["windows"] = ov.yearly, ov.windows
        for build in (trade_cards.flow_cards, trade_cards.growth_cards, trade_cards.balance_record_cards,
                      trade_cards.exports_since_cards, trade_cards.fta_window_cards, trade_cards.year_cards):
            data = ov.windows if build is trade_cards.fta_window_cards else ov.yearly
            cards.extend(build(data, reporter, prov, TRADE_DATASET))
        agreements, stages = relevant_stages(store, reporter, members, partners)
        frames["stages"], frames["curated_agreements"] = stages, agreements
        cards.extend(agreement_cards.timeline_cards(stages, agreements, provenance_refs(store, ["kor_pa_timeline"])))
        listed = listed_agreements(store, reporter, members)
        frames["listed_agreements"] = listed
        if stages.empty:
            prov_by = {d: provenance_refs(store, [d]) for d in ("desta", "gptad", "unctad_bits")}
            cards.extend(agreement_cards.listed_cards(listed, prov_by))
        bits = listed[listed["dataset"] == "unctad_bits"]
        cards.extend(agreement_cards.treaty_cards(bits, reporter, provenance_refs(store, ["unctad_bits"])))
        frames["all_reporter_ftas"] = store.sql(
            "SELECT a.* FROM agreements a JOIN agreement_members m USING (agreement_id) WHERE a.dataset = 'desta' "
            "AND a.kind = 'base_treaty' AND m.country = ? AND (SELECT count(*) FROM agreement_members n "
            "WHERE n.agreement_id = a.agreement_id) = 2", [reporter])
        frames["product_flows"] = product_flows(store, reporter, members)
        cards.extend(complexity_cards.complexity_cards(store, reporter, members))
        frames["fx"] = store.sql(
            f"SELECT country, year, value AS fx FROM macro WHERE dataset = 'imf_fx_annual' AND indicator = "
            f"'fx_lcu_per_usd' AND country IN ({', '.join('?' for _ in members)})", list(members))
        notes["tables"] = store.tables()
        notes["datasets"] = store.status()
        notes["store_version"] = store.version()
        cards.extend(data_cards(notes["datasets"], notes["store_version"]))
        model_prov = provenance_refs(store, [TRADE_DATASET, "agtpa", "kor_pa_timeline"])
    if models:
        from tradebridge.evidence.model_run import bilateral_ftas, cached_model_evidence

        ftas = bilateral_ftas(agreements, listed, reporter, members)
        korea_pa = reporter == "KOR" and {"CHL", "COL", "MEX", "PER"} <= set(members)
        more, model_frames = cached_model_evidence(store_path, ftas, model_prov, scenarios=scenarios and korea_pa,
                                                   store_version=notes["store_version"], cache=cache)
        cards.extend(more)
        frames.update(model_frames)
        notes["ftas"] = {k: (a.b, a.in_force.date().isoformat()) for k, a in ftas.items()}
    if perceptions:
        more, perception_frames = perception_evidence()
        cards.extend(more)
        frames.update(perception_frames)
    from tradebridge.evidence.claims import check_claims

    claims = check_claims({c.id: c for c in cards}, frames, reporter) if reporter == "KOR" and \
        {"CHL", "COL", "MEX", "PER"} <= set(members) else []
    notes["claims"] = claims
    cards.extend(claim_cards(claims, {c.id: c for c in cards}))
    label = partners.upper() if is_bloc(partners) else None
    return EvidenceSet(reporter=reporter, partners=label or ",".join(members), members=members,
                       cards={c.id: c for c in cards}, frames=frames, notes=notes)
