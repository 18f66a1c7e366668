"""Charts of estimated effects and shocks: the forest plot of the gravity FTA estimates, and exchange
rates against exports.

Same conventions as :mod:`tradebridge.charts.specs`: records with keys in, every label passed in already
translated, colours keyed by the series key (``estimated`` / ``pooled`` / ``too_early``; ``exports`` /
``fx``), never by the label.

>>> rows = [{"key": "A.X-Y", "label": "A: X → Y", "status": "estimated", "effect": 0.5, "ci_low": 0.1, "ci_high": 1.0},
...         {"key": "B", "label": "B", "status": "too_early"},
...         {"key": "pooled", "label": "Pooled", "status": "pooled", "effect": 0.4, "ci_low": 0.2, "ci_high": 0.7}]
>>> spec = forest(rows, labels={"estimated": "Estimated", "pooled": "Pooled", "too_early": "Too early"})
>>> [v["label"] for v in spec["data"]["values"]], [v["status"] for v in spec["data"]["values"]]
(['A: X → Y', 'Pooled', 'B'], ['Estimated', 'Pooled', 'Too early'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tradebridge.charts.specs import YEAR_AXIS
from tradebridge.charts.style import Target, colour_scale, finite, frame, panels
from tradebridge.errors import check_option

Rows = Iterable[Mapping[str, Any]]
STATUSES = ("estimated", "pooled", "too_early")
SHAPES = {"estimated": "circle", "pooled": "diamond", "too_early": "cross"}


def forest(rows: Rows, *, labels: Mapping[str, str], lang: str = "en", target: Target = "a4",
           title: str | None = None) -> dict[str, Any]:
    """A forest plot: one row per estimate (``label``), a point at ``effect`` and a rule from ``ci_low``
    to ``ci_high`` (fractions: exp(b)−1), then the pooled effect (a diamond), then the agreements too
    recent to identify (``status`` ``too_early``): a grey cross at zero and the ``too_early`` label,
    no estimate, not in the pooled effect.

    Rows carry ``key``, ``label``, ``status`` (one of :data:`STATUSES`) and, when estimated,
    ``effect``, ``ci_low``, ``ci_high``. ``labels`` names the statuses (the legend), ``effect`` (the
    axis title) and ``too_early_note``, the text drawn on a too-early row (default: the status name).
    """
    rows = list(rows)
    for r in rows:
        check_option("status", str(r.get("status")), STATUSES)
    rank = {s: i for i, s in enumerate(STATUSES)}
    ordered = sorted(rows, key=lambda r: rank[r["status"]])  # estimates (in the given order), pooled, too early
    values = []
    for r in ordered:
        v, lo, hi = finite(r.get("effect")), finite(r.get("ci_low")), finite(r.get("ci_high"))
        status = r["status"]
        if status != "too_early" and v is None:
            continue  # an estimate without a value is not drawn (no empty row)
        values.append({"key": str(r["key"]), "label": str(r["label"]), "kind": status,
                       "status": labels.get(status, status), "effect": v if status != "too_early" else 0.0,
                       "lo": lo, "hi": hi,
                       "note": labels.get("too_early_note", labels.get(status, status)) if status == "too_early"
                       else None})
    present = [s for s in STATUSES if any(v["kind"] == s for v in values)]
    names = {s: labels.get(s, s) for s in present}
    order = [v["label"] for v in values]
    y = {"field": "label", "type": "nominal", "title": None, "sort": order, "axis": {"labelLimit": 0}}
    colour = {"field": "status", "type": "nominal", "title": None, "scale": colour_scale(present, names)}
    x = {"field": "effect", "type": "quantitative", "title": labels.get("effect"),
         "axis": {"format": "+.0%"}}
    est = {"filter": {"field": "kind", "oneOf": ["estimated", "pooled"]}}
    early = {"filter": {"field": "kind", "equal": "too_early"}}
    layers = [{"mark": {"type": "rule", "color": "#333333", "strokeDash": [2, 2]},
               "encoding": {"x": {"datum": 0, "type": "quantitative"}}},
              {"transform": [est], "mark": {"type": "rule", "strokeWidth": 2},
               "encoding": {"y": y, "x": {**x, "field": "lo"}, "x2": {"field": "hi"}, "color": colour}},
              {"mark": {"type": "point", "filled": True, "size": 80, "opacity": 1},
               "encoding": {"y": y, "x": x, "color": colour,
                            "shape": {"field": "status", "type": "nominal", "title": None,
                                      "scale": {"domain": list(names.values()), "range": [SHAPES[s] for s in present]}},
                            "tooltip": [{"field": "label", "title": None}, {"field": "effect", "format": "+.1%"},
                                        {"field": "lo", "format": "+.1%"}, {"field": "hi", "format": "+.1%"}]}},
              {"transform": [early], "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 9,
                                              "color": "#555555", "fontStyle": "italic"},
               "encoding": {"y": y, "x": x, "text": {"field": "note"}}}]
    return frame({"data": {"values": values}, "layer": layers}, target, title=title, rows=len(values),
                 labels_px=200, lang=lang)


def index_series(rows: Rows, field: str, base_year: int) -> dict[tuple[str, int], float]:
    """``field`` per (partner, year) as an index, base year = 100 (pairs without a base value left out).

    >>> index_series([{"partner": "X", "year": 2000, "fx": 2.0}, {"partner": "X", "year": 2004, "fx": 3.0}], "fx", 2000)
    {('X', 2000): 100.0, ('X', 2004): 150.0}
    """
    rows = list(rows)
    base = {str(r["partner"]): finite(r.get(field)) for r in rows if int(r["year"]) == base_year}
    out = {}
    for r in rows:
        b, v = base.get(str(r["partner"])), finite(r.get(field))
        if b and v is not None and b > 0:
            out[(str(r["partner"]), int(r["year"]))] = round(100.0 * v / b, 6)
    return out


def fx_exports(rows: Rows, partners: Sequence[str], *, names: Mapping[str, str], labels: Mapping[str, str],
               lang: str = "en", span: int = 20, target: Target = "a4", title: str | None = None) -> dict[str, Any]:
    """The reporter's exports to each partner and the partner's currency per US dollar, both as an index
    (first year of the last ``span`` years = 100, log scale), a panel per partner with data.

    Rows carry ``partner``, ``year``, ``exports`` (USD) and ``fx`` (local currency units per USD): a rise
    of ``fx`` is a depreciation against the dollar. ``labels`` names ``exports``, ``fx``, ``year`` and
    ``index`` (the axis title; ``{year}`` in it is replaced by the base year)."""
    rows = [r for r in rows if r.get("partner") in partners and r.get("year") is not None]
    both = sorted({int(r["year"]) for r in rows if finite(r.get("exports")) and finite(r.get("fx"))})
    if not both:
        return frame({"data": {"values": []}, "mark": "line"}, target, title=title, lang=lang)
    start = max(min(both), max(both) - span)
    base = min(y for y in both if y >= start)
    rows = [r for r in rows if int(r["year"]) >= base]
    series = {m: index_series(rows, m, base) for m in ("exports", "fx")}
    values = [{"partner": p, "panel": names.get(p, p), "year": y, "key": m, "series": labels.get(m, m), "value": v}
              for m, idx in series.items() for (p, y), v in sorted(idx.items())]
    kept = [p for p in partners if any(v["partner"] == p for v in values)]
    values.sort(key=lambda v: (kept.index(v["partner"]), v["key"], v["year"]))
    keys = [m for m in ("exports", "fx") if any(v["key"] == m for v in values)]
    layer = {"mark": {"type": "line", "point": True, "strokeWidth": 2},
             "encoding": {"x": {"field": "year", "type": "quantitative", "title": labels.get("year", "year"),
                                "axis": YEAR_AXIS, "scale": {"zero": False}},
                          "y": {"field": "value", "type": "quantitative",
                                "title": labels.get("index", "{year} = 100").replace("{year}", str(base)),
                                "scale": {"type": "log"}, "axis": {"format": ",.0f"}},
                          "color": {"field": "series", "type": "nominal", "title": None,
                                    "scale": colour_scale(keys, {k: labels.get(k, k) for k in keys})},
                          "tooltip": [{"field": "panel"}, {"field": "series"}, {"field": "year"},
                                      {"field": "value", "format": ",.1f"}]}}
    return panels({"values": values}, [layer], [names.get(p, p) for p in kept], target, title=title, lang=lang)
