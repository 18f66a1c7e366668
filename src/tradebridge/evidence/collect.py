"""Collect every evidence card (and the tables the brief shows) for a reporter and partners/bloc.

Reads the warehouse read-only; the analyses are the library's own (indicators, models, survey,
interviews). The result is immutable; cards are keyed by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.evidence import agreement_cards, trade_cards
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


def collect_evidence(store_path: Path, reporter: str = "KOR", partners: str = "PA", *,
                     years: tuple[int, int] | None = None) -> EvidenceSet:
    """Compute every card that the data in the store support."""
    reporter = reporter.upper()
    members = resolve_partners(partners)
    cards: list[EvidenceCard] = []
    frames: dict[str, pd.DataFrame] = {}
    notes: dict[str, Any] = {}
    with Store.open(store_path) as store:
        prov = provenance_refs(store, [TRADE_DATASET])
        ov = trade_overview(store.ibis(), reporter, partners, dataset=TRADE_DATASET, years=years)
        frames["yearly"], frames["windows"] = ov.yearly, ov.windows
        for build in (trade_cards.flow_cards, trade_cards.growth_cards, trade_cards.balance_record_cards,
                      trade_cards.exports_since_cards, trade_cards.fta_window_cards):
            data = ov.windows if build is trade_cards.fta_window_cards else ov.yearly
            cards.extend(build(data, reporter, prov, TRADE_DATASET))
        agreements, stages = relevant_stages(store, reporter, members, partners)
        frames["stages"], frames["curated_agreements"] = stages, agreements
        cards.extend(agreement_cards.timeline_cards(stages, agreements, provenance_refs(store, ["kor_pa_timeline"])))
        listed = listed_agreements(store, reporter, members)
        frames["listed_agreements"] = listed
        bits = listed[listed["dataset"] == "unctad_bits"]
        cards.extend(agreement_cards.treaty_cards(bits, reporter, provenance_refs(store, ["unctad_bits"])))
        frames["all_reporter_ftas"] = store.sql(
            "SELECT a.* FROM agreements a JOIN agreement_members m USING (agreement_id) WHERE a.dataset = 'desta' "
            "AND a.kind = 'base_treaty' AND m.country = ? AND (SELECT count(*) FROM agreement_members n "
            "WHERE n.agreement_id = a.agreement_id) = 2", [reporter])
        frames["product_flows"] = product_flows(store, reporter, members)
        frames["fx"] = store.sql(
            f"SELECT country, year, value AS fx FROM macro WHERE dataset = 'imf_fx_annual' AND indicator = "
            f"'fx_lcu_per_usd' AND country IN ({', '.join('?' for _ in members)})", list(members))
        notes["tables"] = store.tables()
        notes["datasets"] = store.status()
    from tradebridge.evidence.claims import check_claims

    claims = check_claims({c.id: c for c in cards}, frames, reporter) if reporter == "KOR" and \
        {"CHL", "COL", "MEX", "PER"} <= set(members) else []
    notes["claims"] = claims
    label = partners.upper() if is_bloc(partners) else None
    return EvidenceSet(reporter=reporter, partners=label or ",".join(members), members=members,
                       cards={c.id: c for c in cards}, frames=frames, notes=notes)
