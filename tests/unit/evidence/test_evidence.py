"""Evidence cards, rules and claims on small hand-checked cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradebridge.errors import ConfigError, DataError
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.evidence.claims import claim_deficit_mexico, claim_kor_exports_chile
from tradebridge.evidence.model_cards import fta_effect_cards, scenario_cards
from tradebridge.evidence.rules import Rule, evaluate_rules, load_rules
from tradebridge.evidence.trade_cards import balance_record_cards, growth_cards
from tradebridge.i18n import pct, usd

YEARLY = pd.DataFrame({
    "partner": ["MEX"] * 4 + ["CHL"] * 4,
    "year": [2004, 2008, 2012, 2016] * 2,
    "exports": [3e9, 9e9, 9e9, 10e9, 1.0e9, 3.0e9, 2.6e9, 2.8e9],
    "imports": [1e8, 5e8, 2e9, 12e9, 1.8e9, 4e9, 4.5e9, 4e9],
})
YEARLY["total_trade"] = YEARLY["exports"] + YEARLY["imports"]
YEARLY["balance"] = YEARLY["exports"] - YEARLY["imports"]


def test_growth_card_hand_checked():
    card = next(c for c in growth_cards(YEARLY, "KOR", (), "x") if c.values["partner"] == "MEX")
    # 2004 total 3.1e9 -> 2016 total 22e9 over 12 years: multiple 7.0968, CAGR 7.0968**(1/12)-1 = 0.17737
    assert card.values["multiple"] == pytest.approx(22e9 / 3.1e9)
    assert card.values["cagr"] == pytest.approx((22e9 / 3.1e9) ** (1 / 12) - 1)
    assert card.id == "trade.growth.KOR-MEX.2004-2016"
    assert "US$3.10 bn in 2004 to US$22.00 bn in 2016" in card.statement("en")


def test_balance_record_counts_surplus_years():
    cards = {c.values["partner"]: c for c in balance_record_cards(YEARLY, "KOR", (), "x")}
    assert (cards["MEX"].values["surplus"], cards["MEX"].values["n"]) == (3, 4)  # 2016: 10e9 - 12e9 < 0
    assert cards["CHL"].values["surplus"] == 0


def test_claims_thresholds():
    frames = {"yearly": YEARLY}
    chile = claim_kor_exports_chile({}, frames, "KOR")
    # 2004->2008: +200%; 2008->2016: 2.8/3.0-1 = -6.7%, within the ±15% band -> supported
    assert chile.verdict == "supported"
    assert chile.values["change_since_2008"] == pytest.approx(2.8 / 3.0 - 1)
    mex = claim_deficit_mexico({}, frames, "KOR")
    # Mexico in deficit (Korea in surplus) 3 of 4 years, but not in 2016 -> not "supported"
    assert mex.verdict == "partly supported" and mex.values["deficit_years"] == 3
    empty = claim_kor_exports_chile({}, {"yearly": YEARLY[YEARLY.partner == "MEX"]}, "KOR")
    assert empty.verdict == "needs data" and empty.fetch


def test_fta_effect_card_uses_the_longest_identified_total():
    effects = pd.DataFrame([
        {"agreement": "A", "exporter": "KOR", "importer": "CHL", "kind": "on entry", "years_in_force": 0,
         "estimate": 0.1, "se": 0.05, "effect": math.expm1(0.1), "ci_low": -0.1, "ci_high": 0.2},
        {"agreement": "A", "exporter": "KOR", "importer": "CHL", "kind": "total after 4 years", "years_in_force": 4,
         "estimate": 0.5, "se": 0.1, "effect": math.expm1(0.5), "ci_low": 0.3, "ci_high": 0.9},
        {"agreement": "A", "exporter": "KOR", "importer": "CHL", "kind": "not identified", "years_in_force": 8},
    ])
    (card,) = fta_effect_cards(effects, "spec", ())
    assert card.values["effect"] == pytest.approx(math.expm1(0.5)) and card.values["years"] == 4
    assert "+64.9%" in card.statement("en")  # exp(0.5) - 1 = 0.6487


def test_scenario_cards_convert_percent_to_fractions():
    frame = pd.DataFrame([{"country": "KOR", "welfare": 0.026, "welfare_lo": 0.02, "welfare_hi": 0.034,
                           "exports": 0.53, "imports": 0.99}])
    (card,) = scenario_cards("s", "Korea–Mexico FTA", frame, 0.9, 0.53, 0.13, ())
    assert card.values["welfare"] == pytest.approx(0.00026)
    assert "+0.026%" in card.statement("en") and "+0.53%" in card.statement("en")


def _card(cid, **values):
    return EvidenceCard(cid, "t", {"en": ""}, values)


def test_rules_conditions_and_evidence():
    cards = {c.id: c for c in [_card("trade.balance_record.KOR-MEX", surplus_share=0.8),
                               _card("trade.balance_record.KOR-CHL", surplus_share=0.2),
                               _card("timeline.KOR-MEX-FTA.01", stage="Talks stall")]}
    rule = Rule("r", "trade", ({"card": "trade.balance_record.{reporter}-*", "field": "surplus_share",
                                "op": ">=", "value": 0.6},),
                ({"card": "timeline.KOR-MEX-FTA.*", "field": "stage", "op": "startswith", "value": "Talks"},),
                {"en": "x {bloc}", "es": "y {bloc}"})
    (rec,) = evaluate_rules([rule], cards, reporter="KOR", bloc="PA")
    assert rec.evidence == ("trade.balance_record.KOR-MEX", "timeline.KOR-MEX-FTA.01")
    assert rec.text("es") == "y Alianza del Pacífico" and rec.text("ko") == rec.text("en")
    miss = Rule("m", "trade", ({"card": "nothing.*", "op": "exists"},), (), {"en": "never"})
    assert evaluate_rules([miss], cards, reporter="KOR", bloc="PA") == []


def test_shipped_rules_cover_four_areas_in_three_languages():
    rules = load_rules()
    assert {r.area for r in rules} == {"multilateral", "trade", "investment", "cooperation"}
    assert all(set(r.text) == {"en", "es", "ko"} for r in rules)
    assert not any(ch.isdigit() for r in rules for t in r.text.values() for ch in t.replace("5G", ""))


def test_bad_rules_file_errors(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("- {id: x, area: foreign, text: {en: hi}}\n")
    with pytest.raises(ConfigError, match="valid values: multilateral, trade, investment, cooperation"):
        load_rules(p)
    p.write_text("- {id: x, area: trade}\n")
    with pytest.raises(DataError, match="missing 'text'"):
        load_rules(p)
    p.write_text("- {id: x, area: trade, text: {en: hi}, when: [{card: a, op: '~'}]}\n")
    with pytest.raises(ConfigError, match="valid values: exists"):
        load_rules(p)


@given(st.floats(-1e13, 1e13, allow_nan=False))
def test_usd_formats_round_trip_to_three_significant_digits(x):
    text = usd(x, "en")
    assert text.startswith("−" if x < 0 else "US$")
    if abs(x) >= 1e9:
        value = float(text.replace("−", "").replace("US$", "").replace(" bn", "").replace(",", ""))
        assert value == pytest.approx(abs(x) / 1e9, abs=0.005 + 1e-12)


@given(st.floats(-10, 10, allow_nan=False))
def test_pct_spanish_uses_decimal_comma(x):
    text = pct(x, "es")
    assert text.endswith("\u00a0%")  # CLDR: a no-break space before % in Spanish
    assert "." not in text.split(",")[-1]
