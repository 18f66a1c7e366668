"""The fetch folder: what ``tradebridge data fetch`` writes and ``tradebridge data ingest`` reads.

Layout (default root ``<cache>/fetched``)::

    <root>/<dataset>/provenance.json      {"provenance": {...}, "tables": {"trade_flows": {"file", "rows"}}}
    <root>/<dataset>/<table>.parquet      one tidy table per file, columns as in the store schema

A dataset folder is replaced as a whole (written beside it, then renamed), so a reader never sees half
a fetch. ``read_fetched`` loads frames into memory; for very large tables (a full BACI release) use
``fetched_tables`` and let DuckDB read the Parquet files directly.

>>> import pandas as pd, tempfile
>>> from tradebridge.sources.base import Extract, Provenance
>>> ex = Extract(Provenance("demo", "Example", "CC0"), {"macro": pd.DataFrame({"x": [1]})})
>>> root = Path(tempfile.mkdtemp())
>>> _ = write_fetched(ex, root)
>>> [(e.provenance.dataset, e.rows) for e in read_fetched(root)]
[('demo', 1)]
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from tradebridge.errors import DataError
from tradebridge.sources.base import Extract, Provenance, sha256_file

PROVENANCE_FILE = "provenance.json"


@dataclasses.dataclass(frozen=True)
class FetchedDataset:
    """One dataset folder: its provenance and the Parquet file of each table."""

    folder: Path
    provenance: Provenance
    tables: dict[str, Path]
    rows: dict[str, int]


def default_root(cache: Path) -> Path:
    """The default fetch folder under the cache directory."""
    return Path(cache) / "fetched"


def write_fetched(extract: Extract, root: Path, *, extra_files: dict[str, Path] | None = None) -> Path:
    """Write ``extract`` as ``<root>/<dataset>/`` (Parquet per table + provenance.json); return the folder.

    ``extra_files`` maps a table name to an already written Parquet file (moved in; used by BACI).
    """
    root = Path(root)
    name = extract.provenance.dataset
    if not name or "/" in name or name.startswith("."):
        raise DataError(f"invalid dataset name {name!r}", hint="use letters, digits and underscores")
    final = root / name
    tmp = root / f".{name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    tables: dict[str, dict[str, object]] = {}
    for table, frame in extract.tables.items():
        path = tmp / f"{table}.parquet"
        frame.to_parquet(path, index=False)
        tables[table] = {"file": path.name, "rows": len(frame)}
    for table, src in (extra_files or {}).items():
        path = tmp / f"{table}.parquet"
        shutil.move(str(src), path)
        tables[table] = {"file": path.name, "rows": int(pq.ParquetFile(path).metadata.num_rows)}
    prov = dataclasses.asdict(extract.provenance)
    if not prov.get("sha256") and len(tables) == 1:
        only = next(iter(tables.values()))
        prov["file"] = prov.get("file") or only["file"]
        prov["sha256"] = sha256_file(tmp / str(only["file"]))
    (tmp / PROVENANCE_FILE).write_text(json.dumps({"provenance": prov, "tables": tables}, indent=2,
                                                  ensure_ascii=False), encoding="utf-8")
    if final.exists():
        old = root / f".{name}.old"
        shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(final)
    return final


def fetched_tables(folder: Path) -> list[FetchedDataset]:
    """The dataset folders under ``folder`` (or ``folder`` itself when it holds a provenance.json)."""
    folder = Path(folder)
    if (folder / PROVENANCE_FILE).is_file():
        candidates = [folder]
    elif folder.is_dir():
        candidates = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    else:
        raise DataError("fetch folder not found", file=str(folder),
                        hint="run `tradebridge data fetch ...` first, or pass the folder it wrote")
    out = []
    for d in candidates:
        meta_path = d / PROVENANCE_FILE
        if not meta_path.is_file():
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            prov = Provenance(**meta["provenance"])
            tables = {t: d / info["file"] for t, info in meta["tables"].items()}
            rows = {t: int(info["rows"]) for t, info in meta["tables"].items()}
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"unreadable provenance ({exc})", file=str(meta_path),
                            hint="fetch the dataset again") from None
        for t, p in tables.items():
            if not p.is_file():
                raise DataError(f"table {t!r} is listed but its file is missing", file=str(p),
                                hint="fetch the dataset again")
        out.append(FetchedDataset(folder=d, provenance=prov, tables=tables, rows=rows))
    return out


def read_fetched(folder: Path) -> list[Extract]:
    """Every fetched dataset under ``folder`` as an :class:`Extract` (frames loaded into memory)."""
    extracts = []
    for ds in fetched_tables(folder):
        frames = {}
        for table, path in ds.tables.items():
            frame = pd.read_parquet(path)
            if len(frame) != ds.rows[table]:
                raise DataError(f"{len(frame)} rows, provenance says {ds.rows[table]}", file=str(path),
                                hint="the file changed after the fetch; fetch the dataset again")
            frames[table] = frame
        extracts.append(Extract(provenance=ds.provenance, tables=frames))
    return extracts
