"""Specialisation and structure indicators: RCA, Grubel–Lloyd, complementarity, intensity, HHI,
export similarity. All are Ibis expressions over flows (``exporter, importer, year, product,
value_usd``) or export tables (``exporter, year, product, value_usd``, e.g. the store's
``world_exports``), computed for every country in the input unless filtered.

Formulas (c country, k product, w world = all countries in the input; domestic flows excluded):

- Balassa RCA: ``RCA_ck = (x_ck / Σ_k x_ck) / (Σ_c x_ck / Σ_ck x_ck)`` — Balassa (1965), *Manchester
  School* 33:99-123; identical to ``economiccomplexity::balassa_index`` (Vargas Sepúlveda), whose
  discrete form sets ``RCA >= cutoff`` to 1.
- Grubel–Lloyd, product k between reporter r and partner p: ``GL_k = 1 − |X_k − M_k| / (X_k + M_k)``;
  trade-weighted aggregate ``GL = Σ_k (X_k + M_k) GL_k / Σ_k (X_k + M_k) = 1 − Σ|X_k − M_k| / Σ(X_k + M_k)``
  — Grubel & Lloyd (1975), *Intra-Industry Trade*. A product traded one way only has GL 0.
- Trade complementarity (Michaely 1996): ``TC_ij = 100 (1 − Σ_k |m_jk − x_ik| / 2)`` with ``x_ik`` the
  share of k in i's exports and ``m_jk`` in j's imports. Because both share vectors sum to one,
  ``Σ|m − x| = 2 − 2 Σ min(m, x)``, so ``TC = 100 Σ_k min(m_jk, x_ik)``; that form is computed
  (only products both sides trade enter the sum). WITS / UNCTAD Practical Guide (2012), ch. 1.
- Trade intensity: ``TII_ij = (x_ij / X_i) / (M_j / W)`` — share of i's exports going to j over the
  share of world imports going to j (WITS definition); 1 = as expected from j's size.
- Herfindahl–Hirschman: ``HHI = Σ_k s_k²`` over products (or markets) of an exporter's exports;
  ``1/n ≤ HHI ≤ 1``; normalised ``(HHI − 1/n) / (1 − 1/n)`` (null when n = 1).
- Finger–Kreinin export similarity: ``FK_ab = Σ_k min(s_ak, s_bk)`` with s the product shares of a's
  and b's exports (to the world, or to one market); 0 = no overlap, 1 = identical structure
  — Finger & Kreinin (1979), *Economic Journal* 89:905-912.

>>> import ibis
>>> x = ibis.memtable({"exporter": ["A", "A", "B", "B"], "year": [2000] * 4,
...                    "product": ["p1", "p2", "p1", "p2"], "value_usd": [30.0, 10.0, 20.0, 40.0]})
>>> r = rca(x).order_by(["exporter", "product"]).to_pandas()
>>> [round(v, 4) for v in r.rca]   # A,p1: (30/40)/(50/100) = 1.5
[1.5, 0.5, 0.6667, 1.3333]
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from tradebridge.errors import ConfigError
from tradebridge.indicators._core import require_columns, safe_div


def _clean(flows: ir.Table) -> ir.Table:
    require_columns(flows, ("exporter", "importer", "year", "product", "value_usd"))
    f = flows.filter(flows.exporter != flows.importer)
    return f.select("exporter", "importer", "year", "product", "value_usd")


def exports_by_product(table: ir.Table, *, importers: Sequence[str] | None = None) -> ir.Table:
    """Exports by exporter × year × product: from bilateral flows (summed over importers, or over
    ``importers`` only), or from an export table that has no importer column."""
    if "importer" in table.columns:
        t = _clean(table)
        if importers is not None:
            t = t.filter(t.importer.isin(list(importers)))
    else:
        require_columns(table, ("exporter", "year", "product", "value_usd"), "exports")
        t = table
    return t.group_by(["exporter", "year", "product"]).aggregate(value_usd=t.value_usd.sum())


def imports_by_product(flows: ir.Table) -> ir.Table:
    """Imports by importer × year × product from bilateral flows."""
    t = _clean(flows)
    return t.group_by(["importer", "year", "product"]).aggregate(value_usd=t.value_usd.sum())


def rca(exports: ir.Table, *, cutoff: float | None = None) -> ir.Table:
    """Balassa revealed comparative advantage for every exporter × product × year.

    Adds ``rca``; with ``cutoff`` also ``specialised`` (1 when ``rca >= cutoff``, as in
    ``economiccomplexity::balassa_index(discrete = TRUE)``).
    """
    x = exports_by_product(exports)
    x = x.filter(x.value_usd > 0)
    c_tot = x.value_usd.sum().over(group_by=["exporter", "year"])
    p_tot = x.value_usd.sum().over(group_by=["product", "year"])
    w_tot = x.value_usd.sum().over(group_by=["year"])
    out = x.mutate(rca=safe_div(safe_div(x.value_usd, c_tot), safe_div(p_tot, w_tot)))
    if cutoff is not None:
        out = out.mutate(specialised=(out.rca >= cutoff).cast("int64"))
    return out


def _reporter_partner(flows: ir.Table, reporters: Sequence[str] | None, partners: Sequence[str] | None,
                      bloc: str | None) -> tuple[ir.Table, ir.Table]:
    f = _clean(flows)
    x = f.select(reporter=f.exporter, partner=f.importer, year=f.year, product=f.product, v=f.value_usd)
    m = f.select(reporter=f.importer, partner=f.exporter, year=f.year, product=f.product, v=f.value_usd)
    if reporters is not None:
        x, m = x.filter(x.reporter.isin(list(reporters))), m.filter(m.reporter.isin(list(reporters)))
    if partners is not None:
        x, m = x.filter(x.partner.isin(list(partners))), m.filter(m.partner.isin(list(partners)))
    if bloc is not None:
        x, m = x.mutate(partner=ibis.literal(bloc)), m.mutate(partner=ibis.literal(bloc))
    keys = ["reporter", "partner", "year", "product"]
    return (x.group_by(keys).aggregate(exports=x.v.sum()), m.group_by(keys).aggregate(imports=m.v.sum()))


def grubel_lloyd(flows: ir.Table, *, reporters: Sequence[str] | None = None,
                 partners: Sequence[str] | None = None, bloc: str | None = None) -> ir.Table:
    """Product-level Grubel–Lloyd index per reporter × partner × year × product.

    With ``bloc`` the partners are pooled into one partner named ``bloc``.
    """
    x, m = _reporter_partner(flows, reporters, partners, bloc)
    keys = ["reporter", "partner", "year", "product"]
    j = x.outer_join(m, keys)
    k = {c: j[c].coalesce(j[f"{c}_right"]) for c in keys}
    ex, im = j.exports.coalesce(0.0), j.imports.coalesce(0.0)
    t = j.select(**k, exports=ex, imports=im)
    t = t.filter((t.exports + t.imports) > 0)
    return t.mutate(gl=1.0 - safe_div((t.exports - t.imports).abs(), t.exports + t.imports))


def grubel_lloyd_aggregate(gl: ir.Table) -> ir.Table:
    """Trade-weighted aggregate GL per reporter × partner × year from :func:`grubel_lloyd` rows.

    ``GL = 1 − Σ|X_k − M_k| / Σ(X_k + M_k)``; also the unweighted mean and the product count.
    """
    t = gl
    agg = t.group_by(["reporter", "partner", "year"]).aggregate(
        _gap=(t.exports - t.imports).abs().sum(), _tot=(t.exports + t.imports).sum(),
        gl_unweighted=t.gl.mean(), n_products=t.product.count())
    return agg.select("reporter", "partner", "year", gl=1.0 - safe_div(agg._gap, agg._tot),
                      gl_unweighted=agg.gl_unweighted, n_products=agg.n_products)


def _shares(t: ir.Table, entity: str) -> ir.Table:
    """Positive rows with ``share`` = value / total of ``entity`` in the year."""
    tot = t.value_usd.sum().over(group_by=[entity, "year"])
    return t.filter(t.value_usd > 0).mutate(share=safe_div(t.value_usd, tot))


def complementarity(flows: ir.Table, *, exporters: Sequence[str] | None = None,
                    importers: Sequence[str] | None = None) -> ir.Table:
    """Michaely trade complementarity (0-100) of exporter i's exports with importer j's imports."""
    x = _shares(exports_by_product(flows), "exporter")
    m = _shares(imports_by_product(flows), "importer")
    if exporters is not None:
        x = x.filter(x.exporter.isin(list(exporters)))
    if importers is not None:
        m = m.filter(m.importer.isin(list(importers)))
    j = x.join(m, ["year", "product"])
    j = j.filter(j.exporter != j.importer)
    agg = j.group_by(["exporter", "importer", "year"]).aggregate(
        _s=ibis.least(j.share, j.share_right).sum())
    agg = agg.select("exporter", "importer", "year", complementarity=100.0 * agg._s)
    pairs = _pairs(x.select("exporter", "year").distinct(), m.select("importer", "year").distinct(),
                   "exporter", "importer")
    return _fill_pairs(pairs, agg, ["exporter", "importer", "year"], "complementarity")


def trade_intensity(flows: ir.Table, *, exporters: Sequence[str] | None = None,
                    importers: Sequence[str] | None = None) -> ir.Table:
    """Trade intensity index per exporter × importer × year (all products summed)."""
    f = _clean(flows)
    pair = f.group_by(["exporter", "importer", "year"]).aggregate(x=f.value_usd.sum())
    x_i = pair.x.sum().over(group_by=["exporter", "year"])
    m_j = pair.x.sum().over(group_by=["importer", "year"])
    w = pair.x.sum().over(group_by=["year"])
    out = pair.mutate(intensity=safe_div(safe_div(pair.x, x_i), safe_div(m_j, w)))
    if exporters is not None:
        out = out.filter(out.exporter.isin(list(exporters)))
    if importers is not None:
        out = out.filter(out.importer.isin(list(importers)))
    return out.select("exporter", "importer", "year", exports=out.x, intensity=out.intensity)


def hhi(table: ir.Table, *, entity: str = "exporter", over: str = "product") -> ir.Table:
    """HHI of ``entity``'s values across ``over`` (products or markets) per year.

    Output: ``entity``, ``year``, ``hhi``, ``n`` (items with positive value), ``hhi_normalised``.
    """
    t = table.group_by([entity, "year", over]).aggregate(value_usd=table.value_usd.sum())
    s = _shares(t, entity)
    agg = s.group_by([entity, "year"]).aggregate(hhi=(s.share * s.share).sum(), n=s[over].count())
    inv = 1.0 / agg.n.cast("float64")
    norm = (agg.n > 1).ifelse(safe_div(agg.hhi - inv, 1.0 - inv), None)
    return agg.mutate(hhi_normalised=norm)


def hhi_products(table: ir.Table, *, importers: Sequence[str] | None = None) -> ir.Table:
    """HHI of each exporter's exports across products (to the world or to ``importers``)."""
    return hhi(exports_by_product(table, importers=importers), entity="exporter", over="product")


