"""Hardening shared by every response of the web app: security headers, the client address behind
trusted proxies, a sliding-window rate limiter, and compressed, cacheable static files.

- :class:`HardeningMiddleware` wraps the whole app (error pages, static files and file downloads
  included) and sets :data:`SECURITY_HEADERS` on every response: a Content-Security-Policy without
  ``'unsafe-eval'`` (the charts run Vega's expression interpreter), ``nosniff``, framing refused twice
  (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``) and a same-origin Referrer-Policy; HSTS
  when the request came over HTTPS.
- The client address is the TCP peer, unless the peer is one of the configured trusted proxies
  (setting ``trusted_proxies``, none by default): then it is the right-most ``X-Forwarded-For``
  entry that is not itself a trusted proxy. A header sent by anyone else is ignored, so changing it
  does not change the address that rate limits count.
- :class:`CompressedStaticFiles` serves ``/static`` with brotli or gzip when the browser accepts it
  (compressed once per file and kept in memory), ``Vary: Accept-Encoding`` and ``Cache-Control``.

Example::

    from tradebridge.web.security import harden
    harden(app, trusted_proxies=("10.0.0.0/8",))   # create_app does this with the settings'
"""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from os import PathLike, stat_result
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
"""No inline scripts, no ``eval``; inline styles stay allowed (vega-embed's menu and Vega's SVG use them)."""

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
MIN_COMPRESS_BYTES = 1024
STATIC_MAX_AGE = {"vendor/": 7 * 24 * 3600, "": 3600}  # path prefix under /static -> seconds (first match)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


# ------------------------------------------------------------------------------------ client address
def proxy_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Networks from addresses or CIDR blocks (``"127.0.0.1"``, ``"10.0.0.0/8"``).

    >>> proxy_networks(["127.0.0.1", "10.0.0.0/8"])
    (IPv4Network('127.0.0.1/32'), IPv4Network('10.0.0.0/8'))
    """
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def request_client(request: Request) -> str:
    """The request's client address as the rate limits key it (the peer, which
    :class:`HardeningMiddleware` has already set from a trusted proxy's ``X-Forwarded-For``)."""
    return request.client.host if request.client else "unknown"


