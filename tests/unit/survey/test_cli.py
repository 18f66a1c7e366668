"""The survey, interviews and serve commands: they run, and the docs cover every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app

ROOT = Path(__file__).resolve().parents[3]
FIX = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_validate_reports_problems_and_fails():
    res = runner.invoke(app, ["survey", "validate", str(FIX / "broken_instrument_madeup.yaml"), "--json"])
    assert res.exit_code != 0
    problems = json.loads(res.stdout[: res.stdout.rindex("]") + 1])
    assert {"location": "version", "line": 2,
            "message": "version must be an integer (raise it when questions change)"} in problems


def test_import_export_analyze(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBRIDGE_SURVEY_DB", f"sqlite:///{tmp_path / 's.sqlite'}")
    res = runner.invoke(app, ["survey", "import", str(FIX / "limesurvey_export_madeup.csv"), "--format", "limesurvey", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == {"read": 2, "added": 2, "duplicates": 0, "total": 2}
    assert runner.invoke(app, ["survey", "export", str(tmp_path / "r.csv")]).exit_code == 0
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").count("\n") == 3
    res = runner.invoke(app, ["survey", "analyze", "--demo", "--by", "country", "--json"])
    out = json.loads(res.stdout)
    assert out["demo"] is True and all(r["demo"] for r in out["likert"])


def test_interviews_commands(tmp_path):
    demo = ROOT / "src" / "tradebridge" / "interviews" / "demo"
    proj = tmp_path / "proj"
    files = sorted(str(p) for p in demo.glob("demo_*.md"))
    res = runner.invoke(app, ["interviews", "import", *files, "--project", str(proj), "--names", str(demo / "names.txt"), "--json"])
    assert res.exit_code == 0, res.output
    assert [r["id"] for r in json.loads(res.stdout)] == ["INT-0001", "INT-0002", "INT-0003", "INT-0004"]
    assert runner.invoke(app, ["interviews", "suggest", "--project", str(proj), "--accept-as", "kw"]).exit_code == 0
    assert runner.invoke(app, ["interviews", "code", "INT-0001", "INT-0001:003", "positive_relationship",
                               "--coder", "ana", "--project", str(proj)]).exit_code == 0
    res = runner.invoke(app, ["interviews", "themes", "--project", str(proj), "--kappa", "kw,ana", "--json"])
    assert json.loads(res.stdout)[0]["theme"] == "(all)"
    assert runner.invoke(app, ["interviews", "export", str(tmp_path / "p.qdpx"), "--project", str(proj)]).exit_code == 0
    assert (tmp_path / "p.qdpx").stat().st_size > 0


@pytest.mark.parametrize("doc, group", [("survey.md", "survey"), ("interviews.md", "interviews")])
def test_docs_cover_every_command(doc, group):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    res = runner.invoke(app, [group, "--help"])
    commands = set(re.findall(r"│ (\w[\w-]*)\s{2,}", res.stdout))
    assert commands, res.stdout
    for cmd in commands:
        assert f"tradebridge {group} {cmd}" in text, f"docs/{doc} lacks an example of `{group} {cmd}`"
    if group == "survey":
        assert "tradebridge serve" in text
