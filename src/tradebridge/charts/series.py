"""Charts of the dashboard's other series: indicator lines, trade composition, interview themes.

Same conventions as :mod:`tradebridge.charts.specs`: records with keys in, labels passed in already
translated, colours keyed by the series key.

>>> spec = lines([{"year": 2000, "key": "BRA>ARG", "value": 1.5}], names={"BRA>ARG": "BRA → ARG"},
...              y_title="Intensity")
>>> spec["encoding"]["color"]["scale"]["domain"], spec["data"]["values"][0]["value"]
(['BRA → ARG'], 1.5)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tradebridge.charts.specs import YEAR_AXIS
from tradebridge.charts.style import Target, colour_scale, finite, frame, money_unit

Rows = Iterable[Mapping[str, Any]]


def lines(rows: Rows, *, names: Mapping[str, str], y_title: str, year_title: str = "",
          target: Target = "a4", title: str | None = None, value_format: str = ",.3f",
          lang: str = "en") -> dict[str, Any]:
    """A line per series: rows with ``year``, ``key`` (the series key) and a numeric ``value``."""
    values = [{"year": int(r["year"]), "key": str(r["key"]), "series": names.get(str(r["key"]), str(r["key"])),
               "value": v} for r in rows if r.get("year") is not None and (v := finite(r.get("value"))) is not None]
    keys = list(dict.fromkeys(v["key"] for v in values))
    return frame({"data": {"values": values}, "mark": {"type": "line", "point": True},
                  "encoding": {"x": {"field": "year", "type": "quantitative", "title": year_title or None,
                                     "axis": YEAR_AXIS, "scale": {"zero": False}},
                               "y": {"field": "value", "type": "quantitative", "title": y_title},
                               "color": {"field": "series", "type": "nominal", "title": None,
                                         "scale": colour_scale(keys, names)},
                               "tooltip": [{"field": "series"}, {"field": "year"},
                                           {"field": "value", "format": value_format}]}}, target, title=title,
                 lang=lang)


def composition(rows: Rows, *, names: Mapping[str, str], labels: Mapping[str, str], lang: str = "en",
                target: Target = "a4", title: str | None = None) -> dict[str, Any]:
    """Stacked shares of product groups by year: rows with ``year``, ``group``, ``share``, ``value_usd``."""
    rows = [r for r in rows if finite(r.get("share")) is not None]
    unit = money_unit((r.get("value_usd") for r in rows), lang)
    values = [{"year": str(r["year"]), "key": str(r["group"]), "group": names.get(str(r["group"]), str(r["group"])),
               "share": finite(r["share"]),
               "value": None if finite(r.get("value_usd")) is None else round(finite(r["value_usd"]) / unit.divisor, 6)}
              for r in rows]
    keys = sorted(dict.fromkeys(v["key"] for v in values))
    return frame({"data": {"values": values}, "mark": "bar",
                  "encoding": {"x": {"field": "year", "type": "ordinal", "title": labels.get("year", "year")},
                               "y": {"field": "share", "type": "quantitative", "stack": "normalize",
                                     "axis": {"format": "%"}, "title": None},
                               "color": {"field": "group", "type": "nominal", "title": labels.get("group"),
                                         "scale": colour_scale(keys, names)},
                               "tooltip": [{"field": "group"}, {"field": "year"}, {"field": "share", "format": ".1%"},
                                           {"field": "value", "format": ",.3f", "title": unit.text}]}},
                 target, title=title, lang=lang)


def theme_counts(rows: Rows, *, names: Mapping[str, str], labels: Mapping[str, str],
                 target: Target = "a4", title: str | None = None, lang: str = "en") -> dict[str, Any]:
    """Coded segments per interview theme (a row each), stacked by country: rows with ``theme``,
    ``country``, ``segments``."""
    values = [{"theme": str(r["theme"]), "key": str(r["country"]), "country": names.get(str(r["country"]),
                                                                                        str(r["country"])),
               "segments": int(r["segments"])} for r in rows if finite(r.get("segments")) is not None]
    keys = list(dict.fromkeys(v["key"] for v in values))
    themes = list(dict.fromkeys(v["theme"] for v in values))
    return frame({"data": {"values": values}, "mark": "bar",
                  "encoding": {"y": {"field": "theme", "type": "nominal", "title": None, "sort": themes,
                                     "axis": {"labelLimit": 260}},
                               "x": {"field": "segments", "type": "quantitative", "aggregate": "sum",
                                     "title": labels.get("segments", "segments")},
                               "color": {"field": "country", "type": "nominal", "title": None,
                                         "scale": colour_scale(keys, names)}}},
                 target, title=title, rows=len(themes), lang=lang)
