"""Golden tests: the GE-PPML solver against the Advanced Guide's GE outputs.

Reference: ``trade/agtpa/ge_results/*.dta`` (the book's own Stata results, chapter 2), produced by
``stata_logs/Chapter2__Applications__1_TradeWithoutBorder__TradeWithoutBorder.log`` and
``stata_logs/Chapter2__Exercises__1_RemovingSpecificBorder__RemovingSpecificBorder.log``
(sigma = 7, Germany as the reference importer, the book's stopping rule with tolerance 0.01).

Tolerance: levels (multilateral resistances, output, exports) within 1e-3 relative, as the issue
asks; measured agreement is about 1e-5 (the book's ppml stops at its own deviance tolerance).
Percentage changes are compared within 1e-3 relative or 0.01 percentage points, whichever is
larger: a change is a difference of two levels, so a 1e-4 relative difference in the levels is up
to 0.01 points in the change (Singapore's exports in part A: 0.0425% here, 0.0398% in the book).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradebridge.models.ge import solve_ge
from tradebridge.models.gravity import estimate_gravity

LEVELS = ["OMR_FULL", "OMR_CDL", "OMR_BLN", "change_pricei_FULL", "Xi_BLN", "Xi_CDL", "Xi_FULL", "Y_BLN",
          "Y_FULL", "IMR_FULL", "IMR_CDL", "IMR_BLN"]
CHANGES = ["change_price_FULL", "change_OMR_CDL", "change_OMR_FULL", "change_Xi_CDL", "change_Xi_FULL",
           "change_IMR_CDL", "change_IMR_FULL"]


def _reference(raw_dir, prod: str, cons: str) -> pd.DataFrame:
    folder = raw_dir / "trade" / "agtpa" / "ge_results"
    p = pd.read_stata(folder / prod).set_index("country")
    c = pd.read_stata(folder / cons).set_index("country")
    return p.join(c)


def _border_data(raw_dir) -> tuple[pd.DataFrame, pd.Series]:
    data = pd.read_stata(raw_dir / "trade" / "agtpa" / "datasets" / "1_TradeWithoutBorder.dta")
    data = data[["exporter", "importer", "trade", "DIST", "CNTG"]].copy()
    # the book renames Germany ZZZ only to order its dummies; the reference importer is Germany
    data = data.replace({"exporter": {"ZZZ": "DEU"}, "importer": {"ZZZ": "DEU"}})
    fit = estimate_gravity(data, "trade ~ log_DIST + CNTG + intl_brdr | exporter + importer")
    b = fit.coefficients.set_index("term")["estimate"]
    data["border"] = (data["exporter"] != data["importer"]).astype(float)
    data["ln_t_bln"] = b["log_DIST"] * np.log(data["DIST"]) + b["CNTG"] * data["CNTG"] + b["intl_brdr"] * data["border"]
    return data, b


def _compare(result, ref: pd.DataFrame) -> None:
    got = result.countries.set_index("country").loc[ref.index]
    for col in LEVELS:
        rel = ((got[col] - ref[col]) / ref[col]).abs().max()
        assert rel < 1e-3, (col, rel)
    for col in CHANGES:
        tol = np.maximum(1e-3 * ref[col].abs(), 0.01)
        assert ((got[col] - ref[col]).abs() <= tol).all(), col


@pytest.mark.slow
def test_trade_without_borders(raw_dir):
    # Application 1: remove every international border (INTL_BRDR's coefficient set to 0)
    data, b = _border_data(raw_dir)
    data["ln_t_cfl"] = data["ln_t_bln"] - b["intl_brdr"] * data["border"]
    res = solve_ge(data, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl", reference="DEU", sigma=7)
    assert res.iterations == 5 and res.converged  # the log shows 5 iterations
    _compare(res, _reference(raw_dir, "Chapter2__Applications__1_TradeWithoutBorder__1_TradeWithoutBorder_FULL_PROD.dta",
                             "Chapter2__Applications__1_TradeWithoutBorder__1_TradeWithoutBorder_FULL_CONS.dta"))


@pytest.mark.slow
def test_removing_the_canada_us_border(raw_dir):
    # Exercise 1 part (i): remove only the CAN-USA border (INTL_BRDR_AB), keep all others
    data, b = _border_data(raw_dir)
    ab = ((data["exporter"] + data["importer"]).isin(["CANUSA", "USACAN"])).astype(float)
    data["ln_t_cfl"] = data["ln_t_bln"] - b["intl_brdr"] * ab
    res = solve_ge(data, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl", reference="DEU", sigma=7)
    _compare(res, _reference(raw_dir, "Chapter2__Exercises__1_RemovingSpecificBorder__FULL_PROD_part_A.dta",
                             "Chapter2__Exercises__1_RemovingSpecificBorder__FULL_CONS_part_A.dta"))
    welfare = res.countries.set_index("country")["change_rGDP_FULL"]
    assert welfare["CAN"] > 0 and welfare["USA"] > 0  # the two partners gain


def _exact_vs_book(res, data: pd.DataFrame, ref: pd.DataFrame) -> dict[str, float]:
    """The exact engine on the book's own baseline (GE-PPML's fitted flows, whose row and column sums
    are the observed output and expenditure) with the same cost change, expenditure a fixed share of
    output as in the book, theta = sigma - 1 = 6; results re-expressed with the book's numeraire (the
    reference importer's inward resistance fixed). Returns the largest differences against the book."""
    from tradebridge.models.ge import flow_matrix, hat_algebra

    fl = res.flows.assign(dcost=(data["ln_t_cfl"] - data["ln_t_bln"]).to_numpy())
    names, x = flow_matrix(fl, "trade_BLN")
    _, dcost = flow_matrix(fl, "dcost", countries=names)
    sol = hat_algebra(x, np.exp(dcost), 6.0, imbalances="multiplicative")
    assert sol.converged.all()
    k = names.index("DEU")
    p_ref = sol.price_index[0, k]
    off = ~np.eye(len(names), dtype=bool)
    ours = pd.DataFrame({"welfare": sol.welfare[0], "price": sol.wage[0] / p_ref, "imr": sol.price_index[0] / p_ref,
                         "exports": (sol.flows[0] * off).sum(axis=1) / (x * off).sum(axis=1) / p_ref}, index=names)
    book = pd.DataFrame({"welfare": ref["change_pricei_FULL"] / (1 + ref["change_IMR_FULL"] / 100),
                         "price": ref["change_pricei_FULL"], "imr": 1 + ref["change_IMR_FULL"] / 100,
                         "exports": 1 + ref["change_Xi_FULL"] / 100})
    ours = ours.loc[book.index]
    return {c: float((ours[c] / book[c] - 1).abs().max()) for c in book.columns}


