"""Composition, partners' view and shock cards on small hand-checked cases (made-up values; the
expected numbers are worked out by hand in the comments)."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from tradebridge.evidence.composition_cards import bilateral_composition_cards, composition_gap
from tradebridge.evidence.relation_cards import (
    covid_cards,
    covid_not_covered,
    fx_cards,
    fx_elasticity_cards,
    fx_series,
    weight_cards,
)
from tradebridge.i18n import LANGS
from tradebridge.indicators import composition_view as cv
from tradebridge.reference.blocs import Scope


def _mem(*args, **kw):
    return ibis.memtable(pd.DataFrame(*args, **kw))


# made-up aggregate flows: KOR, CHL, PER and the rest of the world (USA), one year
FLOWS = pd.DataFrame([
    ("KOR", "CHL", 3.0), ("CHL", "KOR", 5.0), ("KOR", "PER", 1.0), ("PER", "KOR", 2.0), ("KOR", "USA", 6.0),
    ("CHL", "USA", 15.0), ("PER", "USA", 8.0), ("CHL", "PER", 1.0), ("USA", "KOR", 10.0), ("USA", "CHL", 9.0),
    ("USA", "PER", 4.0), ("KOR", "KOR", 99.0),  # a domestic flow, excluded
], columns=["exporter", "importer", "value_usd"]).assign(year=2016)


def test_partner_weights_hand_checked():
    w = cv.partner_weights(ibis.memtable(FLOWS), "KOR", ["CHL", "PER"], bloc="PA").to_pandas().set_index("partner")
    # KOR exports 3+1+6 = 10, imports 5+2+10 = 17; CHL exports 5+15+1 = 21, imports 3+9 = 12;
    # PER exports 2+8 = 10, imports 1+1+4 = 6
    chl = w.loc["CHL"]
    assert chl.p_share_of_r_exports == pytest.approx(3 / 10) and chl.p_share_of_r_imports == pytest.approx(5 / 17)
    assert chl.r_share_of_p_exports == pytest.approx(5 / 21) and chl.r_share_of_p_imports == pytest.approx(3 / 12)
    # the bloc: flows 3+1 out, 5+2 in; its world exports 21+10 = 31 (incl. CHL->PER), imports 12+6 = 18
    pa = w.loc["PA"]
    assert pa.r_share_of_p_exports == pytest.approx(7 / 31) and pa.r_share_of_p_imports == pytest.approx(4 / 18)
    assert pa.p_share_of_r_exports == pytest.approx(4 / 10)


def test_partner_weights_bloc_needs_every_member():
    flows = FLOWS[~((FLOWS.exporter == "PER") | (FLOWS.importer == "PER"))]
    w = cv.partner_weights(ibis.memtable(flows), "KOR", ["CHL", "PER"], bloc="PA").to_pandas()
    assert set(w["partner"]) == {"CHL"}  # PER has no flow: no PER row and no bloc row (never a partial sum)


def test_sitc2_groups_split_and_map():
    con = ibis.duckdb.connect()
    rauch = con.create_table("rauch", _mem({"sitc2": ["6821", "7810"], "conservative": ["w", "n"],
                                                    "liberal": ["w", "n"]}))
    conc = con.create_table("concordances", _mem({
        "source_classification": ["SITC2", "SITC2", "SITC2", "HS0", "HS0", "HS0"],
        "source_code": ["6821", "7810", "7810", "740311", "870323", "401110"],
        "target_classification": ["BEC4", "BEC4", "BEC4", "SITC2", "SITC2", "SITC2"],
        "target_code": ["220", "510", "522", "6821", "7810", "7810"]}))
    flows = ibis.memtable({"exporter": ["CHL", "CHL", "CHL"], "year": [2000] * 3, "product": ["6821", "7810", "0000"],
                           "value_usd": [60.0, 30.0, 10.0]})

    def shares(by):
        g = cv.group_shares(cv.sitc2_group(flows, by, concordances=conc, rauch=rauch), ["exporter", "year"])
        return dict(g.to_pandas()[["group", "share"]].values)

    assert shares("rauch") == pytest.approx({"commodity": 0.6, "differentiated": 0.3, "unclassified": 0.1})
    # 7810 links to BEC 510 (not allocated) and 522 (consumption): 15 each
    assert shares("end_use") == pytest.approx({"intermediate": 0.6, "not_allocated": 0.15, "consumption": 0.15,
                                               "unclassified": 0.1})
    # 7810 <- HS 870323 (automotive) and 401110 (tyres: other): split in two
    assert shares("sector") == pytest.approx({"metals": 0.6, "automotive": 0.15, "other": 0.15, "unclassified": 0.1})


def test_sector_flow_shares_both_directions_and_bloc():
    con = ibis.duckdb.connect()
    con.create_table("sector_flows", _mem({
        "dataset": "icio", "exporter": ["KOR", "KOR", "CHL", "KOR"], "importer": ["CHL", "CHL", "KOR", "PER"],
        "year": 2022, "sector": ["C29", "G", "B07", "C20"], "value_usd": [3.0, 1.0, 2.0, 4.0]}))
    s = cv.sector_flow_shares(con, "KOR", ["CHL", "PER"], dataset="icio", bloc="PA").to_pandas()
    got = {(r.exporter, r.market, r.group): r.share for r in s.itertuples()}
    assert got[("KOR", "CHL", "automotive")] == pytest.approx(0.75)
    assert got[("CHL", "KOR", "mining_fuels")] == pytest.approx(1.0)
    assert got[("KOR", "PA", "chemicals")] == pytest.approx(4 / 8)  # KOR->CHL 4 + KOR->PER 4


WEIGHTS = pd.DataFrame({"year": [1992, 1996, 2016], "partner": "CHL", "exports": [1.0, 1.0, 2.0],
                        "imports": [3.0, 3.0, 6.0], "p_share_of_r_exports": [0.5, 0.01, 0.02],
                        "p_share_of_r_imports": [0.5, 0.01, 0.01], "r_share_of_p_exports": [0.5, 0.05, 0.07],
                        "r_share_of_p_imports": [0.5, 0.02, 0.03]})


def test_weight_card_base_year_and_change():
    (card,) = weight_cards(WEIGHTS, "KOR", ())
    v = card.values
    assert (v["year"], v["y0"]) == (2016, 1996)  # 1992 is more than 20 years back
    assert v["r_share_of_p_exports_change_pp"] == pytest.approx(2.0)  # 7% - 5%
    assert v["weight_ratio"] == pytest.approx((0.07 + 0.03) / (0.02 + 0.01))
    assert card.statement("en") == ("In 2016, Korea took 7.0% of Chile's exports and supplied 3.0% of its imports "
                                    "(5.0% and 2.0% in 1996); Chile took 2.0% of Korea's exports and supplied 1.0% "
                                    "of its imports.")
    assert card.statement("ko").startswith("2016년 대한민국은 칠레 수출의 7.0%, 수입의 3.0%를 차지했고")


def test_weight_card_for_the_bloc_takes_articles():
    (card,) = weight_cards(WEIGHTS.assign(partner="PA"), "KOR", ())
    assert "of the Pacific Alliance's exports" in card.statement("en")
    assert "de las exportaciones de la Alianza del Pacífico" in card.statement("es")
    assert "태평양동맹은 대한민국 수출의" in card.statement("ko")


def test_fx_series_and_card():
    fx = pd.DataFrame({"country": ["KOR", "CHL"] * 3, "year": [1988, 1988, 1992, 1992, 1996, 1996],
                       "fx_lcu_per_usd": [700.0, 250.0, 800.0, 400.0, 900.0, 600.0]})
    yearly = pd.DataFrame({"partner": "CHL", "year": [1992, 1996], "exports": [10.0, 15.0]})
    s = fx_series(fx, yearly, "KOR", ["CHL"])
    assert s["year"].tolist() == [1992, 1996]  # from 1990 on
    assert s["fx_bilateral"].tolist() == pytest.approx([2.0, 1.5])  # won per peso: 800/400, 900/600
    (card,) = fx_cards(s, "KOR", ())
    assert card.values["fx_change"] == pytest.approx(-0.25) and card.values["exports_change"] == pytest.approx(0.5)
    assert card.values["series"][0] == {"year": 1992, "fx_partner_usd": 400.0, "fx_reporter_usd": 800.0,
                                        "fx_bilateral": 2.0, "exports": 10.0}
    assert "Chile's currency lost 25.0% against Korea's" in card.statement("en")


def test_fx_elasticity_card_needs_a_proper_interval():
    table = pd.DataFrame({"partner": ["CHL", "MEX", "pooled"], "elasticity": [-2.0, 0.5, 0.1],
                          "se": [0.5, 0.0, 0.2], "ci_low": [-3.0, 0.5, -0.3], "ci_high": [-1.0, 0.5, 0.5],
                          "years": "1992-2016", "n": [7, 7, 14]})
    cards = {c.id: c for c in fx_elasticity_cards(table, "KOR", "PA", "all goods", ())}
    assert set(cards) == {"shocks.fx_elasticity.KOR-CHL", "shocks.fx_elasticity.KOR-PA"}  # zero-width MEX dropped
    assert cards["shocks.fx_elasticity.KOR-CHL"].values["significant"]
    assert not cards["shocks.fx_elasticity.KOR-PA"].values["significant"]
    assert "(todos los bienes)" in cards["shocks.fx_elasticity.KOR-PA"].statement("es")


def test_covid_cards_status():
    card = covid_not_covered("KOR", 2016, ())
    assert card.values["status"] == "not covered" and card.values["data_end"] == 2016
    assert "end in 2016" in card.statement("en") and "2016년에 끝나" in card.statement("ko")
    table = pd.DataFrame({"exporter": "KOR", "importer": "CHL", "group": ["87", "85"], "year": 2020,
                          "actual": [80.0, 10.0], "trend": [100.0, 10.0]})
    cards = {c.id: c for c in covid_cards(table, "KOR", ())}
    assert cards["shocks.covid.KOR"].values["status"] == "covered"
    dev = cards["shocks.covid.KOR-CHL.2020"]
    assert dev.values["deviation"] == pytest.approx(90 / 110 - 1)  # groups summed: 90 vs a trend of 110
    assert "below their 2015–2019 trend" in dev.statement("en")


class _Store:
    """The two methods the composition cards use, on an in-memory backend."""

    def __init__(self, con):
        self.con = con

    def ibis(self):
        return self.con

    def has_dataset(self, name):
        return True


def _bilateral_con() -> ibis.BaseBackend:
    con = ibis.duckdb.connect()
    con.create_table("trade_flows", _mem({
        "dataset": "baci_made_up", "classification": "HS5",
        "exporter": ["KOR", "KOR", "CHL", "CHL", "KOR", "KOR"], "importer": ["CHL", "CHL", "KOR", "KOR", "CHL", "CHL"],
        "year": [2020, 2020, 2020, 2020, 2019, 2019], "product": ["870323", "851712", "740311", "080610", "870323", "851712"],
        "value_usd": [60.0, 40.0, 90.0, 10.0, 1.0, 1.0]}))
    con.create_table("concordances", _mem({
        "source_classification": "HS5", "source_code": ["870323", "851712", "740311", "080610"],
        "target_classification": ["SITC2"] * 4, "target_code": ["7810", "7641", "6821", "0575"]}))
    con.create_table("rauch", _mem({"sitc2": ["7810", "7641", "6821", "0575"],
                                            "conservative": ["n", "n", "w", "r"], "liberal": ["n", "n", "w", "r"]}))
    con.create_table("products", _mem({"classification": "HS", "code": ["870323"],
                                               "description": ["Cars, 1500-3000 cc"]}))
    return con


def test_bilateral_cards_each_direction_latest_year():
    scope = Scope("KOR", ("CHL",), None, "comtrade_aggregate")
    cards, frame, gaps = bilateral_composition_cards(_Store(_bilateral_con()), scope, lambda ds: ())
    by = {c.id: c for c in cards}
    goods = by["composition.goods.KOR-CHL.2020"]  # 2020 is the latest year
    assert goods.values["differentiated"] == pytest.approx(1.0) and goods.values["dataset"] == "baci_made_up"
    back = by["composition.goods.CHL-KOR.2020"]
    assert (back.values["commodity"], back.values["reference_priced"]) == pytest.approx((0.9, 0.1))
    sectors = by["composition.sectors.KOR-CHL.2020"].values
    assert (sectors["automotive"], sectors["electronics"], sectors["top_sector"]) == (0.6, 0.4, "automotive")
    top = by["composition.top.KOR-CHL.2020"].values
    assert top["top1_code"] == "870323" and top["top1"] == "870323 Cars, 1500-3000 cc" and top["top1_share"] == 0.6
    assert "to Chile" in goods.statement("en") and gaps == []
    assert set(frame["grouping"]) == {"rauch", "end_use", "sector"}


def test_a_pair_without_product_data_has_a_gap_not_a_card():
    con = _bilateral_con()
    scope = Scope("KOR", ("CHL", "PER"), "PA", "comtrade_aggregate")
    cards, _, gaps = bilateral_composition_cards(_Store(con), scope, lambda ds: ())
    assert not [c for c in cards if "PER" in c.id or "PA" in c.id]  # the bloc needs every member's data
    assert [g["pair"] for g in gaps] == ["KOR-PER", "KOR-PA"]
    assert set(gaps[0]["reason"]) == set(LANGS) and "--partners PER" in gaps[0]["fetch"]
    assert composition_gap("KOR", "PA")["reason"]["es"].startswith(
        "El almacén no contiene comercio por producto (SA) entre Corea y la Alianza del Pacífico")
