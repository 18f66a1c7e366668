"""Benchmark: bounded load test of the web app on loopback.

Starts ``uvicorn`` (one worker) on 127.0.0.1 with a free port, then sends a fixed number of requests
from ``--clients`` concurrent clients (httpx async, one connection pool and cookie jar per client) to

1. ``/healthz`` (trivial endpoint: the baseline),
2. ``/api/overview`` (JSON API; served from the per-store-version cache after one warm-up request),
3. survey submission: GET the form (CSRF token and submission id) then POST the answers; the POST's
   latency is measured.

Printed per endpoint: requests, errors (non-2xx or transport failures), p50/p95/p99 latency in ms and
each as a ratio to the health endpoint's measured in the same run; and the survey rows counted in the
database before and after: lost submissions = accepted posts - new rows (must be 0).

Usage:
    python bench/web_load.py --raw ../shared/data                       # builds a warehouse in a temp dir
    python bench/web_load.py --store .tradebridge/store.duckdb          # existing warehouse
    python bench/web_load.py --store S --clients 100 --requests 5000    # bigger run
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, db: str, tmp: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "TRADEBRIDGE_STORE": str(store), "TRADEBRIDGE_SURVEY_DB": db,
           "TRADEBRIDGE_CACHE": str(tmp / "cache"), "TRADEBRIDGE_SECRET": uuid.uuid4().hex,
           "TRADEBRIDGE_CONFIG": str(tmp / "none.toml")}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "tradebridge.web.app:app_from_env",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error",
                             "--no-access-log"], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the server did not start")


async def run_phase(base: str, clients: int, total: int, one) -> tuple[list[float], int, int]:
    """``total`` calls of ``one(client) -> (latency_s, ok)`` spread over ``clients`` concurrent clients."""
    latencies: list[float] = []
    errors = ok_count = 0
    counter = iter(range(total))

    async def worker() -> None:
        nonlocal errors, ok_count
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
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


def row(name: str, lat: list[float], errors: int, n: int, base: np.ndarray | None) -> str:
    q = np.percentile(np.array(lat) * 1000, [50, 95, 99]) if lat else np.array([np.nan] * 3)
    ratio = "" if base is None else "  x" + " / x".join(f"{a / b:.1f}" for a, b in zip(q, base, strict=True))
    return (f"{name:<22} {n:>6} {errors:>6} {errors / max(n, 1):>7.2%} "
            f"{q[0]:>8.1f} {q[1]:>8.1f} {q[2]:>8.1f}{ratio}"), q


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="existing warehouse (else built from --raw in a temp dir)")
    ap.add_argument("--raw", type=Path, help="reference-data folder to build a warehouse from")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000, help="requests per GET endpoint")
    ap.add_argument("--submissions", type=int, default=500)
    args = ap.parse_args()
    from tradebridge.survey.storage import ResponseStore

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        store = args.store
        if store is None:
            if args.raw is None:
                raise SystemExit("give --store PATH or --raw DIR")
            from tradebridge.store.ingest import ingest

            store = tmp / "store.duckdb"
            t0 = time.perf_counter()
            ingest(store, args.raw)
            print(f"warehouse built in {time.perf_counter() - t0:.1f} s")
        db = f"sqlite:///{tmp / 'survey.sqlite'}"
        proc, base = start_server(store, db, tmp)
        try:
            t0 = time.perf_counter()
            assert httpx.get(base + "/api/overview", timeout=120).status_code == 200  # fills the cache
            print(f"first /api/overview (computed, then cached): {time.perf_counter() - t0:.2f} s")
            rows_before = ResponseStore(db).count()
            health = asyncio.run(run_phase(base, args.clients, args.requests, getter("/healthz")))
            overview = asyncio.run(run_phase(base, args.clients, args.requests, getter("/api/overview")))
            t0 = time.perf_counter()
            survey = asyncio.run(run_phase(base, args.clients, args.submissions, submit))
            survey_s = time.perf_counter() - t0
            rows_after = ResponseStore(db).count()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"\n{args.clients} concurrent clients, loopback, 1 uvicorn worker")
    print(f"{'endpoint':<22} {'n':>6} {'errors':>6} {'rate':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  "
          "ratio to health (p50 / p95 / p99)")
    text, hq = row("GET /healthz", health[0], health[1], args.requests, None)
    print(text)
    print(row("GET /api/overview", overview[0], overview[1], args.requests, hq)[0])
    print(row("POST survey form", survey[0], survey[1], args.submissions, hq)[0])
    accepted = survey[2]
    lost = accepted - (rows_after - rows_before)
    print(f"\nsurvey rows before {rows_before}, after {rows_after}; accepted posts {accepted}; "
          f"lost submissions {lost}; {args.submissions / survey_s:.0f} submissions/s (GET form + POST)")
    if lost != 0:
        raise SystemExit("LOST SUBMISSIONS")


if __name__ == "__main__":
    main()
