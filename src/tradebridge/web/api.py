"""The JSON API behind every dashboard page (``/api/...``; schema at ``/openapi.json``, docs at ``/api/docs``).

All endpoints are public and read-only. They read the warehouse through read-only connections and
cache responses per store version (the ``store_version`` field of each answer; also sent as a weak
``ETag``: a request with ``If-None-Match`` naming it gets ``304 Not Modified`` and no body).

Errors are RFC 9457 problem details (``application/problem+json``: ``type``, ``title``, ``status``,
``detail``): parameters of the wrong form give 422 (the ``errors`` member lists each one);
well-formed ones that name nothing (an unknown partner such as ``partners=ZZZ``, a bloc, scenario or
table that does not exist, an empty year range, an indicator the dataset cannot support) give 404
with a ``detail`` saying what was wrong and what is valid; a missing warehouse gives 503 with the
command that builds it, and so does a server at its cap for uncached computations (with
``Retry-After``).

Every data endpoint also answers ``format=csv``: one of its tables (``table=``, a dotted path such as
``yearly`` or ``composition.sections``; the default is the endpoint's main table) as CSV with the
JSON's column names and raw values (USD, shares as fractions).

Example::

    curl 'http://127.0.0.1:8000/api/overview'                       # the settings' reporter and bloc
    curl 'http://127.0.0.1:8000/api/overview?reporter=BRA&partners=MERCOSUR'
    curl 'http://127.0.0.1:8000/api/partners/CHL?lang=es'
    curl 'http://127.0.0.1:8000/api/indicators/balance?partners=PA&format=csv' -o balance.csv

Without ``reporter``, ``partners`` or ``dataset``, an endpoint uses the settings' (``tradebridge.toml``,
``TRADEBRIDGE_REPORTER``, ``TRADEBRIDGE_PARTNERS``, ``TRADEBRIDGE_DATASET``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from tradebridge.config import Language
from tradebridge.errors import ConfigError, DataError, StoreError, TradebridgeError
from tradebridge.indicators.registry import INDICATORS
from tradebridge.reference.blocs import Scope, scope_from_settings
from tradebridge.web import queries
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.jobs import Busy, busy_http, gate_for, pool_for
from tradebridge.web.results import ScenarioRunner, brief_files, perceptions

Lang = Language
Level = Literal["HS2", "HS4", "HS6"]
Format = Literal["json", "csv"]
Iso3 = Annotated[str, PathParam(pattern=r"^[A-Za-z]{3}$", description="ISO3 country code, e.g. CHL")]
ReporterQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="reporter ISO3 (default: settings)")]
IndicatorName = Literal[tuple(sorted(INDICATORS))]  # type: ignore[valid-type]
PartnersQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,10}(,[A-Za-z]{3}){0,30}$",
                                        description="bloc id or ISO3 codes separated by commas (default: settings)")]
DatasetQ = Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,40}$", description="trade_flows dataset (default: settings)")]
FormatQ = Annotated[Format, Query(description="json (default) or csv (one table, see `table`)")]
TableQ = Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}(\.[a-z0-9_]{1,40}){0,3}$",
                                     description="with format=csv: the table, a dotted path into the JSON answer")]
PROBLEM_TYPE = "application/problem+json"


class Problem(BaseModel):
    """An RFC 9457 problem: what was wrong (``detail``) and how to fix it."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error ``codes`` answered as :class:`Problem` (JSON or problem+json)."""
    why = {304: "the answer is unchanged since the ETag given in If-None-Match (no body)",
           404: "nothing matches these parameters (the detail says what is valid)",
           422: "a parameter of the wrong form (errors lists each one)",
           503: "no warehouse yet, or the server is at its cap for uncached answers (Retry-After)"}
    out: dict[int | str, dict[str, Any]] = {}
    for c in codes:
        out[c] = ({"description": why[c]} if c == 304 else
                  {"model": Problem, "description": why[c],
                   "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}})
    return out


def problem(status: int, detail: str, *, headers: dict[str, str] | None = None,
            errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    """An ``application/problem+json`` response."""
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_TYPE,
                        headers=headers)


def _validation_problem(exc: RequestValidationError) -> JSONResponse:
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
    detail = "; ".join(f"{' '.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    return problem(422, detail, errors=errors)


class ProblemRoute(APIRoute):
    """A route whose errors (HTTP errors and parameter validation) are RFC 9457 problem details."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return _validation_problem(exc)
            except HTTPException as exc:
                return problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

        return route


def access_for(ctx: WebContext) -> queries.StoreAccess:
    """The app's :class:`~tradebridge.web.queries.StoreAccess` (one per app)."""
    acc = ctx.state.get("dashboard_access")
    if acc is None:
        acc = ctx.state["dashboard_access"] = queries.StoreAccess(ctx.settings.store)
    return acc


def scope_for(ctx: WebContext, reporter: str | None = None, partners: str | None = None,
              dataset: str | None = None) -> Scope:
    """The scope of a request: the app's settings with the request's parameters on top (an unknown code
    is a ConfigError)."""
    return scope_from_settings(ctx.settings, reporter=reporter, partners=partners, dataset=dataset)


def runner_for(ctx: WebContext) -> ScenarioRunner:
    """The app's scenario runner; ``TRADEBRIDGE_SCENARIO_DRAWS`` overrides the draws of every scenario."""
    run = ctx.state.get("scenario_runner")
    if run is None:
        draws = ctx.settings.extra.get("scenario_draws") or os.environ.get("TRADEBRIDGE_SCENARIO_DRAWS")
        run = ctx.state["scenario_runner"] = ScenarioRunner(
            access_for(ctx), scope_for(ctx), Path(ctx.settings.cache) / "web", draws=int(draws) if draws else None,
            pool=pool_for(ctx))
    return run


def out_dir(ctx: WebContext) -> Path:
    """Folder with the built brief (``TRADEBRIDGE_OUT``, default ``out``)."""
    return Path(ctx.settings.extra.get("out") or os.environ.get("TRADEBRIDGE_OUT") or "out")


def http_error(exc: TradebridgeError) -> HTTPException:
    """Map library errors to HTTP: missing warehouse and a full compute gate 503; unknown names and
    missing data 404."""
    if isinstance(exc, Busy):
        return busy_http(exc)
    if isinstance(exc, queries.NoStore):
        return HTTPException(status_code=503, detail=str(exc))
    if isinstance(exc, (ConfigError, DataError, StoreError)):
        return HTTPException(status_code=404, detail=str(exc))
    return HTTPException(status_code=500, detail="internal error")


async def call(fn, *args: Any, **kwargs: Any) -> Any:
    """Run a blocking query in the thread pool, turning library errors into HTTP errors."""
    try:
        return await run_in_threadpool(fn, *args, **kwargs)
    except TradebridgeError as exc:
        raise http_error(exc) from exc


def etag_of(version: str) -> str:
    """The weak ETag of every answer computed at store ``version``."""
    return f'W/"{version}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, RFC 9110 §13.1.2).

    >>> matches('"v1", W/"v2"', 'W/"v2"'), matches("*", 'W/"v"'), matches('W/"v1"', 'W/"v2"'), matches(None, 'W/"v"')
    (True, True, False, False)
    """
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class Answer:
    """One data endpoint's answer: 304 when the client's ETag is current, else JSON or one table as CSV."""

    def __init__(self, ctx: WebContext, request: Request, name: str, default_table: str) -> None:
        self.ctx, self.request, self.name, self.default_table = ctx, request, name, default_table

    async def send(self, compute: Callable[[], dict[str, Any]], fmt: str = "json", table: str | None = None,
                   ) -> Response | dict[str, Any]:
        version = await call(access_for(self.ctx).version)
        headers = {"Cache-Control": "public, max-age=60"}
        if version != "no-store":
            headers["ETag"] = etag_of(version)
            if matches(self.request.headers.get("if-none-match"), headers["ETag"]):
                return Response(status_code=304, headers=headers)
        body = await call(compute)
        headers["ETag"] = etag_of(body.get("store_version", version))
        if fmt == "csv":
            return self.csv(body, table or self.default_table, headers)
        return JSONResponse(body, headers=headers)

    def csv(self, body: dict[str, Any], table: str, headers: dict[str, str]) -> Response:
        tables = queries.tables_of(body)
        if table not in tables:
            raise HTTPException(status_code=404, detail=f"no table {table!r} in this answer; tables: "
                                                        f"{', '.join(tables) or 'none (no rows)'}")
        filename = f"{self.name}-{table.replace('.', '-')}.csv"
        return Response(queries.csv_text(tables[table]), media_type="text/csv; charset=utf-8",
                        headers={**headers, "Content-Disposition": f'attachment; filename="{filename}"'})


DATA = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
              "description": "the answer (JSON), or one of its tables with format=csv"},
        **problem_responses(304, 404, 422, 503)}


@register_router
def api_router(ctx: WebContext) -> APIRouter:
    """Router with the public JSON API."""
    router = APIRouter(prefix="/api", tags=["api"], route_class=ProblemRoute,
                       responses=problem_responses(404, 422, 503))
    acc = access_for(ctx)
    gate = gate_for(ctx)
    scope_for(ctx)  # an unknown reporter or bloc in the settings fails when the app is built, not per page

    async def checked(reporter: str | None = None, partners: str | None = None, dataset: str | None = None) -> Scope:
        return await call(queries.check_scope, acc, request_scope(ctx, reporter, partners, dataset))

    @router.get("/health")
    def health() -> dict[str, str]:
        """Liveness and the current store version."""
        return {"status": "ok", "store_version": acc.version()}

    @router.get("/overview", responses=DATA)
    async def overview(request: Request, reporter: ReporterQ = None, partners: PartnersQ = None,
                       dataset: DatasetQ = None, format: FormatQ = "json", table: TableQ = None) -> Any:
        """Yearly exports, imports, balance and growth per member and for the bloc, and FTA windows
        (CSV tables: ``yearly``, ``fta_windows``)."""
        scope = await checked(reporter, partners, dataset)
        return await Answer(ctx, request, "overview", "yearly").send(lambda: queries.overview(acc, scope),
                                                                     format, table)

    @router.get("/partners/{iso3}", responses=DATA)
    async def partner(request: Request, iso3: Iso3, reporter: ReporterQ = None, lang: Lang = "en",
                      format: FormatQ = "json", table: TableQ = None) -> Any:
        """One partner: flows, trade intensity, FTA windows, composition (when product data exist), agreements
        (CSV tables: ``yearly``, ``intensity``, ``fta_windows``, ``composition.sections``, ``agreements.stages``...)."""
        scope = await checked(reporter)
        await call(queries.check_scope, acc, Scope(scope.reporter, (iso3.upper(),), None, scope.dataset))
        return await Answer(ctx, request, "partner", "yearly").send(
            lambda: queries.partner(acc, iso3, scope, lang), format, table)

    @router.get("/indicators")
    def indicator_list() -> dict[str, Any]:
        """The named indicators with their formula and reference, and the datasets that can compute each."""
        from tradebridge.indicators.registry import SPECS

        try:
            cat = queries.catalogue(acc)
        except queries.NoStore:
            cat = {}
        return {"indicators": [{"name": s.name, "formula": s.formula, "reference": s.reference,
                                "product_level": s.product_level,
                                "datasets": [d for d, c in cat.items() if s.name in c["indicators"]]} for s in SPECS]}

    @router.get("/indicators/{name}", responses=DATA)
    async def indicator(request: Request, name: IndicatorName,
                        reporter: ReporterQ = None, partners: PartnersQ = None, dataset: DatasetQ = None,
                        level: Level = "HS6",
                        year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                        year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                        format: FormatQ = "json", table: TableQ = None) -> Any:
        """A named indicator (see ``/api/indicators``) for a reporter and partners (CSV table: ``rows``)."""
        years = _years(year_from, year_to)
        scope = await checked(reporter, partners, dataset)
        return await Answer(ctx, request, f"indicator-{name}", "rows").send(
            lambda: queries.indicator(acc, name, scope, level=level, years=years, gate=gate), format, table)

    @router.get("/agreements", responses=DATA)
    async def agreement_list(request: Request, lang: Lang = "en", reporter: ReporterQ = None,
                             partners: PartnersQ = None,
                             country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
                             format: FormatQ = "json", table: TableQ = None) -> Any:
        """The curated agreements of the reporter with its partners and their dated negotiation stages
        (CSV tables: ``agreements``, ``stages``)."""
        scope = await checked(reporter, partners)
        if country:
            await call(queries.check_scope, acc, Scope(scope.reporter, (country.upper(),), None, scope.dataset))
        return await Answer(ctx, request, "agreements", "agreements").send(
            lambda: queries.agreements(acc, scope, lang, country), format, table)

    # /api/scenarios...: tradebridge.web.scenarios (runs start by POST only)

    @router.get("/perceptions", responses=DATA)
    async def perception_results(request: Request, format: FormatQ = "json", table: TableQ = None) -> Any:
        """DEMO survey estimates and interview themes (every record flagged ``demo``; CSV tables:
        ``survey.likert``, ``survey.crosstab``, ``interviews.frequencies``...)."""
        return await Answer(ctx, request, "perceptions", "survey.likert").send(
            lambda: perceptions(acc, scope_for(ctx)), format, table)

    @router.get("/brief")
    def brief() -> dict[str, Any]:
        """The built policy briefs available for download."""
        return {"files": brief_files(out_dir(ctx)),
                "build": "tradebridge brief --lang all --out out"}

    return router


def request_scope(ctx: WebContext, reporter: str | None = None, partners: str | None = None,
                  dataset: str | None = None) -> Scope:
    """:func:`scope_for`, with an unknown code answered 404 (what was wrong and the valid codes)."""
    try:
        return scope_for(ctx, reporter, partners, dataset)
    except ConfigError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


def _years(year_from: int | None, year_to: int | None) -> tuple[int, int] | None:
    if year_from is None and year_to is None:
        return None
    lo, hi = year_from or 1900, year_to or 2100
    if lo > hi:
        raise HTTPException(status_code=404, detail=f"no years between year_from {lo} and year_to {hi}")
    return (lo, hi)
