"""The JSON API behind every dashboard page (``/api/...``; schema at ``/openapi.json``, docs at ``/api/docs``).

All endpoints are public and read-only. They read the warehouse through read-only connections and
cache responses per store version (the ``store_version`` field of each answer; also sent as an
``ETag`` so clients can revalidate). Parameters of the wrong form give 422 (FastAPI validation);
well-formed ones that name nothing (an unknown partner, bloc, scenario, an empty year range, a dataset
without product detail) give 404 with ``{"detail": "<what was wrong and what is valid>"}``; a missing
warehouse gives 503 with the command that builds it.

Example::

    curl 'http://127.0.0.1:8000/api/overview'                       # the settings' reporter and bloc
    curl 'http://127.0.0.1:8000/api/overview?reporter=BRA&partners=MERCOSUR'
    curl 'http://127.0.0.1:8000/api/partners/CHL?lang=es'

Without ``reporter``, ``partners`` or ``dataset``, an endpoint uses the settings' (``tradebridge.toml``,
``TRADEBRIDGE_REPORTER``, ``TRADEBRIDGE_PARTNERS``, ``TRADEBRIDGE_DATASET``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi import Path as PathParam
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from tradebridge.config import Language
from tradebridge.errors import ConfigError, DataError, StoreError, TradebridgeError
from tradebridge.indicators.registry import INDICATORS
from tradebridge.reference.blocs import Scope, scope_from_settings
from tradebridge.web import queries
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.results import ScenarioRunner, brief_files, perceptions

Lang = Language
Level = Literal["HS2", "HS4", "HS6"]
Iso3 = Annotated[str, PathParam(pattern=r"^[A-Za-z]{3}$", description="ISO3 country code, e.g. CHL")]
ReporterQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="reporter ISO3 (default: settings)")]
IndicatorName = Literal[tuple(sorted(INDICATORS))]  # type: ignore[valid-type]
PartnersQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,10}(,[A-Za-z]{3}){0,30}$",
                                        description="bloc id or ISO3 codes separated by commas (default: settings)")]
DatasetQ = Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,40}$", description="trade_flows dataset (default: settings)")]


class Problem(BaseModel):
    """An error: what was wrong and how to fix it."""

    detail: str


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
            access_for(ctx), scope_for(ctx), Path(ctx.settings.cache) / "web", draws=int(draws) if draws else None)
    return run


def out_dir(ctx: WebContext) -> Path:
    """Folder with the built brief (``TRADEBRIDGE_OUT``, default ``out``)."""
    return Path(ctx.settings.extra.get("out") or os.environ.get("TRADEBRIDGE_OUT") or "out")


def http_error(exc: TradebridgeError) -> HTTPException:
    """Map library errors to HTTP: missing warehouse 503; unknown names and missing data 404."""
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


def _etag(response: Response, body: dict[str, Any]) -> dict[str, Any]:
    version = body.get("store_version")
    if version:
        response.headers["Cache-Control"] = "public, max-age=60"
        response.headers["ETag"] = f'W/"{version}"'
    return body


@register_router
def api_router(ctx: WebContext) -> APIRouter:
    """Router with the public JSON API."""
    router = APIRouter(prefix="/api", tags=["api"], responses={
        404: {"model": Problem, "description": "nothing matches these parameters (the detail says what is valid)"},
        503: {"model": Problem, "description": "no warehouse yet (the detail gives the command that builds it)"}})
    acc = access_for(ctx)
    scope_for(ctx)  # an unknown reporter or bloc in the settings fails when the app is built, not per page

    @router.get("/health")
    def health() -> dict[str, str]:
        """Liveness and the current store version."""
        return {"status": "ok", "store_version": acc.version()}

    @router.get("/overview")
    async def overview(response: Response, reporter: ReporterQ = None, partners: PartnersQ = None,
                       dataset: DatasetQ = None) -> dict[str, Any]:
        """Yearly exports, imports, balance and growth per member and for the bloc, and FTA windows."""
        scope = request_scope(ctx, reporter, partners, dataset)
        return _etag(response, await call(queries.overview, acc, scope))

    @router.get("/partners/{iso3}")
    async def partner(response: Response, iso3: Iso3, reporter: ReporterQ = None, lang: Lang = "en") -> dict[str, Any]:
        """One partner: flows, trade intensity, FTA windows, composition (when product data exist), agreements."""
        scope = request_scope(ctx, reporter)
        return _etag(response, await call(queries.partner, acc, iso3, scope, lang))

    @router.get("/indicators")
    def indicator_list() -> dict[str, Any]:
        """The named indicators with their formula and reference."""
        from tradebridge.indicators.registry import SPECS

        return {"indicators": [{"name": s.name, "formula": s.formula, "reference": s.reference,
                                "product_level": s.product_level} for s in SPECS]}

    @router.get("/indicators/{name}")
    async def indicator(response: Response, name: IndicatorName,
                        reporter: ReporterQ = None, partners: PartnersQ = None, dataset: DatasetQ = None,
                        level: Level = "HS6",
                        year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                        year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None) -> dict[str, Any]:
        """A named indicator (see ``/api/indicators``) for a reporter and partners."""
        years = _years(year_from, year_to)
        scope = request_scope(ctx, reporter, partners, dataset)
        return _etag(response, await call(queries.indicator, acc, name, scope, level=level, years=years))

    @router.get("/agreements")
    async def agreement_list(response: Response, lang: Lang = "en", reporter: ReporterQ = None,
                             partners: PartnersQ = None,
                             country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None) -> dict[str, Any]:
        """The curated agreements of the reporter with its partners and their dated negotiation stages."""
        scope = request_scope(ctx, reporter, partners)
        return _etag(response, await call(queries.agreements, acc, scope, lang, country))

    @router.get("/scenarios")
    async def scenario_list() -> dict[str, Any]:
        """Shipped scenarios and the state of their runs for the current data."""
        run = runner_for(ctx)
        return {"scenarios": [await call(run.status, n) for n in run.names()]}

    @router.get("/scenarios/{name}")
    async def scenario(name: Annotated[str, PathParam(pattern=r"^[a-z0-9_]{1,40}$")],
                       run: bool = False) -> dict[str, Any]:
        """One scenario's result (``status`` done), or start it with ``run=true`` (then ``running``)."""
        return await call(runner_for(ctx).status, name, start=run)

    @router.get("/perceptions")
    async def perception_results() -> dict[str, Any]:
        """DEMO survey estimates and interview themes (every record flagged ``demo``)."""
        return await call(perceptions, acc, scope_for(ctx))

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

