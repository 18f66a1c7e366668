"""Dashboard pages: server-rendered tables (usable with JavaScript off) and Vega-Lite charts added by
``/static/dashboard/charts.js`` with the vendored vega-embed.

Pages: ``/overview``, ``/partners/{ISO3}``, ``/indicators``, ``/scenarios``, ``/perceptions``,
``/agreements``, ``/brief``. Every page takes ``?lang=en|es|ko``; ``/es/overview`` redirects to
``/overview?lang=es``. Each page has a JSON twin under ``/api`` (see :mod:`tradebridge.web.api`).

Example::

    tradebridge serve --port 8000   # then open http://127.0.0.1:8000/overview?lang=ko
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from tradebridge.errors import TradebridgeError
from tradebridge.i18n import LANG_NAMES, LANGS, MISSING, date_text, label, pick_lang, place, t, translator, usd_millions
from tradebridge.i18n import number as _number
from tradebridge.i18n import pct as _pct
from tradebridge.web import charts, queries
from tradebridge.web.api import access_for, out_dir, runner_for, scope_for
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.results import BRIEF_NAMES, brief_files, perceptions

CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
NAV = (("overview", "/overview"), ("partners", "/partners"), ("indicators", "/indicators"),
       ("scenarios", "/scenarios"), ("perceptions", "/perceptions"), ("agreements", "/agreements"),
       ("brief", "/brief"))


def usd_m(value: Any, lang: str = "en") -> str:
    """USD -> 'USD million' text with the locale's separators; missing values show tradebridge.i18n.MISSING."""
    return usd_millions(value, lang)


def pct(value: Any, digits: int = 1, lang: str = "en") -> str:
    return _pct(value, lang, digits=digits)


def num(value: Any, digits: int = 3, lang: str = "en") -> str:
    if value is None:
        return MISSING
    if isinstance(value, (int, float)):
        if isinstance(value, float):
            return _number(value, lang, 0 if abs(value) >= 1000 else digits)
        return _number(value, lang, 0)
    return str(value)


def scope_names(ctx: WebContext, lang: str) -> dict[str, str]:
    """The reporter's and the bloc's names in ``lang`` (every dashboard string may use them)."""
    scope = scope_for(ctx)
    bloc = place(scope.bloc, lang) if scope.bloc else ", ".join(place(c, lang) for c in scope.members)
    return {"reporter": place(scope.reporter, lang), "bloc": bloc}


def perception_names(lang: str) -> dict[str, dict[str, str]]:
    """Question texts, option labels and interview theme names in ``lang`` (the shipped instrument and
    codebook the demo results come from), keyed by id (options by question id, then value): charts and
    tables show these, not the ids."""
    from tradebridge.interviews.codebook import default_codebook_path, load_codebook
    from tradebridge.survey.instrument import default_instrument_path, load_instrument

    def pick(texts: Any, fallback: str) -> str:
        return texts.get(lang) or texts.get("en") or fallback

    inst = load_instrument(default_instrument_path())
    questions = [q for s in inst.sections for q in s.questions]
    return {"questions": {q.id: pick(q.text, q.id) for q in questions},
            "options": {q.id: {o.value: pick(o.label, o.value) for o in q.options} for q in questions},
            "themes": {th.id: pick(th.name, th.id) for th in load_codebook(default_codebook_path()).themes}}


def lang_links(request: Request, lang: str) -> list[dict[str, Any]]:
    """Links to the same page in each language (other query parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [{"code": lg, "name": LANG_NAMES[lg], "current": lg == lang,
             "href": f"{request.url.path}?{urlencode([*params, ('lang', lg)])}"} for lg in LANGS]


def render(ctx: WebContext, request: Request, template: str, page: str, status: int = 200,
           **values: Any) -> HTMLResponse:
    """Render a dashboard template with the shared navigation, language links and headers."""
    lang = pick_lang(request.query_params.get("lang"))
    resp = ctx.templates.TemplateResponse(request, template, {
        "lang": lang, "_": translator(lang, **scope_names(ctx, lang)), "page": page, "nav": NAV,
        "langs": lang_links(request, lang), "usd_m": lambda v: usd_m(v, lang),
        "pct": lambda v, digits=1: pct(v, digits, lang), "num": lambda v, digits=3: num(v, digits, lang),
        "date": lambda v, precision=None: date_text(v, lang, precision), "place_name": lambda code: place(code, lang),
        "label": lambda v: label(lang, v), "charts": charts, "members": scope_for(ctx).members, **values,
    }, status_code=status)
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "same-origin"
    return resp


async def fetch(fn, *args: Any, **kwargs: Any) -> tuple[Any, str | None]:
    """(value, error message): library errors become a message shown on the page."""
    try:
        return await run_in_threadpool(fn, *args, **kwargs), None
    except TradebridgeError as exc:
        return None, str(exc)


def latest_rows(yearly: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The last year with data for each partner."""
    last: dict[str, dict[str, Any]] = {}
    for r in yearly:
        if r.get("exports") is not None and (r["partner"] not in last or r["year"] > last[r["partner"]]["year"]):
            last[r["partner"]] = r
    return sorted(last.values(), key=lambda r: (len(r["partner"]) == 3, r["partner"]))


