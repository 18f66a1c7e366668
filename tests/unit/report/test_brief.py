"""The brief, built from the real reference data: every number carries an evidence id, demo data are
labelled, the PDFs carry the sections, the four recommendation areas and the timeline's dates, and the
Korean PDF embeds a CJK font. A second reporter/bloc pair builds without code changes.

The gravity models are left out here (``models=False``: they are tested in tests/unit/models and
tests/golden); the brief's model cards are tested with a small effects table in test_model_cards.py.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tb_testing import require_tool
from tradebridge.i18n import date_text
from tradebridge.reference.blocs import resolve_scope
from tradebridge.report import build_brief

SECTIONS = {
    "en": ["Key findings", "What is the Pacific Alliance?", "Background: agreements and negotiations",
           "Views and perspectives", "Trade evolution", "FTA effects and scenarios", "Investment", "Cooperation",
           "Recommendations", "Claims check", "Data and methods", "Appendix: evidence cards"],
    "es": ["Hallazgos principales", "Antecedentes: acuerdos y negociaciones", "Recomendaciones",
           "Verificación de afirmaciones"],
    "ko": ["핵심 결과", "배경: 협정과 협상", "정책 제언", "주장 검증"],
}
AREAS = {"en": ["Multilateral level", "Trade", "Investment", "Cooperation"],
         "es": ["Nivel multilateral", "Comercio", "Inversión", "Cooperación"],
         "ko": ["다자 차원", "통상", "투자", "협력"]}
# Timeline dates the seed's Table 1 is about (verified_facts.md, confidence H)
DATES = ["2003-02-15", "2004-04-01", "2011-03-21", "2011-08-01", "2013-02-21", "2016-07-15", "2007-12-05"]


@pytest.fixture(scope="module")
def brief(store_path, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("brief")
    # demo=True: the labelling of demo data is checked here; the default build has none
    # (tests/unit/report/test_demo_gating.py)
    result = build_brief(store_path, out, scope=resolve_scope("KOR", "PA"), models=False, demo=True)
    return {"result": result, "out": out}


class _Numbers(HTMLParser):
    """Collects text with digits that is not inside an element carrying data-evidence."""

    SKIP = frozenset({"style", "script", "title", "svg", "th"})  # column headers are labels, not findings

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.orphans: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        has = "data-evidence" in a
        if has:
            self.ids.update(a["data-evidence"].split())
        if tag in {"br", "meta", "link", "img", "input", "hr"}:
            return
        self.stack.append((tag, has))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    CAPTION = re.compile(r"^\s*(Table|Figure|Cuadro|Figura|표|그림)\s*\d+\.")

    def handle_data(self, data):
        data = self.CAPTION.sub("", data)  # the numbering of tables and figures is not a finding
        if not re.search(r"\d", data):
            return
        if any(t in self.SKIP for t, _ in self.stack) or any(h for _, h in self.stack):
            return
        self.orphans.append(data.strip())


def test_every_number_in_the_html_has_an_evidence_id(brief):
    for lang in ("en", "es", "ko"):
        html = (brief["out"] / f"brief-{lang}.html").read_text(encoding="utf-8")
        parser = _Numbers()
        parser.feed(html)
        assert parser.orphans == [], f"{lang}: numbers without evidence ids: {parser.orphans[:5]}"
        cards = set(re.findall(r'id="card-([^"]+)"', html))
        refs = set(re.findall(r'id="ref-([^"]+)"', html))
        unknown = {i for i in parser.ids if not (i in cards or (i.startswith("ref:") and i[4:] in refs))}
        assert not unknown, f"{lang}: evidence ids without an appendix card: {sorted(unknown)[:5]}"
        assert len(cards) == brief["result"].cards


def test_the_checker_would_catch_an_orphan_number():
    parser = _Numbers()
    parser.feed('<p>ok <span data-evidence="x">12</span> but 34 is bare</p><p>Table 3. ok</p><p>Table 3. has 5</p>')
    assert parser.orphans == ["but 34 is bare", "has 5"]


def test_demo_data_are_labelled_wherever_shown(brief):
    html = (brief["out"] / "brief-en.html").read_text(encoding="utf-8")
    views = html[html.index('id="views"'):html.index('id="trade"')]
    assert "DEMO DATA" in views and views.count('class="demo-label"') >= 2
    # every survey/interview figure outside the appendix sits in a DEMO box or in a list item labelled DEMO
    body = html[: html.index('id="appendix"')]
    found = 0
    for m in re.finditer(r'data-evidence="((?:survey|interviews)\.[^"]+)"', body):
        p = m.start()
        box = body.rfind('<div class="demo">', 0, p)
        in_box = box != -1 and body.find("</div>", box) > p
        li = body.rfind("<li>", 0, p)
        item = body[li: body.find("</li>", p)] if li != -1 else ""
        assert in_box or "demo-label" in item, m.group(1)
        found += 1
    assert found >= 20
    appendix = html[html.index('id="appendix"'):]
    for block in re.findall(r'<div class="card" id="card-(?:survey|interviews)[^>]*>.*?</div>', appendix, re.DOTALL):
        assert "DEMO" in block


def test_recommendations_cover_four_areas_with_evidence(brief):
    html = (brief["out"] / "brief-en.html").read_text(encoding="utf-8")
    rec = html[html.index('id="recommendations"'):html.index('id="claims"')]
    for area in AREAS["en"]:
        assert f"<h3>{area}</h3>" in rec
    assert rec.count("<li>") >= 8
    assert rec.count('href="#card-') >= rec.count("<li>")  # every recommendation lists its evidence
    assert brief["result"].recommendations >= 8


def test_claims_check_verdicts(brief):
    html = (brief["out"] / "brief-en.html").read_text(encoding="utf-8")
    claims = html[html.index('id="claims"'):html.index('id="methods"')]
    assert "verdict-needs-data" in claims and "tradebridge data fetch comtrade" in claims
    assert "verdict-supported" in claims  # Mexico's and Colombia's deficits with Korea
    assert brief["result"].claims == 9


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("lang", ["en", "es", "ko"])
def test_pdf_has_sections_areas_and_dates(brief, lang):
    text = _pdf_text(brief["out"] / f"brief-{lang}.pdf")
    flat = re.sub(r"\s+", " ", text)
    for title in SECTIONS[lang]:
        assert title in flat or title.replace(" ", "") in flat.replace(" ", ""), title
    for area in AREAS[lang]:
        assert area in flat, area
    for date in DATES:  # written in words in the brief's language (tradebridge.i18n.date_text)
        assert date_text(date, lang) in flat, date


def test_korean_pdf_embeds_a_cjk_font(brief):
    pdffonts = require_tool("pdffonts", "poppler-utils, to list a PDF's fonts")
    out = subprocess.run([pdffonts, str(brief["out"] / "brief-ko.pdf")], capture_output=True, text=True,
                         check=True).stdout
    cjk = [line for line in out.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)  # embedded


def test_another_reporter_and_bloc_without_code_changes(store_path, tmp_path):
    """Brazil with MERCOSUR: no curated timeline, no Korea-specific claims, still a full brief."""
    result = build_brief(store_path, tmp_path, langs=["en"], scope=resolve_scope("BRA", "MERCOSUR"), pdf=False,
                         models=False)
    html = (tmp_path / "brief-en.html").read_text(encoding="utf-8")
    assert "Brazil" in html and "MERCOSUR" in html
    assert "No curated negotiation timeline" in html
    assert result.claims == 0 and 'id="claims"' not in html
    assert "trade.flows.BRA-ARG." in html and "trade.balance_record.BRA-MERCOSUR" in html
    parser = _Numbers()
    parser.feed(html)
    assert parser.orphans == []
