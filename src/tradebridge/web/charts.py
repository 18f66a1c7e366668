"""Vega-Lite specifications for the dashboard charts, built from the same records the tables show.

Each function returns a plain dict (Vega-Lite v5) with its data inline; the pages embed it as JSON and
``/static/dashboard/charts.js`` draws it with vega-embed as SVG. :func:`embed_json` makes a spec safe to
place inside a ``<script type="application/json">`` element.

>>> spec = trade_lines([{"year": 2000, "partner": "CHL", "total_trade": 2e9}], "en")
>>> spec["mark"]["type"], spec["data"]["values"][0]["value"]
('line', 2000.0)
>>> "<" in embed_json({"title": "</script><script>"})
False
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from tradebridge.web.i18n import t

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
PALETTE = ["#0b4f8a", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#475569"]


def embed_json(spec: Mapping[str, Any]) -> Markup:
    """JSON text with ``<``, ``>`` and ``&`` escaped, safe inside a script element."""
    text = json.dumps(spec, ensure_ascii=False, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _base(title: str, values: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"$schema": SCHEMA, "title": title, "width": "container", "height": 260,
            "data": {"values": values}, "config": {"range": {"category": PALETTE}, "view": {"stroke": None},
                                                    "axis": {"labelFontSize": 11, "titleFontSize": 12}},
            **extra}


def _millions(v: Any) -> float | None:
    return None if v is None else round(float(v) / 1e6, 3)


def trade_lines(yearly: Iterable[Mapping[str, Any]], lang: str, *, measure: str = "total_trade") -> dict[str, Any]:
    """Lines of one measure (USD million) by year for each partner; the bloc drawn dashed."""
    values = [{"year": r["year"], "partner": r["partner"], "value": _millions(r.get(measure))}
              for r in yearly if r.get("year") is not None]
    return _base(f"{t(lang, 'chart_trade')} ({t(lang, 'usd_m')})", values, mark={"type": "line", "point": True},
                 encoding={"x": {"field": "year", "type": "quantitative", "title": t(lang, "year"),
                                 "axis": {"format": "d"}, "scale": {"zero": False}},
                           "y": {"field": "value", "type": "quantitative", "title": t(lang, "usd_m")},
                           "color": {"field": "partner", "type": "nominal", "title": t(lang, "partner")},
                           "tooltip": [{"field": "partner"}, {"field": "year"},
                                       {"field": "value", "format": ",.1f", "title": t(lang, "usd_m")}]})


def balance_bars(yearly: Iterable[Mapping[str, Any]], lang: str) -> dict[str, Any]:
    """Korea's balance (USD million) by year, one bar per partner."""
    values = [{"year": str(r["year"]), "partner": r["partner"], "value": _millions(r.get("balance"))}
              for r in yearly if r.get("year") is not None and r.get("balance") is not None]
    return _base(f"{t(lang, 'chart_balance')} ({t(lang, 'usd_m')})", values, mark={"type": "bar"},
                 encoding={"x": {"field": "year", "type": "ordinal", "title": t(lang, "year")},
                           "xOffset": {"field": "partner"},
                           "y": {"field": "value", "type": "quantitative", "title": t(lang, "usd_m")},
                           "color": {"field": "partner", "type": "nominal", "title": t(lang, "partner")},
                           "tooltip": [{"field": "partner"}, {"field": "year"},
                                       {"field": "value", "format": ",.1f", "title": t(lang, "usd_m")}]})


def flows_lines(yearly: Iterable[Mapping[str, Any]], lang: str, title: str = "") -> dict[str, Any]:
    """Exports, imports and balance of Korea with one partner (USD million)."""
    values = []
    for r in yearly:
        for m in ("exports", "imports", "balance"):
            if r.get(m) is not None:
                values.append({"year": r["year"], "measure": t(lang, m), "value": _millions(r[m])})
    return _base(f"{title} ({t(lang, 'usd_m')})".strip(), values, mark={"type": "line", "point": True},
                 encoding={"x": {"field": "year", "type": "quantitative", "title": t(lang, "year"),
                                 "axis": {"format": "d"}, "scale": {"zero": False}},
                           "y": {"field": "value", "type": "quantitative", "title": t(lang, "usd_m")},
                           "color": {"field": "measure", "type": "nominal", "title": t(lang, "measure")},
                           "tooltip": [{"field": "measure"}, {"field": "year"},
                                       {"field": "value", "format": ",.1f"}]})


def intensity_lines(rows: Iterable[Mapping[str, Any]], lang: str) -> dict[str, Any]:
    values = [{"year": r["year"], "direction": f"{r['exporter']} → {r['importer']}", "value": r["intensity"]}
              for r in rows if r.get("intensity") is not None and r.get("year") is not None]
    return _base(t(lang, "intensity"), values, mark={"type": "line", "point": True},
                 encoding={"x": {"field": "year", "type": "quantitative", "title": t(lang, "year"),
                                 "axis": {"format": "d"}, "scale": {"zero": False}},
                           "y": {"field": "value", "type": "quantitative", "title": t(lang, "intensity")},
                           "color": {"field": "direction", "type": "nominal", "title": t(lang, "direction")}})


def timeline(stages: Iterable[Mapping[str, Any]], lang: str) -> dict[str, Any]:
    """One row per agreement, a point per dated stage (hover for the stage)."""
    values = [{"date": s["date"], "agreement": s["agreement_id"], "stage": s["stage_label"],
               "confidence": s.get("confidence")} for s in stages if s.get("date")]
    return _base(t(lang, "timeline"), values, height={"step": 28},
                 mark={"type": "point", "filled": True, "size": 90},
                 encoding={"x": {"field": "date", "type": "temporal", "title": t(lang, "date")},
                           "y": {"field": "agreement", "type": "nominal", "title": None},
                           "color": {"field": "agreement", "type": "nominal", "legend": None},
                           "tooltip": [{"field": "agreement", "title": t(lang, "agreement")},
                                       {"field": "stage", "title": t(lang, "stage")},
                                       {"field": "date", "type": "temporal", "title": t(lang, "date")}]})


