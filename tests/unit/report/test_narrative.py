"""The main text's prose generator on hand-built evidence cards (made-up values, hand-checked): ranked
messages, every number linked, sentences with a missing number dropped, no zero-width intervals, the
identification guard and the scenarios' true content stated, grammar in es/ko.

The cards here carry made-up numbers (they only have to be of the real cards' shape); the real-data
checks are in test_brief.py.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from tradebridge.evidence.cards import EvidenceCard
from tradebridge.evidence.collect import EvidenceSet
from tradebridge.reference.blocs import resolve_scope
from tradebridge.report.narrative import Num, build_narrative, cite, say
from tradebridge.report.narrative._base import Writer
from tradebridge.report.narrative.summary import messages

KOR_PA = resolve_scope("KOR", "PA")
YEARS = list(range(1964, 2017, 4))


def card(id_, values, formats=None, caveats=()):
    return EvidenceCard(id_, id_.split(".")[0], {"en": id_}, values, formats or {}, caveats=tuple(caveats))


def flows(partner, total, share=0.01):
    return card(f"trade.flows.KOR-{partner}.2016", {"partner": partner, "year": 2016, "total": total, "share": share},
                {"partner": "place", "year": "year", "total": "usd", "share": "pct"})


def record(partner, surplus, n=14):
    return card(f"trade.balance_record.KOR-{partner}",
                {"partner": partner, "surplus": surplus, "n": n, "surplus_share": surplus / n, "y0": 1964, "y1": 2016,
                 "years": YEARS[-n:]}, {"surplus": "int", "n": "int", "y0": "year", "y1": "year"})


def pooled(lo=0.38, hi=1.40, effect=0.82, se=0.14):
    return card("fta.pooled", {"estimate": 0.599, "se": se, "effect": effect, "ci_low": lo, "ci_high": hi,
                               "agreements": ["KOR-CHL-FTA", "KOR-PER-FTA"], "excluded": ["KOR-COL-FTA"]},
                {"effect": "pct_signed", "ci_low": "pct_signed", "ci_high": "pct_signed"})


def evidence(*cards, **notes) -> EvidenceSet:
    return EvidenceSet(scope=KOR_PA, cards={c.id: c for c in cards}, notes={"scenarios": [], **notes})


BASE = (flows("PA", 21.6e9, 0.026), flows("MEX", 12.1e9), flows("CHL", 5.7e9), flows("PER", 2.6e9),
        flows("COL", 1.3e9), record("MEX", 11), record("CHL", 3, 12))


class _Orphans(HTMLParser):
    """Text with digits outside every element carrying data-evidence (the rendered prose's rule)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append("data-evidence" in dict(attrs))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if re.search(r"\d", data) and not any(self.stack):
            self.found.append(data)


def _orphans(html: str) -> list[str]:
    parser = _Orphans()
    parser.feed(html)
    return parser.found


def test_messages_are_ranked_by_importance_not_by_name():
    ev = evidence(*BASE, pooled())
    ranked = messages(Writer(ev, "en"))
    assert [m.kind for m in ranked] == ["fta", "size", "balance"]
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    # an interval that includes zero is not significant: the pooled effect falls below the measured facts
    weak = messages(Writer(evidence(*BASE, pooled(lo=-0.1)), "en"))
    assert [m.kind for m in weak] == ["size", "balance", "fta"]
    assert "not statistically significant" in weak[-1].finding.striptags()


def test_members_are_listed_by_size_with_their_share_of_the_bloc():
    text = build_narrative(evidence(*BASE), "en").sections["relation"].striptags()
    # 12.1 / (12.1 + 5.7 + 2.6 + 1.3) = 55.8%: more than twice the next, hence "by far"
    assert "Mexico is by far the largest partner within the bloc, with 55.8% of this trade, ahead of Chile (26.3%), " \
           "Peru (12.0%), and Colombia (6.0%)." in text
    assert "2.6% of Korea's trade with the world in 2016 (US$21.60 bn)" in text


def test_every_number_is_linked_to_its_card():
    ev = evidence(*BASE, pooled())
    n = build_narrative(ev, "en")
    for html in [n.vintage, *n.sections.values(), *(m.finding for m in n.messages), *(m.implication for m in n.messages)]:
        assert _orphans(str(html)) == []
    ids = set(re.findall(r'data-evidence="([^"]+)"', str(n.sections["relation"])))
    assert "trade.balance_record.KOR-MEX" in " ".join(ids) and "trade.flows.KOR-MEX.2016" in " ".join(ids)


def test_the_orphan_check_would_catch_a_bare_number():
    assert _orphans('<p>ok <span data-evidence="x">12</span> but 34 is bare</p>') == [" but 34 is bare"]


def test_a_sentence_with_a_missing_number_is_left_out():
    assert say("br_rel_size", "en", reporter="Korea", bloc="the bloc", share=Num(float("nan"), "pct", ("x",)),
               year=Num(2016, "year", ("x",)), total=Num(1e9, "usd", ("x",))) == Markup("")


def test_balance_counts_say_the_panel_is_four_yearly():
    text = build_narrative(evidence(*BASE), "en").sections["relation"].striptags()
    assert "Korea was in surplus in most panel years with Mexico (11 of 14)." in text
    assert "Korea was in deficit in most panel years with Chile (9 of 12)." in text
    assert "The panel has one year in 4 (1964–2016)" in text and "not of consecutive years" in text


def effect(exp, imp, e, lo, hi):
    return card(f"fta.effect.KOR-CHL-FTA.{exp}-{imp}",
                {"agreement": "KOR-CHL-FTA", "agreement_name": "Korea–Chile Free Trade Agreement",
                 "agreement_name_es": "Tratado de Libre Comercio Corea–Chile", "agreement_name_ko": "한·칠레 자유무역협정",
                 "exporter": exp, "importer": imp, "effect": e, "ci_low": lo, "ci_high": hi, "years": 8},
                {"exporter": "place", "importer": "place", "effect": "pct_signed", "ci_low": "pct_signed",
                 "ci_high": "pct_signed"})


def test_a_zero_width_interval_is_not_printed():
    ev = evidence(effect("CHL", "KOR", 0.407, 0.407, 0.407), pooled(lo=0.82, hi=0.82))
    text = build_narrative(ev, "en").sections["fta"].striptags()
    assert "+40.7%" in text and "+82.0%" not in text.replace("by 82.0%", "")
    assert not re.search(r"([+−]?[\d.]+%)\s*(?:to|–|~)\s*\1", text)
    assert "CI" not in text


def test_effects_ranked_significant_first_then_by_size():
    ev = evidence(effect("KOR", "CHL", 0.131, -0.174, 0.55), effect("CHL", "KOR", 1.055, 0.50, 1.815))
    text = build_narrative(ev, "en").sections["fta"].striptags()
    assert text.index("Chile's exports to Korea") < text.index("Not significant (the interval includes zero): Korea → Chile")


def too_early():
    return card("fta.too_early.KOR-COL-FTA",
                {"agreement": "KOR-COL-FTA", "agreement_name": "Korea–Colombia Free Trade Agreement",
                 "agreement_name_es": "Tratado de Libre Comercio Corea–Colombia",
                 "agreement_name_ko": "한·콜롬비아 자유무역협정", "entry": 2016, "last": 2016, "post_obs": 1,
                 "min_years": 4, "min_obs": 2}, {"entry": "year", "last": "year", "min_years": "int", "min_obs": "int"})


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "The Korea–Colombia Free Trade Agreement entered into force in 2016 and the panel ends in 2016: too early to estimate"),
    ("es", "El Tratado de Libre Comercio Corea–Colombia entró en vigor en 2016 y el panel termina en 2016: es demasiado pronto"),
    ("ko", "한·콜롬비아 자유무역협정은 2016년에 발효되었고 패널은 2016년에 끝나 효과를 추정하기에 이르다")])
