"""Dashboard pages: server-rendered tables (usable with JavaScript off) and Vega-Lite charts added by
``/static/dashboard/charts.js`` with the vendored vega-embed.

Pages: ``/overview``, ``/partners/{ISO3}``, ``/indicators``, ``/scenarios``, ``/perceptions``,
``/agreements``, ``/brief``. Every page takes ``?lang=en|es|ko``; ``/es/overview`` redirects to
``/overview?lang=es``. Each page has a JSON twin under ``/api`` (see :mod:`tradebridge.web.api`).

Example::

    tradebridge serve --port 8000   # then open http://127.0.0.1:8000/overview?lang=ko
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from itertools import pairwise
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from tradebridge.errors import ConfigError, TradebridgeError
from tradebridge.i18n import (
    LANG_NAMES,
    LANGS,
    MISSING,
    date_text,
    error_text,
    integer,
    label,
    pick_lang,
    place,
    t,
    translator,
    usd_millions,
)
from tradebridge.i18n import number as _number
from tradebridge.i18n import pct as _pct
from tradebridge.reference.blocs import resolve_partners
from tradebridge.web import charts, queries
from tradebridge.web.api import access_for, out_dir, scope_for
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.results import BRIEF_NAMES, brief_files, perceptions

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


def spacing(years: list[int]) -> int | None:
    """The step between consecutive years when it is the same everywhere (1: annual), else None.

    >>> spacing([1964, 1968, 1972]), spacing([2000, 2001, 2002]), spacing([2000, 2001, 2005]), spacing([2016])
    (4, 1, None, None)
    """
    steps = {b - a for a, b in pairwise(years)}
    return steps.pop() if len(steps) == 1 else None


def vintage(ctx: WebContext) -> dict[str, Any]:
    """What the warehouse holds, for the banner on every page: the scope's trade dataset's years (first,
    last, count, spacing) and every dataset with its source version, rows and ingest date. Cached per
    store version; ``{"store": False}`` when there is no warehouse."""
    acc, dataset = access_for(ctx), scope_for(ctx).dataset

    def compute() -> dict[str, Any]:
        with acc.open() as st:
            years = st.sql("SELECT DISTINCT year FROM trade_flows WHERE dataset = ? ORDER BY year",
                           [dataset])["year"].astype(int).tolist()
            rows = st.status()
            meta = st.datasets().groupby("dataset").agg(version=("version", "first"),
                                                        ingested=("ingested_at", "max"))
        sets = []
        for r in rows:
            version = meta.loc[r["dataset"], "version"] if r["dataset"] in meta.index else None
            ingested = meta.loc[r["dataset"], "ingested"] if r["dataset"] in meta.index else None
            sha = r["sha256"][:12] if isinstance(r["sha256"], str) else None  # a fixture written without a file
            sets.append({"dataset": r["dataset"], "source": r["source"], "rows": r["rows"],
                         "version": version if isinstance(version, str) and version else sha,
                         "ingested": str(ingested)[:10] if isinstance(ingested, str) else None})
        return {"store": True, "dataset": dataset, "years": years, "step": spacing(years), "datasets": sets}

    try:
        value, version = acc.cached(("vintage", dataset), compute)
    except TradebridgeError:
        return {"store": False, "dataset": dataset}
    return {**value, "store_version": version}


def vintage_line(v: dict[str, Any], lang: str) -> str:
    """The banner's sentence: the years covered, their spacing and the latest year, in ``lang``.

    >>> vintage_line({"store": True, "dataset": "d", "years": [2008, 2012, 2016], "step": 4}, "es")
    'd: 2008–2016, cada 4 años (3 años); el último año es 2016'
    """
    if not v.get("store"):
        return t(lang, "vintage_no_store")
    years = v["years"]
    if not years:
        return t(lang, "vintage_no_years", dataset=v["dataset"])
    step = v["step"]
    gap = (t(lang, "vintage_annual") if step == 1 else t(lang, "vintage_every", step=str(step)) if step
           else t(lang, "vintage_irregular"))
    return t(lang, "vintage_years", dataset=v["dataset"], first=str(years[0]), last=str(years[-1]), spacing=gap,
             n=len(years))


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


def accept_language(header: str | None) -> str | None:
    """The supported language a browser prefers most in its ``Accept-Language`` header (RFC 9110
    §12.5.4: quality values, ties kept in header order, ``q=0`` refused), or None when it names none.

    >>> accept_language("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"), accept_language("fr, es;q=0.5, en;q=0.4")
    ('ko', 'es')
    >>> accept_language("en;q=0.2, es-419;q=0.8"), accept_language("ko;q=0, *"), accept_language(None)
    ('es', None, None)
    """
    best: tuple[float, int, str] | None = None
    for i, part in enumerate((header or "")[:500].split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in LANGS and q > 0 and (best is None or (-q, i) < (-best[0], best[1])):
            best = (q, i, code)
    return best[2] if best else None


def request_lang(request: Request, default: str = "en") -> str:
    """The page's language: ``?lang=`` when valid, else the browser's ``Accept-Language``, else ``default``
    (the settings' language). Every dashboard, admin, survey-frame and API-docs page calls this."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    return accept_language(request.headers.get("accept-language")) or pick_lang(default)


def with_lang(url: str, lang: str) -> str:
    """``url`` (a path on this site, with or without a query) with ``lang`` as its language parameter.

    >>> with_lang("/scenarios?run=kor_mex_fta&lang=en", "ko"), with_lang("/admin/", "es"), with_lang("#all", "ko")
    ('/scenarios?run=kor_mex_fta&lang=ko', '/admin/?lang=es', '#all')
    """
    if url.startswith("#"):
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    frag = f"#{parts.fragment}" if parts.fragment else ""
    return f"{parts.path}?{urlencode([*query, ('lang', lang)])}{frag}"


def keep_lang(request: Request, url: str) -> str:
    """``url`` with the request's ``?lang`` when it has a valid one (for redirects after a form post);
    unchanged otherwise, so the next page negotiates the language again."""
    asked = request.query_params.get("lang")
    return with_lang(url, asked) if asked in LANGS else url


def lang_links(request: Request, lang: str) -> list[dict[str, Any]]:
    """Links to the same page in each language (other query parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [{"code": lg, "name": LANG_NAMES[lg], "current": lg == lang,
             "href": f"{request.url.path}?{urlencode([*params, ('lang', lg)])}"} for lg in LANGS]


def render(ctx: WebContext, request: Request, template: str, page: str, status: int = 200,
           **values: Any) -> HTMLResponse:
    """Render a dashboard template with the shared navigation, language links and headers. An ``error``
    that is a library error is shown in the page's language (:func:`tradebridge.i18n.error_text`)."""
    lang = request_lang(request, ctx.settings.lang)
    if isinstance(values.get("error"), BaseException):
        values["error"] = error_text(values["error"], lang)
    resp = ctx.templates.TemplateResponse(request, template, {
        "lang": lang, "_": translator(lang, **scope_names(ctx, lang)), "page": page, "nav": NAV,
        "langs": lang_links(request, lang), "href": lambda url: with_lang(url, lang), "usd_m": lambda v: usd_m(v, lang),
        "pct": lambda v, digits=1: pct(v, digits, lang), "num": lambda v, digits=3: num(v, digits, lang),
        "date": lambda v, precision=None: date_text(v, lang, precision), "place_name": lambda code: place(code, lang),
        "label": lambda v: label(lang, v), "charts": charts, "members": scope_for(ctx).members, **values,
    }, status_code=status)
    # security headers (CSP, nosniff, framing, referrer): tradebridge.web.security, on every response
    if "lang" not in request.query_params:
        resp.headers["Vary"] = "Accept-Language"  # the language came from the browser's header
    return resp


#: response headers a cached page keeps (security headers are added to every response by web.security)
_PAGE_HEADERS = ("vary", "content-language")


async def cached_page(ctx: WebContext, request: Request, page: str,
                      build: Callable[[], Awaitable[tuple[HTMLResponse, bool]]], state: tuple = ()) -> HTMLResponse:
    """A public page (no form, no session, no cookie) rendered once per path, query, language, store
    version and ``state`` (what else the page shows, e.g. the runs' statuses) and served from the
    response cache afterwards. Only a complete 200 page without an error message and without
    ``Set-Cookie`` is kept; the next store version renders it afresh. ``build`` returns the page and
    whether it is complete (False: it shows an error or work still running, so it is not kept)."""
    acc = access_for(ctx)
    lang = request_lang(request, ctx.settings.lang)
    key = ("html", page, request.url.path, tuple(sorted(request.query_params.multi_items())), lang,
           "lang" in request.query_params, state)
    version = acc.version()
    hit = acc.lookup(key, version)
    if hit is not None:
        body, headers = hit
        return HTMLResponse(body, headers=headers)
    resp, complete = await build()
    if complete and resp.status_code == 200 and "set-cookie" not in resp.headers:
        acc.remember(key, (bytes(resp.body), {k: v for k, v in resp.headers.items() if k.lower() in _PAGE_HEADERS}),
                     version)
    return resp


async def fetch(fn, *args: Any, **kwargs: Any) -> tuple[Any, TradebridgeError | None]:
    """(value, error): a library error is returned, for :func:`render` to show in the page's language."""
    try:
        return await run_in_threadpool(fn, *args, **kwargs), None
    except TradebridgeError as exc:
        return None, exc


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


def partner_code(text: str) -> str | None:
    """The one country a request names (any case, spaces trimmed), parsed like ``--partners``; None
    when it is not one known country code.

    >>> partner_code(" chl "), partner_code("ZZZ")
    ('CHL', None)
    """
    try:
        codes = resolve_partners(text)
    except ConfigError:
        return None
    return codes[0] if len(codes) == 1 and text.strip().upper() == codes[0] else None


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
    ctx.templates.env.globals.update(  # the site frame (banner, language) for templates not rendered by render()
        request_lang=lambda request: request_lang(request, ctx.settings.lang), with_lang=with_lang,
        vintage=lambda: vintage(ctx), vintage_line=vintage_line, site_t=t, int_text=integer, date_text=date_text)

    @router.get("/overview", response_class=HTMLResponse)
    async def overview_page(request: Request) -> HTMLResponse:
        return await cached_page(ctx, request, "overview", lambda: _overview(request))

    async def _overview(request: Request) -> tuple[HTMLResponse, bool]:
        data, error = await fetch(queries.overview, acc, scope_for(ctx))
        lang = request_lang(request, ctx.settings.lang)
        specs = {}
        if data:
            members = [r for r in data["yearly"] if r["partner"] != data["bloc"]]
            specs = {"trade": charts.trade_lines(data["yearly"], lang, windows=data["fta_windows"]),
                     "balance": charts.balance_bars(members, lang, windows=data["fta_windows"])}
            data = {**data, "fta_windows": local_names(data["fta_windows"], lang)}
        resp = render(ctx, request, "dashboard/overview.html", "overview", data=data, error=error, specs=specs,
                      latest=latest_rows(data["yearly"]) if data else [])
        return resp, error is None

    @router.get("/partners", response_class=HTMLResponse, response_model=None)
    def partner_choose(request: Request, iso3: str = "") -> RedirectResponse:
        members = scope_for(ctx).members
        code = partner_code(iso3)
        if code not in members:
            code = members[0]
        lang = request_lang(request, ctx.settings.lang)
        return RedirectResponse(f"/partners/{code}?lang={lang}", status_code=303)

    @router.get("/partners/{iso3}", response_class=HTMLResponse)
    async def partner_page(request: Request,
                           iso3: Annotated[str, PathParam(pattern=r"^[A-Za-z]{3}$")]) -> HTMLResponse:
        return await cached_page(ctx, request, "partners", lambda: _partner(request, iso3))

    async def _partner(request: Request, iso3: str) -> tuple[HTMLResponse, bool]:
        lang = request_lang(request, ctx.settings.lang)
        scope = scope_for(ctx)
        code = partner_code(iso3) or iso3  # not a country: the query's error says so on the page
        data, error = await fetch(queries.partner, acc, code, scope, lang)
        specs = {}
        name = place(code, lang)
        if data:
            specs = {"flows": charts.flows_lines(data["yearly"], lang, t(lang, "partner_title", name=name,
                                                                                **scope_names(ctx, lang)),
                                                 windows=data["fta_windows"]),
                     "intensity": charts.intensity_lines(data["intensity"], lang),
                     "timeline": charts.timeline(data["agreements"]["stages"], lang)}
            data = {**data, "fta_windows": local_names(data["fta_windows"], lang)}
            if data["composition"]["available"]:
                specs["composition"] = charts.composition_bars(data["composition"]["sections"], lang)
        resp = render(ctx, request, "dashboard/partner.html", "partners", data=data, error=error, specs=specs,
                      iso3=code, name=name, members=scope.members,
                      status=200 if data or error is None else 404)
        return resp, error is None

    # /scenarios and /scenarios/{name}: tradebridge.web.scenarios

    @router.get("/perceptions", response_class=HTMLResponse)
    async def perceptions_page(request: Request) -> HTMLResponse:
        lang = request_lang(request, ctx.settings.lang)
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
        lang = request_lang(request, ctx.settings.lang)
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


PAGES = ("overview", "partners", "indicators", "complexity", "scenarios", "perceptions", "agreements", "brief", "survey",
         "admin")


def _safe_path(path: str) -> bool:
    """Only dashboard pages are redirect targets of a language prefix (no open redirects)."""
    ok_chars = all(c.isalnum() or c in "/-_." for c in path) and ".." not in path
    return ok_chars and path.split("/")[1] in PAGES
