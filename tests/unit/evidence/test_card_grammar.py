"""Statements of evidence cards in es and ko: agreement, plurals, particles and signed changes, on small
hand-made inputs (the values are made up; the texts are what the rules of tradebridge.i18n give)."""

from __future__ import annotations

import pandas as pd

from tradebridge.evidence.agreement_cards import treaty_cards
from tradebridge.evidence.model_cards import pooled_card
from tradebridge.evidence.perception_cards import interview_cards
from tradebridge.evidence.trade_cards import exports_since_cards, flow_cards, fta_window_cards, growth_cards
from tradebridge.interviews.codebook import Codebook, Theme


def _windows(measure: str, pre: float, post: float) -> pd.DataFrame:
    base = {"partner": "PER", "agreement_id": "KOR-PER-FTA", "measure": measure, "entry_year": 2011}
    return pd.DataFrame([{**base, "period": "pre", "cagr": pre, "first_year": 2004, "last_year": 2008},
                         {**base, "period": "post", "cagr": post, "first_year": 2012, "last_year": 2016}])


def test_total_trade_agrees_in_the_singular_and_a_fall_is_a_fall():
    card = fta_window_cards(_windows("total_trade", 0.298, -0.041), "KOR", (), "made_up")[0]
    es, ko, en = card.statement("es"), card.statement("ko"), card.statement("en")
    assert es.startswith("El comercio total entre Corea y Perú creció un 29,8\u00a0% anual en 2004–2008 y cayó un "
                         "4,1\u00a0% anual en 2012–2016")
    assert "crecieron" not in es
    assert "연평균 29.8% 증가했고, 발효 후 2012–2016에는 연평균 4.1% 감소했다." in ko and "−4.1% 증가" not in ko
    assert "grew 29.8% a year in 2004–2008 and fell 4.1% a year in 2012–2016" in en


def test_exports_agree_in_the_plural():
    es = fta_window_cards(_windows("exports", 0.05, 0.02), "KOR", (), "made_up")[0].statement("es")
    assert es.startswith("Las exportaciones entre Corea y Perú crecieron un 5,0\u00a0% anual")


def _yearly(partner: str) -> pd.DataFrame:
    return pd.DataFrame([
        {"partner": partner, "year": 1996, "exports": 2.0e9, "imports": 1.0e9, "total_trade": 3.0e9,
         "balance": 1.0e9, "share_of_world_trade": 0.01},
        {"partner": partner, "year": 2008, "exports": 3.0e9, "imports": 1.5e9, "total_trade": 4.5e9,
         "balance": 1.5e9, "share_of_world_trade": 0.012},
        {"partner": partner, "year": 2016, "exports": 1.0e9, "imports": 1.0e9, "total_trade": 2.0e9,
         "balance": 0.0, "share_of_world_trade": 0.008},
    ])


def test_bloc_takes_its_article_and_particles():
    card = flow_cards(_yearly("PA"), "KOR", (), "made_up")[0]
    assert "Corea exportó US$1,00 mil millones a la Alianza del Pacífico" in card.statement("es")
    assert "Korea exported US$1.00 bn to the Pacific Alliance" in card.statement("en")
    assert "수입은 10.0억 달러며 무역수지는 0 달러였다" in card.statement("ko")  # copula after a vowel: 며, 였다
    mercosur = flow_cards(_yearly("MERCOSUR"), "BRA", (), "made_up")[0].statement("es")
    assert "Brasil exportó US$1,00 mil millones al MERCOSUR" in mercosur


def test_a_fall_in_total_trade_or_exports_is_not_called_growth():
    growth = growth_cards(_yearly("CHL"), "KOR", (), "made_up")[0]
    assert "Trade between Korea and Chile fell from US$3.00 bn in 1996 to US$2.00 bn in 2016" in growth.statement("en")
    assert "2016년 20.0억 달러로 감소했다" in growth.statement("ko")
    since = exports_since_cards(_yearly("CHL"), "KOR", (), "made_up")[0]
    assert "2016년 10.0억 달러로 감소했다(−66.7%)" in since.statement("ko")


def test_counts_agree_with_cldr_plural_rules():
    freq = pd.DataFrame([{"theme": "t1", "segments": 1, "transcripts": 1, "country": "CHL"},
                         {"theme": "t2", "segments": 2, "transcripts": 1, "country": "MEX"},
                         {"theme": "t2", "segments": 1, "transcripts": 1, "country": "PER"}])
    book = Codebook("made_up", (Theme("t1", {"en": "One", "es": "Uno", "ko": "하나"}),
                                Theme("t2", {"en": "Two", "es": "Dos", "ko": "둘"})))
    one, two = interview_cards(freq, pd.DataFrame(columns=["theme", "quote"]), book, demo=True, source="made up")
    assert one.statement("es") == "«Uno» apareció en 1 fragmento codificado de 1 entrevista (Chile)."
    assert one.statement("en") == "“One” came up in 1 coded passage of 1 interview (Chile)."
    assert two.statement("es") == "«Dos» apareció en 3 fragmentos codificados de 2 entrevistas (México, Perú)."
    assert two.statement("ko") == "“둘” 주제는 인터뷰 2건의 코딩된 3개 구절에서 나타났다(멕시코, 페루)."


def test_pooled_effect_says_lowered_for_a_negative_effect():
    card = pooled_card(-0.1, 0.05, {"effect": -0.095, "ci_low": -0.18, "ci_high": -0.005}, ["X"], ())
    assert "lowered bilateral trade by 9.5%" in card.statement("en")
    assert "redujeron el comercio bilateral en 9,5\u00a0%" in card.statement("es")
    assert "양자 교역을 9.5% 줄였다" in card.statement("ko")


def test_treaty_dates_are_words_not_iso():
    treaties = pd.DataFrame([{"partner": "CHL", "name": "Korea–Chile BIT", "signed": pd.Timestamp("1996-09-06"),
                              "in_force": pd.Timestamp("1999-09-16"), "terminated": pd.NaT}])
    card = treaty_cards(treaties, "KOR", ())[0]
    assert card.statement("en") == "Korea–Chile BIT: signed September 6, 1996, in force September 16, 1999, in force."
    assert "1996년 9월 6일 서명, 1999년 9월 16일 발효" in card.statement("ko")
    assert "firma 6 de septiembre de 1996" in card.statement("es")