def test_an_agreement_entering_in_the_last_panel_year_is_too_early(lang, words):
    text = build_narrative(evidence(too_early(), pooled()), lang).sections["fta"].striptags()
    assert words in text
    assert {"en": "left out of the estimates and the pooled effect", "es": "queda fuera de las estimaciones",
            "ko": "통합 효과에서 제외"}[lang] in text


def scenario(country, welfare, caveats):
    return card(f"scenario.kor_pa_associate.{country}",
                {"scenario": "kor_pa_associate", "title": "Korea as Pacific Alliance associate member",
                 "title_es": "Corea como Estado asociado", "title_ko": "준회원국 가입", "country": country,
                 "level_pct": 0.9, "welfare": welfare, "welfare_lo": welfare / 2, "welfare_hi": welfare * 1.5,
                 "exports": 0.01},
                {"country": "place", "welfare": "pct_small", "welfare_lo": "pct_small", "welfare_hi": "pct_small",
                 "exports": "pct_small"}, caveats)


NOTES = ("baseline: agtpa 2006, 69 countries, observed flows; not in it: PER",
         "join KOR PA: PER not in the baseline, skipped", "KOR-CHL: already in force in the baseline, not added",
         "CHL-KOR: already in force in the baseline, not added")


def test_the_associate_scenario_states_its_true_content():
    ev = evidence(*BASE, scenario("KOR", 0.0005, NOTES), scenario("MEX", 0.002, NOTES), scenario("CHL", -0.00002, NOTES),
                  scenarios=["kor_pa_associate"], ftas={"KOR-CHL-FTA": ("CHL", "2004-04-01")})
    (title, text), = build_narrative(ev, "en").scenarios
    text = text.striptags()
    assert title == "Korea as Pacific Alliance associate member"
    assert "on the agtpa baseline of 2006: FTAs are added only with Colombia and Mexico" in text
    assert "The FTA with Chile was already in force in 2006, so it is not added." in text
    assert "Peru is not in the baseline's country sample and is absent from the scenario" in text
    assert "Mexico would gain most: real income +0.20% (90% band +0.10% to +0.30%)" in text
    ko = build_narrative(ev, "ko").scenarios[0][1].striptags()
    assert "칠레와의 FTA는 2006년에 이미 발효되어" in ko and "페루는 기준 자료의 국가 표본에 없어" in ko


