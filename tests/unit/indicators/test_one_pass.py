"""The one-pass routes of issue 14 give the rows of the direct definitions.

- Aggregate Grubel–Lloyd straight from flows (pair totals + one matched join of a → b with b → a)
  against the product-level route ``grubel_lloyd_aggregate(grubel_lloyd(f))`` frozen from the code
  before the rewrite, lazily and on materialized bases; and as a Hypothesis property on random panels
  with zeros, one-way products and duplicated keys.
- Complementarity and similarity with named partners laid out as columns against the long join
  (``MAX_WIDE = 0`` forces it), including a partner that is the exporter itself and an unknown code.
- ``n_positive`` of the base's pair totals counts products with a positive sum, not rows.

Tolerance 1e-9 relative (1e-12 for the property): the routes sum the same terms in another order
(``2 Σ min / Σ(X + M)`` against ``1 − Σ|X − M| / Σ(X + M)``), so the differences are float rounding,
about 1e-15 of values of order 1. About 10 s.
"""

from __future__ import annotations

from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from frozen_cases import PA, backend
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_frozen_outputs import assert_same_rows

from tradebridge.indicators import specialisation as sp
from tradebridge.indicators.base import Base

FROZEN = Path(__file__).parents[2] / "fixtures" / "indicators_frozen"


@pytest.fixture(scope="module")
def store():
    return backend(pd.read_parquet(FROZEN / "panel.parquet"))


@pytest.mark.parametrize("route", ["lazy", "encoded", "plain"])
def test_grubel_lloyd_aggregate_from_flows_is_the_product_level_route(store, route):
    con, flows = store
    base = flows if route == "lazy" else Base.of(flows).materialize(con, encode=route == "encoded")
    old = pd.read_parquet(FROZEN / "grubel_lloyd_aggregate.parquet")  # all pairs, via the product rows
    new = con.to_pandas(sp.grubel_lloyd_aggregate(base))
    assert len(new) == 1890
    assert_same_rows(new, old)


def _panel(draw_rows: list[tuple[int, int, int, int, float]]) -> pd.DataFrame:
    names, prods = ["A", "B", "C"], ["p1", "p2", "p3", "p4"]
    return pd.DataFrame({"exporter": [names[e] for e, *_ in draw_rows], "importer": [names[i] for _, i, *_ in draw_rows],
                         "year": [2000 + y for *_, y, _k, _v in draw_rows],
                         "product": [prods[k] for *_, k, _v in draw_rows], "value_usd": [v for *_, v in draw_rows]})


row = st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 1), st.integers(0, 3),
                st.sampled_from([0.0, 1.0, 2.5, 7.0, 1e6]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=40))
def test_grubel_lloyd_aggregate_routes_agree_on_random_panels(rows):
    """Zeros, one-way products, domestic rows and duplicated keys (summed) included."""
    con = ibis.duckdb.connect()
    f = ibis.memtable(_panel(rows))
    direct = con.to_pandas(sp.grubel_lloyd_aggregate(f))
    via_products = con.to_pandas(sp.grubel_lloyd_aggregate(sp.grubel_lloyd(f)))
    keys = ["reporter", "partner", "year"]
    a = direct.sort_values(keys).reset_index(drop=True)
    b = via_products.sort_values(keys).reset_index(drop=True)
    assert a[keys].values.tolist() == b[keys].values.tolist()
    assert a.n_products.tolist() == b.n_products.tolist()
    for c in ("gl", "gl_unweighted"):
        np.testing.assert_allclose(a[c], b[c], rtol=1e-12, atol=1e-15, err_msg=c)


@pytest.mark.parametrize("case", ["complementarity", "similarity"])
def test_named_partners_as_columns_equal_the_long_join(store, monkeypatch, case):
    con, flows = store
    named = ["KOR", *PA, "ZZZ"]  # KOR is also an exporter (a pair with itself is left out); ZZZ has no data

    def run() -> pd.DataFrame:
        if case == "complementarity":
            return con.to_pandas(sp.complementarity(flows, exporters=["KOR", "USA", "CHL"], importers=named))
        return con.to_pandas(sp.export_similarity(flows, others=named))

    wide = run()
    monkeypatch.setattr(sp, "MAX_WIDE", 0)
    long = run()
    assert len(wide) > 0 and not (wide.iloc[:, 0] == wide.iloc[:, 1]).any()
    assert_same_rows(wide, long)


def test_pair_counts_are_products_with_a_positive_sum():
    f = ibis.memtable({"exporter": ["A", "A", "A", "A"], "importer": ["B"] * 4, "year": [2000] * 4,
                       "product": ["p1", "p1", "p2", "p3"], "value_usd": [0.0, 2.0, 0.0, 5.0]})
    p = Base.of(f).pairs.to_pandas()  # p1 sums its two rows to 2 (positive), p2 is 0, p3 is 5
    assert p[["value_usd", "n_positive"]].values.tolist() == [[7.0, 2]]
