"""The new evidence cards on the reference warehouse (real data), checked against independent computations
from the raw files and against the library's other implementation of the same shares."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from tradebridge.evidence.collect import collect_evidence
from tradebridge.evidence.rules import evaluate_rules, load_rules
from tradebridge.i18n import LANGS
from tradebridge.reference.blocs import resolve_scope

NEW = ("composition.", "partners.", "shocks.")


@pytest.fixture(scope="module")
def evidence(store_path):
    return collect_evidence(store_path, resolve_scope("KOR", "PA"), models=False)


@pytest.fixture(scope="module")
def comtrade(raw_dir) -> pd.DataFrame:
    df = pd.read_csv(raw_dir / "trade" / "comtrade_aggregate_1964_2016.csv.gz", usecols=["exp", "imp", "time", "export"])
    return df[(df["time"] == 2016) & (df["exp"] != df["imp"])]


def test_korea_share_of_chile_exports_matches_the_raw_file(evidence, comtrade):
    v = evidence.cards["partners.weight.KOR-CHL.2016"].values
    chl_out = comtrade[comtrade["exp"] == "CHL"]
    to_kor = chl_out.loc[chl_out["imp"] == "KOR", "export"].sum()
    # same data summed by pandas from the raw CSV: float sums in another order, so 1e-9 relative
    assert v["r_share_of_p_exports"] == pytest.approx(to_kor / chl_out["export"].sum(), rel=1e-9)
    assert v["r_share_of_p_exports"] == pytest.approx(0.070, abs=0.0005)  # the "7.0% of Chile's exports"
    kor_in = comtrade[comtrade["imp"] == "KOR"]
    assert v["p_share_of_r_imports"] == pytest.approx(to_kor / kor_in["export"].sum(), rel=1e-9)
    members = ["CHL", "COL", "MEX", "PER"]
    pa_out = comtrade[comtrade["exp"].isin(members)]
    bloc = evidence.cards["partners.weight.KOR-PA.2016"].values
    assert bloc["r_share_of_p_exports"] == pytest.approx(
        pa_out.loc[pa_out["imp"] == "KOR", "export"].sum() / pa_out["export"].sum(), rel=1e-9)
    assert bloc["y0"] == 1996


def test_world_rauch_shares_agree_with_the_complexity_implementation(evidence):
    for c in ("KOR", "CHL", "COL", "MEX", "PER"):
        mine = evidence.cards[f"composition.goods.{c}-WLD.2000"].values
        other = evidence.cards[f"complexity.rauch.{c}.2000"].values  # pandas implementation (opportunities)
        for k in ("commodity", "reference_priced", "differentiated"):
            assert mine[k] == pytest.approx(other[k], abs=1e-12), (c, k)


def test_composition_shares_add_up(evidence):
    for card in evidence.find("composition.goods."):
        v = card.values
        rauch = v["commodity"] + v["reference_priced"] + v["differentiated"] + v["rauch_unclassified"]
        end_use = v["capital"] + v["intermediate"] + v["consumption"] + v["end_use_not_allocated"]
        assert rauch == pytest.approx(1.0) and end_use == pytest.approx(1.0), card.id
    for card in evidence.find("composition.sectors.") + evidence.find("composition.intermediates."):
        groups = ("agriculture_food", "mining_fuels", "chemicals", "metals", "electronics", "automotive", "other",
                  "unclassified")
        assert sum(card.values[g] for g in groups) == pytest.approx(1.0), card.id
    kor = evidence.cards["composition.sectors.KOR-WLD.2000"].values
    assert kor["top_sector"] == "electronics"
    assert evidence.cards["composition.top.CHL-WLD.2000"].values["top1_code"] == "6821"  # refined copper
    assert all(c.illustrative for c in evidence.find("composition.intermediates."))


def test_no_bilateral_product_data_means_gaps_not_cards(evidence):
    assert not [i for i in evidence.cards if re.match(r"composition\.(goods|sectors|top)\.\w+-(?!WLD)", i)]
    gaps = evidence.notes["composition_gaps"]
    assert [g["pair"] for g in gaps] == ["KOR-CHL", "KOR-COL", "KOR-MEX", "KOR-PER", "KOR-PA"]
    assert all(set(g["reason"]) == set(LANGS) for g in gaps)


def test_exchange_rate_card_and_covid_status(evidence, raw_dir):
    fx = pd.read_csv(raw_dir / "macro" / "imf_fx_annual_lcu_per_usd.csv.gz")
    rate = {c: fx.loc[(fx["Currency"] == c) & fx["Date"].str.startswith("2016"), "Rate"].iloc[0] for c in ("KRW", "CLP")}
    card = evidence.cards["shocks.fx.KOR-CHL"]
    assert card.values["y1"] == 2016
    assert card.values["fx_1"] == pytest.approx(rate["KRW"] / rate["CLP"], rel=1e-12)  # won per peso
    assert [p["year"] for p in card.values["series"]][:2] == [1990, 1991]
    assert not evidence.find("shocks.fx.KOR-PA")  # a bloc has no currency
    covid = evidence.cards["shocks.covid.KOR"].values
    assert (covid["status"], covid["data_end"]) == ("not covered", 2016)
    assert set(evidence.frames["fx_exports"]["partner"]) == {"CHL", "COL", "MEX", "PER"}


def test_new_cards_have_no_nan_and_no_zero_width_interval(evidence):
    for cid, card in evidence.cards.items():
        if not cid.startswith(NEW):
            continue
        for lang in LANGS:
            text = card.statement(lang)
            assert not re.search(r"\bnan\b", text, re.IGNORECASE), (cid, lang, text)
            assert "{" not in text and "–)" not in text, (cid, lang, text)
            for a, b in re.findall(r"([−\d.,]+%?) (?:to|a|~) ([−\d.,]+%?)", text):
                assert a != b, (cid, text)
        for k, v in card.values.items():
            assert not (isinstance(v, float) and not math.isfinite(v)), (cid, k)


def test_default_build_recommendations_use_real_cards_only(evidence):
    recs = evaluate_rules(load_rules(), evidence.cards, reporter="KOR", bloc="PA")
    assert 6 <= len(recs) <= 8
    assert {r.area for r in recs} == {"multilateral", "trade", "investment", "cooperation"}
    assert not any(r.demo_based for r in recs)
    assert all(i in evidence.cards and not evidence.cards[i].demo for r in recs for i in r.evidence)
    by = {r.rule: r for r in recs}
    assert "composition.goods.PA-WLD.2000" in by["trade-beyond-commodities"].evidence
    assert "partners.weight.KOR-PA.2016" in by["multilateral-associate-membership"].evidence
    assert by["multilateral-associate-membership"].text("ko").startswith("최초의 준회원국 후보 협정인 태평양동맹–싱가포르")


def test_fx_elasticity_on_the_real_panel(store_path):
    from tradebridge.evidence.relation_cards import relation_evidence
    from tradebridge.indicators.overview import trade_overview
    from tradebridge.store import Store

    scope = resolve_scope("KOR", "PA")
    with Store.open(store_path) as st:
        ov = trade_overview(st.ibis(), "KOR", "PA", dataset=scope.dataset)
        cards, _ = relation_evidence(st, scope, ov.yearly, lambda ds: (), models=True)
    el = {c.id: c.values for c in cards if c.id.startswith("shocks.fx_elasticity.")}
    assert "shocks.fx_elasticity.KOR-PA" in el and el["shocks.fx_elasticity.KOR-PA"]["n"] == 28  # 4 x 7 years
    for v in el.values():
        assert v["ci_low"] < v["elasticity"] < v["ci_high"] and v["goods"] == "all goods"
        assert v["years"] == "1992–2016"  # the four-yearly panel from 1990 on
