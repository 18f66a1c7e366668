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
from tradebridge.indicators._core import safe_div
from tradebridge.indicators.base import Base, shares

Flows = ir.Table | Base


def _clean(flows: Flows) -> ir.Table:
    """Flows without domestic rows: exporter, importer, year, product, value_usd."""
    return Base.of(flows).clean


def exports_by_product(table: Flows, *, importers: Sequence[str] | None = None) -> ir.Table:
    """Exports by exporter × year × product: from bilateral flows (summed over importers, or over
    ``importers`` only), or from an export table that has no importer column."""
    b = Base.of(table)
    return b.decode(b.exports if importers is None else b.exports_to(importers))


def imports_by_product(flows: Flows) -> ir.Table:
    """Imports by importer × year × product from bilateral flows."""
    b = Base.of(flows)
    return b.decode(b.imports)


def rca(exports: Flows, *, cutoff: float | None = None) -> ir.Table:
    """Balassa revealed comparative advantage for every exporter × product × year.

    Adds ``rca``; with ``cutoff`` also ``specialised`` (1 when ``rca >= cutoff``, as in
    ``economiccomplexity::balassa_index(discrete = TRUE)``). The three totals are group-bys of the
    exports by product, joined back (no windows).
    """
    b = Base.of(exports)
    x = b.exports
    x = x.filter(x.value_usd > 0)
    c = x.group_by(["exporter", "year"]).aggregate(_c=x.value_usd.sum())
    p = x.group_by(["product", "year"]).aggregate(_p=x.value_usd.sum())
    w = c.group_by("year").aggregate(_w=c._c.sum())
    j = x.join(c, ["exporter", "year"]).join(p, ["product", "year"]).join(w, "year")
    out = j.select(*x.columns, rca=safe_div(safe_div(j.value_usd, j._c), safe_div(j._p, j._w)))
    if cutoff is not None:
        out = out.mutate(specialised=(out.rca >= cutoff).cast("int64"))
    return b.decode(out)


def grubel_lloyd(flows: Flows, *, reporters: Sequence[str] | None = None,
                 partners: Sequence[str] | None = None, bloc: str | None = None) -> ir.Table:
    """Product-level Grubel–Lloyd index per reporter × partner × year × product.

    With ``bloc`` the partners are pooled into one partner named ``bloc``. One group-by over the
    flows seen from both sides (X as exports of the exporter, M as imports of the importer).
    """
    b = Base.of(flows)
    f = b.clean
    x = f.select(reporter=f.exporter, partner=f.importer, year=f.year, product=f.product,
                 exports=f.value_usd, imports=ibis.literal(0.0))
    m = f.select(reporter=f.importer, partner=f.exporter, year=f.year, product=f.product,
                 exports=ibis.literal(0.0), imports=f.value_usd)
    if reporters is not None:
        x, m = x.filter(b.isin(x.reporter, reporters)), m.filter(b.isin(m.reporter, reporters))
    if partners is not None:
        x, m = x.filter(b.isin(x.partner, partners)), m.filter(b.isin(m.partner, partners))
    both = x.union(m, distinct=False)
    keys = ["reporter", "partner", "year", "product"] if bloc is None else ["reporter", "year", "product"]
    t = both.group_by(keys).aggregate(exports=both.exports.sum(), imports=both.imports.sum())
    t = t.filter((t.exports + t.imports) > 0)
    t = b.decode(t.mutate(gl=1.0 - safe_div((t.exports - t.imports).abs(), t.exports + t.imports)))
    if bloc is not None:  # the pooled partner is a label, not a key of the data
        t = t.select("reporter", partner=ibis.literal(bloc), year=t.year, product=t.product,
                     exports=t.exports, imports=t.imports, gl=t.gl)
    return t


