"""Benchmark: every indicator for every country on a synthetic BACI-HS6-shaped panel.

DuckDB (the tradebridge Ibis expressions) against the same computation written in plain pandas,
measured in the same run; optionally Spark (same Ibis expressions) at the smallest size.

Indicators: RCA, aggregate Grubel–Lloyd (all pairs), complementarity and Finger–Kreinin similarity
(every country against five reference countries), trade intensity (all pairs), HHI of products and of
markets, Hummels–Klenow margins (all pairs), new products after a mid-panel "FTA" year (all pairs),
sector composition of every exporter.

Both sides share their base aggregates across the indicators, as a session does: DuckDB holds the
panel as the store does (``trade_flows``, and ``trade_flows_keyed`` with integer keys written by
:func:`tradebridge.store.warehouse.key_flows` at ingest: timed as "ingest: key flows", not counted in
the session totals); the "base aggregates" step is what a session does first: ``stored_base`` finds
the keyed flows and ``Base.materialize`` stores exports/imports by product (with their shares) and
pair totals (no copy of the flows); pandas computes the same frames once. Each step is run
``--repeats`` times (default 3) and the best wall and the best CPU time (process CPU, all threads)
are reported, with the pandas/DuckDB ratios of the same run and three floors measured in the same
process: one ``GROUP BY exporter, year``, a group-by on all four keys (exporter, importer, year,
product) of the flows table (text keys), and the same on the keyed flows (integer ids).

pandas runs each formula's direct translation. For the aggregate Grubel–Lloyd it also runs the DuckDB
side's algorithm (pair totals and one matched join), reported as ``alt: ...`` and in a second total
("pandas GL matched"), not in the headline total. ``--threads N`` sets DuckDB's threads.

The panel is exporter × importer × HS6 product × year, sparse (each row a distinct key) with
long-tailed values (log-normal, sigma 2.5) and Zipf-like popularity of exporters, importers and products,
in BACI's row order (year, exporter, importer, product), which both engines get (``--order random`` shuffles
it; the store writes its keyed flows in that order whatever the input order, pandas keeps what it is given).
Values are synthetic: the benchmark says nothing about real trade. Each indicator's output row count
must be the same on both engines (the run stops otherwise); the values are checked by
``tests/unit/indicators/test_frozen_outputs.py``.

Each engine × size runs in its own child process, so the peak resident memory (``ru_maxrss``) is that
engine's alone. (Spark runs in a JVM outside the child, so only its time is reported.)

Usage::

    python bench/indicators.py                     # sizes 1M,5M, best of 3
    python bench/indicators.py --sizes 1M,5M,20M --spark
    python bench/indicators.py --sizes 5M --threads 1 --skip-pandas-above 1M   # DuckDB alone, one thread
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import os
import queue
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


def synthetic_panel(rows: int, seed: int = 7, order: str = "baci") -> pd.DataFrame:
    """A sparse, long-tailed exporter × importer × product × year panel with ``rows`` distinct keys, in
    BACI's row order (``order="baci"``: year, exporter, importer, product) or shuffled (``"random"``)."""
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
    df = pd.DataFrame({
        "exporter": pd.array(names[e], dtype="str"), "importer": pd.array(names[i], dtype="str"),
        "year": np.asarray(YEARS)[y].astype("int64"), "product": pd.array(codes[k], dtype="str"),
        "value_usd": np.round(rng.lognormal(10.0, 2.5, rows), 2),
    })
    if order == "baci":  # names and codes sort as their indices do, so this is (y, e, i, k) order
        df = df.sort_values(["year", "exporter", "importer", "product"], ignore_index=True)
    return df


# -- the Ibis side: exactly the library's expressions, over one Base ---------------------------------

def ibis_base(flows):
    """The lazy base over the panel; ``.encode(con)`` and ``.materialize(con)`` store it once."""
    from tradebridge.indicators.base import Base

    return Base.of(flows, unique=True)  # the panel has one row per key, as the store enforces


