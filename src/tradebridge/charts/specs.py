"""The charts of the brief and the dashboard, each built once as a Vega-Lite v5 spec (a plain dict).

Inputs are records (mappings) with keys, not labels: series are ISO3 codes, bloc ids, ``exports`` /
``imports`` / ``balance``, scenario ids. Every label a reader sees comes in already translated through
``names`` (key -> label) and ``labels`` (text key -> label), so the spec never looks up a language; the
language is used only to name money units (CLDR). ``target`` sizes the spec for the brief (``a4``) or
the dashboard; nothing else differs between the two.

>>> rows = [{"year": 2004, "partner": "CHL", "exports": 7.1e8, "imports": 1.9e9},
...         {"year": 2008, "partner": "CHL", "exports": 3.0e9, "imports": 4.6e9}]
>>> spec = flows(rows, ["CHL"], names={"CHL": "Chile"}, labels={"exports": "Exports", "imports": "Imports"},
...              markers=[Marker("CHL", 2004, "FTA in force")])
>>> [v["value"] for v in spec["data"]["values"] if v["kind"] == "value"]
[0.71, 3.0, 1.9, 4.6]
>>> spec["layer"][0]["encoding"]["y"]["title"], spec["layer"][1]["mark"]["type"]
('US$ billion', 'rule')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tradebridge.charts.style import MARKER_COLOUR, Target, colour_scale, finite, frame, money_unit, panels

Rows = Iterable[Mapping[str, Any]]
VALUE = {"filter": {"field": "kind", "equal": "value"}}
EVENT = {"filter": {"field": "kind", "equal": "event"}}
YEAR_AXIS = {"format": "d", "tickMinStep": 1, "labelOverlap": "greedy", "labelSeparation": 6, "labelFlush": False}
SPAN = 30  # trade charts show the last 30 years of the panel (earlier flows are too small to read)


def _recent(rows: list[Mapping[str, Any]], span: int | None) -> list[Mapping[str, Any]]:
    """Rows of the last ``span`` years before the panel's latest year (all with None)."""
    years = [int(r["year"]) for r in rows if r.get("year") is not None]
    if span is None or not years:
        return [r for r in rows if r.get("year") is not None]
    return [r for r in rows if r.get("year") is not None and int(r["year"]) >= max(years) - span]


@dataclass(frozen=True)
class Marker:
    """A dated event drawn as a vertical rule with its label: an agreement's entry into force."""

    partner: str
    year: int
    label: str


def entry_markers(agreements: Rows, names: Mapping[str, str], *, bloc: str | None = None) -> list[Marker]:
    """One marker per agreement in force: rows with ``partner``, ``agreement_id`` and ``entry_year`` (or
    ``in_force``, a date). With ``bloc``, each is drawn in the bloc's panel too.

    >>> entry_markers([{"partner": "PER", "agreement_id": "X-PER", "in_force": "2011-08-01"}], {"X-PER": "FTA"})
    [Marker(partner='PER', year=2011, label='FTA')]
    """
    out: list[Marker] = []
    for r in agreements:
        year = r.get("entry_year")
        if finite(year) is None and r.get("in_force") is not None and not pd.isna(r.get("in_force")):
            year = pd.Timestamp(r["in_force"]).year
        if finite(year) is None or not r.get("partner"):
            continue
        m = Marker(str(r["partner"]), int(year), names.get(r["agreement_id"], r["agreement_id"]))
        out.extend([m] if m in out else [m, *([Marker(bloc, m.year, m.label)] if bloc else [])])
    return sorted(set(out), key=lambda m: (m.year, m.partner, m.label))


