"""The brief's annex: card lines (method, comparison, caveats) in the annex's language, one line per card,
the full timeline, the files written next to the main text.

Hand-checked cases use made-up lines in the exact shape the evidence layer writes them; the real-data
tests build the evidence of the reference warehouse without the models (they add FTA and scenario lines,
checked on hand-made cards below) and fail if any line there has no translation.
"""

from __future__ import annotations

import re

import pytest

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.i18n import STRINGS
from tradebridge.reference.blocs import resolve_scope
from tradebridge.report import annex


@pytest.mark.parametrize(("line", "lang", "expected"), [
    ("source: mercopress; chile.gob.cl", "ko", "출처: mercopress; chile.gob.cl"),
    ("values in current (nominal) USD", "es", "valores en USD corrientes (nominales)"),
    ("treaty status as listed by UNCTAD (2017-05-02)", "es", "estado del tratado según la UNCTAD (2 de mayo de 2017)"),
    ("announced 2002-10-21", "ko", "2002년 10월 21일 발표"),
    ("talks from 2019-09", "es", "conversaciones desde septiembre de 2019"),
    ("left out as too early to estimate: KOR-COL-FTA", "ko", "추정하기에 너무 이른 것으로 제외: KOR-COL-FTA"),
    ("trade_overview(dataset='comtrade_aggregate')", "es", "calculado con trade_overview(dataset='comtrade_aggregate')"),
    ("tradebridge data ingest", "ko", "계산: tradebridge data ingest"),
    ("talks launched in Lima 2017-09-05..06", "es", "negociaciones iniciadas en Lima el 5 y 6 de septiembre de 2017"),
    ("UNCTAD IIA Navigator list of 2017-05-02; later changes are not in it", "en",
     "UNCTAD IIA Navigator list of May 2, 2017; later changes are not in it"),
])
def test_a_card_line_is_written_in_the_annex_language(line, lang, expected):
    assert annex.translate_line(line, lang) == expected


def test_a_missing_or_unknown_line():
    assert annex.translate_line(float("nan"), "ko") == ""
    assert annex.translate_line("a line nobody wrote a pattern for", "es") == "a line nobody wrote a pattern for"
    card = EvidenceCard("x.1", "trade", {"en": "x"}, {}, method="a line nobody wrote a pattern for",
                        caveats=("values in current (nominal) USD", float("nan")))
    assert annex.untranslated([card]) == ["a line nobody wrote a pattern for"]
    assert annex.card_lines(card) == ["a line nobody wrote a pattern for", "values in current (nominal) USD"]


@pytest.mark.parametrize("key", sorted(k for k in STRINGS if k.startswith(annex.LINE_PREFIX)))
def test_every_line_pattern_matches_its_own_text_and_no_other(key):
    """Filled with distinct words, each English pattern is found again as itself (no pattern shadows
    another), and es/ko keep every field."""
    text = STRINGS[key]["en"]
    fields = re.findall(r"\{(\w+)\}", text)
    filled = text
    for i, f in enumerate(fields):
        filled = filled.replace("{" + f + "}", f"W{i}x", 1)
    found = annex.line_key(filled)
    assert found is not None and found[0] == key, (key, found)
    assert found[1] == {f: f"W{i}x" for i, f in enumerate(fields)}
    for lang in ("es", "ko"):
        out = annex.translate_line(filled, lang)
        assert all(f"W{i}x" in out for i in range(len(fields))), (lang, out)
        assert out != filled, f"{key} has no {lang} text"


def _card(id_, values, formats, **kw):
    prov = (ProvenanceRef("comtrade_aggregate", "0b29d1962ef8aaaa", "UN Comtrade"),)
    return EvidenceCard(id_, kw.pop("topic", "trade"), {"en": "s"}, values, formats, provenance=prov, **kw)


def test_a_card_line_has_its_headline_value_with_unit_source_and_hash():
    card = _card("trade.flows.KOR-CHL.2016", {"reporter": "KOR", "year": 2016, "exports": 1.6112e9, "total": 5.7172e9},
                 {"reporter": "place", "year": "year", "exports": "usd", "total": "usd"})
    line = annex.card_line(card, "en")
    assert (line.id, line.value, line.sha256) == ("trade.flows.KOR-CHL.2016", "Total trade: US$5.72 bn", "0b29d1962ef8")
    assert line.source == "comtrade_aggregate"  # its source and licence are in the datasets table
    assert annex.card_line(card, "es").value == "Comercio total: US$5,72 mil millones"
    effect = _card("fta.effect.A.X-Y", {"effect": 0.7679, "ci_low": 0.41, "years": 4},
                   {"effect": "pct_signed", "ci_low": "pct_signed"}, topic="fta")
    assert annex.card_line(effect, "ko").value == "효과: +76.8%"


