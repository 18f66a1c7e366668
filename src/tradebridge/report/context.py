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
from tradebridge.evidence.claims import VERDICT_LABELS
from tradebridge.evidence.collect import EvidenceSet
from tradebridge.evidence.rules import AREA_LABELS, AREAS, Recommendation
from tradebridge.i18n import BLOC_TEXT, place, t
from tradebridge.reference.blocs import is_bloc
from tradebridge.reference.timeline import agreement_name, stage_label
from tradebridge.report import charts

TABLE_YEARS = 20  # trade tables show the last two decades of the panel

REFERENCES = {
    "yotov2016": "Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy Analysis: "
                 "The Structural Gravity Model, WTO/UNCTAD.",
    "santos2006": "Santos Silva & Tenreyro (2006), The Log of Gravity, Review of Economics and Statistics.",
    "rauch1999": "Rauch (1999), Networks versus markets in international trade, Journal of International Economics.",
    "lumley2004": "Lumley (2004), Analysis of complex survey samples, Journal of Statistical Software.",
}

THETA_CAPTION = {
    "en": "Welfare change for other trade elasticities (point solutions, same partial effect).",
    "es": "Cambio de bienestar con otras elasticidades del comercio (soluciones puntuales, mismo efecto parcial).",
    "ko": "다른 무역탄력성에서의 후생 변화(점 해, 같은 부분효과).",
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

    def verdict(self, verdict: str) -> str:
        return VERDICT_LABELS[verdict].get(self.lang, verdict)


def brief_context(ev: EvidenceSet, recommendations: list[Recommendation], lang: str) -> dict[str, Any]:
    r = Renderer(ev, lang)
    demo = bool(ev.notes.get("demo"))
    if not demo:  # a recommendation that only demo cards support never reaches a default brief
        recommendations = [x for x in recommendations if not x.demo_based]
    bloc = ev.bloc
    bloc_label = place(bloc, lang) if bloc else ", ".join(place(m, lang) for m in ev.members)
    reporter = place(ev.reporter, lang)
    cards = ev.cards
    stages = ev.frames.get("stages", pd.DataFrame())
    timeline = [c for c in cards.values() if c.topic == "timeline"]
    stage_rows = []
    for aid in sorted({c.values["agreement_id"] for c in timeline}, key=_agreement_order):
        group = [c for c in timeline if c.values["agreement_id"] == aid]
        stage_rows.append({"agreement": agreement_name(aid, lang), "rows": [
            {"stage": stage_label(c.values["stage"], lang), "card": c} for c in sorted(group, key=lambda c: c.id)]})
    names = {a: short_name(a, lang) for a in stages.get("agreement_id", pd.Series(dtype=str)).unique()}
    yearly = ev.frames.get("yearly", pd.DataFrame())
    last_year = int(yearly["year"].max()) if not yearly.empty else 0
    trade_tables = []
    for partner in [*ev.members, *([bloc] if bloc else [])]:
        rows = [cards[i] for i in sorted(cards) if i.startswith(f"trade.year.{ev.reporter}-{partner}.")
                and cards[i].values["year"] >= last_year - TABLE_YEARS]
        if rows:
            trade_tables.append({"name": place(partner, lang), "rows": rows})
    trade_main = [c for c in cards.values() if c.topic == "trade" and not c.id.startswith("trade.fta_window")]
    survey_all = [c for c in cards.values() if c.topic == "survey"]
    survey_main = [c for c in survey_all if c.id.startswith("survey.likert.") and c.id.count(".") == 2]
    coop = [c for c in survey_all if c.id.startswith("survey.choice.coop_priority.")]
    interviews = [c for c in cards.values() if c.topic == "interviews"]
    effects = [c for c in cards.values() if c.id.startswith("fta.effect.")]
    scenarios = [c for c in cards.values() if c.topic == "scenario"]
    claims = [c for c in cards.values() if c.topic == "claims"]
    data = [c for c in cards.values() if c.topic == "data"]
    founded = next((c for c in timeline if c.values["stage"].startswith("Lima Declaration")), None)
    bloc_text = ""
    if bloc in BLOC_TEXT and founded is not None:
        year = r.ev_value(founded, "date")
        bloc_text = Markup(str(escape(BLOC_TEXT[bloc][lang])).replace("{founded}", str(year)))
    members_text = ", ".join(place(m, lang) for m in ev.members)
    headline = _headline(ev, cards)
    by_area = {a: [x for x in recommendations if x.area == a] for a in AREAS}
    svgs = _charts(ev, lang, names)
    return {
        "lang": lang, "version": __version__, "store_version": ev.notes.get("store_version", ""),
        "title": t(lang, "title", reporter=reporter, bloc=bloc_label),
        "t": lambda key, **kw: t(lang, key, reporter=reporter, bloc=bloc_label, **kw),
        "ev": r.ev_value, "stmt": r.statement, "verdict": r.verdict,
        "sec_bloc": t(lang, "sec_bloc", bloc=bloc_label), "bloc_text": bloc_text, "members_text": members_text,
        "table1": t(lang, "table1", reporter=reporter, bloc=bloc_label),
        "fig_flows": t(lang, "fig_flows", reporter=reporter), "fig_balance": t(lang, "fig_balance", reporter=reporter),
        "stages": stage_rows, "timeline_ids": " ".join(c.id for c in timeline),
        "listed": _listed(ev), "headline": headline,
        "survey_cards": survey_main, "survey_ids": " ".join(c.id for c in survey_all if c.id.count(".") == 3),
        "interview_cards": interviews, "coop_cards": coop,
        "trade_cards": sorted(trade_main, key=lambda c: c.id),
        "flows_ids": " ".join(i for i in cards if i.startswith("trade.year.")),
        "trade_tables": trade_tables, "sector_cards": [c for c in cards.values() if c.illustrative],
        "window_cards": sorted([c for c in cards.values() if c.id.startswith("trade.fta_window")], key=lambda c: c.id),
        "effect_cards": sorted(effects, key=lambda c: c.id),
        "too_early_cards": sorted([c for c in cards.values() if c.id.startswith("fta.too_early.")], key=lambda c: c.id),
        "demo": demo, "survey_responses": ev.notes.get("survey_responses"),
        "effect_statements": sorted([c for c in effects if c.values["exporter"] == ev.reporter], key=lambda c: c.id)
        + [c for c in cards.values() if c.id == "fta.pooled"],
        "scenario_cards": sorted(scenarios, key=lambda c: c.id), "scenario_ids": " ".join(c.id for c in scenarios),
        "theta_cards": sorted([c for c in cards.values() if c.topic == "scenario_theta"], key=lambda c: c.id),
        "theta_caption": THETA_CAPTION[lang],
        "investment_cards": [c for c in cards.values() if c.topic == "investment"],
        "fdi_cards": [c for c in cards.values() if c.topic == "fdi"],
        "oda_cards": [c for c in cards.values() if c.topic == "oda"],
        "areas": [{"label": AREA_LABELS[a][lang], "recs": [
            {"text": x.text(lang), "evidence": x.evidence, "demo": x.demo_based} for x in by_area[a]]}
            for a in AREAS],
        "claims": claims, "data_cards": data, "demo_ids": {i for i, c in cards.items() if c.demo},
        "methods_text": methods_text(ev, lang),
        "references": REFERENCES, "ref_ids": " ".join(f"ref:{k}" for k in REFERENCES),
        "appendix": sorted(cards.values(), key=lambda c: c.id),
        "reporter": ev.reporter, "partners": ev.label,
        **svgs,
    }


_ORDER = ("FTA", "ASSOC", "BIT")


def _agreement_order(aid: str) -> tuple[int, str]:
    """FTAs first (by id), then the associate-membership bid, BITs, and the bloc itself."""
    kind = aid.rsplit("-", 1)[-1]
    return (_ORDER.index(kind) if kind in _ORDER else len(_ORDER), aid)


def short_name(aid: str, lang: str) -> str:
    """A short label for charts: 'Korea–Chile FTA', 'Korea–PA associate', or the bloc's name."""
    parts = aid.split("-")
    if len(parts) == 3:
        kind = t(lang, "associate") if parts[2] == "ASSOC" else parts[2]
        return f"{place(parts[0], lang)}–{parts[1] if is_bloc(parts[1]) else place(parts[1], lang)} {kind}"
    return place(aid, lang)


def _headline(ev: EvidenceSet, cards: dict[str, EvidenceCard]) -> list[EvidenceCard]:
    """The key findings: the bloc's flows and growth, the most one-sided balance record among the
    members (ties: the larger trade partner), the reporter's exports to its first FTA partner since 2008 (else the largest change), the
    pooled FTA effect, the first scenario that adds an agreement (from the scenario files run), and
    two survey results."""
    rep, bloc = ev.reporter, ev.label
    want = [_first(cards, f"trade.flows.{rep}-{bloc}."), _first(cards, f"trade.growth.{rep}-{bloc}.")]
    records = [c for c in cards.values() if c.id.startswith(f"trade.balance_record.{rep}-")
               and c.values.get("partner") in ev.members]
    yearly = ev.frames.get("yearly", pd.DataFrame())
    size = yearly.groupby("partner")["total_trade"].sum() if "total_trade" in yearly else pd.Series(dtype=float)
    want.append(max(records, key=lambda c: (abs(c.values["surplus_share"] - 0.5),
                                            float(size.get(c.values["partner"], 0.0)))) if records else None)
    since = [c for c in cards.values() if c.id.startswith(f"trade.exports_since.{rep}-")
             and c.values.get("partner") in ev.members]
    first_fta = _first_fta_partner(ev)
    pick = [c for c in since if c.values["partner"] == first_fta] or sorted(
        since, key=lambda c: -abs(c.values["change"]))
    want.append(pick[0] if pick else None)
    want.append(cards.get("fta.pooled"))
    from tradebridge.models.scenarios import load_scenario

    adds = [n for n in ev.notes.get("scenarios", ()) if load_scenario(n).add]  # a missing FTA simulated
    want.append(next((cards[f"scenario.{n}.{rep}"] for n in adds if f"scenario.{n}.{rep}" in cards), None))
    want += [_first(cards, "survey.likert.relationship_positive"), _first(cards, "survey.likert.market_knowledge")]
    return [c for c in want if c is not None]


def _first(cards: dict[str, EvidenceCard], prefix: str) -> EvidenceCard | None:
    hits = sorted(i for i in cards if i.startswith(prefix) and i.count(".") <= prefix.count(".") + 1)
    return cards[hits[0]] if hits else None


def _first_fta_partner(ev: EvidenceSet) -> str | None:
    """The member whose FTA with the reporter entered into force first (from the FTA growth windows)."""
    windows = ev.frames.get("windows", pd.DataFrame())
    if windows.empty or "entry_year" not in windows.columns:
        return None
    rows = windows[windows["partner"].isin(ev.members)].sort_values(["entry_year", "partner"])
    return None if rows.empty else str(rows["partner"].iloc[0])


def _listed(ev: EvidenceSet) -> list[EvidenceCard]:
    return sorted((c for c in ev.cards.values() if c.topic == "agreements"), key=lambda c: (c.values["partner"], c.id))


def _charts(ev: EvidenceSet, lang: str, names: dict[str, str]) -> dict[str, Markup]:
    return charts.brief_svgs(ev, lang, names)
