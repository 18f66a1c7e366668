"""HS revisions, conversion between them through the ``concordances`` table, and HS sections/chapters.

Every function takes and returns Ibis tables, so the same code runs on DuckDB (the default) and on
Spark. A flows table has at least ``product`` and ``value_usd`` (any other columns are carried).

Revision names follow the concordance package of Kim & Liao (R ``concordance``):
``HS0`` = HS 1992, ``HS1`` = 1996, ``HS2`` = 2002, ``HS3`` = 2007, ``HS4`` = 2012, ``HS5`` = 2017,
``HS6`` = 2022. BACI / Comtrade names (``HS92`` ... ``HS22``) are accepted as aliases.

Many-to-many links are resolved by **equal split**: a source code linked to ``n`` target codes
gives each ``1/n`` of its value, so totals are preserved exactly (the concordance table carries
no trade weights). Codes without a concordance entry keep their code (most HS6 codes are unchanged
between revisions).

>>> import ibis, pandas as pd
>>> flows = ibis.memtable(pd.DataFrame({"product": ["010121", "850110"], "value_usd": [90.0, 10.0]}))
>>> conc = ibis.memtable(pd.DataFrame({"source_classification": ["HS5"] * 3,
...     "source_code": ["010121", "010121", "850110"], "target_classification": ["HS0"] * 3,
...     "target_code": ["010111", "010119", "850110"]}))
>>> out = convert_revision(flows, conc, source="HS17", target="HS92").to_pandas()
>>> sorted(zip(out["product"], out["value_usd"]))
[('010111', 45.0), ('010119', 45.0), ('850110', 10.0)]
>>> with_section(flows).order_by("product").to_pandas()[["product", "chapter", "section"]].values.tolist()
[['010121', '01', 'I'], ['850110', '85', 'XVI']]
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from tradebridge.errors import ConfigError

REVISIONS: dict[str, str] = {
    "HS0": "HS 1992", "HS1": "HS 1996", "HS2": "HS 2002", "HS3": "HS 2007",
    "HS4": "HS 2012", "HS5": "HS 2017", "HS6": "HS 2022",
}
ALIASES: dict[str, str] = {
    "HS92": "HS0", "HS96": "HS1", "HS02": "HS2", "HS07": "HS3", "HS12": "HS4", "HS17": "HS5",
    "HS22": "HS6", "H0": "HS0", "H1": "HS1", "H2": "HS2", "H3": "HS3", "H4": "HS4", "H5": "HS5",
    "H6": "HS6", "HS1992": "HS0", "HS1996": "HS1", "HS2002": "HS2", "HS2007": "HS3",
    "HS2012": "HS4", "HS2017": "HS5", "HS2022": "HS6",
}

# HS sections by chapter (WCO Harmonized System nomenclature; the 21 sections are the same in
# every revision 1992-2022; chapter 77 is reserved).
_SECTION_RANGES: tuple[tuple[str, int, int], ...] = (
    ("I", 1, 5), ("II", 6, 14), ("III", 15, 15), ("IV", 16, 24), ("V", 25, 27), ("VI", 28, 38),
    ("VII", 39, 40), ("VIII", 41, 43), ("IX", 44, 46), ("X", 47, 49), ("XI", 50, 63),
    ("XII", 64, 67), ("XIII", 68, 70), ("XIV", 71, 71), ("XV", 72, 83), ("XVI", 84, 85),
    ("XVII", 86, 89), ("XVIII", 90, 92), ("XIX", 93, 93), ("XX", 94, 96), ("XXI", 97, 97),
)
CHAPTER_SECTION: dict[str, str] = {
    f"{ch:02d}": sec for sec, lo, hi in _SECTION_RANGES for ch in range(lo, hi + 1) if ch != 77
}


def revision(name: str) -> str:
    """The canonical revision name (``HS0`` .. ``HS6``) of a revision or alias.

    >>> revision("HS17"), revision("hs2")
    ('HS5', 'HS2')
    """
    key = str(name).strip().upper()
    key = ALIASES.get(key, key)
    if key not in REVISIONS:
        valid = sorted(REVISIONS) + sorted(ALIASES)
        raise ConfigError(f"unknown HS revision {name!r}; valid values: {', '.join(valid)}")
    return key


def equal_split(flows: ir.Table, mapping: ir.Table, *, product: str = "product",
                value_cols: tuple[str, ...] = ("value_usd",), keep_unmatched: bool = True,
                target: str = "product") -> ir.Table:
    """Map ``flows[product]`` through ``mapping(source_code, target_code)``, splitting values equally.

    A code linked to ``n`` targets gives ``value / n`` to each. Unmatched codes keep their code when
    ``keep_unmatched`` (else they get a null target). Output column ``target`` holds the new code.
    """
    m = mapping.select("source_code", "target_code").distinct()
    n = m.group_by("source_code").aggregate(_n=m.source_code.count())
    m = m.join(n, "source_code")
    joined = flows.left_join(m, flows[product] == m.source_code)
    weight = (1.0 / joined._n.cast("float64")).coalesce(1.0)
    code = joined.target_code.coalesce(joined[product]) if keep_unmatched else joined.target_code
    others = [c for c in flows.columns if c not in value_cols and c != target]
    return joined.select(
        *others,
        **{target: code},
        **{v: joined[v] * weight for v in value_cols},
    )


def convert_revision(flows: ir.Table, concordances: ir.Table, *, source: str, target: str,
                     value_cols: tuple[str, ...] = ("value_usd",)) -> ir.Table:
    """Convert 6-digit HS codes from revision ``source`` to ``target`` (equal split; totals kept).

    Uses the direct pair (``source`` → ``target``) from ``concordances``; the concordance tables
    are published newer → older, so a conversion to a newer revision uses the reversed pair.
    """
    src, tgt = revision(source), revision(target)
    if src == tgt:
        return flows
    c = concordances
    fwd = c.filter((c.source_classification == src) & (c.target_classification == tgt)).select(
        "source_code", "target_code")
    rev = c.filter((c.source_classification == tgt) & (c.target_classification == src)).select(
        source_code=c.target_code, target_code=c.source_code)
    mapping = fwd.union(rev, distinct=True)
    return equal_split(flows, mapping, value_cols=value_cols)


def with_section(flows: ir.Table, *, product: str = "product") -> ir.Table:
    """Add ``chapter`` (first two digits) and ``section`` (Roman numeral I..XXI) columns."""
    sections = ibis.memtable(pd.DataFrame(
        {"_chapter": list(CHAPTER_SECTION), "section": list(CHAPTER_SECTION.values())}))
    t = flows.mutate(chapter=flows[product].substr(0, 2))
    j = t.left_join(sections, t.chapter == sections._chapter)
    return j.drop("_chapter")


def at_level(flows: ir.Table, level: str, *, product: str = "product",
             value_cols: tuple[str, ...] = ("value_usd",)) -> ir.Table:
    """Aggregate products to ``HS2``/``HS4``/``HS6`` (truncate the code and sum the values).

    >>> import ibis
    >>> t = ibis.memtable({"exporter": ["A", "A"], "product": ["010121", "010129"], "value_usd": [1.0, 2.0]})
    >>> at_level(t, "HS4").to_pandas().values.tolist()
    [['A', '0101', 3.0]]
    """
    digits = {"HS2": 2, "HS4": 4, "HS6": 6}
    lvl = str(level).upper()
    if lvl not in digits:
        raise ConfigError(f"invalid level {level!r}; valid values: {', '.join(digits)}")
    keys = [c for c in flows.columns if c not in value_cols and c != product]
    t = flows.mutate(**{product: flows[product].substr(0, digits[lvl])})
    return t.group_by([*keys, product]).aggregate(**{v: t[v].sum() for v in value_cols})
