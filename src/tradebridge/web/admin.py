"""Admin area (``/admin/...``): survey management and interview coding behind a password.

- The password hash comes from configuration: env ``TRADEBRIDGE_ADMIN_PASSWORD_HASH`` (make one with
  ``tradebridge admin hash-password``). Without it the admin area is closed (login always refused).
- Login sets a session cookie ``tb_admin``: a random session id signed with the app secret (HMAC),
  ``HttpOnly``, ``SameSite=Strict``, ``Path=/admin``, 8 hours, ``Secure`` unless
  ``TRADEBRIDGE_COOKIE_SECURE=0`` (for plain-HTTP development). Sessions live in the server process;
  logout ends them.
- Every form carries a CSRF token: on the login form the survey forms' double-submit token, after login
  an HMAC of the session id. Posts without a valid token are refused (403).
- Failed logins are rate limited per client address (5 per 5 minutes, then 429 with ``Retry-After``)
  and per account (10 per 15 minutes from any addresses lock the account, the right password
  included, until the window has passed). The client address is the TCP peer; ``X-Forwarded-For`` is
  believed only from the settings' ``trusted_proxies`` (:mod:`tradebridge.web.security`).

Example::

    export TRADEBRIDGE_ADMIN_PASSWORD_HASH="$(tradebridge admin hash-password --password-stdin <<< 'a long passphrase')"
    tradebridge serve   # then open http://127.0.0.1:8000/admin/
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tradebridge.errors import ConfigError, TradebridgeError
from tradebridge.i18n import t
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.dashboard import keep_lang, render, request_lang
from tradebridge.web.security import SlidingWindowLimiter, request_client
from tradebridge.web.survey_forms import csrf_ok, new_csrf_token

SESSION_COOKIE = "tb_admin"
LOGIN_CSRF_COOKIE = "tb_admin_csrf"
SESSION_SECONDS = 8 * 3600
MAX_FAILURES, FAILURE_WINDOW = 5, 300.0  # per client address
ACCOUNT_MAX_FAILURES, ACCOUNT_WINDOW = 10, 900.0  # per account, whatever the address
ACCOUNT = "admin"  # the admin area has one account (one password hash)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


# ------------------------------------------------------------------------------------------- passwords
def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An scrypt hash ``scrypt$n$r$p$salt$hash`` (hex) for ``TRADEBRIDGE_ADMIN_PASSWORD_HASH``.

    >>> h = hash_password("pw", salt=b"0" * 16)
    >>> h.split("$")[:4], verify_password("pw", h), verify_password("other", h)
    (['scrypt', '16384', '8', '1'], True, False)
    """
    if not password:
        raise ConfigError("the admin password must not be empty")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash from :func:`hash_password` (constant-time compare)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(bytes.fromhex(digest)), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


# ------------------------------------------------------------------------------------------- sessions
def login_limiters() -> tuple[SlidingWindowLimiter, SlidingWindowLimiter]:
    """The failed-login limits: per client address (:data:`MAX_FAILURES` in :data:`FAILURE_WINDOW` s)
    and per account (:data:`ACCOUNT_MAX_FAILURES` in :data:`ACCOUNT_WINDOW` s, from any address).

    >>> by_address, by_account = login_limiters()
    >>> by_address.limit, by_account.limit
    (5, 10)
    """
    return (SlidingWindowLimiter(MAX_FAILURES, FAILURE_WINDOW),
            SlidingWindowLimiter(ACCOUNT_MAX_FAILURES, ACCOUNT_WINDOW))