def _response_count(ctx: WebContext) -> int:
    """Responses stored through the survey forms (all instruments)."""
    from tradebridge.survey.storage import ResponseStore

    store = ctx.state.get("store")  # the survey forms' store (same key)
    if store is None:
        store = ctx.state["store"] = ResponseStore(ctx.settings.survey_db)
    return store.count()


def local_names(windows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """FTA window rows with the agreement's name in ``lang`` (copies; cached values stay untouched)."""
    from tradebridge.reference.timeline import agreement_name

    out = []
    for w in windows:
        try:
            out.append({**w, "name": agreement_name(w["agreement_id"], lang)})
        except TradebridgeError:
            out.append(w)
    return out


@register_router
def dashboard_router(ctx: WebContext) -> APIRouter:
    """Router with the dashboard pages."""
    router = APIRouter(tags=["dashboard"], include_in_schema=False)
    acc = access_for(ctx)

    @router.get("/overview", response_class=HTMLResponse)
    async def overview_page(request: Request) -> HTMLResponse:
        data, error = await fetch(queries.overview, acc, scope_for(ctx))
        lang = pick_lang(request.query_params.get("lang"))
        specs = {}
        if data:
            members = [r for r in data["yearly"] if r["partner"] != data["bloc"]]
            specs = {"trade": charts.trade_lines(data["yearly"], lang, windows=data["fta_windows"]),
                     "balance": charts.balance_bars(members, lang, windows=data["fta_windows"])}
            data = {**data, "fta_windows": local_names(data["fta_windows"], lang)}
        return render(ctx, request, "dashboard/overview.html", "overview", data=data, error=error, specs=specs,
                      latest=latest_rows(data["yearly"]) if data else [])

    @router.get("/partners", response_class=HTMLResponse, response_model=None)
    def partner_choose(request: Request, iso3: str = "") -> RedirectResponse:
        members = scope_for(ctx).members
        code = iso3.strip().upper()
        if code not in members:
            code = members[0]
        lang = pick_lang(request.query_params.get("lang"))
        return RedirectResponse(f"/partners/{code}?lang={lang}", status_code=303)

    @router.get("/partners/{iso3}", response_class=HTMLResponse)
    async def partner_page(request: Request,
                           iso3: Annotated[str, PathParam(pattern=r"^[A-Za-z]{3}$")]) -> HTMLResponse:
        lang = pick_lang(request.query_params.get("lang"))
        scope = scope_for(ctx)
        data, error = await fetch(queries.partner, acc, iso3.upper(), scope, lang)
        specs = {}
        name = place(iso3.upper(), lang)
        if data:
            specs = {"flows": charts.flows_lines(data["yearly"], lang, t(lang, "partner_title", name=name,
                                                                                **scope_names(ctx, lang)),
                                                 windows=data["fta_windows"]),
                     "intensity": charts.intensity_lines(data["intensity"], lang),
                     "timeline": charts.timeline(data["agreements"]["stages"], lang)}
            data = {**data, "fta_windows": local_names(data["fta_windows"], lang)}
            if data["composition"]["available"]:
                specs["composition"] = charts.composition_bars(data["composition"]["sections"], lang)
        return render(ctx, request, "dashboard/partner.html", "partners", data=data, error=error, specs=specs,
                      iso3=iso3.upper(), name=name, members=scope.members,
                      status=200 if data or error is None else 404)

    @router.get("/indicators", response_class=HTMLResponse)
    async def indicators_page(request: Request, indicator: str = "balance", reporter: str = "",
                              partners: str = "", dataset: str = "", level: str = "HS6",
                              year_from: str = "", year_to: str = "") -> HTMLResponse:
        from tradebridge.indicators.registry import INDICATORS, LEVELS

        lo, hi = _year(year_from), _year(year_to)  # empty form fields arrive as ""
        years = (lo or 1900, hi or 2100) if (lo or hi) else None
        year_from, year_to = lo, hi
        scope, error = await fetch(scope_for, ctx, reporter.strip() or None, partners.strip() or None,
                                   dataset.strip() or None)  # empty form fields: the settings' scope
        form = {"indicator": indicator, "reporter": scope.reporter if scope else reporter,
                "partners": scope.label if scope else partners, "dataset": scope.dataset if scope else dataset,
                "level": level, "year_from": year_from or "", "year_to": year_to or ""}
        data = None
        if scope is None:
            pass
        elif indicator not in INDICATORS or level not in LEVELS:
            error = f"choose an indicator from the list and a level among {', '.join(LEVELS)}"
        else:
            data, error = await fetch(queries.indicator, acc, indicator, scope, level=level, years=years)
        datasets, _ = await fetch(queries.trade_datasets, acc)
        spec = None
        if data and data["rows"]:
            cols = [c for c in data["rows"][0] if c not in ("year", "status")]
            value = next((c for c in ("intensity", "hhi", "balance", "total_trade", "share", "gl", "rca", "value")
                          if c in cols), None)
            series = next((c for c in ("partner", "exporter", "other", "group") if c in cols), None)
            if value and series:
                spec = charts.indicator_lines(data["rows"], value, series)
        return render(ctx, request, "dashboard/indicators.html", "indicators", data=data, error=error, form=form,
                      indicators=sorted(INDICATORS), levels=LEVELS, datasets=datasets or [], spec=spec,
                      status=200 if error is None else 422)

    @router.get("/scenarios", response_class=HTMLResponse)
    async def scenarios_page(request: Request, run: str | None = None) -> HTMLResponse:
        lang = pick_lang(request.query_params.get("lang"))
        runner = runner_for(ctx)
        names = runner.names()
        if run is not None and run not in names:
            raise HTTPException(status_code=404, detail="no such scenario")
        rows = []
        for n in names:
            st, err = await fetch(runner.status, n, start=(n == run))
            rows.append(st or {"scenario": n, "status": "error", "error": err})
        rows = [r | {"title": (r.get("titles") or {}).get(lang) or r.get("title") or r["scenario"]} for r in rows]
        done = [r["result"] | {"scenario": r["scenario"], "title": r["title"]} for r in rows if r.get("status") == "done"]
        specs = {m: charts.scenario_bars(done, lang, m) for m in ("exports", "welfare")} if done else {}
        refresh = any(r.get("status") == "running" for r in rows)
        return render(ctx, request, "dashboard/scenarios.html", "scenarios", rows=rows, done=done, specs=specs,
                      refresh=refresh)

    @router.get("/perceptions", response_class=HTMLResponse)
    async def perceptions_page(request: Request) -> HTMLResponse:
        lang = pick_lang(request.query_params.get("lang"))
        # the shipped made-up survey and interviews only on request (?demo=1), as in the brief (--demo)
        demo = request.query_params.get("demo") == "1"
        data, error = await fetch(perceptions, acc, scope_for(ctx)) if demo else (None, None)
        specs = {}
        if data:
            agree = [r for r in data["survey"]["likert"] if r.get("measure") == "agree"]
            names = perception_names(lang)
            themes = [{**r, "theme": names["themes"].get(r["theme"], r["theme"])}
                      for r in data["interviews"]["frequencies"]]
            specs = {"likert": charts.share_bars(agree, lang, label="variable", title=t(lang, "likert"),
                                                 group_names=names["questions"]),
                     "coop": charts.share_bars(data["survey"]["crosstab"], lang, label="level", title=t(lang, "coop"),
                                               group_names=names["options"].get("coop_priority", {})),
                     "themes": charts.theme_bars(themes, lang)}
        received, _ = await fetch(_response_count, ctx)
        return render(ctx, request, "dashboard/perceptions.html", "perceptions", data=data, error=error,
                      specs=specs, received=received, names=perception_names(lang) if data else {})

    @router.get("/agreements", response_class=HTMLResponse)
    async def agreements_page(request: Request) -> HTMLResponse:
        lang = pick_lang(request.query_params.get("lang"))
        data, error = await fetch(queries.agreements, acc, scope_for(ctx), lang, None)
        spec = charts.timeline(data["stages"], lang) if data else None
        return render(ctx, request, "dashboard/agreements.html", "agreements", data=data, error=error, spec=spec)

    @router.get("/brief", response_class=HTMLResponse)
    def brief_page(request: Request) -> HTMLResponse:
        return render(ctx, request, "dashboard/brief.html", "brief", files=brief_files(out_dir(ctx)))

    @router.get("/brief/files/{name}")
    def brief_file(name: str) -> FileResponse:
        if name not in BRIEF_NAMES:  # a fixed list: no path from the request reaches the file system
            raise HTTPException(status_code=404, detail="no such brief")
        path = out_dir(ctx) / name
        if not path.is_file():
            raise HTTPException(status_code=404, detail="this brief has not been built")
        media = "application/pdf" if name.endswith(".pdf") else "text/html; charset=utf-8"
        return FileResponse(path, media_type=media, filename=name if name.endswith(".pdf") else None)

    for lg in LANGS:
        def prefixed(request: Request, rest: str, _lg: str = lg) -> RedirectResponse:
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
            target = "/" + rest.lstrip("/")
            if target.startswith(("//", "/api", "/static")) or not _safe_path(target):
                target = "/overview"
            return RedirectResponse(f"{target}?{urlencode([*params, ('lang', _lg)])}", status_code=307)
        router.add_api_route(f"/{lg}/{{rest:path}}", prefixed, methods=["GET"], include_in_schema=False)

    return router


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


PAGES = ("overview", "partners", "indicators", "complexity", "scenarios", "perceptions", "agreements", "brief", "survey",
         "admin")


def _safe_path(path: str) -> bool:
    """Only dashboard pages are redirect targets of a language prefix (no open redirects)."""
    ok_chars = all(c.isalnum() or c in "/-_." for c in path) and ".." not in path
    return ok_chars and path.split("/")[1] in PAGES
