"""The indicators explorer, ``/indicators``: any named indicator for a reporter, partners, dataset and
year range, as a chart and a table in readable units, with the table's CSV one click away.

The choices come from the data present (:func:`tradebridge.web.queries.catalogue`): the dataset list
holds what is loaded, the indicator list only what that dataset supports (an aggregate dataset offers
the indicators without product detail; a world-exports dataset offers ``rca``), the product level
appears only for a dataset with HS detail, the reporter switch lists the dashboard's countries
(reporter and partners) the dataset holds and the year range its years. Without parameters the page shows the settings' scope on the settings' dataset
(or the first one loaded) and the first indicator it supports (``balance`` when possible).

Values are shown in readable units: money in the unit of the column's largest value
(:func:`tradebridge.charts.style.money_unit`: "US$ billion", "억 US$"), shares and growth rates as
percentages, counts as whole numbers, countries and blocs by name; the column title carries the unit. The CSV link serves the same
rows through ``/api/indicators/{name}?format=csv`` in raw units (USD, fractions).

>>> view = table_view([{"year": 2016, "partner": "CHL", "exports": 3.03e9, "share": 0.0123}], "en")
>>> [c["label"] for c in view["columns"]], view["rows"][0]
(['Year', 'Partner', 'Exports (US$ billion)', 'Share (%)'], ['2016', 'Chile', '3.03', '1.2'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tradebridge.charts.style import money_unit
from tradebridge.i18n import STRINGS, number, place, t
from tradebridge.web.app import WebContext, register_router

USD_COLUMNS = frozenset({"exports", "imports", "total_trade", "balance", "world_trade", "value_usd", "value",
                         "import_demand", "reporter_exports", "partner_exports"})
COUNT_COLUMNS = frozenset({"n", "n_products", "n_new", "members_missing", "rank", "specialised"})
YEAR_COLUMNS = frozenset({"year", "prev_year", "entry_year", "base_first_year", "base_last_year"})
PLACE_COLUMNS = frozenset({"partner", "exporter", "importer", "other", "reporter", "market"})
PREFERRED = ("balance", "intensity", "hhi_markets", "rca")  # the first of these the data support is the default
CHART_VALUE = ("total_trade", "intensity", "hhi", "gl", "share", "rca", "value_usd", "value")
CHART_SERIES = ("partner", "exporter", "other", "group")


def column_kind(name: str) -> str:
    """``usd``, ``share`` (fractions shown as %), ``count``, ``year``, ``place`` (a country or bloc code,
    shown by name), ``status`` (a row's ``ok``/``missing``, shown in words) or ``number``.

    >>> [column_kind(c) for c in ("exports", "exports_growth", "share_of_world_trade", "n", "prev_year", "rca")]
    ['usd', 'share', 'share', 'count', 'year', 'number']
    """
    if name in PLACE_COLUMNS:
        return "place"
    if name == "status":
        return "status"
    if name in USD_COLUMNS:
        return "usd"
    if name == "share" or name.startswith("share_") or name.endswith(("_share", "_growth")):
        return "share"
    return "count" if name in COUNT_COLUMNS else "year" if name in YEAR_COLUMNS else "number"


def column_label(name: str, lang: str) -> str:
    """The column's name in ``lang`` (key ``expl_col_<name>`` of the string table), else the column name."""
    key = f"expl_col_{name}"
    return t(lang, key) if key in STRINGS else name


def indicator_name(name: str, lang: str) -> str:
    """The indicator's name in ``lang`` (key ``expl_ind_<name>``), else its code.

    >>> indicator_name("intensity", "es"), indicator_name("no_such", "es")
    ('Índice de intensidad comercial', 'no_such')
    """
    key = f"expl_ind_{name}"
    return t(lang, key) if key in STRINGS else name


def _cell(value: Any, kind: str, lang: str, divisor: float) -> str:
    if kind == "place" and isinstance(value, str):
        return place(value, lang)
    if kind == "status" and f"expl_status_{value}" in STRINGS:
        return t(lang, f"expl_status_{value}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "–" if value is None else str(value)
    if kind == "usd":
        return number(value / divisor, lang, 2 if divisor >= 1e8 else 1)
    if kind == "share":
        return number(value * 100, lang, 1)
    if kind in ("count", "year"):
        return str(int(value)) if kind == "year" else number(value, lang, 0)
    return number(value, lang, 3)


def table_view(rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """Columns (key, label with unit, kind, divisor) and rows of cell texts, for ``dashboard/_table.html``."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    columns = []
    for k in keys:
        kind = column_kind(k)
        label, divisor = column_label(k, lang), 1.0
        if kind == "usd":
            unit = money_unit((r.get(k) for r in rows), lang)
            label, divisor = f"{label} ({unit.text})", float(unit.divisor)
        elif kind == "share":
            label = f"{label} (%)"
        columns.append({"key": k, "label": label, "kind": kind, "divisor": divisor,
                        "num": kind not in ("year", "place", "status") and any(isinstance(r.get(k), (int, float)) for r in rows)})
    body = [[_cell(r.get(c["key"]), c["kind"], lang, c["divisor"]) for c in columns] for r in rows]
    return {"columns": columns, "rows": body}


@dataclass(frozen=True)
class Choice:
    """What the explorer shows: the request's parameters resolved against the data present."""

    indicator: str
    dataset: str
    kind: str
    reporter: str
    partners: str
    level: str
    year_from: int | None
    year_to: int | None
    offered: tuple[str, ...]
    years: tuple[int, ...]
    reporters: tuple[str, ...]

    @property
    def years_filter(self) -> tuple[int, int] | None:
        if self.year_from is None and self.year_to is None:
            return None
        return (self.year_from or self.years[0], self.year_to or self.years[-1])

    def api_query(self, **extra: str) -> str:
        """The query string of ``/api/indicators/{indicator}`` for this choice."""
        q = [("reporter", self.reporter), ("partners", self.partners), ("dataset", self.dataset)]
        if self.kind == "products":
            q.append(("level", self.level))
        q += [(k, str(v)) for k, v in (("year_from", self.year_from), ("year_to", self.year_to)) if v is not None]
        return urlencode(q + list(extra.items()))


def choose(cat: dict[str, dict[str, Any]], params: dict[str, str], defaults: dict[str, str],
           lang: str = "en") -> tuple[Choice, str | None]:
    """Resolve the form's ``params`` (empty = not given) against the catalogue; (choice, message) where
    the message says in ``lang`` what was replaced and why (``None`` when everything asked for is available).

    >>> cat = {"agg": {"kind": "aggregate", "indicators": ["balance", "intensity"], "years": [2000, 2004],
    ...                "reporters": ["CHL", "KOR"]},
    ...        "world": {"kind": "world", "indicators": ["rca"], "years": [2000], "reporters": ["KOR"]}}
    >>> c, msg = choose(cat, {"indicator": "rca"}, {"dataset": "agg", "reporter": "KOR", "partners": "PA"})
    >>> c.dataset, c.indicator, msg
    ('world', 'rca', None)
    >>> c, msg = choose(cat, {"indicator": "rca", "dataset": "agg"}, {"dataset": "agg", "reporter": "KOR", "partners": "PA"})
    >>> c.indicator, msg.startswith("indicator rca needs")
    ('balance', True)
    """
    notes = []
    asked = params.get("indicator", "")
    dataset = params.get("dataset", "")
    if dataset and dataset not in cat:
        notes.append(t(lang, "expl_note_no_dataset", dataset=dataset, loaded=", ".join(cat)))
        dataset = ""
    if not dataset and asked and asked not in cat.get(defaults["dataset"], {}).get("indicators", ()):
        dataset = next((d for d, c in cat.items() if asked in c["indicators"]), "")
    if not dataset:
        dataset = defaults["dataset"] if defaults["dataset"] in cat else next(iter(cat))
    c = cat[dataset]
    offered = tuple(c["indicators"])
    indicator = asked
    if asked not in offered:
        if asked:
            notes.append(t(lang, "expl_note_needs_products", code=asked, dataset=dataset,
                           names="; ".join(indicator_name(n, lang) for n in offered)))
        indicator = next((n for n in PREFERRED if n in offered), offered[0])
    years = tuple(c["years"])
    lo, hi = _year(params.get("year_from", "")), _year(params.get("year_to", ""))
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    level = params.get("level", "").upper()
    return Choice(indicator=indicator, dataset=dataset, kind=c["kind"],
                  reporter=(params.get("reporter", "").strip().upper() or defaults["reporter"]),
                  partners=(params.get("partners", "").strip().upper() or defaults["partners"]),
                  level=level if level in ("HS2", "HS4", "HS6") else "HS6",
                  year_from=lo if lo != years[0] else None, year_to=hi if hi != years[-1] else None,
                  offered=offered, years=years, reporters=tuple(c["reporters"])), "; ".join(notes) or None


def _year(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def chart(rows: list[dict[str, Any]], lang: str, title: str) -> dict[str, Any] | None:
    """A line per series of the indicator's main value, in the table's units (``None`` when not yearly)."""
    from tradebridge import charts

    if not rows or "year" not in rows[0] or "product" in rows[0] or len({r.get("year") for r in rows}) < 2:
        return None  # a line per series needs years; product tables are for the table and the treemaps
    value = next((c for c in CHART_VALUE if c in rows[0]), None)
    series = next((c for c in CHART_SERIES if c in rows[0]), None)
    if not value or not series:
        return None
    kind = column_kind(value)
    unit = money_unit((r.get(value) for r in rows), lang) if kind == "usd" else None
    scale = 1 / unit.divisor if unit else 100.0 if kind == "share" else 1.0
    y_title = column_label(value, lang) + (f" ({unit.text})" if unit else " (%)" if kind == "share" else "")

    def key(r: dict[str, Any]) -> str:  # directed rows (exporter, importer): one series per direction
        return f"{r['exporter']} → {r['importer']}" if r.get("exporter") and r.get("importer") else str(r.get(series))

    values = [{"year": r["year"], "key": key(r), "value": None if r.get(value) is None else r[value] * scale}
              for r in rows if r.get("year") is not None]
    names = {v["key"]: " → ".join(place(p, lang) for p in v["key"].split(" → ")) for v in values}
    spec = charts.lines(values, names=names, y_title=y_title, target="dashboard", title=title, lang=lang)
    return spec if spec["data"]["values"] else None


def switch_names(current: str, scope: tuple[str, ...], present: tuple[str, ...] | list[str], lang: str) -> dict[str, str]:
    """The reporter switch: the dashboard's countries (its reporter and partners) that the data hold,
    and the current reporter, with their names in ``lang`` (any other reporter is one URL away).

    >>> switch_names("MEX", ("KOR", "CHL", "PER"), ["CHL", "KOR", "MEX"], "es")
    {'MEX': 'México', 'KOR': 'Corea', 'CHL': 'Chile'}
    """
    codes = dict.fromkeys([current, *(c for c in scope if c in set(present))])
    return {c: place(c, lang) for c in codes}


@register_router
def explorer_router(ctx: WebContext) -> APIRouter:
    """Router with the indicators explorer page."""
    from tradebridge.web import queries
    from tradebridge.web.api import access_for, scope_for
    from tradebridge.web.dashboard import fetch, render, request_lang
    from tradebridge.web.jobs import gate_for

    router = APIRouter(tags=["dashboard"], include_in_schema=False)
    acc = access_for(ctx)

    @router.get("/indicators", response_class=HTMLResponse)
    async def indicators_page(request: Request, indicator: str = "", reporter: str = "", partners: str = "",
                              dataset: str = "", level: str = "", year_from: str = "",
                              year_to: str = "") -> HTMLResponse:
        lang = request_lang(request, ctx.settings.lang)  # ?lang, else Accept-Language
        cat, error = await fetch(queries.catalogue, acc)
        if not cat:
            return render(ctx, request, "dashboard/indicators.html", "indicators", error=error or t(lang, "err_no_store"),
                          choice=None, data=None, status=503 if error else 404)
        base = scope_for(ctx)
        params = {"indicator": indicator, "reporter": reporter, "partners": partners, "dataset": dataset,
                  "level": level, "year_from": year_from, "year_to": year_to}
        choice, note = choose(cat, params, {"dataset": base.dataset, "reporter": base.reporter,
                                            "partners": base.label}, lang)
        scope, error = await fetch(scope_for, ctx, choice.reporter, choice.partners, choice.dataset)
        data = view = spec = None
        if scope is not None:
            scope, error = await fetch(queries.check_scope, acc, scope)
        if scope is not None:
            data, error = await fetch(queries.indicator, acc, choice.indicator, scope, level=choice.level,
                                      years=choice.years_filter, gate=gate_for(ctx))
        if data:
            shown = data["rows"][:500]
            view = table_view(shown, lang)
            spec = chart(data["rows"], lang, t(lang, "expl_chart_title", name=indicator_name(choice.indicator, lang)))
        products = next((d for d, c in cat.items() if c["kind"] != "aggregate"), None)
        return render(ctx, request, "dashboard/indicators.html", "indicators", data=data, error=error, note=note,
                      choice=choice, view=view, spec=spec, datasets=list(cat), catalogue=cat,
                      indicator_names={n: indicator_name(n, lang) for n in choice.offered},
                      csv_href=f"/api/indicators/{choice.indicator}?{choice.api_query(format='csv')}",
                      complexity_href=(f"/complexity?{urlencode({'reporter': choice.reporter, 'lang': lang})}"
                                       if products else None),
                      reporter_names=switch_names(choice.reporter, (base.reporter, *base.members), choice.reporters,
                                                  lang),
                      status=200 if error is None else 422)

    return router
