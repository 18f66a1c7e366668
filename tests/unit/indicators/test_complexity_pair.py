"""Complexity applied to a reporter and its partners on the real warehouse (world SITC4, 1998-2000),
the two commands, and the evidence cards."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app
from tradebridge.evidence.complexity_cards import complexity_cards
from tradebridge.indicators.opportunities import pair_complexity
from tradebridge.store import Store

runner = CliRunner()
REPORTER, MEMBERS = "KOR", ["CHL", "COL", "MEX", "PER"]   # the shipped default pair, as test data


@pytest.fixture(scope="module")
def pair(store_path):
    with Store.open(store_path) as st:
        return pair_complexity(st.ibis(), REPORTER, MEMBERS, dataset="world_exports_sitc4", top=20)


def test_ranks(pair):
    r = pair.ranks.set_index("exporter")
    assert set(r.index) == {REPORTER, *MEMBERS} and (r.n_countries == 226).all()
    # Korea and Mexico export manufactures; the Andean members and Chile mostly commodities (1998-2000)
    assert r.loc["KOR", "eci"] > r.loc["MEX", "eci"] > max(r.loc[m, "eci"] for m in ("CHL", "COL", "PER"))
    assert (r.eci_rank >= 1).all() and (r.eci_rank <= 226).all()


@pytest.mark.parametrize("direction", ["into_reporter", "into_members"])
def test_opportunities_meet_the_definition(pair, direction):
    cells = pair.result.cells
    for member, table in getattr(pair, direction).items():
        exporter = member if direction == "into_reporter" else REPORTER
        assert len(table) == 20 and list(table["rank"]) == list(range(1, 21))
        assert (table.rca < 1).all() and (table.pci > table.eci).all() and (table.cog > 0).all()
        own = cells[(cells.exporter == exporter) & (cells.mcp == 0)]
        assert (table.density >= own.density.median() - 1e-12).all()
        assert table.import_demand.is_monotonic_decreasing
        assert table.basis.str.startswith("proxy:").all()   # the world file has exports only


def test_rauch_shares_sum_to_one(pair):
    s = pair.rauch
    total = s[["commodity", "reference_priced", "differentiated", "unclassified"]].sum(axis=1)
    np.testing.assert_allclose(total, 1.0, rtol=1e-12)
    by = s.set_index("exporter")
    assert by.loc["CHL", "commodity"] > by.loc["KOR", "commodity"]


def test_cards(store_path):
    with Store.open(store_path) as st:
        cards = {c.id: c for c in complexity_cards(st, REPORTER, MEMBERS)}
    assert "complexity.eci.KOR.2000" in cards and "complexity.opportunities.CHL-KOR.2000" in cards
    assert "complexity.opportunities.KOR-PER.2000" in cards and "complexity.rauch.MEX.2000" in cards
    card = cards["complexity.eci.KOR.2000"]
    assert "of 226 exporters" in card.statement("en") and card.provenance
    assert any("1998-2000" in c for c in card.caveats)


def test_complexity_command_on_a_file(raw_dir, tmp_path):
    sample = pd.read_csv(raw_dir / "complexity" / "ecomplexity_fixtures" / "trade_data_sample.csv", dtype={"hs92": str})
    path = tmp_path / "sample.csv"
    sample.rename(columns={"origin": "exporter", "hs92": "product", "export_val": "value_usd"}).to_csv(path, index=False)
    res = runner.invoke(app, ["trade", "complexity", "--data", str(path), "--year", "1995", "--cells",
                              "--method", "fitness", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out) >= {"countries", "products", "cells"}
    aut = next(r for r in out["countries"] if r["exporter"] == "aut")
    assert aut["eci"] == pytest.approx(1.073207217992253, rel=1e-5)   # Stata ground truth
    assert {"fitness", "coi", "diversity"} <= set(aut)
    assert len(out["cells"]) == 300 and {"rca", "mcp", "density", "cog"} <= set(out["cells"][0])


def test_complexity_command_bad_file(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"exporter": ["A"], "product": ["1"], "year": [2000], "value": [1.0]}).to_csv(path, index=False)
    res = runner.invoke(app, ["trade", "complexity", "--data", str(path), "--json"])
    assert res.exit_code != 0 and "value_usd" in str(res.exception)


def test_opportunities_command(store_path):
    res = runner.invoke(app, ["trade", "opportunities", "--exporter", "CHL", "--market", "KOR", "--top", "5",
                              "--store", str(store_path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert len(out["products"]) == 5 and out["demand_basis"].startswith("proxy: KOR's share of world imports")
