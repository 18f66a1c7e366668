"""Hypothesis properties of the indicators on random sparse flow panels.

Tolerances are 1e-9 (absolute, on unit-free indices): float rounding of sums of up to ~100 terms.
"""

from __future__ import annotations

import ibis
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebridge.concord.groups import sector_group
from tradebridge.concord.hs import equal_split
from tradebridge.indicators import composition as comp
from tradebridge.indicators import margins as mg
from tradebridge.indicators import specialisation as sp

COUNTRIES = ["KOR", "CHL", "COL", "MEX", "PER"]
PRODUCTS = ["010121", "260300", "284210", "740311", "851712", "870323", "940350"]
EPS = 1e-9

row = st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(COUNTRIES), st.sampled_from([2000, 2004]),
                st.sampled_from(PRODUCTS), st.floats(min_value=0.01, max_value=1e9, allow_nan=False))
panels = st.lists(row, min_size=1, max_size=40).map(
    lambda rows: pd.DataFrame(rows, columns=["exporter", "importer", "year", "product", "value_usd"])
    .query("exporter != importer")
    .groupby(["exporter", "importer", "year", "product"], as_index=False).value_usd.sum())
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _t(df: pd.DataFrame) -> ibis.Table:
    return ibis.memtable(df)


@SETTINGS
@given(panels)
def test_grubel_lloyd_in_unit_interval(df):
    gl = sp.grubel_lloyd(_t(df)).to_pandas()
    assert ((gl.gl >= -EPS) & (gl.gl <= 1 + EPS)).all()
    if not gl.empty:
        agg = sp.grubel_lloyd_aggregate(sp.grubel_lloyd(_t(df))).to_pandas()
        assert ((agg.gl >= -EPS) & (agg.gl <= 1 + EPS)).all()


@SETTINGS
@given(panels)
def test_composition_shares_sum_to_one(df):
    c = comp.composition(sector_group(_t(df)), "KOR", COUNTRIES[1:]).to_pandas()
    if not c.empty:
        sums = c.groupby(["year", "direction", "partner"]).share.sum()
        assert ((sums - 1).abs() < EPS).all()


@SETTINGS
@given(panels, st.floats(min_value=1e-3, max_value=1e4))
def test_rca_invariant_to_currency_scaling(df, rate):
    a = sp.rca(_t(df)).to_pandas().set_index(["exporter", "year", "product"]).rca.sort_index()
    b = sp.rca(_t(df.assign(value_usd=df.value_usd * rate))).to_pandas()
    b = b.set_index(["exporter", "year", "product"]).rca.sort_index()
    assert ((a - b).abs() <= 1e-9 * a.abs().clip(lower=1)).all()


@SETTINGS
@given(panels)
def test_hhi_between_inverse_n_and_one(df):
    for h in (sp.hhi_products(_t(df)).to_pandas(), sp.hhi_markets(_t(df)).to_pandas()):
        assert ((h.hhi >= 1 / h.n - EPS) & (h.hhi <= 1 + EPS)).all()


@SETTINGS
@given(panels)
def test_similarity_and_complementarity_bounds_and_symmetry(df):
    fk = sp.export_similarity(_t(df)).to_pandas()
    assert ((fk.similarity >= -EPS) & (fk.similarity <= 1 + EPS)).all()
    if not fk.empty:
        m = fk.set_index(["exporter", "other", "year"]).similarity
        swapped = fk.set_index(["other", "exporter", "year"]).similarity
        swapped.index.names = m.index.names
        assert ((m - swapped.reindex(m.index)).abs() < EPS).all()
    tc = sp.complementarity(_t(df)).to_pandas()
    assert ((tc.complementarity >= -EPS) & (tc.complementarity <= 100 + EPS)).all()


@SETTINGS
@given(panels)
def test_margins_multiply_to_market_share(df):
    hk = mg.hummels_klenow(_t(df)).to_pandas()
    assert ((hk.extensive > 0) & (hk.extensive <= 1 + EPS) & (hk.intensive > 0) & (hk.intensive <= 1 + EPS)).all()
    assert ((hk.extensive * hk.intensive - hk.market_share).abs() < EPS).all()


@SETTINGS
@given(panels)
def test_intensity_weighted_mean_is_one(df):
    # Σ_j (M_j/W) TII_ij = Σ_j x_ij / X_i = 1 for every exporter i
    ti = sp.trade_intensity(_t(df)).to_pandas()
    f = df
    m = f.groupby(["importer", "year"]).value_usd.sum() / f.groupby("year").value_usd.sum()
    ti["w"] = [m.loc[(r.importer, r.year)] for r in ti.itertuples()]
    s = (ti.w * ti.intensity).groupby([ti.exporter, ti.year]).sum()
    assert ((s - 1).abs() < 1e-9).all()


@SETTINGS
@given(panels, st.lists(st.sampled_from(PRODUCTS + ["999999"]), min_size=1, max_size=6))
def test_equal_split_preserves_totals(df, targets):
    mapping = pd.DataFrame({"source_code": [PRODUCTS[i % len(PRODUCTS)] for i in range(len(targets))],
                            "target_code": targets}).drop_duplicates()
    out = equal_split(_t(df), _t(mapping)).to_pandas()
    assert abs(out.value_usd.sum() - df.value_usd.sum()) <= 1e-9 * max(df.value_usd.sum(), 1)
