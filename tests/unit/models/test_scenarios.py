"""Scenarios: the general file form (validation before solving), the shipped files, and runs on a
small synthetic world through the one pipeline (signs, bands, join, column shocks, sensitivity)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import ConfigError, DataError
from tradebridge.models.pipeline import resolve_data, run_scenario, solve_scenario
from tradebridge.models.scenarios import load_scenario, parse_scenario, shipped_scenarios

IN_FORCE = {frozenset(("KOR", "CHL"))}


def world(seed: int = 0) -> pd.DataFrame:
    """A made-up world: six countries, distance-decay flows with domestic sales (not real data)."""
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


def _spec(shocks, **extra):
    raw = {"name": "t", "baseline": {"data": "world", "year": 2006}, "partial_effect": {"estimate": 0.5, "se": 0.1},
           "shocks": shocks, "uncertainty": {"draws": 50, "seed": 2, "level": 0.9}, **extra}
    return parse_scenario(raw)


def test_shipped_scenarios_parse():
    assert shipped_scenarios() == ["kor_mex_fta", "kor_pa_associate", "remove_kor_pa_ftas"]
    assert set(shipped_scenarios(examples=True)) >= {"example_wiod_eu_enlargement", "example_wiod_eu_enlargement_mult"}
    mex = load_scenario("kor_mex_fta")
    assert mex.add == (("KOR", "MEX"),) and mex.engine == "exact" and mex.data == "agtpa" and mex.theta == 6.0
    assert mex.from_panel is not None and mex.from_panel.spec == "pooled_fta" and mex.draws == 200
    assert mex.sensitivity == (4.0, 6.0, 8.0) and mex.imbalances == "multiplicative"
    assert load_scenario("remove_kor_pa_ftas").remove[0] == ("KOR", "CHL")
    assert load_scenario("kor_pa_associate").joins == (("KOR", "PA", "skip"),)
    eu = load_scenario("example_wiod_eu_enlargement")
    assert eu.columns[0].column == "eu_enlargement" and eu.columns[0].change_to == 2014 and eu.theta == 4.0


@pytest.mark.parametrize("raw,match", [
    ({"shockz": 1}, "unknown scenario key.*shockz"),
    ({"shocks": {"add": [["KOR", "MEX"]], "remvoe": []}}, "shocks.remvoe"),
    ({"baseline": {"dataset": "x"}}, "baseline.dataset"),
    ({"shocks": {"add": ["KOR"]}}, "pair like"),
    ({"shocks": {"add": [["KOR", "KOR"]]}}, "not a pair"),
    ({"shocks": {"add": [["KOREA", "MEX"]]}}, "ISO3"),
    ({"uncertainty": {"draws": -1}}, "draws must be >= 0"),
    ({"uncertainty": {"draws": 50_000}}, "more than 10,000"),
    ({"uncertainty": {"level": 90}}, "write 0.9, not 90"),
    ({"uncertainty": {"level": 1.5}}, "between 0 and 1"),
    ({"sigma": 1}, "sigma must be greater than 1"),
    ({"theta": 0}, "theta .* must be positive"),
    ({"theta": 4, "sigma": 7}, "disagree"),
    ({"engine": "cge"}, "invalid engine 'cge'; valid values: exact, ge_ppml"),
    ({"imbalances": "balanced"}, "valid values: additive, multiplicative"),
    ({"shocks": {"join": {"country": "KOR", "bloc": "NATO"}}}, "unknown bloc 'NATO'"),
    ({"shocks": {}}, "no shock"),
    ({"partial_effect": None}, "need partial_effect"),
    ({"partial_effect": {"from_panel": {"data": "p", "spec": "pooled_fta"}}}, "needs agreements"),
    ({"engine": "ge_ppml"}, "ge_ppml.reference"),
    ({"uncertainty": {"draws": 2.5}}, "whole number"),
])
def test_bad_scenarios_name_the_key(raw, match):
    base = {"name": "x", "partial_effect": {"estimate": 0.5}, "shocks": {"add": [["KOR", "MEX"]]}}
    with pytest.raises(ConfigError, match=match):
        parse_scenario({**base, **raw})


def test_unknown_files_list_the_shipped_ones(tmp_path):
    with pytest.raises(ConfigError, match="shipped scenarios: .*kor_mex_fta"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="shipped scenarios"):
        load_scenario("../kor_mex_fta")


def test_data_paths_are_confined_to_the_raw_folder(tmp_path):
    (tmp_path / "w.csv").write_text("x\n1\n", encoding="utf-8")
    assert resolve_data("agtpa", tmp_path) == "agtpa"  # a dataset name stays a name
    assert resolve_data("w.csv", tmp_path) == str((tmp_path / "w.csv").resolve())
    for bad in ("/etc/passwd", "../w.csv", "sub/../../w.csv"):
        with pytest.raises(ConfigError, match="relative to the raw-data folder"):
            resolve_data(bad, tmp_path)
    with pytest.raises(ConfigError, match="no data file"):
        resolve_data("missing.csv", tmp_path)


def test_new_fta_raises_partners_trade_and_welfare_with_a_band():
    res = solve_scenario(_spec({"add": [["KOR", "MEX"]]}, focus=["KOR", "CHL", "COL", "MEX", "PER"]), world(),
                         in_force=IN_FORCE)
    c = res.countries.set_index("country")
    for k in ("KOR", "MEX"):
        assert c.loc[k, "exports_pct"] > 0 and c.loc[k, "welfare_pct"] > 0
        assert c.loc[k, "welfare_pct_low"] < c.loc[k, "welfare_pct"] < c.loc[k, "welfare_pct_high"]
    assert c.loc["USA", "exports_pct"] < 0 and c.loc["USA", "welfare_pct"] < 0  # diversion
    assert list(res.focus_frame()["country"]) == ["KOR", "CHL", "COL", "MEX"]  # PER is not in the world
    pair = res.pairs.set_index(["exporter", "importer"])
    assert set(pair.index) == {("KOR", "MEX"), ("MEX", "KOR")}
    # the pair's own trade rises by about the partial effect exp(0.5)-1 = 64.9%, changed by GE adjustment
    assert 40 < pair.loc[("KOR", "MEX"), "trade_pct"] < 90
    d = res.to_dict()
    assert {"engine", "converged", "iterations", "theta", "imbalances", "countries", "pairs"} <= set(d)
    legacy = res.legacy_focus().set_index("country")
    assert legacy.loc["KOR", "welfare"] == c.loc["KOR", "welfare_pct"] and "welfare_lo" in legacy


def test_directed_shock_and_point_solution():
    both = solve_scenario(_spec({"add": [["KOR", "MEX"]]}, uncertainty={"draws": 0}), world())
    one = solve_scenario(_spec({"add": [["KOR", "MEX"]], "directed": True}, uncertainty={"draws": 0}), world())
    assert len(both.pairs) == 2 and list(zip(one.pairs.exporter, one.pairs.importer, strict=True)) == [("KOR", "MEX")]
    assert "welfare_pct_low" not in both.countries  # draws: 0 is the point solution alone
    k2 = both.countries.set_index("country").loc["KOR", "exports_pct"]
    k1 = one.countries.set_index("country").loc["KOR", "exports_pct"]
    assert 0 < k1 < k2


def test_removing_only_what_is_in_force_and_zero_se_collapses_the_band():
    spec = _spec({"remove": [["KOR", "CHL"], ["KOR", "MEX"]]}, partial_effect={"estimate": 0.4, "se": 0.0})
    res = solve_scenario(spec, world(), in_force=IN_FORCE)
    c = res.countries.set_index("country")
    assert c.loc["CHL", "exports_pct"] < 0 and c.loc["KOR", "welfare_pct"] < 0
    assert c.loc["CHL", "exports_pct_low"] == pytest.approx(c.loc["CHL", "exports_pct"], abs=1e-9)
    assert any("KOR-MEX: no agreement in force" in n for n in res.notes)
    assert set(zip(res.pairs.exporter, res.pairs.importer, strict=True)) == {("KOR", "CHL"), ("CHL", "KOR")}


def test_join_a_bloc_equals_adding_each_member_and_skips_absent_ones():
    joined = solve_scenario(_spec({"join": {"country": "KOR", "bloc": "PA", "absent": "skip"}},
                                  uncertainty={"draws": 0}), world(), in_force=IN_FORCE)
    added = solve_scenario(_spec({"add": [["KOR", "CHL"], ["KOR", "COL"], ["KOR", "MEX"]]}, uncertainty={"draws": 0}),
                           world(), in_force=IN_FORCE)
    assert np.allclose(joined.countries["welfare"], added.countries["welfare"], rtol=0, atol=1e-14)
    assert any("PER not in the baseline" in n for n in joined.notes)
    assert any("KOR-CHL: already in force" in n for n in joined.notes)
    with pytest.raises(DataError, match="shocks.join: PER not in the baseline"):
        solve_scenario(_spec({"join": {"country": "KOR", "bloc": "PA"}}), world())


def test_missing_countries_and_pairs_and_domestic_flows_are_named():
    with pytest.raises(DataError, match="shocks.add: JPN not in the baseline"):
        solve_scenario(_spec({"add": [["KOR", "JPN"]]}), world())
    w = world()
    with pytest.raises(DataError, match="lacks pair.*KOR-MEX"):
        solve_scenario(_spec({"add": [["KOR", "CHL"]]}), w[~((w.exporter == "KOR") & (w.importer == "MEX"))])
    with pytest.raises(DataError, match="no domestic flows .* for CHL"):
        solve_scenario(_spec({"add": [["KOR", "MEX"]]}), w[~((w.exporter == "CHL") & (w.importer == "CHL"))])
    with pytest.raises(DataError, match="no flows for the baseline year 2007"):
        solve_scenario(parse_scenario({"name": "t", "baseline": {"year": 2007}, "partial_effect": {"estimate": 0.5},
                                       "shocks": {"add": [["KOR", "MEX"]]}}), w)
    with pytest.raises(DataError, match="no column 'pta'"):
        solve_scenario(_spec({"shock": {"column": "pta", "estimate": 0.3}}), w)


def test_column_shock_is_b_times_the_column_and_change_to_takes_the_difference():
    w = world()
    w["pta"] = (((w.exporter == "KOR") & (w.importer == "MEX")) | ((w.exporter == "MEX") & (w.importer == "KOR"))).astype(float)
    col = solve_scenario(_spec({"shock": {"column": "pta", "estimate": 0.5, "se": 0.1}}), w)
    pairs = solve_scenario(_spec({"add": [["KOR", "MEX"]]}), w)
    assert np.allclose(col.countries["welfare"], pairs.countries["welfare"], rtol=0, atol=1e-14)
    later = w.assign(year=2010, pta=w["pta"] * 0 + ((w.exporter == "KOR") & (w.importer == "MEX")))
    panel = pd.concat([w.assign(pta=0.0), later], ignore_index=True)
    changed = solve_scenario(_spec({"shock": {"column": "pta", "estimate": 0.5, "change_to": 2010}},
                                   uncertainty={"draws": 0}), panel)
    assert list(zip(changed.pairs.exporter, changed.pairs.importer, strict=True)) == [("KOR", "MEX")]


def test_theta_draws_widen_the_band_and_sensitivity_orders_welfare():
    base = {"add": [["KOR", "MEX"]]}
    fixed = solve_scenario(_spec(base, partial_effect={"estimate": 0.5, "se": 0.0},
                                 uncertainty={"draws": 100, "seed": 3}), world())
    drawn = solve_scenario(_spec(base, partial_effect={"estimate": 0.5, "se": 0.0},
                                 uncertainty={"draws": 100, "seed": 3, "theta_se": 1.0},
                                 sensitivity={"theta": [2, 4, 8]}), world())
    f, d = fixed.countries.set_index("country"), drawn.countries.set_index("country")
    assert f.loc["MEX", "welfare_pct_high"] - f.loc["MEX", "welfare_pct_low"] < 1e-9
    assert d.loc["MEX", "welfare_pct_high"] - d.loc["MEX", "welfare_pct_low"] > 1e-3
    sens = drawn.sensitivity[drawn.sensitivity.country == "MEX"].set_index("theta")["welfare_pct"]
    assert sens[2.0] > sens[4.0] > sens[8.0] > 0  # gains shrink as goods become closer substitutes
    assert sens[4.0] == pytest.approx(f.loc["MEX", "welfare_pct"], rel=1e-10)


def test_draws_are_reproducible_with_the_seed():
    a = solve_scenario(_spec({"add": [["KOR", "MEX"]]}), world())
    b = solve_scenario(_spec({"add": [["KOR", "MEX"]]}), world())
    assert a.countries.equals(b.countries)


def test_ge_ppml_engine_runs_the_book_loop_on_the_same_shock():
    spec = _spec({"add": [["KOR", "MEX"]]}, engine="ge_ppml", uncertainty={"draws": 2},
                 ge_ppml={"reference": "DEU", "formula": "trade ~ log_dist + intl_brdr | exporter + importer"})
    res = solve_scenario(spec, world())
    c = res.countries.set_index("country")
    assert res.spec.engine == "ge_ppml" and c.loc["KOR", "welfare_pct"] > 0 and c.loc["USA", "exports_pct"] < 0
    assert {"welfare_pct_low", "welfare_pct_high"} <= set(c.columns)


def test_run_scenario_reads_a_file_baseline_from_the_raw_folder(tmp_path):
    world().to_csv(tmp_path / "world.csv", index=False)
    spec = tmp_path / "s.yaml"
    spec.write_text("name: t\nbaseline: {data: world.csv, year: 2006}\npartial_effect: {estimate: 0.5, se: 0.1}\n"
                    "shocks: {add: [[KOR, MEX]]}\n", encoding="utf-8")
    res = run_scenario(spec, raw_dir=tmp_path, draws=10)
    assert res.spec.draws == 10 and res.countries.set_index("country").loc["MEX", "welfare_pct"] > 0
    with pytest.raises(ConfigError, match="draws must be between"):
        run_scenario(spec, raw_dir=tmp_path, draws=-3)


def test_partial_effect_from_a_panel_formula_goes_through_the_gravity_estimator(tmp_path):
    # a noise-free made-up panel: trade rises by exp(0.3) when pta switches on, so PPML recovers 0.3
    w = world()
    panel = []
    for year, on in ((2002, 0.0), (2006, 1.0)):
        y = w.assign(year=year)
        pta = ((y.exporter == "KOR") & (y.importer == "MEX")) | ((y.exporter == "MEX") & (y.importer == "KOR"))
        y["pta"] = pta.astype(float) * on
        y["trade"] = w["trade"] * np.exp(0.3 * y["pta"])
        panel.append(y)
    pd.concat(panel).to_csv(tmp_path / "panel.csv", index=False)
    spec = tmp_path / "s.yaml"
    spec.write_text("name: t\nbaseline: {data: panel.csv, year: 2002}\n"
                    "partial_effect: {from_panel: {data: panel.csv, spec: formula, term: pta,\n"
                    "  formula: 'trade ~ pta | exp_year + imp_year + pair_id'}}\n"
                    "shocks: {add: [[KOR, MEX]]}\n", encoding="utf-8")
    res = run_scenario(spec, raw_dir=tmp_path)
    assert res.estimate == pytest.approx(0.3, abs=1e-6)
    assert res.countries.set_index("country").loc["MEX", "welfare_pct"] > 0
    with pytest.raises(ConfigError, match="need engine: exact"):
        parse_scenario({"name": "x", "engine": "ge_ppml", "ge_ppml": {"reference": "DEU"}, "partial_effect": 0.5,
                        "shocks": {"add": [["KOR", "MEX"]]}, "sensitivity": {"theta": [4, 8]}})
