"""Benchmark: ECI, PCI, density, COI and COG on a BACI-sized synthetic year, tradebridge against the
PyPI package ``ecomplexity`` (py-ecomplexity, Harvard Growth Lab) in the same run.

The year is 230 exporters × P products (P = 1,000 … 5,000, a BACI HS6 year has about 5,000), about
40 % of cells positive, values log-normal (sigma 2.5) with Zipf-like exporter size and product
popularity. Values are synthetic: the benchmark says nothing about real trade.

Same numbers: py-ecomplexity 0.5 keeps a product's proximity to itself (φ_pp = 1) and standardises
with the population sd, where Stata (and tradebridge) use φ_pp = 0 and the sd over the n = C × P long
cells with divisor n − 1. tradebridge runs here with ``diagonal=1`` and its ECI, PCI, COI and COG are
multiplied by sqrt(n / (n − 1)); then every value must agree with py-ecomplexity's to rtol 1e-6
(atol 1e-9 for COG, which is 0 wherever M = 1).

Each engine × size runs in its own child process, so the peak resident memory (``ru_maxrss``) is that
engine's alone; "data" is the RSS after building the year, "peak" the maximum during the computation.

Usage::

    python bench/complexity.py                       # sizes 1000,2500,5000
    python bench/complexity.py --sizes 500,1000      # quicker
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time
import warnings

import numpy as np
import pandas as pd

N_COUNTRIES = 230
COLS = ["eci", "pci", "density", "coi", "cog"]


def synthetic_year(n_products: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    size = 1.0 / np.arange(1, N_COUNTRIES + 1) ** 0.8
    pop = 1.0 / np.arange(1, n_products + 1) ** 0.5
    prob = np.clip(0.9 * np.sqrt(size[:, None] / size.max()) * np.sqrt(pop[None, :] / pop.max()) * 1.6, 0.02, 0.98)
    has = rng.random((N_COUNTRIES, n_products)) < prob
    c, p = np.nonzero(has)
    value = np.exp(rng.normal(10, 2.5, len(c))) * size[c] * 1e3
    return pd.DataFrame({"exporter": [f"C{i:03d}" for i in c], "product": [f"{j:06d}" for j in p],
                         "year": 2020, "value_usd": value})


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(engine: str, n_products: int, queue: mp.Queue) -> None:
    warnings.filterwarnings("ignore")
    frame = synthetic_year(n_products)
    from ecomplexity import ecomplexity

    from tradebridge.indicators.complexity import complexity

    data_mb = _rss_mb()
    t0 = time.perf_counter()
    if engine == "tradebridge":
        res = complexity(frame, diagonal=1.0)
        out = res.cells.merge(res.countries, on=["exporter", "year"]).merge(res.products, on=["product", "year"])
        out = out.rename(columns={"exporter": "loc", "product": "prod"})
    else:
        out = ecomplexity(frame, {"time": "year", "loc": "exporter", "prod": "product", "val": "value_usd"},
                          check_logsupermodularity=False, verbose=False)
        out = out.rename(columns={"exporter": "loc", "product": "prod"})
    seconds = time.perf_counter() - t0
    out = out[["loc", "prod", *COLS]].sort_values(["loc", "prod"]).reset_index(drop=True)
    queue.put({"seconds": seconds, "data_mb": data_mb, "peak_mb": _rss_mb(), "frame": out})


def measure(engine: str, n_products: int) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(engine, n_products, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def compare(ours: pd.DataFrame, theirs: pd.DataFrame) -> dict[str, float]:
    """Largest relative difference per measure after the documented conversion (see module docstring)."""
    assert (ours[["loc", "prod"]].to_numpy() == theirs[["loc", "prod"]].to_numpy()).all()
    n = len(ours)
    factor = np.sqrt(n / (n - 1))
    worst = {}
    for col in COLS:
        a = ours[col].to_numpy(float) * (factor if col != "density" else 1.0)
        b = theirs[col].to_numpy(float)
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9 if col == "cog" else 0, err_msg=col)
        ok = np.abs(b) > (1e-3 if col == "cog" else 1e-9)   # relative error of COG where it is not ~0
        worst[col] = float(np.max(np.abs(a[ok] - b[ok]) / np.abs(b[ok])))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2500,5000", help="numbers of products, comma-separated")
    args = parser.parse_args()
    rows = []
    for n_products in [int(s) for s in args.sizes.split(",")]:
        ours, theirs = measure("tradebridge", n_products), measure("ecomplexity", n_products)
        worst = compare(ours["frame"], theirs["frame"])
        rows.append({"products": n_products, "cells": len(ours["frame"]),
                     "tradebridge_s": round(ours["seconds"], 2), "ecomplexity_s": round(theirs["seconds"], 2),
                     "speedup": round(theirs["seconds"] / ours["seconds"], 1),
                     "tradebridge_peak_mb": round(ours["peak_mb"]), "ecomplexity_peak_mb": round(theirs["peak_mb"]),
                     "memory_ratio": round((theirs["peak_mb"] - theirs["data_mb"] + 1) /
                                           (ours["peak_mb"] - ours["data_mb"] + 1), 1),
                     **{f"max_rel_{k}": f"{v:.0e}" for k, v in worst.items()}})
        print(rows[-1], flush=True)
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")


if __name__ == "__main__":
    main()
