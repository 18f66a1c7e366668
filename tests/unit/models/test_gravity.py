"""Gravity estimation: agreement with statsmodels' Poisson GLM with dummies, dropped rows, JSON shape.
The ppmlhdfe separation cases are in test_separation.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import ConfigError, DataError, ModelError
from tradebridge.models.gravity import estimate_gravity


def _world(seed: int = 3, n_countries: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    c = [f"C{i}" for i in range(n_countries)]
    df = pd.DataFrame([(i, j) for i in c for j in c if i != j], columns=["exporter", "importer"])
    df["dist"] = rng.uniform(1, 20, len(df))
    df["rta"] = rng.integers(0, 2, len(df))
    size = dict(zip(c, rng.uniform(0, 2, n_countries), strict=True))
    mu = np.exp(df["exporter"].map(size) + df["importer"].map(size) - 0.9 * np.log(df["dist"]) + 0.4 * df["rta"] + 3)
    df["trade"] = rng.poisson(mu)
    return df


def test_ppml_equals_poisson_glm_with_dummies():
    sm = pytest.importorskip("statsmodels.api")
    df = _world()
    res = estimate_gravity(df, "trade ~ log_dist + rta | exporter + importer")
    X = pd.get_dummies(df[["exporter", "importer"]], drop_first=True, dtype=float)
    X["log_dist"], X["rta"] = np.log(df["dist"]), df["rta"]
    glm = sm.GLM(df["trade"], sm.add_constant(X), family=sm.families.Poisson()).fit(tol=1e-12)
    # same likelihood, same maximiser: agreement to the IRLS tolerance
    assert res.coefficient("log_dist") == pytest.approx(glm.params["log_dist"], abs=1e-6)
    assert res.coefficient("rta") == pytest.approx(glm.params["rta"], abs=1e-6)
    # HC0 robust SEs: statsmodels' HC0 has no small-sample factor; ours is HC0 (k not counted)
    hc0 = sm.GLM(df["trade"], sm.add_constant(X), family=sm.families.Poisson()).fit(cov_type="HC0", tol=1e-12)
    assert res.se("rta") == pytest.approx(hc0.bse["rta"], rel=1e-3)


def test_iteration_cap_is_reported_as_not_converged():
    # pyfixest neither raises nor sets `_convergence` when IWLS runs out of iterations; two iterations
    # are far from the optimum (the converged fit needs several), so `converged` must be False there
    df = _world()
    capped = estimate_gravity(df, "trade ~ log_dist + rta | exporter + importer", maxiter=2)
    full = estimate_gravity(df, "trade ~ log_dist + rta | exporter + importer")
    assert full.converged and not capped.converged
    assert capped.to_dict()["converged"] is False


def test_dropped_rows_are_counted_by_reason():
    df = _world()
    df.loc[0, "dist"] = np.nan
    # a pair of countries that never trade as exporter C7: all its flows are zero -> separated
    df.loc[df["exporter"] == "C7", "trade"] = 0
    res = estimate_gravity(df, "trade ~ log_dist + rta | exporter + importer", where="importer != 'C0'")
    assert res.dropped["where"] == 7  # 7 flows into C0
    assert res.dropped["missing"] == (1 if df.loc[0, "importer"] != "C0" else 0)
    assert res.dropped["separation"] == 6  # C7's flows to the 6 remaining importers
    assert res.nobs == len(df) - 7 - res.dropped["missing"] - 6
    assert res.fitted.notna().sum() == res.nobs


def test_json_shape_and_linear_combination():
    res = estimate_gravity(_world(), "trade ~ log_dist + rta | exporter + importer", cluster="sym_pair_id")
    d = res.to_dict()
    assert set(d["coefficients"]["rta"]) >= {"estimate", "se"} and d["nobs"] == res.nobs and d["converged"]
    b, se = res.linear_combination({"rta": 1.0, "log_dist": 1.0})
    assert b == pytest.approx(res.coefficient("rta") + res.coefficient("log_dist"))
    v = res.covariance
    assert se == pytest.approx(np.sqrt(v.loc["rta", "rta"] + v.loc["log_dist", "log_dist"] + 2 * v.loc["rta", "log_dist"]))
    assert "rta" in res.summary() and "<table" in res._repr_html_()


def test_ols_and_bad_options():
    df = _world().assign(ln_trade=lambda d: np.log1p(d["trade"]))
    assert estimate_gravity(df, "ln_trade ~ log_dist | exporter + importer", estimator="ols").coefficient("log_dist") < 0
    with pytest.raises(ConfigError, match="ppml, ols"):
        estimate_gravity(df, "trade ~ log_dist", estimator="gmm")
    with pytest.raises(ModelError, match="~"):
        estimate_gravity(df, "trade log_dist")
    with pytest.raises(DataError, match="non-negative"):
        estimate_gravity(df.assign(trade=-df["trade"]), "trade ~ log_dist | exporter")
