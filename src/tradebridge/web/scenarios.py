"""Scenario pages and their JSON API: what each scenario really does, editable parameters, runs
started by a POST with a CSRF token, progress, cached results.

Pages (``?lang=en|es|ko``):

- ``GET /scenarios``: every shipped scenario about the scope with its true content and the state of
  its run with the file's parameters; the comparison charts of those already computed;
- ``GET /scenarios/{name}[?theta=&draws=&pairs=]``: one scenario: its true content (baseline year,
  agreements in force, what each shock changes, countries absent) above the form and the results
  for those parameters; it refreshes itself while the run is queued or running. A GET never starts
  a run;
- ``POST /scenarios/{name}``: starts the run (or joins the same run) and redirects to its page
  (303). It needs the form's CSRF token (double submit: a signed value in a ``SameSite=Strict``
  cookie and in the form) and, when the browser sends them, an ``Origin`` of this site and a
  ``Sec-Fetch-Site`` that is not cross-site; otherwise 403 and nothing starts. Invalid parameters
  give 422 with the scenario file's key named; a full queue gives 503 with ``Retry-After``.

API: ``GET /api/scenarios``, ``GET /api/scenarios/{name}`` (state, never starts), ``POST
/api/scenarios/{name}/runs`` (JSON body ``{"theta", "draws", "pairs"}``, ``Content-Type:
application/json`` required, so a cross-site form cannot send it; 202 with the state).

The queue's cap is documented in :mod:`tradebridge.web.jobs`: the N+1th run is refused with 503 and
``Retry-After``, never queued without bound.

Example::

    curl -X POST -H 'Content-Type: application/json' -d '{"draws": 20}' \\
         http://127.0.0.1:8000/api/scenarios/kor_mex_fta/runs
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from tradebridge.errors import ConfigError, TradebridgeError
from tradebridge.i18n import pick_lang, place, t
from tradebridge.web import charts
from tradebridge.web.api import ProblemRoute, call, problem_responses, runner_for
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.dashboard import cached_page, render, request_lang
from tradebridge.web.jobs import Busy, busy_http
from tradebridge.web.queries import NoStore
from tradebridge.web.results import EDITABLE, STEPS
from tradebridge.web.survey_forms import csrf_ok, new_csrf_token

CSRF_COOKIE = "tb_scenario_csrf"
MAX_FORM_BYTES = 16 * 1024
Name = Annotated[str, PathParam(pattern=r"^[a-z0-9_]{1,40}$", description="a shipped scenario, e.g. kor_mex_fta")]


class RunRequest(BaseModel):
    """Parameters of a run; omitted ones keep the scenario file's values."""

    theta: float | None = Field(None, description="trade elasticity (the file's sigma - 1 when omitted)")
    draws: int | None = Field(None, description="uncertainty draws of the partial effect (0 = point solution)")
    pairs: str | None = Field(None, max_length=200, description="shocked pairs, e.g. 'KOR-MEX, KOR-PER'")


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site (``Origin``, else ``Referer``,
    and ``Sec-Fetch-Site``); True when it says nothing (the CSRF token still decides)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    here = f"{request.url.scheme}://{request.url.netloc}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == here
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" == here
    return True


def _pair_text(a: str, b: str, lang: str) -> str:
    return f"{place(a, lang)}–{place(b, lang)}"


def content_lines(content: dict[str, Any], lang: str) -> list[str]:
    """The true content of a scenario (:meth:`~tradebridge.web.results.ScenarioRunner.content`) as
    sentences in ``lang``."""
    base = content["baseline"]
    year = str(base["year"]) if base["year"] is not None else "—"
    lines = [t(lang, "scen_baseline", data=base["data"], year=year, n=base["countries"])]
    ags = content["agreements"]
    on = [f"{_pair_text(a['a'], a['b'], lang)} ({a['year']})" for a in ags if a["in_force"]]
    off = [f"{_pair_text(a['a'], a['b'], lang)} ({a['year']})" for a in ags if not a["in_force"]]
    if ags:
        lines.append(t(lang, "scen_in_force", year=year, list=", ".join(on) or "—"))
    if off:
        lines.append(t(lang, "scen_not_yet", year=year, list=", ".join(off)))
    groups: dict[str, list[str]] = {}
    for s in content["shocks"]:
        key = f"{s['kind']}_{s['effect']}" if s["effect"] == "applied" else s["effect"]
        groups.setdefault(key, []).append(_pair_text(s["a"], s["b"], lang))
    for key, text in (("add_applied", "scen_adds"), ("remove_applied", "scen_removes"), ("already", "scen_already"),
                      ("not_in_force", "scen_nothing_to_remove"), ("absent", "scen_absent_pair")):
        if key in groups:
            lines.append(t(lang, text, year=year, list=", ".join(groups[key])))
    if not any(k.endswith("_applied") for k in groups):
        lines.append(t(lang, "scen_no_effect"))
    if content["absent"]:
        lines.append(t(lang, "scen_absent", list=", ".join(place(c, lang) for c in content["absent"])))
    return lines


