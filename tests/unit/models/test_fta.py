"""FTA dummies, effects, event study: exact recovery on noise-free synthetic panels (PPML is
consistent and, with y equal to its mean, the estimates equal the true values up to IRLS tolerance)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import ModelError
from tradebridge.models.fta import (
    Agreement,
    add_fta_dummies,
    bilateral_ftas,
    estimate_fta_effects,
    event_study,
    partial_effect,
    pooled_fta_effect,
)

AGS = {"X-Y": Agreement("X-Y", "X", "Y", pd.Timestamp("2008-04-01"))}


def _panel(effects: dict[str, float], seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    c = ["X", "Y", "A", "B", "C", "D"]
    years = list(range(2000, 2017, 4))
    df = pd.DataFrame([(i, j, t) for i in c for j in c if i != j for t in years], columns=["exporter", "importer", "year"])
    ex = {(i, t): rng.normal() for i in c for t in years}
    im = {(j, t): rng.normal() for j in c for t in years}
    pair = {(i, j): rng.normal() for i in c for j in c}
    eta = np.array([ex[(i, t)] + im[(j, t)] + pair[(i, j)] for i, j, t in df[["exporter", "importer", "year"]].itertuples(index=False)])
    xy = (df.exporter == "X") & (df.importer == "Y")
    yx = (df.exporter == "Y") & (df.importer == "X")
    eta += effects.get("xy", 0) * (xy & (df.year >= 2008)) + effects.get("xy_lag4", 0) * (xy & (df.year >= 2012))
    eta += effects.get("yx", 0) * (yx & (df.year >= 2008))
    df["trade"] = np.exp(eta + 5)
    return df


def test_dummies_switch_on_in_the_entry_year_and_lags_later():
    df = pd.DataFrame({"exporter": ["X"] * 4, "importer": ["Y"] * 4, "year": [2004, 2008, 2012, 2016]})
    out, names = add_fta_dummies(df, AGS, lags=(4, 8))
    assert names == ["fta_X_Y", "fta_X_Y_lag4", "fta_X_Y_lag8", "fta_Y_X", "fta_Y_X_lag4", "fta_Y_X_lag8"]
    assert out["fta_X_Y"].tolist() == [0, 1, 1, 1]  # in force April 2008 -> on from 2008
    assert out["fta_X_Y_lag4"].tolist() == [0, 0, 1, 1]
    assert out["fta_X_Y_lag8"].tolist() == [0, 0, 0, 1]
    assert out["fta_Y_X"].sum() == 0


def test_partial_effect_arithmetic():
    pe = partial_effect(0.5, 0.1)
    assert pe["effect"] == pytest.approx(math.e ** 0.5 - 1)  # 0.648721
    z = 1.959963984540054
    assert pe["ci_low"] == pytest.approx(math.exp(0.5 - z * 0.1) - 1)  # 0.355...
    assert pe["ci_high"] == pytest.approx(math.exp(0.5 + z * 0.1) - 1)
    assert pe["effect_se"] == pytest.approx(math.exp(0.5) * 0.1)


def test_effects_per_direction_and_lags_are_recovered():
    df = _panel({"xy": 0.5, "xy_lag4": 0.2, "yx": -0.3})
    res = estimate_fta_effects(df, AGS, lags=(4,), cluster="sym_pair_id")
    e = res.effects.set_index("term")
    assert e.loc["fta_X_Y", "estimate"] == pytest.approx(0.5, abs=1e-6)
    assert e.loc["fta_X_Y_lag4", "estimate"] == pytest.approx(0.2, abs=1e-6)
    assert e.loc["fta_X_Y+fta_X_Y_lag4", "estimate"] == pytest.approx(0.7, abs=1e-6)
    assert e.loc["fta_X_Y+fta_X_Y_lag4", "effect"] == pytest.approx(math.exp(0.7) - 1, abs=1e-5)
    assert e.loc["fta_Y_X", "estimate"] == pytest.approx(-0.3, abs=1e-6)
    assert set(res.to_dict()) == {"effects", "model", "level"}


def test_pooled_effect_and_unidentified_lags():
    df = _panel({"xy": 0.4, "yx": 0.4})
    b, _se, _ = pooled_fta_effect(df, AGS, cluster="sym_pair_id")
    assert b == pytest.approx(0.4, abs=1e-6)
    late = {"X-Y": Agreement("X-Y", "X", "Y", pd.Timestamp("2016-07-15"))}
    res = estimate_fta_effects(_panel({}), late, lags=(4,))
    assert (res.effects.loc[res.effects["term"] == "fta_X_Y_lag4", "kind"] == "not identified").all()


def test_event_study_is_flat_before_and_steps_after():
    df = _panel({"xy": 0.5, "yx": 0.5})
    es = event_study(df, AGS, window=2, cluster="sym_pair_id").periods.set_index("period")
    # periods: 2000 -> -2, 2004 -> -1 (reference), 2008 -> 0, 2012 -> +1, 2016 -> +2
    assert es.loc[-2, "estimate"] == pytest.approx(0.0, abs=1e-6)
    for k in (0, 1, 2):
        assert es.loc[k, "estimate"] == pytest.approx(0.5, abs=1e-6)


def test_korea_pa_dates_and_missing_agreements():
    # the curated timeline: three FTAs in force, none with Mexico (negotiations only)
    ags = bilateral_ftas("KOR", ["CHL", "COL", "MEX", "PER"])
    assert {k: v.in_force.date().isoformat() for k, v in ags.items()} == {
        "KOR-CHL-FTA": "2004-04-01", "KOR-PER-FTA": "2011-08-01", "KOR-COL-FTA": "2016-07-15"}
    assert (ags["KOR-PER-FTA"].a, ags["KOR-PER-FTA"].b) == ("KOR", "PER")
    assert bilateral_ftas("KOR", ["CHL", "PER"], {"KOR-CHL-FTA": pd.Timestamp("2004-04-01")}).keys() == {"KOR-CHL-FTA"}
    # the same agreement seen from the partner
    assert list(bilateral_ftas("CHL", ["KOR", "MEX"])) == ["KOR-CHL-FTA"]
    with pytest.raises(ModelError, match="no agreements"):
        estimate_fta_effects(_panel({}), {})


def test_an_unconverged_fit_gives_no_effect():
    # one IWLS iteration cannot meet the deviance criterion: the fit is not converged and the FTA
    # functions refuse to report effects from it (they used to return its numbers)
    df = _panel({"xy": 0.5, "yx": -0.3}, seed=2)
    with pytest.warns(UserWarning, match="maxiter=1"), pytest.raises(ModelError, match="did not converge"):
        estimate_fta_effects(df, AGS, lags=(), maxiter=1)
    with pytest.warns(UserWarning), pytest.raises(ModelError, match="did not converge"):
        pooled_fta_effect(df, AGS, maxiter=1)
    with pytest.warns(UserWarning), pytest.raises(ModelError, match="did not converge"):
        event_study(df, AGS, window=2, maxiter=1)


@pytest.mark.slow
def test_korea_pa_effects_on_the_comtrade_panel(raw_dir):
    """Real data: the penppml Comtrade panel, all countries 1964-2016; checks against an independent
    pyfixest call written out in full here (same data, same fixed effects)."""
    import pyfixest as pf

    from tradebridge.models.inputs import read_file

    df = read_file(raw_dir / "trade" / "comtrade_aggregate_1964_2016.csv.gz")
    assert df.query("exporter == 'KOR' and importer == 'CHL' and year == 2008")["value_usd"].iloc[0] == pytest.approx(3.0318e9, rel=1e-4)
    ags = bilateral_ftas("KOR", ["CHL", "COL", "MEX", "PER"])
    b, se, fit = pooled_fta_effect(df, ags)
    d = df.copy()
    kp = np.zeros(len(d), bool)
    for a, y in [("CHL", 2004), ("PER", 2011), ("COL", 2016)]:
        kp |= (((d.exporter == "KOR") & (d.importer == a)) | ((d.exporter == a) & (d.importer == "KOR"))) & (d.year >= y)
    d["kp"] = kp.astype(int)
    d["oth"] = ((d.agreement_id != 0) & ~kp).astype(int)  # any other agreement (e.g. GSTP before the FTA)
    d["ey"], d["iy"], d["p"] = d.exporter + d.year.astype(str), d.importer + d.year.astype(str), d.exporter + d.importer
    d["sp"] = np.where(d.exporter < d.importer, d.exporter + d.importer, d.importer + d.exporter)
    ref = pf.fepois("trade ~ kp + oth | ey + iy + p", data=d, vcov={"CRV1": "sp"}, ssc=pf.ssc(k_adj=False, G_adj=True),
                    separation_check=["fe"], iwls_tol=1e-10)
    assert b == pytest.approx(float(ref.coef()["kp"]), abs=1e-6)
    assert se == pytest.approx(float(ref.se()["kp"]), rel=1e-6)
    assert fit.converged and 0 < b < 2