@pytest.mark.slow
def test_exact_engine_agrees_with_the_book_within_its_stopping_rule(raw_dir):
    # The book's rule is 0.01 on the change in factory-gate prices. Measured (TradeWithoutBorder, the
    # largest shock of the chapter: every border removed, prices up 30% on average), relative, max over
    # 69 countries: welfare 5.1e-3, prices 4.6e-3, inward resistances 9.7e-3, exports 2.2e-2. Pushing
    # GE-PPML to 1e-6 (37 iterations) leaves these differences (5.8e-3 welfare): they are not the early
    # stop but the closure of trade imbalances. With balanced trade the two agree to 1e-10 (test in
    # tests/unit/models/test_ge_crosscheck.py); with deficits, GE-PPML keeps each E/Y fixed while
    # world expenditure drifts from world output, the exact engine rescales expenditure by one common
    # factor so that every market clears (docs/models.md).
    data, b = _border_data(raw_dir)
    data["ln_t_cfl"] = data["ln_t_bln"] - b["intl_brdr"] * data["border"]
    res = solve_ge(data, cost_baseline="ln_t_bln", cost_counterfactual="ln_t_cfl", reference="DEU", sigma=7)
    ref = _reference(raw_dir, "Chapter2__Applications__1_TradeWithoutBorder__1_TradeWithoutBorder_FULL_PROD.dta",
                     "Chapter2__Applications__1_TradeWithoutBorder__1_TradeWithoutBorder_FULL_CONS.dta")
    diff = _exact_vs_book(res, data, ref)
    assert max(diff["welfare"], diff["price"], diff["imr"]) < 0.01, diff  # the book's own rule
    assert diff["exports"] < 0.025, diff  # exports: a sum of flows, where the two closures differ most
