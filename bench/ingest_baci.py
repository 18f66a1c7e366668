"""Benchmark: ingest a BACI-format release zip into a DuckDB store, streaming vs pandas.

Generates a zip in CEPII BACI's exact layout (``BACI_HS17_Y2019_V202401.csv`` with ``t,i,j,k,v,q``,
``k`` without its leading zero, ``NA`` for unknown quantities, plus ``country_codes_V202401.csv`` and
``product_codes_HS17_V202401.csv``) with made-up values, then, each in its own process so that peak
memory (max RSS) is measured separately:

* **streaming** — ``tradebridge.sources.baci.baci_batches`` (pyarrow CSV blocks -> tidy Arrow batches)
  consumed by DuckDB: ``CREATE TABLE trade_flows AS SELECT * FROM reader`` (never all rows in memory);
* **pandas** (baseline) — ``pandas.read_csv`` of the whole CSV, the same tidy conversion
  (ISO3 mapping, zero-padded products, v * 1000) and ``DataFrame.to_parquet``; then, for a like-for-like
  figure, the same table loaded into DuckDB from that Parquet file.

Prints rows/s of both, their ratio and each peak RSS; checks both stores hold the same rows and the
same total value.

Usage::

    python bench/ingest_baci.py                 # 10,000,000 rows
    python bench/ingest_baci.py --rows 1000000  # quick run
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

RELEASE, REVISION, YEAR = "202401", "HS17", 2019
COUNTRIES = [(4, "AFG"), (32, "ARG"), (36, "AUS"), (76, "BRA"), (124, "CAN"), (152, "CHL"), (156, "CHN"),
             (170, "COL"), (251, "FRA"), (276, "DEU"), (356, "IND"), (360, "IDN"), (392, "JPN"), (410, "KOR"),
             (484, "MEX"), (490, "TWN"), (604, "PER"), (643, "RUS"), (699, "IND"), (704, "VNM"), (710, "ZAF"),
             (757, "CHE"), (826, "GBR"), (842, "USA")]
MEMBER = f"BACI_{REVISION}_Y{YEAR}_V{RELEASE}.csv"


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """Write a BACI-layout zip with ``rows`` made-up rows, 1M rows at a time."""
    rng = np.random.default_rng(seed)
    codes = np.array([c for c, _ in COUNTRIES if c != 699])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(MEMBER, "w", force_zip64=True) as fh:
            fh.write(b"t,i,j,k,v,q\n")
            done = 0
            while done < rows:
                n = min(1_000_000, rows - done)
                q = np.round(rng.lognormal(1, 2, n), 3)
                q_str = pc.cast(pa.array(q), pa.string())
                q_str = pc.if_else(pa.array(rng.random(n) < 0.03), pa.scalar("NA"), q_str)
                table = pa.table({
                    "t": np.full(n, YEAR), "i": rng.choice(codes, n), "j": rng.choice(codes, n),
                    "k": rng.integers(10121, 970600, n),  # BACI writes k without its leading zero
                    "v": np.round(rng.lognormal(2, 2.5, n), 3), "q": q_str,
                })
                pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=False, quoting_style="none"))
                done += n
        zf.writestr(f"country_codes_V{RELEASE}.csv", "country_code,country_name,country_iso2,country_iso3\n"
                    + "".join(f"{c},made-up,XX,{iso}\n" for c, iso in COUNTRIES))
        zf.writestr(f"product_codes_{REVISION}_V{RELEASE}.csv", "code,description\n010121,made-up\n")


def load_duckdb(parquet: Path, store: Path) -> tuple[int, float]:
    import duckdb

    con = duckdb.connect(str(store))
    con.execute(f"CREATE OR REPLACE TABLE trade_flows AS SELECT * FROM read_parquet('{parquet}')")
    n, total = con.execute("SELECT count(*), sum(value_usd) FROM trade_flows").fetchone()
    con.close()
    return int(n), float(total)


def run_streaming(zip_path: Path, work: Path) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import duckdb

    from tradebridge.sources.baci import baci_batches

    t0 = time.perf_counter()
    reader, _prov = baci_batches(zip_path)
    con = duckdb.connect(str(work / "stream.duckdb"))
    con.register("baci_stream", reader)
    con.execute("CREATE OR REPLACE TABLE trade_flows AS SELECT * FROM baci_stream")
    n, total = con.execute("SELECT count(*), sum(value_usd) FROM trade_flows").fetchone()
    con.close()
    t1 = time.perf_counter()
    return {"rows": int(n), "total": float(total), "parse_s": t1 - t0, "load_s": 0.0, "seconds": t1 - t0}


def run_parquet(zip_path: Path, work: Path) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from tradebridge.sources.baci import baci_to_parquet

    t0 = time.perf_counter()
    res = baci_to_parquet(zip_path, work / "stream.parquet")
    t1 = time.perf_counter()
    return {"rows": res.rows, "total": None, "parse_s": t1 - t0, "load_s": 0.0, "seconds": t1 - t0}


def run_pandas(zip_path: Path, work: Path) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    with zipfile.ZipFile(zip_path) as zf:
        raw = pd.read_csv(zf.open(MEMBER), dtype={"k": str}, na_values=["NA"])
        cc = pd.read_csv(zf.open(f"country_codes_V{RELEASE}.csv"))
    iso = dict(zip(cc["country_code"], cc["country_iso3"]))
    iso[490] = "TWN"
    frame = pd.DataFrame({
        "dataset": f"baci_{REVISION.lower()}_v{RELEASE}", "exporter": raw["i"].map(iso),
        "importer": raw["j"].map(iso), "year": raw["t"].astype("int64"), "classification": REVISION,
        "product": raw["k"].str.zfill(6), "value_usd": raw["v"] * 1000.0, "quantity": raw["q"],
        "quantity_unit": "t",
    })
    frame.to_parquet(work / "pandas.parquet", index=False)
    t1 = time.perf_counter()
    cpu_parse = _cpu()
    del raw, frame
    n, total = load_duckdb(work / "pandas.parquet", work / "pandas.duckdb")
    t2 = time.perf_counter()
    return {"rows": n, "total": total, "parse_s": t1 - t0, "load_s": t2 - t1, "seconds": t2 - t0,
            "cpu_parse_s": cpu_parse}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(method: str, zip_path: Path, work: Path) -> None:
    out = {"streaming": run_streaming, "parquet": run_parquet, "pandas": run_pandas}[method](zip_path, work)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["peak_rss_mb"] = usage.ru_maxrss / 1024  # Linux: KiB
    out["cpu_s"] = usage.ru_utime + usage.ru_stime  # all threads; steadier than wall time on a busy machine
    print(json.dumps(out))


def measure(method: str, zip_path: Path, work: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", method, "--zip", str(zip_path),
                           "--work", str(work)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000, help="rows in the generated file (default 10M)")
    ap.add_argument("--child", choices=["streaming", "parquet", "pandas"], help=argparse.SUPPRESS)
    ap.add_argument("--zip", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary folder)")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.zip, args.work)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        zip_path = work / f"BACI_{REVISION}_V{RELEASE}.zip"
        t0 = time.perf_counter()
        generate(zip_path, args.rows)
        print(f"generated {args.rows:,} rows in BACI layout: {zip_path.stat().st_size / 2**20:.0f} MiB zip "
              f"in {time.perf_counter() - t0:.1f} s")
        res = {m: measure(m, zip_path, work) for m in ("pandas", "streaming", "parquet")}
        s, p, f = res["streaming"], res["pandas"], res["parquet"]
        print(f"streaming zip -> Parquet (the fetch step): {f['rows']:,} rows in {f['seconds']:.2f} s = "
              f"{f['rows'] / f['seconds']:,.0f} rows/s; peak RSS {f['peak_rss_mb']:,.0f} MiB")
        print(f"streaming zip -> DuckDB store: {s['rows']:,} rows in {s['seconds']:.2f} s = "
              f"{s['rows'] / s['seconds']:,.0f} rows/s; peak RSS {s['peak_rss_mb']:,.0f} MiB")
        print(f"pandas read_csv + to_parquet: {p['rows']:,} rows in {p['parse_s']:.2f} s = "
              f"{p['rows'] / p['parse_s']:,.0f} rows/s (then DuckDB load {p['load_s']:.2f} s, "
              f"total {p['seconds']:.2f} s = {p['rows'] / p['seconds']:,.0f} rows/s); "
              f"peak RSS {p['peak_rss_mb']:,.0f} MiB")
        assert s["rows"] == p["rows"] == args.rows, "row counts differ"
        assert abs(s["total"] - p["total"]) <= 1e-9 * abs(p["total"]), "totals differ"
        print(f"ratio (rows/s, streaming into the store vs pandas read_csv+to_parquet): "
              f"{p['parse_s'] / s['seconds']:.2f}x")
        print(f"ratio (rows/s, like for like: both ending in the DuckDB store): {p['seconds'] / s['seconds']:.2f}x")
        print(f"ratio (rows/s, zip -> Parquet: streaming vs pandas read_csv+to_parquet): "
              f"{p['parse_s'] / f['seconds']:.2f}x")
        print(f"CPU seconds (user+sys, whole process incl. imports): pandas read_csv+to_parquet "
              f"{p['cpu_parse_s']:.1f} (with the DuckDB load {p['cpu_s']:.1f}), streaming into the store "
              f"{s['cpu_s']:.1f}, streaming to Parquet {f['cpu_s']:.1f}")
        print(f"ratio (rows per CPU-second, zip -> Parquet: streaming vs pandas): "
              f"{p['cpu_parse_s'] / f['cpu_s']:.2f}x; into the store, like for like: {p['cpu_s'] / s['cpu_s']:.2f}x")
        print(f"peak memory vs pandas: streaming into the store {s['peak_rss_mb'] / p['peak_rss_mb']:.2f}x, "
              f"streaming to Parquet {f['peak_rss_mb'] / p['peak_rss_mb']:.2f}x")


if __name__ == "__main__":
    main()
