"""Datasets fetched by ``tradebridge data fetch`` wait in ``<cache>/fetched``; ingest picks them up."""

from __future__ import annotations

from pathlib import Path

from tradebridge.sources.base import Extract


def fetched_extracts(cache: Path) -> list[Extract]:
    """Extracts of every fetched dataset under ``cache/fetched`` (none when the folder is absent)."""
    folder = cache / "fetched"
    if not folder.is_dir():
        return []
    from tradebridge.sources.fetched import read_fetched

    return read_fetched(folder)