def grubel_lloyd_aggregate(gl: ir.Table | Base) -> ir.Table:
    """Trade-weighted aggregate GL per reporter × partner × year from :func:`grubel_lloyd` rows,
    or straight from flows (a Base, or a table with an ``importer`` column) for all pairs.

    ``GL = 1 − Σ|X_k − M_k| / Σ(X_k + M_k)``; also the unweighted mean and the product count.
    From flows each unordered pair {a, b} is aggregated once (X = a → b, M = b → a, per product,
    then per year) and the result mirrored: half the rows of the product-level route.
    """
    if isinstance(gl, Base) or "importer" in gl.columns:
        return _grubel_lloyd_aggregate_flows(Base.of(gl))
    t = gl
    agg = t.group_by(["reporter", "partner", "year"]).aggregate(
        _gap=(t.exports - t.imports).abs().sum(), _tot=(t.exports + t.imports).sum(),
        gl_unweighted=t.gl.mean(), n_products=t.product.count())
    return agg.select("reporter", "partner", "year", gl=1.0 - safe_div(agg._gap, agg._tot),
                      gl_unweighted=agg.gl_unweighted, n_products=agg.n_products)


def _grubel_lloyd_aggregate_flows(b: Base) -> ir.Table:
    """All pairs at once. With non-negative values (as the store enforces), ``Σ|X_k − M_k| =
    Σ(X_k + M_k) − 2 Σ min(X_k, M_k)``, so ``GL = 2 Σ min(X_k, M_k) / Σ(X_k + M_k)``: the totals and
    product counts are the base's pair totals, and only the products traded both ways need a match,
    one join of the flows a → b (a < b) with b → a on the reversed keys (no group-by over every key).
    ``gl_unweighted`` is Σ over those products of ``2 min / (X + M)`` over ``n_products``, the
    products traded at all (one-way products have GL_k = 0)."""
    f = b.flows
    f = f.filter(f.value_usd > 0)
    lo = f.filter(f.exporter < f.importer)
    hi = f.filter(f.exporter > f.importer)
    hi = hi.select(_a=hi.importer, _b=hi.exporter, _y=hi.year, _k=hi["product"], _m=hi.value_usd)
    j = lo.join(hi, [lo.exporter == hi._a, lo.importer == hi._b, lo.year == hi._y, lo["product"] == hi._k])
    low = ibis.least(j.value_usd, j._m)
    two_way = j.group_by(a=j.exporter, b=j.importer, year=j.year).aggregate(
        _min=low.sum(), _q=(2.0 * low / (j.value_usd + j._m)).sum(), _matched=j.count())
    p = b.pairs
    u = p.select(a=ibis.least(p.exporter, p.importer), b=ibis.greatest(p.exporter, p.importer), year=p.year,
                 v=p.value_usd, n=p.n_positive)
    tot = u.group_by(["a", "b", "year"]).aggregate(_tot=u.v.sum(), _n=u.n.sum())
    tot = tot.filter(tot._n > 0)
    k = tot.left_join(two_way, ["a", "b", "year"])
    n = (k._n - k._matched.coalesce(0)).cast("int64")
    agg = k.select(k.a, k.b, k.year, gl=safe_div(2.0 * k._min.coalesce(0.0), k._tot),
                   gl_unweighted=safe_div(k._q.coalesce(0.0), n.cast("float64")), n_products=n)
    flip = ibis.memtable({"_flip": [False, True]})
    j = agg.cross_join(flip)
    out = j.select(reporter=j._flip.ifelse(j.b, j.a), partner=j._flip.ifelse(j.a, j.b), year=j.year,
                   gl=j.gl, gl_unweighted=j.gl_unweighted, n_products=j.n_products)
    return b.decode(out)


def _shares(t: ir.Table, entity: str) -> ir.Table:
    """Positive rows with ``share`` = value / total of ``entity`` in the year."""
    return shares(t, entity)


