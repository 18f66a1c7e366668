"""The :class:`Store`: DuckDB warehouse with validated, atomic, idempotent writes.

Only this module writes the warehouse. A write replaces whole datasets inside one transaction:
everything is validated first, then old rows of each dataset are deleted and the new ones inserted;
any failure rolls back, so the store is exactly as it was before.

Opening explains why it failed: another process holds the lock, no permission, a read-only file
system, not a DuckDB file, a damaged file. :meth:`Store.verify` reads every block (DuckDB checks each
block's checksum), so ``data status`` exits non-zero on a damaged warehouse.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import duckdb
import pandas as pd

from tradebridge import __version__
from tradebridge.errors import DataError, StoreError
from tradebridge.schemas import ISO3, PROVENANCE_COLUMNS, SCHEMAS, validate
from tradebridge.sources.base import Extract
from tradebridge.store.ddl import (
    AGGREGATE_CLASSES,
    KEYED_SQL,
    META_SQL,
    PROVENANCE_SQL,
    create_table_sql,
    key_flows_sql,
    select_cast_sql,
    sql_checks,
)

ShrinkCheck = Callable[[dict[str, int], dict[str, int]], None]
#: Fetched Parquet tables up to this many rows are loaded and validated by the pandera schema, like raw
#: files; larger ones (a BACI release) by the same checks translated to SQL, without loading them.
PANDERA_MAX_ROWS = 2_000_000


def _step(name: str) -> None:
    """A named point of the write path (no-op). Fault-injection tests replace it to kill the process
    at exactly one point; nothing else uses it."""


def open_error(path: Path, exc: BaseException, *, read_only: bool) -> StoreError:
    """A StoreError that says why opening ``path`` failed and what to do (from DuckDB's or the OS's error).

    >>> print(open_error(Path("w.duckdb"), OSError(30, "Read-only file system"), read_only=False))
    cannot open the warehouse w.duckdb for writing: the file system is read-only. Fix: pass --store PATH on a writable disk (or set TRADEBRIDGE_STORE)
    """
    text = str(exc)
    low = text.lower()
    code = getattr(exc, "errno", None)
    mode = "" if read_only else " for writing"
    head = f"cannot open the warehouse {path}{mode}"
    if "lock" in low and ("conflicting" in low or "could not set lock" in low):
        pid = text.split("(PID ", 1)[1].split(")", 1)[0] if "(PID " in text else None
        who = f"process {pid}" if pid else "another process"
        return StoreError(f"{head}: it is in use by {who}. Fix: wait until that process (an ingest or the "
                          "dashboard) finishes, or stop it")
    if code == errno.EROFS or "read-only file system" in low:
        return StoreError(f"{head}: the file system is read-only. Fix: pass --store PATH on a writable disk "
                          "(or set TRADEBRIDGE_STORE)")
    if code in (errno.EACCES, errno.EPERM) or "permission denied" in low:
        return StoreError(f"{head}: permission denied. Fix: make the file and its folder "
                          f"{'readable' if read_only else 'writable'} by this user, or pass another --store PATH")
    if "not a valid duckdb database" in low:
        return StoreError(f"{head}: the file is not a DuckDB warehouse. Fix: pass the right --store PATH; "
                          "a new warehouse needs a path where no file exists")
    if "checksum" in low or "corrupt" in low or "serializ" in low:
        return StoreError(f"{head}: the file is damaged ({text.splitlines()[0][:200]}). Fix: rebuild it with "
                          "`tradebridge data ingest --raw DIR --store NEW_PATH`")
    if code == errno.ENOSPC or "no space left" in low:
        return StoreError(f"{head}: the disk is full. Fix: free disk space or pass --store PATH on another disk")
    return StoreError(f"{head}: {text.splitlines()[0][:300] if text else type(exc).__name__}")


def _write_error(exc: BaseException) -> StoreError:
    low = str(exc).lower()
    if getattr(exc, "errno", None) == errno.ENOSPC or "no space left" in low or "disk full" in low:
        why = "the disk is full. Fix: free disk space (or use --store PATH on another disk) and ingest again"
    elif "read-only" in low:
        why = "the file system is read-only. Fix: use --store PATH on a writable disk"
    else:
        why = f"{str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__}"
    return StoreError(f"write failed and was rolled back, nothing changed: {why}")


@dataclass(frozen=True)
class IngestReport:
    """What a write did: datasets written and skipped (unchanged), rows per dataset, and each written
    dataset's provenance note (rows read, stored, dropped and why)."""

    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{len(self.written)} dataset(s) written ({sum(self.rows.values()):,} rows), "
                f"{len(self.unchanged)} unchanged")


