"""One look for every chart: colours keyed by series, money units chosen by magnitude, sizes per target.

Colours follow a series' *key* (``exports``, ``imports``, ``balance``, an ISO3 code, a bloc code, a
scenario id), never its translated label, so a series has the same colour in every language and in
both the brief and the dashboard.

>>> colours(["imports", "exports"])
{'exports': '#1f4e79', 'imports': '#c55a11'}
>>> money_unit([2.5e9, -1e8], "en")
Unit(divisor=1000000000, text='US$ billion')
>>> money_unit([3.1e6], "es").text
'US$ millones'
"""

from __future__ import annotations

import copy
import math
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from tradebridge.config import LANGUAGES
from tradebridge.errors import check_option
from tradebridge.reference.blocs import is_bloc

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
Target = Literal["a4", "dashboard"]
TARGETS: tuple[str, ...] = ("a4", "dashboard")

FIXED = {"exports": "#1f4e79", "imports": "#c55a11", "balance": "#548235", "total_trade": "#7f6000",
         "entry": "#c00000", "signed": "#1f4e79", "other": "#9e9e9e",
         "estimated": "#1f4e79", "pooled": "#000000", "too_early": "#9e9e9e", "fx": "#7e22ce"}
BLOC_COLOUR = "#3a3a3a"
PALETTE = ("#0b4f8a", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#0f766e", "#be185d", "#4d7c0f",
           "#1e40af", "#9a3412", "#6b21a8", "#155e75")
MARKER_COLOUR = "#7a7a7a"

# plot-area sizes in px (Vega-Lite width/height); A4 text width is about 170 mm = 640 px at 96 dpi
SIZES: dict[str, dict[str, Any]] = {
    "a4": {"width": 540, "height": 200, "panel": (150, 110), "step": 22, "columns": 3},
    "dashboard": {"width": "container", "height": 260, "panel": (230, 150), "step": 26, "columns": 3},
}
SIZE_KEYS = frozenset({"width", "height", "autosize", "title"})


def colours(keys: Iterable[str]) -> dict[str, str]:
    """Colour per series key: fixed for flows and stage kinds, dark grey for a bloc, and for other keys a
    palette slot picked from the key itself (CRC-32), moving to the next free slot when taken (keys in
    sorted order), so the colour never depends on the language or on the order of the rows.

    >>> c = colours(["PER", "CHL", "PA", "MEX", "COL"])
    >>> c["PA"], len(set(c.values()))
    ('#3a3a3a', 5)
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted(set(keys)):
        if key in FIXED:
            out[key] = FIXED[key]
        elif is_bloc(key):
            out[key] = BLOC_COLOUR
        else:
            start = zlib.crc32(key.encode("utf-8")) % len(PALETTE)
            free = [PALETTE[(start + i) % len(PALETTE)] for i in range(len(PALETTE))
                    if PALETTE[(start + i) % len(PALETTE)] not in used]
            out[key] = free[0] if free else PALETTE[start]
            used.add(out[key])
    return out


def colour_scale(keys: Iterable[str], names: Mapping[str, str]) -> dict[str, list[str]]:
    """A Vega-Lite colour scale over translated labels whose colours come from the keys."""
    keys = list(dict.fromkeys(keys))
    c = colours(keys)
    return {"domain": [names.get(k, k) for k in keys], "range": [c[k] for k in keys]}


@dataclass(frozen=True)
class Unit:
    """A money unit: divide values by ``divisor``; ``text`` names it in the axis title."""

    divisor: int
    text: str


def finite(v: Any) -> float | None:
    """``v`` as a float, or None when missing or not finite."""
    if v is None or isinstance(v, bool):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def money_unit(values: Iterable[Any], lang: str) -> Unit:
    """The readable unit for USD values in ``lang``: the CLDR compact-number unit (Babel) for the largest
    magnitude (thousand, million, billion; in Korean 만, 억), so a chart reads as the prose does.

    >>> money_unit([3.03e9], "ko")
    Unit(divisor=100000000, text='억 US$')
    """
    from babel import Locale

    big = max((abs(x) for x in map(finite, values) if x is not None), default=0.0)
    patterns = Locale.parse(lang).compact_decimal_formats["long"]["other"]
    fits = [int(k) for k in patterns if 1000 <= int(k) <= big]
    if not fits:
        return Unit(1, "US$")
    magnitude = max(fits)
    pattern = patterns[str(magnitude)].pattern
    divisor = magnitude // 10 ** (pattern.count("0") - 1)  # "00 billion" at 10^10 is still billions
    word = pattern.replace("0", "").strip()
    rest = pattern.lstrip("0")
    attached = bool(rest) and not rest[0].isspace()  # "0억" (Korean) vs "0 billion"
    return Unit(divisor, f"{word} US$" if attached else f"US$ {word}")


@lru_cache(maxsize=8)
def _locale(lang: str) -> dict[str, Any]:
    from babel import Locale

    loc = Locale.parse(lang)
    sym = loc.number_symbols["latn"]
    spaced = "\u00a0%" if "\u00a0%" in loc.percent_formats[None].pattern else "%"
    days, months = loc.days["format"], loc.months["format"]
    week = [6, 0, 1, 2, 3, 4, 5]  # d3 starts the week on Sunday, CLDR on Monday
    return {"number": {"decimal": sym["decimal"], "thousands": sym["group"], "grouping": [3],
                       "currency": ["US$", ""], "percent": spaced, "minus": "\u2212"},
            "time": {"dateTime": "%x %X", "date": "%Y-%m-%d", "time": "%H:%M:%S", "periods": ["AM", "PM"],
                     "days": [days["wide"][d] for d in week], "shortDays": [days["abbreviated"][d] for d in week],
                     "months": [months["wide"][m] for m in range(1, 13)],
                     "shortMonths": [months["abbreviated"][m] for m in range(1, 13)]}}


def locale(lang: str) -> dict[str, Any]:
    """The Vega-Lite ``config.locale`` of ``lang`` from its CLDR symbols (Babel): decimal and group
    separators, the percent sign, month and day names, so ``,.1f`` and ``%`` axes read as the prose does.

    >>> locale("es")["number"]["decimal"], locale("es")["number"]["thousands"], locale("ko")["time"]["months"][0]
    (',', '.', '1월')
    """
    check_option("lang", lang, LANGUAGES)
    return copy.deepcopy(_locale(lang))


def config(lang: str = "en") -> dict[str, Any]:
    """The shared Vega-Lite config in ``lang``'s number and date formats (fonts are set by the SVG renderer)."""
    return {"background": "white", "view": {"stroke": None}, "locale": locale(lang),
            "axis": {"labelFontSize": 10, "titleFontSize": 11, "grid": True, "gridColor": "#e6e6e6"},
            "legend": {"orient": "bottom", "direction": "horizontal", "labelLimit": 0, "titleLimit": 0,
                       "labelFontSize": 10, "titleFontSize": 10, "columns": 4, "symbolType": "circle"},
            "header": {"labelFontSize": 10, "labelLimit": 0}}


