"""Datasets fetched by ``tradebridge data fetch`` wait in ``<cache>/fetched``; ingest picks them up.

Their tables are Parquet files. The store validates them like raw files: with the pandera schema when
they fit in memory, with the same checks translated to SQL when they do not (a BACI release has
hundreds of millions of rows), plus the known-country check; see :mod:`tradebridge.store.warehouse`.
A table whose row count differs from what ``provenance.json`` recorded at fetch time (the file was
replaced or cut since) is refused.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tradebridge.errors import DataError
from tradebridge.sources.base import Extract


def fetched_extracts(cache: Path) -> list[Extract]:
    """Extracts (Parquet paths) of every fetched dataset under ``cache/fetched`` (none when absent)."""
    folder = cache / "fetched"
    if not folder.is_dir():
        return []
    from tradebridge.sources.fetched import fetched_tables
    from tradebridge.store.ingest import fingerprint
    from tradebridge.store.warehouse import parquet_rows

    out = []
    for ds in fetched_tables(folder):
        for table, path in ds.tables.items():
            n = parquet_rows(path)
            if table in ds.rows and n != ds.rows[table]:
                raise DataError(f"{n:,} rows, but provenance.json recorded {ds.rows[table]:,} at fetch time",
                                file=str(path), hint="the file changed after the fetch; fetch the dataset again")
        sha = ds.provenance.sha256 or fingerprint(sorted(ds.tables.values()))
        out.append(Extract(replace(ds.provenance, sha256=sha), dict(ds.tables)))
    return out
