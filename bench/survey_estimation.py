"""Benchmark: design-based estimation on a synthetic survey, tradebridge vs R's survey package.

Same data, same run. Default design: stratified cluster sample with fpc (16 strata = 4 countries x
4 actor types, 50 PSUs per stratum, respondents within PSUs; R's ultimate-cluster variance).
``--two-stage`` adds the second stage (respondents sampled within PSUs, fpc at both stages); R's
recursive two-stage variance is slow (about 5 minutes for 100,000 responses on 2 cores), so use a
smaller ``--n`` with it. Both sides compute: the
mean of a Likert item and a numeric item, the total of the numeric item, and the Likert mean in the
16 country x actor-type domains, each with linearised SEs. Reading the data is not timed on either
side; building the design is. Prints both times, the ratio R / tradebridge, and the largest relative
differences of estimates and SEs (they should be ~1e-12).

    python bench/survey_estimation.py              # 1,000,000 responses
    python bench/survey_estimation.py --n 100000 --two-stage
    python bench/survey_estimation.py --no-r
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tradebridge.survey import estimate_mean, estimate_total, survey_design

R_SCRIPT = r"""
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1])
t0 <- proc.time()[["elapsed"]]
if (args[3] == "two") {
  d <- svydesign(id = ~psu + ssu, strata = ~stratum, fpc = ~N1 + N2, data = df)
} else {
  d <- svydesign(id = ~psu, strata = ~stratum, fpc = ~N1, data = df)
}
m <- svymean(~y + x, d)
t <- svytotal(~x, d)
b <- svyby(~y, ~country + actor, d, svymean)
el <- proc.time()[["elapsed"]] - t0
out <- data.frame(what = c("mean_y", "mean_x", "total_x", paste0("dom_", rownames(b))),
                  est = c(coef(m), coef(t), coef(b)), se = c(SE(m), SE(t), SE(b)))
write.csv(out, args[2], row.names = FALSE)
cat(sprintf("%.6f\n", el))
"""


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    countries, actors = ["CHL", "COL", "MEX", "PER"], ["public", "private", "academia", "civil"]
    n_strata = 16
    psu_per_stratum = 50
    per_psu = max(n // (n_strata * psu_per_stratum), 2)
    rows = n_strata * psu_per_stratum * per_psu
    stratum = np.repeat(np.arange(n_strata), psu_per_stratum * per_psu)
    psu = np.repeat(np.arange(n_strata * psu_per_stratum), per_psu)
    ssu = np.tile(np.arange(per_psu), n_strata * psu_per_stratum)  # respondent within PSU
    psu_effect = rng.normal(0, 0.4, n_strata * psu_per_stratum)[psu]
    y = np.clip(np.rint(3.2 + 0.1 * (stratum % 4) + psu_effect + rng.normal(0, 1, rows)), 1, 5)
    x = rng.poisson(4 + (stratum // 4), rows).astype(float)
    return pd.DataFrame({
        "stratum": stratum, "psu": psu, "ssu": psu * 100_000 + ssu,
        "country": np.array(countries)[stratum // 4], "actor": np.array(actors)[stratum % 4],
        "N1": 200, "N2": per_psu * 40, "y": y, "x": x,
    })


def run_tradebridge(df: pd.DataFrame, two_stage: bool) -> tuple[float, pd.DataFrame]:
    t0 = time.perf_counter()
    if two_stage:
        d = survey_design(df, ids=["psu", "ssu"], strata="stratum", fpc=["N1", "N2"])
    else:
        d = survey_design(df, ids="psu", strata="stratum", fpc="N1")
    m = estimate_mean(d, ["y", "x"]).to_frame()
    t = estimate_total(d, "x").to_frame()
    b = estimate_mean(d, "y", by=["country", "actor"]).to_frame()
    elapsed = time.perf_counter() - t0
    b = b.sort_values(["actor", "country"])  # R's svyby order: first factor varies fastest
    out = pd.DataFrame({
        "what": ["mean_y", "mean_x", "total_x"] + [f"dom_{c}.{a}" for c, a in zip(b["country"], b["actor"], strict=True)],
        "est": list(m["estimate"]) + list(t["estimate"]) + list(b["estimate"]),
        "se": list(m["se"]) + list(t["se"]) + list(b["se"]),
    })
    return elapsed, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="responses (default 1,000,000)")
    ap.add_argument("--no-r", action="store_true", help="skip the R baseline")
    ap.add_argument("--two-stage", action="store_true", help="two-stage design with fpc at both stages")
    args = ap.parse_args()
    df = synthetic(args.n)
    kind = "two-stage, fpc at both stages" if args.two_stage else "one-stage cluster, fpc"
    print(f"synthetic survey: {len(df):,} responses, 16 strata, {df['psu'].nunique():,} PSUs, {kind}")
    tb_time, tb = run_tradebridge(df, args.two_stage)
    print(f"tradebridge: {tb_time:.2f} s")
    rscript = shutil.which("Rscript")
    if args.no_r or rscript is None:
        print("R baseline skipped" + ("" if args.no_r else " (Rscript not installed)"))
        return
    with tempfile.TemporaryDirectory() as tmp:
        data, script, out = Path(tmp) / "d.csv", Path(tmp) / "b.R", Path(tmp) / "o.csv"
        df.to_csv(data, index=False)
        script.write_text(R_SCRIPT, encoding="utf-8")
        res = subprocess.run([rscript, str(script), str(data), str(out), "two" if args.two_stage else "one"], capture_output=True, text=True, check=True)
        r_time = float(res.stdout.strip().splitlines()[-1])
        r = pd.read_csv(out)
    r["what"] = r["what"].str.replace(r"^dom_", "dom_", regex=True)
    merged = tb.merge(r, on="what", suffixes=("_tb", "_r"))
    assert len(merged) == len(tb), (tb["what"].tolist(), r["what"].tolist())
    d_est = float(np.max(np.abs(merged["est_tb"] - merged["est_r"]) / np.abs(merged["est_r"])))
    d_se = float(np.max(np.abs(merged["se_tb"] - merged["se_r"]) / np.abs(merged["se_r"])))
    print(f"R survey:    {r_time:.2f} s")
    print(f"time ratio R / tradebridge = {r_time / tb_time:.1f}x")
    print(f"max relative difference: estimates {d_est:.2e}, SEs {d_se:.2e} ({len(merged)} quantities)")


if __name__ == "__main__":
    main()
