"""ITC's Export Potential Indicator (EPI): potential exports of exporter i to market j of product k.

Decreux, Y. and J. Spies (2016), *Export Potential Assessments: A methodology to identify export
opportunities for developing countries*, International Trade Centre. The potential value is the
product of three terms:

``potential_ijk = supply_ik × demand_jk × ease_ij``

- **supply** ``s_ik = x_ik / Σ_i' x_i'k`` — i's share of world exports of k (its market share: the
  share it would have in any market if trade were frictionless);
- **demand** ``d_jk = m_jk`` — j's imports of k;
- **ease of trade** ``b_ij = X_ij / Σ_k s_ik m_jk`` — i's actual total exports to j over the exports
  it would have at its world market shares; it carries everything bilateral (distance, language,
  agreements, tariffs on average) and makes ``Σ_k potential_ijk = X_ij``: the indicator redistributes
  the actual bilateral total across products by supply and demand.

``unrealised = max(potential − actual, 0)`` (what ITC calls the untapped potential) and ``gap =
potential − actual`` (negative where i already exceeds it).

This is the *static core* of the ITC method. The published indicator also projects supply and
demand forward (IMF GDP and population projections, RCA and import-share dynamics), adjusts demand
for the tariff advantage of i in j relative to competitors and for distance (Market Access Map tariffs,
CEPII distances, GTAP elasticities), caps market shares and uses mirror-reconciled BACI/Comtrade data.
The store holds none of the projections or tariffs, so optional multiplicative ``supply_factor``
(exporter, product) and ``demand_factor`` (exporter, market, product) columns let a caller supply them.

Inputs: ``flows`` with exporter, importer, product, value_usd (one year, bilateral product flows —
BACI or Comtrade HS6 once fetched into ``trade_flows``; the world SITC4 file has exports only and
cannot feed it). World exports and market imports are sums over the same flows.

>>> import pandas as pd
>>> f = pd.DataFrame({"exporter": ["A", "A", "B", "B", "C"], "importer": ["C", "C", "C", "A", "A"],
...                   "product": ["p", "q", "p", "q", "p"], "value_usd": [6.0, 2.0, 2.0, 4.0, 2.0]})
>>> r = export_potential(f, exporters=["A"], markets=["C"])
>>> r[["product", "supply", "demand", "ease", "potential", "actual"]].round(4).values.tolist()
[['p', 0.6, 8.0, 1.4634, 7.0244, 6.0], ['q', 0.3333, 2.0, 1.4634, 0.9756, 2.0]]
>>> # world p = 10, q = 6; C imports p 8, q 2; ease = 8 / (0.6·8 + 2/6·2) = 1.4634; Σ potential = 8
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tradebridge.errors import DataError

FLOW_COLUMNS = ("exporter", "importer", "product", "value_usd")
REFERENCE = "Decreux & Spies (2016), Export Potential Assessments, International Trade Centre"


def export_potential(flows: pd.DataFrame, *, exporters: Sequence[str] | None = None,
                     markets: Sequence[str] | None = None, supply_factor: pd.DataFrame | None = None,
                     demand_factor: pd.DataFrame | None = None) -> pd.DataFrame:
    """Potential, actual and unrealised exports per exporter × market × product (see module docstring).

    Returns exporter, market, product, supply, demand, ease, potential, actual, unrealised, gap.
    Pairs with no actual total trade have ease 0 (the static method cannot see potential where
    nothing is traded yet).
    """
    missing = [c for c in FLOW_COLUMNS if c not in flows.columns]
    if missing:
        raise DataError(f"flows lack column(s) {', '.join(missing)}", column=missing[0],
                        hint="pass one year of bilateral product flows: exporter, importer, product, value_usd")
    f = flows[list(FLOW_COLUMNS)]
    f = f[(f["exporter"] != f["importer"]) & (f["value_usd"] > 0)]
    if (flows["value_usd"] < 0).any():
        raise DataError("negative trade values", column="value_usd",
                        rows=flows.index[flows["value_usd"] < 0].tolist(), hint="correct or drop those rows")
    world = f.groupby("product")["value_usd"].sum().rename("world")
    sup = f.groupby(["exporter", "product"])["value_usd"].sum().rename("x").reset_index()
    sup = sup.merge(world, on="product")
    sup["supply"] = sup["x"] / sup["world"]
    dem = f.groupby(["importer", "product"])["value_usd"].sum().rename("demand").reset_index()
    dem = dem.rename(columns={"importer": "market"})
    if exporters is not None:
        sup = sup[sup["exporter"].isin(list(exporters))]
    if markets is not None:
        dem = dem[dem["market"].isin(list(markets))]
    cells = sup[["exporter", "product", "supply"]].merge(dem, on="product")
    cells = cells[cells["exporter"] != cells["market"]]
    hyp = (cells.assign(h=cells["supply"] * cells["demand"]).groupby(["exporter", "market"])["h"].sum()
           .rename("hypothetical").reset_index())
    total = f.groupby(["exporter", "importer"])["value_usd"].sum().rename("total").reset_index()
    ease = hyp.merge(total.rename(columns={"importer": "market"}), on=["exporter", "market"], how="left")
    ease["ease"] = ease["total"].fillna(0.0) / ease["hypothetical"]
    out = cells.merge(ease[["exporter", "market", "ease"]], on=["exporter", "market"])
    if supply_factor is not None:
        out = out.merge(supply_factor[["exporter", "product", "supply_factor"]], on=["exporter", "product"], how="left")
        out["supply"] = out["supply"] * out.pop("supply_factor").fillna(1.0)
    if demand_factor is not None:
        out = out.merge(demand_factor[["exporter", "market", "product", "demand_factor"]],
                        on=["exporter", "market", "product"], how="left")
        out["demand"] = out["demand"] * out.pop("demand_factor").fillna(1.0)
    out["potential"] = out["supply"] * out["demand"] * out["ease"]
    actual = (f.groupby(["exporter", "importer", "product"])["value_usd"].sum().rename("actual").reset_index()
              .rename(columns={"importer": "market"}))
    out = out.merge(actual, on=["exporter", "market", "product"], how="left")
    out["actual"] = out["actual"].fillna(0.0)
    out["gap"] = out["potential"] - out["actual"]
    out["unrealised"] = out["gap"].clip(lower=0.0)
    cols = ["exporter", "market", "product", "supply", "demand", "ease", "potential", "actual", "unrealised", "gap"]
    return out[cols].sort_values(["exporter", "market", "product"]).reset_index(drop=True)
