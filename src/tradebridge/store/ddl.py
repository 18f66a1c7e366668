"""DuckDB DDL and SQL-side validation derived from the pandera schemas (one source of truth)."""

from __future__ import annotations

import pandera.pandas as pa

from tradebridge.schemas import ISO3, PROVENANCE_COLUMNS, SCHEMAS


def duck_type(column: pa.Column, name: str) -> str:
    """DuckDB type of a schema column."""
    dtype = str(column.dtype)
    if name == "year":
        return "INTEGER"
    if "datetime" in dtype:
        return "DATE"
    if dtype in {"float64", "float"}:
        return "DOUBLE"
    if dtype.lower().startswith("int"):
        return "BIGINT"
    return "VARCHAR"


def create_table_sql(table: str) -> str:
    schema = SCHEMAS[table]
    cols = ", ".join(
        f'"{name}" {duck_type(col, name)}{"" if col.nullable else " NOT NULL"}'
        for name, col in schema.columns.items()
    )
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})'


PROVENANCE_SQL = (
    "CREATE TABLE IF NOT EXISTS provenance ("
    + ", ".join(f"{c} {'BIGINT' if c == 'rows' else 'VARCHAR'}" for c in PROVENANCE_COLUMNS)
    + ", PRIMARY KEY (dataset, table_name))"
)

META_SQL = "CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"


def select_cast_sql(table: str, source: str) -> str:
    """SELECT that casts a source relation's columns to the table's types, in the table's order."""
    schema = SCHEMAS[table]
    exprs = []
    for name, col in schema.columns.items():
        typ = duck_type(col, name)
        if typ == "VARCHAR":
            exprs.append(f'CAST("{name}" AS VARCHAR) AS "{name}"')
        else:
            exprs.append(f'TRY_CAST("{name}" AS {typ}) AS "{name}"')
    return f"SELECT {', '.join(exprs)} FROM {source}"


def sql_checks(table: str, relation: str) -> list[tuple[str, str, str]]:
    """(column, description, SQL returning offending row numbers) for a relation with a ``_row`` column.

    Mirrors the pandera checks used for frames, for inputs too large to load in memory.
    """
    schema = SCHEMAS[table]
    checks: list[tuple[str, str, str]] = []
    for name, col in schema.columns.items():
        if not col.nullable:
            checks.append((name, "missing value(s)", f'SELECT _row FROM {relation} WHERE "{name}" IS NULL'))
        for check in col.checks:
            cname = check.name
            stats = check.statistics or {}
            if cname == "greater_than_or_equal_to":
                checks.append((name, "negative value(s)",
                               f'SELECT _row FROM {relation} WHERE "{name}" < {stats["min_value"]}'))
            elif cname == "str_matches" and stats.get("pattern") == ISO3:
                checks.append((name, "unknown code(s)",
                               f"SELECT _row FROM {relation} WHERE NOT regexp_full_match(\"{name}\", '{ISO3[1:-1]}')"))
    keys = schema.unique or []
    if keys:
        k = ", ".join(f'"{c}"' for c in keys)
        checks.append((keys[-1], "duplicate keys",
                       f"SELECT _row FROM (SELECT _row, count(*) OVER (PARTITION BY {k}) AS n FROM {relation}) WHERE n > 1"))
    return checks
