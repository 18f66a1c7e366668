"""Time of ``tradebridge brief --lang all`` (main text and annex, HTML and PDF, en / es / ko), cold and warm,
before and after the PDF speed-ups, in the same run (goal: cold at most 60 s on 2 cores).

Each build runs the CLI in a fresh process on a fresh copy of the warehouse:

- cold: empty model cache and empty font cache (what a new user's first ``brief`` costs);
- warm: the same copy again, model and font caches kept (a second ``brief``);
- ``before``: the variable CJK font embedded as it is (``TRADEBRIDGE_CJK_FONT=variable``) and the PDFs
  written one after the other (``--jobs 1``), as the brief was built before;
- ``after``: static CJK instances (subset, instanced, CFF) and the PDFs written in parallel processes.

Prints wall and CPU seconds (the process and its children) per build and the after/before ratios of the
same run; machines here are shared, so only ratios of one run are compared.

    python bench/brief.py --store STORE.duckdb [--langs all] [--variants before,after] [--no-models]
    python bench/brief.py --raw ../shared/data     # ingests a warehouse first (not timed)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VARIANTS = {"before": {"env": {"TRADEBRIDGE_CJK_FONT": "variable"}, "args": ["--jobs", "1"]},
            "after": {"env": {"TRADEBRIDGE_CJK_FONT": "static"}, "args": []}}
GOAL_S = 60.0


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def build(store: Path, out: Path, cache: Path, fonts: Path, variant: str, langs: str, models: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one ``tradebridge brief`` run in its own process."""
    env = {**os.environ, "TRADEBRIDGE_CACHE": str(cache), "TRADEBRIDGE_FONT_CACHE": str(fonts),
           **VARIANTS[variant]["env"]}
    cmd = [sys.executable, "-c", "from tradebridge.cli.main import app; app()", "brief", "--lang", langs,
           "--out", str(out), "--store", str(store), "--reporter", "KOR", "--partners", "PA",
           *([] if models else ["--no-models", "--no-scenarios"]), *VARIANTS[variant]["args"]]
    c0, w0 = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - w0, _children_cpu() - c0
    if done.returncode != 0:
        raise SystemExit(f"brief failed ({variant}):\n{done.stdout}\n{done.stderr}")
    return wall, cpu


def pages(out: Path) -> dict[str, int]:
    from pypdf import PdfReader

    return {p.name: len(PdfReader(p).pages) for p in sorted(out.glob("*.pdf"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built warehouse (copied, never written)")
    parser.add_argument("--raw", default=os.environ.get("TRADEBRIDGE_RAW"), help="ingest this folder when no --store")
    parser.add_argument("--langs", default="all")
    parser.add_argument("--variants", default="before,after")
    parser.add_argument("--no-models", action="store_true")
    args = parser.parse_args()
    variants = [v.strip() for v in args.variants.split(",")]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise SystemExit(f"unknown variant {sorted(unknown)}; valid: {', '.join(VARIANTS)}")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = args.store
        if source is None:
            if not args.raw:
                raise SystemExit("give --store STORE.duckdb or --raw DIR")
            from tradebridge.store.ingest import ingest

            source = tmp / "source.duckdb"
            ingest(source, Path(args.raw))
        rows, sizes = [], {}
        for variant in variants:
            store, cache, fonts = tmp / f"{variant}.duckdb", tmp / f"cache-{variant}", tmp / f"fonts-{variant}"
            shutil.copyfile(source, store)  # a fresh copy: no session or model cache inside it
            for state in ("cold", "warm"):
                out = tmp / f"out-{variant}-{state}"
                wall, cpu = build(store, out, cache, fonts, variant, args.langs, not args.no_models)
                rows.append((variant, state, wall, cpu))
                sizes[(variant, state)] = pages(out)
    print(f"{'build':16} {'wall s':>8} {'cpu s':>8}")
    for variant, state, wall, cpu in rows:
        print(f"{variant + ' ' + state:16} {wall:8.1f} {cpu:8.1f}")
    got = {(v, s): (w, c) for v, s, w, c in rows}
    if {"before", "after"} <= set(variants):
        for state in ("cold", "warm"):
            (wb, cb), (wa, ca) = got[("before", state)], got[("after", state)]
            print(f"after/before {state}: wall {wa / wb:.2f}×, cpu {ca / cb:.2f}×")
    last = variants[-1]
    cold = got[(last, "cold")][0]
    print(f"goal: cold build at most {GOAL_S:.0f} s on 2 cores ({last}): {'met' if cold <= GOAL_S else 'NOT met'} "
          f"({cold:.0f} s)")
    print("PDF pages:", ", ".join(f"{k} {n}" for k, n in sizes[(last, "cold")].items()))


if __name__ == "__main__":
    main()
