"""Time of the trade overview and of the brief's trade cards on the real panel, this tree against a baseline
commit, in the same run.

What is timed, per variant, in its own process on its own freshly ingested warehouse (each version's
ingest writes the store its code reads):

- ``overview``: :func:`tradebridge.indicators.overview.trade_overview` for the settings' scope (reporter and
  bloc from ``--reporter`` / ``--partners``), years present in the dataset; what ``tradebridge trade
  overview`` and the dashboard's overview page compute;
- ``trade cards``: the same overview and the six trade-card builders of :mod:`tradebridge.evidence.trade_cards`
  on it (flows, growth, balance record, exports since, FTA windows, years), as ``collect_evidence`` runs them
  for the brief.

Each variant runs ``--rounds`` times, alternating (after, before, after, before, ...), each round a fresh
process doing ``--repeats`` repetitions; the best wall and the best CPU time over all repetitions are kept
and the after/before ratios of the same run printed (machines here are shared: only same-run ratios are
compared). The baseline is checked out with ``git worktree`` into a temporary folder and removed afterwards.

    python bench/overview.py --raw ../shared/data                 # against BASELINE (before issue 14)
    python bench/overview.py --baseline HEAD~20 --repeats 10 --rounds 3

``--raw`` defaults to the settings' raw folder (``TRADEBRIDGE_RAW`` or ``tradebridge.toml``), the scope to the
settings' reporter and partners.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The last commit before the one-pass indicators of issue 14 (base aggregates, keyed flows).
BASELINE = "ca2904d"

# Runs inside the variant's interpreter (its src first on sys.path): one JSON line of best times.
TIMER = r"""
import json, resource, sys, time
store_path, reporter, partners, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
from tradebridge.evidence import trade_cards
from tradebridge.evidence.collect import provenance_refs
from tradebridge.indicators.overview import trade_overview
from tradebridge.store import Store

def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime

BUILDERS = [getattr(trade_cards, n) for n in ("flow_cards", "growth_cards", "balance_record_cards",
                                              "exports_since_cards", "fta_window_cards", "year_cards")]

def overview(store):
    return trade_overview(store.ibis(), reporter, partners)

def cards(store):
    ov = overview(store)
    prov = provenance_refs(store, ["comtrade_aggregate"])
    out = []
    for build in BUILDERS:
        out += build(ov.windows if build is trade_cards.fta_window_cards else ov.yearly, reporter, prov,
                     "comtrade_aggregate")
    return out

best = {}
with Store.open(store_path) as store:
    overview(store)  # first call: imports and connections, not timed
    for name, fn in (("overview", overview), ("trade cards", cards)):
        for _ in range(repeats):
            w, c = time.perf_counter(), cpu()
            out = fn(store)
            w, c = time.perf_counter() - w, cpu() - c
            n = len(out.yearly) + len(out.windows) if name == "overview" else len(out)
            b = best.setdefault(name, [w, c, n])
            b[0], b[1], b[2] = min(b[0], w), min(b[1], c), n
print(json.dumps(best))
"""


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _ingest(src: Path, raw: str, store: Path) -> None:
    cmd = [sys.executable, "-c", "from tradebridge.cli.main import run; run()", "data", "ingest",
           "--raw", str(raw), "--store", str(store)]
    subprocess.run(cmd, env=_env(src), check=True, stdout=subprocess.DEVNULL)


def _time(src: Path, store: Path, reporter: str, partners: str, repeats: int) -> dict:
    out = subprocess.run([sys.executable, "-c", TIMER, str(store), reporter, partners, str(repeats)],
                         env=_env(src), check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from tradebridge.config import load_settings

    settings = load_settings()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", default=settings.raw, help="the raw data folder (default: the settings' raw folder)")
    ap.add_argument("--baseline", default=BASELINE, help=f"git commit to compare with (default {BASELINE})")
    ap.add_argument("--reporter", default=settings.reporter)
    ap.add_argument("--partners", default=settings.partners)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if args.raw is None:
        raise SystemExit("no raw-data folder: pass --raw DIR or set TRADEBRIDGE_RAW")
    with tempfile.TemporaryDirectory(prefix="tb-bench-overview-") as tmp:
        tmp = Path(tmp)
        tree = tmp / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), args.baseline],
                       check=True)
        try:
            variants = {"after": ROOT / "src", "before": tree / "src"}
            stores = {}
            for name, src in variants.items():
                stores[name] = tmp / f"{name}.duckdb"
                _ingest(src, args.raw, stores[name])
            best: dict[str, dict[str, list]] = {}
            for _ in range(args.rounds):
                for name, src in variants.items():
                    got = _time(src, stores[name], args.reporter, args.partners, args.repeats)
                    for step, (w, c, n) in got.items():
                        b = best.setdefault(name, {}).setdefault(step, [w, c, n])
                        b[0], b[1], b[2] = min(b[0], w), min(b[1], c), n
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    load = os.getloadavg()
    print(f"{args.reporter} + {args.partners}, best of {args.rounds} rounds x {args.repeats} repeats; "
          f"baseline {args.baseline}; load average at end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"{'step':14s} {'before wall':>11s} {'cpu':>6s} {'after wall':>10s} {'cpu':>6s} "
          f"{'after/before wall':>17s} {'cpu':>6s} {'rows':>6s}")
    for step in best["after"]:
        bw, bc, bn = best["before"][step]
        aw, ac, an = best["after"][step]
        print(f"{step:14s} {bw:11.3f} {bc:6.3f} {aw:10.3f} {ac:6.3f} {aw / bw:16.2f}x {ac / bc:5.2f}x "
              f"{an:>6}" + ("" if an == bn else f" (before: {bn})"))


if __name__ == "__main__":
    main()
