"""``tradebridge trade``: overview and indicator on a warehouse file holding the real aggregate panel."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app
from tradebridge.reference.timeline import load_agreements

runner = CliRunner()


@pytest.fixture(scope="module")
def store(raw_dir, tmp_path_factory) -> Path:
    df = pd.read_csv(raw_dir / "trade" / "comtrade_aggregate_1964_2016.csv.gz", usecols=["exp", "imp", "time", "export"])
    df = df[(df.exp == "KOR") | (df.imp == "KOR")]
    flows = pd.DataFrame({"dataset": "comtrade_aggregate", "exporter": df.exp, "importer": df.imp, "year": df.time,
                          "classification": "TOTAL", "product": "TOTAL", "value_usd": df.export.astype(float),
                          "quantity": float("nan"), "quantity_unit": None})
    agreements, members = load_agreements()
    w = pd.read_csv(raw_dir / "complexity" / "world_exports_sitc4_1998_2000.csv.gz", dtype={"product": str})
    world = pd.DataFrame({"dataset": "world_exports_sitc4", "exporter": w.country.str.upper(), "year": 2000,
                          "period": "1998-2000", "classification": "SITC2", "product": w["product"],
                          "value_usd": w.value.astype(float)})
    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    con = duckdb.connect(str(path))
    for name, frame in {"trade_flows": flows, "agreements": agreements.drop(columns=["dataset"]),
                        "agreement_members": members.drop(columns=["dataset"]), "world_exports": world}.items():
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        con.unregister("frame")
    con.close()
    return path


def _json(args: list[str]) -> list[dict]:
    res = runner.invoke(app, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_overview_json_kor_pa(store, raw_dir):
    rows = _json(["trade", "overview", "--reporter", "KOR", "--partners", "PA", "--years", "2004-2016",
                  "--json", "--store", str(store)])
    bal = {(r["partner"], r["year"]): r for r in rows if r["indicator"] == "trade_balance"}
    assert {p for p, _ in bal} == {"CHL", "COL", "MEX", "PER", "PA"}
    assert bal[("CHL", 2008)]["exports"] == pytest.approx(3.0318e9, rel=1e-4)  # MANIFEST example
    assert bal[("PA", 2016)]["years_used"] == [2004, 2008, 2012, 2016]
    win = [r for r in rows if r["indicator"] == "fta_window_growth"]
    assert {r["agreement_id"] for r in win} == {"KOR-CHL-FTA", "KOR-PER-FTA", "KOR-COL-FTA"}
    col_post = [r for r in win if r["agreement_id"] == "KOR-COL-FTA" and r["period"] == "post"]
    assert all(r["cagr"] is None for r in col_post)  # one year after 2016 in the panel: missing, not 0


def test_overview_table_and_csv(store):
    res = runner.invoke(app, ["trade", "overview", "--partners", "CHL", "--store", str(store)])
    assert res.exit_code == 0 and "Annualised growth before/after each FTA" in res.output
    res = runner.invoke(app, ["trade", "overview", "--partners", "PA", "--csv", "--store", str(store)])
    assert res.exit_code == 0 and res.output.startswith("indicator,datasets,reporter")


def test_indicator_missing_partner_and_product_level_error(store):
    # SVU (the former USSR) is a known code without 2016 flows: shown as missing (an unknown code
    # such as ZZZ is an error, see tests/unit/reference/test_scope_validation.py)
    rows = _json(["trade", "indicator", "intensity", "--reporter", "KOR", "--partners", "CHL,SVU",
                  "--years", "2016-2016", "--json", "--store", str(store)])
    svu = [r for r in rows if r["partner"] == "SVU"]
    assert svu and svu[0]["status"] == "missing" and svu[0]["intensity"] is None
    assert all(r["datasets"] == ["comtrade_aggregate"] for r in rows)
    res = runner.invoke(app, ["trade", "indicator", "grubel_lloyd", "--partners", "PA", "--store", str(store)])
    assert res.exit_code != 0


def test_rca_from_world_exports(store):
    rows = _json(["trade", "indicator", "rca", "--reporter", "KOR", "--partners", "PA", "--dataset",
                  "world_exports_sitc4", "--json", "--store", str(store)])
    cell = {(r["exporter"], r["product"]): r for r in rows}
    assert cell[("CHL", "6821")]["rca"] > 20 and cell[("CHL", "6821")]["specialised"] == 1  # refined copper
    assert {r["exporter"] for r in rows} == {"KOR", "CHL", "COL", "MEX", "PER"}
    assert rows[0]["datasets"] == ["world_exports_sitc4"] and rows[0]["years_used"] == [2000]


def test_bad_years_option(store):
    res = runner.invoke(app, ["trade", "overview", "--years", "2016-2000", "--store", str(store)])
    assert res.exit_code != 0


def test_docs_cover_the_trade_commands():
    doc = (Path(__file__).parents[3] / "docs" / "indicators.md").read_text(encoding="utf-8")
    for command in ("tradebridge trade overview", "tradebridge trade indicator"):
        assert command in doc
    from tradebridge.indicators.registry import INDICATORS

    for name in INDICATORS:
        assert f"`{name}`" in doc, name
