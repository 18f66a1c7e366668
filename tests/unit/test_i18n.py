"""The one i18n module: the string table, t(), LANGS, locale formatting (Babel/CLDR) and the grammar of
templates — a test per rule. Expected texts are written by hand from the rules they check (Korean
particle choice by the final consonant, Spanish articles and contractions, CLDR plural categories,
CLDR number/percent/date patterns for en, es and ko)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradebridge.errors import ConfigError
from tradebridge.i18n import (
    LANGS,
    MISSING,
    STRINGS,
    date_text,
    josa,
    label,
    number,
    pct,
    place,
    render,
    t,
    translator,
    usd,
    usd_millions,
    with_article,
)
from tradebridge.i18n.grammar import FIELD, final_consonant

SRC = Path(__file__).resolve().parents[2] / "src" / "tradebridge"


# ------------------------------------------------------------------ the table and t()
def test_every_string_is_in_every_language_with_the_same_fields():
    for key, entry in STRINGS.items():
        assert set(entry) == set(LANGS), key
        fields = {lang: {m.group(1) for m in FIELD.finditer(text)} for lang, text in entry.items()}
        assert fields["en"] == fields["es"] == fields["ko"], (key, fields)
        assert all(text.strip() for text in entry.values()), key


def test_a_missing_key_is_an_error_that_names_it():
    with pytest.raises(ConfigError, match="no string 'sec_tarde'"):
        t("en", "sec_tarde")
    with pytest.raises(ConfigError, match=r"template field \{reporter\} has no value"):
        t("en", "title", bloc="Pacific Alliance")
    assert label("es", "exports") == "Exportaciones" and label("es", "not_a_key") == "not_a_key"


def test_langs_are_defined_once():
    """No module but tradebridge.i18n (and the Literal of config) spells the language tuple out."""
    spelled = re.compile(r"""(=|\bin)\s*\(\s*["']en["'],\s*["']es["'],\s*["']ko["']\s*\)|^\s*LANGS\s*(:[^=]*)?=""",
                         re.MULTILINE)
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if spelled.search(p.read_text(encoding="utf-8")) and p.parent.name != "i18n"]
    assert offenders == []


def test_the_brief_and_the_dashboard_use_the_one_table():
    from tradebridge.report import charts as report_charts
    from tradebridge.web import charts as web_charts
    from tradebridge.web import dashboard

    assert report_charts.t is t and web_charts.t is t and dashboard.t is t
    assert dashboard.LANGS is LANGS


def test_no_reporter_is_written_into_the_table():
    for key, entry in STRINGS.items():
        for lang, text in entry.items():
            assert not re.search(r"Korea|Corea|한국|대한민국", text), (key, lang)


# ------------------------------------------------------------------ Korean particles
@pytest.mark.parametrize(("word", "particle", "expected"), [
    ("대한민국", "와/과", "대한민국과"), ("칠레", "와/과", "칠레와"),          # final ㄱ vs none
    ("대한민국", "은", "대한민국은"), ("페루", "은", "페루는"),
    ("대한민국", "가", "대한민국이"), ("멕시코", "이", "멕시코가"),
    ("태평양동맹", "를", "태평양동맹을"), ("콜롬비아", "을", "콜롬비아를"),
    ("태평양동맹", "이란", "태평양동맹이란"), ("칠레", "이란", "칠레란"),
    ("30.3억 달러", "이었다", "30.3억 달러였다"), ("5만", "였다", "5만이었다"),
])
def test_korean_particle_follows_the_final_consonant(word, particle, expected):
    assert josa(word, particle) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("서울", "서울로"),      # ㄹ takes 로, like a vowel
    ("부산", "부산으로"),    # another final consonant takes 으로
    ("칠레", "칠레로"),      # a vowel takes 로
    ("7", "7로"),            # 칠: ㄹ
    ("3", "3으로"),          # 삼: ㅁ
])
def test_korean_euro_ro_has_the_rieul_exception(word, expected):
    assert josa(word, "으로/로") == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("2016", "2016이"),   # 육 (ㄱ)
    ("2012", "2012가"),   # 이 (none)
    ("2010", "2010이"),   # 십 (ㅂ): trailing zeros are read as the place
    ("2000", "2000이"),   # 천 (ㄴ)
    ("100", "100이"),     # 백 (ㄱ)
    ("5.9%", "5.9%가"),   # 퍼센트
    ("FTA", "FTA가"),     # 에이
    ("APEC", "APEC가"),   # 씨
    ("GDP", "GDP가"),     # 피
    ("EU", "EU가"),       # 유
    ("ASEAN", "ASEAN이"),  # 엔 (ㄴ)
    ("대한민국(KOR)", "대한민국(KOR)이"),  # a parenthesis at the end is skipped
])
def test_korean_particle_after_digits_letters_and_brackets(word, expected):
    assert josa(word, "이/가") == expected


def test_final_consonant_reads_hangul_syllables():
    assert [final_consonant(w) for w in ("가", "각", "갈", "감", "강")] == [0, 1, 8, 16, 21]


def test_unknown_particle_is_an_error_listing_the_valid_ones():
    with pytest.raises(ConfigError, match="unknown Korean particle '의'; valid: 이/가"):
        josa("칠레", "의")


def test_korean_names_take_the_right_particles_in_a_template():
    text = render("{r:와} {b:은} {b:를} {c:으로}", "ko", {"r": "KOR", "b": "PA", "c": "MEX"},
                  {"r": "place", "b": "place", "c": "place"})
    assert text == "대한민국과 태평양동맹은 태평양동맹을 멕시코로"


def test_particle_alone_after_a_quoted_value():
    assert render("“{o}”{o:~을} 선택했다", "ko", {"o": "시장 정보"}) == "“시장 정보”를 선택했다"


def test_the_pacific_alliance_is_spelled_officially_in_korean():
    assert place("PA", "ko") == "태평양동맹"
    from tradebridge.reference.timeline import agreement_name
    assert " 동맹" not in agreement_name("PA", "ko")


# ------------------------------------------------------------------ articles and agreement
@pytest.mark.parametrize(("name", "prep", "expected"), [
    ("Alianza del Pacífico", "a", "a la Alianza del Pacífico"),
    ("Alianza del Pacífico", "de", "de la Alianza del Pacífico"),
    ("Alianza del Pacífico", "el", "la Alianza del Pacífico"),
    ("MERCOSUR", "a", "al MERCOSUR"),          # a + el = al
    ("MERCOSUR", "de", "del MERCOSUR"),        # de + el = del
    ("MERCOSUR", "con", "con el MERCOSUR"),
    ("Unión Europea", "en", "en la Unión Europea"),
    ("Chile", "a", "a Chile"),                 # countries take no article
    ("Chile", "de", "de Chile"),
])
def test_spanish_article_and_contraction(name, prep, expected):
    assert with_article(name, "es", prep) == expected


def test_english_article_only_where_the_name_takes_one():
    assert with_article("Pacific Alliance", "en", "the") == "the Pacific Alliance"
    assert with_article("MERCOSUR", "en", "the") == "MERCOSUR"
    assert render("{b:El} crece", "es", {"b": "MERCOSUR"}) == "El MERCOSUR crece"


def test_brief_title_agrees_with_the_bloc():
    assert t("es", "title", reporter="Brasil", bloc="MERCOSUR") == "Relaciones económicas entre Brasil y el MERCOSUR"
    assert t("es", "title", reporter="Corea", bloc="Alianza del Pacífico").endswith("y la Alianza del Pacífico")
    assert t("en", "title", reporter="Brazil", bloc="MERCOSUR") == "Economic relations between Brazil and MERCOSUR"
    assert t("ko", "title", reporter="브라질", bloc="남미공동시장") == "브라질과 남미공동시장의 경제 관계"
    assert t("ko", "sec_bloc", bloc="태평양동맹") == "태평양동맹이란?"


@pytest.mark.parametrize(("n", "lang", "expected"), [
    (1, "es", "1 fragmento"), (2, "es", "2 fragmentos"), (0, "es", "0 fragmentos"),
    (1, "en", "1 passage"), (2, "en", "2 passages"), (0, "en", "0 passages"),
    (1, "ko", "1 구절"), (2, "ko", "2 구절"),  # Korean nouns do not inflect (CLDR: only 'other')
])
def test_cldr_plural_forms(n, lang, expected):
    forms = {"es": "fragmento|fragmentos", "en": "passage|passages", "ko": "구절"}[lang]
    assert render("{n:plural:" + forms + "}", lang, {"n": n}) == expected


def test_interview_counts_agree_in_number():
    tpl = "{s:plural:fragmento codificado|fragmentos codificados} de {t:plural:entrevista|entrevistas}"
    assert render(tpl, "es", {"s": 1, "t": 1}) == "1 fragmento codificado de 1 entrevista"
    assert render(tpl, "es", {"s": 3, "t": 2}) == "3 fragmentos codificados de 2 entrevistas"


# ------------------------------------------------------------------ signed changes
@pytest.mark.parametrize(("lang", "plural_subject", "expected"), [
    ("en", False, "fell 5.9%"), ("es", False, "cayó un 5,9\u00a0%"), ("es", True, "cayeron un 5,9\u00a0%"),
    ("ko", False, "5.9% 감소"),
])
def test_a_fall_is_never_called_an_increase(lang, plural_subject, expected):
    spec = "change_pl" if plural_subject else "change"
    assert render("{x:" + spec + "}", lang, {"x": -0.059}, {"x": "pct_signed"}) == expected


@given(st.floats(-0.99, 10, allow_nan=False).filter(lambda x: abs(x) >= 0.0005))
def test_signed_change_words_follow_the_sign(x):
    ko = render("{x:change}했다", "ko", {"x": x}, {"x": "pct_signed"})
    en = render("{x:change}", "en", {"x": x}, {"x": "pct_signed"})
    es = render("{x:change}", "es", {"x": x}, {"x": "pct_signed"})
    assert ("증가했다" in ko) == (x > 0) and ("감소했다" in ko) == (x < 0)
    assert en.startswith("grew" if x > 0 else "fell") and es.startswith("creció" if x > 0 else "cayó")
    assert not any("−" in s or "+" in s for s in (ko, en, es))  # the verb carries the sign


def test_sign_spec_chooses_a_word():
    assert render("{x:sign:raised|lowered} trade by {x:abs}", "en", {"x": -0.12}, {"x": "pct_signed"}) == \
        "lowered trade by 12.0%"


# ------------------------------------------------------------------ locale formatting (CLDR)
def test_numbers_follow_cldr_separators():
    assert number(1234567.891, "en") == "1,234,567.89"
    assert number(1234567.891, "es") == "1.234.567,89"
    assert number(1234.5, "es", 1) == "1234,5"  # Spanish groups from five digits (CLDR minimumGroupingDigits 2)
    assert number(1234567.891, "ko") == "1,234,567.89"
    assert number(-2.5, "en", 1) == "−2.5"


def test_percentages_follow_cldr_patterns():
    assert pct(0.059, "en") == "5.9%" and pct(0.059, "ko") == "5.9%"
    assert pct(0.059, "es") == "5,9\u00a0%"  # CLDR es: '#,##0 %' with a no-break space
    assert pct(-0.059, "en", signed=True) == "−5.9%" and pct(0.059, "en", signed=True) == "+5.9%"
    assert pct(-0.00001, "en") == "0.0%"  # no minus sign on a value that rounds to zero


def test_money_in_the_brief_and_the_dashboard_units():
    assert [usd(3.0318e9, lg) for lg in LANGS] == ["US$3.03 bn", "US$3,03 mil millones", "30.3억 달러"]
    assert [usd(45.6e6, lg) for lg in LANGS] == ["US$45.6 mn", "US$45,6 millones", "4,560만 달러"]
    assert usd(-8.1e9, "en") == "−US$8.10 bn"
    assert usd_millions(12_345_678.9, "en") == "12.3" and usd_millions(1_234_567_890, "es") == "1234,6"


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2004", "en", "2004"), ("2004-04", "en", "April 2004"), ("2004-04-01", "en", "April 1, 2004"),
    ("2004", "es", "2004"), ("2004-04", "es", "abril de 2004"), ("2004-04-01", "es", "1 de abril de 2004"),
    ("2004", "ko", "2004년"), ("2004-04", "ko", "2004년 4월"), ("2004-04-01", "ko", "2004년 4월 1일"),
])
def test_dates_in_words_at_their_precision(value, lang, expected):
    assert date_text(value, lang) == expected


def test_dates_with_a_given_precision_and_ranges():
    assert date_text("2004-04-01", "es", "month") == "abril de 2004"
    assert date_text("2023-05-22–2023-05-24", "en") == "May 22, 2023–May 24, 2023"


def test_one_way_to_show_a_missing_value():
    assert MISSING == "–"
    assert {f(None, lg) for f in (number, pct, usd, usd_millions, date_text) for lg in LANGS} == {MISSING}
    assert {f(float("nan"), "en") for f in (number, pct, usd)} == {MISSING}


def test_no_iso_date_survives_in_words():
    for lg in LANGS:
        for value in ("1999", "1999-11", "1999-11-30"):
            if len(value) > 4:
                assert not re.search(r"\d{4}-\d{2}", date_text(value, lg))


def test_translator_carries_the_scope_names():
    _ = translator("ko", reporter="칠레", bloc="태평양동맹")
    assert _("overview_title") == "칠레와 태평양동맹: 교역 추이"
    assert _("partner_title", name="페루") == "칠레와 페루"