def test_korean_particles_and_spanish_articles_follow_the_names():
    ev = evidence(*BASE)
    assert "2016년 태평양동맹은 대한민국 대세계 교역의 2.6%를 차지했다" in build_narrative(ev, "ko").sections["relation"].striptags()
    es = build_narrative(ev, "es").sections["relation"].striptags()
    assert "La Alianza del Pacífico representó el 2,6 % del comercio de Corea con el mundo en 2016" in es
    bra = dataclasses.replace(evidence(), scope=resolve_scope("BRA", "MERCOSUR"))
    assert Writer(bra, "es").say("br_rel_size", share=cite(BASE[0], "share"), year=cite(BASE[0], "year"),
                                 total=cite(BASE[0], "total")).striptags().startswith("El MERCOSUR representó")


def test_covid_is_one_sentence_when_the_data_end_before_2020():
    covid = card("shocks.covid.KOR", {"status": "not covered", "data_end": 2016, "needs_year": 2020},
                 {"data_end": "year"})
    text = build_narrative(evidence(covid), "en").sections["shocks"]
    assert text.striptags().endswith("The trade data end in 2016, so the COVID-19 pandemic is not covered.")
    assert 'data-evidence="shocks.covid.KOR"' in str(text)


def test_to_frame_lists_messages_in_rank_order():
    frame = build_narrative(evidence(*BASE, pooled()), "en").to_frame()
    assert frame[frame["part"] == "message"]["kind"].tolist() == ["fta", "size", "balance"]
    assert set(frame[frame["part"] == "section"]["kind"]) >= {"relation", "fta", "shocks"}


def test_the_wording_has_every_language_and_no_digit_outside_a_field():
    from tradebridge.i18n.grammar import FIELD
    from tradebridge.i18n.strings_brief import BRIEF

    keys = [k for k in BRIEF if k.startswith("br_")]
    assert len(keys) > 80
    for key in keys:
        entry = BRIEF[key]
        assert set(entry) == {"en", "es", "ko"}, key
        for lang, text in entry.items():
            bare = FIELD.sub("", text)
            # figure captions sit inside a linked <figure>; the COVID-19 sentence is linked whole to its card
            assert not re.search(r"\d", bare) or key in ("br_fig_forest", "br_fig_survey", "br_shk_covid_out"), (key, lang)
            assert set(FIELD.findall(text)) and {f for f, _ in FIELD.findall(text)} == {
                f for f, _ in FIELD.findall(entry["en"])} or not FIELD.findall(entry["en"]), (key, lang)
    # no English left in the other languages: a sentence longer than a label differs from the English one
    same = [k for k in keys if len(FIELD.sub("", BRIEF[k]["en"])) > 30 and (BRIEF[k]["es"] == BRIEF[k]["en"] or BRIEF[k]["ko"] == BRIEF[k]["en"])]
    assert same == []
