"""DuckDB DDL and SQL-side validation derived from the pandera schemas (one source of truth)."""

from __future__ import annotations

import pandera.pandas as pa

from tradebridge.errors import StoreError
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

    The same checks as the pandera schema (one source of truth), for inputs too large to load in memory
    (fetched Parquet): missing values, values that do not convert, finite, whole years, ranges, allowed
    values, code patterns, duplicate keys. A schema check without an SQL translation is an error.

    >>> [what for _, what, _ in sql_checks("macro", "r")][:4]
    ['missing value(s)', 'unknown code(s)', 'missing value(s)', 'value(s) of the wrong type']
    """
    schema = SCHEMAS[table]
    checks: list[tuple[str, str, str]] = []
    for name, col in schema.columns.items():
        typ = duck_type(col, name)
        q = f'"{name}"'
        num = f"TRY_CAST({q} AS DOUBLE)"
        if not col.nullable:
            checks.append((name, "missing value(s)", f"SELECT _row FROM {relation} WHERE {q} IS NULL"))
        if typ != "VARCHAR":
            target = "DOUBLE" if typ == "INTEGER" else typ  # a year 2008.7 is caught by 'integral'
            checks.append((name, "value(s) of the wrong type",
                           f"SELECT _row FROM {relation} WHERE {q} IS NOT NULL AND TRY_CAST({q} AS {target}) IS NULL"))
        if typ == "DOUBLE" and not col.nullable:
            checks.append((name, "missing value(s) (NaN)", f"SELECT _row FROM {relation} WHERE isnan({num})"))
        for check in col.checks:
            checks.append((name, *_translate(check, q, num, relation, table, name)))
    keys = schema.unique or []
    if keys:
        k = ", ".join(f'"{c}"' for c in keys)
        checks.append((keys[-1], "duplicate keys",
                       f"SELECT _row FROM (SELECT _row, count(*) OVER (PARTITION BY {k}) AS n FROM {relation}) WHERE n > 1"))
    return checks


def _literal(value: object) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(float(value)) if isinstance(value, float) else str(int(value))


def _translate(check: pa.Check, q: str, num: str, relation: str, table: str, name: str) -> tuple[str, str]:
    stats = check.statistics or {}
    where = {
        "finite": ("infinite value(s)", f"isinf({num})"),
        "integral": ("fractional value(s)", f"{num} <> floor({num})"),
        "greater_than_or_equal_to": ("negative value(s)", f"{num} < {stats.get('min_value')}"),
    }.get(check.name)
    if check.name == "in_range":
        where = ("value(s) out of range",
                 f"{num} < {stats['min_value']} OR {num} > {stats['max_value']}")
    elif check.name == "isin":
        allowed = ", ".join(_literal(v) for v in stats["allowed_values"])
        where = ("value(s) not allowed", f"{q} IS NOT NULL AND CAST({q} AS VARCHAR) NOT IN ({allowed})")
    elif check.name == "str_matches":
        pattern = stats["pattern"]
        pattern = pattern.pattern if hasattr(pattern, "pattern") else str(pattern)
        body = pattern.removeprefix("^").removesuffix("$").replace("'", "''")
        what = "unknown code(s)" if pattern == ISO3 else "value(s) not matching the pattern"
        where = (what, f"NOT regexp_full_match(CAST({q} AS VARCHAR), '{body}')")
    if where is None:
        raise StoreError(f"no SQL translation of check {check.name!r} on {table}.{name}; add one in store/ddl.py")
    return where[0], f"SELECT _row FROM {relation} WHERE {where[1]}"


#: Dictionary-encoded product-level flows, written with ``trade_flows`` in the same transaction:
#: countries and products as small integer ids (``country_keys``, ``product_keys``: code -> id,
#: ids never reused or changed, so they hold across datasets), for the indicators' group-bys and
#: joins on integers. ``trade_flows`` itself keeps its text codes for every other reader.
#: Aggregate rows (classification TOTAL/MANUF) are not keyed.
KEYED_SQL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS country_keys (code VARCHAR PRIMARY KEY, id INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS product_keys (code VARCHAR PRIMARY KEY, id INTEGER NOT NULL)",
    ("CREATE TABLE IF NOT EXISTS trade_flows_keyed (dataset VARCHAR NOT NULL, classification VARCHAR NOT NULL, "
    "exporter INTEGER NOT NULL, importer INTEGER NOT NULL, year INTEGER NOT NULL, product INTEGER NOT NULL, "
    "value_usd DOUBLE)"),
)
AGGREGATE_CLASSES: tuple[str, ...] = ("TOTAL", "MANUF")


def key_flows_sql(keys: str, column_sql: str) -> str:
    """INSERT of the new codes of ``keys`` (country_keys or product_keys) from ``column_sql`` (a
    SELECT of one column ``code`` with a ``?`` for the dataset), numbered after the largest id."""
    return (f"INSERT INTO {keys} SELECT code, (coalesce((SELECT max(id) FROM {keys}), 0) "
            f"+ row_number() OVER (ORDER BY code))::INTEGER FROM (SELECT DISTINCT code FROM ({column_sql}) "
            f"WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM {keys}))")
