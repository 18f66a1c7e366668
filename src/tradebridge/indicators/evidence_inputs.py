"""The warehouse reads of the evidence and the models, as Ibis expressions (no SQL text elsewhere).

Each function takes an Ibis backend on the warehouse (``Store.ibis()``) and returns a lazy table;
the caller runs it (``.to_pandas()``). Codes are passed as values, never spliced into text.

>>> import ibis
>>> con = ibis.duckdb.connect()
>>> _ = con.create_table("agreement_members", ibis.memtable({
...     "dataset": ["desta"] * 6, "agreement_id": ["a1", "a1", "a2", "a2", "a3", "a3"],
...     "country": ["BRA", "ARG", "BRA", "URY", "CHL", "PER"]}))
>>> _ = con.create_table("agreements", ibis.memtable({
...     "dataset": ["desta"] * 3, "agreement_id": ["a1", "a2", "a3"], "name": ["x", "y", "z"],
...     "kind": ["base_treaty"] * 3, "signed": [2000, 2001, 2002]}))
>>> listed_bilateral(con, "BRA", ("ARG", "URY")).to_pandas()[["partner", "agreement_id"]].values.tolist()
[['ARG', 'a1'], ['URY', 'a2']]
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from tradebridge.indicators._core import between
from tradebridge.reference.timeline import DATASET as TIMELINE_DATASET

LISTS = ("desta", "gptad", "unctad_bits")  # the agreement lists with bilateral entries
FX_DATASET = "imf_fx_annual"
DISTANCES = "cepii_dist"  # pair covariates used when a trade dataset has none of its own
STAGE_COLUMNS = ("agreement_id", "stage", "date", "date_end", "precision", "source", "confidence", "note")


def _pairs_size(members: ir.Table) -> ir.Table:
    return members.group_by("agreement_id").aggregate(n_members=members.country.count())


def curated_agreements(con: ibis.BaseBackend, reporter: str, members: Sequence[str],
                       bloc: str | None = None) -> ir.Table:
    """Agreements of the curated timeline between the reporter and a partner, and the bloc itself."""
    a = con.table("agreements")
    m = con.table("agreement_members")
    with_reporter = m.filter(m.country == reporter).agreement_id
    with_member = m.filter(m.country.isin(list(members))).agreement_id
    wanted = a.agreement_id.isin(with_reporter) & a.agreement_id.isin(with_member)
    if bloc:
        wanted = wanted | (a.agreement_id == bloc)
    return a.filter((a.dataset == TIMELINE_DATASET) & wanted)


def curated_stages(con: ibis.BaseBackend, agreement_ids: Sequence[str]) -> ir.Table:
    """The dated stages of these agreements, oldest first."""
    s = con.table("agreement_stages")
    return s.filter(s.agreement_id.isin(list(agreement_ids))).order_by(["date", "agreement_id"])


def listed_bilateral(con: ibis.BaseBackend, reporter: str, members: Sequence[str], *,
                     lists: Sequence[str] = LISTS) -> ir.Table:
    """Two-member agreements of the reporter with each partner in the agreement lists (DESTA, GPTAD,
    UNCTAD's BITs): ``partner`` and the agreement's columns, by partner, list and signature."""
    m = con.table("agreement_members")
    a = con.table("agreements")
    size = _pairs_size(m)
    mine = m.filter((m.country == reporter) & m.dataset.isin(list(lists))).select("agreement_id")
    theirs = m.filter(m.country.isin(list(members))).select("agreement_id", partner=m.country)
    two = size.filter(size.n_members == 2).select("agreement_id")
    bil = mine.join(theirs, "agreement_id").join(two, "agreement_id").select("agreement_id", "partner")
    out = bil.join(a, "agreement_id").select("partner", *a.columns)
    return out.order_by(["partner", "dataset", "signed"])


def reporter_base_treaties(con: ibis.BaseBackend, reporter: str, *, source: str = "desta") -> ir.Table:
    """Every bilateral base treaty of the reporter in DESTA (with any country)."""
    m = con.table("agreement_members")
    a = con.table("agreements")
    size = _pairs_size(m)
    two = size.filter(size.n_members == 2).agreement_id
    mine = m.filter(m.country == reporter).agreement_id
    return a.filter((a.dataset == source) & (a.kind == "base_treaty") & a.agreement_id.isin(mine)
                    & a.agreement_id.isin(two))


def hs_flows(con: ibis.BaseBackend, reporter: str, members: Sequence[str], *,
             with_dataset: bool = False) -> ir.Table:
    """Product-level (HS) flows between the reporter and the partners, every HS dataset:
    ``exporter, importer, year, classification, product, value_usd`` (``dataset`` first when
    ``with_dataset``)."""
    t = con.table("trade_flows")
    cols = ("exporter", "importer", "year", "classification", "product", "value_usd")
    return t.filter(t.classification.like("HS%") & between(t, reporter, members)).select(
        *(("dataset",) if with_dataset else ()), *cols)


def fx_rates(con: ibis.BaseBackend, countries: Sequence[str] | None = None, *, dataset: str = FX_DATASET) -> ir.Table:
    """Annual exchange rates, local currency per USD: ``country, year, fx_lcu_per_usd``."""
    t = con.table("macro")
    keep = (t.dataset == dataset) & (t.indicator == "fx_lcu_per_usd") & t.month.isnull()
    if countries is not None:
        keep = keep & t.country.isin(list(countries))
    t = t.filter(keep)
    return t.select("country", "year", fx_lcu_per_usd=t.value)


def rta_flags(con: ibis.BaseBackend, dataset: str) -> ir.Table:
    """A dataset's agreement flags by pair and year: ``exporter, importer, year, rta, agreement_id``."""
    t = con.table("rta_flags")
    return t.filter(t.dataset == dataset).select("exporter", "importer", "year", "rta", "agreement_id")


def pair_covariates(con: ibis.BaseBackend, dataset: str) -> ir.Table:
    """A dataset's own pair covariates, else CEPII's distances (without the ``dataset`` column)."""
    t = con.table("pair_covariates")
    own = t.filter(t.dataset == dataset)
    chosen = own if own.count().execute() else t.filter(t.dataset == DISTANCES)
    return chosen.drop("dataset")


def in_force_dates(con: ibis.BaseBackend) -> ir.Table:
    """Entry into force of the curated agreements (ids ``A-B-KIND``, no list prefix such as ``desta:``)."""
    a = con.table("agreements")
    return a.filter(a.in_force.notnull() & ~a.agreement_id.contains(":")).select("agreement_id", "in_force")