def complementarity(flows: Flows, *, exporters: Sequence[str] | None = None,
                    importers: Sequence[str] | None = None) -> ir.Table:
    """Michaely trade complementarity (0-100) of exporter i's exports with importer j's imports."""
    b = Base.of(flows)
    x, m = b.export_shares, b.import_shares
    if exporters is not None:
        x = x.filter(b.isin(x.exporter, exporters))
    if importers is not None:
        m = m.filter(b.isin(m.importer, importers))
    m = m.select("importer", "year", "product", share_m=m.share)
    if importers is not None and len(importers) <= MAX_WIDE:
        agg = _overlap_wide(x, m, "exporter", "importer", b.keys_of(importers))
    else:
        j = x.join(m, ["year", "product"])
        j = j.filter(j.exporter != j.importer)
        agg = j.group_by(["exporter", "importer", "year"]).aggregate(_s=ibis.least(j.share, j.share_m).sum())
    agg = agg.select("exporter", "importer", "year", complementarity=100.0 * agg._s)
    pairs = _pairs(x.select("exporter", "year").distinct(), m.select("importer", "year").distinct(),
                   "exporter", "importer")
    return b.decode(_fill_pairs(pairs, agg, ["exporter", "importer", "year"], "complementarity"))


def trade_intensity(flows: Flows, *, exporters: Sequence[str] | None = None,
                    importers: Sequence[str] | None = None) -> ir.Table:
    """Trade intensity index per exporter × importer × year (all products summed)."""
    b = Base.of(flows)
    pair = b.pairs
    x_i = pair.group_by(["exporter", "year"]).aggregate(_xi=pair.value_usd.sum())
    m_j = pair.group_by(["importer", "year"]).aggregate(_mj=pair.value_usd.sum())
    w = x_i.group_by("year").aggregate(_w=x_i._xi.sum())
    out = pair
    if exporters is not None:
        out = out.filter(b.isin(out.exporter, exporters))
    if importers is not None:
        out = out.filter(b.isin(out.importer, importers))
    j = out.join(x_i, ["exporter", "year"]).join(m_j, ["importer", "year"]).join(w, "year")
    return b.decode(j.select("exporter", "importer", "year", exports=j.value_usd,
                             intensity=safe_div(safe_div(j.value_usd, j._xi), safe_div(j._mj, j._w))))


def _hhi_of(t: ir.Table, entity: str, over: str) -> ir.Table:
    """HHI from rows unique per entity × year × ``over``: ``Σ v² / (Σ v)²`` over positive values."""
    pos = t.filter(t.value_usd > 0)
    agg = pos.group_by([entity, "year"]).aggregate(
        _s2=(pos.value_usd * pos.value_usd).sum(), _s1=pos.value_usd.sum(), n=pos[over].count())
    hhi_ = safe_div(agg._s2, agg._s1 * agg._s1)
    inv = 1.0 / agg.n.cast("float64")
    norm = (agg.n > 1).ifelse(safe_div(hhi_ - inv, 1.0 - inv), None)
    return agg.select(entity, "year", hhi=hhi_, n=agg.n, hhi_normalised=norm)


def hhi(table: ir.Table, *, entity: str = "exporter", over: str = "product") -> ir.Table:
    """HHI of ``entity``'s values across ``over`` (products or markets) per year.

    ``HHI = Σ_k s_k² = Σ_k v_k² / (Σ_k v_k)²`` (one aggregation, no shares table).
    Output: ``entity``, ``year``, ``hhi``, ``n`` (items with positive value), ``hhi_normalised``.
    """
    t = table.group_by([entity, "year", over]).aggregate(value_usd=table.value_usd.sum())
    return _hhi_of(t, entity, over)


def hhi_products(table: Flows, *, importers: Sequence[str] | None = None) -> ir.Table:
    """HHI of each exporter's exports across products (to the world or to ``importers``)."""
    b = Base.of(table)
    x = b.exports if importers is None else b.exports_to(importers)
    return b.decode(_hhi_of(x, "exporter", "product"))


def hhi_markets(flows: Flows) -> ir.Table:
    """HHI of each exporter's exports across destination markets (all products summed)."""
    b = Base.of(flows)
    return b.decode(_hhi_of(b.pairs, "exporter", "importer"))


