"""Web forms for survey instruments: one form per instrument and language.

Routes (all under ``/survey``):

- ``GET /survey/`` lists the instruments and languages;
- ``GET /survey/{instrument}/{lang}[?token=...]`` renders the form;
- ``POST /survey/{instrument}/{lang}`` validates and stores a response.

Defences: a CSRF token (double submit: an HMAC-signed random value in a ``SameSite=Strict`` cookie
and in a hidden field, both required and equal); every answer validated on the server
(:func:`~tradebridge.survey.responses.clean_response`); request bodies over 256 KiB refused (413);
Jinja2 autoescaping, so submitted ``<script>`` text is stored verbatim and shown as text; a hidden
``submission_id`` per rendered form makes resubmission idempotent (the database's unique key), so
concurrent or repeated posts are neither lost nor duplicated; optional single-use invitation tokens
are consumed in the same transaction as the insert.

Settings (:mod:`tradebridge.config`): ``survey_invitation_only`` opens the forms only with a valid
invitation token (403 and a page saying so otherwise); ``survey_rate_limit`` caps the responses
accepted from one client address per hour (429 with ``Retry-After``, the answers kept in the form).
The client address is the TCP peer unless it is a trusted proxy (:mod:`tradebridge.web.security`).

Example::

    tradebridge serve --port 8000   # then open http://127.0.0.1:8000/survey/
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import uuid
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from tradebridge.errors import TradebridgeError
from tradebridge.i18n import t
from tradebridge.survey.instrument import LANGS, Instrument, default_instrument_path, load_instrument
from tradebridge.survey.responses import clean_response
from tradebridge.survey.storage import ResponseStore, TokenError
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.security import SlidingWindowLimiter, request_client

MAX_BODY_BYTES = 256 * 1024
CSRF_COOKIE = "tb_csrf"
CSRF_MAX_AGE_S = 2 * 24 * 3600  # a form stays valid for two days
_SUBMISSION = re.compile(r"^[0-9a-f]{32}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
RATE_WINDOW_S = 3600.0  # the settings' survey_rate_limit counts responses per address in this window

UI = {
    "en": {"submit": "Submit", "required": "required", "thanks": "Thank you. Your answers have been recorded.",
           "errors": "Please correct the answers marked below.", "choose": "Choose…",
           "invalid_form": "This form has expired or is not valid. Please reload the page and try again."},
    "es": {"submit": "Enviar", "required": "obligatoria", "thanks": "Gracias. Sus respuestas han sido registradas.",
           "errors": "Por favor corrija las respuestas marcadas abajo.", "choose": "Elija…",
           "invalid_form": "Este formulario expiró o no es válido. Recargue la página e inténtelo de nuevo."},
    "ko": {"submit": "제출", "required": "필수", "thanks": "감사합니다. 응답이 기록되었습니다.",
           "errors": "아래 표시된 응답을 수정해 주십시오.", "choose": "선택…",
           "invalid_form": "양식이 만료되었거나 유효하지 않습니다. 페이지를 새로 고친 후 다시 시도하십시오."},
}


def _sign(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()[:32]


def new_csrf_token(secret: str, now: float | None = None) -> str:
    """``<issued>-<random>.<hmac>``: signed, with its issue time so old forms expire."""
    nonce = f"{int(now if now is not None else time.time())}-{secrets.token_hex(16)}"
    return f"{nonce}.{_sign(secret, nonce)}"


def csrf_ok(secret: str, cookie: str | None, field: str | None, now: float | None = None) -> bool:
    """Cookie and field equal, signature valid, and issued less than :data:`CSRF_MAX_AGE_S` ago."""
    if not cookie or not field or len(field) > 120 or not hmac.compare_digest(cookie, field):
        return False
    nonce, _, sig = field.partition(".")
    if not nonce or not hmac.compare_digest(sig, _sign(secret, nonce)):
        return False
    issued = nonce.split("-", 1)[0]
    age = (now if now is not None else time.time()) - int(issued) if issued.isdigit() else -1
    return 0 <= age <= CSRF_MAX_AGE_S


def _instruments(ctx: WebContext) -> dict[str, Instrument]:
    cache = ctx.state.setdefault("instruments", {})
    if not cache:
        for path in (default_instrument_path(), *ctx.instruments):
            inst = load_instrument(path)
            cache[inst.id] = inst
    return cache


def _store(ctx: WebContext) -> ResponseStore:
    store = ctx.state.get("store")
    if store is None:
        store = ctx.state["store"] = ResponseStore(ctx.settings.survey_db)
    return store


def _question_view(inst: Instrument, lang: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    sections = []
    for sec in inst.sections:
        qs = []
        for q in sec.questions:
            v = values.get(q.id)
            selected = {str(x) for x in v} if isinstance(v, list) else ({str(v)} if v not in (None, "") else set())
            qs.append({"q": q, "text": q.text.get(lang, q.id), "choices": q.choices(lang), "selected": selected,
                       "value": "" if v is None or isinstance(v, list) else str(v),
                       "show_if": q.show_if})
        sections.append({"title": sec.title.get(lang, sec.id), "questions": qs})
    return sections


def _render(ctx: WebContext, request: Request, inst: Instrument, lang: str, *, values: dict | None = None,
            errors: dict | None = None, status: int = 200, token: str | None = None,
            message: str | None = None) -> HTMLResponse:
    csrf = new_csrf_token(ctx.secret_key)
    resp = ctx.templates.TemplateResponse(request, "survey/form.html", {
        "inst": inst, "lang": lang, "ui": UI[lang], "title": inst.title.get(lang, inst.id),
        "intro": inst.intro.get(lang, ""), "sections": _question_view(inst, lang, values or {}),
        "errors": errors or {}, "csrf": csrf, "submission_id": uuid.uuid4().hex, "token": token or "",
        "message": message, "languages": inst.languages,
    }, status_code=status)
    resp.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    return resp


def _limiter(ctx: WebContext) -> SlidingWindowLimiter:
    limiter = ctx.state.get("survey_limiter")
    if limiter is None:
        limiter = ctx.state["survey_limiter"] = SlidingWindowLimiter(ctx.settings.survey_rate_limit, RATE_WINDOW_S)
    return limiter


def _refused(ctx: WebContext, request: Request, inst: Instrument, lang: str, key: str) -> HTMLResponse:
    """403: an invitation is required (``sec_invitation_only``) or the one given is not valid."""
    return ctx.templates.TemplateResponse(request, "survey/invitation.html", {
        "title": inst.title.get(lang, inst.id), "lang": lang, "message": t(lang, key)}, status_code=403)


def _lookup(ctx: WebContext, instrument_id: str, lang: str) -> Instrument:
    inst = _instruments(ctx).get(instrument_id)
    if inst is None or lang not in LANGS or lang not in inst.languages:
        raise HTTPException(status_code=404, detail="no such survey or language")
    return inst


@register_router
def survey_router(ctx: WebContext) -> APIRouter:
    """Router with the survey list, the forms and the submission endpoint."""
    router = APIRouter(prefix="/survey", tags=["survey"])

    @router.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        return ctx.templates.TemplateResponse(request, "survey/index.html",
                                              {"instruments": list(_instruments(ctx).values())})

    @router.get("/{instrument_id}/{lang}", response_class=HTMLResponse)
    def form(request: Request, instrument_id: str, lang: str, token: str | None = None) -> HTMLResponse:
        inst = _lookup(ctx, instrument_id, lang)
        if token is None and ctx.settings.survey_invitation_only:
            return _refused(ctx, request, inst, lang, "sec_invitation_only")
        if token is not None and (not _TOKEN.match(token) or _store(ctx).token_status(inst.id, token) != "valid"):
            return _refused(ctx, request, inst, lang, "sec_invitation_invalid")
        return _render(ctx, request, inst, lang, token=token)

    @router.post("/{instrument_id}/{lang}", response_class=HTMLResponse)
    async def submit(request: Request, instrument_id: str, lang: str) -> HTMLResponse:
        inst = _lookup(ctx, instrument_id, lang)
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            raise HTTPException(status_code=411, detail="a Content-Length header is required")
        if int(length) > MAX_BODY_BYTES:
            raise HTTPException(status_code=413, detail=f"form too large (limit {MAX_BODY_BYTES} bytes)")
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            raise HTTPException(status_code=413, detail=f"form too large (limit {MAX_BODY_BYTES} bytes)")
        form_data = await request.form(max_files=0, max_fields=300)
        raw: dict[str, Any] = {}
        for key in set(form_data.keys()):
            vals = [v for v in form_data.getlist(key) if isinstance(v, str)]
            raw[key] = vals if len(vals) > 1 else (vals[0] if vals else "")
        token = raw.pop("token", "") or None
        if not csrf_ok(ctx.secret_key, request.cookies.get(CSRF_COOKIE), raw.pop("csrf_token", None)
                       if isinstance(raw.get("csrf_token"), str) else None):
            return _render(ctx, request, inst, lang, status=403, message=UI[lang]["invalid_form"])
        sid = raw.pop("submission_id", "")
        if not isinstance(sid, str) or not _SUBMISSION.match(sid):
            return _render(ctx, request, inst, lang, status=400, message=UI[lang]["invalid_form"])
        if token is not None and (not isinstance(token, str) or not _TOKEN.match(token)):
            return _refused(ctx, request, inst, lang, "sec_invitation_invalid")
        if token is None and ctx.settings.survey_invitation_only:
            return _refused(ctx, request, inst, lang, "sec_invitation_only")
        answers, errors = clean_response(inst, raw)
        shown = {k: v for k, v in raw.items() if isinstance(v, (str, list))}
        if errors:
            return _render(ctx, request, inst, lang, values=shown, errors=errors, status=422, token=token,
                           message=UI[lang]["errors"])
        address = request_client(request)
        wait = _limiter(ctx).take(address)  # counted now, given back below unless a new response is stored
        if wait:
            resp = _render(ctx, request, inst, lang, values=shown, status=429, token=token,
                           message=t(lang, "sec_too_many_responses"))
            resp.headers["Retry-After"] = str(wait)
            return resp
        from starlette.concurrency import run_in_threadpool

        added = False
        try:
            added = await run_in_threadpool(_store(ctx).add, inst.id, inst.version, answers,
                                            submission_id=f"web:{sid}", lang=lang, source="web", token=token)
        except TokenError:
            return _refused(ctx, request, inst, lang, "sec_invitation_invalid")
        except TradebridgeError as exc:
            raise HTTPException(status_code=503, detail="the survey database is unavailable") from exc
        finally:
            if not added:
                _limiter(ctx).release(address)
        return ctx.templates.TemplateResponse(request, "survey/thanks.html",
                                              {"ui": UI[lang], "title": inst.title.get(lang, inst.id), "lang": lang})

    return router


def instrument_paths(directory: str | Path) -> list[Path]:
    """YAML instrument files in a folder (for ``tradebridge serve --instruments DIR``)."""
    return sorted(Path(directory).glob("*.yaml"))