def ibis_indicators(b) -> dict:
    from tradebridge.concord.groups import sector_group
    from tradebridge.indicators import margins as mg
    from tradebridge.indicators import specialisation as sp
    from tradebridge.indicators.base import shares

    def composition():  # sector groups on the product table, joined to exports by product
        x = b.exports
        groups = sector_group(b.product_table()).select("key", "group")
        g = x.join(groups, x["product"] == groups.key)
        g = g.group_by(["exporter", "year", "group"]).aggregate(value_usd=g.value_usd.sum())
        return b.decode(shares(g, "exporter"))

    return {
        "rca": lambda: sp.rca(b),
        "grubel_lloyd_aggregate": lambda: sp.grubel_lloyd_aggregate(b),
        "complementarity": lambda: sp.complementarity(b, importers=REFS),
        "intensity": lambda: sp.trade_intensity(b),
        "hhi_products": lambda: sp.hhi_products(b),
        "hhi_markets": lambda: sp.hhi_markets(b),
        "similarity": lambda: sp.export_similarity(b, others=REFS),
        "margins": lambda: mg.hummels_klenow(b),
        "new_products": lambda: mg.new_products(b, ENTRY_YEAR, window=2),
        "composition_sector": composition,
    }


# -- the pandas baseline: the same definitions, plain pandas, sharing its base frames too --------------

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