_MAIN_ORDER = ("trade_flows", "world_exports", "sector_flows", "macro", "pair_covariates", "concordances",
               "agreement_stages", "agreements", "countries", "products", "rauch")


def version_of_frame(frame: pd.DataFrame) -> str:
    """The :meth:`Store.version` hash of a provenance frame."""
    text = frame[["dataset", "table_name", "sha256", "rows", "tradebridge_version"]].to_csv(index=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def version_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """:meth:`Store.version` of the warehouse open on ``con``, or None when ``con`` holds no
    provenance table (not a warehouse: nothing to key a cache on).

    >>> c = duckdb.connect()
    >>> version_of(c) is None
    True
    """
    try:
        present = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                              "AND table_name = 'provenance'").fetchall()[0][0]
        if not present:
            return None
        frame = con.execute("SELECT * FROM provenance ORDER BY dataset, table_name").df()
    except duckdb.Error:
        return None
    return version_of_frame(frame)


class Store:
    """A connection to the warehouse. Use :meth:`open` as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = True) -> Store:
        """Open the warehouse file; read-only by default. A missing file is an error for readers."""
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(
                f"no warehouse at {path}: run `tradebridge data ingest --raw DIR` first "
                "(or pass --store PATH / set TRADEBRIDGE_STORE)"
            )
        if path.is_dir():
            raise StoreError(f"the warehouse path {path} is a folder. Fix: pass --store PATH naming a file "
                             "(e.g. warehouse.duckdb)")
        try:
            if not read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
                if not path.exists() and not os.access(path.parent, os.W_OK):
                    raise PermissionError(errno.EACCES, "Permission denied", str(path.parent))
            con = duckdb.connect(str(path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise open_error(path, exc, read_only=read_only) from None
        return cls(con, path, read_only)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            self.close()
        except StoreError:
            if exc_type is None:
                raise  # otherwise the error already propagating is the one to report

    def close(self) -> None:
        if not self.read_only:
            _step("close")  # DuckDB checkpoints the WAL into the file when the last writer closes
        try:
            self.con.close()
        except duckdb.Error as exc:
            raise StoreError(f"the warehouse {self.path} could not be checkpointed on close "
                             f"({_write_error(exc).args[0].split(': ', 1)[1]}); what was committed is safe in "
                             f"its .wal file and is replayed on the next open") from None

    def ensure_schema(self) -> None:
        """Create the canonical tables (idempotent)."""
        if self.read_only:
            raise StoreError("the warehouse is open read-only")
        for table in SCHEMAS:
            self.con.execute(create_table_sql(table))
        self.con.execute(PROVENANCE_SQL)
        # stores written before the note column (rows read, dropped with a reason) existed
        self.con.execute("ALTER TABLE provenance ADD COLUMN IF NOT EXISTS note VARCHAR")
        self.con.execute(META_SQL)
        for sql in KEYED_SQL:
            self.con.execute(sql)

    # -- reading -----------------------------------------------------------------------------
    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]

    def table(self, name: str, *, dataset: str | Sequence[str] | None = None) -> pd.DataFrame:
        """A stored table as a frame, optionally only the rows of one or more datasets."""
        if name not in self.tables():
            raise StoreError(f"no table {name!r} in {self.path}; tables: {', '.join(self.tables())}")
        if dataset is None:
            return self.con.execute(f'SELECT * FROM "{name}"').df()
        names = [dataset] if isinstance(dataset, str) else list(dataset)
        marks = ", ".join("?" for _ in names)
        frame = self.con.execute(f'SELECT * FROM "{name}" WHERE dataset IN ({marks})', names).df()
        if frame.empty and not self.has_dataset(names[0]):
            raise StoreError(f"no dataset {names[0]!r} in the warehouse; see `tradebridge data status`")
        return frame

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run SQL and return a frame (read-only when the store was opened read-only)."""
        try:
            return self.con.execute(query, list(params or [])).df()
        except duckdb.Error as exc:
            raise StoreError(f"SQL failed: {exc}") from exc

    def ibis(self):
        """An Ibis DuckDB backend on this connection (lazy expressions over the stored tables)."""
        import ibis

        return ibis.duckdb.from_connection(self.con)

    def has_dataset(self, dataset: str) -> bool:
        if "provenance" not in self.tables():
            return False
        return bool(self.con.execute("SELECT count(*) FROM provenance WHERE dataset = ?", [dataset]).fetchone()[0])

    def datasets(self) -> pd.DataFrame:
        """The provenance table (one row per dataset and table)."""
        if "provenance" not in self.tables():
            return pd.DataFrame(columns=list(PROVENANCE_COLUMNS))
        return self.con.execute("SELECT * FROM provenance ORDER BY dataset, table_name").df()

    def provenance(self, dataset: str) -> dict[str, Any]:
        """Provenance of one dataset (its first table's row, with all its tables listed)."""
        frame = self.datasets()
        rows = frame[frame["dataset"] == dataset]
        if rows.empty:
            raise StoreError(f"no dataset {dataset!r} in the warehouse; see `tradebridge data status`")
        out = rows.iloc[0].to_dict()
        out["tables"] = rows["table_name"].tolist()
        out["rows"] = int(rows["rows"].sum())
        return out

    def verify(self) -> dict[str, int]:
        """Read every block of every table (DuckDB checks each block's checksum); rows per table.

        A damaged warehouse raises a StoreError naming the table.
        """
        out: dict[str, int] = {}
        try:
            names = self.tables()
        except duckdb.Error as exc:
            raise open_error(self.path, exc, read_only=self.read_only) from None
        for name in names:
            try:
                out[name] = int(self.con.execute(f'SELECT count(*), bit_xor(hash(t)) FROM "{name}" AS t').fetchone()[0])
            except duckdb.Error as exc:
                raise StoreError(f"the warehouse {self.path} is damaged: table {name!r} cannot be read "
                                 f"({str(exc).splitlines()[0][:200]}). Fix: rebuild it with "
                                 "`tradebridge data ingest --raw DIR --store NEW_PATH`") from None
        return out

    def status(self) -> list[dict[str, Any]]:
        """One entry per dataset: dataset, its main table and rows there, sha256, source, and all its tables."""
        try:
            frame = self.datasets()
        except duckdb.Error as exc:
            raise open_error(self.path, exc, read_only=self.read_only) from None
        out = []
        for dataset, rows in frame.groupby("dataset", sort=True):
            tables = dict(zip(rows["table_name"], rows["rows"].astype(int), strict=True))
            main = min(tables, key=lambda t: (_MAIN_ORDER.index(t) if t in _MAIN_ORDER else len(_MAIN_ORDER), t))
            first = rows.iloc[0]
            note = first["note"] if "note" in rows.columns and isinstance(first["note"], str) else None
            out.append({"dataset": dataset, "table": main, "rows": tables[main], "sha256": first["sha256"],
                        "source": first["source"], "licence": first["licence"], "tables": tables, "note": note})
        return out

    def version(self) -> str:
        """A short hash that changes whenever any dataset is written (for caches)."""
        return version_of(self.con) or version_of_frame(self.datasets())

    def is_current(self, dataset: str, sha256: str) -> bool:
        """True when ``dataset`` is stored from the same file(s) by the same tradebridge version."""
        if "provenance" not in self.tables():
            return False
        row = self.con.execute(
            "SELECT count(*) FROM provenance WHERE dataset = ? AND sha256 = ? AND tradebridge_version = ?",
            [dataset, sha256, __version__],
        ).fetchone()
        return bool(row[0])

    # -- writing -----------------------------------------------------------------------------
    def stored_rows(self) -> dict[str, int]:
        """Rows per stored dataset (all its tables), from the provenance table."""
        if "provenance" not in self.tables():
            return {}
        return {d: int(n) for d, n in self.con.execute(
            "SELECT dataset, sum(rows) FROM provenance GROUP BY dataset").fetchall()}

    def write(self, extracts: Iterable[Extract], *, known: set[str] | None = None,
              fetched: set[str] | frozenset[str] = frozenset(), check: ShrinkCheck | None = None) -> IngestReport:
        """Validate every table of every extract, then replace those datasets in one transaction.

        ``known``: the valid country codes, checked in the ISO3 columns of the ``fetched`` datasets (raw
        readers check their own). ``check(stored_rows, new_rows)`` may refuse the write (the shrink rule).
        """
        if self.read_only:
            raise StoreError("the warehouse is open read-only")
        extracts = list(extracts)
        self.ensure_schema()
        prepared = [(ex, self._prepare(ex, known if ex.provenance.dataset in fetched else None))
                    for ex in extracts]
        if check is not None:
            check(self.stored_rows(), {ex.provenance.dataset: self._count(tables) for ex, tables in prepared})
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows: dict[str, int] = {}
        _step("begin")
        self.con.execute("BEGIN TRANSACTION")
        try:
            for ex, tables in prepared:
                rows[ex.provenance.dataset] = self._replace(ex, tables, now)
            self.con.execute(
                "INSERT OR REPLACE INTO store_meta VALUES ('last_write', ?)", [now])
            _step("commit")
            self.con.execute("COMMIT")
        except BaseException as exc:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # the transaction is already gone (DuckDB invalidated it); nothing was committed
            if isinstance(exc, (DataError, StoreError)):
                raise
            if isinstance(exc, Exception):  # DuckDB, the OS, a cast that fails: never a half-written store
                raise _write_error(exc) from exc
            raise  # KeyboardInterrupt and the like: rolled back, then passed on
        _step("committed")
        notes = {ex.provenance.dataset: ex.provenance.note for ex, _ in prepared if ex.provenance.note}
        return IngestReport(written=tuple(rows), rows=rows, notes=notes)

    def _count(self, tables: dict[str, pd.DataFrame | Path]) -> int:
        total = 0
        for data in tables.values():
            if isinstance(data, Path):
                total += int(self.con.execute("SELECT count(*) FROM read_parquet(?)", [data.as_posix()]).fetchone()[0])
            else:
                total += len(data)
        return total

    def _prepare(self, ex: Extract, known: set[str] | None = None) -> dict[str, pd.DataFrame | Path]:
        out: dict[str, pd.DataFrame | Path] = {}
        for table, data in ex.tables.items():
            label = ex.provenance.file or ex.provenance.dataset
            if table not in SCHEMAS:
                raise StoreError(f"unknown table {table!r} in dataset {ex.provenance.dataset}")
            if isinstance(data, Path) and parquet_rows(data) > PANDERA_MAX_ROWS:
                self._check_parquet(table, data, ex.provenance.dataset, known)
                out[table] = data
                continue
            if isinstance(data, Path):
                label = str(data)
                data = _read_parquet(data)
            frame = validate(table, data, file=label)
            if known is not None:
                _check_known(table, frame, known, label)
            wrong = frame["dataset"] != ex.provenance.dataset
            if wrong.any():
                raise DataError(
                    f"rows labelled with another dataset than {ex.provenance.dataset!r}",
                    file=label, column="dataset", rows=frame.index[wrong][:10].tolist(),
                    hint="a reader must label every row with its own dataset name")
            out[table] = frame
        return out

    def _check_parquet(self, table: str, path: Path, dataset: str, known: set[str] | None = None) -> None:
        rel = f"(SELECT *, row_number() OVER () AS _row FROM read_parquet('{path.as_posix()}'))"
        cols = {r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path.as_posix()}')").fetchall()}
        missing = [c for c in SCHEMAS[table].columns if c not in cols]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)}", file=str(path), column=missing[0],
                            hint=f"the file must provide {', '.join(SCHEMAS[table].columns)}")
        checks = sql_checks(table, rel)
        if known is not None:
            self.con.register("_known_codes", pd.DataFrame({"code": sorted(known)}))
            checks += [(name, "unknown country code(s)",
                        f'SELECT _row FROM {rel} WHERE "{name}" NOT IN (SELECT code FROM _known_codes)')
                       for name in _iso3_columns(table)]
        try:
            for column, what, sql in checks:
                bad = self.con.execute(sql + " ORDER BY 1 LIMIT 11").fetchall()
                if bad:
                    raise DataError(what, file=str(path), column=column, rows=[r[0] for r in bad],
                                    hint="correct the listed rows of the source file and ingest again")
        finally:
            if known is not None:
                self.con.unregister("_known_codes")
        other = self.con.execute(
            f"SELECT count(*) FROM read_parquet('{path.as_posix()}') WHERE dataset <> ?", [dataset]).fetchone()[0]
        if other:
            raise DataError(f"{other} row(s) not labelled {dataset!r}", file=str(path), column="dataset")

    def _replace(self, ex: Extract, tables: dict[str, pd.DataFrame | Path], now: str) -> int:
        prov = ex.provenance
        old = [r[0] for r in self.con.execute(
            "SELECT table_name FROM provenance WHERE dataset = ?", [prov.dataset]).fetchall()]
        for table in sorted(set(old) | set(tables)):
            self.con.execute(f'DELETE FROM "{table}" WHERE dataset = ?', [prov.dataset])
            _step(f"delete {prov.dataset}.{table}")
        self.con.execute("DELETE FROM provenance WHERE dataset = ?", [prov.dataset])
        _step(f"delete provenance {prov.dataset}")
        total = 0
        for table, data in tables.items():
            if isinstance(data, Path):
                source = f"read_parquet('{data.as_posix()}')"
            else:
                self.con.register("_incoming", data)
                source = "_incoming"
            n = self.con.execute(f'INSERT INTO "{table}" {select_cast_sql(table, source)}').fetchone()[0]
            if not isinstance(data, Path):
                self.con.unregister("_incoming")
            _step(f"insert {prov.dataset}.{table}")
            total += n
            self.con.execute(
                f"INSERT INTO provenance VALUES ({', '.join('?' for _ in PROVENANCE_COLUMNS)})",
                [prov.dataset, table, prov.file, prov.sha256, n, prov.source, prov.licence, prov.version,
                 prov.url, prov.query, prov.retrieved_at, now, __version__, prov.note],
            )
            _step(f"provenance {prov.dataset}.{table}")
        if "trade_flows" in tables or "trade_flows" in old:
            key_flows(self.con, prov.dataset)
        return total


