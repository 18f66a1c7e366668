"""Dashboard pages in Korean and Spanish on the reference warehouse: scope names with the right particles
and articles, the official spelling, dates in words, one missing-value sign, translated scenario names."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tb_testing import web_client

ISO_DATE = re.compile(r"\b(?:1[89]|20)\d\d-[01]\d(?:-[0-3]\d)?\b")


@pytest.fixture(scope="module")
def client(store_path, tmp_path_factory):
    with web_client(store_path, tmp_path_factory.mktemp("web_i18n")) as c:
        yield c


def _text(client, path: str) -> str:
    resp = client.get(path)
    assert resp.status_code == 200, path
    body = re.sub(r"<script.*?</script>|<style.*?</style>|<code>.*?</code>|<small>.*?</small>", " ",
                  resp.text, flags=re.DOTALL)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


PAGES = ("/overview", "/partners/CHL", "/agreements", "/scenarios", "/perceptions")


@pytest.mark.parametrize("path", PAGES)
def test_korean_pages_use_particles_and_the_official_spelling(client, path):
    text = _text(client, f"{path}?lang=ko")
    for wrong in ("대한민국와", "대한민국는", "태평양 동맹", "한국–태평양동맹 관측소"):
        assert wrong not in text, (path, wrong)


def test_titles_carry_the_scope_in_each_language(client):
    assert "대한민국과 태평양동맹: 교역 추이" in _text(client, "/overview?lang=ko")
    assert "Corea y la Alianza del Pacífico: el comercio en el tiempo" in _text(client, "/overview?lang=es")
    assert "Korea and the Pacific Alliance: trade over time" in _text(client, "/overview?lang=en")
    assert "대한민국과 칠레" in _text(client, "/partners/CHL?lang=ko")


@pytest.mark.parametrize("lang", ["en", "es", "ko"])
def test_agreement_dates_are_words_and_missing_values_one_dash(client, lang):
    text = _text(client, f"/agreements?lang={lang}")
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)[:5]
    assert {"en": "April 1, 2004", "es": "1 de abril de 2004", "ko": "2004년 4월 1일"}[lang] in text
    assert "—" not in re.sub(r"<small>.*?</small>", "", text)  # missing values: the en dash of tradebridge.i18n


def test_scenario_names_are_translated(client):
    assert "TLC Corea–México" in _text(client, "/scenarios?lang=es")
    assert "한·멕시코 FTA" in _text(client, "/scenarios?lang=ko")


def test_numbers_follow_the_locale(client):
    es = client.get("/overview?lang=es").text  # raw: the no-break space is whitespace to a regex
    assert re.search(r"\d,\d+\u00a0%", es)  # percentages with a decimal comma and a no-break space
    assert not re.search(r"\d\.\d+\s?%", es)


def test_perception_tables_and_charts_show_texts_not_ids(client):
    page = client.get("/perceptions?lang=ko&demo=1").text  # the shipped demo data, on request
    text = _text(client, "/perceptions?lang=ko&demo=1")
    assert "relationship_positive" not in text and "market_knowledge" not in text
    assert "전반적으로 우리나라와 한국의 관계는 긍정적이다." in text  # the instrument's Korean question text
    assert "관계에 대한 긍정적 인식" in text and "관계에 대한 긍정적 인식" in page  # a theme name, table and chart
    assert "civil_society" not in text
