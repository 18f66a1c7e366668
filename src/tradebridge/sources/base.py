"""What every source returns: tidy frames plus their provenance.

>>> p = Provenance(dataset="demo", source="Example", licence="CC0", file="x.csv", sha256="ab")
>>> p.dataset, p.version
('demo', None)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Provenance:
    """Where a dataset came from: enough for a reader to trace a number back to its source."""

    dataset: str
    source: str
    licence: str
    file: str | None = None
    sha256: str | None = None
    version: str | None = None
    url: str | None = None
    query: str | None = None
    retrieved_at: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Extract:
    """One dataset read from a source: ``tables`` maps a store table name to its tidy frame (read-only:
    the extract is frozen; a source builds the mapping once)."""

    provenance: Provenance
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(len(f) for f in self.tables.values())


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()