def _event_layers(y_field: str | None = None) -> list[dict[str, Any]]:
    x = {"field": "year", "type": "quantitative"}
    return [{"transform": [EVENT], "mark": {"type": "rule", "color": MARKER_COLOUR, "strokeDash": [4, 3],
                                            "strokeWidth": 1.2},
             "encoding": {"x": x, "tooltip": [{"field": "event"}, {"field": "year"}]}},
            {"transform": [EVENT], "mark": {"type": "text", "angle": 270, "align": "right", "baseline": "bottom",
                                            "dx": -3, "dy": -2, "fontSize": 9, "color": "#555555"},
             "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "event"}}}]


def _events(markers: Sequence[Marker], keep: Iterable[str], panel: Mapping[str, str] | None,
            lo: float, hi: float) -> list[dict[str, Any]]:
    """Marker rows inside the years drawn; one per (panel, year, label), or per (year, label) unfaceted."""
    keep, out = set(keep), {}
    for m in markers:
        if m.partner in keep and lo <= m.year <= hi:
            row = {"kind": "event", "year": m.year, "event": m.label}
            if panel is not None:
                row["panel"] = panel[m.partner]
            out.setdefault(tuple(row.values()), row)
    return list(out.values())


def flows(rows: Rows, partners: Sequence[str], *, names: Mapping[str, str], labels: Mapping[str, str],
          measures: Sequence[str] = ("exports", "imports"), markers: Sequence[Marker] = (), lang: str = "en",
          span: int | None = SPAN, target: Target = "a4", title: str | None = None) -> dict[str, Any]:
    """Exports and imports (and optionally the balance) per year over the last ``span`` years, one panel
    per partner with data (no empty panel), a dashed rule at each agreement's entry into force; one
    money unit for all panels."""
    rows = _recent([r for r in rows if r.get("partner") in partners], span)
    unit = money_unit((r.get(m) for r in rows for m in measures), lang)
    values = []
    for r in rows:
        for m in measures:
            v = finite(r.get(m))
            if v is not None:
                values.append({"kind": "value", "partner": r["partner"], "panel": names.get(r["partner"], r["partner"]),
                               "year": int(r["year"]), "series": m, "label": labels.get(m, m),
                               "value": round(v / unit.divisor, 6)})
    kept = [p for p in partners if any(v["partner"] == p for v in values)]
    values.sort(key=lambda v: (kept.index(v["partner"]), list(measures).index(v["series"]), v["year"]))
    years = [v["year"] for v in values]
    panel = {p: names.get(p, p) for p in kept}
    events = _events(markers, kept, panel, min(years, default=0), max(years, default=0))
    present = [m for m in measures if any(v["series"] == m for v in values)]
    line = {"transform": [VALUE], "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {"x": {"field": "year", "type": "quantitative", "title": labels.get("year", "year"),
                               "axis": YEAR_AXIS, "scale": {"zero": False}},
                         "y": {"field": "value", "type": "quantitative", "title": unit.text},
                         "color": {"field": "label", "type": "nominal", "title": None,
                                   "scale": colour_scale(present, labels)},
                         "tooltip": [{"field": "panel", "title": labels.get("partner", "partner")},
                                     {"field": "label"}, {"field": "year"},
                                     {"field": "value", "format": ",.2f", "title": unit.text}]}}
    layers = [line, *(_event_layers() if events else [])]
    return panels({"values": values + events}, layers, [panel[p] for p in kept], target, title=title, lang=lang)


def by_partner(rows: Rows, measure: str, partners: Sequence[str], *, names: Mapping[str, str],
               labels: Mapping[str, str], markers: Sequence[Marker] = (), lang: str = "en",
               span: int | None = SPAN, target: Target = "a4", title: str | None = None) -> dict[str, Any]:
    """One money ``measure`` (``balance``, ``total_trade``...) per year over the last ``span`` years, a
    line per partner (a bloc dashed), a zero line when values change sign, and a rule at each
    agreement's entry into force."""
    rows = _recent([r for r in rows if r.get("partner") in partners], span)
    unit = money_unit((r.get(measure) for r in rows), lang)
    values = [{"kind": "value", "partner": r["partner"], "label": names.get(r["partner"], r["partner"]),
               "year": int(r["year"]), "value": round(v / unit.divisor, 6), "bloc": _is_bloc(r["partner"])}
              for r in rows if (v := finite(r.get(measure))) is not None]
    kept = [p for p in partners if any(v["partner"] == p for v in values)]
    values.sort(key=lambda v: (kept.index(v["partner"]), v["year"]))
    years = [v["year"] for v in values]
    events = _events(markers, kept, None, min(years, default=0), max(years, default=0))
    title_y = f"{labels.get(measure, measure)} ({unit.text})"
    layers: list[dict[str, Any]] = [
        {"transform": [VALUE], "mark": {"type": "line", "point": True, "strokeWidth": 2},
         "encoding": {"x": {"field": "year", "type": "quantitative", "title": labels.get("year", "year"),
                            "axis": YEAR_AXIS, "scale": {"zero": False}},
                      "y": {"field": "value", "type": "quantitative", "title": title_y},
                      "color": {"field": "label", "type": "nominal", "title": None,
                                "scale": colour_scale(kept, names)},
                      "strokeDash": {"field": "bloc", "type": "nominal", "legend": None,
                                     "scale": {"domain": [False, True], "range": [[1, 0], [5, 3]]}},
                      "tooltip": [{"field": "label", "title": labels.get("partner", "partner")}, {"field": "year"},
                                  {"field": "value", "format": ",.2f", "title": unit.text}]}}]
    if any(v["value"] < 0 for v in values):
        layers.append({"mark": {"type": "rule", "color": "#333333", "strokeWidth": 1},
                       "encoding": {"y": {"datum": 0, "type": "quantitative"}}})
    return frame({"data": {"values": values + events}, "layer": layers + (_event_layers() if events else [])},
                 target, title=title, lang=lang)


