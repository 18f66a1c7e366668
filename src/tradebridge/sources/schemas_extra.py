"""Proposed store tables for the live connectors (to be merged into ``tradebridge.schemas``).

* ``fdi(dataset, reporter, partner, year, measure, direction, value_usd, unit)`` — OECD FDI by partner.
  ``partner`` is kept as published (ISO3, or an OECD aggregate such as ``W`` for the world);
  ``value_usd`` may be negative (disinvestment, negative positions).
* ``oda(dataset, donor, recipient, year, sector, flow, value_usd, price_basis)`` — OECD DAC CRS.
  Donor and recipient codes as published (ISO3 for countries; DAC codes for multilaterals/regions);
  ``value_usd`` may be negative (net flows, repayments).
* ``trade_flows_monthly`` — ``trade_flows`` plus ``month`` (Comtrade monthly data).

>>> import pandas as pd
>>> df = pd.DataFrame({"dataset": ["oecd_crs"], "donor": ["KOR"], "recipient": ["COL"], "year": [2019],
...                    "sector": ["1000"], "flow": ["disbursement"], "value_usd": [1.5e6],
...                    "price_basis": ["current"]})
>>> len(EXTRA_SCHEMAS["oda"].validate(df))
1
"""

from __future__ import annotations

import pandera.pandas as pa

ISO3 = r"^[A-Z][A-Z0-9]{2}$"


def _str(nullable: bool = False, **kw) -> pa.Column:
    return pa.Column(str, nullable=nullable, coerce=True, **kw)


def _iso3() -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(ISO3), coerce=True)


def _year() -> pa.Column:
    return pa.Column("Int64", pa.Check.in_range(1800, 2100), coerce=True)


EXTRA_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "fdi": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "reporter": _iso3(),
            "partner": _str(),
            "year": _year(),
            "measure": _str(),
            "direction": _str(),
            "value_usd": pa.Column(float, nullable=False, coerce=True),
            "unit": _str(checks=pa.Check.isin(["USD"])),
        },
        unique=["dataset", "reporter", "partner", "year", "measure", "direction"],
        strict=True,
        ordered=True,
    ),
    "oda": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "donor": _str(),
            "recipient": _str(),
            "year": _year(),
            "sector": _str(),
            "flow": _str(),
            "value_usd": pa.Column(float, nullable=False, coerce=True),
            "price_basis": _str(),
        },
        unique=["dataset", "donor", "recipient", "year", "sector", "flow", "price_basis"],
        strict=True,
        ordered=True,
    ),
    "trade_flows_monthly": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "exporter": _iso3(),
            "importer": _iso3(),
            "year": _year(),
            "month": pa.Column("Int64", pa.Check.in_range(1, 12), coerce=True),
            "classification": _str(),
            "product": _str(),
            "value_usd": pa.Column(float, pa.Check.ge(0), nullable=False, coerce=True),
            "quantity": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True),
            "quantity_unit": _str(nullable=True),
        },
        unique=["dataset", "exporter", "importer", "year", "month", "classification", "product"],
        strict=True,
        ordered=True,
    ),
}
