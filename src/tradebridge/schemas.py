"""The data contract: one pandera schema per stored table.

The live connectors add ``fdi`` (OECD FDI by partner; values may be negative), ``oda`` (OECD DAC CRS;
donor/recipient codes as published) and ``trade_flows_monthly`` (Comtrade monthly).

Every frame is validated here before the store writes it; a failure becomes a
:class:`~tradebridge.errors.DataError` naming the column, the failing rows and what to do.

>>> import pandas as pd
>>> df = pd.DataFrame({"country": ["KOR"], "year": [2000], "month": [None], "indicator": ["gdp"],
...                    "value": [1.0], "unit": ["USD"], "dataset": ["wb_gdp"]})
>>> len(validate("macro", df))
1
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from tradebridge.errors import DataError

ISO3 = r"^[A-Z][A-Z0-9]{2}$"


def finite() -> pa.Check:
    """Numbers must be finite: ``inf`` parses as a float and would pass a ``>= 0`` check."""
    return pa.Check(lambda s: ~np.isinf(s.astype("float64")), name="finite", error="infinite value(s)")


def integral() -> pa.Check:
    """Years are whole numbers (``2000.0`` is 2000; ``2008.7`` is refused, never truncated)."""
    return pa.Check(lambda s: s.astype("float64") == np.floor(s.astype("float64")), name="integral",
                    error="fractional value(s)")


def _iso3(name: str, nullable: bool = False) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(ISO3), nullable=nullable, coerce=True)


def _str(nullable: bool = False, **kw) -> pa.Column:
    return pa.Column(str, nullable=nullable, coerce=True, **kw)


def _float(nullable: bool = True, nonneg: bool = False) -> pa.Column:
    checks = [finite(), pa.Check.ge(0)] if nonneg else [finite()]
    return pa.Column(float, checks, nullable=nullable, coerce=True)


def _year(nullable: bool = False) -> pa.Column:
    return pa.Column("Int64", [integral(), pa.Check.in_range(1800, 2100)], nullable=nullable, coerce=True)


def _date(nullable: bool = True) -> pa.Column:
    return pa.Column("datetime64[ns]", nullable=nullable, coerce=True)


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "trade_flows": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "exporter": _iso3("exporter"),
            "importer": _iso3("importer"),
            "year": _year(),
            "classification": _str(),
            "product": _str(),
            "value_usd": _float(nullable=False, nonneg=True),
            "quantity": _float(nonneg=True),
            "quantity_unit": _str(nullable=True),
        },
        unique=["dataset", "exporter", "importer", "year", "classification", "product"],
        strict=True,
        ordered=True,
    ),
    "pair_covariates": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "exporter": _iso3("exporter"),
            "importer": _iso3("importer"),
            "dist": _float(nonneg=True),
            "distw": _float(nonneg=True),
            "distcap": _float(nonneg=True),
            "contig": _float(),
            "comlang_off": _float(),
            "comlang_ethno": _float(),
            "colony": _float(),
            "comcol": _float(),
            "curcol": _float(),
            "col45": _float(),
            "smctry": _float(),
        },
        unique=["dataset", "exporter", "importer"],
        strict=True,
        ordered=True,
    ),
    "rta_flags": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "exporter": _iso3("exporter"),
            "importer": _iso3("importer"),
            "year": _year(),
            "rta": pa.Column("Int64", pa.Check.isin([0, 1]), coerce=True),
            "agreement_id": _str(nullable=True),
            "agreement_name": _str(nullable=True),
        },
        unique=["dataset", "exporter", "importer", "year"],
        strict=True,
        ordered=True,
    ),
    "agreements": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "agreement_id": _str(),
            "name": _str(),
            "kind": _str(),
            "signed": _date(),
            "in_force": _date(),
            "terminated": _date(),
            "source": _str(),
        },
        unique=["agreement_id"],
        strict=True,
        ordered=True,
    ),
    "agreement_members": pa.DataFrameSchema(
        {
            "dataset": _str(),"agreement_id": _str(), "country": _iso3("country")},
        unique=["agreement_id", "country"],
        strict=True,
        ordered=True,
    ),
    "agreement_stages": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "agreement_id": _str(),
            "stage": _str(),
            "date": _date(nullable=False),
            "date_end": _date(),
            "precision": _str(checks=pa.Check.isin(["day", "month", "year"])),
            "source": _str(),
            "confidence": _str(checks=pa.Check.isin(["H", "M"])),
            "note": _str(nullable=True),
        },
        unique=["agreement_id", "stage", "date"],
        strict=True,
        ordered=True,
    ),
    "macro": pa.DataFrameSchema(
        {
            "country": _iso3("country"),
            "year": _year(),
            "month": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True, coerce=True),
            "indicator": _str(),
            "value": _float(nullable=False),
            "unit": _str(),
            "dataset": _str(),
        },
        unique=["dataset", "country", "year", "month", "indicator"],
        strict=True,
        ordered=True,
    ),
    "world_exports": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "exporter": _iso3("exporter"),
            "year": _year(),
            "period": _str(nullable=True),
            "classification": _str(),
            "product": _str(),
            "value_usd": _float(nullable=False, nonneg=True),
        },
        unique=["dataset", "exporter", "year", "classification", "product"],
        strict=True,
        ordered=True,
    ),
    "countries": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "iso3": _iso3("iso3"),
            "iso2": _str(nullable=True),
            "m49": pa.Column("Int64", nullable=True, coerce=True),
            "name": _str(),
            "continent": _str(nullable=True),
            "region": _str(nullable=True),
        },
        unique=["iso3"],
        strict=True,
        ordered=True,
    ),
    "products": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "classification": _str(),
            "code": _str(),
            "level": pa.Column("Int64", coerce=True),
            "description": _str(nullable=True),
            "parent": _str(nullable=True),
            "section": _str(nullable=True),
        },
        unique=["classification", "code"],
        strict=True,
        ordered=True,
    ),
    "hs_sections": pa.DataFrameSchema(
        {
            "dataset": _str(),"section": _str(), "name": _str()}, unique=["section"], strict=True, ordered=True
    ),
    "concordances": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "source_classification": _str(),
            "source_code": _str(),
            "target_classification": _str(),
            "target_code": _str(),
        },
        unique=["source_classification", "source_code", "target_classification", "target_code"],
        strict=True,
        ordered=True,
    ),
    "rauch": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "sitc2": _str(),
            "conservative": _str(checks=pa.Check.isin(["w", "r", "n"])),
            "liberal": _str(checks=pa.Check.isin(["w", "r", "n"])),
        },
        unique=["sitc2"],
        strict=True,
        ordered=True,
    ),
    "sector_flows": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "exporter": _iso3("exporter"),
            "importer": _iso3("importer"),
            "year": _year(),
            "classification": _str(),
            "sector": _str(),
            "sector_name": _str(nullable=True),
            "flow_type": _str(),
            "value_usd": _float(nullable=False, nonneg=True),
        },
        unique=["dataset", "exporter", "importer", "year", "classification", "sector", "flow_type"],
        strict=True,
        ordered=True,
    ),

    "fdi": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "reporter": _iso3("c"),
            "partner": _str(),
            "year": _year(),
            "measure": _str(),
            "direction": _str(),
            "value_usd": _float(nullable=False),
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
            "value_usd": _float(nullable=False),
            "price_basis": _str(),
        },
        unique=["dataset", "donor", "recipient", "year", "sector", "flow", "price_basis"],
        strict=True,
        ordered=True,
    ),
    "trade_flows_monthly": pa.DataFrameSchema(
        {
            "dataset": _str(),
            "exporter": _iso3("c"),
            "importer": _iso3("c"),
            "year": _year(),
            "month": pa.Column("Int64", pa.Check.in_range(1, 12), coerce=True),
            "classification": _str(),
            "product": _str(),
            "value_usd": _float(nullable=False, nonneg=True),
            "quantity": _float(nonneg=True),
            "quantity_unit": _str(nullable=True),
        },
        unique=["dataset", "exporter", "importer", "year", "month", "classification", "product"],
        strict=True,
        ordered=True,
    ),
}

PROVENANCE_COLUMNS = (
    "dataset", "table_name", "file", "sha256", "rows", "source", "licence", "version",
    "url", "query", "retrieved_at", "ingested_at", "tradebridge_version", "note",
)


def validate(table: str, frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Validate ``frame`` against the schema of ``table``; return the coerced frame.

    Raises :class:`DataError` naming the file, the column, the failing rows (by position) and a fix.
    """
    schema = SCHEMAS.get(table)
    if schema is None:
        raise DataError(f"no schema for table {table!r}; known tables: {', '.join(SCHEMAS)}")
    missing = [c for c in schema.columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"missing column(s) {', '.join(missing)} for table {table}",
            file=file, column=missing[0],
            hint=f"the file must provide the columns {', '.join(schema.columns)}",
        )
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        raise _to_data_error(exc.failure_cases, table, file) from None
    except SchemaError as exc:  # pragma: no cover - lazy=True collects into SchemaErrors
        raise DataError(str(exc), file=file) from None


