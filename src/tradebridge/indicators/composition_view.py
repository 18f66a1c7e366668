"""What is traded and how much each side weighs for the other: the brief's composition and partners' view.

All functions take and return Ibis tables (lazy; the caller runs them).

**Group shares** (:func:`tradebridge.indicators.composition.group_shares`): ``share_g = V_g / Σ_g V_g`` within each key (``exporter × year``
for world exports, ``direction × partner × year`` for bilateral flows), on flows that carry a ``group``.

**SITC Rev.2 groups** (:func:`sitc2_group`), for product data in SITC Rev.2 4-digit codes (the world
export data): Rauch (1999) class straight from the ``rauch`` table (conservative variant); BEC end use
through the SITC2 → BEC4 concordance and the UN's three basic classes of
:data:`tradebridge.concord.groups.BEC_END_USE`; the brief's sector groups through the HS 1992 codes
that map to each SITC2 code (the HS0 → SITC2 concordance read backwards, then
:func:`tradebridge.concord.groups.sector_group`). A code linked to several groups is split equally
among them (totals kept); a code without a link is ``unclassified``.

**ISIC Rev.4 sectors** (:func:`isic4_group`), for the OECD ICIO sector flows: the brief's sector groups
on ICIO's ISIC Rev.4 sector codes (:data:`ISIC4_SECTOR`).

**Partners' view** (:func:`partner_weights`), reporter *r*, partner *p*, year *t*, aggregate flows
``x_ab`` (a → b) and world totals ``X_a = Σ_b x_ab``, ``M_b = Σ_a x_ab`` (domestic flows excluded):

- ``p_share_of_r_exports = x_rp / X_r`` and ``p_share_of_r_imports = x_pr / M_r`` (the reporter's view);
- ``r_share_of_p_exports = x_pr / X_p`` and ``r_share_of_p_imports = x_rp / M_p`` (the partner's view).

For a bloc, flows and world totals are summed over the members (a member's world total includes its
trade with the other members); a bloc year with a member missing is left out.

Reference: WITS / UNCTAD, *A Practical Guide to Trade Policy Analysis* (2012), ch. 1 (trade shares and
composition); Rauch (1999), *J. Int. Econ.* 48:7-35; UN BEC Rev.4 (2002).

>>> import ibis
>>> f = ibis.memtable({"exporter": ["KOR", "CHL", "KOR", "CHL", "USA", "USA"],
...                    "importer": ["CHL", "KOR", "USA", "USA", "KOR", "CHL"], "year": [2016] * 6,
...                    "value_usd": [3.0, 5.0, 7.0, 15.0, 10.0, 9.0]})
>>> w = partner_weights(f, "KOR", ["CHL"]).to_pandas().iloc[0]
>>> float(w.p_share_of_r_exports), float(w.r_share_of_p_exports), float(w.r_share_of_p_imports)
(0.3, 0.25, 0.25)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import ibis
import ibis.expr.types as ir
import pandas as pd

from tradebridge.concord.groups import BEC_END_USE, RAUCH_CLASS, sector_group
from tradebridge.concord.hs import equal_split
from tradebridge.errors import check_option
from tradebridge.indicators._core import between, require_columns, safe_div
from tradebridge.indicators.composition import group_shares
from tradebridge.indicators.evidence_inputs import hs_flows

SitcGrouping = Literal["rauch", "end_use", "sector"]
SITC_GROUPINGS: tuple[str, ...] = ("rauch", "end_use", "sector")

# ICIO (ISIC Rev.4) sector codes -> the brief's sector groups (concord.groups.SECTOR_GROUPS). Food products
# (C10T12) join agriculture as HS chapters 16-24 do; coke and refined petroleum (C19) join mining and fuels
# as HS chapter 27 does; pharmaceuticals (C21) join chemicals as HS chapter 30 does; fabricated metal
# products (C25) join metals as HS chapters 73-83 do; electrical equipment (C27) joins electronics as HS
# chapter 85 does.
ISIC4_SECTOR: dict[str, str] = {
    **{s: "agriculture_food" for s in ("A01", "A02", "A03", "C10T12")},
    **{s: "mining_fuels" for s in ("B05", "B06", "B07", "B08", "B09", "C19")},
    **{s: "chemicals" for s in ("C20", "C21")},
    **{s: "metals" for s in ("C24A", "C24B", "C25")},
    **{s: "electronics" for s in ("C26", "C27")},
    "C29": "automotive",
}


def world_exports(con: ibis.BaseBackend, countries: Sequence[str], *, dataset: str,
                  bloc: str | None = None) -> ir.Table:
    """``exporter, year, product, value_usd`` of each country's exports to the world (the store's
    ``world_exports`` table), plus rows for ``bloc`` (the sum over ``countries``: pass the members only)."""
    t = con.table("world_exports")
    t = t.filter((t.dataset == dataset) & t.exporter.isin(list(countries))).select(
        "exporter", "year", "product", "value_usd")
    if bloc is None:
        return t
    b = t.group_by(["year", "product"]).aggregate(value_usd=t.value_usd.sum())
    b = b.select(exporter=ibis.literal(bloc), year=b.year, product=b.product, value_usd=b.value_usd)
    return _nullable(t).union(_nullable(b))


def _nullable(t: ir.Table) -> ir.Table:
    """The same table with every column nullable (a union needs equal schemas)."""
    schema = t.schema()
    return t.cast({c: schema[c].copy(nullable=True) for c in t.columns})


def _mapped(flows: ir.Table, mapping: ir.Table) -> ir.Table:
    out = equal_split(flows, mapping, keep_unmatched=False, target="group")
    return out.mutate(group=out.group.coalesce("unclassified"))


def sitc2_group(flows: ir.Table, by: SitcGrouping, *, concordances: ir.Table, rauch: ir.Table) -> ir.Table:
    """Add ``group`` to flows in SITC Rev.2 4-digit ``product`` codes (see the module docstring)."""
    check_option("by", by, SITC_GROUPINGS)
    c = concordances
    if by == "rauch":
        label = ibis.cases(*((rauch.conservative == k, v) for k, v in RAUCH_CLASS.items()), else_="unclassified")
        mapping = rauch.select(source_code=rauch.sitc2, target_code=label)
    elif by == "end_use":
        classes = ibis.memtable(pd.DataFrame({"_bec": list(BEC_END_USE), "_use": list(BEC_END_USE.values())}))
        bec = c.filter((c.source_classification == "SITC2") & (c.target_classification == "BEC4"))
        m = bec.left_join(classes, bec.target_code.substr(0, 3) == classes._bec)
        mapping = m.select(source_code=m.source_code, target_code=m._use.coalesce("not_allocated"))
    else:
        hs = c.filter((c.source_classification == "HS0") & (c.target_classification == "SITC2"))
        hs = sector_group(hs.select(product=hs.source_code, sitc=hs.target_code))
        mapping = hs.select(source_code=hs.sitc, target_code=hs.group)
    return _mapped(flows, mapping)


def isic4_group(flows: ir.Table, *, sector: str = "sector") -> ir.Table:
    """Add ``group`` = the brief's sector group of an ICIO ISIC Rev.4 ``sector`` code (``other`` otherwise).

    >>> t = ibis.memtable({"sector": ["C29", "C26", "G"], "value_usd": [1.0, 2.0, 3.0]})
    >>> isic4_group(t).to_pandas()["group"].tolist()
    ['automotive', 'electronics', 'other']
    """
    s = flows[sector]
    return flows.mutate(group=ibis.cases(*((s == k, v) for k, v in ISIC4_SECTOR.items()), else_="other"))


def _pair_rows(f: ir.Table, reporter: str, partners: Sequence[str]) -> ir.Table:
    both = f.filter(between(f, reporter, partners))
    out = both.exporter == reporter
    both = both.mutate(partner=out.ifelse(both.importer, both.exporter),
                       _x=out.ifelse(both.value_usd, 0.0), _m=out.ifelse(0.0, both.value_usd))
    return both.group_by(["year", "partner"]).aggregate(exports=both._x.sum(), imports=both._m.sum())


def partner_weights(flows: ir.Table, reporter: str, partners: Sequence[str], *, bloc: str | None = None) -> ir.Table:
    """Each side's weight in the other's trade, per year and partner (and ``bloc``; see the module docstring).

    Columns: ``year, partner, exports, imports`` (reporter → partner, partner → reporter), the world totals
    ``r_exports_world, r_imports_world, p_exports_world, p_imports_world`` and the four shares.
    """
    require_columns(flows, ("exporter", "importer", "year", "value_usd"))
    f = flows.filter(flows.exporter != flows.importer).select("exporter", "importer", "year", "value_usd")
    countries = [reporter, *partners]
    xw = f.filter(f.exporter.isin(countries)).group_by(["exporter", "year"]).aggregate(x_world=f.value_usd.sum())
    mw = f.filter(f.importer.isin(countries)).group_by(["importer", "year"]).aggregate(m_world=f.value_usd.sum())
    totals = xw.rename(country="exporter").outer_join(mw.rename(country="importer"), ["country", "year"])
    totals = totals.select(country=totals.country.coalesce(totals.country_right),
                           year=totals.year.coalesce(totals.year_right), x_world=totals.x_world,
                           m_world=totals.m_world)
    pairs = _pair_rows(f, reporter, partners)
    p_tot = totals.filter(totals.country != reporter)
    rows = pairs.join(p_tot, [pairs.partner == p_tot.country, pairs.year == p_tot.year]).select(
        pairs.year, pairs.partner, pairs.exports, pairs.imports, p_exports_world=p_tot.x_world,
        p_imports_world=p_tot.m_world)
    if bloc is not None:
        members = rows.filter(rows.partner.isin(list(partners)))
        b = members.group_by("year").aggregate(exports=members.exports.sum(), imports=members.imports.sum(),
                                               p_exports_world=members.p_exports_world.sum(),
                                               p_imports_world=members.p_imports_world.sum(),
                                               _k=members.partner.nunique())
        b = b.filter(b._k == len(set(partners))).drop("_k").mutate(partner=ibis.literal(bloc))
        rows = rows.union(b.select(*rows.columns))
    r_tot = totals.filter(totals.country == reporter)
    j = rows.join(r_tot, rows.year == r_tot.year).select(
        rows, r_exports_world=r_tot.x_world, r_imports_world=r_tot.m_world)
    return j.mutate(
        p_share_of_r_exports=safe_div(j.exports, j.r_exports_world),
        p_share_of_r_imports=safe_div(j.imports, j.r_imports_world),
        r_share_of_p_exports=safe_div(j.imports, j.p_exports_world),
        r_share_of_p_imports=safe_div(j.exports, j.p_imports_world),
    )


def hs_datasets(con: ibis.BaseBackend, reporter: str, members: Sequence[str]) -> pd.DataFrame:
    """``dataset, classification, partner, rows, first_year, last_year`` of the bilateral HS data present."""
    t = hs_flows(con, reporter, members, with_dataset=True)
    t = t.mutate(partner=(t.exporter == reporter).ifelse(t.importer, t.exporter))
    return t.group_by(["dataset", "classification", "partner"]).aggregate(
        rows=t.count(), first_year=t.year.min(), last_year=t.year.max()).to_pandas()


def sector_flow_shares(con: ibis.BaseBackend, reporter: str, members: Sequence[str], *, dataset: str,
                       bloc: str | None = None) -> ir.Table:
    """Sector-group shares of the ``sector_flows`` (ICIO) sales between the reporter and each member (both
    directions; with ``bloc`` also the members' sum): ``exporter, market, year, group, value_usd, share``."""
    t = con.table("sector_flows")
    t = t.filter(t.dataset == dataset)
    t = isic4_group(t.filter(between(t, reporter, members))).select("exporter", "year", "group", "value_usd", market=t.importer)
    if bloc is not None:
        label = ibis.literal(bloc)
        b = t.mutate(exporter=(t.exporter == reporter).ifelse(t.exporter, label),
                     market=(t.market == reporter).ifelse(t.market, label))
        t = _nullable(t).union(_nullable(b.select(*t.columns)))
    return group_shares(t, ["exporter", "market", "year"])
