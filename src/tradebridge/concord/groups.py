"""Product groups on HS codes: BEC end use, Rauch goods types, and the seed brief's sector groups.

Each ``*_group`` function adds a ``group`` column to a flows table (Ibis; DuckDB or Spark) and splits a
product's value equally when it links to several groups (so totals are kept).

**BEC end use.** HS → BEC Rev.4 (3-digit) from the ``concordances`` table, then BEC → the three SNA
basic classes of goods as defined in UN, *Classification by Broad Economic Categories*, Rev.4,
Statistical Papers M/53/Rev.4 (2002), §III: capital = 41, 521; intermediate = 111, 121, 21, 22,
31, 322, 42, 53; consumption = 112, 122, 522, 61, 62, 63. Motor spirit (321), passenger cars (51)
and goods n.e.s. (7) are not allocated by the UN and are reported as ``not_allocated`` (so is the
concordance's undivided 32, code 320).

**Rauch.** HS → SITC Rev.2 4-digit (``concordances``) → ``rauch(sitc2, conservative, liberal)``:
``w`` goods traded on an organised exchange (``commodity``), ``r`` reference-priced, ``n``
differentiated (Rauch 1999, *J. Int. Econ.* 48:7-35). Codes without a Rauch class are ``unclassified``.

**Sector groups of the seed brief** (agriculture and food, mining and fuels, chemicals, metals,
electronics, automotive), defined on HS codes (any revision; the groups use 2- and 4-digit
headings that did not move between revisions) after the HS-based product groups of WITS:

================== =============================================== ===========================
group              HS codes                                        WITS product group(s)
================== =============================================== ===========================
agriculture_food   chapters 01-24                                  Animal, Vegetable, Food products
mining_fuels       chapters 25-27                                  Minerals, Fuels
chemicals          chapters 28-38                                  Chemicals
metals             chapters 72-83                                  Metals
electronics        chapter 85, headings 8471, 8473                 part of Mach and Elec
automotive         headings 8701-8708                              part of Transportation
other              everything else                                 -
================== =============================================== ===========================

Copper ores (2603) fall in mining_fuels and refined copper (7403) in metals.

>>> import ibis
>>> t = ibis.memtable({"product": ["260300", "740311", "870323", "847130", "030617"],
...                    "value_usd": [1.0, 2.0, 3.0, 4.0, 5.0]})
>>> sector_group(t).order_by("product").to_pandas()[["product", "group"]].values.tolist()
[['030617', 'agriculture_food'], ['260300', 'mining_fuels'], ['740311', 'metals'], ['847130', 'electronics'], ['870323', 'automotive']]
"""

from __future__ import annotations

from typing import Literal

import ibis
import ibis.expr.types as ir
import pandas as pd

from tradebridge.concord.hs import equal_split, revision
from tradebridge.errors import ConfigError, check_option

EndUse = Literal["capital", "intermediate", "consumption", "not_allocated"]
BEC_END_USE: dict[str, str] = {
    **{c: "capital" for c in ("410", "521")},
    **{c: "intermediate" for c in ("111", "121", "210", "220", "310", "322", "420", "530")},
    **{c: "consumption" for c in ("112", "122", "522", "610", "620", "630")},
    **{c: "not_allocated" for c in ("320", "321", "510", "700")},
}
RAUCH_CLASS: dict[str, str] = {"w": "commodity", "r": "reference_priced", "n": "differentiated"}
RauchVariant = Literal["conservative", "liberal"]

SECTOR_GROUPS: tuple[str, ...] = (
    "agriculture_food", "mining_fuels", "chemicals", "metals", "electronics", "automotive", "other",
)
# (group, 4-digit headings, 2-digit chapters); the first rule that matches wins.
SECTOR_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("electronics", ("8471", "8473"), ("85",)),
    ("automotive", tuple(f"870{d}" for d in range(1, 9)), ()),
    ("agriculture_food", (), tuple(f"{c:02d}" for c in range(1, 25))),
    ("mining_fuels", (), ("25", "26", "27")),
    ("chemicals", (), tuple(str(c) for c in range(28, 39))),
    ("metals", (), tuple(str(c) for c in range(72, 84))),
)


def _concordance_pair(concordances: ir.Table, source: str, target: str) -> ir.Table:
    c = concordances
    return c.filter((c.source_classification == source) & (c.target_classification == target))


