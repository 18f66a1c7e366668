"""Build the brief's context (everything the template shows) from an evidence set, for one language.

Immutable build → render → export: :func:`brief_context` gathers cards, tables and charts; the
template only lays them out, and every figure it prints comes from a card through ``ev``/``stmt``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from tradebridge import __version__
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.evidence.collect import EvidenceSet
from tradebridge.evidence.rules import AREA_LABELS, AREAS, Recommendation
from tradebridge.i18n import BLOC_TEXT, STRINGS, place, t
from tradebridge.report import charts
from tradebridge.report.annex import annex_file

REFERENCES = {
    "yotov2016": "Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy Analysis: "
                 "The Structural Gravity Model, WTO/UNCTAD.",
    "santos2006": "Santos Silva & Tenreyro (2006), The Log of Gravity, Review of Economics and Statistics.",
    "rauch1999": "Rauch (1999), Networks versus markets in international trade, Journal of International Economics.",
    "lumley2004": "Lumley (2004), Analysis of complex survey samples, Journal of Statistical Software.",
}

# The methods paragraph, sentence by sentence: a sentence appears only when the brief has its evidence
# (no scenario sentence without scenario cards); the trade sentence names the scope's dataset and source.
METHODS = {
    "trade": {"en": "Trade flows: {source} (dataset {dataset}), nominal USD.",
              "es": "Flujos comerciales: {source} (conjunto {dataset}), USD corrientes.",
              "ko": "교역: {source}(데이터셋 {dataset}), 경상 달러."},
    "fta": {"en": "FTA effects: structural gravity estimated by PPML with exporter-year, importer-year and pair fixed "
                  "effects ({santos}; {yotov}); partial effects exp(b)−1 with 95% intervals.",
            "es": "Efectos de los TLC: gravedad estructural estimada por PPML con efectos fijos exportador-año, "
                  "importador-año y par ({santos}; {yotov}); efectos parciales exp(b)−1 con intervalos del 95 %.",
            "ko": "FTA 효과: 수출국-연도, 수입국-연도, 국가쌍 고정효과를 포함한 PPML 구조 중력모형({santos}; {yotov}), "
                  "부분효과 exp(b)−1과 95% 구간."},
    "scenarios": {"en": "Scenarios: exact general equilibrium by hat algebra (the ge_gravity model of Baier, Yotov & "
                        "Zylkin 2019; theta {theta}, i.e. sigma {sigma}; {yotov}), bands from {draws} draws of the partial "
                        "effect, with a theta sensitivity ({thetas}).",
                  "es": "Escenarios: equilibrio general exacto por álgebra de cambios (modelo ge_gravity de Baier, Yotov "
                        "y Zylkin 2019; theta {theta}, sigma {sigma}; {yotov}), bandas con {draws} extracciones del efecto "
                        "parcial y sensibilidad a theta ({thetas}).",
                  "ko": "시나리오: hat algebra에 의한 정확한 일반균형(Baier·Yotov·Zylkin 2019의 ge_gravity 모형; theta {theta}, "
                        "sigma {sigma}; {yotov}), 부분효과 {draws}회 추출 구간과 theta 민감도({thetas})."},
    "survey": {"en": "Surveys: design-based estimates with Taylor-linearised standard errors ({lumley}).",
               "es": "Encuestas: estimaciones basadas en el diseño con errores estándar linealizados ({lumley}).",
               "ko": "설문: 테일러 선형화 표준오차를 이용한 설계 기반 추정({lumley})."},
    "cards": {"en": "Every figure links to an evidence card in the appendix.",
              "es": "Cada cifra remite a una ficha de evidencia del anexo.",
              "ko": "모든 수치는 부록의 근거 카드와 연결된다."},
}


def _scenario_settings(ev: EvidenceSet) -> dict[str, str]:
    """Theta, sigma, draws and the sensitivity thetas of the first scenario file run (the shipped files
    share them); empty when no scenario ran."""
    names = ev.notes.get("scenarios") or ()
    if not names:
        return {}
    from tradebridge.models.scenarios import load_scenario

    spec = load_scenario(names[0])
    return {"theta": f"{spec.theta:g}", "sigma": f"{spec.theta + 1:g}", "draws": str(spec.draws),
            "thetas": ", ".join(f"{x:g}" for x in spec.sensitivity) or "–"}


def methods_text(ev: EvidenceSet, lang: str) -> Markup:
    """The methods paragraph for the evidence present, references linked."""
    topics = {c.topic for c in ev.cards.values()}
    data = ev.cards.get(f"data.{ev.scope.dataset}")
    parts = ["trade", *(["fta"] if any(i.startswith("fta.") for i in ev.cards) else []),
             *(["scenarios"] if "scenario" in topics and ev.notes.get("scenarios") else []), *(["survey"] if "survey" in topics else []), "cards"]
    refs = {"yotov": Markup(_ref("yotov2016")), "santos": Markup(_ref("santos2006")),
            "lumley": Markup(_ref("lumley2004")),
            "source": escape(data.values["source"] if data else ev.scope.dataset), "dataset": escape(ev.scope.dataset),
            **_scenario_settings(ev)}
    return Markup(" ").join(escape(METHODS[k][lang]).format(**refs) for k in parts)


def _ref(key: str) -> str:
    label = {"yotov2016": "Yotov et al. 2016", "santos2006": "Santos Silva & Tenreyro 2006",
             "rauch1999": "Rauch 1999", "lumley2004": "Lumley 2004"}[key]
    return f'<cite data-evidence="ref:{key}"><a href="#ref-{key}">{escape(label)}</a></cite>'


class Renderer:
    """Formatting helpers bound to one language and evidence set (used by the template)."""

    def __init__(self, ev: EvidenceSet, lang: str) -> None:
        self.ev, self.lang = ev, lang

    def ev_value(self, card: EvidenceCard | str, key: str) -> Markup:
        card = self.ev.cards[card] if isinstance(card, str) else card
        text = card.formatted(key, self.lang)
        return Markup(f'<span class="ev" data-evidence="{escape(card.id)}">{escape(text)}</span>')

    def statement(self, card: EvidenceCard) -> Markup:
        return Markup(f'<span class="ev" data-evidence="{escape(card.id)}">{escape(card.statement(self.lang))}</span>')


# the figures in the order the main text shows them: (chart key, section, caption key)
FIGURES = (("flows", "relation", "br_fig_flows"), ("balance", "relation", "br_fig_balance"),
           ("forest", "fta", "br_fig_forest"), ("timeline", "scenarios", "br_fig_timeline"),
           ("scenario", "scenarios", "br_fig_scenarios"), ("fx", "shocks", "br_fig_fx"),
           ("survey", "views", "br_fig_survey"))
# the cards each figure draws (its data-evidence), by id prefix
FIGURE_CARDS = {"flows": ("trade.year.",), "balance": ("trade.year.",), "forest": ("fta.effect.", "fta.too_early.", "fta.pooled"),
                "timeline": ("timeline.",), "scenario": ("scenario.",), "fx": ("shocks.fx.",), "survey": ("survey.",)}
# the topics whose cards make a recommendation's motivating figure (a number, not a date or a list)
FIGURE_TOPICS = ("trade", "partners", "fta", "scenario", "composition", "shocks", "complexity", "investment")


def figures(ev: EvidenceSet, lang: str, svgs: dict[str, Markup]) -> dict[str, list[dict[str, Any]]]:
    """The figures present, numbered in reading order, grouped by section."""
    out: dict[str, list[dict[str, Any]]] = {}
    reporter = place(ev.reporter, lang)
    n = 0
    for key, section, caption in FIGURES:
        svg = svgs.get(f"{key}_svg")
        if not svg:
            continue
        n += 1
        ids = " ".join(i for i in ev.cards if i.startswith(FIGURE_CARDS[key]))
        out.setdefault(section, []).append({"key": key, "svg": svg, "ids": ids, "label": t(lang, "br_fig", n=n),
                                            "caption": t(lang, caption, reporter=reporter)})
    return out


def recommendation_rows(ev: EvidenceSet, recommendations: list[Recommendation], lang: str) -> list[dict[str, Any]]:
    """6–8 recommendations (the rules' order within each area, the areas in their order), each with the
    figure that motivates it (its first numeric evidence card, said as the main text says it), owner,
    horizon and indicator."""
    from tradebridge.report.narrative._base import Writer
    from tradebridge.report.narrative.summary import why as why_text

    w = Writer(ev, lang)
    rows = []
    for area in AREAS:
        for rec in (x for x in recommendations if x.area == area):
            cards = [ev.cards[i] for i in rec.evidence if i in ev.cards]
            ranked = sorted((c for c in cards if c.topic in FIGURE_TOPICS), key=lambda c: FIGURE_TOPICS.index(c.topic))
            why = ranked[0] if ranked else (cards[0] if cards else None)
            rows.append({"area": AREA_LABELS[area][lang], "text": rec.text(lang), "evidence": rec.evidence,
                         "rule": rec.rule, "why": why_text(w, why) if why is not None else None,
                         "demo": rec.demo_based,
                         "owner": rec.owner(lang), "horizon": rec.horizon_label(lang), "monitor": rec.monitor(lang)})
    return rows


def scenarios_heading(ev: EvidenceSet, lang: str) -> str:
    """'Mexico and associate membership' when a member has no FTA and the bloc has an associate-membership
    track in the timeline, else a generic heading."""
    from tradebridge.report.narrative import facts

    missing = facts.members_without_fta(ev)
    assoc = ev.bloc and any(i.startswith(f"timeline.{ev.reporter}-{ev.bloc}-ASSOC.") for i in ev.cards)
    if missing and assoc:
        return t(lang, "br_sec_scenarios", missing=", ".join(place(m, lang) for m in missing))
    return t(lang, "br_sec_scenarios_generic")


def brief_context(ev: EvidenceSet, recommendations: list[Recommendation], lang: str, *,
                  annex_kind: str = "html") -> dict[str, Any]:
    """Everything the main text shows in ``lang``: the narrative (summary, sections), the figures in
    reading order and the recommendations. The annex (J4's ``report.annex``) holds the rest."""
    from tradebridge.report.narrative import build_narrative

    r = Renderer(ev, lang)
    demo = bool(ev.notes.get("demo"))
    if not demo:  # a recommendation that only demo cards support never reaches a default brief
        recommendations = [x for x in recommendations if not x.demo_based]
    bloc_label = place(ev.bloc, lang) if ev.bloc else ", ".join(place(m, lang) for m in ev.members)
    reporter = place(ev.reporter, lang)
    cards = ev.cards
    stages = ev.frames.get("stages", pd.DataFrame())
    names = {a: short_name(a, lang) for a in stages.get("agreement_id", pd.Series(dtype=str)).unique()}
    founded = next((c for c in cards.values() if c.topic == "timeline"
                    and c.values["stage"].startswith("Lima Declaration")), None)
    bloc_text = ""
    if ev.bloc in BLOC_TEXT and founded is not None:
        bloc_text = Markup(str(escape(BLOC_TEXT[ev.bloc][lang])).replace("{founded}", str(r.ev_value(founded, "date"))))
    survey = [c for c in cards.values() if c.topic == "survey" and c.id.startswith("survey.likert.") and c.id.count(".") == 2]
    text = build_narrative(ev, lang)
    return {
        "lang": lang, "version": __version__, "store_version": ev.notes.get("store_version", ""),
        "title": t(lang, "title", reporter=reporter, bloc=bloc_label),
        "t": lambda key, **kw: t(lang, key, reporter=reporter, bloc=bloc_label, **kw),
        "ev": r.ev_value, "stmt": r.statement, "narrative": text, "bloc_text": bloc_text,
        "scenarios_heading": scenarios_heading(ev, lang), "figures": figures(ev, lang, _charts(ev, lang, names)),
        "recommendations": recommendation_rows(ev, recommendations, lang),
        "demo": demo, "survey_cards": survey if demo else [],
        "interview_cards": [c for c in cards.values() if c.topic == "interviews"] if demo else [],
        "reporter": ev.reporter, "partners": ev.label, "annex_file": annex_file(lang, annex_kind),
    }


def short_name(aid: str, lang: str) -> str:
    """A short label for charts in the language's word order, every part translated.

    >>> short_name("KOR-CHL-FTA", "es"), short_name("KOR-PER-BIT", "ko"), short_name("KOR-PA-ASSOC", "en")
    ('TLC Corea–Chile', '대한민국–페루 투자협정', 'Korea: Pacific Alliance associate')
    """
    parts = aid.split("-")
    if len(parts) == 3:
        a, b, kind = parts
        if kind == "ASSOC":
            return t(lang, "agr_short_assoc", a=place(a, lang), b=place(b, lang))
        key = f"agr_kind_short_{kind}"
        label = t(lang, key) if key in STRINGS else kind
        return t(lang, "agr_short", a=place(a, lang), b=place(b, lang), kind=label)
    return place(aid, lang)


def _charts(ev: EvidenceSet, lang: str, names: dict[str, str]) -> dict[str, Markup]:
    return charts.brief_svgs(ev, lang, names)
