"""The brief of any scope through the same general path: no Korea text in Brazil's brief, what is
specific to the curated scope (claims, demo perceptions, shipped scenarios) chosen from reference data,
and the key findings derived from the evidence present.

The gravity models are left out (``models=False``; they are tested in tests/unit/models and
tests/golden); the scenario choice is tested on the scenario files' metadata.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from tradebridge.evidence.collect import collect_evidence
from tradebridge.evidence.model_run import scenarios_for
from tradebridge.reference.blocs import resolve_scope
from tradebridge.report import build_brief
from tradebridge.report.context import methods_text
from tradebridge.report.narrative._base import Writer
from tradebridge.report.narrative.summary import messages

# the country in the three languages and its code
KOREA = re.compile(r"Korea|Corea|한국|대한민국|\bKOR\b")


@pytest.fixture(scope="module")
def bra_brief(store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("bra")
    result = build_brief(store_path, out, langs=["en", "es", "ko"], scope=resolve_scope("BRA", "MERCOSUR"),
                         pdf=False, models=False)
    return result, {lang: (out / f"brief-{lang}.html").read_text(encoding="utf-8") for lang in ("en", "es", "ko")}


@pytest.mark.parametrize("lang", ["en", "es", "ko"])
def test_brazils_brief_has_no_korea_text(bra_brief, lang):
    html = bra_brief[1][lang]
    found = [html[max(0, m.start() - 60):m.end() + 30] for m in KOREA.finditer(html)]
    assert found == []
    assert {"en": "Brazil", "es": "Brasil", "ko": "브라질"}[lang] in html


def test_the_grep_would_find_korea(store_path, tmp_path):
    build_brief(store_path, tmp_path, langs=["en"], scope=resolve_scope("KOR", "PA"), pdf=False, models=False)
    assert KOREA.search((tmp_path / "brief-en.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kor_pa(store_path):
    return collect_evidence(store_path, resolve_scope("KOR", "PA"), models=False, demo=True)


def test_seed_material_follows_the_curated_timeline(kor_pa, store_path):
    # Korea-PA: the curated timeline covers every member, so the seed brief's claims and the demo
    # perceptions apply; Chile in the same bloc is not that scope
    assert len(kor_pa.notes["claims"]) == 9 and kor_pa.by_topic("survey")
    chl = collect_evidence(store_path, resolve_scope("CHL", "PA"), models=False, demo=True)
    assert chl.notes["claims"] == [] and not chl.by_topic("survey") and not chl.by_topic("interviews")
    assert chl.members == ("COL", "MEX", "PER") and chl.label == "PA"


def test_key_messages_are_derived_from_the_cards(kor_pa):
    ranked = messages(Writer(kor_pa, "en"))
    # without the models: the measured structure of the relationship, by the share concerned (Mexico: 56.0%
    # of the bloc trade; commodities: 62.1% of Colombia's exports; Korea: 7.0% of Chile's exports), then the
    # most one-sided balance record (Colombia and Mexico tie at 11 of 14; Mexico is the larger partner) and
    # the largest export change since 2008 (Peru, +60.3%)
    assert [m.kind for m in ranked] == ["size", "composition", "weights", "balance", "exports"]
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    assert "Mexico carries the relationship: 56.0% of Korea's trade with the bloc." in ranked[0].finding.striptags()
    assert "Korea ran a surplus with Mexico in 11 of 14 panel years." in ranked[3].finding.striptags()
    assert kor_pa.cards["trade.balance_record.KOR-MEX"].values["surplus"] == 11


def test_the_methods_paragraph_names_only_what_was_run(kor_pa):
    text = str(methods_text(kor_pa, "en"))
    assert "Trade flows: UN Comtrade" in text and "(dataset comtrade_aggregate)" in text
    assert "Surveys:" in text and "Scenarios:" not in text and "FTA effects:" not in text  # models=False
    # with a scenario run, its settings come from the scenario file (kor_mex_fta: theta 6, 200 draws, 4/6/8)
    card = dataclasses.replace(next(iter(kor_pa.cards.values())), id="scenario.kor_mex_fta.KOR", topic="scenario")
    ran = dataclasses.replace(kor_pa, cards={**kor_pa.cards, card.id: card},
                              notes={**kor_pa.notes, "scenarios": ["kor_mex_fta"]})
    assert "theta 6, i.e. sigma 7" in str(methods_text(ran, "en")) and "200 draws" in str(methods_text(ran, "en"))
    assert "theta 민감도(4, 6, 8)" in str(methods_text(ran, "ko"))


def test_the_shipped_scenarios_are_chosen_by_the_countries_they_shock():
    assert scenarios_for(resolve_scope("KOR", "PA")) == ("kor_mex_fta", "kor_pa_associate", "remove_kor_pa_ftas")
    assert scenarios_for(resolve_scope("KOR", "CHL,COL,PER")) == ("remove_kor_pa_ftas",)  # Mexico is not a partner
    assert scenarios_for(resolve_scope("BRA", "MERCOSUR")) == ()
    assert scenarios_for(resolve_scope("MEX", "KOR")) == ("kor_mex_fta",)  # the same pair seen from Mexico
