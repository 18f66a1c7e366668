"""Scenarios: parsing, the shipped files, and GE runs on a small synthetic world (signs and bands)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import ConfigError
from tradebridge.models.fta import Agreement
from tradebridge.models.scenarios import load_scenario, parse_scenario, run_scenario, shipped_scenarios

AGS = {"KOR-CHL-FTA": Agreement("KOR-CHL-FTA", "KOR", "CHL", pd.Timestamp("2004-04-01"))}


def world(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    c = ["KOR", "CHL", "MEX", "COL", "DEU", "USA"]
    xy = {k: rng.uniform(0, 10, 2) for k in c}
    df = pd.DataFrame([(i, j) for i in c for j in c], columns=["exporter", "importer"])
    df["year"] = 2006
    df["dist"] = [1.0 if i == j else float(np.hypot(*(xy[i] - xy[j]))) + 1 for i, j in zip(df.exporter, df.importer, strict=True)]
    size = {k: rng.uniform(1, 3) for k in c}
    mu = np.exp(-0.8 * np.log(df["dist"]) - 2.0 * (df.exporter != df.importer)) * df.exporter.map(size) * df.importer.map(size)
    df["trade"] = mu * 1e3 * rng.uniform(0.9, 1.1, len(df))
    return df


def test_shipped_scenarios_parse():
    assert shipped_scenarios() == ["kor_mex_fta", "kor_pa_associate", "remove_kor_pa_ftas"]
    mex = load_scenario("kor_mex_fta")
    assert mex.add == (("KOR", "MEX"),) and mex.fta_effect == "from_panel" and mex.data == "agtpa"
    assert load_scenario("remove_kor_pa_ftas").remove[0] == ("KOR", "CHL")
    assert len(load_scenario("kor_pa_associate").add) == 4


def test_bad_scenarios_say_what_is_valid(tmp_path):
    with pytest.raises(ConfigError, match="valid keys"):
        parse_scenario({"name": "x", "shock": 1})
    with pytest.raises(ConfigError, match="pair like"):
        parse_scenario({"name": "x", "changes": {"add": ["KOR"]}})
    with pytest.raises(ConfigError, match="from_panel"):
        parse_scenario({"name": "x", "fta_effect": 0.5})
    with pytest.raises(ConfigError, match="shipped scenarios"):
        load_scenario(tmp_path / "nope.yaml")


def _spec(**changes):
    return parse_scenario({"name": "t", "year": 2006, "reference": "DEU",
                           "formula": "trade ~ log_dist + intl_brdr | exporter + importer",
                           "changes": changes, "uncertainty": {"draws": 4, "seed": 2, "level": 0.9}})


def test_new_fta_raises_partners_trade_and_welfare_with_a_band():
    res = run_scenario(_spec(add=[["KOR", "MEX"]]), world(), fta_estimate=0.5, fta_se=0.1, agreements=AGS)
    c = res.countries.set_index("country")
    for k in ("KOR", "MEX"):
        assert c.loc[k, "exports"] > 0 and c.loc[k, "welfare"] > 0
        assert c.loc[k, "welfare_lo"] <= c.loc[k, "welfare_hi"]
    assert c.loc["USA", "exports"] < 0  # diversion
    assert list(res.focus_frame()["country"]) == ["CHL", "COL", "KOR", "MEX"]
    assert any("CHL-KOR" in n for n in res.notes)  # Korea-Chile in force in 2006 baseline
    assert res.to_dict()["fta_effect"] == {"estimate": 0.5, "se": 0.1}
    pair = res.bilateral.set_index(["exporter", "importer"])
    # the pair's own trade rises by about the partial effect exp(0.5)-1 = 64.9%, changed by GE adjustment
    assert 30 < pair.loc[("KOR", "MEX"), "trade"] < 100
    assert pair.loc[("KOR", "MEX"), "trade_lo"] <= pair.loc[("KOR", "MEX"), "trade_hi"]


def test_removing_an_fta_in_force_lowers_trade_and_a_larger_effect_scales_it():
    small = run_scenario(_spec(remove=[["KOR", "CHL"]]), world(), fta_estimate=0.2, fta_se=0.0, agreements=AGS)
    large = run_scenario(_spec(remove=[["KOR", "CHL"]]), world(), fta_estimate=0.6, fta_se=0.0, agreements=AGS)
    s, lg = small.countries.set_index("country"), large.countries.set_index("country")
    assert s.loc["CHL", "exports"] < 0 and lg.loc["CHL", "exports"] < s.loc["CHL", "exports"]
    # se = 0: every draw equals the central value, so the band collapses onto it
    assert s.loc["CHL", "exports_lo"] == pytest.approx(s.loc["CHL", "exports"], abs=1e-9)
    # an agreement not in force at the baseline: removing it changes nothing
    none = run_scenario(_spec(remove=[["KOR", "MEX"]]), world(), fta_estimate=0.5, fta_se=0.1, agreements=AGS)
    assert np.abs(none.countries["welfare"]).max() < 1e-6
