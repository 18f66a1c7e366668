"""The :class:`Store`: DuckDB warehouse with validated, atomic, idempotent writes.

Only this module writes the warehouse. A write replaces whole datasets inside one transaction:
everything is validated first, then old rows of each dataset are deleted and the new ones inserted;
any failure rolls back, so the store is exactly as it was before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import duckdb
import pandas as pd

from tradebridge import __version__
from tradebridge.errors import DataError, StoreError
from tradebridge.schemas import PROVENANCE_COLUMNS, SCHEMAS, validate
from tradebridge.sources.base import Extract
from tradebridge.store.ddl import META_SQL, PROVENANCE_SQL, create_table_sql, select_cast_sql, sql_checks


@dataclass(frozen=True)
class IngestReport:
    """What a write did: datasets written and skipped (unchanged), rows per dataset."""

    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{len(self.written)} dataset(s) written ({sum(self.rows.values()):,} rows), "
                f"{len(self.unchanged)} unchanged")


_MAIN_ORDER = ("trade_flows", "world_exports", "sector_flows", "macro", "pair_covariates", "concordances",
               "agreement_stages", "agreements", "countries", "products", "rauch")


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
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open the warehouse {path}: {exc}. Is another process writing it?") from exc
        return cls(con, path, read_only)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def ensure_schema(self) -> None:
        """Create the canonical tables (idempotent)."""
        if self.read_only:
            raise StoreError("the warehouse is open read-only")
        for table in SCHEMAS:
            self.con.execute(create_table_sql(table))
        self.con.execute(PROVENANCE_SQL)
        self.con.execute(META_SQL)

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

    def status(self) -> list[dict[str, Any]]:
        """One entry per dataset: dataset, its main table and rows there, sha256, source, and all its tables."""
        frame = self.datasets()
        out = []
        for dataset, rows in frame.groupby("dataset", sort=True):
            tables = dict(zip(rows["table_name"], rows["rows"].astype(int), strict=True))
            main = min(tables, key=lambda t: (_MAIN_ORDER.index(t) if t in _MAIN_ORDER else len(_MAIN_ORDER), t))
            first = rows.iloc[0]
            out.append({"dataset": dataset, "table": main, "rows": tables[main], "sha256": first["sha256"],
                        "source": first["source"], "licence": first["licence"], "tables": tables})
        return out

    def version(self) -> str:
        """A short hash that changes whenever any dataset is written (for caches)."""
        frame = self.datasets()
        text = frame[["dataset", "table_name", "sha256", "rows", "tradebridge_version"]].to_csv(index=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

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
    def write(self, extracts: Iterable[Extract]) -> IngestReport:
        """Validate every table of every extract, then replace those datasets in one transaction."""
        if self.read_only:
            raise StoreError("the warehouse is open read-only")
        extracts = list(extracts)
        self.ensure_schema()
        prepared = [(ex, self._prepare(ex)) for ex in extracts]
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows: dict[str, int] = {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for ex, tables in prepared:
                rows[ex.provenance.dataset] = self._replace(ex, tables, now)
            self.con.execute(
                "INSERT OR REPLACE INTO store_meta VALUES ('last_write', ?)", [now])
            self.con.execute("COMMIT")
        except BaseException as exc:
            self.con.execute("ROLLBACK")
            if isinstance(exc, (DataError, StoreError)):
                raise
            raise StoreError(f"write failed and was rolled back, nothing changed: {exc}") from exc
        return IngestReport(written=tuple(rows), rows=rows)

    def _prepare(self, ex: Extract) -> dict[str, pd.DataFrame | Path]:
        out: dict[str, pd.DataFrame | Path] = {}
        label = ex.provenance.file or ex.provenance.dataset
        for table, data in ex.tables.items():
            if table not in SCHEMAS:
                raise StoreError(f"unknown table {table!r} in dataset {ex.provenance.dataset}")
            if isinstance(data, Path):
                self._check_parquet(table, data, ex.provenance.dataset)
                out[table] = data
                continue
            frame = validate(table, data, file=label)
            wrong = frame["dataset"] != ex.provenance.dataset
            if wrong.any():
                raise DataError(
                    f"rows labelled with another dataset than {ex.provenance.dataset!r}",
                    file=label, column="dataset", rows=frame.index[wrong][:10].tolist(),
                    hint="a reader must label every row with its own dataset name")
            out[table] = frame
        return out

    def _check_parquet(self, table: str, path: Path, dataset: str) -> None:
        rel = f"(SELECT *, row_number() OVER () AS _row FROM read_parquet('{path.as_posix()}'))"
        cols = {r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path.as_posix()}')").fetchall()}
        missing = [c for c in SCHEMAS[table].columns if c not in cols]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)}", file=str(path), column=missing[0],
                            hint=f"the file must provide {', '.join(SCHEMAS[table].columns)}")
        for column, what, sql in sql_checks(table, rel):
            bad = self.con.execute(sql + " ORDER BY 1 LIMIT 11").fetchall()
            if bad:
                raise DataError(what, file=str(path), column=column, rows=[r[0] for r in bad],
                                hint="correct the listed rows of the source file and ingest again")
        other = self.con.execute(
            f"SELECT count(*) FROM read_parquet('{path.as_posix()}') WHERE dataset <> ?", [dataset]).fetchone()[0]
        if other:
            raise DataError(f"{other} row(s) not labelled {dataset!r}", file=str(path), column="dataset")

    def _replace(self, ex: Extract, tables: dict[str, pd.DataFrame | Path], now: str) -> int:
        prov = ex.provenance
        old = [r[0] for r in self.con.execute(
            "SELECT table_name FROM provenance WHERE dataset = ?", [prov.dataset]).fetchall()]
        for table in set(old) | set(tables):
            self.con.execute(f'DELETE FROM "{table}" WHERE dataset = ?', [prov.dataset])
        self.con.execute("DELETE FROM provenance WHERE dataset = ?", [prov.dataset])
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
            total += n
            self.con.execute(
                f"INSERT INTO provenance VALUES ({', '.join('?' for _ in PROVENANCE_COLUMNS)})",
                [prov.dataset, table, prov.file, prov.sha256, n, prov.source, prov.licence, prov.version,
                 prov.url, prov.query, prov.retrieved_at, now, __version__],
            )
        return total