def end_use_group(flows: ir.Table, concordances: ir.Table, *, hs_revision: str,
                  product: str = "product") -> ir.Table:
    """Add ``group`` = BEC end use (capital / intermediate / consumption / not_allocated).

    ``hs_revision`` names the revision of ``flows[product]``; the concordance pair
    (revision → ``BEC4``) must be in ``concordances``.
    """
    rev = revision(hs_revision)
    bec = _concordance_pair(concordances, rev, "BEC4")
    classes = ibis.memtable(pd.DataFrame({"_bec": list(BEC_END_USE), "_use": list(BEC_END_USE.values())}))
    m = bec.left_join(classes, bec.target_code.substr(0, 3) == classes._bec)
    m = m.select(source_code=m.source_code, target_code=m._use.coalesce("not_allocated"))
    out = equal_split(flows, m, product=product, keep_unmatched=False, target="group")
    return out.mutate(group=out.group.coalesce("unclassified"))


def rauch_group(flows: ir.Table, concordances: ir.Table, rauch: ir.Table, *, hs_revision: str,
                variant: RauchVariant = "conservative", product: str = "product") -> ir.Table:
    """Add ``group`` = Rauch type (commodity / reference_priced / differentiated / unclassified)
    through HS (``hs_revision``) → SITC2 4-digit → ``rauch``."""
    check_option("variant", variant, ("conservative", "liberal"))
    rev = revision(hs_revision)
    sitc = _concordance_pair(concordances, rev, "SITC2")
    r = rauch.select(_sitc=rauch.sitc2, _cls=rauch[variant])
    m = sitc.left_join(r, sitc.target_code.substr(0, 4) == r._sitc)
    label = ibis.cases(*((m._cls == k, v) for k, v in RAUCH_CLASS.items()), else_="unclassified")
    m = m.select(source_code=m.source_code, target_code=label)
    out = equal_split(flows, m, product=product, keep_unmatched=False, target="group")
    return out.mutate(group=out.group.coalesce("unclassified"))


def sector_group(flows: ir.Table, *, product: str = "product") -> ir.Table:
    """Add ``group`` = the brief's sector group (see the module table); one group per code."""
    chapter, heading = flows[product].substr(0, 2), flows[product].substr(0, 4)
    branches = []
    for grp, headings, chapters in SECTOR_RULES:
        conds = ([heading.isin(list(headings))] if headings else []) + ([chapter.isin(list(chapters))] if chapters else [])
        branches.append((ibis.or_(*conds), grp))
    return flows.mutate(group=ibis.cases(*branches, else_="other"))


def section_group(flows: ir.Table, *, product: str = "product") -> ir.Table:
    """Add ``group`` = HS section (I..XXI)."""
    from tradebridge.concord.hs import with_section

    t = with_section(flows, product=product)
    return t.mutate(group=t.section.coalesce("unknown")).drop("section", "chapter")


def chapter_group(flows: ir.Table, *, product: str = "product") -> ir.Table:
    """Add ``group`` = HS chapter (2 digits)."""
    return flows.mutate(group=flows[product].substr(0, 2))


GroupBy = Literal["section", "chapter", "end_use", "rauch", "sector"]
GROUPINGS: tuple[str, ...] = ("section", "chapter", "end_use", "rauch", "sector")


def add_group(flows: ir.Table, by: GroupBy, *, concordances: ir.Table | None = None,
              rauch: ir.Table | None = None, hs_revision: str | None = None) -> ir.Table:
    """Dispatch to the grouping ``by``; end_use and rauch need the concordance tables."""
    check_option("by", by, GROUPINGS)
    if by == "section":
        return section_group(flows)
    if by == "chapter":
        return chapter_group(flows)
    if by == "sector":
        return sector_group(flows)
    if concordances is None or hs_revision is None or (by == "rauch" and rauch is None):
        raise ConfigError(
            f"grouping {by!r} needs the concordances table (and rauch for 'rauch') and the data's "
            "HS revision; ingest the classifications into the store first (tradebridge data ingest)")
    if by == "end_use":
        return end_use_group(flows, concordances, hs_revision=hs_revision)
    return rauch_group(flows, concordances, rauch, hs_revision=hs_revision)
