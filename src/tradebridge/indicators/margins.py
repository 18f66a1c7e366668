"""Extensive and intensive margins (Hummels–Klenow) and new products exported after an FTA.

**Hummels & Klenow (2005)**, *American Economic Review* 95(3):704-723, eqs. (1)-(2). For exporter i,
market m, year t, with I the products i exports to m and the world (all exporters in the data,
i included) as the reference:

- extensive margin ``EM = Σ_{k∈I} X_wmk / Σ_k X_wmk`` (share of m's imports in the products i sells);
- intensive margin ``IM = Σ_{k∈I} X_imk / Σ_{k∈I} X_wmk`` (i's share of m's imports within those products);
- ``EM × IM = X_im / X_wm`` (i's share of m's imports).

**New products after an FTA**: with entry year E and window w, the base set B holds the products i
exported to m (value > ``threshold``) in any year present in [E − w, E − 1]; in each year t present in
[E, E + w], ``n_new`` counts products exported in t that are not in B and ``new_value_share`` is their
share of the value exported in t (Kehoe & Ruhl 2013, *J. Political Economy* 121(2), "least traded /
new goods" margin, here in its simplest count form). Pairs without any base-year rows are left
out (missing), since everything would otherwise look new.

>>> import ibis
>>> f = ibis.memtable({"exporter": ["A", "A", "B", "B"], "importer": ["M"] * 4, "year": [2000] * 4,
...                    "product": ["p1", "p2", "p1", "p3"], "value_usd": [10.0, 0.0, 30.0, 60.0]})
>>> hk = hummels_klenow(f).order_by("exporter").to_pandas()
>>> hk[["exporter", "extensive", "intensive"]].values.tolist()   # A: EM = 40/100, IM = 10/40; B: EM = 100/100, IM = 90/100
[['A', 0.4, 0.25], ['B', 1.0, 0.9]]
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis.expr.types as ir

from tradebridge.indicators._core import safe_div
from tradebridge.indicators.specialisation import _clean


def hummels_klenow(flows: ir.Table, *, exporters: Sequence[str] | None = None,
                   importers: Sequence[str] | None = None) -> ir.Table:
    """Extensive and intensive margins per exporter × importer × year (see the module docstring)."""
    f = _clean(flows)
    f = f.filter(f.value_usd > 0)
    if importers is not None:
        f = f.filter(f.importer.isin(list(importers)))
    wm = f.group_by(["importer", "year", "product"]).aggregate(w=f.value_usd.sum())
    wtot = wm.group_by(["importer", "year"]).aggregate(w_total=wm.w.sum())
    im = f
    if exporters is not None:
        im = im.filter(im.exporter.isin(list(exporters)))
    im = im.group_by(["exporter", "importer", "year", "product"]).aggregate(x=im.value_usd.sum())
    j = im.join(wm, ["importer", "year", "product"])
    agg = j.group_by(["exporter", "importer", "year"]).aggregate(
        x=j.x.sum(), w_in=j.w.sum(), n_products=j.product.count())
    agg = agg.join(wtot, ["importer", "year"])
    return agg.select(
        "exporter", "importer", "year", "n_products",
        extensive=safe_div(agg.w_in, agg.w_total), intensive=safe_div(agg.x, agg.w_in),
        market_share=safe_div(agg.x, agg.w_total),
    )


def new_products(flows: ir.Table, entry_year: int, *, window: int = 8, threshold: float = 0.0,
                 exporters: Sequence[str] | None = None,
                 importers: Sequence[str] | None = None) -> ir.Table:
    """Count of products exported after ``entry_year`` that were not exported before it.

    Output per exporter × importer × year in [E, E + window]: ``n_products``, ``n_new``,
    ``new_value_share``, ``base_first_year``, ``base_last_year``.
    """
    f = _clean(flows)
    f = f.filter(f.value_usd > threshold)
    if exporters is not None:
        f = f.filter(f.exporter.isin(list(exporters)))
    if importers is not None:
        f = f.filter(f.importer.isin(list(importers)))
    pair = ["exporter", "importer"]
    base_rows = f.filter(f.year.between(entry_year - window, entry_year - 1))
    base = base_rows.select(*pair, "product").distinct().mutate(_in_base=1)
    base_years = base_rows.group_by(pair).aggregate(base_first_year=base_rows.year.min(),
                                                     base_last_year=base_rows.year.max())
    post = f.filter(f.year.between(entry_year, entry_year + window))
    post = post.group_by([*pair, "year", "product"]).aggregate(v=post.value_usd.sum())
    post = post.join(base_years, pair)  # pairs with no base rows are missing, not "all new"
    j = post.left_join(base, [*pair, "product"])
    is_new = j._in_base.isnull()
    agg = j.group_by([*pair, "year", "base_first_year", "base_last_year"]).aggregate(
        n_products=j.product.count(), n_new=is_new.cast("int64").sum(),
        _new_v=is_new.ifelse(j.v, 0.0).sum(), _v=j.v.sum())
    return agg.select(*pair, "year", "n_products", "n_new", new_value_share=safe_div(agg._new_v, agg._v),
                      base_first_year=agg.base_first_year, base_last_year=agg.base_last_year)
