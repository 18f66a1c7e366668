"""Benchmark: PPML with exporter-year, importer-year and pair fixed effects, pyfixest (tradebridge)
against statsmodels' Poisson GLM with dummy variables, on the same data in the same run.

Panels: the Advanced Guide's (AGTPA, 1986-2006 every 4 years) and the penppml Comtrade aggregate
panel (1964-2016 every 4 years). The dummy-variable GLM cannot hold the full panels in memory
(tens of thousands of dummy columns), so both estimators run on the same subsample of countries;
pyfixest then also runs on the full panel. Printed: time ratio (GLM / pyfixest), peak memory
(tracemalloc) of each, and the largest absolute difference between the coefficients.

Usage:
    python bench/gravity_ppml.py --raw ../shared/data                # default: 12 countries
    python bench/gravity_ppml.py --raw ../shared/data --countries 35 # bigger subsample
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd


def measure(fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, elapsed, peak / 2**20


def agtpa(raw: Path) -> tuple[pd.DataFrame, str]:
    d = pd.read_csv(raw / "trade" / "agtpa" / "agtpa_applications.csv.gz")
    d["year"] = d["year"].astype(int)
    d = d[d["year"].isin(range(1986, 2007, 4)) & (d["exporter"] != d["importer"])]
    return d[["exporter", "importer", "year", "trade", "rta"]], "rta"


def comtrade(raw: Path) -> tuple[pd.DataFrame, str]:
    from tradebridge.models.inputs import read_file

    d = read_file(raw / "trade" / "comtrade_aggregate_1964_2016.csv.gz")
    d["rta"] = (d["agreement_id"] != 0).astype(int)
    d["trade"] = d["trade"] / 1e6
    return d[["exporter", "importer", "year", "trade", "rta"]], "rta"


def subsample(d: pd.DataFrame, n: int) -> pd.DataFrame:
    top = d.groupby("exporter")["trade"].sum().nlargest(n).index
    return d[d["exporter"].isin(top) & d["importer"].isin(top)].reset_index(drop=True)


def drop_separated(d: pd.DataFrame) -> pd.DataFrame:
    """Rows of pairs that never trade (and exporter-/importer-years without trade) have no PPML
    estimate; drop them for both estimators so they fit the same sample."""
    d = d.copy()
    for keys in (["exporter", "importer"], ["exporter", "year"], ["importer", "year"]):
        d = d[d.groupby(keys)["trade"].transform("sum") > 0]
    return d.reset_index(drop=True)


def fit_pyfixest(d: pd.DataFrame, term: str) -> float:
    from tradebridge.models.gravity import estimate_gravity

    return estimate_gravity(d, f"trade ~ {term} | exp_year + imp_year + pair_id", separation=("fe",)).coefficient(term)


def fit_glm(d: pd.DataFrame, term: str) -> float:
    import statsmodels.api as sm

    ids = pd.DataFrame({
        "ey": d["exporter"] + d["year"].astype(str), "iy": d["importer"] + d["year"].astype(str),
        "p": d["exporter"] + "-" + d["importer"],
    })
    X = pd.get_dummies(ids, drop_first=True, dtype=float)
    X.insert(0, term, d[term].astype(float).to_numpy())
    X.insert(0, "const", 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.GLM(d["trade"].to_numpy(), X, family=sm.families.Poisson()).fit(tol=1e-10, maxiter=200)
    return float(res.params[term])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", type=Path, required=True, help="the shared reference-data folder")
    ap.add_argument("--countries", type=int, default=12, help="countries in the subsample (default 12)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    fit_pyfixest(drop_separated(subsample(agtpa(args.raw)[0], 8)), "rta")  # compile numba once, untimed
    for name, loader in (("AGTPA", agtpa), ("Comtrade aggregate", comtrade)):
        full, term = loader(args.raw)
        sub = drop_separated(subsample(full, args.countries))
        (b_pf, t_pf, m_pf) = measure(lambda: fit_pyfixest(sub, term))
        (b_glm, t_glm, m_glm) = measure(lambda: fit_glm(sub, term))
        n_dummies = sub["exporter"].nunique() * sub["year"].nunique() * 2 + sub.groupby(["exporter", "importer"]).ngroups
        print(f"{name}: subsample of {args.countries} countries, {len(sub):,} rows, about {n_dummies:,} dummies")
        print(f"  pyfixest   {t_pf:8.2f} s  peak {m_pf:8.1f} MiB  b = {b_pf:.8f}")
        print(f"  GLM dummies{t_glm:8.2f} s  peak {m_glm:8.1f} MiB  b = {b_glm:.8f}")
        print(f"  time ratio GLM/pyfixest {t_glm / t_pf:6.1f}x, memory ratio {m_glm / max(m_pf, 1e-9):6.1f}x, "
              f"|b difference| {abs(b_pf - b_glm):.2e}")
        (b_full, t_full, m_full) = measure(lambda: fit_pyfixest(full, term))
        cells = full.groupby(["exporter", "importer"]).ngroups + 2 * full.groupby(["exporter", "year"]).ngroups
        dense_gib = len(full) * cells * 8 / 2**30
        print(f"  full panel ({len(full):,} rows): pyfixest {t_full:.2f} s, peak {m_full:.1f} MiB, b = {b_full:.6f}; "
              f"a dense dummy matrix would need about {dense_gib:,.0f} GiB")


if __name__ == "__main__":
    main()