def pandas_base(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    f = df[df.exporter != df.importer]
    x = f.groupby(["exporter", "year", "product"], as_index=False).value_usd.sum()
    m = f.groupby(["importer", "year", "product"], as_index=False).value_usd.sum()
    pair = f.groupby(["exporter", "importer", "year"], as_index=False).value_usd.sum()
    return {"f": f, "x": x, "m": m, "xs": _shares(x, "exporter")[["exporter", "year", "product", "share"]],
            "ms": _shares(m, "importer")[["importer", "year", "product", "share"]], "pair": pair}


def pandas_indicators(b: dict[str, pd.DataFrame]) -> dict:
    f, x, m_, xs, ms, pair = b["f"], b["x"], b["m"], b["xs"], b["ms"], b["pair"]

    def rca():
        r = x[x.value_usd > 0].copy()
        r["rca"] = (r.value_usd / r.groupby(["exporter", "year"]).value_usd.transform("sum")) / (
            r.groupby(["product", "year"]).value_usd.transform("sum") / r.groupby("year").value_usd.transform("sum"))
        return r

    def gla():
        keys = ["reporter", "partner", "year", "product"]
        ex = f.rename(columns={"exporter": "reporter", "importer": "partner", "value_usd": "exports"})
        im = f.rename(columns={"importer": "reporter", "exporter": "partner", "value_usd": "imports"})
        gl = ex[keys + ["exports"]].merge(im[keys + ["imports"]], on=keys, how="outer").fillna(
            {"exports": 0.0, "imports": 0.0})
        gl = gl[(gl.exports + gl.imports) > 0]
        gl["gap"] = (gl.exports - gl.imports).abs()
        gl["tot"] = gl.exports + gl.imports
        gla = gl.groupby(["reporter", "partner", "year"], as_index=False)[["gap", "tot"]].sum()
        gla["gl"] = 1 - gla.gap / gla.tot
        return gla

    def gla_matched():  # the DuckDB side's algorithm: pair totals + products traded both ways
        fp = f[f.value_usd > 0]
        lo, hi = fp[fp.exporter < fp.importer], fp[fp.exporter > fp.importer]
        j = lo.merge(hi, left_on=["exporter", "importer", "year", "product"],
                     right_on=["importer", "exporter", "year", "product"], suffixes=("", "_m"))
        j["mn"] = np.minimum(j.value_usd, j.value_usd_m)
        two = j.groupby(["exporter", "importer", "year"], as_index=False).mn.sum()
        p = pair[pair.value_usd > 0]
        u = pd.DataFrame({"a": np.minimum(p.exporter, p.importer), "b": np.maximum(p.exporter, p.importer),
                          "year": p.year, "v": p.value_usd})
        tot = u.groupby(["a", "b", "year"], as_index=False).v.sum()
        out = tot.merge(two.rename(columns={"exporter": "a", "importer": "b"}), on=["a", "b", "year"], how="left")
        out["gl"] = 2 * out.mn.fillna(0.0) / out.v
        mirror = out.rename(columns={"a": "b", "b": "a"})
        return pd.concat([out, mirror], ignore_index=True)

    def tc():
        m = ms[ms.importer.isin(REFS)]
        j = xs.merge(m, on=["year", "product"], suffixes=("_x", "_m"))
        j = j[j.exporter != j.importer]
        j["mn"] = np.minimum(j.share_x, j.share_m)
        out = (100 * j.groupby(["exporter", "importer", "year"]).mn.sum()).reset_index()
        return _fill_pairs(xs, m, "exporter", "importer", out, "mn")

    def intensity():
        p = pair.copy()
        p["intensity"] = (p.value_usd / p.groupby(["exporter", "year"]).value_usd.transform("sum")) / (
            p.groupby(["importer", "year"]).value_usd.transform("sum") / p.groupby("year").value_usd.transform("sum"))
        return p

    def hhi_markets():
        ps = _shares(pair, "exporter")
        return (ps.share ** 2).groupby([ps.exporter, ps.year]).sum().reset_index()

    def similarity():
        xr = xs[xs.exporter.isin(REFS)].rename(columns={"exporter": "exporter_o"})
        s = xs.merge(xr, on=["year", "product"], suffixes=("", "_o"))
        s = s[s.exporter != s.exporter_o]
        s["mn"] = np.minimum(s.share, s.share_o)
        fk = s.groupby(["exporter", "exporter_o", "year"]).mn.sum().reset_index()
        return _fill_pairs(xs, xr, "exporter", "exporter_o", fk, "mn")

    def margins():  # one row per key (as on the DuckDB side): no re-grouping by the four keys
        fp = f[f.value_usd > 0]
        wm = m_[m_.value_usd > 0].rename(columns={"value_usd": "w"})  # the base's imports by product
        wtot = wm.groupby(["importer", "year"], as_index=False).w.sum().rename(columns={"w": "w_total"})
        hk = fp.merge(wm, on=["importer", "year", "product"])
        hk = hk.groupby(["exporter", "importer", "year"], as_index=False).agg(
            x=("value_usd", "sum"), w_in=("w", "sum"), n_products=("product", "size")).merge(wtot, on=["importer", "year"])
        hk["extensive"], hk["intensive"] = hk.w_in / hk.w_total, hk.x / hk.w_in
        return hk

    def new_products():
        fp = f[f.value_usd > 0]
        base = fp[fp.year.between(ENTRY_YEAR - 2, ENTRY_YEAR - 1)]
        bset = base[["exporter", "importer", "product"]].drop_duplicates().assign(in_base=1)
        post = fp[fp.year.between(ENTRY_YEAR, ENTRY_YEAR + 2)]
        post = post.merge(base[["exporter", "importer"]].drop_duplicates(), on=["exporter", "importer"])
        post = post.merge(bset, on=["exporter", "importer", "product"], how="left")
        post["new"] = post.in_base.isna()
        post["new_v"] = post.value_usd.where(post.new, 0.0)
        npd = post.groupby(["exporter", "importer", "year"], as_index=False).agg(
            n_products=("product", "size"), n_new=("new", "sum"), new_v=("new_v", "sum"), v=("value_usd", "sum"))
        npd["new_value_share"] = npd.new_v / npd.v
        return npd

    def composition():  # sector groups on the product table, mapped onto exports by product
        codes = pd.Series(x["product"].unique())
        chapter, heading = codes.str[:2], codes.str[:4]
        conds = [heading.isin(h) | chapter.isin(c) for _, h, c in SECTOR_RULES]
        groups = dict(zip(codes, np.select(conds, [g for g, _, _ in SECTOR_RULES], default="other")))
        c = x.assign(group=x["product"].map(groups)).groupby(["exporter", "year", "group"], as_index=False).value_usd.sum()
        return _shares(c, "exporter")

    return {"rca": rca, "grubel_lloyd_aggregate": gla, "complementarity": tc, "intensity": intensity,
            "hhi_products": lambda: (xs.share ** 2).groupby([xs.exporter, xs.year]).sum().reset_index(),
            "hhi_markets": hhi_markets, "similarity": similarity, "margins": margins,
            "new_products": new_products, "composition_sector": composition,
            "alt: grubel_lloyd_aggregate, matched": gla_matched}


# -- one engine × size in a child process --------------------------------------------------------------

def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)  # all threads of this process (DuckDB's included)
    return u.ru_utime + u.ru_stime


