"""CLI: every gravity/scenario command has help with an Example and is documented; JSON outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = {"gravity": ["estimate", "fta-effects", "event-study", "fx-elasticity", "covid-shock"],
            "scenario": ["run", "list"]}
runner = CliRunner()


@pytest.mark.parametrize("group,cmd", [(g, c) for g, cs in COMMANDS.items() for c in cs])
def test_help_has_an_example_and_docs_cover_it(group, cmd):
    out = runner.invoke(app, [group, cmd, "--help"], terminal_width=200)
    assert out.exit_code == 0 and "Example:" in out.output
    assert f"tradebridge {group} {cmd}" in (ROOT / "docs" / "models.md").read_text(encoding="utf-8")


def _world_csv(tmp_path: Path) -> Path:
    from test_scenarios import world

    path = tmp_path / "world.csv"
    world().to_csv(path, index=False)
    return path


def test_gravity_estimate_json(tmp_path):
    path = _world_csv(tmp_path)
    out = runner.invoke(app, ["gravity", "estimate", "--data", str(path), "--formula",
                              "trade ~ log_dist + intl_brdr | exporter + importer", "--json"])
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    assert set(d["coefficients"]) == {"log_dist", "intl_brdr"} and d["nobs"] == 36
    assert set(d["coefficients"]["log_dist"]) >= {"estimate", "se"} and d["converged"] is True
    assert d["dropped"] == {"where": 0, "missing": 0, "singletons": 0,
                            "separation": {"count": 0, "rows": [], "by_method": {"fe": 0, "simplex": 0, "relu": 0}}}


def test_gravity_estimate_json_lists_separated_rows(tmp_path):
    # the data: y = 0 in rows 0 and 1, where x > 0; x = 0 wherever y > 0, so x separates rows 0, 1
    path = tmp_path / "sep.csv"
    path.write_text("y,x,z\n0,1,0.5\n0,2,1.5\n0,0,0.2\n1,0,1.0\n3,0,2.0\n2,0,0.7\n5,0,2.5\n", encoding="utf-8")
    out = runner.invoke(app, ["gravity", "estimate", "--data", str(path), "--formula", "y ~ x + z", "--json"])
    assert out.exit_code == 0, out.output
    d = json.loads(out.output[out.output.index("{"):])
    assert d["dropped"]["separation"] == {"count": 2, "rows": [0, 1], "by_method": {"fe": 0, "simplex": 2, "relu": 0}}
    assert d["converged"] is True and "x" not in d["coefficients"] and d["nobs"] == 5
    assert any("x cannot be estimated" in n for n in d["notes"])


def test_scenario_run_json(tmp_path):
    path = _world_csv(tmp_path)
    spec = tmp_path / "s.yaml"
    spec.write_text(f"name: test\nbaseline: {{data: {path.name}, year: 2006}}\n"
                    "partial_effect: {estimate: 0.5, se: 0.1}\nshocks: {add: [[KOR, MEX]]}\nuncertainty: {draws: 2}\n",
                    encoding="utf-8")
    out = runner.invoke(app, ["scenario", "run", str(spec), "--json", "--store", str(tmp_path / "none.duckdb"),
                              "--raw", str(tmp_path)])
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    assert d["engine"] == "exact" and d["converged"] is True and d["imbalances"] == "additive"
    kor = {r["country"]: r for r in d["countries"]}["KOR"]
    assert kor["exports_pct"] > 0 and {"welfare_pct_low", "welfare_pct_high", "imports_pct", "welfare"} <= set(kor)
    assert {(p["exporter"], p["importer"]) for p in d["pairs"]} == {("KOR", "MEX"), ("MEX", "KOR")}
