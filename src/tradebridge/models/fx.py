"""Exchange-rate elasticities: the reporter's exports to each partner and the partner currency's value.

For the reporter's (Korea's) exports ``X_jt`` to each partner ``j`` (the Pacific Alliance members):

    X_jt = exp(pair_j + year_t + beta_j * ln(fx_jt)) * e_jt          (PPML)

where ``fx_jt`` is partner ``j``'s currency per US dollar (IMF annual average), so a rise is a
depreciation against the dollar. The year effects absorb everything common to all partners in a
year, including the won's own value against the dollar, so ``beta_j`` is the elasticity of exports
to ``j``'s depreciation relative to the other partners (negative when a weaker partner currency
makes Korean goods dearer there). A pooled row gives one common ``beta``. On product-level data
``products`` restricts the flows to HS headings first (vehicles: ``("8703", "8704")``).

Nominal rates: in high-inflation years the nominal rate mostly tracks prices, so the default
sample starts in 1990 (after the Latin American hyperinflations); set ``start`` to change it.

>>> import numpy as np, pandas as pd
>>> years = list(range(2000, 2012))
>>> fx = pd.DataFrame([(c, y, f * (1 + 0.05 * (y - 2000)) * (1.3 if y % k == 0 else 1.0))
...                    for c, f, k in [("CHL", 500.0, 2), ("MEX", 10.0, 3)] for y in years],
...                   columns=["country", "year", "fx_lcu_per_usd"])
>>> fl = fx.rename(columns={"country": "importer"}).assign(exporter="KOR")
>>> fl["value_usd"] = 1e6 * fl["fx_lcu_per_usd"] ** -0.5 * np.where(fl.importer == "CHL", 30.0, 2.0)
>>> res = fx_elasticity(fl, fx, reporter="KOR", partners=("CHL", "MEX"), start=2000)
>>> round(float(res.table.set_index("partner").loc["pooled", "elasticity"]), 3)
-0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import DataError
from tradebridge.models.gravity import GravityResult, estimate_gravity


@dataclass(frozen=True, eq=False)
class FXResult(ResultViews):
    """Elasticities by partner (and pooled) with 95% intervals and the sample used."""

    table: pd.DataFrame
    fit: GravityResult
    pooled_fit: GravityResult
    reporter: str
    products: tuple[str, ...]

    title = "Exchange-rate elasticity of exports"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _header_lines(self) -> list[str]:
        what = "products " + ",".join(self.products) if self.products else "all goods"
        return [f"{self.reporter}'s exports ({what}); PPML with pair and year effects; fx = partner LCU per USD"]

    def to_dict(self) -> dict:
        return {"reporter": self.reporter, "products": list(self.products),
                "elasticities": self.table.to_dict(orient="records"),
                "model": self.fit.to_dict(), "pooled_model": self.pooled_fit.to_dict()}


def _flows(flows: pd.DataFrame, products: Sequence[str]) -> pd.DataFrame:
    frame = flows
    if products:
        if "product" not in frame.columns:
            raise DataError("products were asked for but the data has no product column",
                            hint="use product-level flows (e.g. a fetched BACI or Comtrade HS dataset)")
        codes = frame["product"].astype(str)
        frame = frame[codes.str.startswith(tuple(products))]
        if frame.empty:
            raise DataError(f"no flows of products {', '.join(products)} in the data",
                            hint="fetch HS6 data, e.g. `tradebridge data fetch comtrade --level HS6`")
    value = "trade" if "trade" in frame.columns else "value_usd"
    return frame.groupby(["exporter", "importer", "year"], as_index=False)[value].sum().rename(columns={value: "trade"})


def fx_elasticity(
    flows: pd.DataFrame,
    fx: pd.DataFrame,
    *,
    reporter: str,
    partners: Sequence[str],
    start: int = 1990,
    end: int | None = None,
    products: Sequence[str] = (),
) -> FXResult:
    """Elasticity of ``reporter``'s exports to each partner w.r.t. the partner's LCU per USD."""
    frame = _flows(flows, products)
    frame = frame[(frame["exporter"] == reporter) & frame["importer"].isin(partners)]
    frame = frame[(frame["year"] >= start) & ((frame["year"] <= end) if end else True)]
    rates = fx.rename(columns={"country": "importer"})[["importer", "year", "fx_lcu_per_usd"]]
    frame = frame.merge(rates, on=["importer", "year"], how="inner")
    frame = frame[frame["fx_lcu_per_usd"] > 0]
    if frame.empty or frame["importer"].nunique() < 2:
        raise DataError(f"too little data: {reporter}'s exports to {', '.join(partners)} with FX rates from {start}",
                        hint="check the years and that the FX table covers the partners")
    frame = frame.assign(ln_fx=np.log(frame["fx_lcu_per_usd"]))
    present = sorted(frame["importer"].unique())
    terms = []
    for p in present:
        name = f"ln_fx_{p}"
        frame[name] = np.where(frame["importer"] == p, frame["ln_fx"], 0.0)
        terms.append(name)
    fit = estimate_gravity(frame, "trade ~ " + " + ".join(terms) + " | pair_id + year", separation=("fe",))
    pooled = estimate_gravity(frame, "trade ~ ln_fx | pair_id + year", separation=("fe",))
    rows = []
    for p, term, res in [*[(p, f"ln_fx_{p}", fit) for p in present], ("pooled", "ln_fx", pooled)]:
        row = res.coefficients.set_index("term").loc[term]
        sub = frame if p == "pooled" else frame[frame["importer"] == p]
        rows.append({"partner": p, "elasticity": float(row["estimate"]), "se": float(row["se"]),
                     "ci_low": float(row["ci_low"]), "ci_high": float(row["ci_high"]),
                     "years": f"{int(sub['year'].min())}-{int(sub['year'].max())}", "n": len(sub)})
    return FXResult(table=pd.DataFrame(rows), fit=fit, pooled_fit=pooled, reporter=reporter, products=tuple(products))
