"""``/api/docs``: the OpenAPI document of this server shown with Swagger UI, entirely from the app.

FastAPI's own docs page loads Swagger UI from a CDN, so it is blank offline and on networks that block
CDNs; the app is built with ``docs_url=None`` and this router serves the page instead: the site frame
(language, data-vintage banner, footer), the vendored ``swagger-ui-bundle.js`` and ``swagger-ui.css``
(``/static/vendor``, from the npm package ``swagger-ui-dist``; see its ``VERSIONS`` line and licence)
and ``/static/apidocs.js``, which points Swagger UI at ``/openapi.json`` with the online validator
badge turned off (``validatorUrl: null``), so the page makes no request off the server.

Example::

    tradebridge serve --port 8000   # then open http://127.0.0.1:8000/api/docs?lang=es
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tradebridge.web.app import WebContext, register_router
from tradebridge.web.dashboard import render

DOCS_PATH = "/api/docs"
ASSETS = ("/static/vendor/swagger-ui.css", "/static/vendor/swagger-ui-bundle.js", "/static/apidocs.js")


@register_router
def apidocs_router(ctx: WebContext) -> APIRouter:
    """Router with the offline API documentation page."""
    router = APIRouter(tags=["docs"], include_in_schema=False)

    @router.get(DOCS_PATH, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        return render(ctx, request, "dashboard/apidocs.html", "api", openapi_url=request.app.openapi_url or "",
                      assets=ASSETS)

    return router