def _best(fn, reps: int) -> tuple[float, float, int]:
    """Best wall and best CPU seconds of ``reps`` runs of ``fn`` (which returns a row count), and the rows."""
    walls, cpus, n = [], [], 0
    for _ in range(reps):
        w, c = time.perf_counter(), _cpu()
        n = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(_cpu() - c)
    return min(walls), min(cpus), n


def _child(engine: str, rows: int, reps: int, queue, threads: int | None = None, order: str = "baci") -> None:
    df = synthetic_panel(rows, order=order)
    data_mb = _rss_mb()
    steps: dict[str, tuple[float, float, int]] = {}
    load = 0.0
    if engine == "pandas":
        steps["floor: group by exporter, year"] = _best(
            lambda: len(df.groupby(["exporter", "year"]).value_usd.sum()), reps)
        steps["floor: group by 4 keys"] = _best(
            lambda: len(df.groupby(["exporter", "importer", "year", "product"]).value_usd.sum()), reps)
        holder = {}
        steps["base aggregates"] = _best(lambda: holder.update(b=pandas_base(df)) or 0, reps)
        for name, fn in pandas_indicators(holder["b"]).items():
            steps[name] = _best(lambda fn=fn: len(fn()), reps)
    else:
        import ibis

        from tradebridge.indicators.base import indicator_settings

        if engine == "duckdb":
            con = ibis.duckdb.connect()
            if threads:
                con.con.execute(f"SET threads = {int(threads)}")
        else:
            from pyspark.sql import SparkSession

            spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                     .config("spark.driver.memory", "4g").config("spark.sql.shuffle.partitions", "4").getOrCreate())
            spark.sparkContext.setLogLevel("ERROR")
            con = ibis.pyspark.connect(spark)
        t0 = time.perf_counter()
        if engine == "duckdb":  # as the store holds it: trade_flows with its dataset and classification
            con.con.register("_panel", df)
            con.con.execute("CREATE TABLE trade_flows AS SELECT 'bench' AS dataset, 'HS12' AS classification, * "
                            "FROM _panel")
            con.con.unregister("_panel")
            flows = con.table("trade_flows")
        else:
            spark.createDataFrame(df).cache().createOrReplaceTempView("flows")
            flows = con.table("flows")
        load = time.perf_counter() - t0
        del df
        if engine == "duckdb":
            sql = con.con.sql
            steps["floor: group by exporter, year"] = _best(lambda: len(sql(
                "SELECT exporter, year, sum(value_usd) FROM trade_flows GROUP BY ALL").fetchall()), reps)
            steps["floor: group by 4 keys"] = _best(lambda: len(sql(
                "SELECT exporter, importer, year, product, sum(value_usd) AS v FROM trade_flows GROUP BY ALL")
                .to_arrow_table()), reps)
            from tradebridge.store.ddl import KEYED_SQL, META_SQL
            from tradebridge.store.warehouse import key_flows

            for q in (*KEYED_SQL, META_SQL):
                con.con.execute(q)
            # once per ingest (Store.write), not per session: reported, not in the totals
            steps["ingest: key flows"] = _best(lambda: key_flows(con.con, "bench"), reps)
            steps["floor: group by 4 keys, integer ids"] = _best(lambda: len(sql(
                "SELECT exporter, importer, year, product, sum(value_usd) AS v FROM trade_flows_keyed GROUP BY ALL")
                .to_arrow_table()), reps)
        holder = {}
        with indicator_settings(con):
            if engine == "duckdb":  # the store's keyed flows (integer keys written at ingest), then the base
                from tradebridge.indicators.session import stored_base

                # as a session: find the keyed flows (store_meta, key tables), then store the aggregates
                steps["base aggregates"] = _best(
                    lambda: holder.update(b=stored_base(con, "bench").materialize(con)) or 0, reps)
            else:
                holder["b"] = ibis_base(flows)
            for name, build in ibis_indicators(holder["b"]).items():
                steps[name] = _best(lambda build=build: len(con.to_pyarrow(build())),
                                    reps if engine == "duckdb" else 1)
    queue.put({"engine": engine, "rows": rows, "data_mb": data_mb, "peak_mb": _rss_mb(), "load_s": load,
               "steps": steps})


