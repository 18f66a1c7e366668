"""The HTTP client every connector shares: injectable transport, on-disk cache, retries, 429, Range resume.

* **Transport injection** — pass ``transport=httpx.MockTransport(handler)`` (tests) or any httpx transport;
  nothing in the test suite touches the network.
* **Cache** — successful GET bodies are kept under ``<cache_dir>/http/<sha256 of url+params>`` with a
  ``.json`` sidecar (url, params, retrieval time, status). A repeated request is served from disk unless
  ``refresh=True``. Secrets travel in headers, never in the cache key or the sidecar.
* **Retries** — timeouts, connection errors, HTTP 5xx and 429 are retried with exponential backoff
  (``backoff * 2**attempt`` seconds, capped at ``max_backoff``); a 429's ``Retry-After`` (seconds or an
  HTTP date) is honoured. ``sleep`` is injectable so tests run instantly. When the attempts are used up a
  :class:`~tradebridge.errors.SourceError` says what failed and what to do.
* **Quotas** — a 403 "Out of call volume quota" (Azure API Management, used by UN Comtrade) means the
  key's daily quota is spent, not that the key is wrong; the error says when it is replenished.
* **Downloads** — :meth:`HttpClient.download` streams to ``<dest>.part``; after a dropped connection or a
  body shorter than ``Content-Length`` it resumes with ``Range: bytes=N-``; a zip is checked (CRC of every
  member) before it is moved into place.

>>> import httpx
>>> client = HttpClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"ok": 1})))
>>> data, info = client.get_json("https://example.org/api", {"q": "x"})
>>> data, info.status, info.from_cache
({'ok': 1}, 200, False)
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

import httpx

from tradebridge.errors import SourceError

RETRY_STATUS = frozenset({429, 500, 502, 503, 504, 520, 522, 524})
ProgressCallback = Callable[[int, int | None], None]


def utc_now() -> str:
    """Current UTC time as ISO 8601 (seconds) — used for provenance only, never inside results."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class FetchInfo:
    """What a request was and when it was answered (goes into provenance)."""

    url: str
    params: dict[str, Any]
    status: int
    retrieved_at: str
    from_cache: bool = False
    attempts: int = 1

    @property
    def query(self) -> str:
        """The query string (sorted parameters) as it was sent."""
        return str(httpx.QueryParams(sorted((k, str(v)) for k, v in self.params.items())))


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    >>> retry_after_seconds("7")
    7.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
    10.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