def _is_bloc(code: str) -> bool:
    from tradebridge.reference.blocs import is_bloc

    return is_bloc(code)


def stage_kind(stage: str) -> str:
    """``entry`` (entry into force), ``signed`` or ``other`` for a stage name of the timeline."""
    return "entry" if stage.startswith("Entry into force") else "signed" if stage.startswith("Signed") else "other"


def timeline(stages: Rows, *, names: Mapping[str, str], labels: Mapping[str, str],
             stage_labels: Mapping[str, str] | None = None, target: Target = "a4",
             title: str | None = None, lang: str = "en") -> dict[str, Any]:
    """One row per agreement (ordered by its first dated stage), a grey span from the first to the last dated
    stage and a point per stage coloured by kind (entry into force, signature, other).

    ``labels`` names the kinds (``entry``, ``signed``, ``other``) and the tooltip fields; a row's ``when``
    (its date in words, as precise as known) is the tooltip's date (else the ISO day)."""
    values, spans = [], {}
    for s in stages:
        date = s.get("date")
        if date is None or pd.isna(date):
            continue
        day = pd.Timestamp(date).strftime("%Y-%m-%d")
        key, kind = s["agreement_id"], stage_kind(s["stage"])
        label = names.get(key, key)
        values.append({"kind": "value", "agreement": label, "date": day, "stage_kind": labels.get(kind, kind),
                       "stage": (stage_labels or {}).get(s["stage"], s["stage"]), "when": s.get("when") or day})
        lo, hi = spans.get(label, (day, day))
        spans[label] = (min(lo, day), max(hi, day))
    order = sorted(spans, key=lambda a: (spans[a][0], a))
    values.sort(key=lambda v: (v["date"], v["agreement"], v["stage"]))  # by first dated stage, whatever the rows' order
    kinds = [k for k in ("entry", "signed", "other") if any(v["stage_kind"] == labels.get(k, k) for v in values)]
    span_rows = [{"kind": "span", "agreement": a, "start": spans[a][0], "end": spans[a][1]} for a in order]
    y = {"field": "agreement", "type": "nominal", "title": None, "sort": order, "axis": {"labelLimit": 0}}
    kind_names = {k: labels.get(k, k) for k in kinds}
    layers = [{"transform": [{"filter": {"field": "kind", "equal": "span"}}],
               "mark": {"type": "rule", "color": "#b0b0b0", "strokeWidth": 2},
               "encoding": {"y": y, "x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"}}},
              {"transform": [VALUE], "mark": {"type": "point", "filled": True, "size": 70, "opacity": 0.9},
               "encoding": {"y": y, "x": {"field": "date", "type": "temporal", "title": None,
                                          "axis": {"format": "%Y", "tickCount": 12}},
                            "color": {"field": "stage_kind", "type": "nominal", "title": None,
                                      "scale": colour_scale(kinds, kind_names)},
                            "shape": {"field": "stage_kind", "type": "nominal", "title": None,
                                      "scale": {"domain": list(kind_names.values()),
                                                "range": ["circle", "diamond", "square"][:len(kinds)]}},
                            "tooltip": [{"field": "agreement", "title": labels.get("agreement", "agreement")},
                                        {"field": "stage", "title": labels.get("stage", "stage")},
                                        {"field": "when", "title": labels.get("date", "date")}]}}]
    return frame({"data": {"values": span_rows + values}, "layer": layers}, target, title=title, rows=len(order),
                 labels_px=90, lang=lang)


