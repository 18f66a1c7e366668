"""Trade evidence cards from a :class:`~tradebridge.indicators.overview.TradeOverview`.

Cards (``R`` reporter, ``P`` a partner or the bloc):

- ``trade.flows.R-P.Y``: exports, imports, total and balance in the last year with data, and P's share
  of R's world trade;
- ``trade.growth.R-P.Y0-Y1``: growth of total trade over the last 20 years with data;
- ``trade.balance_record.R-P``: in how many of the years present R had a surplus with P;
- ``trade.fta_window.AGREEMENT.MEASURE``: compound annual growth in the window ending the year before entry
  into force and the one starting at the entry year (``indicators.flows.fta_windows``); it says why when it points the
  other way from the gravity estimate (:func:`reconcile_window_cards`);
- ``trade.exports_since.R-P.Y0-Y1``: R's exports to P between a base year (2008 by default, the Global
  Financial Crisis) and the last year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise

import pandas as pd

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.i18n import josa

NOMINAL = "values in current (nominal) USD"


def _f(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _last_with_data(rows: pd.DataFrame) -> pd.Series | None:
    rows = rows.dropna(subset=["total_trade"])
    rows = rows[rows["total_trade"] > 0]
    return None if rows.empty else rows.sort_values("year").iloc[-1]


def flow_cards(yearly: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef], dataset: str) -> list[EvidenceCard]:
    cards = []
    for partner, rows in yearly.groupby("partner", sort=False):
        last = _last_with_data(rows)
        if last is None:
            continue
        y = int(last["year"])
        cards.append(EvidenceCard(
            id=f"trade.flows.{reporter}-{partner}.{y}", topic="trade",
            template={
                "en": "In {year}, {reporter} exported {exports} to {partner:the} and imported {imports}; "
                      "the balance was {balance} ({share} of {reporter}'s trade with the world).",
                "es": "En {year}, {reporter} exportó {exports} {partner:a} e importó {imports}; "
                      "el saldo fue de {balance} ({share} del comercio de {reporter} con el mundo).",
                "ko": "{year}년 {reporter}의 대{partner} 수출은 {exports}, 수입은 {imports:이며} "
                      "무역수지는 {balance:이었다}({reporter} 대세계 교역의 {share}).",
            },
            values={"reporter": reporter, "partner": partner, "year": y, "exports": _f(last["exports"]),
                    "imports": _f(last["imports"]), "total": _f(last["total_trade"]),
                    "balance": _f(last["balance"]), "share": _f(last.get("share_of_world_trade"))},
            formats={"reporter": "place", "partner": "place", "year": "year", "exports": "usd",
                     "imports": "usd", "total": "usd", "balance": "usd", "share": "pct"},
            comparison="exports minus imports, last year with data",
            caveats=(NOMINAL, "reporter and partner statistics differ; this panel uses one mirror of UN Comtrade"),
            provenance=tuple(prov), method=f"trade_overview(dataset={dataset!r})"))
    return cards


def growth_cards(yearly: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef], dataset: str,
                 span: int = 20) -> list[EvidenceCard]:
    """Growth over the last ``span`` years with data (20: two decades, the FTA era for Korea)."""
    cards = []
    for partner, rows in yearly.groupby("partner", sort=False):
        rows = rows.dropna(subset=["total_trade"])
        rows = rows[rows["total_trade"] > 0].sort_values("year")
        if not rows.empty:
            rows = rows[rows["year"] >= rows["year"].max() - span]
        if len(rows) < 2:
            continue
        a, b = rows.iloc[0], rows.iloc[-1]
        y0, y1 = int(a["year"]), int(b["year"])
        multiple = float(b["total_trade"] / a["total_trade"])
        cagr = multiple ** (1 / (y1 - y0)) - 1
        cards.append(EvidenceCard(
            id=f"trade.growth.{reporter}-{partner}.{y0}-{y1}", topic="trade",
            template={
                "en": "Trade between {reporter} and {partner:the} {cagr:sign:grew|fell} from {start} in {y0} to {end} in {y1} "
                      "({multiple}; {cagr} a year).",
                "es": "El comercio entre {reporter} y {partner:el} pasó de {start} en {y0} a {end} en {y1} "
                      "({multiple}; {cagr} anual).",
                "ko": "{reporter}–{partner} 교역은 {y0}년 {start}에서 {y1}년 {end:으로} {cagr:sign:증가했다|감소했다}"
                      "({multiple}, 연평균 {cagr}).",
            },
            values={"reporter": reporter, "partner": partner, "y0": y0, "y1": y1, "start": float(a["total_trade"]),
                    "end": float(b["total_trade"]), "multiple": multiple, "cagr": cagr},
            formats={"reporter": "place", "partner": "place", "y0": "year", "y1": "year", "start": "usd",
                     "end": "usd", "multiple": "ratio", "cagr": "pct_signed"},
            comparison=f"{y1} vs {y0}: the last {span} years with data", caveats=(NOMINAL,),
            provenance=tuple(prov), method=f"trade_overview(dataset={dataset!r})"))
    return cards



_BALANCE_RECORD = {
    "en": "{reporter} had a trade surplus with {partner:the} in {surplus} of the {n} years observed ({y0}–{y1}).",
    "es": "{reporter} tuvo superávit comercial {partner:con} en {surplus} de los {n} años observados ({y0}–{y1}).",
    "ko": "관측된 {n}개 연도({y0}–{y1}) 중 {surplus}개 연도에 {reporter:는} {partner:와}의 교역에서 흑자를 기록했다.",
}
# a panel with one year in k: the count is of panel years, not of calendar years
_BALANCE_RECORD_SPACED = {
    "en": "{reporter} had a trade surplus with {partner:the} in {surplus} of the {n} panel years ({y0}–{y1}, "
          "one year in {spacing}).",
    "es": "{reporter} tuvo superávit comercial {partner:con} en {surplus} de los {n} años del panel ({y0}–{y1}, "
          "un año de cada {spacing}).",
    "ko": "{spacing}년 간격 패널의 {n}개 연도({y0}–{y1}) 중 {surplus}개 연도에 {reporter:는} {partner:와}의 교역에서 "
          "흑자를 기록했다.",
}

def balance_record_cards(yearly: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef],
                         dataset: str) -> list[EvidenceCard]:
    cards = []
    for partner, rows in yearly.groupby("partner", sort=False):
        rows = rows.dropna(subset=["balance"])
        rows = rows[rows["total_trade"] > 0]
        if rows.empty:
            continue
        surplus = int((rows["balance"] > 0).sum())
        n = len(rows)
        years = rows["year"].astype(int).tolist()
        gaps = {b - a for a, b in pairwise(years)}
        spacing = gaps.pop() if len(gaps) == 1 else 1  # a regular panel (one year in k) is said so
        cards.append(EvidenceCard(
            id=f"trade.balance_record.{reporter}-{partner}", topic="trade",
            template=_BALANCE_RECORD_SPACED if spacing > 1 else _BALANCE_RECORD,
            values={"reporter": reporter, "partner": partner, "surplus": surplus, "n": n, "surplus_share": surplus / n,
                    "y0": years[0], "y1": years[-1], "years": years, "spacing": spacing},
            formats={"reporter": "place", "partner": "place", "surplus": "int", "n": "int", "y0": "year",
                     "y1": "year", "spacing": "int"},
            comparison="sign of exports minus imports in each year present",
            caveats=(NOMINAL, "the panel has one year in four (1964, 1968, ..., 2016)"),
            provenance=tuple(prov), method=f"trade_overview(dataset={dataset!r})"))
    return cards


def exports_since_cards(yearly: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef], dataset: str,
                        base_year: int = 2008) -> list[EvidenceCard]:
    cards = []
    for partner, rows in yearly.groupby("partner", sort=False):
        rows = rows.dropna(subset=["exports"]).sort_values("year")
        base = rows[rows["year"] == base_year]
        if base.empty or rows["year"].max() <= base_year or float(base["exports"].iloc[0]) <= 0:
            continue
        last = rows.iloc[-1]
        change = float(last["exports"] / base["exports"].iloc[0] - 1)
        cards.append(EvidenceCard(
            id=f"trade.exports_since.{reporter}-{partner}.{base_year}-{int(last['year'])}", topic="trade",
            template={
                "en": "{reporter}'s exports to {partner:the} went from {start} in {y0} to {end} in {y1} ({change}).",
                "es": "Las exportaciones de {reporter} {partner:a} pasaron de {start} en {y0} a {end} en {y1} "
                      "({change}).",
                "ko": "{reporter}의 대{partner} 수출은 {y0}년 {start}에서 {y1}년 {end:으로} "
                      "{change:sign:증가했다|감소했다|변함없었다}({change}).",
            },
            values={"reporter": reporter, "partner": partner, "y0": base_year, "y1": int(last["year"]),
                    "start": float(base["exports"].iloc[0]), "end": float(last["exports"]), "change": change},
            formats={"reporter": "place", "partner": "place", "y0": "year", "y1": "year", "start": "usd",
                     "end": "usd", "change": "pct_signed"},
            comparison=f"last year vs {base_year} (Global Financial Crisis)", caveats=(NOMINAL,),
            provenance=tuple(prov), method=f"trade_overview(dataset={dataset!r})"))
    return cards


MEASURE = {"exports": {"en": "exports", "es": "las exportaciones", "ko": "수출"},
           "imports": {"en": "imports", "es": "las importaciones", "ko": "수입"},
           "total_trade": {"en": "total trade", "es": "el comercio total", "ko": "총교역"}}
PLURAL_ES = {"exports", "imports"}  # "las exportaciones crecieron", "el comercio total creció"


WINDOW = 8  # years on each side of the entry into force


def fta_window_cards(windows: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef],
                     dataset: str) -> list[EvidenceCard]:
    cards = []
    if windows.empty:
        return cards
    for (partner, agreement, measure), rows in windows.groupby(["partner", "agreement_id", "measure"]):
        pre = rows[rows["period"] == "pre"]
        post = rows[rows["period"] == "post"]
        if pre.empty or post.empty:
            continue
        pre, post = pre.iloc[0], post.iloc[0]
        if pd.isna(pre["cagr"]) or pd.isna(post["cagr"]):
            continue
        m = MEASURE.get(measure, {"en": measure})
        verb_es = "change_pl" if measure in PLURAL_ES else "change"
        cards.append(EvidenceCard(
            id=f"trade.fta_window.{agreement}.{measure}", topic="fta",
            template={
                "en": f"{m['en'].capitalize()} between {{reporter}} and {{partner:the}} {{pre:change}} a year in "
                      "{pre_years} and {post:change} a year in {post_years}, after the agreement entered into force "
                      "in {entry}.",
                "es": f"{m.get('es', measure).capitalize()} entre {{reporter}} y {{partner:el}} {{pre:{verb_es}}} anual "
                      f"en {{pre_years}} y {{post:{verb_es}}} anual en {{post_years}}, tras la entrada en vigor del "
                      "acuerdo en {entry}.",
                "ko": f"{{reporter}}–{{partner}} {josa(m.get('ko', measure), '은')} 협정 발효({{entry}}년) 전 "
                      "{pre_years}에 연평균 {pre:change}했고, 발효 후 {post_years}에는 연평균 {post:change}했다.",
            },
            values={"reporter": reporter, "partner": partner, "agreement": agreement, "measure": measure,
                    "entry": int(pre["entry_year"]), "pre": float(pre["cagr"]), "post": float(post["cagr"]),
                    "pre_years": f"{int(pre['first_year'])}–{int(pre['last_year'])}",
                    "post_years": f"{int(post['first_year'])}–{int(post['last_year'])}"},
            formats={"reporter": "place", "partner": "place", "entry": "year", "pre": "pct_signed",
                     "post": "pct_signed", "pre_years": "text", "post_years": "text"},
            comparison="compound annual growth before vs after entry into force",
            caveats=(("descriptive: a before/after comparison is not the FTA's causal effect (see the gravity "
                      "estimates)"), ("before: the window ending the year before entry; after: the window starting "
                                      "at the entry year (the nearest panel years on each side)"), NOMINAL),
            provenance=tuple(prov), method=f"indicators.flows.fta_windows(dataset={dataset!r}, window={WINDOW})"))
    return cards


_WHY = {
    "en": " Growth {post_vs_pre} after entry although the gravity estimate finds the agreement {gravity_effect:sign:raised|"
          "lowered} this trade ({gravity_effect}): the two windows compare different world conditions, while the "
          "estimate nets out each country's total trade in each year.",
    "es": " El crecimiento {post_vs_pre_es} tras la entrada en vigor aunque la estimación de gravedad indica que el acuerdo "
          "{gravity_effect:sign:aumentó|redujo} este comercio ({gravity_effect}): las dos ventanas comparan condiciones "
          "mundiales distintas, mientras que la estimación descuenta el comercio total de cada país en cada año.",
    "ko": " 중력모형 추정으로는 협정이 이 교역을 {gravity_effect:change}시켰지만 발효 후 증가율은 {post_vs_pre_ko}: 두 기간은 "
          "서로 다른 세계 경제 여건을 비교하는 반면, 추정은 매년 각국의 전체 교역을 통제한다.",
}
_EARLY = {
    "en": " The panel is too short after entry to estimate the agreement's effect.",
    "es": " El panel es demasiado corto tras la entrada en vigor para estimar el efecto del acuerdo.",
    "ko": " 발효 이후 패널 기간이 짧아 협정 효과를 추정할 수 없다.",
}
_SLOWER = {"en": ("slowed", "picked up"), "es": ("se desaceleró", "se aceleró"), "ko": ("둔화했다", "빨라졌다")}


def reconcile_window_cards(cards: Mapping[str, EvidenceCard], reporter: str) -> dict[str, EvidenceCard]:
    """Window cards that say why when they point the other way from the gravity estimate of the same
    agreement and direction (``fta.effect.AGREEMENT.EXP-IMP``, CI clear of zero), or that the agreement is
    too early to estimate (``fta.too_early.AGREEMENT``). Returns the replaced cards by id.

    >>> w = EvidenceCard("trade.fta_window.R-P-FTA.exports", "fta", {"en": "Exports."},
    ...                  {"partner": "P", "agreement": "R-P-FTA", "measure": "exports", "pre": 0.2, "post": 0.05})
    >>> e = EvidenceCard("fta.effect.R-P-FTA.R-P", "fta", {"en": ""}, {"effect": 0.3, "ci_low": 0.1, "ci_high": 0.5})
    >>> reconcile_window_cards({w.id: w, e.id: e}, "R")[w.id].statement("en")[:40]
    'Exports. Growth slowed after entry altho'
    """
    from dataclasses import replace

    out = {}
    for cid, card in cards.items():
        if not cid.startswith("trade.fta_window."):
            continue
        v = card.values
        ag, partner = v.get("agreement"), v.get("partner")
        if f"fta.too_early.{ag}" in cards:
            out[cid] = replace(card, template={k: t + _EARLY.get(k, _EARLY["en"]) for k, t in card.template.items()})
            continue
        direction = {"exports": [f"{reporter}-{partner}"], "imports": [f"{partner}-{reporter}"]}.get(
            v.get("measure"), [f"{reporter}-{partner}", f"{partner}-{reporter}"])
        effects = [cards[i] for d in direction if (i := f"fta.effect.{ag}.{d}") in cards]
        clear = [e for e in effects if e.values["ci_low"] > 0 or e.values["ci_high"] < 0]
        if not clear or len({e.values["effect"] > 0 for e in clear}) > 1:
            continue
        effect = clear[0].values["effect"]
        slower = v["post"] < v["pre"]
        if slower != (effect > 0):
            continue
        words = {lang: _SLOWER[lang][0 if slower else 1] for lang in _SLOWER}
        both = {"en": "({gravity_effect} and {gravity_effect_2} by direction)",
                "es": "({gravity_effect} y {gravity_effect_2} según la dirección)"}
        why = {k: w.replace("({gravity_effect})", both[k]) if len(clear) == 2 and k in both else w
               for k, w in _WHY.items()}  # total trade: both directions' estimates
        if len(clear) == 2:
            why["ko"] = why["ko"].replace("{gravity_effect:change}", "{gravity_effect:change}(반대 방향 {gravity_effect_2})")
        extra = {"gravity_effect_2": clear[1].values["effect"]} if len(clear) == 2 else {}
        out[cid] = replace(
            card, template={k: t + why.get(k, why["en"]) for k, t in card.template.items()},
            values={**v, **extra, "gravity_effect": effect, "gravity_cards": [e.id for e in clear],
                    "post_vs_pre": words["en"], "post_vs_pre_es": words["es"], "post_vs_pre_ko": words["ko"]},
            formats={**card.formats, "gravity_effect": "pct_signed", "gravity_effect_2": "pct_signed", "post_vs_pre": "text", "post_vs_pre_es": "text",
                     "post_vs_pre_ko": "text"},
            caveats=(*card.caveats, "differs in direction from the gravity estimate: " + ", ".join(e.id for e in clear)))
    return out


def year_cards(yearly: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef], dataset: str) -> list[EvidenceCard]:
    """One card per partner and year (the brief's trade tables cite them cell by cell)."""
    cards = []
    for r in yearly.to_dict(orient="records"):
        if r.get("exports") is None or pd.isna(r.get("exports")):
            continue
        cards.append(EvidenceCard(
            id=f"trade.year.{reporter}-{r['partner']}.{int(r['year'])}", topic="trade_year",
            template={"en": "{reporter}–{partner} {year}: exports {exports}, imports {imports}, balance {balance}.",
                      "es": "{reporter}–{partner} {year}: exportaciones {exports}, importaciones {imports}, saldo {balance}.",
                      "ko": "{reporter}–{partner} {year}년: 수출 {exports}, 수입 {imports}, 수지 {balance}."},
            values={"reporter": reporter, "partner": r["partner"], "year": int(r["year"]), "exports": _f(r["exports"]),
                    "imports": _f(r["imports"]), "balance": _f(r["balance"]), "total": _f(r["total_trade"]),
                    "share": _f(r.get("share_of_world_trade"))},
            formats={"reporter": "place", "partner": "place", "year": "year", "exports": "usd", "imports": "usd",
                     "balance": "usd", "total": "usd", "share": "pct"},
            comparison="one year's flows", caveats=(NOMINAL,), provenance=tuple(prov),
            method=f"trade_overview(dataset={dataset!r})"))
    return cards