@dataclass
class HttpClient:
    """A small, polite HTTP client for public data APIs (see the module docstring)."""

    cache_dir: Path | None = None
    transport: httpx.BaseTransport | None = None
    retries: int = 5
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 900.0
    timeout: float = 60.0
    headers: Mapping[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    min_interval: float = 0.0
    _last_request: float = field(default=0.0, init=False, repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    # -- plumbing -----------------------------------------------------------------------------
    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=self.transport,
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 30.0)),
                follow_redirects=True,
                headers={"User-Agent": "tradebridge (+https://github.com/tradebridge)", **dict(self.headers)},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _throttle(self) -> None:
        if self.min_interval > 0 and self._last_request:
            wait = self.min_interval - (time.monotonic() - self._last_request)
            if wait > 0:
                self.sleep(wait)
        self._last_request = time.monotonic()

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None and response.status_code == 429:
            ra = retry_after_seconds(response.headers.get("Retry-After"))
            if ra is not None:
                if ra > self.max_retry_after:
                    raise SourceError(
                        f"{response.request.url.copy_with(query=None)}: rate limit reached and the server "
                        f"asks to wait {ra:.0f} s (Retry-After); try again later or use an API key with a "
                        "higher quota"
                    )
                return ra
        return min(self.max_backoff, self.backoff * (2**attempt))

    def _cache_paths(self, url: str, params: Mapping[str, Any]) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = json.dumps([url, sorted((k, str(v)) for k, v in params.items())])
        digest = hashlib.sha256(key.encode()).hexdigest()
        base = Path(self.cache_dir) / "http" / digest[:2] / digest
        return base.with_suffix(".body"), base.with_suffix(".json")

    # -- requests -----------------------------------------------------------------------------
    def request(self, url: str, params: Mapping[str, Any] | None = None, *,
                headers: Mapping[str, str] | None = None) -> tuple[httpx.Response, int]:
        """GET with retries; return the successful response and the number of attempts.

        Non-retryable client errors (4xx other than 429) raise at once with the server's message.
        """
        params = dict(params or {})
        last: str = ""
        for attempt in range(self.retries + 1):
            self._throttle()
            response: httpx.Response | None = None
            try:
                response = self.client.get(url, params=params, headers=headers)
            except httpx.TimeoutException as exc:
                last = f"timed out after {self.timeout:g} s ({type(exc).__name__})"
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__}: {exc})"
            else:
                if response.status_code < 400:
                    return response, attempt + 1
                if response.status_code not in RETRY_STATUS:
                    raise SourceError(_http_error_message(url, response))
                last = f"HTTP {response.status_code}"
            if attempt < self.retries:
                self.sleep(self._delay(attempt, response))
        raise SourceError(
            f"{url}: gave up after {self.retries + 1} attempts (last: {last}); the service may be down, "
            "unreachable (check the connection) or rate-limiting — try again later, or raise --retries"
        )

    def get_bytes(self, url: str, params: Mapping[str, Any] | None = None, *,
                  headers: Mapping[str, str] | None = None, refresh: bool = False) -> tuple[bytes, FetchInfo]:
        """GET a (small) body, through the cache."""
        params = dict(params or {})
        paths = self._cache_paths(url, params)
        if paths and not refresh and paths[0].is_file() and paths[1].is_file():
            meta = json.loads(paths[1].read_text(encoding="utf-8"))
            info = FetchInfo(url=url, params=params, status=meta["status"],
                             retrieved_at=meta["retrieved_at"], from_cache=True, attempts=0)
            return paths[0].read_bytes(), info
        response, attempts = self.request(url, params, headers=headers)
        body = response.content
        info = FetchInfo(url=url, params=params, status=response.status_code,
                         retrieved_at=utc_now(), attempts=attempts)
        if paths:
            paths[0].parent.mkdir(parents=True, exist_ok=True)
            tmp = paths[0].with_suffix(".tmp")
            tmp.write_bytes(body)
            tmp.replace(paths[0])
            paths[1].write_text(json.dumps({"url": url, "params": info.params, "status": info.status,
                                            "retrieved_at": info.retrieved_at}), encoding="utf-8")
        return body, info

    def get_json(self, url: str, params: Mapping[str, Any] | None = None, *,
                 headers: Mapping[str, str] | None = None, refresh: bool = False) -> tuple[Any, FetchInfo]:
        """GET and decode JSON (through the cache); a body that is not JSON raises SourceError."""
        body, info = self.get_bytes(url, params, headers=headers, refresh=refresh)
        try:
            return json.loads(body), info
        except ValueError as exc:
            paths = self._cache_paths(url, dict(params or {}))
            if paths:  # never keep a bad body in the cache
                paths[0].unlink(missing_ok=True)
                paths[1].unlink(missing_ok=True)
            raise SourceError(f"{url}: the reply is not JSON ({exc}): {body[:200]!r}") from None

    # -- downloads ----------------------------------------------------------------------------
    def download(self, url: str, dest: Path, *, params: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None,
                 progress: ProgressCallback | None = None, check_zip: bool | None = None,
                 refresh: bool = False) -> FetchInfo:
        """Stream ``url`` to ``dest`` (resumable); return what was fetched.

        A partial file ``dest.part`` left by an interrupted run is resumed with an HTTP Range request;
        a server that ignores Range (200 instead of 206) restarts the file. ``check_zip`` (default: when
        ``dest`` ends in ``.zip``) tests every member's CRC before the file is moved into place.
        """
        dest = Path(dest)
        check_zip = dest.suffix.lower() == ".zip" if check_zip is None else check_zip
        if dest.is_file() and not refresh:
            meta = dest.with_name(dest.name + ".json")
            retrieved = json.loads(meta.read_text())["retrieved_at"] if meta.is_file() else utc_now()
            return FetchInfo(url, dict(params or {}), 200, retrieved, from_cache=True, attempts=0)
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        last = ""
        for attempt in range(self.retries + 1):
            self._throttle()
            response_status: httpx.Response | None = None
            try:
                done, total, response_status = self._stream_once(url, part, params, headers, progress)
            except httpx.TimeoutException as exc:
                last = f"timed out after {self.timeout:g} s ({type(exc).__name__})"
            except httpx.TransportError as exc:
                last = f"connection dropped ({type(exc).__name__})"
            except _Retryable as exc:
                last, response_status = str(exc), exc.response
            else:
                if total is None or done >= total:
                    break
                last = f"truncated download: {done} of {total} bytes"
            if attempt < self.retries:
                self.sleep(self._delay(attempt, response_status))
        else:
            raise SourceError(
                f"{url}: download incomplete after {self.retries + 1} attempts (last: {last}); "
                f"the partial file {part.name} is kept — run the command again to resume"
            )
        if check_zip:
            _check_zip(part, url)
        part.replace(dest)
        info = FetchInfo(url, dict(params or {}), 200, utc_now(), attempts=attempt + 1)
        dest.with_name(dest.name + ".json").write_text(
            json.dumps({"url": url, "params": info.params, "retrieved_at": info.retrieved_at}), encoding="utf-8")
        return info

    def _stream_once(self, url: str, part: Path, params: Mapping[str, Any] | None,
                     headers: Mapping[str, str] | None,
                     progress: ProgressCallback | None) -> tuple[int, int | None, httpx.Response]:
        have = part.stat().st_size if part.is_file() else 0
        hdrs = {"Accept-Encoding": "identity", **dict(headers or {})}  # byte ranges = file bytes
        if have:
            hdrs["Range"] = f"bytes={have}-"
        with self.client.stream("GET", url, params=params, headers=hdrs) as response:
            status = response.status_code
            if status == 416:  # our partial file is not a prefix of the resource any more: restart
                part.unlink(missing_ok=True)
                raise _Retryable("HTTP 416 (range not satisfiable); restarting the download", response)
            if status in RETRY_STATUS:
                raise _Retryable(f"HTTP {status}", response)
            if status >= 400:
                response.read()
                raise SourceError(_http_error_message(url, response))
            if status == 206 and have:
                total = _total_from_content_range(response.headers.get("Content-Range"))
                mode = "ab"
            else:  # 200: full body (the server ignored Range, or nothing to resume)
                have, mode = 0, "wb"
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
            done = have
            if progress:
                progress(done, total)
            with open(part, mode) as fh:
                for block in response.iter_bytes():
                    fh.write(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
        return done, total, response


class _Retryable(Exception):
    def __init__(self, message: str, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response


def _total_from_content_range(value: str | None) -> int | None:
    # "bytes 100-999/1000"
    if not value or "/" not in value:
        return None
    total = value.rsplit("/", 1)[1].strip()
    return int(total) if total.isdigit() else None


def _check_zip(path: Path, url: str) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        path.unlink(missing_ok=True)
        raise SourceError(f"{url}: the downloaded file is not a complete zip ({exc}); it was deleted — "
                          "run the command again to download it afresh") from None
    if bad is not None:
        path.unlink(missing_ok=True)
        raise SourceError(f"{url}: member {bad!r} of the downloaded zip fails its CRC check (corrupt "
                          "download); the file was deleted — run the command again")


_REPLENISH = re.compile(r"replenished in (?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})")


def quota_message(url: str, text: str, *, now: datetime | None = None) -> str:
    """The error for an API-management 403 "Out of call volume quota": the quota is spent, the key is fine.

    >>> print(quota_message("https://api.example/x", "Out of call volume quota. Quota will be replenished in "
    ...       "03:30:56.", now=datetime(2024, 1, 1, tzinfo=UTC)))
    https://api.example/x: the API key's call quota is spent (the key itself is valid): Out of call volume quota. Quota will be replenished in 03:30:56.; it is replenished in 03:30:56 — try again after 2024-01-01 03:31 UTC, or use a key with a larger quota
    """
    m = _REPLENISH.search(text)
    when = "tomorrow (the quota is daily)"
    if m:
        days, h, mi, se = (int(g or 0) for g in m.groups())
        at = (now or datetime.now(UTC)) + timedelta(days=days, hours=h, minutes=mi, seconds=se)
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
        when = f"after {at:%Y-%m-%d %H:%M} UTC"
        lead = f"it is replenished in {m.group(0).split(' in ', 1)[1]} — try again {when}"
    else:
        lead = f"try again {when}"
    return (f"{url}: the API key's call quota is spent (the key itself is valid): {text[:200]}; {lead}, "
            "or use a key with a larger quota")


def _http_error_message(url: str, response: httpx.Response) -> str:
    status = response.status_code
    try:
        text = response.text[:300].strip()
    except (UnicodeDecodeError, LookupError, httpx.ResponseNotRead):  # pragma: no cover - undecodable body
        text = ""
    if status == 403 and "out of call volume quota" in text.lower():
        try:
            text = str(json.loads(text).get("message", text))
        except (ValueError, AttributeError):
            pass
        return quota_message(url, text)
    hint = {
        400: "check the query parameters (codes, years, classification)",
        401: "the service needs an API key: set the environment variable named in docs/sources.md",
        403: "the API key is missing, wrong or lacks access to this endpoint",
        404: "the dataset, release or endpoint does not exist — check its name/version",
    }.get(status, "check the request")
    return f"{url}: HTTP {status} ({text or response.reason_phrase}); {hint}"
