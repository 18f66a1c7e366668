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


# ------------------------------------------------------------------------------ the exact engine

from tradebridge.errors import ConfigError
from tradebridge.models.ge import hat_algebra, solve_exact, trade_elasticity


def _flows(n: int, seed: int, imbalance: float = 0.2) -> np.ndarray:
    """A made-up world: distance-decay flows, domestic sales on the diagonal, unbalanced trade."""
    rng = np.random.default_rng(seed)
    size = rng.uniform(1, 5, n)
    dist = rng.uniform(1, 4, (n, n))
    x = np.outer(size, size * rng.uniform(1 - imbalance, 1 + imbalance, n)) / (dist + dist.T)
    np.fill_diagonal(x, size ** 2 * 2)
    return x


def _shock(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed + 1)
    beta = np.where(rng.uniform(size=(n, n)) < 0.3, rng.normal(0.3, 0.3, (n, n)), 0.0)
    np.fill_diagonal(beta, 0.0)
    return beta


def _residuals(x: np.ndarray, beta: np.ndarray, sol, theta: float, imbalances: str) -> dict[str, float]:
    """Equilibrium conditions at the solution, relative to world output."""
    w, p, xn = sol.wage[0], sol.price_index[0], sol.flows[0]
    y, e = x.sum(axis=1), x.sum(axis=0)
    world = y.sum()
    e_new = xn.sum(axis=0)
    budget = (e_new - (w * y + (e - y))) if imbalances == "additive" else (e_new / e - e_new[0] / e[0] * w / w[0])
    # gravity with the CES price index: X'_ij = pi_ij w_i^-theta exp(beta) / P_j^-theta * E'_j
    pi = x / e
    gravity = xn - pi * w[:, None] ** -theta * np.exp(beta) / (p ** -theta)[None, :] * e_new[None, :]
    return {"market_clearing": float(np.abs(xn.sum(axis=1) - w * y).max() / world),
            "budget": float(np.abs(budget).max() / (world if imbalances == "additive" else 1.0)),
            "gravity": float(np.abs(gravity).max() / world), "numeraire": abs(float(w @ y) - world) / world}


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=2, max_value=12), st.integers(min_value=0, max_value=10_000),
       st.sampled_from(["additive", "multiplicative"]), st.floats(min_value=1.5, max_value=12))
def test_exact_solution_satisfies_the_equilibrium_conditions(n, seed, imbalances, theta):
    # tolerance 1e-10 relative to world output: the fixed point stops at max |Δ w_hat| < 1e-12
    x, beta = _flows(n, seed), _shock(n, seed)
    sol = hat_algebra(x, np.exp(beta), theta, imbalances=imbalances)
    assert sol.converged.all()
    assert max(_residuals(x, beta, sol, theta, imbalances).values()) < 1e-10


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=2, max_value=10), st.integers(min_value=0, max_value=10_000),
       st.sampled_from(["additive", "multiplicative"]))
def test_zero_shock_changes_nothing(n, seed, imbalances):
    sol = hat_algebra(_flows(n, seed), np.ones((n, n)), 4.0, imbalances=imbalances)
    assert np.abs(sol.wage - 1).max() < 1e-14 and np.abs(sol.welfare - 1).max() < 1e-14
    assert np.allclose(sol.flows[0], _flows(n, seed), rtol=1e-13, atol=0)


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=2, max_value=10), st.integers(min_value=0, max_value=10_000),
       st.sampled_from(["additive", "multiplicative"]), st.floats(min_value=1e-3, max_value=1e3))
