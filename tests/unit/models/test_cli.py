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
    assert d["dropped"] == {"where": 0, "missing": 0, "separation": 0, "singletons": 0}


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