def scenario_effects(rows: Rows, measure: str, *, names: Mapping[str, str], scenario_names: Mapping[str, str],
                     labels: Mapping[str, str], percent_points: bool = False, target: Target = "a4",
                     title: str | None = None, lang: str = "en") -> dict[str, Any]:
    """The change of ``measure`` per country (a row each) and scenario (colour), a point with its band.

    Rows carry ``scenario``, ``country``, ``<measure>``, ``<measure>_lo``, ``<measure>_hi``, as fractions
    (``percent_points=True``: as percent, as the solvers report them)."""
    div = 100.0 if percent_points else 1.0
    values = []
    for r in rows:
        v = finite(r.get(measure))
        if v is None:
            continue
        lo, hi = finite(r.get(f"{measure}_lo")), finite(r.get(f"{measure}_hi"))
        values.append({"scenario": scenario_names.get(r["scenario"], r["scenario"]), "key": r["scenario"],
                       "country": names.get(r["country"], r["country"]), "value": v / div,
                       "lo": None if lo is None else lo / div, "hi": None if hi is None else hi / div})
    values.sort(key=lambda v: (v["country"], v["key"]))
    keys = sorted(dict.fromkeys(v["key"] for v in values))
    countries = list(dict.fromkeys(v["country"] for v in values))
    enc = {"y": {"field": "country", "type": "nominal", "title": None, "sort": countries},
           "yOffset": {"field": "scenario", "sort": [scenario_names.get(k, k) for k in keys]},
           "color": {"field": "scenario", "type": "nominal", "title": None,
                     "scale": colour_scale(keys, scenario_names)}}
    x = {"field": "value", "type": "quantitative", "title": labels.get(measure, measure), "axis": {"format": "%"}}
    layers = [{"mark": {"type": "rule", "strokeWidth": 3, "opacity": 0.6},
               "encoding": {**enc, "x": {**x, "field": "lo"}, "x2": {"field": "hi"}}},
              {"mark": {"type": "point", "filled": True, "size": 45},
               "encoding": {**enc, "x": x, "tooltip": [{"field": "scenario"}, {"field": "country"},
                                                       {"field": "value", "format": ".3%"},
                                                       {"field": "lo", "format": ".3%"},
                                                       {"field": "hi", "format": ".3%"}]}},
              {"mark": {"type": "rule", "color": "#333333"}, "encoding": {"x": {"datum": 0}}}]
    return frame({"data": {"values": values}, "layer": layers}, target, title=title, rows=len(countries),
                 step=10, lang=lang)  # the step of the offset: px per scenario


def _width(word: str) -> int:
    """Display width: wide (Hangul, CJK) characters count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in word)


def wrap(text: str, width: int = 34) -> str:
    """``text`` broken at spaces into lines of about ``width`` columns (Hangul and CJK count two), for
    an axis label that draws one line per ``\\n``.

    >>> wrap("Businesses in my country understand the market well.")
    'Businesses in my country\\nunderstand the market well.'
    >>> wrap("우리나라 기업들은 상대국 시장을 잘 이해하고 있다.")
    '우리나라 기업들은 상대국 시장을 잘\\n이해하고 있다.'
    """
    lines: list[str] = []
    for word in str(text).split():
        if lines and _width(lines[-1]) + 1 + _width(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines) or str(text)


def shares(rows: Rows, *, group: str, names: Mapping[str, str], group_names: Mapping[str, str],
           labels: Mapping[str, str], target: Target = "a4", title: str | None = None,
           lang: str = "en") -> dict[str, Any]:
    """Estimated shares (0–1) with 95% intervals: a row per ``group`` value (a question, a level), a
    point and interval per country (colour)."""
    values = []
    for r in rows:
        v = finite(r.get("estimate"))
        if v is None:
            continue
        lo, hi = finite(r.get("ci_low")), finite(r.get("ci_high"))
        values.append({"group": wrap(group_names.get(r[group], r[group])), "key": r["country"],
                       "country": names.get(r["country"], r["country"]), "value": min(max(v, 0.0), 1.0),
                       "lo": None if lo is None else max(lo, 0.0), "hi": None if hi is None else min(hi, 1.0)})
    keys = sorted(dict.fromkeys(v["key"] for v in values))
    groups = list(dict.fromkeys(v["group"] for v in values))  # in the order of the rows (the questionnaire)
    values.sort(key=lambda v: (groups.index(v["group"]), keys.index(v["key"])))
    enc = {"y": {"field": "group", "type": "nominal", "title": None, "sort": groups,
                 "axis": {"labelLimit": 0, "labelExpr": "split(datum.label, '\\n')"}},
           "yOffset": {"field": "country", "sort": [names.get(k, k) for k in keys]},
           "color": {"field": "country", "type": "nominal", "title": None, "scale": colour_scale(keys, names)}}
    x = {"field": "value", "type": "quantitative", "title": labels.get("estimate", "estimate"),
         "axis": {"format": "%"}, "scale": {"domain": [0, 1]}}
    layers = [{"mark": {"type": "rule", "strokeWidth": 2}, "encoding": {**enc, "x": {**x, "field": "lo"},
                                                                        "x2": {"field": "hi"}}},
              {"mark": {"type": "point", "filled": True, "size": 40},
               "encoding": {**enc, "x": x, "tooltip": [{"field": "group"}, {"field": "country"},
                                                       {"field": "value", "format": ".0%"}]}}]
    return frame({"data": {"values": values}, "layer": layers}, target, title=title, rows=len(groups),
                 step=11, labels_px=180, lang=lang)  # step: of the offset, px per country
