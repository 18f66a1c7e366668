"""Design-based means, proportions and totals with Taylor-linearised SEs and CIs, overall and by domain.

The numbers match R's ``survey`` package (``svymean``, ``svytotal``, ``svyby``) to floating-point
accuracy on its API data (see tests/golden/survey). Domains (``by=["country", "actor_type"]``) are
estimated as R's ``svyby`` does: the full design is kept and rows outside the domain get zero
influence, so strata and PSU counts are those of the whole sample. CIs are normal-theory
(``confint`` of R's ``svystat``); ``df`` gives the design degrees of freedom for t-based intervals.

>>> import pandas as pd
>>> from tradebridge.survey.design import survey_design
>>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0], "g": ["a", "a", "b", "b"]})
>>> est = estimate_mean(survey_design(df), "y", by="g")
>>> est.to_frame()[["g", "estimate"]].to_dict("list")
{'g': ['a', 'b'], 'estimate': [1.5, 3.5]}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats

from tradebridge._display import ResultViews
from tradebridge.errors import DataError, check_option
from tradebridge.survey.design import SurveyDesign

Statistic = Literal["mean", "total"]
STATISTICS: tuple[str, ...] = get_args(Statistic)


@dataclass(frozen=True)
class Estimates(ResultViews):
    """Estimates with standard errors and confidence intervals (one row per domain × variable × level)."""

    table: pd.DataFrame
    statistic: str
    level: float
    df: int
    demo: bool = False

    title = "Design-based estimates"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _header_lines(self) -> list[str]:
        head = f"Design-based {self.statistic} ({self.level:.0%} CI, design df {self.df})"
        return [head + (" [DEMO DATA]" if self.demo else "")]

    def summary(self) -> str:
        return self._header_lines()[0] + "\n" + self.table.to_string(index=False, float_format=lambda v: f"{v:,.6g}")

    def __repr__(self) -> str:
        return self.summary()


def _as_list(x: str | Sequence[str] | None) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


def _columns(design: SurveyDesign, variable: str) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Numeric matrix for a variable: itself, or indicator columns per level for a categorical one."""
    if variable not in design.data.columns:
        raise DataError(f"variable {variable!r} not in the survey data",
                        hint=f"use one of {', '.join(map(str, design.data.columns[:30]))}")
    s = design.data[variable]
    missing = s.isna().to_numpy()
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        vals = s.to_numpy(dtype=float, na_value=np.nan)
        return np.nan_to_num(vals)[:, None], [""], missing
    levels = sorted(s.dropna().unique(), key=str)
    if not levels:
        raise DataError(f"variable {variable!r} has no non-missing values")
    mat = np.column_stack([(s == lv).to_numpy(dtype=bool) for lv in levels]).astype(float)
    return mat, [str(lv) for lv in levels], missing


def _domains(design: SurveyDesign, by: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    if not by:
        return pd.DataFrame(index=[0]), np.zeros(design.n, dtype=np.int64)
    for col in by:
        if col not in design.data.columns:
            raise DataError(f"domain variable {col!r} not in the survey data")
    g = design.data.groupby(by, sort=True, dropna=True)
    codes = g.ngroup().to_numpy(np.int64)  # -1 for rows with a missing domain value
    keys = pd.DataFrame(list(g.groups.keys()), columns=by) if len(by) > 1 else pd.DataFrame({by[0]: list(g.groups.keys())})
    return keys, codes


def _estimate(design: SurveyDesign, variables: Sequence[str], by: Sequence[str], statistic: str,
              level: float, na_rm: bool) -> Estimates:
    check_option("statistic", statistic, STATISTICS)
    if not 0 < level < 1:
        raise DataError(f"confidence level {level} must be between 0 and 1", hint="use e.g. level=0.95")
    by = _as_list(by)
    keys, dom = _domains(design, by)
    w = design.weights
    z_cols: list[np.ndarray] = []
    rows: list[dict] = []
    ests: list[float] = []
    for var in _as_list(variables):
        mat, levels, missing = _columns(design, var)
        if missing.any() and not na_rm:
            raise DataError(f"variable {var!r} has {int(missing.sum())} missing value(s)",
                            hint="pass na_rm=True to estimate from the answered rows (as R's na.rm=TRUE)")
        ok = ~missing
        for d in range(len(keys)):
            inside = (dom == d) & ok
            wd = np.where(inside, w, 0.0)
            if statistic == "total":
                est = wd @ mat
                z = mat * wd[:, None]
            else:
                wsum = wd.sum()
                if wsum <= 0:
                    raise DataError(f"domain {keys.iloc[d].to_dict()} has no weight for {var!r}",
                                    hint="drop empty domains or check the weights")
                est = wd @ mat / wsum
                z = (mat - est) * (wd / wsum)[:, None]
            for j, lv in enumerate(levels):
                row = {c: keys.iloc[d][c] for c in by}
                row.update(variable=var, level=lv)
                rows.append(row)
                ests.append(float(est[j]))
            z_cols.append(z)
    z_all = np.hstack(z_cols)
    var_m = design.variance(z_all)
    se = np.sqrt(np.clip(np.diag(var_m), 0, None))
    q = stats.norm.ppf(0.5 + level / 2)
    table = pd.DataFrame(rows)
    table["estimate"] = ests
    table["se"] = se
    table["ci_low"] = table["estimate"] - q * table["se"]
    table["ci_high"] = table["estimate"] + q * table["se"]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["cv"] = table["se"] / table["estimate"].abs()
    if (table["level"] == "").all():
        table = table.drop(columns="level")
    demo = bool(design.data.get("demo", pd.Series([False])).astype(bool).any())
    return Estimates(table, statistic, level, design.degf, demo)


def estimate_mean(design: SurveyDesign, variables: str | Sequence[str], *, by: str | Sequence[str] | None = None,
                  level: float = 0.95, na_rm: bool = True) -> Estimates:
    """Design-based means (``svymean``); categorical variables give the proportion of each level.

    With ``by`` the means are domain estimates (``svyby(..., svymean)``).
    """
    return _estimate(design, _as_list(variables), _as_list(by), "mean", level, na_rm)


def estimate_total(design: SurveyDesign, variables: str | Sequence[str], *, by: str | Sequence[str] | None = None,
                   level: float = 0.95, na_rm: bool = True) -> Estimates:
    """Design-based totals (``svytotal``); categorical variables give estimated counts per level."""
    return _estimate(design, _as_list(variables), _as_list(by), "total", level, na_rm)


def estimate_proportion(design: SurveyDesign, variable: str, *, by: str | Sequence[str] | None = None,
                        level: float = 0.95, na_rm: bool = True) -> Estimates:
    """Proportions of each level of a categorical variable (``svymean(~factor(x))``)."""
    return _estimate(design, [variable], _as_list(by), "mean", level, na_rm)


def mean_covariance(design: SurveyDesign, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Means of the columns of ``matrix`` and their covariance matrix (all rows, current weights)."""
    w = design.weights
    wsum = w.sum()
    est = w @ matrix / wsum
    z = (matrix - est) * (w / wsum)[:, None]
    return est, design.variance(z)
