"""The dashboard's charts: the shared specs of :mod:`tradebridge.charts`, fed from the records the
tables show, with labels in the page's language and sized for the page (``target="dashboard"``).

The pages embed each spec as JSON (:func:`embed_json`) and ``/static/dashboard/charts.js`` draws it
with vega-embed as SVG; the brief renders the same spec to SVG on the server.

>>> spec = balance_bars([{"year": 2000, "partner": "CHL", "balance": -2e9}], "en")
>>> spec["layer"][0]["encoding"]["y"]["title"], spec["data"]["values"][0]["value"], spec["width"]
('Balance (US$ billion)', -2.0, 'container')
>>> "<" in embed_json({"title": "</script><script>"})
False
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tradebridge import charts
from tradebridge.charts import embed_json
from tradebridge.i18n import date_text, is_missing, place, t
from tradebridge.reference.blocs import is_bloc
from tradebridge.reference.timeline import stage_label
from tradebridge.report.charts import labels as chart_labels
from tradebridge.report.context import short_name

__all__ = ["balance_bars", "composition_bars", "embed_json", "flows_lines", "intensity_lines",
           "scenario_bars", "share_bars", "theme_bars", "timeline", "trade_lines"]

TARGET = "dashboard"
Rows = Iterable[Mapping[str, Any]]


def _partners(rows: list[Mapping[str, Any]]) -> list[str]:
    """Partner codes in the rows: countries (sorted), then blocs."""
    codes = sorted({str(r["partner"]) for r in rows if r.get("partner")})
    return [c for c in codes if not is_bloc(c)] + [c for c in codes if is_bloc(c)]


def _markers(windows: Rows, lang: str, bloc: str | None = None) -> list[charts.Marker]:
    rows = list(windows)
    names = {r["agreement_id"]: short_name(r["agreement_id"], lang) for r in rows if r.get("agreement_id")}
    return charts.entry_markers(rows, names, bloc=bloc)


def trade_lines(yearly: Rows, lang: str, *, measure: str = "total_trade", windows: Rows = ()) -> dict[str, Any]:
    """Total trade per partner by year (a bloc dashed), rules at the FTAs' entry into force."""
    rows = list(yearly)
    partners = _partners(rows)
    return charts.by_partner(rows, measure, partners, names={p: place(p, lang) for p in partners},
                             labels={**chart_labels(lang), measure: t(lang, measure)},
                             markers=_markers(windows, lang), lang=lang, target=TARGET,
                             title=t(lang, "chart_trade"))


def balance_bars(yearly: Rows, lang: str, *, windows: Rows = ()) -> dict[str, Any]:
    """The reporter's balance with each member by year (the brief's Figure 3, same spec)."""
    rows = [r for r in yearly if not is_bloc(str(r.get("partner", "")))]
    partners = _partners(rows)
    return charts.by_partner(rows, "balance", partners, names={p: place(p, lang) for p in partners},
                             labels=chart_labels(lang), markers=_markers(windows, lang), lang=lang, target=TARGET,
                             title=t(lang, "chart_balance"))


def flows_lines(yearly: Rows, lang: str, title: str = "", *, windows: Rows = ()) -> dict[str, Any]:
    """Exports, imports and balance with one partner, rules at the FTAs' entry into force."""
    rows = list(yearly)
    partners = _partners(rows)
    return charts.flows(rows, partners, names={p: place(p, lang) for p in partners}, labels=chart_labels(lang),
                        measures=("exports", "imports", "balance"), markers=_markers(windows, lang), lang=lang,
                        target=TARGET, title=title or None)


def intensity_lines(rows: Rows, lang: str) -> dict[str, Any]:
    """The trade intensity index in each direction by year."""
    values = [{"year": r["year"], "key": f"{r['exporter']}>{r['importer']}", "value": r.get("intensity")}
              for r in rows if r.get("exporter") and r.get("importer")]
    names = {v["key"]: "{} → {}".format(*(place(c, lang) for c in v["key"].split(">"))) for v in values}
    return charts.lines(values, names=names, y_title=t(lang, "intensity"), year_title=t(lang, "year"),
                        target=TARGET, title=t(lang, "intensity"), lang=lang)


def timeline(stages: Rows, lang: str) -> dict[str, Any]:
    """The dated stages per agreement (the brief's Figure 1, same spec); the tooltip gives each date as
    precisely as it is known, in words ('2000' for a year-precision date, never '2000-01-01')."""
    rows = [{**r, "when": date_text(r["date"], lang, r.get("precision"))} for r in stages
            if not is_missing(r.get("date"))]
    names = {a: short_name(a, lang) for a in dict.fromkeys(r["agreement_id"] for r in rows)}
    stage_names = {r["stage"]: stage_label(r["stage"], lang) for r in rows}
    return charts.timeline(rows, names=names, labels=chart_labels(lang), stage_labels=stage_names,
                           target=TARGET, title=t(lang, "timeline"), lang=lang)


def scenario_bars(results: Rows, lang: str, measure: str) -> dict[str, Any]:
    """The % change of ``measure`` per focus country and scenario, with the uncertainty band."""
    rows, names = [], {}
    for res in results:
        names[res["scenario"]] = res.get("title") or res["scenario"]
        rows.extend({**row, "scenario": res["scenario"]} for row in res.get("focus", []))
    text = {m: t(lang, m) for m in ("exports", "imports", "welfare")}
    return charts.scenario_effects(rows, measure, names={r["country"]: place(r["country"], lang) for r in rows},
                                   scenario_names=names, labels=text, percent_points=True, target=TARGET,
                                   title=f"{text.get(measure, measure)} ({t(lang, 'pct_change')})", lang=lang)


def share_bars(rows: Rows, lang: str, *, label: str, title: str,
               group_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Estimated shares with 95% intervals (survey), a row per ``label`` value, a colour per country."""
    rows = list(rows)
    return charts.shares(rows, group=label, names={r["country"]: place(r["country"], lang) for r in rows},
                         group_names=group_names or {}, labels={"estimate": t(lang, "estimate")},
                         target=TARGET, title=title, lang=lang)


def composition_bars(rows: Rows, lang: str, direction: str = "exports") -> dict[str, Any]:
    """Stacked shares of HS sections by year for one direction."""
    rows = [r for r in rows if r.get("direction") == direction]
    return charts.composition(rows, names={}, labels={"year": t(lang, "year"), "group": "HS"}, lang=lang,
                              target=TARGET, title=f"{t(lang, 'composition')} · {t(lang, direction)}")


def theme_bars(rows: Rows, lang: str) -> dict[str, Any]:
    """Coded interview segments per theme, stacked by country."""
    rows = list(rows)
    return charts.theme_counts(rows, names={r["country"]: place(r["country"], lang) for r in rows},
                               labels={"segments": t(lang, "segments")}, target=TARGET, title=t(lang, "themes"),
                               lang=lang)