def progress_text(state: dict[str, Any], lang: str) -> str:
    """``Queued: position 2`` or ``Step 3 of 4: solving …`` in ``lang``."""
    if state["status"] == "queued":
        return t(lang, "scen_queued", position=str(state.get("position", 1)))
    what = state.get("what") or "starting"
    what_text = t(lang, f"scen_what_{what}") if what in STEPS else t(lang, "scen_what_starting")
    return t(lang, "scen_step", step=str(state.get("step", 0)), steps=str(state.get("steps") or len(STEPS)),
             what=what_text)


def _form_params(form: Any) -> dict[str, str]:
    """The editable parameters of a form or a query string, as text (at most 200 characters each)."""
    return {k: str(form.get(k, ""))[:200] for k in EDITABLE if form.get(k) not in (None, "")}


def _page_url(name: str, lang: str, params: dict[str, Any]) -> str:
    query = [("lang", lang), ("theta", f"{params['theta']:g}"), ("draws", str(params["draws"]))]
    if params.get("pairs_editable"):
        query.append(("pairs", params["pairs"]))
    return f"/scenarios/{name}?{urlencode(query)}"


@register_router
def scenarios_router(ctx: WebContext) -> APIRouter:
    """Router with the scenario pages and the scenario API."""
    router = APIRouter()
    pages = APIRouter(tags=["dashboard"], include_in_schema=False)
    api = APIRouter(prefix="/api", tags=["api"], route_class=ProblemRoute, responses=problem_responses(404, 422, 503))

    def with_csrf(resp: Response, request: Request, token: str) -> Response:
        resp.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return resp

    def detail(request: Request, name: str, lang: str, params: dict[str, Any], *, status: int = 200,
               message: str | None = None, headers: dict[str, str] | None = None) -> Response:
        runner = runner_for(ctx)
        if name not in runner.names():
            raise HTTPException(status_code=404, detail="no such scenario")
        error, typed = None, dict(params)
        try:
            state = runner.status(name, params)
        except ConfigError as exc:  # invalid parameters in the address: the file's, with the error shown
            error, params = str(exc), {}
            state = runner.status(name)
            status = 422 if status == 200 else status
        try:
            facts = content_lines(runner.content(name, params), lang)
        except TradebridgeError as exc:  # no warehouse, or a baseline it lacks: said on the page
            facts, error = [], error or str(exc)
        spec = {}
        if state["status"] == "done":
            res = state["result"] | {"scenario": name, "title": state["titles"][lang]}
            spec = {m: charts.scenario_bars([res], lang, m) for m in ("exports", "welfare")}
        token = new_csrf_token(ctx.secret_key)
        resp = render(ctx, request, "dashboard/scenarios.html", "scenarios", status=status, view="detail",
                      state=state, facts=facts, specs=spec, csrf=token,
                      form=typed, message=message, error=error,
                      api_url=f"/api/scenarios/{name}?{urlencode(params)}" if params else f"/api/scenarios/{name}",
                      progress=progress_text(state, lang) if state["status"] in ("queued", "running") else "",
                      refresh=state["status"] in ("queued", "running"), pair_hint=_pair_hint(runner))
        for k, v in (headers or {}).items():
            resp.headers[k] = v
        return with_csrf(resp, request, token)

    @pages.get("/scenarios", response_class=HTMLResponse)
    async def scenarios_page(request: Request) -> Response:
        lang = request_lang(request, ctx.settings.lang)
        runner = runner_for(ctx)

        def collect() -> list[dict[str, Any]]:  # one trip to the thread pool for every scenario
            out = []
            for n in runner.names():  # the file's parameters; ?run= of older links starts nothing
                try:
                    st = runner.status(n)
                except TradebridgeError as exc:
                    st = {"scenario": n, "status": "error", "error": str(exc)}
                try:
                    facts = content_lines(runner.content(n), lang)
                except TradebridgeError:
                    facts = []
                out.append(st | {"facts": facts})
            return out

        rows = await run_in_threadpool(collect)
        # the page shows the store's data and each run's state: rendered once per such state
        state = tuple((r["scenario"], r["status"], r.get("key"), r.get("step"), r.get("position")) for r in rows)

        async def build() -> tuple[Response, bool]:
            listed = [r | {"title": (r.get("titles") or {}).get(lang) or r["scenario"],
                           "text": (r.get("descriptions") or {}).get(lang, "")} for r in rows]
            done = [r["result"] | {"scenario": r["scenario"], "title": r["title"]}
                    for r in listed if r["status"] == "done"]
            specs = {m: charts.scenario_bars(done, lang, m) for m in ("exports", "welfare")} if done else {}
            resp = render(ctx, request, "dashboard/scenarios.html", "scenarios", view="list", rows=listed,
                          done=done, specs=specs, refresh=any(r["status"] in ("queued", "running") for r in listed))
            return resp, not any(r["status"] in ("error", "queued", "running") for r in listed)

        return await cached_page(ctx, request, "scenarios", build, state)

    @pages.get("/scenarios/{name}", response_class=HTMLResponse)
    async def scenario_page(request: Request, name: Name) -> Response:
        lang = request_lang(request, ctx.settings.lang)
        return await run_in_threadpool(detail, request, name, lang, _form_params(request.query_params))

    @pages.post("/scenarios/{name}", response_class=HTMLResponse)
    async def scenario_run(request: Request, name: Name) -> Response:
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            raise HTTPException(status_code=411, detail="a Content-Length header is required")
        if int(length) > MAX_FORM_BYTES:
            raise HTTPException(status_code=413, detail=f"a run form is at most {MAX_FORM_BYTES} bytes")
        form = await request.form(max_files=0, max_fields=10)
        lang = pick_lang(str(form.get("lang", "")))
        params = _form_params(form)
        field = form.get("csrf_token")
        if not same_origin(request) or not csrf_ok(ctx.secret_key, request.cookies.get(CSRF_COOKIE),
                                                   field if isinstance(field, str) else None):
            return await run_in_threadpool(detail, request, name, lang, {}, status=403,
                                           message=t(lang, "scen_cross_site"))
        runner = runner_for(ctx)
        if name not in runner.names():
            raise HTTPException(status_code=404, detail="no such scenario")
        try:
            state = await run_in_threadpool(runner.start, name, params)
        except Busy as exc:
            return await run_in_threadpool(detail, request, name, lang, params, status=503,
                                           message=t(lang, "scen_busy", seconds=str(exc.retry_after)),
                                           headers={"Retry-After": str(exc.retry_after)})
        except NoStore:
            return await run_in_threadpool(detail, request, name, lang, {}, status=503, message=t(lang, "no_store"))
        except ConfigError as exc:
            return await run_in_threadpool(detail, request, name, lang, params, status=422,
                                           message=f"{t(lang, 'scen_invalid')} {exc}")
        return RedirectResponse(_page_url(name, lang, state["params"]), status_code=303)

    @api.get("/scenarios")
    async def scenario_list() -> dict[str, Any]:
        """Shipped scenarios about the scope: the state of each run with the file's parameters (never starts one)."""
        run = runner_for(ctx)
        return {"scenarios": [await call(run.status, n) for n in run.names()]}

    @api.get("/scenarios/{name}")
    async def scenario_state(name: Name, theta: float | None = None, draws: int | None = None,
                             pairs: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
        """One run's state (``not_run``, ``queued`` with its position, ``running`` with step and steps,
        ``done`` with the result, ``error``) and the scenario's true content; a GET never starts a run."""
        params = {"theta": theta, "draws": draws, "pairs": pairs}
        run = runner_for(ctx)
        state = await call(run.status, name, params)
        return {**state, "content": await call(run.content, name, params)}

    @api.post("/scenarios/{name}/runs", status_code=202, responses={
        503: {"description": "the run queue is full (Retry-After says when to retry)"},
        403: {"description": "a cross-site request"}, 415: {"description": "the body is not JSON"}})
    async def scenario_start(request: Request, name: Name, body: RunRequest) -> JSONResponse:
        """Start a run (or join the same run): 202 with its state; poll ``GET /api/scenarios/{name}``."""
        if not same_origin(request):
            raise HTTPException(status_code=403, detail="cross-site requests cannot start runs")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise HTTPException(status_code=415, detail="send the parameters as JSON (Content-Type: application/json)")
        runner = runner_for(ctx)
        if name not in runner.names():
            raise HTTPException(status_code=404, detail=f"no shipped scenario {name!r} for this scope; choose one of "
                                                         f"{', '.join(runner.names()) or '(none)'}")
        try:
            state = await run_in_threadpool(runner.start, name, body.model_dump())
        except Busy as exc:
            raise busy_http(exc) from exc
        except TradebridgeError as exc:
            code = 503 if isinstance(exc, NoStore) else 422
            raise HTTPException(status_code=code, detail=str(exc)) from exc
        return JSONResponse(state, status_code=202)

    router.include_router(pages)
    router.include_router(api)
    return router


def _pair_hint(runner: Any) -> str:
    scope = runner.scope
    return ", ".join(f"{scope.reporter}-{m}" for m in scope.members[:2])
