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

import ibis
import ibis.expr.types as ir

from tradebridge.indicators._core import safe_div
from tradebridge.indicators.base import Base

PAIR = ["exporter", "importer"]


def hummels_klenow(flows: ir.Table | Base, *, exporters: Sequence[str] | None = None,
                   importers: Sequence[str] | None = None) -> ir.Table:
    """Extensive and intensive margins per exporter × importer × year (see the module docstring).

    The market's imports by product ``X_wmk`` are the base's imports; the positive flows join them
    and one group-by per exporter × importer × year gives ``Σ_{k∈I} X_wmk``. ``Σ_k X_imk`` and #I are
    the base's pair totals and positive-product counts (values are non-negative, as the store
    enforces, so every positive flow has ``X_wmk > 0`` and the totals are over the same products).
    """
    b = Base.of(flows)
    f = b.flows
    f = f.filter(f.value_usd > 0)
    wm = b.imports  # X_wmk: the base's imports by product (products with X_wmk = 0 join no positive flow)
    p = b.pairs
    p = p.filter(p.n_positive > 0)
    if importers is not None:
        f, wm, p = (t.filter(b.isin(t.importer, importers)) for t in (f, wm, p))
    if exporters is not None:
        f, p = (t.filter(b.isin(t.exporter, exporters)) for t in (f, p))
    wm = wm.filter(wm.value_usd > 0)
    wm = wm.select("importer", "year", "product", w=wm.value_usd)
    wtot = wm.group_by(["importer", "year"]).aggregate(w_total=wm.w.sum())
    j = f.join(wm, ["importer", "year", "product"])
    agg = j.group_by(["exporter", "importer", "year"]).aggregate(w_in=j.w.sum())
    agg = agg.join(p, ["exporter", "importer", "year"]).join(wtot, ["importer", "year"])
    return b.decode(agg.select(
        "exporter", "importer", "year", n_products=agg.n_positive,
        extensive=safe_div(agg.w_in, agg.w_total), intensive=safe_div(agg.value_usd, agg.w_in),
        market_share=safe_div(agg.value_usd, agg.w_total),
    ))


def new_products(flows: ir.Table | Base, entry_year: int, *, window: int = 8, threshold: float = 0.0,
                 exporters: Sequence[str] | None = None,
                 importers: Sequence[str] | None = None) -> ir.Table:
    """Count of products exported after ``entry_year`` that were not exported before it.

    Output per exporter × importer × year in [E, E + window]: ``n_products``, ``n_new``,
    ``new_value_share``, ``base_first_year``, ``base_last_year``.
    """
    b = Base.of(flows)
    f = b.flows
    if exporters is not None:
        f = f.filter(b.isin(f.exporter, exporters))
    if importers is not None:
        f = f.filter(b.isin(f.importer, importers))
    f = f.filter(f.year.between(entry_year - window, entry_year + window))
    return b.decode(_new_products(f.mutate(entry_year=ibis.literal(entry_year)), PAIR, window, threshold))


def new_products_after(flows: ir.Table | Base, entries: ir.Table, *, window: int = 8,
                       threshold: float = 0.0) -> ir.Table:
    """:func:`new_products` for many pairs and entry years in one expression.

    ``entries`` has ``exporter``, ``importer``, ``entry_year`` and any label columns (e.g.
    ``agreement_id``); each entry is counted over its own window. Output: the label columns,
    then the columns of :func:`new_products`.
    """
    b = Base.of(flows)
    f = b.flows
    labels = [c for c in entries.columns if c not in (*PAIR, "entry_year")]
    e = entries
    if b.codes is not None:  # the entries' country names as the flows' integer ids
        c = b.codes.countries
        for k in PAIR:
            d = c.select(**{f"_c_{k}": c.code, f"_i_{k}": c.id})
            e = e.join(d, e[k] == d[f"_c_{k}"])
        e = e.select(*[e[f"_i_{k}"].name(k) for k in PAIR], *[e[k] for k in entries.columns if k not in PAIR])
    j = f.join(e, PAIR)
    j = j.filter(j.year.between(j.entry_year - window, j.entry_year + window))
    return b.decode(_new_products(j, [*PAIR, "entry_year", *labels], window, threshold), columns=PAIR)


def _new_products(f: ir.Table, keys: list[str], window: int, threshold: float) -> ir.Table:
    """The counts for rows carrying their ``entry_year`` (one row per key and year: :attr:`Base.flows`).

    The products of each post year not in the base set are an anti-join of the post rows with the
    base rows on (keys, product) (no distinct base set is built); all post rows and the new ones are
    each grouped per key and year, and the base years joined on the small result."""
    f = f.filter(f.value_usd > threshold)
    base_rows = f.filter(f.year.between(f.entry_year - window, f.entry_year - 1))
    base_years = base_rows.group_by(keys).aggregate(base_first_year=base_rows.year.min(),
                                                     base_last_year=base_rows.year.max())
    post = f.filter(f.year.between(f.entry_year, f.entry_year + window))
    post = post.select(*keys, "year", "product", v=post.value_usd)
    every = post.group_by([*keys, "year"]).aggregate(n_products=post.count(), _v=post.v.sum())
    new = post.anti_join(base_rows.select(*keys, "product"), [*keys, "product"])
    new = new.group_by([*keys, "year"]).aggregate(_n_new=new.count(), _new_v=new.v.sum())
    agg = every.join(base_years, keys)  # pairs with no base rows are missing, not "all new"
    agg = agg.left_join(new, [*keys, "year"])
    extra = [k for k in keys if k not in PAIR]
    return agg.select(*PAIR, "year", "n_products", n_new=agg._n_new.coalesce(0),
                      new_value_share=safe_div(agg._new_v.coalesce(0.0), agg._v),
                      base_first_year=agg.base_first_year, base_last_year=agg.base_last_year,
                      **{k: agg[k] for k in extra})
