"""``data sql``: the user's SQL on a sandboxed, read-only connection.

What a query may do: one ``SELECT`` statement (``WITH``, ``FROM t``, ``VALUES``, ``DESCRIBE``, ``SHOW``
and ``SUMMARIZE`` are SELECTs to DuckDB) over the stored tables. The statement type comes from DuckDB's
own parser (:func:`duckdb.extract_statements`); everything else is refused before it runs: ``COPY``,
``ATTACH``, ``INSTALL``/``LOAD``, ``PRAGMA``, ``SET``, ``EXPORT``, DDL and DML, and several statements
at once. The connection is opened read-only with ``enable_external_access=false`` (no file or network
access: ``read_csv``, ``read_text``, ``glob`` of any path fail) and ``lock_configuration=true`` (a
query cannot turn that back on). At most ``limit`` rows are returned (default 10,000) and a query
running past ``timeout`` seconds (default 30) is interrupted.

>>> import tempfile, pathlib, duckdb
>>> path = pathlib.Path(tempfile.mkdtemp()) / "w.duckdb"
>>> duckdb.connect(str(path)).execute("CREATE TABLE t AS SELECT range AS x FROM range(5)").close()
>>> res = run_sql(path, "SELECT x FROM t ORDER BY x", limit=3)
>>> res.frame["x"].tolist(), res.truncated
([0, 1, 2], True)
>>> print(res.summary())
SQL query
(first 3 rows; the query has more: raise --limit)
 x
 0
 1
 2
>>> run_sql(path, "COPY t TO 'out.csv'")
Traceback (most recent call last):
...
tradebridge.errors.StoreError: data sql is read-only: only a single SELECT query is allowed (got COPY). Fix: write one SELECT ... statement; data sql cannot write files, attach databases, load extensions or change settings
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import ConfigError, StoreError
from tradebridge.store.warehouse import open_error

DEFAULT_LIMIT = 10_000
DEFAULT_TIMEOUT = 30.0
MAX_LIMIT = 1_000_000
SANDBOX_CONFIG = {"enable_external_access": False, "lock_configuration": True}
ALLOWED = ("SELECT",)


@dataclass(frozen=True)
class SqlResult(ResultViews):
    """Rows of a sandboxed query; ``truncated`` when the query had more than ``limit`` rows.

    It has the views every result has (``to_dict``/``to_json`` strict JSON, ``summary``, HTML).
    """

    frame: pd.DataFrame
    limit: int
    truncated: bool
    title = "SQL query"

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def _header_lines(self) -> list[str]:
        return [f"(first {self.limit:,} rows; the query has more: raise --limit)"] if self.truncated else []

    def to_dict(self) -> dict:
        return {"rows": self.to_frame(), "limit": self.limit, "truncated": self.truncated}


def check_statement(query: str) -> str:
    """The single allowed statement of ``query`` (its text), or a StoreError saying why not.

    >>> check_statement("WITH a AS (SELECT 1 AS x) SELECT * FROM a")
    'WITH a AS (SELECT 1 AS x) SELECT * FROM a'
    """
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise StoreError(f"SQL does not parse: {str(exc).splitlines()[0]}. Fix: correct the query") from None
    if len(statements) != 1:
        raise StoreError(f"give exactly one SQL statement (got {len(statements)}). Fix: run one SELECT at a time")
    kind = statements[0].type.name
    if kind not in ALLOWED:
        raise StoreError(f"data sql is read-only: only a single SELECT query is allowed (got {kind}). "
                         "Fix: write one SELECT ... statement; "
                         "data sql cannot write files, attach databases, load extensions or change settings")
    return statements[0].query.strip()


def run_sql(path: Path | str, query: str, *, limit: int = DEFAULT_LIMIT,
            timeout: float = DEFAULT_TIMEOUT) -> SqlResult:
    """Run one SELECT on a read-only, sandboxed connection to the warehouse at ``path``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ConfigError(f"--limit must be between 1 and {MAX_LIMIT:,} (got {limit})")
    if not 0 < timeout <= 3600:
        raise ConfigError(f"--timeout must be between 0 and 3600 seconds (got {timeout})")
    sql = check_statement(query)
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no warehouse at {path}: run `tradebridge data ingest --raw DIR` first "
                         "(or pass --store PATH / set TRADEBRIDGE_STORE)")
    try:
        con = duckdb.connect(str(path), read_only=True, config=dict(SANDBOX_CONFIG))
    except duckdb.Error as exc:
        raise open_error(path, exc, read_only=True) from None
    timer = threading.Timer(timeout, con.interrupt)
    timer.daemon = True
    try:
        timer.start()
        cur = con.execute(sql)
        rows = cur.fetchmany(limit + 1)
        columns = [d[0] for d in cur.description or []]
    except duckdb.InterruptException:
        raise StoreError(f"the query ran longer than {timeout:g} s and was stopped. Fix: narrow it "
                         "(WHERE, LIMIT) or pass a longer --timeout") from None
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        hint = ("data sql cannot read or write files; query the stored tables"
                if isinstance(exc, duckdb.PermissionException) else "correct the query")
        raise StoreError(f"SQL failed: {first}. Fix: {hint}") from None
    finally:
        timer.cancel()
        con.close()
    frame = pd.DataFrame.from_records(rows[:limit], columns=columns)
    return SqlResult(frame=frame, limit=limit, truncated=len(rows) > limit)
