"""Likert summaries and design-based cross-tabulations with the Rao–Scott test.

:func:`likert_summary` gives, per question (and domain), the share agreeing (top half of the scale:
4–5 on a 5-point, 5–7 on a 7-point scale), the share disagreeing, the mean score and the net score
(agree − disagree), each with a linearised SE. :func:`crosstab` gives the row distribution of one
categorical variable within another and :func:`rao_scott_test` the second-order Rao–Scott F test of
independence, the default of R's ``svychisq``.

>>> import pandas as pd
>>> from tradebridge.survey.design import survey_design
>>> df = pd.DataFrame({"q": [1, 2, 4, 5, 5]})
>>> s = likert_summary(survey_design(df), ["q"], points=5).to_frame()
>>> s.loc[s.measure == "net", "estimate"].item()   # 3 agree, 2 disagree of 5 -> 0.2
0.2
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from tradebridge._display import ResultViews
from tradebridge.errors import DataError
from tradebridge.survey.design import SurveyDesign
from tradebridge.survey.estimate import Estimates, estimate_mean, estimate_proportion, mean_covariance


def likert_summary(design: SurveyDesign, questions: Sequence[str], *, points: int = 5,
                   by: str | Sequence[str] | None = None, level: float = 0.95) -> Estimates:
    """Share agreeing, share disagreeing, mean and net score of Likert items coded 1..points."""
    if points not in (5, 7):
        raise DataError(f"Likert scales have 5 or 7 points, not {points}", hint="pass points=5 or points=7")
    mid = (points + 1) / 2
    data = design.data.copy()
    measures = []
    for q in questions:
        if q not in data.columns:
            raise DataError(f"Likert question {q!r} not in the responses")
        vals = pd.to_numeric(data[q], errors="coerce")
        bad = vals.notna() & ~vals.isin(range(1, points + 1))
        if bad.any():
            raise DataError(f"values outside 1..{points}", column=q, rows=np.flatnonzero(bad.to_numpy()).tolist(),
                            hint="recode the answers to the scale points or set them missing")
        agree = (vals > mid).astype(float).where(vals.notna())
        disagree = (vals < mid).astype(float).where(vals.notna())
        data[f"{q}::agree"] = agree
        data[f"{q}::disagree"] = disagree
        data[f"{q}::mean"] = vals
        data[f"{q}::net"] = agree - disagree
        measures += [f"{q}::{m}" for m in ("agree", "disagree", "mean", "net")]
    est = estimate_mean(replace(design, data=data), measures, by=by, level=level)
    table = est.table.copy()
    parts = table["variable"].str.split("::", expand=True)
    table.insert(table.columns.get_loc("variable") + 1, "measure", parts[1].to_numpy())
    table["variable"] = parts[0].to_numpy()
    return Estimates(table, "likert", level, est.df, est.demo)


@dataclass(frozen=True)
class RaoScottTest(ResultViews):
    """Second-order Rao–Scott corrected Pearson test (F form), as R's ``svychisq(statistic="F")``."""

    statistic: float
    ndf: float
    ddf: float
    p_value: float
    pearson: float

    title = "Rao-Scott test of independence"

    def summary(self) -> str:
        return (f"Rao-Scott F = {self.statistic:.4f}, ndf = {self.ndf:.4f}, ddf = {self.ddf:.4f}, "
                f"p = {self.p_value:.4g} (Pearson X^2 = {self.pearson:.4f})")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"statistic": self.statistic, "ndf": self.ndf, "ddf": self.ddf,
                              "p_value": self.p_value, "pearson": self.pearson}])


def rao_scott_test(design: SurveyDesign, row: str, col: str) -> RaoScottTest:
    """Rao–Scott test of independence of two categorical variables under the design."""
    data = design.data
    for v in (row, col):
        if v not in data.columns:
            raise DataError(f"cross-tab variable {v!r} not in the responses")
    rlev = sorted(data[row].dropna().unique(), key=str)
    clev = sorted(data[col].dropna().unique(), key=str)
    nr, nc = len(rlev), len(clev)
    if nr < 2 or nc < 2:
        raise DataError("a cross-tab test needs at least two levels in each variable")
    n = len(data)
    ok = (data[row].notna() & data[col].notna()).to_numpy()
    rix = pd.Categorical(data[row], categories=rlev).codes
    cix = pd.Categorical(data[col], categories=clev).codes
    cell = np.where(ok, rix + nr * cix, -1)  # rows vary fastest, like interaction(rows, cols)
    mm = np.zeros((n, nr * nc))
    mm[np.flatnonzero(ok), cell[ok]] = 1.0
    sub = replace(design, weights=np.where(ok, design.weights, 0.0))
    mean2, v = mean_covariance(sub, mm)
    grid_r = np.tile(np.arange(nr), nc)
    grid_c = np.repeat(np.arange(nc), nr)
    x1 = np.column_stack([np.ones(nr * nc)] + [(grid_r == i) * 1.0 for i in range(1, nr)]
                         + [(grid_c == j) * 1.0 for j in range(1, nc)])
    x12 = np.column_stack([(grid_r == i) * (grid_c == j) * 1.0 for j in range(1, nc) for i in range(1, nr)])
    beta, *_ = np.linalg.lstsq(x1, x12, rcond=None)
    cmat = x12 - x1 @ beta
    idm = np.diag(np.where(mean2 == 0, 0.0, 1.0 / np.where(mean2 == 0, 1.0, mean2)))
    denom = cmat.T @ (idm / n) @ cmat
    numr = cmat.T @ idm @ v @ idm @ cmat
    delta = np.linalg.solve(denom, numr)
    tr = np.trace(delta)
    d0 = tr**2 / np.trace(delta @ delta)
    table = (mean2 * n).reshape(nc, nr).T  # svytable scaled to Ntotal = N
    expected = np.outer(table.sum(1), table.sum(0)) / table.sum()
    pearson = float(((table - expected) ** 2 / expected).sum())
    nu = design.degf
    f = pearson / tr
    return RaoScottTest(float(f), float(d0), float(d0 * nu), float(stats.f.sf(f, d0, d0 * nu)), pearson)


@dataclass(frozen=True)
class CrossTab(ResultViews):
    """Row distributions of ``col`` within each level of ``row`` with SEs, and the Rao–Scott test."""

    table: pd.DataFrame
    test: RaoScottTest
    row: str
    col: str
    demo: bool = False

    title = "Cross-tab (row proportions)"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _header_lines(self) -> list[str]:
        tag = " [DEMO DATA]" if self.demo else ""
        return [f"Cross-tab of {self.col} by {self.row} (row proportions){tag}", self.test.summary()]

    def to_dict(self) -> dict:
        return {"row": self.row, "col": self.col, "demo": self.demo, "rows": self.table,
                "test": self.test.to_frame().iloc[0].to_dict()}

    def summary(self) -> str:
        head, test = self._header_lines()
        wide = self.table.pivot(index=self.row, columns="level", values="estimate")
        return f"{head}\n{wide.to_string()}\n{test}"


def crosstab(design: SurveyDesign, row: str, col: str, *, level: float = 0.95) -> CrossTab:
    """Row proportions of ``col`` within ``row`` (domain estimates) with the Rao–Scott test."""
    est = estimate_proportion(design, col, by=row, level=level)
    return CrossTab(est.table, rao_scott_test(design, row, col), row, col, est.demo)
