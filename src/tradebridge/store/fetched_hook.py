"""Datasets fetched by ``tradebridge data fetch`` wait in ``<cache>/fetched``; ingest picks them up.

Their tables are Parquet files that the store validates and loads with DuckDB directly (a BACI
release has hundreds of millions of rows: nothing is loaded into pandas).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tradebridge.sources.base import Extract


def fetched_extracts(cache: Path) -> list[Extract]:
    """Extracts (Parquet paths) of every fetched dataset under ``cache/fetched`` (none when absent)."""
    folder = cache / "fetched"
    if not folder.is_dir():
        return []
    from tradebridge.sources.fetched import fetched_tables
    from tradebridge.store.ingest import fingerprint

    out = []
    for ds in fetched_tables(folder):
        sha = ds.provenance.sha256 or fingerprint(sorted(ds.tables.values()))
        out.append(Extract(replace(ds.provenance, sha256=sha), dict(ds.tables)))
    return out