def run(engine: str, rows: int, reps: int, threads: int | None = None, order: str = "baci") -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(engine, rows, reps, q, threads, order))
    p.start()
    while True:
        try:
            res = q.get(timeout=5)
            break
        except queue.Empty:
            if not p.is_alive():
                raise SystemExit(f"the {engine} child at {rows:,} rows died (exit code {p.exitcode})") from None
    p.join()
    return res


NOT_IN_TOTAL = ("floor", "ingest", "alt")


def _total(r: dict, i: int) -> float:
    return sum(v[i] for k, v in r["steps"].items() if not k.startswith(NOT_IN_TOTAL))


def report(duck: dict, pand: dict | None) -> dict:
    """Print one size's table; return its totals."""
    rows = duck["rows"]
    print(f"\n{rows:,} rows (best of the repeats; wall s / CPU s of the process, all threads)")
    print(f"{'step':32} {'duckdb wall':>11} {'cpu':>6} {'pandas wall':>11} {'cpu':>6} {'ratio wall':>10}"
          f" {'ratio cpu':>9} {'rows':>10}")
    for name, (w, c, n) in duck["steps"].items():
        pw = pand["steps"].get(name) if pand else None
        if pw and not name.startswith((*NOT_IN_TOTAL, "base")) and pw[2] != n:
            raise SystemExit(f"{name}: duckdb gave {n} rows, pandas {pw[2]}")
        ratio = f"{pw[0] / w:>9.1f}x {pw[1] / c if c else float('nan'):>8.1f}x" if pw else f"{'':>10} {'':>9}"
        pws = f"{pw[0]:>11.2f} {pw[1]:>6.2f}" if pw else f"{'':>11} {'':>6}"
        print(f"{name:32} {w:>11.2f} {c:>6.2f} {pws} {ratio} {n:>10,}")
    gl = duck["steps"]["grubel_lloyd_aggregate"]
    for name, (pw, pc, n) in (pand["steps"].items() if pand else ()):
        if name.startswith("alt"):  # pandas on the DuckDB side's algorithm, against the DuckDB step
            print(f"{name:32} {'':>11} {'':>6} {pw:>11.2f} {pc:>6.2f} {pw / gl[0]:>9.1f}x {pc / gl[1]:>8.1f}x {n:>10,}")
    tot = {"rows": rows, "duck_wall": _total(duck, 0), "duck_cpu": _total(duck, 1),
           "floor4_wall": duck["steps"]["floor: group by 4 keys"][0],
           "floor4_cpu": duck["steps"]["floor: group by 4 keys"][1], "duck_peak_mb": duck["peak_mb"]}
    line = (f"{'total (base + 10 indicators)':32} {tot['duck_wall']:>11.2f} {tot['duck_cpu']:>6.2f}")
    if pand:
        tot.update(pandas_wall=_total(pand, 0), pandas_cpu=_total(pand, 1), pandas_peak_mb=pand["peak_mb"])
        line += (f" {tot['pandas_wall']:>11.2f} {tot['pandas_cpu']:>6.2f} {tot['pandas_wall'] / tot['duck_wall']:>9.1f}x"
                 f" {tot['pandas_cpu'] / tot['duck_cpu']:>8.1f}x")
        alt = pand["steps"].get("alt: grubel_lloyd_aggregate, matched")
        if alt:
            old = pand["steps"]["grubel_lloyd_aggregate"]
            tot["pandas_cpu_matched"] = tot["pandas_cpu"] - old[1] + alt[1]
            tot["pandas_wall_matched"] = tot["pandas_wall"] - old[0] + alt[0]
    print(line)
    if "pandas_cpu_matched" in tot:
        print(f"{'total, pandas GL matched':32} {'':>11} {'':>6} {tot['pandas_wall_matched']:>11.2f} "
              f"{tot['pandas_cpu_matched']:>6.2f} {tot['pandas_wall_matched'] / tot['duck_wall']:>9.1f}x"
              f" {tot['pandas_cpu_matched'] / tot['duck_cpu']:>8.1f}x")
    ints = duck["steps"]["floor: group by 4 keys, integer ids"]
    print(f"total / DuckDB four-key group-by floor: {tot['duck_wall'] / tot['floor4_wall']:.1f}x wall, "
          f"{tot['duck_cpu'] / tot['floor4_cpu']:.1f}x CPU (integer ids: {tot['duck_wall'] / ints[0]:.1f}x wall, "
          f"{tot['duck_cpu'] / ints[1]:.1f}x CPU); peak MB duckdb {duck['peak_mb']:,.0f}"
          + (f", pandas {pand['peak_mb']:,.0f}" if pand else "") + f"; load {duck['load_s']:.2f} s")
    return tot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1M,5M", help="comma-separated row counts, e.g. 1M,5M,20M")
    ap.add_argument("--repeats", type=int, default=3, help="runs per step; the best is reported (default 3)")
    ap.add_argument("--pandas-repeats", type=int, default=None,
                    help="runs per step for pandas (default: --repeats; 1 keeps a 20M run short)")
    ap.add_argument("--spark", action="store_true", help="also time Spark (local[2], one run) at the smallest size")
    ap.add_argument("--skip-pandas-above", default="", help="skip the pandas baseline above this size")
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: DuckDB's, one per core)")
    ap.add_argument("--order", choices=("baci", "random"), default="baci",
                    help="row order of the panel both engines get: BACI's (year, exporter, importer, product; "
                         "default) or shuffled")
    args = ap.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    limit = parse_size(args.skip_pandas_above) if args.skip_pandas_above else None
    print(f"load average at start: {' '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs; "
          f"panel in {args.order} order")
    totals = []
    for rows in sizes:
        duck = run("duckdb", rows, args.repeats, args.threads, args.order)
        pand = (run("pandas", rows, args.pandas_repeats or args.repeats, order=args.order)
                if limit is None or rows <= limit
                else None)
        totals.append(report(duck, pand))
    for a, b in itertools.pairwise(totals):
        print(f"scaling {a['rows']:,} -> {b['rows']:,} ({b['rows'] / a['rows']:.0f}x rows): duckdb "
              f"{b['duck_wall'] / a['duck_wall']:.2f}x wall, {b['duck_cpu'] / a['duck_cpu']:.2f}x CPU"
              + (f"; pandas {b['pandas_wall'] / a['pandas_wall']:.2f}x wall" if "pandas_wall" in a and "pandas_wall" in b
                 else ""))
    if args.spark:
        s = run("spark", sizes[0], 1)
        print(f"\nspark (local[2], one run) at {sizes[0]:,} rows: load {s['load_s']:.1f} s")
        for name, (w, c, n) in s["steps"].items():
            print(f"{name:32} {w:>11.2f} {n:>10,}")
    print(f"load average at end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
