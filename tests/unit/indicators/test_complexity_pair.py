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


@pytest.fixture(scope="module")
def hs_con(store_path):
    """Bilateral HS 2012 flows with made-up values (seeded) in an in-memory backend, with the real
    concordances, Rauch table and product names; two hand-set KOR–CHL flows for exact checks."""
    from indicators_testing import make_con

    with Store.open(store_path) as st:
        conc = st.sql("SELECT source_classification, source_code, target_classification, target_code FROM concordances "
                      "WHERE source_classification = 'HS4' AND target_classification IN ('SITC2', 'BEC4')")
        rauch = st.table("rauch")
    codes = sorted(set(conc.source_code))
    rng = np.random.default_rng(11)
    products = [c for c in rng.choice(codes, 60, replace=False) if c not in ("260300", "870323")]
    countries = [REPORTER, *MEMBERS, "USA", "CHN", "JPN", "DEU", "BRA", "IND"]
    rows = [(e, i, p, float(np.exp(rng.normal(12, 2)))) for e in countries for i in countries for p in products
            if e != i and {e, i} != {"KOR", "CHL"} and rng.random() < 0.35]
    rows += [("KOR", "CHL", "870323", 70.0), ("KOR", "CHL", "260300", 30.0), ("CHL", "KOR", "260300", 100.0)]
    flows = pd.DataFrame(rows, columns=["exporter", "importer", "product", "value_usd"]).assign(
        dataset="fake_hs12", year=2015, classification="HS12")
    return make_con({"trade_flows": flows, "concordances": conc, "rauch": rauch}), flows


def test_bilateral_path_uses_actual_imports_and_bilateral_goods_types(hs_con):
    con, flows = hs_con
    pc = pair_complexity(con, REPORTER, MEMBERS, dataset="fake_hs12", top=10)
    kor_imports = flows[flows.importer == REPORTER].groupby("product").value_usd.sum()
    for table in pc.into_reporter.values():
        assert table.basis.str.startswith("KOR's imports of the product in 2015").all()
        np.testing.assert_allclose(table.import_demand, kor_imports.reindex(table["product"]).to_numpy(), rtol=1e-12)
    g = pc.goods_types.set_index(["direction", "partner"])
    exp, imp = g.loc[("exports", "CHL")], g.loc[("imports", "CHL")]
    # KOR -> CHL: cars 70 (Rauch n, BEC 51) + copper ore 30 (Rauch r, BEC 21 primary)
    assert (exp.differentiated, exp.reference_priced, exp.commodity, exp.bec_primary) == pytest.approx((0.7, 0.3, 0, 0.3))
    assert (imp.reference_priced, imp.bec_primary) == pytest.approx((1.0, 1.0))
    shares = pc.goods_types[["commodity", "reference_priced", "differentiated", "unclassified"]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0, rtol=1e-12)
    assert pc.goods_types.bec_primary.between(0, 1).all()


def test_goods_type_cards(hs_con):
    from tradebridge.evidence.complexity_cards import goods_type_cards

    con, _ = hs_con
    pc = pair_complexity(con, REPORTER, MEMBERS, dataset="fake_hs12", top=5)
    cards = {c.id: c for c in goods_type_cards(pc.goods_types, REPORTER, "fake_hs12", ())}
    card = cards["complexity.goods_types.KOR-CHL.exports.2015"]
    assert card.statement("en") == ("In 2015, 70.0% of Korea's exports to Chile were differentiated goods and 0.0% "
                                    "exchange-traded commodities (Rauch); 30.0% were primary goods (BEC).")