def _to_data_error(cases: pd.DataFrame, table: str, file: str | None) -> DataError:
    first = cases.iloc[0]
    column = first.get("column") if "column" in cases.columns else None
    check = str(first.get("check"))
    sel = cases[cases["column"] == column] if column is not None else cases
    rows = [int(i) for i in sel["index"].dropna().unique()[:50]] if "index" in sel.columns else []
    bad = sel["failure_case"].astype(str).unique()[:5].tolist() if "failure_case" in sel.columns else []
    if "unique" in check or "duplicated" in check:
        msg, hint = f"duplicate keys for table {table}", "remove the duplicate rows (keep one per key)"
    elif "str_matches" in check:
        msg, hint = f"unknown code(s) {bad}", "use ISO 3166 alpha-3 country codes (e.g. KOR, CHL)"
    elif check == "finite":
        msg, hint = f"infinite value(s) {bad}", "values must be finite numbers; correct the rows"
    elif check == "integral":
        msg, hint = f"fractional value(s) {bad}", "years must be whole numbers (2000, not 2008.7)"
    elif "in_range" in check:
        msg, hint = f"value(s) out of range {bad}", f"the allowed range is {check}"
    elif "greater_than_or_equal_to" in check:
        msg, hint = f"negative value(s) {bad}", "values must be zero or positive; correct or drop them"
    elif "coerce" in check or "dtype" in check:
        msg, hint = f"value(s) of the wrong type {bad}", "the column must be numeric/dates as documented"
        if column == "year" or column == "month":
            msg, hint = (f"fractional or non-numeric {column}(s) {bad}",
                         f"{column}s must be whole numbers (2000, not 2008.7)")
    elif "not_nullable" in check:
        msg, hint = "missing value(s)", "fill the column or drop the incomplete rows"
    else:
        msg, hint = f"check {check} failed on {bad}", "correct the listed rows"
    return DataError(msg, file=file, column=str(column) if column is not None else None,
                     rows=rows, hint=hint, failure_cases=cases)
