"""Card sentences a reader would misread: a four-yearly panel counted as calendar years, a treaty "in force –"."""

from __future__ import annotations

import pandas as pd

from tradebridge.evidence.agreement_cards import treaty_cards
from tradebridge.evidence.trade_cards import balance_record_cards


def _yearly(years: list[int], balances: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"partner": "MEX", "year": years, "balance": balances,
                         "total_trade": [10.0] * len(years)})


def test_a_four_yearly_panel_is_counted_as_panel_years() -> None:
    card, = balance_record_cards(_yearly([2004, 2008, 2012, 2016], [1.0, -1.0, 2.0, 3.0]), "KOR", (), "comtrade_aggregate")
    assert card.values["spacing"] == 4 and card.values["surplus"] == 3
    assert card.statement("en").endswith("in 3 of the 4 panel years (2004–2016, one year in 4).")
    assert "un año de cada 4" in card.statement("es")
    assert card.statement("ko").startswith("4년 간격 패널의 4개 연도")


def test_a_yearly_or_irregular_panel_says_years_observed() -> None:
    card, = balance_record_cards(_yearly([2004, 2005, 2007], [1.0, 1.0, -1.0]), "KOR", (), "comtrade_aggregate")
    assert card.values["spacing"] == 1
    assert "in 2 of the 3 years observed (2004–2007)" in card.statement("en")


def test_a_treaty_never_in_force_does_not_print_a_dash_for_its_date() -> None:
    treaties = pd.DataFrame([
        {"partner": "COL", "name": "BIT", "signed": pd.Timestamp("2010-07-14"), "in_force": pd.NaT,
         "terminated": pd.NaT},
        {"partner": "CHL", "name": "BIT", "signed": pd.Timestamp("1996-09-06"),
         "in_force": pd.Timestamp("1999-09-16"), "terminated": pd.NaT},
    ])
    never, in_force = treaty_cards(treaties, "KOR", ())
    for lang in ("en", "es", "ko"):
        assert "–," not in never.statement(lang) and "– " not in never.statement(lang)
    assert "signed, not in force" in never.statement("en")
    assert "in force" in in_force.statement("en") and "1999" in in_force.statement("en")


def test_a_stage_without_a_note_has_no_nan_caveat() -> None:
    from tradebridge.evidence.agreement_cards import timeline_cards

    stages = pd.DataFrame([
        {"agreement_id": "KOR-CHL-FTA", "stage": "in_force", "date": pd.Timestamp("2004-04-01"),
         "precision": "day", "confidence": "H", "source": "verified_facts", "note": float("nan")},
        {"agreement_id": "KOR-CHL-FTA", "stage": "signed", "date": pd.Timestamp("2003-02-15"),
         "precision": "day", "confidence": "H", "source": "verified_facts", "note": "signed in Seoul"},
    ])
    agreements = pd.DataFrame({"agreement_id": ["KOR-CHL-FTA"], "name": ["Korea–Chile FTA"]})
    cards = {c.values["stage"]: c for c in timeline_cards(stages, agreements, ())}
    assert cards["in_force"].caveats == ("source: verified_facts",)
    assert cards["signed"].caveats == ("source: verified_facts", "signed in Seoul")
