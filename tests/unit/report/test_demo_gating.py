"""Nothing made up in a default brief: no DEMO card, label, watermark or invented quote in any language;
the perceptions section counts the real responses instead. With ``demo=True`` (``tradebridge brief
--demo``) the shipped made-up data appear and every PDF page carries the DEMO watermark.

Models are left out (``models=False``): they are not perception evidence, and are tested in
tests/unit/models and tests/unit/evidence.
"""

from __future__ import annotations

import re

import pytest

from tradebridge.i18n import LANGS, t
from tradebridge.interviews.demo import demo_interview_results
from tradebridge.reference.blocs import resolve_scope
from tradebridge.report import build_brief
from tradebridge.survey.storage import ResponseStore

KOR_PA = resolve_scope("KOR", "PA")
DEMO_WORDS = re.compile(r"DEMO|데모|demostración|made-up|ficticio", re.IGNORECASE)


@pytest.fixture(scope="module")
def default_build(store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("default")
    db = f"sqlite:///{out / 'survey.sqlite'}"
    with ResponseStore(db) as st:  # two real responses and one demo response: the brief counts 2
        for i, demo in enumerate((False, False, True)):
            st.add("tradebridge-perceptions", 1, {"relationship_positive": 4}, submission_id=f"s{i}", lang="en",
                   source="web", demo=demo)
    build_brief(store_path, out, langs=list(LANGS), scope=KOR_PA, pdf=False, models=False, survey_db=db)
    return {lang: (out / f"brief-{lang}.html").read_text(encoding="utf-8") for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_a_default_brief_has_no_demo_content(default_build, lang):
    html = re.sub(r"<style>.*?</style>", "", default_build[lang], flags=re.DOTALL)  # the stylesheet's class names
    found = [html[max(0, m.start() - 80):m.end() + 40] for m in DEMO_WORDS.finditer(html)]
    assert found == []
    assert not re.search(r'data-evidence="[^"]*\b(survey|interviews)\.', html)  # no survey/interview card
    assert 'id="card-survey.' not in html and 'id="card-interviews.' not in html
    assert "demo-label" not in html and "demo-watermark" not in html
    for quote in demo_interview_results()["quotes"]["quote"]:
        assert quote not in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_perceptions_section_counts_real_responses(default_build, lang):
    html = default_build[lang]
    views = html[html.index('id="views"'):html.index('id="recommendations"')]
    assert t(lang, "perceptions_count", n=2) in views  # the demo row is not counted
    assert "tradebridge survey import" in views and "/survey/" in views


def test_without_a_survey_database_the_brief_says_so(store_path, tmp_path):
    build_brief(store_path, tmp_path, langs=["en"], scope=KOR_PA, pdf=False, models=False)
    views = (tmp_path / "brief-en.html").read_text(encoding="utf-8").split('id="views"')[1].split('id="recommendations"')[0]
    assert t("en", "perceptions_no_db") in views and "survey." not in views


def test_a_demo_brief_is_watermarked_on_every_pdf_page(store_path, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    result = build_brief(store_path, tmp_path, langs=["en"], scope=KOR_PA, pdf=True, models=False, demo=True)
    build_brief(store_path, tmp_path / "ko", langs=["ko"], scope=KOR_PA, pdf=False, models=False, demo=True)
    mark = t("en", "demo_watermark")
    pages = [p.extract_text() or "" for p in pypdf.PdfReader(result.pdf["en"]).pages]
    assert len(pages) >= 3
    # pypdf's text may break a line or drop a space: compare without whitespace
    squeeze = re.compile(r"\s+")
    missing = [i + 1 for i, text in enumerate(pages) if squeeze.sub("", mark) not in squeeze.sub("", text)]
    assert missing == []
    html = (tmp_path / "brief-en.html").read_text(encoding="utf-8")
    assert 'data-evidence="survey.likert.' in html and "demo-label" in html  # the demo data are there, labelled
    ko = (tmp_path / "ko" / "brief-ko.html").read_text(encoding="utf-8")
    assert f'<div class="demo-watermark" aria-hidden="true">{t("ko", "demo_watermark")}</div>' in ko
