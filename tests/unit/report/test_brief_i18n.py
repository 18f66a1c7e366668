"""The brief's HTML in Spanish and Korean, built from the reference warehouse: the translation defects of
issue 15 are gone from the rendered text (particles, official spelling, agreement, plurals, signed
changes, dates in words). HTML only (no PDF) and no gravity models, to stay quick."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from tradebridge.reference.blocs import resolve_scope
from tradebridge.report import build_brief

ISO_DATE = re.compile(r"\b(?:1[89]|20)\d\d-[01]\d(?:-[0-3]\d)?\b")


def _prose(page: str) -> str:
    """The brief's text as read (the main text; the annex is its own file), without styles, charts and code."""
    body = re.sub(r"<style>.*?</style>|<svg.*?</svg>|<code>.*?</code>", " ", page, flags=re.DOTALL)
    body = re.sub(r"</?(?:p|li|ol|ul|h\d|div|section|header|figure|figcaption|blockquote|br)\b[^>]*>", " ", body)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.fixture(scope="module")
def briefs(store_path, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("brief_i18n")
    build_brief(store_path, out / "kor", langs=["es", "ko"], scope=resolve_scope("KOR", "PA"), pdf=False,
                models=False)
    build_brief(store_path, out / "bra", langs=["es", "ko"], scope=resolve_scope("BRA", "MERCOSUR"), pdf=False,
                models=False)
    # the interview counts appear only with interview data: the demo build (watermarked) has them
    build_brief(store_path, out / "demo", langs=["es"], scope=resolve_scope("KOR", "PA"), pdf=False,
                models=False, demo=True)
    texts = {f"{who}-{lang}": _prose((out / who / f"brief-{lang}.html").read_text(encoding="utf-8"))
             for who in ("kor", "bra") for lang in ("es", "ko")}
    texts["demo-es"] = _prose((out / "demo" / "brief-es.html").read_text(encoding="utf-8"))
    return texts


def test_korean_particles_follow_the_preceding_word(briefs):
    ko = briefs["kor-ko"]
    assert "대한민국과 태평양동맹의 경제 관계" in ko and "태평양동맹은 대한민국 대세계 교역의" in ko
    for wrong in ("대한민국와", "대한민국는", "대한민국를", "태평양동맹와", "태평양동맹는", "태평양동맹를"):
        assert wrong not in ko, wrong
    assert "대한민국은" in ko or "대한민국이" in ko or "대한민국과" in ko
    assert "브라질과 남미공동시장의 경제 관계" in briefs["bra-ko"]


def test_the_pacific_alliance_is_spelled_officially(briefs):
    assert "태평양 동맹" not in briefs["kor-ko"] and "태평양동맹" in briefs["kor-ko"]


def test_a_fall_is_not_an_increase_in_korean(briefs):
    ko = briefs["kor-ko"]
    assert not re.search(r"−[\d.,]+%\s*증가", ko)
    assert "증가했다" in ko  # the rises are still said
    # Korea's exports to Chile and Colombia fell after 2008 (from the panel): said as a fall
    assert re.search(r"칠레\(−[\d.,]+%\) 및 콜롬비아\(−[\d.,]+%\)에서 감소", ko)


def test_spanish_agreement_of_articles_and_verbs(briefs):
    es = briefs["kor-es"]
    assert not re.search(r"el comercio con el bloque crecieron", es)
    assert re.search(r"el comercio con el bloque creció un [\d,]+ % anual", es)  # (the no-break space is read as one)
    assert not re.search(r"(?<![lL])a Alianza del Pacífico", es)  # "a la Alianza", never "a Alianza"
    assert "La Alianza del Pacífico representó" in es and "Relaciones económicas entre Corea y la Alianza del Pacífico" in es
    bra = briefs["bra-es"]
    assert "Relaciones económicas entre Brasil y el MERCOSUR" in bra and "la MERCOSUR" not in bra


def test_counts_take_the_cldr_plural_form(briefs):
    for lang in ("demo-es",):
        text = briefs[lang]
        assert not re.search(r"\b1 fragmentos\b|\b1 entrevistas\b", text)
        assert re.search(r"\b\d+ fragmentos? codificados? de \d+ entrevistas?\b", text)


def test_no_iso_dates_in_the_prose(briefs):
    for name, text in briefs.items():
        assert not ISO_DATE.search(text), (name, ISO_DATE.findall(text)[:5])
    assert "1 de abril de 2004" in briefs["kor-es"] and "2004년 4월 1일" in briefs["kor-ko"]


def test_scenario_legend_takes_the_translated_name():
    """Figure 5's legend shows the scenario file's ``names`` in the brief's language (made-up values)."""
    import json

    import pandas as pd

    from tradebridge.report.charts import scenario_spec

    frame = pd.DataFrame([{"country": "MEX", "welfare": 0.001, "welfare_lo": 0.0, "welfare_hi": 0.002,
                           "scenario": "Korea–Mexico FTA", "scenario_id": "kor_mex_fta",
                           "scenario_es": "TLC Corea–México", "scenario_ko": "한·멕시코 FTA"}])
    assert "TLC Corea–México" in json.dumps(scenario_spec(frame, "es"), ensure_ascii=False)
    ko = json.dumps(scenario_spec(frame, "ko"), ensure_ascii=False)
    assert "한·멕시코 FTA" in ko and "Korea–Mexico FTA" not in ko
