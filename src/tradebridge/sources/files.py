"""Careful reading of source files: clear errors for the wrong delimiter or encoding, missing
columns, truncated archives, and non-numeric values.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
>>> _ = p.write_text("a;b\\n1;2\\n")
>>> read_table(p, required=["a", "b"])
Traceback (most recent call last):
...
tradebridge.errors.DataError: x.csv: column 'a': missing column(s) a, b; found a;b. Fix: the file looks delimited by ';', not ','; check the file or its delimiter
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tradebridge.errors import DataError

_DELIMS = [",", ";", "\t", "|"]


def read_table(
    path: Path,
    *,
    required: Sequence[str],
    sep: str = ",",
    dtype: dict | type | None = str,
    encoding: str = "utf-8",
    **kwargs,
) -> pd.DataFrame:
    """Read a (possibly gzipped) delimited file; check the delimiter, encoding and columns.

    All columns are read as strings by default (codes keep their leading zeros); convert with
    :func:`to_number`, which names the rows that are not numeric.
    """
    name = path.name
    if not path.is_file():
        raise DataError("file not found", file=str(path), hint="check the raw-data folder (--raw DIR)")
    try:
        frame = pd.read_csv(path, sep=sep, dtype=dtype, encoding=encoding, keep_default_na=False,
                            na_values=["", "NA", "NaN", "nan", "."], **kwargs)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise DataError(f"truncated or corrupt compressed file ({exc})", file=name,
                        hint="download the file again") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not {encoding} text (byte {exc.start})", file=name,
                        hint=f"re-save the file as {encoding}") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"malformed delimited text: {exc}", file=name,
                        hint="check quoting and the number of fields per row") from None
    frame.columns = [str(c).lstrip("\ufeff").strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        header = _first_line(path, encoding)[:80]
        other = next((d for d in _DELIMS if d != sep and d in header), None)
        hint = (f"the file looks delimited by {other!r}, not {sep!r}; check the file or its delimiter"
                if other else f"the file must have the columns {', '.join(required)}")
        raise DataError(f"missing column(s) {', '.join(missing)}; found {header}", file=name,
                        column=missing[0], hint=hint)
    return frame


def _first_line(path: Path, encoding: str) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding=encoding, errors="replace") as fh:
            return fh.readline().strip().lstrip("\ufeff")
    except OSError:
        return ""


def to_number(frame: pd.DataFrame, column: str, *, file: str, nonneg: bool = False) -> pd.Series:
    """Column as float; non-numeric (or, with ``nonneg``, negative) entries raise a DataError."""
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
    if bad.any():
        rows = (frame.index[bad] + 2).tolist()  # +2: header line and 1-based numbering
        raise DataError(f"non-numeric value(s) {raw[bad].astype(str).unique()[:3].tolist()}",
                        file=file, column=column, rows=rows, hint="correct or remove those rows")
    if nonneg and (values < 0).any():
        neg = values < 0
        raise DataError(f"negative value(s) {values[neg].unique()[:3].tolist()}", file=file, column=column,
                        rows=(frame.index[neg] + 2).tolist(), hint="values must be zero or positive")
    return values.astype(float)


def check_unique(frame: pd.DataFrame, keys: Sequence[str], *, file: str) -> None:
    """Raise a DataError listing the file lines of duplicate keys."""
    dup = frame.duplicated(list(keys), keep=False)
    if dup.any():
        raise DataError(f"duplicate keys ({', '.join(keys)})", file=file, column=keys[-1],
                        rows=(frame.index[dup] + 2).tolist(), hint="keep one row per key and ingest again")


def check_codes(frame: pd.DataFrame, column: str, known: set[str], *, file: str, what: str = "country") -> None:
    """Raise a DataError for codes outside ``known`` (file line numbers in the message)."""
    bad = ~frame[column].isin(known)
    if bad.any():
        codes = sorted(frame.loc[bad, column].astype(str).unique())[:5]
        raise DataError(f"unknown {what} code(s) {codes}", file=file, column=column,
                        rows=(frame.index[bad] + 2).tolist(),
                        hint=f"use ISO 3166 alpha-3 {what} codes; see the countries table")


def open_zip_member(path: Path, member: str) -> io.BufferedIOBase:
    """Open one member of a zip archive, with a clear error for truncated archives."""
    try:
        archive = zipfile.ZipFile(path)
        return archive.open(member)
    except zipfile.BadZipFile as exc:
        raise DataError(f"truncated or corrupt zip archive ({exc})", file=path.name,
                        hint="download the file again (tradebridge data fetch resumes partial downloads)") from None
    except KeyError:
        raise DataError(f"member {member!r} not found in the archive", file=path.name) from None