def export_similarity(table: Flows, *, exporters: Sequence[str] | None = None,
                      others: Sequence[str] | None = None, market: str | None = None) -> ir.Table:
    """Finger–Kreinin similarity for pairs (a, b): a in ``exporters`` (all when None), b in
    ``others`` (all when None), a ≠ b; to the world or to one ``market`` (an importer)."""
    b = Base.of(table)
    if market is not None and not b.bilateral:
        raise ConfigError("a market needs bilateral flows (an importer column)")
    s = b.export_shares if market is None else shares(b.exports_to([market]), "exporter")
    s = s.select("exporter", "year", "product", "share")
    a, o = s, s.select(other=s.exporter, year=s.year, product=s.product, share_o=s.share)
    if exporters is not None:
        a = a.filter(b.isin(a.exporter, exporters))
    if others is not None:
        o = o.filter(b.isin(o.other, others))
    symmetric = exporters is None and others is None  # all pairs: join a < b once, then mirror
    if others is not None and len(others) <= MAX_WIDE:
        agg = _overlap_wide(a, o, "exporter", "other", b.keys_of(others))
        agg = agg.select("exporter", "other", "year", similarity=agg._s)
    else:
        cond = (a.exporter < o.other) if symmetric else (a.exporter != o.other)
        j = a.join(o, [a.year == o.year, a.product == o.product, cond])
        j = j.select(exporter=j.exporter, other=j.other, year=j.year, m=ibis.least(j.share, j.share_o))
        agg = j.group_by(["exporter", "other", "year"]).aggregate(similarity=j.m.sum())
    if symmetric:
        agg = agg.union(agg.select(exporter=agg.other, other=agg.exporter, year=agg.year,
                                   similarity=agg.similarity))
    pairs = _pairs(a.select("exporter", "year").distinct(), o.select("other", "year").distinct(),
                   "exporter", "other")
    return b.decode(_fill_pairs(pairs, agg, ["exporter", "other", "year"], "similarity"))


#: At most this many named partners (importers of complementarity, ``others`` of similarity) are
#: laid out as columns by :func:`_overlap_wide`; more go through the long join.
MAX_WIDE = 16


def _overlap_wide(a: ir.Table, o: ir.Table, left: str, right: str, ids: Sequence) -> ir.Table:
    """``_s = Σ_k min(share, share_o)`` per (left, right, year), left ≠ right, for the right-hand keys
    ``ids`` (a few named partners), with their shares as columns of one row per (year, product).

    ``a`` has ``left, year, product, share``; ``o`` has ``right, year, product`` and a second share
    column, one row per key. The long form joins every left row with every partner's row of the same
    product (rows × partners); here each left row meets one row holding all partners' shares, and one
    group-by per (left, year) sums the minima. Pairs without a common product are left out."""
    share_o = next(c for c in o.columns if c not in (right, "year", "product"))
    ty = o[right].type()
    wide = o.group_by(["year", "product"]).aggregate(
        **{f"_o{i}": o[share_o].max(where=o[right] == ibis.literal(v, type=ty)) for i, v in enumerate(ids)})
    j = a.join(wide, ["year", "product"])
    agg = j.group_by([left, "year"]).aggregate(**{
        f"_m{i}": ibis.least(j.share, j[f"_o{i}"]).sum(
            where=j[f"_o{i}"].notnull() & (j[left] != ibis.literal(v, type=ty)))
        for i, v in enumerate(ids)})
    parts = [agg.select(left, **{right: ibis.literal(v, type=ty)}, year=agg.year, _s=agg[f"_m{i}"])
             for i, v in enumerate(ids)]
    if not parts:  # no named partner has data: an empty table of the same columns
        return a.select(left, **{right: a[left]}, year=a.year, _s=a.share).limit(0)
    out = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    return out.filter(out._s.notnull())


def _pairs(left: ir.Table, right: ir.Table, a: str, b: str) -> ir.Table:
    """All (a, b, year) pairs, a ≠ b, where both sides have data that year."""
    r = right.select(_b=right[right.columns[0]], _year=right.year)
    j = left.join(r, [left.year == r._year, left[left.columns[0]] != r._b])
    return j.select(**{a: j[left.columns[0]], b: j._b, "year": j.year})


def _fill_pairs(pairs: ir.Table, values: ir.Table, keys: list[str], column: str) -> ir.Table:
    """Pairs with data but no common product get 0 (no overlap), not a missing row."""
    j = pairs.left_join(values, keys)
    return j.select(*keys, **{column: j[column].coalesce(0.0)})
