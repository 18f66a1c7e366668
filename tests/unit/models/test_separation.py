"""Separation checks (tradebridge.models.separation) and trustworthy convergence.

The ppmlhdfe suite (shared data ``trade/ppml_separation/NN.csv``, ground truth in ``separated``):
every case must drop exactly the marked rows, converge and give finite standard errors. Small
hand-checked cases pin the checks one by one; Hypothesis properties check that a planted
certificate is always found and that rows with ``y > 0`` are never dropped.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.errors import ConfigError
from tradebridge.models.gravity import ConvergenceWarning, estimate_gravity
from tradebridge.models.separation import SeparationWarning, find_separation, unidentified_regressors

CASES = [f"{i:02d}" for i in range(1, 19)]
NO_FE = ["05", "06", "09", "10", "11", "14", "15", "16", "17", "18"]


def _case(raw_dir, name):
    df = pd.read_csv(raw_dir / "trade" / "ppml_separation" / f"{name}.csv")
    xs = [c for c in df.columns if c.startswith("x")]
    ids = [c for c in df.columns if c.startswith("id")]
    formula = "y ~ " + (" + ".join(xs) if xs else "1") + (" | " + " + ".join(ids) if ids else "")
    return df, formula, xs, ids


def _arrays(df, xs, ids):
    x = df[xs].to_numpy(float)
    if not ids:
        x = np.column_stack([np.ones(len(df)), x])
    return df["y"].to_numpy(float), x, (df[ids].to_numpy() if ids else None)


@pytest.mark.parametrize("name", CASES)
def test_ppmlhdfe_case(raw_dir, name):
    df, formula, _, _ = _case(raw_dir, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeparationWarning)
        res = estimate_gravity(df, formula)
    truth = np.flatnonzero(df["separated"] == 1).tolist()
    assert list(res.separated_rows) == truth  # exactly the marked rows, by their index labels
    assert res.dropped["separation"] == len(truth)
    assert res.converged
    assert np.isfinite(res.coefficients[["estimate", "se"]].to_numpy()).all()
    assert res.fitted[truth].isna().all()
    d = res.to_dict()["dropped"]["separation"]
    assert d["count"] == len(truth) and d["rows"] == truth and sum(d["by_method"].values()) == len(truth)


@pytest.mark.parametrize("name", [c for c in CASES if c != "04"])
def test_relu_alone_finds_every_case(raw_dir, name):
    # the rectifier by itself (no fe or simplex pass) reaches the same sets; case 04 has 82 rows in
    # fixed-effect groups without any positive y, where the rectifier alone converges too slowly
    # (that is what the "fe" check is for, and it runs first)
    df, _, xs, ids = _case(raw_dir, name)
    y, x, fe = _arrays(df, xs, ids)
    res = find_separation(y, x, fe, methods=("relu",))
    assert res.relu_complete
    assert np.flatnonzero(res.separated).tolist() == np.flatnonzero(df["separated"]).tolist()


@pytest.mark.parametrize("name", NO_FE)
def test_simplex_alone_is_exact_without_fixed_effects(raw_dir, name):
    df, _, xs, ids = _case(raw_dir, name)
    y, x, fe = _arrays(df, xs, ids)
    res = find_separation(y, x, fe, methods=("simplex",))
    assert np.flatnonzero(res.separated).tolist() == np.flatnonzero(df["separated"]).tolist()


def test_fe_check_iterates_over_dimensions():
    # group b of the first dimension has y = 0 only (rows 1, 2); once it is dropped, group q of the
    # second dimension is left with row 3 alone, y = 0, which the sweep over the second dimension finds;
    # group c (rows 3, 4) sums to 2 and does not separate anything by itself
    y = np.array([1.0, 0.0, 0.0, 0.0, 2.0])
    fe = np.array([["a", "p"], ["b", "q"], ["b", "p"], ["c", "q"], ["c", "r"]])
    res = find_separation(y, None, fe, methods=("fe",))
    assert np.flatnonzero(res.separated).tolist() == [1, 2, 3] and res.by_method["fe"] == 3
    assert res.to_frame()["row"].tolist() == [1, 2, 3]


def test_relu_does_not_accept_a_shrinking_non_certificate(raw_dir):
    # case 07, by hand: once x2's rows (5, 9, 10, 12) are gone, z = a x1 + alpha_id1 + beta_id2 must be
    # 0 on the y > 0 rows 13-17, which gives beta_1 = beta_2 = -alpha_1 = -alpha_2 and
    # beta_3 = -a - alpha_4; z >= 0 on row 8 gives a >= 0, on rows 3 and 11 alpha_4 <= alpha_1 - a and
    # alpha_4 >= alpha_1, so a = 0 and z = 0 on row 4 (x1 = 2): row 4 is not separated. Its fitted
    # value decays geometrically; an absolute zero threshold used to accept it after ~70 iterations.
    df, _, xs, ids = _case(raw_dir, "07")
    y, x, fe = _arrays(df, xs, ids)
    res = find_separation(y, x, fe, methods=("relu",))
    assert np.flatnonzero(res.separated).tolist() == [5, 9, 10, 12]


def test_unidentified_regressors_are_named(raw_dir):
    df, formula, _, _ = _case(raw_dir, "15")
    # x3 > 0 only on the nine separated rows: once they are dropped it is identically zero
    with pytest.warns(SeparationWarning, match="x3 cannot be estimated"):
        res = estimate_gravity(df, formula)
    assert "x3" not in set(res.coefficients["term"]) and res.converged
    # b is constant zero; c = 2a is collinear with a (the intercept is never reported)
    x = np.array([[1.0, 2.0, 0.0, 4.0], [1.0, 4.0, 0.0, 8.0], [1.0, 5.0, 0.0, 10.0]])
    assert unidentified_regressors(x, ["(intercept)", "a", "b", "c"], None) == ("b", "c")


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), planted=st.integers(1, 4))
def test_a_planted_certificate_is_found_and_positive_rows_are_kept(seed, planted):
    rng = np.random.default_rng(seed)
    n, groups = 60, 6
    fe = rng.integers(0, groups, size=(n, 2))
    x = rng.normal(size=(n, 2))
    y = rng.poisson(2.0, n).astype(float)
    y[:10] = 0.0
    # plant a regressor that is zero wherever y > 0 and positive on `planted` zero rows
    sep = np.zeros(n)
    sep[:planted] = rng.uniform(0.5, 3.0, planted)
    x = np.column_stack([x, sep])
    res = find_separation(y, x, fe, names=("a", "b", "s"))
    assert res.separated[:planted].all()  # the planted rows are found
    assert not res.separated[y > 0].any()  # a row with y > 0 is never separated
    rest = ~res.separated
    again = find_separation(y[rest], x[rest], fe[rest])
    assert again.count == 0 and again.relu_complete  # nothing is left after one pass


@settings(max_examples=20, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000))
def test_no_zeros_means_no_separation(seed):
    rng = np.random.default_rng(seed)
    y = rng.poisson(3.0, 40).astype(float) + 1
    res = find_separation(y, rng.normal(size=(40, 2)), rng.integers(0, 5, size=(40, 2)))
    assert res.count == 0 and res.relu_iterations == 0


def test_bad_option_lists_the_valid_ones():
    with pytest.raises(ConfigError, match="fe, simplex, relu"):
        find_separation(np.array([0.0, 1.0]), methods=("ir",))
    with pytest.raises(ConfigError, match="fe, simplex, relu"):
        estimate_gravity(pd.DataFrame({"y": [0, 1], "x": [1.0, 2.0]}), "y ~ x", separation=("ir",))


def test_without_the_checks_a_separated_fit_is_not_reported_as_converged(raw_dir):
    # case 06 with every check off: x1..x4 separate row 5, pyfixest's estimates run off and its
    # standard errors are NaN; that fit must say converged: false and warn why
    df, formula, _, _ = _case(raw_dir, "06")
    with pytest.warns(ConvergenceWarning, match="not finite"):
        res = estimate_gravity(df, formula, separation=())
    assert res.converged is False and res.to_dict()["converged"] is False
    assert res.dropped["separation"] == 0 and json.dumps(res.to_dict(), allow_nan=True)


def test_iteration_cap_warns():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"x": rng.normal(size=200), "g": rng.integers(0, 10, 200)})
    df["y"] = rng.poisson(np.exp(1 + 0.5 * df["x"]))
    with pytest.warns(ConvergenceWarning, match="maxiter=2"):
        res = estimate_gravity(df, "y ~ x | g", maxiter=2)
    assert not res.converged


def test_rows_are_reported_by_index_label_and_an_unfinished_rectifier_says_so(raw_dir):
    df, formula, xs, ids = _case(raw_dir, "08")
    relabelled = df.set_index(pd.Index([f"r{i}" for i in range(len(df))]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeparationWarning)
        res = estimate_gravity(relabelled, formula)
    assert res.separated_rows == ("r0",) and res.to_dict()["dropped"]["separation"]["rows"] == ["r0"]
    # case 08's certificate needs 3 rectifier steps; stopped after 1 the check reports it did not finish
    y, x, fe = _arrays(df, xs, ids)
    short = find_separation(y, x, fe, methods=("relu",), maxiter=1)
    assert not short.relu_complete and short.count == 0
    assert find_separation(y, x, fe, methods=("relu",), maxiter=3).relu_complete
