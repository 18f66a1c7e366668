"""The one chart module of the brief and the dashboard: each chart's Vega-Lite spec is built once
(:mod:`~tradebridge.charts.specs`, :mod:`~tradebridge.charts.series`) in one look
(:mod:`~tradebridge.charts.style`: colours keyed by series, money units by magnitude, A4 and dashboard
sizes), then rendered to SVG for the brief or served as JSON to the dashboard
(:mod:`~tradebridge.charts.render`).

It sits between ``evidence`` and ``report``/``web``: it reads no store and looks up no language (labels
come in translated), so report and web draw the same spec.

>>> from tradebridge import charts
>>> a4 = charts.flows([{"year": 2016, "partner": "PER", "exports": 1.2e9}], ["PER"], names={"PER": "Peru"},
...                   labels={"exports": "Exports"}, target="a4")
>>> web = charts.flows([{"year": 2016, "partner": "PER", "exports": 1.2e9}], ["PER"], names={"PER": "Peru"},
...                    labels={"exports": "Exports"}, target="dashboard")
>>> charts.without_size(a4) == charts.without_size(web), a4["width"], web["width"]
(True, 540, 'container')
"""

from __future__ import annotations

from tradebridge.charts.effects import forest, fx_exports, index_series
from tradebridge.charts.render import MissingFontWarning, chart_font, cjk_font, embed_json, to_png, to_svg
from tradebridge.charts.series import composition, lines, theme_counts
from tradebridge.charts.specs import (
    Marker,
    by_partner,
    entry_markers,
    flows,
    scenario_effects,
    shares,
    stage_kind,
    timeline,
)
from tradebridge.charts.style import TARGETS, Unit, colour_scale, colours, locale, money_unit, without_size

__all__ = [
    "TARGETS",
    "Marker",
    "MissingFontWarning",
    "Unit",
    "by_partner",
    "chart_font",
    "cjk_font",
    "colour_scale",
    "colours",
    "composition",
    "embed_json",
    "entry_markers",
    "flows",
    "forest",
    "fx_exports",
    "index_series",
    "lines",
    "locale",
    "money_unit",
    "scenario_effects",
    "shares",
    "stage_kind",
    "theme_counts",
    "timeline",
    "to_png",
    "to_svg",
    "without_size",
]