def frame(spec: dict[str, Any], target: Target, *, title: str | None = None, rows: int | None = None,
          step: int | None = None, facet: bool = False, labels_px: int = 0, lang: str = "en") -> dict[str, Any]:
    """``spec`` sized for ``target`` (``a4``: the brief; ``dashboard``: a page), with an optional title.

    Only the keys in :data:`SIZE_KEYS` (top level, and in a facet's inner spec) differ between targets.
    ``rows``: a chart of that many categorical rows, ``step`` px each (the target's step by default).
    ``labels_px``: room the row labels take on A4 (the plot is narrowed so the figure fits the page).
    ``lang``: the number and date formats of the axes (:func:`locale`).

    >>> frame({"mark": "point"}, "a4", rows=3)["height"]
    {'step': 22}
    """
    check_option("target", target, TARGETS)
    size = SIZES[target]
    out = {"$schema": SCHEMA, **spec, "config": config(lang)}
    if title:
        out["title"] = title
    if facet:
        w, h = size["panel"]
        out["spec"] = {**out["spec"], "width": w, "height": h}
        return out
    out["width"] = size["width"] - labels_px if isinstance(size["width"], int) else size["width"]
    out["height"] = {"step": step or size["step"]} if rows else size["height"]
    if target == "dashboard":
        out["autosize"] = {"type": "fit-x", "contains": "padding"}
    return out


def panels(data: dict[str, Any], layers: list[dict[str, Any]], order: Sequence[str], target: Target, *,
           title: str | None = None, lang: str = "en") -> dict[str, Any]:
    """``layers`` over ``data`` framed for ``target``: one plot when ``order`` (the panels' names, in the
    order shown) has at most one name, else a panel per name (facet on ``panel``), each with its own y scale
    and x axis, laid out by :func:`columns`."""
    if len(order) <= 1:
        return frame({"data": data, "layer": layers}, target, title=title, lang=lang)
    return frame({"data": data, "facet": {"field": "panel", "type": "nominal", "title": None, "sort": list(order)},
                  "columns": columns(len(order), target), "spec": {"layer": layers},
                  "resolve": {"scale": {"y": "independent"}, "axis": {"x": "independent"}}},
                 target, title=title, facet=True, lang=lang)


def columns(panels: int, target: Target) -> int:
    """Facet columns for ``panels`` panels: at most the target's columns, rows filled evenly (4 panels:
    2 × 2, not 3 + 1), so no row is mostly empty.

    >>> columns(4, "a4"), columns(5, "a4"), columns(2, "a4")
    (2, 3, 2)
    """
    most = SIZES[target]["columns"]
    rows = math.ceil(panels / most)
    return max(1, math.ceil(panels / rows))


def without_size(spec: Any) -> Any:
    """``spec`` with the target-dependent keys removed (for comparing the brief's and the dashboard's)."""
    if isinstance(spec, dict):
        return {k: without_size(v) for k, v in spec.items() if k not in SIZE_KEYS}
    if isinstance(spec, list):
        return [without_size(v) for v in spec]
    return spec