class Sessions:
    """Signed session ids kept in the server process."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._live: dict[str, float] = {}
        self._lock = threading.Lock()

    def _sign(self, text: str) -> str:
        return hmac.new(self.secret.encode(), text.encode(), hashlib.sha256).hexdigest()

    def create(self) -> str:
        sid = secrets.token_hex(16)
        with self._lock:
            self._live[sid] = time.time() + SESSION_SECONDS
        return f"{sid}.{self._sign('admin:' + sid)}"

    def session_id(self, cookie: str | None) -> str | None:
        """The live session id in a cookie value, or None (bad signature, expired, logged out)."""
        if not cookie or len(cookie) > 200:
            return None
        sid, _, sig = cookie.partition(".")
        if not sid or not hmac.compare_digest(sig, self._sign("admin:" + sid)):
            return None
        with self._lock:
            exp = self._live.get(sid)
            if exp is None or exp < time.time():
                self._live.pop(sid, None)
                return None
        return sid

    def end(self, sid: str) -> None:
        with self._lock:
            self._live.pop(sid, None)

    def csrf(self, sid: str) -> str:
        return self._sign("csrf:" + sid)[:40]


def _config(ctx: WebContext) -> tuple[str | None, bool]:
    pw_hash = ctx.settings.extra.get("admin_password_hash") or os.environ.get("TRADEBRIDGE_ADMIN_PASSWORD_HASH")
    secure = ctx.settings.extra.get("cookie_secure", os.environ.get("TRADEBRIDGE_COOKIE_SECURE", "1"))
    return pw_hash or None, str(secure).lower() not in ("0", "false", "no")


def _state(ctx: WebContext) -> tuple[Sessions, tuple[SlidingWindowLimiter, SlidingWindowLimiter]]:
    if "admin_sessions" not in ctx.state:
        ctx.state["admin_sessions"] = Sessions(ctx.secret_key)
        ctx.state["admin_limiters"] = login_limiters()
    return ctx.state["admin_sessions"], ctx.state["admin_limiters"]


def _response_store(ctx: WebContext):
    from tradebridge.survey.storage import ResponseStore

    store = ctx.state.get("store")  # shared with the survey forms (same key)
    if store is None:
        store = ctx.state["store"] = ResponseStore(ctx.settings.survey_db)
    return store


def _instruments(ctx: WebContext) -> dict[str, Any]:
    from tradebridge.survey.instrument import default_instrument_path, load_instrument

    out = {}
    for path in (default_instrument_path(), *ctx.instruments):
        inst = load_instrument(path)
        out[inst.id] = inst
    return out


def interview_folder(ctx: WebContext) -> Path | None:
    value = ctx.settings.extra.get("interviews") or os.environ.get("TRADEBRIDGE_INTERVIEWS")
    return Path(value) if value else None


async def _form(request: Request) -> dict[str, str]:
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > 64 * 1024:
        raise HTTPException(status_code=413, detail="form too large")
    form = await request.form(max_files=0, max_fields=50)
    return {k: v for k, v in form.items() if isinstance(v, str)}


# ------------------------------------------------------------------------------------------- routes
@register_router
def admin_router(ctx: WebContext) -> APIRouter:
    """Router with the admin login, survey management and interview coding screens."""
    router = APIRouter(prefix="/admin", tags=["admin"], include_in_schema=False)
    sessions, (by_address, by_account) = _state(ctx)

    def current(request: Request) -> str | None:
        return sessions.session_id(request.cookies.get(SESSION_COOKIE))

    def need_session(request: Request) -> str:
        sid = current(request)
        if sid is None:
            if request.method == "GET":
                raise HTTPException(status_code=303, headers={"Location": keep_lang(request, "/admin/login")})
            raise HTTPException(status_code=403, detail="log in first")
        return sid

    async def checked_form(request: Request, sid: str) -> dict[str, str]:
        form = await _form(request)
        token = form.get("csrf_token", "")
        if not token or not hmac.compare_digest(token, sessions.csrf(sid)):
            raise HTTPException(status_code=403, detail="missing or invalid CSRF token; reload the page")
        return form

    def page(request: Request, template: str, sid: str | None, status: int = 200, **values: Any) -> HTMLResponse:
        resp = render(ctx, request, template, "admin", status=status,
                      csrf=sessions.csrf(sid) if sid else "", logged_in=sid is not None, **values)
        resp.headers["Cache-Control"] = "no-store"
        return resp

    def login_page(request: Request, message: str | None = None, status: int = 200, **fields: Any) -> HTMLResponse:
        """The login form; ``message`` is a key of the string table (shown in the page's language)."""
        token = new_csrf_token(ctx.secret_key)
        text = t(request_lang(request, ctx.settings.lang), message, **fields) if message else None
        resp = page(request, "dashboard/admin_login.html", None, status, login_csrf=token, message=text,
                    configured=_config(ctx)[0] is not None)
        resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/admin",
                        secure=_config(ctx)[1])
        return resp

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return login_page(request)

    @router.post("/login", response_class=HTMLResponse, response_model=None)
    async def login(request: Request) -> Response:
        client = request_client(request)
        locked = by_account.retry_after(ACCOUNT)
        wait = max(locked, by_address.retry_after(client))
        if wait:
            resp = (login_page(request, "admin_locked", status=429, minutes=wait // 60 + 1) if locked
                    else login_page(request, "admin_too_many", status=429))
            resp.headers["Retry-After"] = str(wait)
            return resp
        form = await _form(request)
        if not csrf_ok(ctx.secret_key, request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf_token")):
            return login_page(request, "admin_expired", status=403)
        pw_hash, secure = _config(ctx)
        password = form.get("password", "")
        if pw_hash is None or len(password) > 256 or not verify_password(password, pw_hash):
            by_address.hit(client)
            by_account.hit(ACCOUNT)
            return login_page(request, "admin_wrong" if pw_hash else "admin_unset", status=401)
        by_address.reset(client)
        by_account.reset(ACCOUNT)
        resp = RedirectResponse(keep_lang(request, "/admin/"), status_code=303)
        resp.set_cookie(SESSION_COOKIE, sessions.create(), max_age=SESSION_SECONDS, httponly=True,
                        samesite="strict", secure=secure, path="/admin")
        resp.delete_cookie(LOGIN_CSRF_COOKIE, path="/admin")
        return resp

    @router.post("/logout", response_model=None)
    async def logout(request: Request) -> Response:
        sid = need_session(request)
        await checked_form(request, sid)
        sessions.end(sid)
        resp = RedirectResponse(keep_lang(request, "/admin/login"), status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/admin")
        return resp

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        sid = need_session(request)
        store = _response_store(ctx)
        surveys, lang = [], request_lang(request, ctx.settings.lang)
        for inst in _instruments(ctx).values():
            recent = store.frame(inst).tail(20)
            texts = [c for c in ("comments",) if c in recent.columns]
            surveys.append({"id": inst.id, "title": inst.title.get(lang) or inst.title.get("en", inst.id),
                            "languages": inst.languages,
                            "count": store.count(inst.id),
                            "recent": recent[["submission_id", "lang", *texts]].to_dict(orient="records")})
        return page(request, "dashboard/admin_home.html", sid, surveys=surveys, tokens=None)

    @router.post("/surveys/{instrument_id}/tokens", response_class=HTMLResponse)
    async def tokens(request: Request, instrument_id: str) -> HTMLResponse:
        sid = need_session(request)
        form = await checked_form(request, sid)
        inst = _instruments(ctx).get(instrument_id)
        n = form.get("n", "")
        if inst is None:
            raise HTTPException(status_code=404, detail="no such survey")
        if not n.isdigit() or not 1 <= int(n) <= 500:
            raise HTTPException(status_code=422, detail="ask for 1 to 500 invitation tokens")
        issued = _response_store(ctx).issue_tokens(inst.id, int(n))
        lang = form.get("survey_lang", "en") if form.get("survey_lang") in inst.languages else inst.languages[0]
        links = [f"/survey/{inst.id}/{lang}?token={tok}" for tok in issued]
        return page(request, "dashboard/admin_tokens.html", sid, instrument=inst.id, links=links)

    @router.get("/interviews", response_class=HTMLResponse)
    def interviews(request: Request) -> HTMLResponse:
        sid = need_session(request)
        folder = interview_folder(ctx)
        rows, error = [], None
        if folder is None:
            error = t(request_lang(request, ctx.settings.lang), "admin_no_project")
        else:
            try:
                proj = _project(folder)
                codings = proj.codings()
                for tr in proj.transcripts():
                    coded = codings[codings["transcript_id"] == tr.id]
                    rows.append({"id": tr.id, **{k: tr.metadata.get(k) for k in ("country", "actor_type", "lang")},
                                 "demo": bool(tr.metadata.get("demo")), "segments": len(tr.segments),
                                 "coded": int(coded["segment_id"].nunique())})
            except TradebridgeError as exc:
                error = str(exc)
        return page(request, "dashboard/admin_interviews.html", sid, rows=rows, error=error)

    @router.get("/interviews/{transcript_id}", response_class=HTMLResponse)
    def transcript(request: Request, transcript_id: str) -> HTMLResponse:
        sid = need_session(request)
        proj = _project_or_404(ctx)
        try:
            tr = proj.transcript(transcript_id)
        except TradebridgeError as exc:
            raise HTTPException(status_code=404, detail="no such transcript") from exc
        codings = proj.codings()
        codings = codings[codings["transcript_id"] == tr.id]
        by_segment: dict[str, list[str]] = {}
        for r in codings.itertuples():
            by_segment.setdefault(r.segment_id, []).append(f"{r.theme} ({r.coder})")
        lang = request_lang(request, ctx.settings.lang)
        themes = [(th.id, th.name.get(lang) or th.name.get("en", th.id)) for th in proj.codebook.themes]
        # the transcript goes in as `transcript` (`tr` reads like a translator in templates)
        return page(request, "dashboard/admin_transcript.html", sid, transcript=tr, segments=tr.segments,
                    coded=by_segment, themes=themes)

    @router.post("/interviews/{transcript_id}/code", response_model=None)
    async def code(request: Request, transcript_id: str) -> Response:
        sid = need_session(request)
        form = await checked_form(request, sid)
        proj = _project_or_404(ctx)
        try:
            proj.code_segment(transcript_id, form.get("segment_id", ""), form.get("theme", ""),
                              form.get("coder", "admin"))
        except TradebridgeError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        return RedirectResponse(keep_lang(request, f"/admin/interviews/{proj.transcript(transcript_id).id}"),
                                status_code=303)

    return router


def _project(folder: Path):
    from tradebridge.interviews.project import InterviewProject

    return InterviewProject(folder)


def _project_or_404(ctx: WebContext):
    folder = interview_folder(ctx)
    if folder is None:
        raise HTTPException(status_code=404, detail="no interview project configured (TRADEBRIDGE_INTERVIEWS)")
    try:
        return _project(folder)
    except TradebridgeError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
