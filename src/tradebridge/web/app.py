"""``create_app(settings) -> FastAPI``: one app, modular routers, Jinja2 templates, static files.

Routers are built by factories in :data:`ROUTER_FACTORIES` (``factory(settings, ctx) -> APIRouter``);
the survey forms, the dashboard, the JSON API and the admin screens each register one. Shared
objects (templates, secret key, response store) travel in the :class:`WebContext`.

The secret that signs CSRF tokens comes from ``secret_key``, else env ``TRADEBRIDGE_SECRET``, else a
random key per process (forms then expire when the server restarts).

Every response carries the security headers of :mod:`tradebridge.web.security`; the client address
that rate limits count is the TCP peer unless the peer is one of the settings' ``trusted_proxies``.

Example (``tradebridge serve`` turns uvicorn's own proxy-header handling off; with uvicorn itself pass
``--no-proxy-headers``, or uvicorn believes ``X-Forwarded-For`` from 127.0.0.1)::

    uvicorn --factory tradebridge.web.app:app_from_env --no-proxy-headers
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from tradebridge.config import LANGUAGES, Settings, load_settings
from tradebridge.web.security import CompressedStaticFiles, harden

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


@dataclass
class WebContext:
    """Objects shared by the routers of one app."""

    settings: Settings
    templates: Jinja2Templates
    secret_key: str
    instruments: Sequence[Path] = ()
    state: dict[str, Any] = field(default_factory=dict)


RouterFactory = Callable[[WebContext], APIRouter]
ROUTER_FACTORIES: list[RouterFactory] = []


def register_router(factory: RouterFactory) -> RouterFactory:
    """Add a router factory (idempotent); use as a decorator in a web module."""
    if factory not in ROUTER_FACTORIES:
        ROUTER_FACTORIES.append(factory)
    return factory


def _default_factories() -> None:
    from tradebridge.web import admin, api, apidocs, complexity, dashboard, explorer, scenarios, survey_forms  # noqa: F401  (each registers a router)


def create_app(settings: Settings | None = None, *, secret_key: str | None = None,
               instruments: Sequence[str | Path] = ()) -> FastAPI:
    """The web app with every registered router; ``instruments`` adds survey YAML files to the default."""
    settings = settings or load_settings()
    _default_factories()
    key = secret_key or os.environ.get("TRADEBRIDGE_SECRET") or secrets.token_hex(32)
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescapes .html templates
    ctx = WebContext(settings, templates, key, tuple(Path(p) for p in instruments))
    app = FastAPI(title="tradebridge", docs_url=None, redoc_url=None)  # /api/docs: web.apidocs, offline
    app.state.ctx = ctx
    harden(app, trusted_proxies=settings.trusted_proxies)  # security headers on every response
    app.mount("/static", CompressedStaticFiles(directory=str(STATIC_DIR)), name="static")
    for factory in ROUTER_FACTORIES:
        app.include_router(factory(ctx))

    @app.get("/", include_in_schema=False)
    def _home(request: Request) -> RedirectResponse:
        lang = request.query_params.get("lang")  # /?lang=ko lands on the Korean overview
        return RedirectResponse("/overview" + (f"?lang={lang}" if lang in LANGUAGES else ""), status_code=307)

    @app.get("/healthz", response_class=HTMLResponse, include_in_schema=False)
    def _health() -> str:
        return "ok"

    return app


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` (settings from tradebridge.toml and the environment)."""
    return create_app(load_settings())
