"""Benchmark: every indicator for every country on a synthetic BACI-HS6-shaped panel.

DuckDB (the tradebridge Ibis expressions) against the same computation written in plain pandas,
measured in the same run; optionally Spark (same Ibis expressions) at the smallest size.

Indicators: RCA, aggregate Grubel–Lloyd (all pairs), complementarity and Finger–Kreinin similarity
(every country against five reference countries), trade intensity (all pairs), HHI of products and of
markets, Hummels–Klenow margins (all pairs), new products after a mid-panel "FTA" year (all pairs),
sector composition of every exporter.

The panel is exporter × importer × HS6 product × year, sparse (each row a distinct key) with
long-tailed values (log-normal, sigma 2.5) and Zipf-like popularity of exporters, importers and products.
Values are synthetic: the benchmark says nothing about real trade.

Each engine × size runs in its own child process, so the peak resident memory (``ru_maxrss``) is that
engine's alone; "data" is the RSS after building the panel, "peak" the maximum during the computation.
(Spark runs in a JVM outside the child, so only its time is reported.)

Usage::

    python bench/indicators.py                     # sizes 1M,5M
    python bench/indicators.py --sizes 1M,5M,20M --spark
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time

import numpy as np
import pandas as pd

from tradebridge.concord.groups import SECTOR_RULES

N_COUNTRIES = 150
N_PRODUCTS = 4500
YEARS = (2010, 2011, 2012, 2013)
ENTRY_YEAR = 2012  # "FTA" year for the new-products count (base 2010-2011, post 2012-2013)
# Pairwise indices (similarity, complementarity) pair every country with these five reference
# countries (a reporter and a four-member bloc, as in KOR + PA): all-pairs versions grow with the
# square of exporters per product (about 10^8 pair rows at 5M) and would measure only that join.
REFS = ["C03", "C10", "C20", "C35", "C60"]


def parse_size(text: str) -> int:
    text = text.strip().upper()
    mult = {"K": 10**3, "M": 10**6}.get(text[-1], 1)
    return int(float(text.rstrip("KM")) * mult)


def synthetic_panel(rows: int, seed: int = 7) -> pd.DataFrame:
    """A sparse, long-tailed exporter × importer × product × year panel with ``rows`` distinct keys."""
    rng = np.random.default_rng(seed)

    def zipf(n: int, a: float) -> np.ndarray:
        w = 1.0 / np.arange(1, n + 1) ** a
        return w / w.sum()

    pc, pp = zipf(N_COUNTRIES, 0.9), zipf(N_PRODUCTS, 0.6)
    keys = np.empty(0, dtype=np.int64)
    rounds = 0
    while keys.size < rows:
        m = int((rows - keys.size) * 1.3) + 1000
        if rounds < 3:  # Zipf-weighted draws ...
            e, i = rng.choice(N_COUNTRIES, m, p=pc), rng.choice(N_COUNTRIES, m, p=pc)
            k = rng.choice(N_PRODUCTS, m, p=pp)
        else:  # ... then a uniform top-up (the weighted draws collide more and more: slow at 20M)
            e, i = rng.integers(0, N_COUNTRIES, m), rng.integers(0, N_COUNTRIES, m)
            k = rng.integers(0, N_PRODUCTS, m)
        y = rng.integers(0, len(YEARS), m)
        ok = e != i
        new = ((e * N_COUNTRIES + i) * N_PRODUCTS + k) * len(YEARS) + y
        keys = np.unique(np.concatenate([keys, new[ok]]))
        rounds += 1
    keys = rng.permutation(keys)[:rows]
    y = keys % len(YEARS)
    k = (keys // len(YEARS)) % N_PRODUCTS
    ei = keys // (len(YEARS) * N_PRODUCTS)
    e, i = ei // N_COUNTRIES, ei % N_COUNTRIES
    names = np.array([f"C{c:02d}" if c < 100 else f"D{c - 100:02d}" for c in range(N_COUNTRIES)], dtype=object)
    chapters = np.arange(N_PRODUCTS) % 97 + 1
    codes = np.array([f"{ch:02d}{p % 10000:04d}" for ch, p in zip(chapters, np.arange(N_PRODUCTS))], dtype=object)
    return pd.DataFrame({
        "exporter": pd.array(names[e], dtype="str"), "importer": pd.array(names[i], dtype="str"),
        "year": np.asarray(YEARS)[y].astype("int64"), "product": pd.array(codes[k], dtype="str"),
        "value_usd": np.round(rng.lognormal(10.0, 2.5, rows), 2),
    })


# -- the Ibis side: exactly the library's expressions -------------------------------------------------

def ibis_expressions(f):
    from tradebridge.concord.groups import sector_group
    from tradebridge.indicators import margins as mg
    from tradebridge.indicators import specialisation as sp

    x = sector_group(f)
    comp = x.group_by(["exporter", "year", "group"]).aggregate(value_usd=x.value_usd.sum())
    comp = comp.mutate(share=comp.value_usd / comp.value_usd.sum().over(group_by=["exporter", "year"]))
    return {
        "rca": sp.rca(f),
        "grubel_lloyd_aggregate": sp.grubel_lloyd_aggregate(sp.grubel_lloyd(f)),
        "complementarity": sp.complementarity(f, importers=REFS),
        "intensity": sp.trade_intensity(f),
        "hhi_products": sp.hhi_products(f),
        "hhi_markets": sp.hhi_markets(f),
        "similarity": sp.export_similarity(f, others=REFS),
        "margins": mg.hummels_klenow(f),
        "new_products": mg.new_products(f, ENTRY_YEAR, window=2),
        "composition_sector": comp,
    }


# -- the pandas baseline: the same definitions, plain pandas ------------------------------------------

def _shares(t: pd.DataFrame, entity: str) -> pd.DataFrame:
    t = t[t.value_usd > 0].copy()
    t["share"] = t.value_usd / t.groupby([entity, "year"]).value_usd.transform("sum")
    return t


def _fill_pairs(a: pd.DataFrame, b: pd.DataFrame, ka: str, kb: str, values: pd.DataFrame, col: str) -> pd.DataFrame:
    """All (a, b, year) pairs with data on both sides; no common product -> 0."""
    pairs = a[[ka, "year"]].drop_duplicates().merge(b[[kb, "year"]].drop_duplicates(), on="year")
    pairs = pairs[pairs[ka] != pairs[kb]]
    out = pairs.merge(values, on=[ka, kb, "year"], how="left")
    out[col] = out[col].fillna(0.0)
    return out




def pandas_all(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    out = {}
    f = df[df.exporter != df.importer]
    x = f.groupby(["exporter", "year", "product"], as_index=False).value_usd.sum()
    x = x[x.value_usd > 0]
    r = x.copy()
    r["rca"] = (r.value_usd / r.groupby(["exporter", "year"]).value_usd.transform("sum")) / (
        r.groupby(["product", "year"]).value_usd.transform("sum") / r.groupby("year").value_usd.transform("sum"))
    out["rca"] = r
    keys = ["reporter", "partner", "year", "product"]
    ex = f.rename(columns={"exporter": "reporter", "importer": "partner", "value_usd": "exports"})
    im = f.rename(columns={"importer": "reporter", "exporter": "partner", "value_usd": "imports"})
    gl = ex.groupby(keys, as_index=False).exports.sum().merge(
        im.groupby(keys, as_index=False).imports.sum(), on=keys, how="outer").fillna({"exports": 0.0, "imports": 0.0})
    gl["gap"] = (gl.exports - gl.imports).abs()
    gl["tot"] = gl.exports + gl.imports
    gla = gl.groupby(["reporter", "partner", "year"], as_index=False)[["gap", "tot"]].sum()
    gla["gl"] = 1 - gla.gap / gla.tot
    out["grubel_lloyd_aggregate"] = gla
    xs = _shares(x, "exporter")[["exporter", "year", "product", "share"]]
    m = f.groupby(["importer", "year", "product"], as_index=False).value_usd.sum()
    ms = _shares(m, "importer")[["importer", "year", "product", "share"]]
    ms = ms[ms.importer.isin(REFS)]
    j = xs.merge(ms, on=["year", "product"], suffixes=("_x", "_m"))
    j = j[j.exporter != j.importer]
    j["mn"] = np.minimum(j.share_x, j.share_m)
    tc = (100 * j.groupby(["exporter", "importer", "year"]).mn.sum()).reset_index()
    out["complementarity"] = _fill_pairs(xs, ms, "exporter", "importer", tc, "mn")
    pair = f.groupby(["exporter", "importer", "year"], as_index=False).value_usd.sum()
    pair["intensity"] = (pair.value_usd / pair.groupby(["exporter", "year"]).value_usd.transform("sum")) / (
        pair.groupby(["importer", "year"]).value_usd.transform("sum") / pair.groupby("year").value_usd.transform("sum"))
    out["intensity"] = pair
    out["hhi_products"] = (xs.share ** 2).groupby([xs.exporter, xs.year]).sum().reset_index()
    ps = _shares(pair, "exporter")
    out["hhi_markets"] = (ps.share ** 2).groupby([ps.exporter, ps.year]).sum().reset_index()
    xr = xs[xs.exporter.isin(REFS)].rename(columns={"exporter": "exporter_o"})
    s = xs.merge(xr, on=["year", "product"], suffixes=("", "_o"))
    s = s[s.exporter != s.exporter_o]
    s["mn"] = np.minimum(s.share, s.share_o)
    fk = s.groupby(["exporter", "exporter_o", "year"]).mn.sum().reset_index()
    out["similarity"] = _fill_pairs(xs, xr, "exporter", "exporter_o", fk, "mn")
    fp = f[f.value_usd > 0]
    wm = fp.groupby(["importer", "year", "product"], as_index=False).value_usd.sum().rename(columns={"value_usd": "w"})
    wm["w_total"] = wm.groupby(["importer", "year"]).w.transform("sum")
    hk = fp.groupby(["exporter", "importer", "year", "product"], as_index=False).value_usd.sum().merge(
        wm, on=["importer", "year", "product"])
    hk = hk.groupby(["exporter", "importer", "year"], as_index=False).agg(
        x=("value_usd", "sum"), w_in=("w", "sum"), w_total=("w_total", "first"))
    hk["extensive"], hk["intensive"] = hk.w_in / hk.w_total, hk.x / hk.w_in
    out["margins"] = hk
    base = fp[fp.year.between(ENTRY_YEAR - 2, ENTRY_YEAR - 1)]
    bset = base[["exporter", "importer", "product"]].drop_duplicates().assign(in_base=1)
    post = fp[fp.year.between(ENTRY_YEAR, ENTRY_YEAR + 2)]
    post = post.groupby(["exporter", "importer", "year", "product"], as_index=False).value_usd.sum()
    post = post.merge(base[["exporter", "importer"]].drop_duplicates(), on=["exporter", "importer"])
    post = post.merge(bset, on=["exporter", "importer", "product"], how="left")
    post["new"] = post.in_base.isna()
    post["new_v"] = post.value_usd.where(post.new, 0.0)
    npd = post.groupby(["exporter", "importer", "year"], as_index=False).agg(
        n_products=("product", "size"), n_new=("new", "sum"), new_v=("new_v", "sum"), v=("value_usd", "sum"))
    npd["new_value_share"] = npd.new_v / npd.v
    out["new_products"] = npd
    chapter, heading = f["product"].str[:2], f["product"].str[:4]
    conds = [heading.isin(h) | chapter.isin(c) for _, h, c in SECTOR_RULES]
    grp = np.select(conds, [g for g, _, _ in SECTOR_RULES], default="other")
    c = f.assign(group=grp).groupby(["exporter", "year", "group"], as_index=False).value_usd.sum()
    c["share"] = c.value_usd / c.groupby(["exporter", "year"]).value_usd.transform("sum")
    out["composition_sector"] = c
    return out


# -- one engine × size in a child process --------------------------------------------------------------

def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _child(engine: str, rows: int, queue) -> None:
    df = synthetic_panel(rows)
    data_mb = _rss_mb()
    result = {"engine": engine, "rows": rows, "data_mb": data_mb}
    if engine == "pandas":
        t0 = time.perf_counter()
        out = pandas_all(df)
        result["seconds"] = time.perf_counter() - t0
        result["out_rows"] = sum(len(v) for v in out.values())
    else:
        import ibis

        if engine == "duckdb":
            con = ibis.duckdb.connect()
        else:
            from pyspark.sql import SparkSession

            spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                     .config("spark.driver.memory", "4g").config("spark.sql.shuffle.partitions", "4").getOrCreate())
            spark.sparkContext.setLogLevel("ERROR")
            con = ibis.pyspark.connect(spark)
        t0 = time.perf_counter()
        if engine == "duckdb":
            flows = con.create_table("flows", ibis.memtable(df))
        else:
            spark.createDataFrame(df).cache().createOrReplaceTempView("flows")
            flows = con.table("flows")
        result["load_seconds"] = time.perf_counter() - t0
        del df
        t0 = time.perf_counter()
        n = 0
        for expr in ibis_expressions(flows).values():
            n += len(con.to_pandas(expr))
        result["seconds"] = time.perf_counter() - t0
        result["out_rows"] = n
    result["peak_mb"] = _rss_mb()
    queue.put(result)


def run(engine: str, rows: int) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(engine, rows, q))
    p.start()
    res = q.get()
    p.join()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1M,5M", help="comma-separated row counts, e.g. 1M,5M,20M")
    ap.add_argument("--spark", action="store_true", help="also time Spark (local[2]) at the smallest size")
    ap.add_argument("--skip-pandas-above", default="", help="skip the pandas baseline above this size")
    args = ap.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    limit = parse_size(args.skip_pandas_above) if args.skip_pandas_above else None
    print(f"{'rows':>10} {'engine':>7} {'seconds':>8} {'load s':>7} {'data MB':>8} {'peak MB':>8} {'out rows':>10}"
          f" {'pandas/duckdb':>13}")
    for rows in sizes:
        duck = run("duckdb", rows)
        pand = run("pandas", rows) if limit is None or rows <= limit else None
        for r in (duck, pand):
            if r is None:
                continue
            ratio = f"{pand['seconds'] / duck['seconds']:.1f}x" if (pand and r is duck) else ""
            print(f"{rows:>10,} {r['engine']:>7} {r['seconds']:>8.2f} {r.get('load_seconds', 0):>7.2f} "
                  f"{r['data_mb']:>8.0f} {r['peak_mb']:>8.0f} {r['out_rows']:>10,} {ratio:>13}", flush=True)
    if args.spark:
        s = run("spark", sizes[0])
        print(f"{sizes[0]:>10,} {'spark':>7} {s['seconds']:>8.2f} {s['load_seconds']:>7.2f} "
              f"{'(JVM)':>8} {'(JVM)':>8} {s['out_rows']:>10,}", flush=True)


if __name__ == "__main__":
    main()