def test_method_groups_translate_and_count_and_leave_sources_to_the_timeline():
    cards = [_card(f"trade.year.KOR-CHL.{y}", {"year": y}, {"year": "year"}, method="trade_overview(dataset='d')",
                   comparison="one year's flows", caveats=("values in current (nominal) USD",)) for y in (2012, 2016)]
    cards.append(_card("timeline.A.01", {"agreement_id": "A", "stage": "Signed", "date": "2003-02-15",
                                         "note": "announced 2002-10-21"}, {"date": "date"}, topic="timeline",
                       method="agreement_stages (curated from seed/verified_facts.md)",
                       comparison="date of a negotiation stage", caveats=("source: x", "announced 2002-10-21")))
    groups = annex.method_groups(cards, "es")
    assert [(g["n"], g["comparison"], g["caveats"]) for g in groups] == [
        (2, "flujos de un año", ["valores en USD corrientes (nominales)"]),
        (1, "fecha de una etapa de la negociación", [])]
    assert groups[0]["method"] == "calculado con trade_overview(dataset='d')"


@pytest.fixture(scope="module")
def built(store_path, tmp_path_factory):
    from tradebridge.report import build_brief

    out = tmp_path_factory.mktemp("annex")
    result = build_brief(store_path, out, langs=["en", "es", "ko"], scope=resolve_scope("KOR", "PA"), pdf=False,
                         models=False)
    return out, result


def test_the_annex_files_are_written_beside_the_brief_and_link_back(built):
    out, result = built
    assert sorted(p.name for p in result.annex_html.values()) == ["annex-en.html", "annex-es.html", "annex-ko.html"]
    for lang in ("en", "es", "ko"):
        html = (out / f"annex-{lang}.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html and f'href="brief-{lang}.html"' in html


def test_one_annex_line_per_evidence_card(built, store_path):
    from tradebridge.evidence.collect import collect_evidence

    out, result = built
    html = (out / "annex-es.html").read_text(encoding="utf-8")
    body = html[html.index('<section id="cards">'):]
    ids = re.findall(r'<tr id="card-([^"]+)" data-evidence="\1">', body)
    assert len(ids) == len(set(ids)) == result.cards
    ev = collect_evidence(store_path, resolve_scope("KOR", "PA"), models=False)
    assert set(ids) == set(ev.cards)
    assert "nan" not in re.sub(r"<[^>]+>", " ", body).split()


def test_every_card_line_of_the_real_evidence_has_a_translation(store_path):
    from tradebridge.evidence.collect import collect_evidence

    ev = collect_evidence(store_path, resolve_scope("KOR", "PA"), models=False)
    assert annex.untranslated(ev.cards.values()) == []


def test_the_spanish_and_korean_annex_have_no_english_method_line(built):
    out, _ = built
    for lang in ("es", "ko"):
        html = (out / f"annex-{lang}.html").read_text(encoding="utf-8")
        section = html[html.index('<section id="methods">'):html.index('<section id="timeline">')]
        for english in ("values in current (nominal) USD", "one year's flows", "rows stored", "computed by",
                        "the panel has one year in four"):
            assert english not in section, (lang, english)


def test_the_full_timeline_is_in_the_annex_with_dates_in_words(built, store_path):
    out, _ = built
    html = (out / "annex-ko.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="timeline">'):html.index('<section id="cards">')]
    rows = re.findall(r'<tr data-evidence="(timeline\.[^"]+)">', section)
    from tradebridge.reference.timeline import load_stages

    assert len(rows) == len(set(rows)) >= len(load_stages()) - 5  # the scope's agreements: all but others' stages
    assert "2004년 4월 1일" in section  # Korea–Chile entry into force, in words
    assert not re.search(r">\s*\d{4}-\d{2}-\d{2}\s*<", section)  # no ISO date in a cell
    assert "2017년 9월 5~6일 리마에서 협상 개시" in section  # a curated note, translated in the reference data