def client_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """The client's address: ``peer`` unless it is a trusted proxy, then the right-most address of the
    ``X-Forwarded-For`` values that is not a trusted proxy (a client may prepend anything it likes, so
    entries left of the first untrusted one are never believed).

    >>> lo = proxy_networks(["127.0.0.1"])
    >>> client_address("127.0.0.1", ["6.6.6.6"], ())            # no proxy configured: header ignored
    '127.0.0.1'
    >>> client_address("127.0.0.1", ["6.6.6.6, 203.0.113.9"], lo)  # the proxy appended the real peer
    '203.0.113.9'
    >>> client_address("198.51.100.1", ["6.6.6.6"], lo)          # not from the proxy: header ignored
    '198.51.100.1'
    """
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    hops = [h.strip() for value in forwarded_for for h in value.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer


def _forwarded_scope(scope: Scope, trusted: Sequence[Network]) -> Scope:
    """A copy of ``scope`` with the client (and scheme) a trusted proxy reported; ``scope`` itself otherwise."""
    peer = (scope.get("client") or ("", 0))[0]
    if not trusted or not _is_trusted(peer, trusted):
        return scope
    headers = Headers(scope=scope)
    host = client_address(peer, headers.getlist("x-forwarded-for"), trusted)
    new = dict(scope)
    new["client"] = (host, 0)
    proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
    if proto in ("http", "https"):
        new["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
    return new


# ------------------------------------------------------------------------------------ headers
class HardeningMiddleware:
    """ASGI middleware: the client behind trusted proxies, and :data:`SECURITY_HEADERS` on every response
    (they replace any a route set, so no page can loosen the policy)."""

    def __init__(self, app: ASGIApp, *, trusted_proxies: Iterable[str] = (),
                 headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.trusted = proxy_networks(trusted_proxies)
        self.headers = dict(SECURITY_HEADERS if headers is None else headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        scope = _forwarded_scope(scope, self.trusted)
        https = scope.get("scheme") in ("https", "wss")

        async def send_hardened(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", []))
                headers = MutableHeaders(raw=message["headers"])
                for name, value in self.headers.items():
                    headers[name] = value
                if https:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_hardened)


def harden(app: Any, *, trusted_proxies: Iterable[str] = ()) -> None:
    """Wrap ``app``'s whole middleware stack (its 500 page included) in :class:`HardeningMiddleware`."""
    build: Callable[[], ASGIApp] = app.build_middleware_stack
    proxies = tuple(trusted_proxies)

    def hardened_stack() -> ASGIApp:
        return HardeningMiddleware(build(), trusted_proxies=proxies)

    app.build_middleware_stack = hardened_stack


# ------------------------------------------------------------------------------------ rate limits
class SlidingWindowLimiter:
    """At most ``limit`` events per key in any ``window`` seconds (``limit`` 0: no limit).

    ``clock`` is injectable so tests need not sleep.

    >>> now = [0.0]
    >>> lim = SlidingWindowLimiter(2, 60, clock=lambda: now[0])
    >>> lim.hit("a"); lim.hit("a"); lim.retry_after("a"), lim.retry_after("b")
    (61, 0)
    >>> now[0] = 60.5; lim.retry_after("a")
    0
    """

    MAX_KEYS = 10_000  # expired keys are dropped when more are tracked

    def __init__(self, limit: int, window: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._events: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str, now: float) -> list[float]:
        events = [e for e in self._events.get(key, ()) if now - e < self.window]
        if events:
            self._events[key] = events
        else:
            self._events.pop(key, None)
        return events

    def _wait(self, events: list[float], now: float) -> int:
        if self.limit <= 0 or len(events) < self.limit:
            return 0
        return int(self.window - (now - events[-self.limit])) + 1

    def retry_after(self, key: str) -> int:
        """Seconds until another event is allowed (0: allowed now)."""
        now = self.clock()
        with self._lock:
            return self._wait(self._live(key, now), now)

    def hit(self, key: str) -> None:
        """Record one event for ``key``."""
        now = self.clock()
        with self._lock:
            self._record(key, now)

    def take(self, key: str) -> int:
        """Check and record in one step (safe under concurrency): 0 when the event is allowed and now
        counted, else the seconds to wait (nothing recorded). :meth:`release` undoes a take.

        >>> lim = SlidingWindowLimiter(1, 60, clock=lambda: 0.0)
        >>> lim.take("a"), lim.take("a") > 0
        (0, True)
        >>> lim.release("a"); lim.take("a")
        0
        """
        now = self.clock()
        with self._lock:
            wait = self._wait(self._live(key, now), now)
            if not wait:
                self._record(key, now)
            return wait

    def release(self, key: str) -> None:
        """Forget the latest event of ``key`` (a taken event that did not happen after all)."""
        with self._lock:
            events = self._events.get(key)
            if events:
                events.pop()

    def _record(self, key: str, now: float) -> None:
        if len(self._events) >= self.MAX_KEYS:
            for k in list(self._events):
                self._live(k, now)
        self._events.setdefault(key, []).append(now)

    def reset(self, key: str) -> None:
        """Forget the events of ``key``."""
        with self._lock:
            self._events.pop(key, None)


# ------------------------------------------------------------------------------------ static files
@lru_cache(maxsize=128)
def _compressed(path: str, mtime_ns: int, size: int, encoding: str) -> bytes:
    """The file's bytes compressed (cached per path, modification time and size)."""
    with open(path, "rb") as fh:
        data = fh.read()
    if encoding == "br":
        import brotli

        return brotli.compress(data, quality=6)
    return gzip.compress(data, compresslevel=6, mtime=0)


def _accepts(accept_encoding: str) -> set[str]:
    out = set()
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=")
        if name and not (q and q.replace(".", "", 1).isdigit() and float(q) == 0):
            out.add(name.strip())
    return out


@lru_cache(maxsize=1)
def _brotli_available() -> bool:
    try:
        import brotli  # noqa: F401
    except ImportError:
        return False
    return True


def choose_encoding(accept_encoding: str, media_type: str, size: int) -> str | None:
    """``"br"``, ``"gzip"`` or None for a static file of ``media_type`` and ``size`` bytes.

    >>> choose_encoding("gzip, deflate", "application/javascript", 50_000)
    'gzip'
    >>> choose_encoding("gzip", "image/png", 50_000) is None, choose_encoding("gzip;q=0", "text/css", 50_000)
    (True, None)
    """
    if size < MIN_COMPRESS_BYTES or not media_type.startswith(COMPRESSIBLE):
        return None
    accepted = _accepts(accept_encoding)
    if "br" in accepted and _brotli_available():
        return "br"
    return "gzip" if "gzip" in accepted else None


def static_max_age(path: str) -> int:
    """Seconds a browser may keep a static file (vendored libraries longer than the app's own files).

    >>> static_max_age("vendor/vega.min.js"), static_max_age("dashboard/charts.js")
    (604800, 3600)
    """
    return next(age for prefix, age in STATIC_MAX_AGE.items() if path.startswith(prefix))


class CompressedStaticFiles(StaticFiles):
    """StaticFiles with ``Cache-Control``, ``Vary: Accept-Encoding`` and brotli/gzip bodies (own ETag per
    encoding, so ``If-None-Match`` answers 304 for each variant)."""

    def file_response(self, full_path: PathLike, stat_result: stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        request_headers = Headers(scope=scope)
        plain = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
        media_type = plain.media_type or ""
        encoding = None
        if status_code == 200 and "range" not in request_headers:
            encoding = choose_encoding(request_headers.get("accept-encoding", ""), media_type, stat_result.st_size)
        headers = MutableHeaders(raw=plain.raw_headers)
        headers["Cache-Control"] = f"public, max-age={static_max_age(self.get_path(scope))}"
        headers["Vary"] = "Accept-Encoding"
        if encoding:
            headers["ETag"] = headers["etag"][:-1] + f'-{encoding}"'
        if self.is_not_modified(headers, request_headers):
            return NotModifiedResponse(headers)
        if encoding is None:
            return plain
        body = _compressed(str(full_path), stat_result.st_mtime_ns, stat_result.st_size, encoding)
        keep = {k: v for k, v in headers.items() if k not in ("content-length", "content-type")}
        return Response(body, status_code=status_code, media_type=media_type,
                        headers={**keep, "Content-Encoding": encoding})
