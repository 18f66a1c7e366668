"""The shared HTTP client: retries, 429, timeouts, cache, resumable downloads — all through MockTransport."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from tradebridge.errors import SourceError
from tradebridge.sources.http import HttpClient, retry_after_seconds


class Recorder:
    """A MockTransport handler that replays scripted replies and records requests and sleeps."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply(request) if callable(reply) else reply


def make(handler, tmp_path=None, **kw):
    sleeps: list[float] = []
    client = HttpClient(transport=httpx.MockTransport(handler), cache_dir=tmp_path, sleep=sleeps.append, **kw)
    return client, sleeps


def test_429_honours_retry_after_then_succeeds():
    rec = Recorder([httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=[1])])
    client, sleeps = make(rec)
    data, info = client.get_json("https://api.example/x", {"a": 1})
    assert data == [1] and info.attempts == 2
    assert sleeps == [7.0]  # exactly the server's Retry-After, not the backoff


def test_429_without_retry_after_uses_exponential_backoff():
    rec = Recorder([httpx.Response(429)] * 3 + [httpx.Response(200, json={})])
    client, sleeps = make(rec, backoff=0.5)
    client.get_json("https://api.example/x")
    assert sleeps == [0.5, 1.0, 2.0]  # 0.5 * 2**attempt


def test_429_with_absurd_retry_after_fails_clearly():
    rec = Recorder([httpx.Response(429, headers={"Retry-After": "86400"})])
    client, _ = make(rec)
    with pytest.raises(SourceError, match="Retry-After"):
        client.get_json("https://api.example/x")


def test_5xx_then_success_and_backoff_cap():
    rec = Recorder([httpx.Response(503), httpx.Response(502), httpx.Response(500), httpx.Response(200, json=2)])
    client, sleeps = make(rec, backoff=10, max_backoff=25)
    assert client.get_json("https://api.example/x")[0] == 2
    assert sleeps == [10, 20, 25]  # 10, 20, min(25, 40)


def test_exhausted_retries_raise_source_error():
    rec = Recorder([httpx.Response(500)] * 3)
    client, sleeps = make(rec, retries=2)
    with pytest.raises(SourceError, match=r"gave up after 3 attempts \(last: HTTP 500\)"):
        client.get_json("https://api.example/x")
    assert len(rec.requests) == 3 and len(sleeps) == 2


def test_timeouts_are_retried_then_reported():
    boom = httpx.ReadTimeout("slow")
    rec = Recorder([boom, httpx.Response(200, json="ok")])
    client, _ = make(rec)
    assert client.get_json("https://api.example/x")[0] == "ok"
    rec = Recorder([httpx.ConnectTimeout("slow")] * 2)
    client, _ = make(rec, retries=1, timeout=5)
    with pytest.raises(SourceError, match="timed out after 5 s"):
        client.get_json("https://api.example/x")


def test_client_error_is_not_retried_and_says_what_to_do():
    rec = Recorder([httpx.Response(401, text="Access denied due to missing subscription key")])
    client, sleeps = make(rec)
    with pytest.raises(SourceError, match="HTTP 401.*API key"):
        client.get_json("https://api.example/x")
    assert sleeps == [] and len(rec.requests) == 1


def test_not_json_is_a_source_error():
    rec = Recorder([httpx.Response(200, text="<html>maintenance</html>")])
    client, _ = make(rec)
    with pytest.raises(SourceError, match="not JSON"):
        client.get_json("https://api.example/x")


def test_cache_serves_second_request_from_disk(tmp_path):
    rec = Recorder([httpx.Response(200, json={"v": 1})])
    client, _ = make(rec, tmp_path)
    a, ia = client.get_json("https://api.example/x", {"y": 2015})
    b, ib = client.get_json("https://api.example/x", {"y": 2015})
    assert a == b == {"v": 1} and not ia.from_cache and ib.from_cache
    assert len(rec.requests) == 1
    assert ib.retrieved_at == ia.retrieved_at  # provenance keeps the original retrieval time
    rec.replies.append(httpx.Response(200, json={"v": 2}))
    assert client.get_json("https://api.example/x", {"y": 2015}, refresh=True)[0] == {"v": 2}


def test_retry_after_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412470.0) == 20.0


# -- downloads ---------------------------------------------------------------------------------------

def _zip_bytes(n: int = 5000) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("data.csv", "t,i,j,k,v,q\n" + "".join(f"2019,4,8,{i:06d},1.0,2.0\n" for i in range(n)))
    return buf.getvalue()


class _DroppingStream(httpx.SyncByteStream):
    def __init__(self, data: bytes, cut: int):
        self.data, self.cut = data, cut

    def __iter__(self):
        yield self.data[: self.cut]
        raise httpx.ReadError("connection reset by peer")


