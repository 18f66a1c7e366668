"""GE engines on the same baseline and shock: exact hat algebra vs GE-PPML (the Advanced Guide's loop)
vs USITC ``gegravity``, in one run; times as ratios to the exact engine, and the largest differences.

Case 1 (all three): the USITC sample (30 countries, 2006), trade costs from fixed illustrative
coefficients, a KOR-USA agreement (pta 0 -> 1, coefficient 0.5), sigma 5 (theta 4), expenditure a
fixed share of output; each engine starts from the same baseline (gegravity's modelled flows).
Case 2 (exact vs GE-PPML): the Advanced Guide's panel, 2006 (69 countries), every border removed
(the book's chapter 2 application), sigma 7. Case 3: the exact engine with uncertainty, 3 scenarios ×
200 draws of the partial effect on the same 69-country baseline (the brief's setting).

    python bench/ge.py --raw ../shared/data
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd


def _timed(fn, repeat: int = 1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def usitc_case(raw: Path) -> list[tuple[str, float, float]]:
    import gegravity as ge

    from tradebridge.models.ge import flow_matrix, hat_algebra, solve_ge

    data = pd.read_csv(raw / "trade" / "gegravity" / "usitc_sample_2006.dlm")
    data["year"] = data["year"].astype(str)
    coef = pd.DataFrame({"var": ["pta", "contiguity", "common_language", "lndist", "international"],
                         "coeff": [0.5, 0.4, 0.3, -0.9, -2.0], "ste": [0.1] * 5})

    def run_gegravity():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = ge.OneSectorGE(ge.BaselineData(data, trade_var_name="trade", expend_var_name="E", output_var_name="Y"),
                               year="2006", reference_importer="DEU", sigma=5, expend_var_name="E",
                               output_var_name="Y", cost_variables=list(coef["var"]),
                               cost_coeff_values=ge.CostCoeffs(coef, identifier_col="var", coeff_col="coeff",
                                                               stderr_col="ste"), quiet=True)
            m.build_baseline(omr_rescale=10_000)
            exp = m.baseline_data.copy()
            korus = ((exp.exporter == "KOR") & (exp.importer == "USA")) | ((exp.exporter == "USA") & (exp.importer == "KOR"))
            exp.loc[korus, "pta"] = 1
            m.define_experiment(exp)
            m.simulate()
        return m

    model, t_gg = _timed(run_gegravity)
    bt = model.bilateral_trade_results.reset_index()
    names = sorted(set(bt["exporter"]))
    x = bt.pivot(index="exporter", columns="importer", values="baseline modeled trade").loc[names, names]
    flows = x.stack().rename("trade").reset_index()
    flows.columns = ["exporter", "importer", "trade"]
    cov = data.set_index(["exporter", "importer"])
    key = pd.MultiIndex.from_frame(flows[["exporter", "importer"]])
    cost = sum(b * cov[v].reindex(key).to_numpy(float) for v, b in zip(coef["var"], coef["coeff"], strict=True))
    korus = (((flows.exporter == "KOR") & (flows.importer == "USA")) | ((flows.exporter == "USA") & (flows.importer == "KOR"))).to_numpy()
    flows["ln_t_bln"], flows["ln_t_cfl"] = cost, cost + 0.5 * korus
    _, xm = flow_matrix(flows, "trade")
    phi = np.exp(0.5 * korus.reshape(len(names), len(names)))
    sol, t_exact = _timed(lambda: hat_algebra(xm, phi, 4.0, imbalances="multiplicative"), repeat=20)
    ppml, t_ppml = _timed(lambda: solve_ge(flows, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl",
                                           reference="DEU", sigma=5))
    exact = pd.Series(sol.welfare[0], index=names)
    gg = 1 + model.country_results["GDP change (percent)"].loc[names] / 100
    gp = ppml.countries.set_index("country").loc[names, "change_rGDP_FULL"] / 100 + 1
    print(f"case 1: USITC sample, {len(names)} countries, KOR-USA pta; exact {sol.iterations} iterations; "
          f"GE-PPML {ppml.iterations} iterations (converged {ppml.converged}); gegravity full GE converged "
          f"{bool(model.solver_diagnostics['full_GE'].success)}")
    print(f"  GE-PPML vs gegravity: max |welfare diff| {float((gp / gg - 1).abs().max()):.2e} (the same "
          "closure of imbalances: each E/Y fixed)")
    return [("exact (hat algebra)", t_exact, 0.0), ("GE-PPML (pyfixest loop)", t_ppml, float((gp / exact - 1).abs().max())),
            ("gegravity (scipy root)", t_gg, float((gg / exact - 1).abs().max()))]


def agtpa_case(raw: Path) -> list[tuple[str, float, float]]:
    from tradebridge.models.ge import flow_matrix, hat_algebra, solve_ge
    from tradebridge.models.gravity import estimate_gravity

    data = pd.read_stata(raw / "trade" / "agtpa" / "datasets" / "1_TradeWithoutBorder.dta")
    data = data[["exporter", "importer", "trade", "DIST", "CNTG"]].replace({"exporter": {"ZZZ": "DEU"}, "importer": {"ZZZ": "DEU"}})
    b = estimate_gravity(data, "trade ~ log_DIST + CNTG + intl_brdr | exporter + importer").coefficients.set_index("term")["estimate"]
    data["border"] = (data["exporter"] != data["importer"]).astype(float)
    data["ln_t_bln"] = b["log_DIST"] * np.log(data["DIST"]) + b["CNTG"] * data["CNTG"] + b["intl_brdr"] * data["border"]
    data["ln_t_cfl"] = data["ln_t_bln"] - b["intl_brdr"] * data["border"]
    ppml, t_ppml = _timed(lambda: solve_ge(data, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl",
                                           reference="DEU", sigma=7))
    fl = ppml.flows.assign(d=(data["ln_t_cfl"] - data["ln_t_bln"]).to_numpy())
    names, x = flow_matrix(fl, "trade_BLN")
    _, d = flow_matrix(fl, "d", countries=names)
    sol, t_exact = _timed(lambda: hat_algebra(x, np.exp(d), 6.0, imbalances="multiplicative"), repeat=20)
    gp = ppml.countries.set_index("country").loc[names, "change_rGDP_FULL"] / 100 + 1
    print(f"case 2: Advanced Guide 2006, {len(names)} countries, all borders removed; exact {sol.iterations} "
          f"iterations; GE-PPML {ppml.iterations} iterations (book's rule, converged {ppml.converged})")
    return [("exact (hat algebra)", t_exact, 0.0),
            ("GE-PPML (pyfixest loop)", t_ppml, float((gp.to_numpy() / sol.welfare[0] - 1).__abs__().max()))]


def draws_case(raw: Path) -> None:
    from tradebridge.models.inputs import read_file
    from tradebridge.models.pipeline import solve_scenario
    from tradebridge.models.scenarios import load_scenario, shipped_scenarios

    panel = read_file(raw / "trade" / "agtpa" / "agtpa_applications.csv.gz")
    specs = [load_scenario(n) for n in shipped_scenarios()]
    in_force = {frozenset(("KOR", "CHL"))}

    def run_all():
        return [solve_scenario(s, panel, estimate=0.534, se=0.132, in_force=in_force) for s in specs]

    res, t = _timed(run_all)
    print(f"case 3: {len(specs)} scenarios x {specs[0].draws} draws + theta sensitivity {specs[0].sensitivity} on "
          f"agtpa 2006: {t:.2f} s in all ({os.cpu_count()} CPUs visible); max iterations {max(r.iterations for r in res)}")


def _table(title: str, rows: list[tuple[str, float, float]]) -> None:
    base = rows[0][1]
    print(f"{title}\n{'engine':28} {'seconds':>9} {'× exact':>9} {'max |welfare diff| vs exact':>28}")
    for name, t, diff in rows:
        print(f"{name:28} {t:9.4f} {t / base:9.1f} {diff:28.2e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default=os.environ.get("TRADEBRIDGE_RAW", "../shared/data"))
    args = parser.parse_args()
    raw = Path(args.raw)
    _table("", usitc_case(raw))
    _table("", agtpa_case(raw))
    draws_case(raw)


if __name__ == "__main__":
    main()
