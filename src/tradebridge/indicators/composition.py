"""Product composition of a reporter's trade with partners or a bloc, and its top products.

``composition`` takes flows that already carry a ``group`` column (add it with
:mod:`tradebridge.concord.groups`: HS section or chapter, BEC end use, Rauch type, the brief's
sector groups) and returns, per year × direction × partner × group, the value and its share:
``share_g = V_g / Σ_g V_g`` within year × direction × partner (shares sum to 1).

Reference: WITS / UNCTAD, *A Practical Guide to Trade Policy Analysis* (2012), ch. 1 (composition
of trade); UN BEC Rev.4 (2002); Rauch (1999).

>>> import ibis
>>> from tradebridge.concord.groups import sector_group
>>> f = ibis.memtable({"exporter": ["KOR", "KOR", "CHL"], "importer": ["CHL", "CHL", "KOR"],
...                    "year": [2010] * 3, "product": ["870323", "851712", "740311"],
...                    "value_usd": [60.0, 40.0, 100.0]})
>>> c = composition(sector_group(f), "KOR", ["CHL"]).order_by(["direction", "group"]).to_pandas()
>>> c[["direction", "group", "share"]].values.tolist()
[['exports', 'automotive', 0.6], ['exports', 'electronics', 0.4], ['imports', 'metals', 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from tradebridge.indicators._core import directed, require_columns, safe_div


def _directed(flows: ir.Table, reporter: str, partners: Sequence[str], bloc: str | None) -> ir.Table:
    d = directed(flows, reporter, partners)
    if bloc is not None:
        d = d.mutate(partner=ibis.literal(bloc))
    return d


def composition(flows: ir.Table, reporter: str, partners: Sequence[str], *, bloc: str | None = None) -> ir.Table:
    """Value and share of each ``group`` in the reporter's exports to and imports from partners."""
    require_columns(flows, ("exporter", "importer", "year", "group", "value_usd"))
    d = _directed(flows.select("exporter", "importer", "year", "group", "value_usd"), reporter, partners, bloc)
    return group_shares(d, ["year", "direction", "partner"])


def top_products(flows: ir.Table, reporter: str, partners: Sequence[str], *, n: int = 10,
                 bloc: str | None = None) -> ir.Table:
    """The ``n`` largest products per year × direction × partner, with value, share and rank (1 = largest)."""
    d = _directed(flows.select("exporter", "importer", "year", "product", "value_usd"), reporter, partners, bloc)
    return top_exports(d, n=n, keys=["year", "direction", "partner"])


def group_shares(flows: ir.Table, keys: Sequence[str]) -> ir.Table:
    """``keys``, ``group``, ``value_usd`` and ``share`` (of the key's total; shares sum to 1).

    >>> t = ibis.memtable({"exporter": ["A", "A", "A"], "group": ["x", "y", "x"], "value_usd": [1.0, 2.0, 1.0]})
    >>> group_shares(t, ["exporter"]).order_by("group").to_pandas()["share"].tolist()
    [0.5, 0.5]
    """
    require_columns(flows, (*keys, "group", "value_usd"))
    g = flows.group_by([*keys, "group"]).aggregate(value_usd=flows.value_usd.sum())
    return g.mutate(share=safe_div(g.value_usd, g.value_usd.sum().over(group_by=list(keys))))


def top_exports(flows: ir.Table, *, n: int = 5, keys: Sequence[str] = ("exporter", "year")) -> ir.Table:
    """The ``n`` largest products per key, with ``value_usd``, ``share`` and ``rank`` (1 = largest)."""
    keys = list(keys)
    g = flows.group_by([*keys, "product"]).aggregate(value_usd=flows.value_usd.sum())
    w = ibis.window(group_by=keys, order_by=[ibis.desc("value_usd"), "product"])
    g = g.mutate(share=safe_div(g.value_usd, g.value_usd.sum().over(group_by=keys)), rank=ibis.row_number().over(w) + 1)
    return g.filter(g["rank"] <= n)