def test_real_outcomes_do_not_depend_on_the_units(n, seed, imbalances, scale):
    # the numeraire is world output: flows in other units (scale) give the same real changes; with
    # multiplicative imbalances any numeraire does (w and P scale together), checked by re-normalising
    x, beta = _flows(n, seed), _shock(n, seed)
    a = hat_algebra(x, np.exp(beta), 5.0, imbalances=imbalances)
    b = hat_algebra(x * scale, np.exp(beta), 5.0, imbalances=imbalances)
    assert np.allclose(a.welfare, b.welfare, rtol=1e-11, atol=0) and np.allclose(a.wage, b.wage, rtol=1e-11)
    if imbalances == "multiplicative":
        rel = a.wage / a.wage[:, :1]  # first country's factory-gate price as the numeraire
        c = hat_algebra(x, np.exp(beta), 5.0, imbalances=imbalances, start=rel)
        assert np.allclose(c.wage / c.price_index, a.wage / a.price_index, rtol=1e-11)


def test_symmetric_two_country_world_has_the_closed_form():
    # symmetric world, symmetric cut in costs: w_hat = 1 and P_hat^-theta = pi_dd + pi_df exp(b),
    # so welfare = (0.8 + 0.2 exp(0.4))^(1/4) exactly
    x = np.array([[8.0, 2.0], [2.0, 8.0]])
    phi = np.array([[1.0, np.exp(0.4)], [np.exp(0.4), 1.0]])
    for imb in ("additive", "multiplicative"):
        sol = hat_algebra(x, phi, 4.0, imbalances=imb)
        assert np.allclose(sol.welfare, (0.8 + 0.2 * np.exp(0.4)) ** 0.25, rtol=1e-13, atol=0)


def test_a_batch_equals_one_solve_each():
    x = _flows(8, 3)
    betas = np.stack([_shock(8, s) for s in range(4)])
    thetas = np.array([3.0, 4.0, 6.0, 9.0])
    batch = hat_algebra(x, np.exp(betas), thetas, imbalances="additive")
    for k in range(4):
        one = hat_algebra(x, np.exp(betas[k]), thetas[k], imbalances="additive")
        assert np.allclose(batch.welfare[k], one.welfare[0], rtol=1e-11, atol=0)


def test_solve_exact_reports_and_fails_loudly():
    c = ["A", "B", "C", "D"]
    df = pd.DataFrame([(i, j) for i in c for j in c], columns=["exporter", "importer"])
    df["trade"] = _flows(4, 1).ravel()
    df["beta"] = np.where((df.exporter + df.importer).isin(["AB", "BA"]), 0.5, 0.0)
    res = solve_exact(df, partial="beta", sigma=5, imbalances="multiplicative", scenario="AB")
    cty = res.countries.set_index("country")
    assert res.theta == 4.0 and res.converged and res.residual < 1e-12 and res.iterations > 1
    assert cty.loc["A", "welfare_pct"] > 0 and cty.loc["C", "welfare_pct"] < 0
    # outward MR from its definition equals the market-clearing form Pi_hat = w_hat^-(1+theta)/theta
    assert np.allclose(1 + cty["omr_pct"] / 100, (1 + cty["price_pct"] / 100) ** (-5 / 4), rtol=1e-10)
    pair = res.pairs.set_index(["exporter", "importer"])
    assert pair.loc[("A", "B"), "trade_pct"] > 50 and "welfare_pct" in res.summary()
    with pytest.raises(ModelError, match="scenario AB: the exact GE solver did not converge"):
        solve_exact(df, partial="beta", theta=4, scenario="AB", max_iter=3)
    with pytest.raises(ConfigError, match="sigma must be greater than 1"):
        solve_exact(df, partial="beta", sigma=0.5)
    with pytest.raises(ConfigError, match="valid values: additive, multiplicative"):
        solve_exact(df, partial="beta", theta=4, imbalances="mult")
    with pytest.raises(DataError, match="no domestic flows .* for B"):
        solve_exact(df[~((df.exporter == "B") & (df.importer == "B"))], partial="beta", theta=4)
    with pytest.raises(DataError, match="lacks pair.*A-C"):
        solve_exact(df[~((df.exporter == "A") & (df.importer == "C"))], partial="beta", theta=4)
    assert trade_elasticity(theta=4) == 4.0
