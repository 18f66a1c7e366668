"""The COVID-19 shock: deviation of 2020–2021 flows from the pre-period trend, per pair and product group.

For each exporter–importer pair and product group, a log-linear trend is fitted by least squares
to the pre-period (``pre_start``..2019, positive values only, at least three years):
``ln X_t = a + g t``. The shock in a year ``s`` (2020, 2021) is the deviation of the actual value
from the trend's prediction, ``X_s / exp(a + g s) - 1``, and in logs ``ln X_s - (a + g s)``.

The product group is the ``group`` column when the data has one (e.g. a sector mapping from
:mod:`tradebridge.concord`), else the HS chapter (first two digits of ``product``); aggregate
data (product ``TOTAL``) forms one group.

The shared reference data stops in 2016; the 2019–2021 flows come from a fetch:
``tradebridge data fetch comtrade --reporter KOR --partners PA --years 2015-2021 --level HS6`` or
``tradebridge data fetch baci --revision HS17 --years 2015-2021 --countries KOR,PA``.

>>> import numpy as np, pandas as pd
>>> years = np.arange(2015, 2022)
>>> v = 100 * 1.1 ** (years - 2015) * np.where(years == 2020, 0.8, 1.0)
>>> df = pd.DataFrame({"exporter": "KOR", "importer": "CHL", "year": years, "product": "870323", "value_usd": v})
>>> res = covid_deviation(df)
>>> round(float(res.table.query("year == 2020")["deviation"].iloc[0]), 3)
-0.2
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import DataError

FETCH_HINT = ("fetch 2015-2021 flows first: `tradebridge data fetch comtrade --reporter KOR --partners PA "
              "--years 2015-2021 --level HS6` or `tradebridge data fetch baci --revision HS17 --years 2015-2021 "
              "--countries KOR,PA`, then `tradebridge data ingest`")


@dataclass(frozen=True, eq=False)
class ShockResult(ResultViews):
    """One row per pair, product group and shock year: actual, trend, deviation, log deviation."""

    table: pd.DataFrame
    pre_period: tuple[int, int]
    shock_years: tuple[int, ...]

    title = "COVID-19 shock: deviation from the pre-period trend"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _header_lines(self) -> list[str]:
        return [f"log-linear trend fitted on {self.pre_period[0]}-{self.pre_period[1]}; shock years "
                + ", ".join(map(str, self.shock_years))]

    def to_dict(self) -> dict:
        return {"pre_period": list(self.pre_period), "shock_years": list(self.shock_years),
                "deviations": self.table.to_dict(orient="records")}


def _groups(frame: pd.DataFrame) -> pd.Series:
    if "group" in frame.columns:
        return frame["group"].astype(str)
    if "product" not in frame.columns:
        return pd.Series("TOTAL", index=frame.index)
    codes = frame["product"].astype(str)
    return codes.where(~codes.str.fullmatch(r"\d{2,}"), codes.str[:2])


def covid_deviation(
    flows: pd.DataFrame,
    *,
    pre_start: int = 2015,
    pre_end: int = 2019,
    shock_years: Sequence[int] = (2020, 2021),
    min_years: int = 3,
) -> ShockResult:
    """Deviation of ``shock_years`` flows from each pair × product group's pre-period log trend."""
    value = "trade" if "trade" in flows.columns else "value_usd"
    need = {"exporter", "importer", "year", value}
    if not need <= set(flows.columns):
        raise DataError(f"shock analysis needs columns {', '.join(sorted(need))}")
    years = set(flows["year"].astype(int))
    missing = [y for y in (pre_end, *shock_years) if y not in years]
    if missing:
        raise DataError(f"the data has no flows for {', '.join(map(str, missing))}", hint=FETCH_HINT)
    frame = flows.assign(year=flows["year"].astype(int), group=_groups(flows))
    agg = frame.groupby(["exporter", "importer", "group", "year"], as_index=False)[value].sum()
    rows = []
    for (exp, imp, grp), sub in agg.groupby(["exporter", "importer", "group"], sort=True):
        pre = sub[(sub["year"] >= pre_start) & (sub["year"] <= pre_end) & (sub[value] > 0)]
        if len(pre) < min_years:
            continue
        slope, intercept = np.polyfit(pre["year"].to_numpy(float), np.log(pre[value].to_numpy(float)), 1)
        for year in shock_years:
            actual = sub.loc[sub["year"] == year, value]
            act = float(actual.iloc[0]) if len(actual) else 0.0
            trend = float(np.exp(intercept + slope * year))
            rows.append({"exporter": exp, "importer": imp, "group": grp, "year": int(year), "actual": act,
                         "trend": trend, "deviation": act / trend - 1,
                         "log_deviation": float(np.log(act) - np.log(trend)) if act > 0 else float("nan"),
                         "trend_growth": float(np.expm1(slope)), "pre_years": len(pre)})
    if not rows:
        raise DataError(f"no pair and product group has {min_years} positive years in {pre_start}-{pre_end}",
                        hint=FETCH_HINT)
    return ShockResult(table=pd.DataFrame(rows), pre_period=(pre_start, pre_end), shock_years=tuple(shock_years))
