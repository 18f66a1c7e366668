"""The relationship seen from both sides, and the shocks: partners' view, exchange rates, COVID-19.

Card ids (``R`` reporter, ``P`` a member or the bloc, ``Y`` the latest year with data):

- ``partners.weight.R-P.Y``: each side's weight in the other's trade, in ``Y`` and in a base year ``y0``
  (the first year with data in the last 20): ``r_share_of_p_exports`` (R's share of P's exports),
  ``r_share_of_p_imports``, ``p_share_of_r_exports``, ``p_share_of_r_imports``, each also ``*_0`` (in ``y0``)
  and ``*_change_pp`` (percentage points, ``Y`` minus ``y0``); ``weight_ratio``: R's weight for P over P's
  weight for R (sum of the two shares each way; > 1 when R matters more to P than P to R);
- ``shocks.fx.R-P``: the bilateral nominal exchange rate (R's currency per unit of P's, from the annual
  averages per US dollar) with R's exports to P (none when the rate moved more than tenfold between the
  first and last year: high inflation or a redenomination); ``series`` holds the yearly points (``year``, ``fx_bilateral``,
  ``fx_partner_usd``, ``fx_reporter_usd`` and ``exports`` where the trade panel has the year), for the chart;
- ``shocks.fx_elasticity.R-P``: the PPML elasticity of R's exports to P with respect to P's currency per US
  dollar (:func:`tradebridge.models.fx.fx_elasticity`; ``P`` is the bloc label for the pooled row);
- ``shocks.covid.R``: ``status`` "not covered" with ``data_end`` when the trade data end before 2020; else
  ``status`` "covered" and ``shocks.covid.R-P.Y`` cards (deviation from the 2015–2019 trend,
  :func:`tradebridge.models.shocks.covid_deviation`).

>>> w = pd.DataFrame({"year": [1996, 2016], "partner": ["CHL"] * 2, "exports": [1.0, 2.0], "imports": [3.0, 6.0],
...     "p_share_of_r_exports": [0.01, 0.02], "p_share_of_r_imports": [0.01, 0.01],
...     "r_share_of_p_exports": [0.05, 0.07], "r_share_of_p_imports": [0.02, 0.03]})
>>> c = weight_cards(w, "KOR", ())[0]
>>> c.id, round(c.values["r_share_of_p_exports_change_pp"], 2), round(c.values["weight_ratio"], 2)
('partners.weight.KOR-CHL.2016', 2.0, 3.33)
>>> c.statement("en")[:62]
"In 2016, Korea took 7.0% of Chile's exports and supplied 3.0% "
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef

SHARES = ("r_share_of_p_exports", "r_share_of_p_imports", "p_share_of_r_exports", "p_share_of_r_imports")
SPAN = 20  # years back for the base year (as the growth cards)
FX_START = 1990  # after the Latin American hyperinflations (as models.fx)
FX_MAX_RATIO = 10.0  # a bilateral nominal rate that moved more than tenfold is not compared (no card)
COVID_YEAR = 2020
NOMINAL = "values in current (nominal) USD"
ALL_GOODS, VEHICLE_GOODS = "all goods", "vehicles, HS 8703–8704"
GOODS = {ALL_GOODS: {"en": "all goods", "es": "todos los bienes", "ko": "전체 상품"},
         VEHICLE_GOODS: {"en": "vehicles, HS 8703–8704", "es": "vehículos, SA 8703–8704", "ko": "자동차, HS 8703–8704"}}


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float, np.floating)) and math.isfinite(float(x))


def weight_cards(weights: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef], *,
                 dataset: str = "") -> list[EvidenceCard]:
    """``partners.weight`` cards from :func:`tradebridge.indicators.composition_view.partner_weights` rows."""
    cards = []
    for partner, rows in weights.groupby("partner", sort=True):
        rows = rows.dropna(subset=list(SHARES)).sort_values("year")
        rows = rows[(rows["exports"] + rows["imports"]) > 0]
        if rows.empty:
            continue
        last = rows.iloc[-1]
        y1 = int(last["year"])
        base = rows[rows["year"] >= y1 - SPAN].iloc[0]
        y0 = int(base["year"])
        values = {"reporter": reporter, "partner": partner, "year": y1, "y0": y0}
        for s in SHARES:
            values[s], values[f"{s}_0"] = float(last[s]), float(base[s])
            values[f"{s}_change_pp"] = 100 * (float(last[s]) - float(base[s]))
        mine = values["p_share_of_r_exports"] + values["p_share_of_r_imports"]
        if mine > 0:
            values["weight_ratio"] = (values["r_share_of_p_exports"] + values["r_share_of_p_imports"]) / mine
        formats = {"reporter": "place", "partner": "place", "year": "year", "y0": "year", "weight_ratio": "ratio",
                   **{k: ("number" if k.endswith("_pp") else "pct") for k in values if "share" in k}}
        cards.append(EvidenceCard(
            id=f"partners.weight.{reporter}-{partner}.{y1}", topic="partners",
            template={
                "en": "In {year}, {reporter} took {r_share_of_p_exports} of {partner:the}'s exports and supplied "
                      "{r_share_of_p_imports} of its imports ({r_share_of_p_exports_0} and {r_share_of_p_imports_0} "
                      "in {y0}); {partner:the} took {p_share_of_r_exports} of {reporter}'s exports and supplied "
                      "{p_share_of_r_imports} of its imports.",
                "es": "En {year}, {reporter} recibió el {r_share_of_p_exports} de las exportaciones {partner:de} y le "
                      "vendió el {r_share_of_p_imports} de sus importaciones ({r_share_of_p_exports_0} y "
                      "{r_share_of_p_imports_0} en {y0}); {partner:el} recibió el {p_share_of_r_exports} de las "
                      "exportaciones de {reporter} y le vendió el {p_share_of_r_imports} de sus importaciones.",
                "ko": "{year}년 {reporter:는} {partner} 수출의 {r_share_of_p_exports}, 수입의 {r_share_of_p_imports:를} "
                      "차지했고({y0}년 {r_share_of_p_exports_0}, {r_share_of_p_imports_0}), {partner:는} {reporter} "
                      "수출의 {p_share_of_r_exports}, 수입의 {p_share_of_r_imports:를} 차지했다.",
            },
            values=values, formats=formats,
            comparison=f"shares of each side's exports and imports with the world, {y1} vs {y0}",
            caveats=(NOMINAL, "one mirror of UN Comtrade: a flow is counted once, as the exporter's flow in this panel",
                     "a bloc's world trade includes the members' trade with each other"),
            provenance=tuple(prov), method=f"composition_view.partner_weights(dataset={dataset!r})"))
    return cards


def fx_series(fx: pd.DataFrame, yearly: pd.DataFrame, reporter: str, members: Sequence[str], *,
              start: int = FX_START) -> pd.DataFrame:
    """``partner, year, fx_partner_usd, fx_reporter_usd, fx_bilateral, exports``: the bilateral nominal rate
    (reporter's currency per unit of the partner's = reporter LCU/USD ÷ partner LCU/USD) and the reporter's
    exports to the partner (missing in years the trade panel lacks).

    >>> fx = pd.DataFrame({"country": ["KOR", "CHL"], "year": [2000, 2000], "fx_lcu_per_usd": [1130.0, 540.0]})
    >>> y = pd.DataFrame({"partner": ["CHL"], "year": [2000], "exports": [5.0]})
    >>> round(float(fx_series(fx, y, "KOR", ["CHL"])["fx_bilateral"].iloc[0]), 4)
    2.0926
    """
    rates = fx[fx["year"] >= start]
    own = rates[rates["country"] == reporter][["year", "fx_lcu_per_usd"]].rename(columns={"fx_lcu_per_usd": "fx_reporter_usd"})
    theirs = rates[rates["country"].isin(list(members))].rename(columns={"country": "partner",
                                                                          "fx_lcu_per_usd": "fx_partner_usd"})
    out = theirs.merge(own, on="year", how="inner")
    out = out[(out["fx_partner_usd"] > 0) & (out["fx_reporter_usd"] > 0)]
    out = out.assign(fx_bilateral=out["fx_reporter_usd"] / out["fx_partner_usd"])
    ex = yearly[["partner", "year", "exports"]] if not yearly.empty else pd.DataFrame(columns=["partner", "year", "exports"])
    out = out.merge(ex, on=["partner", "year"], how="left")
    cols = ["partner", "year", "fx_partner_usd", "fx_reporter_usd", "fx_bilateral", "exports"]
    return out[cols].sort_values(["partner", "year"]).reset_index(drop=True)


def _points(rows: pd.DataFrame) -> list[dict]:
    """The series as JSON-ready points, without missing values."""
    return [{k: (int(v) if k == "year" else float(v)) for k, v in r.items() if k != "partner" and _finite(v)}
            for r in rows.to_dict(orient="records")]


def fx_cards(series: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    """``shocks.fx`` cards: the bilateral rate and the exports over the years both are present.

    >>> s = pd.DataFrame({"partner": "P", "year": [1992, 2016], "fx_partner_usd": [1.0, 1.0],
    ...                   "fx_reporter_usd": [1.0, 50.0], "fx_bilateral": [1.0, 50.0], "exports": [1.0, 2.0]})
    >>> fx_cards(s, "KOR", ())  # fiftyfold: not a comparable nominal rate
    []
    """
    cards = []
    for partner, rows in series.groupby("partner", sort=True):
        both = rows.dropna(subset=["exports"])
        both = both[both["exports"] > 0]
        if len(both) < 2:
            continue
        a, b = both.iloc[0], both.iloc[-1]
        if not 1 / FX_MAX_RATIO <= b["fx_bilateral"] / a["fx_bilateral"] <= FX_MAX_RATIO:
            continue  # a tenfold nominal move: high inflation or a redenomination, not a comparable rate
        values = {"reporter": reporter, "partner": partner, "y0": int(a["year"]), "y1": int(b["year"]),
                  "fx_0": float(a["fx_bilateral"]), "fx_1": float(b["fx_bilateral"]),
                  "fx_change": float(b["fx_bilateral"] / a["fx_bilateral"] - 1),
                  "exports_0": float(a["exports"]), "exports_1": float(b["exports"]),
                  "exports_change": float(b["exports"] / a["exports"] - 1),
                  "series_first": int(rows["year"].min()), "series_last": int(rows["year"].max()),
                  "series": _points(rows)}
        cards.append(EvidenceCard(
            id=f"shocks.fx.{reporter}-{partner}", topic="shocks",
            template={
                "en": "From {y0} to {y1}, {partner:the}'s currency {fx_change:sign:gained|lost} {fx_change:abs} "
                      "against {reporter}'s (nominal annual averages), while {reporter}'s exports to {partner:the} "
                      "went from {exports_0} to {exports_1}.",
                "es": "Entre {y0} y {y1}, la moneda {partner:de} {fx_change:sign:se apreció|se depreció} un "
                      "{fx_change:abs} frente a la {reporter:de} (promedios anuales nominales), mientras las "
                      "exportaciones de {reporter} {partner:a} pasaron de {exports_0} a {exports_1}.",
                "ko": "{y0}–{y1}년 {partner} 통화의 가치는 {reporter} 통화 대비 {fx_change:change}했고(연평균 명목환율), "
                      "같은 기간 {reporter}의 대{partner} 수출은 {exports_0}에서 {exports_1:으로} 변했다.",
            },
            values=values,
            formats={"reporter": "place", "partner": "place", "y0": "year", "y1": "year", "fx_0": "number",
                     "fx_1": "number", "fx_change": "pct_signed", "exports_0": "usd", "exports_1": "usd",
                     "exports_change": "pct_signed", "series_first": "year", "series_last": "year"},
            comparison="the partner currency's value in the reporter's currency and the reporter's exports, "
                       "first vs last year both are present",
            caveats=((f"nominal rates (IMF annual averages per US dollar), from {FX_START}: the warehouse has no "
                      "price index to compute a real rate"), "exports: the trade panel's years only", NOMINAL),
            provenance=tuple(prov), method="relation_cards.fx_series"))
    return cards


def fx_elasticity_cards(table: pd.DataFrame, reporter: str, label: str, what: str,
                        prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    """``shocks.fx_elasticity`` cards from an :class:`~tradebridge.models.fx.FXResult` table (a row whose
    interval is empty or not finite gives no card)."""
    cards = []
    for r in table.to_dict(orient="records"):
        lo, hi, est = r.get("ci_low"), r.get("ci_high"), r.get("elasticity")
        if not (_finite(lo) and _finite(hi) and _finite(est)) or not hi > lo:
            continue
        partner = label if r["partner"] == "pooled" else r["partner"]
        cards.append(EvidenceCard(
            id=f"shocks.fx_elasticity.{reporter}-{partner}", topic="shocks",
            template={
                "en": "The elasticity of {reporter}'s exports ({goods_en}) to {partner:the} with respect to the "
                      "partner's currency per US dollar is {elasticity} (95% CI {ci_low} to {ci_high}; {years}, {n} "
                      "observations).",
                "es": "La elasticidad de las exportaciones de {reporter} ({goods_es}) {partner:a} respecto de la moneda "
                      "del socio por dólar es {elasticity} (IC 95 %: {ci_low} a {ci_high}; {years}, {n} "
                      "observaciones).",
                "ko": "상대국 통화의 달러 환율에 대한 {reporter}의 대{partner} 수출({goods_ko}) 탄력성은 {elasticity:이다}"
                      "(95% 신뢰구간 {ci_low}~{ci_high}; {years}, 관측치 {n}개).",
            },
            values={"reporter": reporter, "partner": partner, "elasticity": float(est), "ci_low": float(lo),
                    "ci_high": float(hi), "se": float(r["se"]), "years": str(r["years"]).replace("-", "–"),
                    "n": int(r["n"]), "goods": what, "significant": bool(lo > 0 or hi < 0),
                    **{f"goods_{lang}": GOODS[what][lang] for lang in GOODS[what]}},
            formats={"reporter": "place", "partner": "place", "elasticity": "number", "ci_low": "number",
                     "ci_high": "number", "se": "number", "years": "text", "n": "int", "goods": "text",
                     "goods_en": "text", "goods_es": "text", "goods_ko": "text"},
            comparison="PPML with pair and year effects; the year effects absorb the reporter's own currency",
            caveats=("nominal rates; a rise of the rate is a depreciation of the partner currency",
                     "the trade panel's years only"),
            provenance=tuple(prov), method="tradebridge.models.fx.fx_elasticity"))
    return cards


def covid_not_covered(reporter: str, data_end: int, prov: Sequence[ProvenanceRef]) -> EvidenceCard:
    """``shocks.covid.R`` with status "not covered": the data end before 2020.

    >>> covid_not_covered("KOR", 2016, ()).statement("en")[:61]
    'The trade data in the warehouse end in 2016, so the effect of'
    """
    return EvidenceCard(
        id=f"shocks.covid.{reporter}", topic="shocks",
        template={"en": "The trade data in the warehouse end in {data_end}, so the effect of the COVID-19 shock "
                        "(2020–2021) on {reporter}'s trade cannot be measured yet.",
                  "es": "Los datos de comercio del almacén terminan en {data_end}, por lo que aún no se puede medir "
                        "el efecto de la crisis de la COVID-19 (2020–2021) en el comercio de {reporter}.",
                  "ko": "저장소의 교역 자료가 {data_end}년에 끝나 코로나19 충격(2020–2021년)이 {reporter} 교역에 미친 "
                        "영향은 아직 측정할 수 없다."},
        values={"reporter": reporter, "status": "not covered", "data_end": int(data_end), "needs_year": COVID_YEAR},
        formats={"reporter": "place", "status": "text", "data_end": "year", "needs_year": "year"},
        comparison="last year of the trade data vs 2020",
        caveats=("fetch 2015–2021 flows (`tradebridge data fetch comtrade` or `baci`) to add the shock",),
        provenance=tuple(prov), method="relation_cards.covid_not_covered")


def covid_cards(table: pd.DataFrame, reporter: str, prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    """``shocks.covid.R`` ("covered") and one ``shocks.covid.R-P.Y`` card per export pair and shock year
    from a :func:`~tradebridge.models.shocks.covid_deviation` table."""
    rows = table[(table["exporter"] == reporter)].groupby(["importer", "year"], as_index=False)[["actual", "trend"]].sum()
    cards = [EvidenceCard(
        id=f"shocks.covid.{reporter}", topic="shocks",
        template={"en": "The trade data cover {first_shock_year}, so the COVID-19 shock is measured.",
                  "es": "Los datos de comercio cubren {first_shock_year}, por lo que se mide la crisis de la COVID-19.",
                  "ko": "교역 자료가 {first_shock_year}년을 포함하므로 코로나19 충격을 측정한다."},
        values={"reporter": reporter, "status": "covered", "first_shock_year": COVID_YEAR},
        formats={"reporter": "place", "status": "text", "first_shock_year": "year"},
        comparison="data coverage", provenance=tuple(prov), method="relation_cards.covid_cards")]
    for r in rows.itertuples(index=False):
        if not r.trend > 0:
            continue
        dev = float(r.actual / r.trend - 1)
        cards.append(EvidenceCard(
            id=f"shocks.covid.{reporter}-{r.importer}.{int(r.year)}", topic="shocks",
            template={"en": "In {year}, {reporter}'s exports to {partner:the} were {deviation:abs} "
                            "{deviation:sign:above|below} their 2015–2019 trend.",
                      "es": "En {year}, las exportaciones de {reporter} {partner:a} quedaron un {deviation:abs} "
                            "{deviation:sign:por encima|por debajo} de su tendencia de 2015–2019.",
                      "ko": "{year}년 {reporter}의 대{partner} 수출은 2015–2019년 추세보다 {deviation:abs} "
                            "{deviation:sign:높았다|낮았다}."},
            values={"reporter": reporter, "partner": r.importer, "year": int(r.year), "actual": float(r.actual),
                    "trend": float(r.trend), "deviation": dev},
            formats={"reporter": "place", "partner": "place", "year": "year", "actual": "usd", "trend": "usd",
                     "deviation": "pct_signed"},
            comparison="actual vs the 2015–2019 log-linear trend", caveats=(NOMINAL,), provenance=tuple(prov),
            method="tradebridge.models.shocks.covid_deviation"))
    return cards


# --- computation on the warehouse ------------------------------------------------------------------------

VEHICLES = ("8703", "8704")  # HS headings of the vehicles the seed brief's exchange-rate claim is about


def _reporter_exports(con, scope, exports) -> tuple[pd.DataFrame, str]:
    """The reporter's exports to the members: vehicles (HS 8703-8704) on bilateral HS data, else all goods
    from ``exports`` (the scope's dataset, reporter to members); and which of the two."""
    from tradebridge.indicators import evidence_inputs as q

    hs = q.hs_flows(con, scope.reporter, scope.members)
    hs = hs.filter((hs.exporter == scope.reporter) & (hs.product.substr(0, 4).isin(list(VEHICLES)))).to_pandas()
    if hs["year"].nunique() >= 3:
        return hs, VEHICLE_GOODS
    return exports.select("exporter", "importer", "year", "value_usd").to_pandas(), ALL_GOODS


def _elasticity(con, scope, exports, fx: pd.DataFrame, prov) -> list[EvidenceCard]:
    from tradebridge.errors import TradebridgeError
    from tradebridge.models.fx import fx_elasticity

    flows, what = _reporter_exports(con, scope, exports)
    try:
        res = fx_elasticity(flows, fx, reporter=scope.reporter, partners=scope.members)
    except (TradebridgeError, ValueError, np.linalg.LinAlgError):
        return []
    return fx_elasticity_cards(res.table, scope.reporter, scope.label, what, prov)


def _covid(scope, exports, data_end: int, prov) -> list[EvidenceCard]:
    from tradebridge.errors import TradebridgeError
    from tradebridge.models.shocks import covid_deviation

    if data_end < COVID_YEAR:
        return [covid_not_covered(scope.reporter, data_end, prov)]
    flows = exports.select("exporter", "importer", "year", "product", "value_usd").to_pandas()
    shock_years = tuple(y for y in (COVID_YEAR, COVID_YEAR + 1) if y <= data_end)
    try:
        res = covid_deviation(flows, shock_years=shock_years)
    except TradebridgeError:
        return [covid_not_covered(scope.reporter, data_end, prov)]
    return covid_cards(res.table, scope.reporter, prov)


def relation_evidence(store, scope, yearly: pd.DataFrame, prov, *, models: bool = True
                      ) -> tuple[list[EvidenceCard], dict[str, pd.DataFrame]]:
    """The partners' view, exchange-rate and COVID-19 cards for ``scope``, and the frames behind them
    (``partner_weights``, ``fx_exports``: the series of :func:`fx_series`). ``yearly`` is the trade
    overview's yearly frame (``partner, year, exports``); ``models`` adds the exchange-rate elasticities."""
    from tradebridge.indicators import composition_view as cv
    from tradebridge.indicators import evidence_inputs as q
    from tradebridge.indicators.overview import flows_table

    con = store.ibis()
    trade_prov = prov([scope.dataset])
    flows = flows_table(con, scope.dataset)
    exports = flows.filter((flows.exporter == scope.reporter) & flows.importer.isin(list(scope.members)))
    weights = cv.partner_weights(flows, scope.reporter, scope.members, bloc=scope.bloc).to_pandas()
    cards = weight_cards(weights, scope.reporter, trade_prov, dataset=scope.dataset)
    frames = {"partner_weights": weights.sort_values(["partner", "year"]).reset_index(drop=True)}
    fx = q.fx_rates(con, [scope.reporter, *scope.members]).to_pandas()
    series = fx_series(fx, yearly, scope.reporter, scope.members)
    frames["fx_exports"] = series
    fx_prov = prov([q.FX_DATASET, scope.dataset])
    cards += fx_cards(series, scope.reporter, fx_prov)
    if models and not fx.empty:
        cards += _elasticity(con, scope, exports, fx, fx_prov)
    have = yearly.dropna(subset=["exports"]) if not yearly.empty else yearly
    if not have.empty:
        cards += _covid(scope, exports, int(have["year"].max()), trade_prov)
    return cards, frames