def scenario_bars(results: Iterable[Mapping[str, Any]], lang: str, measure: str) -> dict[str, Any]:
    """% change of ``measure`` per focus country, one bar per scenario, with the uncertainty band."""
    values = []
    for res in results:
        for row in res.get("focus", []):
            values.append({"scenario": res.get("title") or res["scenario"], "country": row["country"], "value": row.get(measure),
                           "lo": row.get(f"{measure}_lo"), "hi": row.get(f"{measure}_hi")})
    title = {"exports": t(lang, "exports_c"), "imports": t(lang, "imports_c"),
             "welfare": t(lang, "welfare")}.get(measure, measure)
    enc = {"x": {"field": "country", "type": "nominal", "title": t(lang, "country")},
           "xOffset": {"field": "scenario"}, "color": {"field": "scenario", "type": "nominal"}}
    return _base(f"{title} ({t(lang, 'pct_change')})", values, layer=[
        {"mark": "bar", "encoding": {**enc, "y": {"field": "value", "type": "quantitative", "title": "%"},
                                     "tooltip": [{"field": "scenario"}, {"field": "country"},
                                                 {"field": "value", "format": ".3f"},
                                                 {"field": "lo", "format": ".3f"}, {"field": "hi", "format": ".3f"}]}},
        {"mark": {"type": "rule", "color": "#1d2430"},
         "encoding": {**enc, "color": {"value": "#1d2430"}, "y": {"field": "lo", "type": "quantitative"},
                      "y2": {"field": "hi"}}}])


def share_bars(rows: Iterable[Mapping[str, Any]], lang: str, *, label: str, title: str) -> dict[str, Any]:
    """Estimated shares with 95% intervals (survey), grouped by ``label`` and coloured by country."""
    values = [{"group": r[label], "country": r["country"], "value": r["estimate"], "lo": r.get("ci_low"),
               "hi": r.get("ci_high")} for r in rows if r.get("estimate") is not None]
    enc = {"y": {"field": "group", "type": "nominal", "title": None}, "yOffset": {"field": "country"},
           "color": {"field": "country", "type": "nominal", "title": t(lang, "country")}}
    return _base(title, values, height={"step": 9}, layer=[
        {"mark": "bar", "encoding": {**enc, "x": {"field": "value", "type": "quantitative", "title": t(lang, "estimate"),
                                                  "axis": {"format": "%"}},
                                     "tooltip": [{"field": "group"}, {"field": "country"},
                                                 {"field": "value", "format": ".0%"}]}},
        {"mark": {"type": "rule", "color": "#1d2430"},
         "encoding": {**enc, "color": {"value": "#1d2430"}, "x": {"field": "lo", "type": "quantitative"},
                      "x2": {"field": "hi"}}}])


def composition_bars(rows: Iterable[Mapping[str, Any]], lang: str, direction: str = "exports") -> dict[str, Any]:
    """Stacked shares of HS sections by year for one direction (Korea's exports by default)."""
    values = [{"year": str(r["year"]), "group": r["group"], "share": r["share"], "value": _millions(r["value_usd"])}
              for r in rows if r.get("direction") == direction and r.get("share") is not None]
    return _base(f"{t(lang, 'composition')} · {t(lang, direction)}", values, mark="bar",
                 encoding={"x": {"field": "year", "type": "ordinal", "title": t(lang, "year")},
                           "y": {"field": "share", "type": "quantitative", "stack": "normalize",
                                 "axis": {"format": "%"}, "title": None},
                           "color": {"field": "group", "type": "nominal", "title": "HS"},
                           "tooltip": [{"field": "group"}, {"field": "year"}, {"field": "share", "format": ".1%"},
                                       {"field": "value", "format": ",.3f", "title": t(lang, "usd_m")}]})


def theme_bars(rows: Iterable[Mapping[str, Any]], lang: str) -> dict[str, Any]:
    values = [{"theme": r["theme"], "country": r["country"], "segments": r["segments"]} for r in rows]
    return _base(t(lang, "themes"), values, height={"step": 22}, mark="bar",
                 encoding={"y": {"field": "theme", "type": "nominal", "title": None},
                           "x": {"field": "segments", "type": "quantitative", "aggregate": "sum", "title": "segments"},
                           "color": {"field": "country", "type": "nominal", "title": t(lang, "country")}})


def indicator_lines(rows: Iterable[Mapping[str, Any]], value: str, series: str) -> dict[str, Any] | None:
    """A line chart for yearly indicator rows (``None`` when the rows have no year)."""
    def label(r: Mapping[str, Any]) -> str:  # directed rows (exporter, importer) are one series per direction
        if r.get("exporter") and r.get("importer"):
            return f"{r['exporter']} → {r['importer']}"
        return str(r.get(series))

    values = [{"year": r["year"], "series": label(r), "value": r[value]} for r in rows
              if r.get("year") is not None and isinstance(r.get(value), (int, float))]
    if not values:
        return None
    return _base(value, values, mark={"type": "line", "point": True},
                 encoding={"x": {"field": "year", "type": "quantitative", "axis": {"format": "d"},
                                 "scale": {"zero": False}},
                           "y": {"field": "value", "type": "quantitative", "title": value},
                           "color": {"field": "series", "type": "nominal", "title": series}})