def hhi_markets(flows: ir.Table) -> ir.Table:
    """HHI of each exporter's exports across destination markets (all products summed)."""
    return hhi(_clean(flows), entity="exporter", over="importer")


def export_similarity(table: ir.Table, *, exporters: Sequence[str] | None = None,
                      others: Sequence[str] | None = None, market: str | None = None) -> ir.Table:
    """Finger–Kreinin similarity for pairs (a, b): a in ``exporters`` (all when None), b in
    ``others`` (all when None), a ≠ b; to the world or to one ``market`` (an importer)."""
    if market is not None and "importer" not in table.columns:
        raise ConfigError("a market needs bilateral flows (an importer column)")
    x = exports_by_product(table, importers=[market] if market else None)
    s = _shares(x, "exporter").select("exporter", "year", "product", "share")
    a, b = s, s.view()
    if exporters is not None:
        a = a.filter(a.exporter.isin(list(exporters)))
    if others is not None:
        b = b.filter(b.exporter.isin(list(others)))
    symmetric = exporters is None and others is None  # all pairs: join a < b once, then mirror
    cond = (a.exporter < b.exporter) if symmetric else (a.exporter != b.exporter)
    j = a.join(b, [a.year == b.year, a.product == b.product, cond])
    j = j.select(exporter=a.exporter, other=b.exporter, year=a.year,
                 m=ibis.least(a.share, b.share))
    agg = j.group_by(["exporter", "other", "year"]).aggregate(similarity=j.m.sum())
    if symmetric:
        agg = agg.union(agg.select(exporter=agg.other, other=agg.exporter, year=agg.year,
                                   similarity=agg.similarity))
    pairs = _pairs(a.select("exporter", "year").distinct(), b.select("exporter", "year").distinct(),
                   "exporter", "other")
    return _fill_pairs(pairs, agg, ["exporter", "other", "year"], "similarity")


def _pairs(left: ir.Table, right: ir.Table, a: str, b: str) -> ir.Table:
    """All (a, b, year) pairs, a ≠ b, where both sides have data that year."""
    r = right.select(_b=right[right.columns[0]], _year=right.year)
    j = left.join(r, [left.year == r._year, left[left.columns[0]] != r._b])
    return j.select(**{a: j[left.columns[0]], b: j._b, "year": j.year})


def _fill_pairs(pairs: ir.Table, values: ir.Table, keys: list[str], column: str) -> ir.Table:
    """Pairs with data but no common product get 0 (no overlap), not a missing row."""
    j = pairs.left_join(values, keys)
    return j.select(*keys, **{column: j[column].coalesce(0.0)})
