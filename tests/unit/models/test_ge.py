"""GE-PPML solver: invariants on small worlds (no change = no effect; symmetric worlds; signs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.errors import DataError, ModelError
from tradebridge.models.ge import solve_ge


def _world(n: int = 4, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    c = [chr(65 + i) for i in range(n)]
    df = pd.DataFrame([(i, j) for i in c for j in c], columns=["exporter", "importer"])
    dist = rng.uniform(1, 5, (n, n))
    dist = (dist + dist.T) / 2
    idx = {k: i for i, k in enumerate(c)}
    df["ln_t"] = [0.0 if e == m else -1.0 * np.log(1 + dist[idx[e], idx[m]]) - 1.5 for e, m in zip(df.exporter, df.importer, strict=True)]
    size = rng.uniform(1, 3, n)
    df["trade"] = np.exp(df["ln_t"]) * size[df.exporter.map(idx)] * size[df.importer.map(idx)] * 100
    return df


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=3, max_value=6), st.integers(min_value=0, max_value=1000))
def test_no_change_means_no_effect(n, seed):
    df = _world(n, seed)
    res = solve_ge(df, cost_baseline="ln_t", cost_counterfactual="ln_t", reference="A")
    changes = res.countries[[c for c in res.countries.columns if c.startswith("change_") and c != "change_pricei_FULL"]]
    assert np.abs(changes.to_numpy()).max() < 1e-6
    # baseline fitted trade reproduces each exporter's output (PPML adding-up with exporter FE)
    fl = res.flows
    assert np.allclose(fl.groupby("exporter")["trade_BLN"].sum(), fl.groupby("exporter")["trade"].sum(), rtol=1e-8)


def test_lower_cost_between_two_countries_raises_their_trade_and_welfare():
    df = _world(5, 1)
    pair = (df.exporter + df.importer).isin(["AB", "BA"])
    df["ln_t_cfl"] = df["ln_t"] + np.where(pair, 0.5, 0.0)  # an FTA: costs fall by exp(0.5)
    res = solve_ge(df, cost_baseline="ln_t", cost_counterfactual="ln_t_cfl", reference="E")
    c = res.countries.set_index("country")
    assert c.loc["A", "change_Xi_FULL"] > 0 and c.loc["B", "change_Xi_FULL"] > 0
    assert c.loc["A", "change_rGDP_FULL"] > 0 and c.loc["B", "change_rGDP_FULL"] > 0
    assert c.loc["C", "change_Xi_CDL"] < 0  # trade diversion away from outsiders
    fl = res.flows.set_index(["exporter", "importer"])
    assert fl.loc[("A", "B"), "trade_FULL"] > fl.loc[("A", "B"), "trade_BLN"]
    assert res.converged and "change_rGDP_FULL" in res.summary()


def test_inputs_are_checked():
    df = _world(3)
    with pytest.raises(ModelError, match="reference"):
        solve_ge(df, cost_baseline="ln_t", cost_counterfactual="ln_t", reference="ZZZ")
    with pytest.raises(DataError, match="internal flows"):
        solve_ge(df[df.exporter != df.importer], cost_baseline="ln_t", cost_counterfactual="ln_t", reference="A")
    with pytest.raises(DataError, match="lacks"):
        solve_ge(df, cost_baseline="nope", cost_counterfactual="ln_t", reference="A")