def key_flows(con: duckdb.DuckDBPyConnection, dataset: str) -> int:
    """Replace ``dataset``'s rows of ``trade_flows_keyed`` by its product-level ``trade_flows`` with
    integer keys (new codes appended to ``country_keys``/``product_keys``, existing ids kept);
    ``store_meta`` records ``keyed:DATASET`` with the row count, so readers know the keyed rows are
    complete. Returns the rows keyed. Runs inside the write's transaction.

    The rows are written in (year, exporter, importer, product) order, whatever the order of the
    files (BACI ships each year that way; API pages and several files do not): DuckDB's zone maps
    then skip the row groups of other years or exporters in a filter, and the indicators' hash
    aggregates and joins read keys close to each other (measured at 5M synthetic rows: base
    aggregates and the ten indicators 21% less wall time than on the same rows in random order)."""
    con.execute("DELETE FROM trade_flows_keyed WHERE dataset = ?", [dataset])
    con.execute("DELETE FROM store_meta WHERE key = ?", [f"keyed:{dataset}"])
    marks = ", ".join("?" for _ in AGGREGATE_CLASSES)
    rows = f"FROM trade_flows WHERE dataset = ? AND upper(classification) NOT IN ({marks})"
    args = [dataset, *AGGREGATE_CLASSES]
    for col in ("exporter", "importer"):
        con.execute(key_flows_sql("country_keys", f"SELECT {col} AS code {rows}"), args)
    con.execute(key_flows_sql("product_keys", f"SELECT product AS code {rows}"), args)
    n = con.execute(
        "INSERT INTO trade_flows_keyed SELECT f.dataset, f.classification, e.id, i.id, f.year, p.id, f.value_usd "
        f"FROM (SELECT * {rows}) AS f JOIN country_keys e ON f.exporter = e.code "
        "JOIN country_keys i ON f.importer = i.code JOIN product_keys p ON f.product = p.code "
        "ORDER BY f.year, e.id, i.id, p.id", args).fetchall()[0][0]
    if n:
        con.execute("INSERT INTO store_meta VALUES (?, ?)", [f"keyed:{dataset}", str(n)])
    return int(n)


def _iso3_columns(table: str) -> list[str]:
    return [name for name, col in SCHEMAS[table].columns.items()
            if any(c.name == "str_matches" and (c.statistics or {}).get("pattern") == ISO3 for c in col.checks)]


def _check_known(table: str, frame: pd.DataFrame, known: set[str], label: str) -> None:
    for name in _iso3_columns(table):
        bad = frame[name].notna() & ~frame[name].isin(known)
        if bad.any():
            raise DataError(f"unknown country code(s) {sorted(frame.loc[bad, name].astype(str).unique())[:5]}",
                            file=label, column=name, rows=frame.index[bad.to_numpy()][:50].tolist(),
                            hint="use ISO 3166 alpha-3 codes of the countries table (data/classifications)")


def parquet_rows(path: Path) -> int:
    """Rows of a Parquet file, from its footer (nothing else is read)."""
    import pyarrow.parquet as pq

    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) for a damaged file
        raise DataError(f"not a readable Parquet file ({exc})", file=str(path), hint="fetch the dataset again") from None


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"not a readable Parquet file ({exc})", file=str(path), hint="fetch the dataset again") from None
    frame.index = frame.index + 1  # rows named 1-based, like the SQL checks
    return frame