def _ranged(payload: bytes):
    """A handler answering Range requests with 206 like a real file server."""

    def reply(request: httpx.Request) -> httpx.Response:
        rng = request.headers.get("Range")
        if rng:
            start = int(rng.split("=")[1].rstrip("-"))
            body = payload[start:]
            return httpx.Response(206, content=body, headers={
                "Content-Range": f"bytes {start}-{len(payload) - 1}/{len(payload)}"})
        return httpx.Response(200, content=payload)

    return reply


def test_download_resumes_after_dropped_connection(tmp_path):
    payload = _zip_bytes()
    first = httpx.Response(200, headers={"Content-Length": str(len(payload))},
                           stream=_DroppingStream(payload, 1000))
    rec = Recorder([first, _ranged(payload)])
    client, _ = make(rec)
    seen = []
    dest = tmp_path / "baci.zip"
    info = client.download("https://files.example/baci.zip", dest, progress=lambda d, t: seen.append((d, t)))
    assert dest.read_bytes() == payload and info.attempts == 2
    assert rec.requests[1].headers["Range"] == "bytes=1000-"
    assert seen[-1] == (len(payload), len(payload))
    assert not (tmp_path / "baci.zip.part").exists()


def test_download_detects_short_body_via_content_length_and_resumes(tmp_path):
    payload = _zip_bytes()
    short = httpx.Response(200, headers={"Content-Length": str(len(payload))}, content=payload[:700])
    short.headers["Content-Length"] = str(len(payload))  # httpx would otherwise recompute it
    rec = Recorder([short, _ranged(payload)])
    client, _ = make(rec)
    client.download("https://files.example/b.zip", tmp_path / "b.zip")
    assert (tmp_path / "b.zip").read_bytes() == payload
    assert rec.requests[1].headers["Range"] == "bytes=700-"


def test_download_resumes_a_part_file_from_an_earlier_run(tmp_path):
    payload = _zip_bytes()
    (tmp_path / "b.zip.part").write_bytes(payload[:4096])
    rec = Recorder([_ranged(payload)])
    client, _ = make(rec)
    client.download("https://files.example/b.zip", tmp_path / "b.zip")
    assert (tmp_path / "b.zip").read_bytes() == payload
    assert rec.requests[0].headers["Range"] == "bytes=4096-"


def test_server_ignoring_range_restarts_the_file(tmp_path):
    payload = _zip_bytes()
    (tmp_path / "b.zip.part").write_bytes(b"garbage")
    rec = Recorder([httpx.Response(200, content=payload)])
    client, _ = make(rec)
    client.download("https://files.example/b.zip", tmp_path / "b.zip")
    assert (tmp_path / "b.zip").read_bytes() == payload


def test_corrupt_zip_is_detected_by_crc_and_deleted(tmp_path):
    payload = bytearray(_zip_bytes())
    payload[200] ^= 0xFF  # flip a byte inside the stored member: the CRC no longer matches
    rec = Recorder([httpx.Response(200, content=bytes(payload))])
    client, _ = make(rec)
    with pytest.raises(SourceError, match="CRC"):
        client.download("https://files.example/b.zip", tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists() and not (tmp_path / "b.zip.part").exists()


def test_truncated_zip_without_content_length_is_detected(tmp_path):
    payload = _zip_bytes()
    rec = Recorder([httpx.Response(200, content=payload[: len(payload) // 2])])
    client, _ = make(rec)
    with pytest.raises(SourceError, match="not a complete zip"):
        client.download("https://files.example/b.zip", tmp_path / "b.zip")


def test_download_gives_up_and_keeps_part_for_resume(tmp_path):
    payload = _zip_bytes()
    drops = [httpx.Response(200, headers={"Content-Length": str(len(payload))},
                            stream=_DroppingStream(payload, 100))]
    drops += [httpx.ReadTimeout("slow")] * 2
    rec = Recorder(drops)
    client, _ = make(rec, retries=2)
    with pytest.raises(SourceError, match="run the command again to resume"):
        client.download("https://files.example/b.zip", tmp_path / "b.zip")
    assert (tmp_path / "b.zip.part").stat().st_size == 100


def test_existing_download_is_not_fetched_again(tmp_path):
    payload = _zip_bytes(10)
    rec = Recorder([httpx.Response(200, content=payload)])
    client, _ = make(rec)
    client.download("https://files.example/b.zip", tmp_path / "b.zip")
    info = client.download("https://files.example/b.zip", tmp_path / "b.zip")
    assert info.from_cache and len(rec.requests) == 1
