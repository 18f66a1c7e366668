"""Benchmark: bounded load test of the web app on loopback.

Starts ``uvicorn`` (one worker) on 127.0.0.1 with a free port, then sends a fixed number of requests
from ``--clients`` concurrent clients (httpx async, one connection pool and cookie jar per client) to

1. ``/healthz`` (trivial endpoint: the baseline),
2. cached pages: ``/api/overview`` (JSON) and the HTML pages ``/overview``, ``/partners/CHL`` and
   ``/scenarios`` (each filled once before timing; then served from the per-store-version cache),
3. survey submission: GET the form (CSRF token and submission id) then POST the answers; the POST's
   latency is measured,
4. a burst of ``--burst`` concurrent **cache-missing** indicator requests (each for a year range nobody
   asked for), with health probes sent during it, twice in the same run: on a server whose compute
   gate is off (``TRADEBRIDGE_COMPUTE_SLOTS=0``, the behaviour before the gate) and on one with the
   default gate (1 computing, 8 waiting, the rest refused at once with 503 + ``Retry-After``).

Printed per endpoint: requests, errors (non-2xx or transport failures), p50/p95/p99 latency in ms and
each as a ratio to the health endpoint's measured in the same run, and whether the cached pages'
p95 is within ``--max-ratio`` (5) times the health p95; for each burst: answered, refused (503),
the p95 of the answered and of all, and the health probes' p95 during the burst; and the survey rows
counted in the database before and after: lost submissions = accepted posts - new rows (must be 0).

Usage:
    python bench/web_load.py --raw ../shared/data                       # builds a warehouse in a temp dir
    python bench/web_load.py --store .tradebridge/store.duckdb          # existing warehouse
    python bench/web_load.py --store S --clients 10 --requests 200 --submissions 50   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import numpy as np

FORM = "/survey/tradebridge-perceptions/en"
ANSWERS = {"country": "MEX", "actor_type": "private", "sector": "automotive_metals", "firm_size": "medium",
           "relationship_positive": "4", "fta_benefit": "3", "market_knowledge": "2", "balance_concern": "4",
           "coop_priority": "rnd", "associate_support": "3", "comments": "load test"}
CACHED = ("/api/overview", "/overview", "/partners/CHL", "/scenarios")
MISSING_INDICATORS = ("balance", "intensity")  # computable on the aggregate (no product) data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, db: str, tmp: Path, **env_extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "TRADEBRIDGE_STORE": str(store), "TRADEBRIDGE_SURVEY_DB": db,
           "TRADEBRIDGE_CACHE": str(tmp / "cache"), "TRADEBRIDGE_SECRET": uuid.uuid4().hex,
           "TRADEBRIDGE_CONFIG": str(tmp / "none.toml"),
           "TRADEBRIDGE_SURVEY_RATE_LIMIT": "0",  # every load-test client shares 127.0.0.1: measure the store, not the limiter
           **env_extra}
    tmp.mkdir(parents=True, exist_ok=True)
    log = (tmp / "server.log").open("w")  # tracebacks of failed requests: counted, not printed
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "tradebridge.web.app:app_from_env",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error",
                             "--no-access-log"], env=env, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the server did not start")


def stop(proc: subprocess.Popen, tmp: Path) -> int:
    """Stop the server; the number of tracebacks it logged."""
    proc.terminate()
    proc.wait(timeout=30)
    return (tmp / "server.log").read_text(encoding="utf-8", errors="replace").count("Traceback")


async def run_phase(base: str, clients: int, total: int, one) -> tuple[list[float], int, int]:
    """``total`` calls of ``one(client) -> (latency_s, ok)`` spread over ``clients`` concurrent clients."""
    latencies: list[float] = []
    errors = ok_count = 0
    counter = iter(range(total))

    async def worker() -> None:
        nonlocal errors, ok_count
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            for _ in counter:
                try:
                    lat, ok = await one(client)
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(lat)
                ok_count += ok
                errors += not ok

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, ok_count


def getter(path: str):
    async def one(client: httpx.AsyncClient) -> tuple[float, bool]:
        t0 = time.perf_counter()
        r = await client.get(path)
        return time.perf_counter() - t0, r.status_code == 200
    return one


async def submit(client: httpx.AsyncClient) -> tuple[float, bool]:
    html = (await client.get(FORM)).text
    fields = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
              "submission_id": re.search(r'name="submission_id" value="([^"]+)"', html).group(1)}
    t0 = time.perf_counter()
    r = await client.post(FORM, data={**ANSWERS, **fields})
    return time.perf_counter() - t0, r.status_code == 200 and "Thank you" in r.text


def missing_paths(n: int, offset: int) -> list[str]:
    """``n`` indicator requests no one asked for yet (distinct year ranges; ``offset`` keeps two bursts apart)."""
    out = []
    for k in range(n):
        name = MISSING_INDICATORS[k % len(MISSING_INDICATORS)]
        out.append(f"/api/indicators/{name}?year_from={1960 + offset + k // len(MISSING_INDICATORS)}&year_to=2016")
    return out


async def burst(base: str, paths: list[str], probes: int) -> dict[str, object]:
    """All ``paths`` at once, and ``probes`` health requests spread over the burst; latencies and statuses."""
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=httpx.Limits(max_connections=len(paths) + 4)) as c:
        async def one(path: str) -> tuple[float, int]:
            t0 = time.perf_counter()
            r = await c.get(path)
            return time.perf_counter() - t0, r.status_code

        async def probe() -> list[float]:
            out = []
            async with httpx.AsyncClient(base_url=base, timeout=300) as h:
                for _ in range(probes):
                    t0 = time.perf_counter()
                    await h.get("/healthz")
                    out.append(time.perf_counter() - t0)
                    await asyncio.sleep(0.05)
            return out

        t0 = time.perf_counter()
        results, health = await asyncio.gather(asyncio.gather(*(one(p) for p in paths)), probe())
        wall = time.perf_counter() - t0
    return {"latency": [r[0] for r in results], "status": [r[1] for r in results], "health": health, "wall": wall}


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q)) if values else float("nan")


def row(name: str, lat: list[float], errors: int, n: int, base: np.ndarray | None) -> tuple[str, np.ndarray]:
    q = np.percentile(np.array(lat) * 1000, [50, 95, 99]) if lat else np.array([np.nan] * 3)
    ratio = "" if base is None else "  x" + " / x".join(f"{a / b:.1f}" for a, b in zip(q, base, strict=True))
    return (f"{name:<22} {n:>6} {errors:>6} {errors / max(n, 1):>7.2%} "
            f"{q[0]:>8.1f} {q[1]:>8.1f} {q[2]:>8.1f}{ratio}"), q


def burst_line(name: str, b: dict[str, object]) -> str:
    lat, status = b["latency"], b["status"]
    answered = [x for x, s in zip(lat, status, strict=True) if s == 200]
    refused = sum(s == 503 for s in status)
    other = len(status) - len(answered) - refused
    return (f"{name:<26} {len(answered):>8} {refused:>8} {other:>6} {pct(answered, 95):>12.0f} {pct(lat, 95):>10.0f} "
            f"{pct(b['health'], 95):>12.1f} {b['wall']:>8.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="existing warehouse (else built from --raw in a temp dir)")
    ap.add_argument("--raw", type=Path, help="reference-data folder to build a warehouse from")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000, help="requests per GET endpoint")
    ap.add_argument("--submissions", type=int, default=500)
    ap.add_argument("--burst", type=int, default=20, help="concurrent cache-missing indicator requests")
    ap.add_argument("--max-ratio", type=float, default=5.0, help="cached pages' p95 / health p95 allowed")
    args = ap.parse_args()
    from tradebridge.survey.storage import ResponseStore

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        store = args.store
        if store is None:
            if args.raw is None:
                from tradebridge.config import load_settings

                args.raw = load_settings().raw  # TRADEBRIDGE_RAW or tradebridge.toml
            if args.raw is None:
                raise SystemExit("give --store PATH or --raw DIR (or set TRADEBRIDGE_RAW)")
            from tradebridge.store.ingest import ingest

            store = tmp / "store.duckdb"
            t0 = time.perf_counter()
            ingest(store, args.raw)
            print(f"warehouse built in {time.perf_counter() - t0:.1f} s")
        db = f"sqlite:///{tmp / 'survey.sqlite'}"
        # before the gate: the same app with the gate off, for the burst only
        proc, base = start_server(store, db, tmp / "ungated", TRADEBRIDGE_COMPUTE_SLOTS="0")
        try:
            for path in ("/api/overview", "/api/indicators/balance"):  # the lookups every indicator request shares
                assert httpx.get(base + path, timeout=300).status_code == 200, path
            ungated = asyncio.run(burst(base, missing_paths(args.burst, 0), probes=20))
        finally:
            ungated_tracebacks = stop(proc, tmp / "ungated")
        proc, base = start_server(store, db, tmp / "gated")
        try:
            t0 = time.perf_counter()
            for path in (*CACHED, "/api/indicators/balance"):  # fills the cache (and the shared lookups)
                assert httpx.get(base + path, timeout=300).status_code == 200, path
            print(f"first request of the {len(CACHED)} cached pages and one indicator (computed, then cached): "
                  f"{time.perf_counter() - t0:.2f} s")
            rows_before = ResponseStore(db).count()
            health = asyncio.run(run_phase(base, args.clients, args.requests, getter("/healthz")))
            cached = {p: asyncio.run(run_phase(base, args.clients, args.requests, getter(p))) for p in CACHED}
            t0 = time.perf_counter()
            survey = asyncio.run(run_phase(base, args.clients, args.submissions, submit))
            survey_s = time.perf_counter() - t0
            rows_after = ResponseStore(db).count()
            gated = asyncio.run(burst(base, missing_paths(args.burst, 40), probes=20))
        finally:
            gated_tracebacks = stop(proc, tmp / "gated")
    print(f"\n{args.clients} concurrent clients, loopback, 1 uvicorn worker")
    print(f"{'endpoint':<22} {'n':>6} {'errors':>6} {'rate':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  "
          "ratio to health (p50 / p95 / p99)")
    text, hq = row("GET /healthz", health[0], health[1], args.requests, None)
    print(text)
    worst = 0.0
    for path, res in cached.items():
        text, q = row(f"GET {path}", res[0], res[1], args.requests, hq)
        worst = max(worst, q[1] / hq[1])
        print(text)
    print(row("POST survey form", survey[0], survey[1], args.submissions, hq)[0])
    verdict = "within" if worst <= args.max_ratio else "OVER"
    print(f"\ncached pages: worst p95 = {worst:.1f} x the health p95 ({verdict} the {args.max_ratio:g} x bound)")
    accepted = survey[2]
    lost = accepted - (rows_after - rows_before)
    print(f"survey rows before {rows_before}, after {rows_after}; accepted posts {accepted}; "
          f"lost submissions {lost}; {args.submissions / survey_s:.0f} submissions/s (GET form + POST)")
    print(f"\nburst of {args.burst} concurrent cache-missing indicator requests (health probed during it)")
    print(f"{'':<26} {'answered':>8} {'503':>8} {'other':>6} {'p95 ok (ms)':>12} {'p95 all':>10} "
          f"{'health p95':>12} {'wall s':>8}")
    print(burst_line("before: gate off", ungated))
    print(burst_line("after: gate 1 + 8 waiting", gated))
    print(f"server tracebacks logged: {ungated_tracebacks} without the gate, {gated_tracebacks} with it "
          "(other = 5xx answers)")
    if lost != 0:
        raise SystemExit("LOST SUBMISSIONS")


if __name__ == "__main__":
    main()
