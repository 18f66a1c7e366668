"""Time of the main job from ingest to PDFs (goal: under 2 minutes on 2 cores).

Runs in a temporary folder: ingest every reference dataset into a fresh warehouse, then build the brief
in three languages (HTML + PDF) with the models (cold model cache), then again with a warm model cache.
Prints wall and CPU seconds per phase; the baseline in the same run is the ingest alone (the brief's
time is reported as a multiple of it, since machines here are noisy).

    python bench/brief.py --raw ../shared/data [--no-models] [--langs en,es,ko]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path


def _clock() -> tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default=os.environ.get("TRADEBRIDGE_RAW", "../shared/data"))
    parser.add_argument("--langs", default="en,es,ko")
    parser.add_argument("--no-models", action="store_true")
    args = parser.parse_args()

    from tradebridge.report import build_brief
    from tradebridge.store.ingest import ingest

    langs = args.langs.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store, cache = tmp / "store.duckdb", tmp / "cache"
        phases = []
        w0, c0 = _clock()
        ingest(store, Path(args.raw))
        w1, c1 = _clock()
        phases.append(("ingest (baseline)", w1 - w0, c1 - c0))
        marks = {}

        def progress(msg: str) -> None:
            marks.setdefault(msg, _clock())

        build_brief(store, tmp / "out", langs=langs, models=not args.no_models, cache=cache, progress=progress)
        w2, c2 = _clock()
        html0 = marks.get(f"html {langs[0]}", (w2, c2))
        phases.append(("evidence + models (cold)", html0[0] - w1, html0[1] - c1))
        phases.append(("HTML + PDF, all languages", w2 - html0[0], c2 - html0[1]))
        phases.append(("ingest -> PDFs (cold)", w2 - w0, c2 - c0))
        build_brief(store, tmp / "out2", langs=langs, models=not args.no_models, cache=cache)
        w3, c3 = _clock()
        phases.append(("brief again (warm model cache)", w3 - w2, c3 - c2))
        pages = {p.name: p.stat().st_size for p in sorted((tmp / "out").glob("*.pdf"))}

    base = phases[0][1]
    print(f"{'phase':34} {'wall s':>8} {'cpu s':>8} {'× ingest':>9}")
    for name, wall, cpu in phases:
        print(f"{name:34} {wall:8.1f} {cpu:8.1f} {wall / base:9.2f}")
    total = phases[3][1]
    print(f"goal: ingest -> PDFs under 120 s on 2 cores: {'met' if total < 120 else 'NOT met'} ({total:.0f} s)")
    print("PDF sizes:", ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in pages.items()))


if __name__ == "__main__":
    main()
