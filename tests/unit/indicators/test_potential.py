"""ITC export potential (static core): a hand-checked case and the properties the formula implies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.errors import DataError
from tradebridge.indicators.potential import export_potential

FLOWS = pd.DataFrame({"exporter": ["A", "A", "B", "B", "C"], "importer": ["C", "C", "C", "A", "A"],
                      "product": ["p", "q", "p", "q", "p"], "value_usd": [6.0, 2.0, 2.0, 4.0, 2.0]})


def test_hand_checked():
    # world exports p = 10, q = 6; supply A: 6/10, 2/6; C imports p 8, q 2;
    # ease A->C = 8 / (0.6*8 + (1/3)*2) = 8 / (82/15) = 120/82
    r = export_potential(FLOWS, exporters=["A"], markets=["C"]).set_index("product")
    ease = 120 / 82
    assert r.loc["p", "potential"] == pytest.approx(0.6 * 8 * ease, rel=1e-12)
    assert r.loc["q", "potential"] == pytest.approx(2 / 6 * 2 * ease, rel=1e-12)
    assert r.loc["q", "unrealised"] == 0.0 and r.loc["q", "gap"] < 0
    assert r.loc["p", "unrealised"] == pytest.approx(0.6 * 8 * ease - 6.0, rel=1e-12)


def test_no_bilateral_trade_means_no_static_potential():
    r = export_potential(FLOWS, exporters=["C"], markets=["B"])
    assert r.empty or (r.potential == 0).all()


def test_factors_multiply():
    sf = pd.DataFrame({"exporter": ["A"], "product": ["p"], "supply_factor": [2.0]})
    base = export_potential(FLOWS, exporters=["A"], markets=["C"]).set_index("product")
    r = export_potential(FLOWS, exporters=["A"], markets=["C"], supply_factor=sf).set_index("product")
    assert r.loc["p", "supply"] == pytest.approx(2 * base.loc["p", "supply"])


def test_bad_input():
    with pytest.raises(DataError, match="value_usd"):
        export_potential(FLOWS.drop(columns=["value_usd"]))
    with pytest.raises(DataError, match="negative"):
        export_potential(FLOWS.assign(value_usd=[-1.0, 2, 2, 4, 2]))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 2**31 - 1), st.sampled_from([1e-3, 7.0, 1e6]))
def test_potential_sums_to_actual_and_is_scale_invariant_in_shape(seed, factor):
    rng = np.random.default_rng(seed)
    n = 6
    rows = [(f"c{i}", f"c{j}", f"p{k}", float(np.exp(rng.normal(5, 2))))
            for i in range(n) for j in range(n) for k in range(8) if i != j and rng.random() < 0.5]
    f = pd.DataFrame(rows, columns=["exporter", "importer", "product", "value_usd"])
    r = export_potential(f)
    by_pair = r.groupby(["exporter", "market"])[["potential", "actual"]].sum()
    np.testing.assert_allclose(by_pair.potential, by_pair.actual, rtol=1e-9)   # Σ_k potential = X_ij
    scaled = export_potential(f.assign(value_usd=f.value_usd * factor))
    np.testing.assert_allclose(scaled.potential, r.potential * factor, rtol=1e-9)
    np.testing.assert_allclose(scaled.supply, r.supply, rtol=1e-9)
