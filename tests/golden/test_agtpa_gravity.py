"""Golden tests: the Advanced Guide's (Yotov et al. 2016) gravity estimates, reproduced with pyfixest.

Reference values are copied from the book's own Stata output in the shared data folder,
``trade/agtpa/stata_logs/`` (file named in each case), estimated on ``trade/agtpa/datasets/*.dta``.

Tolerances: coefficients within 1e-4 (absolute) of the published value (the logs print 7
significant digits; pyfixest converges to about 1e-8); the esttab table of chapter 1 exercise 2
prints 3 decimals, so there the tolerance is the rounding, 5e-4. Standard errors within 3%
(relative). Why they differ at all:

* Stata's ``ppml`` "semirobust" errors are HC0 times n/(n-1); ``small_sample="stata"`` drops
  pyfixest's (n-1)/(n-k) factor (k counts every fixed effect) and lands 0.01% away.
* ``ppml_panel_sg ..., cluster(pair_id)`` applies only G/(G-1): same setting, matches to 1e-5.
* ``regress ..., cluster(pair_id)`` with dummy fixed effects counts them in k, which is what
  fixest's default small-sample correction does (``small_sample="fixest"``).
* The book clusters on ``pair_id = group(DIST)``: 4,050 groups for 4,160 directed pairs (a few
  distances coincide), neither the directed nor the symmetric pair; we cluster on the same grouping.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradebridge.models.gravity import estimate_gravity

COEF_TOL = 1e-4
SE_REL_TOL = 0.03


def _dta(raw_dir, name: str) -> pd.DataFrame:
    frame = pd.read_stata(raw_dir / "trade" / "agtpa" / "datasets" / name)
    frame["year"] = frame["year"].astype(int)
    return frame


def _check(result, published: dict[str, tuple[float, float]], coef_tol: float = COEF_TOL) -> None:
    for term, (coef, se) in published.items():
        assert result.coefficient(term) == pytest.approx(coef, abs=coef_tol), term
        assert result.se(term) == pytest.approx(se, rel=SE_REL_TOL), term


def test_trade_without_border_ppml(raw_dir):
    # Chapter2__Applications__1_TradeWithoutBorder__TradeWithoutBorder.log, lines 346-348:
    # ppml trade EXPORTER_FE* IMPORTER_FE1-IMPORTER_FE68 ln_DIST CNTG INTL_BRDR (year 2006), N = 4761
    data = _dta(raw_dir, "1_TradeWithoutBorder.dta")
    res = estimate_gravity(data, "trade ~ log_DIST + CNTG + intl_brdr | exporter + importer")
    _check(res, {"log_DIST": (-0.7912879, 0.0501494), "CNTG": (0.6736456, 0.1073719),
                 "intl_brdr": (-2.47445, 0.1193816)})
    assert res.nobs == 4761 and res.converged
    assert res.se("log_DIST") == pytest.approx(0.0501494, rel=2e-4)  # the n/(n-1) factor only


@pytest.mark.slow
def test_rta_effects_pair_fixed_effects(raw_dir):
    # Chapter2__Applications__2_RTAsEffects__RTAsEffects.log, line 3347: RTA .5571853 (.055771),
    # exporter-time, importer-time and (symmetric, as the data's pair_id) pair fixed effects,
    # domestic flows pooled in one pair; 1986-2006 every 4 years; 84 observations of pairs that never
    # trade excluded, N = 28482.
    data = _dta(raw_dir, "Chapter2Application2.dta")
    data = data[data["year"].isin(range(1986, 2007, 4))]
    data = data.assign(pair=np.where(data["exporter"] == data["importer"], -1, data["pair_id"]))
    res = estimate_gravity(data, "trade ~ RTA | exp_year + imp_year + pair")
    _check(res, {"RTA": (0.5571853, 0.055771)})
    assert res.nobs == 28482
    assert res.dropped["separation"] == 84


def test_ppml_panel_sg_rta_wto(raw_dir):
    # Chapter1__Exercises__2_UnilateralPolicyImpact__UnilateralPolicyImpact.log, lines 1716-1742:
    # ppml_panel_sg trade RTA WTO, ex(exporter) im(importer) y(year) sym cluster(pair_id), N = 25350
    data = _dta(raw_dir, "Chapter1Exercise1.dta")
    data["pair_dist"] = data.groupby("DIST").ngroup()  # egen pair_id = group(DIST)
    res = estimate_gravity(data, "trade ~ RTA + WTO | exp_year + imp_year + sym_pair_id", cluster="pair_dist")
    _check(res, {"RTA": (0.4495273, 0.0849643), "WTO": (0.681111, 0.0873877)})
    assert res.nobs == 25350


def test_ols_levels_with_time_varying_fixed_effects(raw_dir):
    # same log, lines 872-876: regress trade EXPORTER_TIME_FE* IMPORTER_TIME_FE* ln_DIST CNTG LANG CLNY
    # RTA WTO if exporter != importer, cluster(pair_id); N = 24960, 4050 clusters
    data = _dta(raw_dir, "Chapter1Exercise1.dta")
    data["pair_dist"] = data.groupby("DIST").ngroup()
    res = estimate_gravity(
        data, "trade ~ log_DIST + CNTG + LANG + CLNY + RTA + WTO | exp_year + imp_year", estimator="ols",
        cluster="pair_dist", where="exporter != importer", small_sample="fixest",
    )
    _check(res, {"log_DIST": (-667.0935, 129.2349), "CNTG": (7903.343, 1938.592), "LANG": (-15.21628, 277.1958),
                 "CLNY": (-807.5985, 564.1727), "RTA": (983.2713, 462.6462)}, coef_tol=1e-3)
    assert res.nobs == 24960 and res.dropped["where"] == 25350 - 24960


@pytest.mark.slow
def test_rta_lags_and_mfn_tariffs(raw_dir):
    # Chapter1__Exercises__2_UnilateralPolicyImpact__UnilateralPolicyImpact.txt (esttab, 3 decimals):
    # column (1) RTAs and (2) TRFFS, N = 18886; pair fixed effects are directed, clustered by pair.
    data = _dta(raw_dir, "Chapter1Exercise2.dta")
    res = estimate_gravity(data, "trade ~ RTA + RTA_LAG3 + RTA_LAG6 + RTA_LAG9 | exp_year + imp_year + pair_id",
                           cluster="pair_id")
    _check(res, {"RTA": (0.392, 0.064), "RTA_LAG3": (0.248, 0.040), "RTA_LAG6": (0.246, 0.043),
                 "RTA_LAG9": (0.083, 0.034)}, coef_tol=5e-4)
    assert res.nobs == 18886 and res.dropped["separation"] == 18928 - 18886
    # column (2): ln_MFN = ln(1 + MFN tariff) on international flows (0 for domestic sales)
    data["ln_MFN"] = np.where(data["exporter"] != data["importer"], np.log1p(data["MFN_TARIFF"]), 0.0)
    res2 = estimate_gravity(data, "trade ~ RTA + RTA_LAG3 + RTA_LAG6 + RTA_LAG9 + ln_MFN | exp_year + imp_year + pair_id",
                            cluster="pair_id")
    for term, (coef, se) in {"RTA": (-0.217, 0.056), "RTA_LAG3": (0.256, 0.037), "RTA_LAG6": (0.265, 0.036),
                             "RTA_LAG9": (0.101, 0.035), "ln_MFN": (-7.604, 0.516)}.items():
        assert res2.coefficient(term) == pytest.approx(coef, abs=5e-4), term
        assert res2.se(term) == pytest.approx(se, abs=5e-4), term  # 3-decimal rounding


@pytest.mark.slow
def test_two_stage_trade_costs_from_pair_fixed_effects(raw_dir):
    # RTAsEffects.log, lines 3330-3578: stage 1 as above; the pair fixed effects become trade costs
    # tij = exp(gamma_ij) for 1994, regressed (PPML, exporter and importer FE, international pairs,
    # cluster(pair_id)) on gravity variables: ln_DIST -.8475027 (.0346902), CNTG .2940831 (.0948405),
    # LANG .3632659 (.0826225), CLNY .2394163 (.114736), N = 4678. The pair effects are identified up
    # to exporter and importer terms, which the stage-2 fixed effects absorb, so pyfixest's
    # normalisation of them does not matter.
    data = _dta(raw_dir, "Chapter2Application2.dta")
    data = data[data["year"].isin(range(1986, 2007, 4))]
    data = data.assign(pair=np.where(data["exporter"] == data["importer"], -1, data["pair_id"]).astype(int))
    stage1 = estimate_gravity(data, "trade ~ RTA | exp_year + imp_year + pair")
    gamma = stage1.fixed_effects()["pair"]
    gamma.index = gamma.index.astype(float).astype(int)
    y94 = data[data["year"] == 1994].assign(tij=lambda d: np.exp(d["pair"].map(gamma)))
    res = estimate_gravity(y94, "tij ~ log_DIST + CNTG + LANG + CLNY | exporter + importer",
                           where="exporter != importer", cluster="pair_id")
    _check(res, {"log_DIST": (-0.8475027, 0.0346902), "CNTG": (0.2940831, 0.0948405),
                 "LANG": (0.3632659, 0.0826225), "CLNY": (0.2394163, 0.114736)})
    assert res.nobs == 4678  # 14 pairs without trade have no cost estimate (dropped as missing)
