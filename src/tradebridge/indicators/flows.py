"""Flows and balances of a reporter with partners and a bloc; growth, CAGR and FTA windows.

Definitions (reporter *r*, partner *p*, year *t*; values summed over products):

- exports ``X_rpt`` = flows r → p; imports ``M_rpt`` = flows p → r; total trade ``X + M``;
  balance ``X − M``; partner share of the reporter's world trade
  ``(X_rpt + M_rpt) / Σ_j (X_rjt + M_rjt)`` (all partners in the data, domestic flows excluded).
- growth between consecutive years present in the data, annualised:
  ``g = (v_t / v_s)^(1/(t − s)) − 1`` where *s* is the previous year present (the aggregate
  Comtrade panel has years every 4 years, so *t − s* = 4 there).
- CAGR over a window [a, b]: ``(v_b / v_a)^(1/(b − a)) − 1`` (undefined when ``v_a ≤ 0``).
- FTA windows, aligned on the entry year: for an agreement in force in year *E*, the pre window is
  [E − w, E − 1] (it ends the year before entry) and the post window [E, E + w] (it starts at the
  entry year), so no year is in both; the growth in each is the CAGR between the first and last
  years present inside the window with a value (years used are reported; fewer than two years gives
  a missing value). On a panel with a year every four years the nearest observations on each side
  are used: an entry in 2011 compares 2004 → 2008 with 2012 → 2016.

A partner-year without rows in the data is **missing** (null), never zero; a bloc value is missing
when any member is missing that year (``members_missing`` says which).

Reference: WITS / UNCTAD, *A Practical Guide to Trade Policy Analysis* (2012), ch. 1.

>>> import ibis, pandas as pd
>>> t = ibis.memtable(pd.DataFrame({"exporter": ["KOR", "CHL", "KOR", "CHL", "KOR"],
...     "importer": ["CHL", "KOR", "CHL", "KOR", "USA"], "year": [2000, 2000, 2004, 2004, 2004],
...     "product": "TOTAL", "value_usd": [100.0, 50.0, 200.0, 40.0, 760.0]}))
>>> out = trade_balance(t, "KOR", ["CHL", "PER"]).order_by(["partner", "year"]).to_pandas()
>>> out[["year", "partner", "exports", "imports", "balance", "share_of_world_trade"]].values.tolist()
[[2000, 'CHL', 100.0, 50.0, 50.0, 1.0], [2004, 'CHL', 200.0, 40.0, 160.0, 0.24], [2000, 'PER', nan, nan, nan, nan], [2004, 'PER', nan, nan, nan, nan]]
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import pandas as pd

from tradebridge.indicators._core import directed, require_columns, safe_div

VALUE_COLUMNS: tuple[str, ...] = ("exports", "imports", "total_trade", "balance")


def _reporter_flows(flows: ir.Table, reporter: str, years: tuple[int, int] | None) -> ir.Table:
    require_columns(flows, ("exporter", "importer", "year", "value_usd"))
    f = flows
    if years is not None:
        f = f.filter(f.year.between(years[0], years[1]))
    return directed(f.select("exporter", "importer", "year", "value_usd"), reporter)


def trade_balance(flows: ir.Table, reporter: str, partners: Sequence[str], *,
                  years: tuple[int, int] | None = None) -> ir.Table:
    """Exports, imports, total trade, balance, share of world trade (and the reporter's
    ``world_trade``, the denominator) per partner and year.

    The grid is every requested partner × every year in which the reporter has any flow, so a
    partner without data shows as null rows instead of disappearing or becoming zero.
    """
    d = _reporter_flows(flows, reporter, years)
    world = d.group_by("year").aggregate(world_trade=d.value_usd.sum())
    sel = d.filter(d.partner.isin(list(partners)))
    agg = sel.group_by(["year", "partner"]).aggregate(
        exports=(sel.direction == "exports").ifelse(sel.value_usd, None).sum(),
        imports=(sel.direction == "imports").ifelse(sel.value_usd, None).sum(),
    )
    grid = world.select("year").cross_join(ibis.memtable(pd.DataFrame({"_partner": list(partners)})))
    g = grid.left_join(agg, [grid.year == agg.year, grid._partner == agg.partner])
    g = g.select(year=g.year, partner=g._partner, exports=g.exports, imports=g.imports)
    g = g.left_join(world, "year").drop("year_right")
    total = g.exports + g.imports
    return g.select(
        "year", "partner", "exports", "imports",
        total_trade=total, balance=g.exports - g.imports,
        share_of_world_trade=safe_div(total, g.world_trade), world_trade=g.world_trade,
    )


def bloc_balance(balance: ir.Table, label: str) -> ir.Table:
    """Sum a :func:`trade_balance` table over its partners into one ``partner = label`` row per year.

    A bloc value is null in a year where any member is missing; ``members_missing`` counts them.
    """
    b = balance
    n_missing = b.exports.isnull().cast("int64") + b.imports.isnull().cast("int64")
    b = b.mutate(_miss=(n_missing > 0).cast("int64"))
    agg = b.group_by("year").aggregate(
        exports=b.exports.sum(), imports=b.imports.sum(), members_missing=b._miss.sum(),
        world_trade=b.world_trade.max(),
    )
    ok = agg.members_missing == 0
    exports = ok.ifelse(agg.exports, None)
    imports = ok.ifelse(agg.imports, None)
    return agg.select(
        "year", partner=ibis.literal(label), exports=exports, imports=imports,
        total_trade=exports + imports, balance=exports - imports,
        share_of_world_trade=safe_div(exports + imports, agg.world_trade), world_trade=agg.world_trade,
        members_missing=agg.members_missing,
    )


def with_bloc(flows: ir.Table, reporter: str, partners: Sequence[str], label: str, *,
              years: tuple[int, int] | None = None) -> ir.Table:
    """Per-partner rows of :func:`trade_balance` plus the bloc row (``partner = label``)."""
    per = trade_balance(flows, reporter, partners, years=years)
    n_missing = (per.exports.isnull() | per.imports.isnull()).cast("int64")
    per = per.mutate(members_missing=n_missing)
    bloc = bloc_balance(per.drop("members_missing"), label)
    return per.union(bloc.select(*per.columns))


def with_growth(table: ir.Table, columns: Sequence[str] = ("exports", "imports", "total_trade"), *,
                by: Sequence[str] = ("partner",)) -> ir.Table:
    """Add ``prev_year`` and annualised growth ``<col>_growth`` between consecutive years present.

    ``g = (v_t / v_prev)^(1 / (t − prev_year)) − 1``; null when either value is missing or
    ``v_prev ≤ 0``.
    """
    w = ibis.window(group_by=list(by), order_by="year")
    t = table.mutate(prev_year=table.year.lag().over(w))
    span = safe_div(ibis.literal(1.0), (t.year - t.prev_year).cast("float64"))
    out = {}
    for c in columns:
        prev = t[c].lag().over(w)
        ratio = safe_div(t[c], prev)
        out[f"{c}_growth"] = (prev > 0).ifelse(ratio ** span - 1.0, None)
    return t.mutate(**out)


def cagr(table: ir.Table, column: str, start: int, end: int, *, by: Sequence[str] = ("partner",)) -> ir.Table:
    """Compound annual growth of ``column`` from ``start`` to ``end`` (both must be years present).

    ``CAGR = (v_end / v_start)^(1 / (end − start)) − 1``; null when either year is missing or
    ``v_start ≤ 0``.
    """
    if end <= start:
        from tradebridge.errors import ConfigError

        raise ConfigError(f"CAGR window must have end > start (got {start}-{end})")
    a = table.filter(table.year == start).select(*by, v_start=table[column])
    b = table.filter(table.year == end).select(*by, v_end=table[column])
    j = a.outer_join(b, list(by))
    keys = {k: j[k].coalesce(j[f"{k}_right"]) for k in by}
    value = (j.v_start > 0).ifelse(safe_div(j.v_end, j.v_start) ** (1.0 / (end - start)) - 1.0, None)
    return j.select(**keys, start=ibis.literal(start), end=ibis.literal(end),
                    v_start=j.v_start, v_end=j.v_end, cagr=value)


def fta_agreements(agreements: ir.Table, members: ir.Table, reporter: str, partners: Sequence[str], *,
                   exclude_kinds: Sequence[str] = ("BIT",)) -> ir.Table:
    """Bilateral agreements in force between the reporter and each partner (one per partner and
    entry year; curated ids without a ``source:`` prefix are preferred over DESTA/GPTAD duplicates).

    Output: ``partner``, ``agreement_id``, ``name``, ``entry_year``.
    """
    a = agreements.filter(agreements.in_force.notnull() & ~agreements.kind.coalesce("").upper().isin(
        [k.upper() for k in exclude_kinds]))
    m = members
    size = m.group_by("agreement_id").aggregate(n=m.country.count())
    has_r = m.filter(m.country == reporter).select("agreement_id")
    other = m.filter((m.country != reporter) & m.country.isin(list(partners))).select(
        "agreement_id", partner=m.country)
    bil = other.join(has_r, "agreement_id").join(size.filter(size.n == 2), "agreement_id")
    j = bil.join(a, "agreement_id")
    j = j.mutate(entry_year=j.in_force.year().cast("int64"),
                 _curated=j.agreement_id.contains(":").cast("int64"))
    w = ibis.window(group_by=["partner", "entry_year"], order_by=["_curated", "agreement_id"])
    j = j.mutate(_rank=ibis.row_number().over(w))
    return j.filter(j._rank == 0).select("partner", "agreement_id", "name", "entry_year")


def fta_windows(yearly: ir.Table, ftas: ir.Table, *, window: int = 8,
                columns: Sequence[str] = ("exports", "imports", "total_trade")) -> ir.Table:
    """Growth before and after each FTA's entry into force, in windows aligned on the entry year
    (pre [E − window, E − 1], post [E, E + window]; see the module docstring).

    ``yearly`` is a :func:`trade_balance` table; ``ftas`` comes from :func:`fta_agreements`.
    Output per partner × agreement × period ('pre'/'post') × measure: ``first_year``,
    ``last_year``, ``n_years`` (years present used), ``v_first``, ``v_last`` and ``cagr``.

    >>> y = ibis.memtable({"partner": ["P"] * 4, "year": [2000, 2004, 2008, 2012],
    ...                    "exports": [1.0, 2.0, 4.0, 4.0], "imports": 1.0, "total_trade": 2.0})
    >>> a = ibis.memtable({"partner": ["P"], "agreement_id": ["R-P-FTA"], "name": ["R-P"], "entry_year": [2004]})
    >>> w = fta_windows(y, a).filter(ibis._.measure == "exports").order_by(ibis.desc("period")).to_pandas()
    >>> w[["period", "first_year", "last_year", "n_years"]].values.tolist()
    [['pre', 2000, 2000, 1], ['post', 2004, 2012, 3]]
    >>> round(float(w.cagr[1]), 4), bool(w.cagr.isna()[0])  # (4 / 2) ** (1 / 8) - 1; one pre year: missing
    (0.0905, True)
    """
    long = yearly.pivot_longer(list(columns), names_to="measure", values_to="value")
    long = long.select("partner", "year", "measure", "value").filter(long.value.notnull())
    j = long.join(ftas, "partner")
    pre = j.filter(j.year.between(j.entry_year - window, j.entry_year - 1)).mutate(period=ibis.literal("pre"))
    post = j.filter(j.year.between(j.entry_year, j.entry_year + window)).mutate(period=ibis.literal("post"))
    both = pre.union(post)
    keys = ["partner", "agreement_id", "name", "entry_year", "period", "measure"]
    span = both.group_by(keys).aggregate(first_year=both.year.min(), last_year=both.year.max(),
                                         n_years=both.year.count())
    first = both.join(span, [*keys, both.year == span.first_year]).select(*keys, v_first=both.value)
    last = both.join(span, [*keys, both.year == span.last_year]).select(*keys, v_last=both.value)
    out = span.join(first, keys).join(last, keys)
    n = (out.last_year - out.first_year).cast("float64")
    ok = (out.n_years >= 2) & (out.v_first > 0)
    growth = ok.ifelse(safe_div(out.v_last, out.v_first) ** safe_div(ibis.literal(1.0), n) - 1.0, None)
    return out.select(*keys, "first_year", "last_year", "n_years", "v_first", "v_last", cagr=growth)
