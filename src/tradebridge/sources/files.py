"""Careful reading of source files: every byte read once, within size limits, and every row accounted for.

* :func:`read_bytes` reads a file whole, refusing one larger than the limit (:class:`Limits`); inside a
  :func:`snapshot` (ingest opens one) each file is read once, so its SHA-256 (:func:`file_sha256`) and
  the rows parsed come from the same bytes, even if the file is replaced meanwhile.
* :func:`read_table` parses delimited text (gzip streamed with a limit on the expanded size) with clear
  errors for the wrong delimiter or encoding, missing columns, an empty or header-only file, a line cut
  short at the end (a file still being written), truncated archives, unreadable files.
* :func:`to_number`, :func:`to_year`, :func:`to_date` convert columns and name the rows they cannot
  convert (never ``errors="coerce"`` and drop): non-numeric, infinite, negative, fractional years.
* :class:`RowLedger` counts rows in and out; a reader drops rows only through :meth:`RowLedger.drop`
  with a stated reason (aggregates, notes), and :meth:`RowLedger.check` refuses any other loss.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
>>> _ = p.write_text("a;b\\n1;2\\n")
>>> read_table(p, required=["a", "b"])
Traceback (most recent call last):
...
tradebridge.errors.DataError: x.csv: column 'a': missing column(s) a, b; found a;b. Fix: the file looks delimited by ';', not ','; check the file or its delimiter
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import math
import os
import zlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tradebridge.errors import ConfigError, DataError

_DELIMS = [",", ";", "\t", "|"]
NA_VALUES = ("", "NA", "NaN", "nan", ".")
_MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Size limits of every file reader (MiB). Defaults: 256 MiB on disk, 256 MiB once decompressed.

    Override with ``TRADEBRIDGE_MAX_FILE_MB`` and ``TRADEBRIDGE_MAX_EXPANDED_MB`` (read when a file is
    read, not at import). The largest reference file is about 30 MiB decompressed.

    >>> Limits().max_file_bytes // (1 << 20)
    256
    """

    max_file_bytes: int = 256 * _MIB
    max_expanded_bytes: int = 256 * _MIB

    @classmethod
    def from_env(cls) -> Limits:
        return cls(max_file_bytes=_env_mib("TRADEBRIDGE_MAX_FILE_MB", cls.max_file_bytes),
                   max_expanded_bytes=_env_mib("TRADEBRIDGE_MAX_EXPANDED_MB", cls.max_expanded_bytes))


def _env_mib(name: str, default: int) -> int:
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r} is not a number of MiB; e.g. {name}=512") from None
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{name}={text!r} must be a positive number of MiB")
    return int(value * _MIB)


class FileSnapshot:
    """The bytes of each file read so far (once each) and their SHA-256."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits
        self._data: dict[Path, tuple[bytes, str]] = {}

    def get(self, path: Path) -> tuple[bytes, str]:
        key = Path(os.path.abspath(path))
        if key not in self._data:
            data = _read_limited(path, self.limits or Limits.from_env())
            self._data[key] = (data, hashlib.sha256(data).hexdigest())
        return self._data[key]

    def forget(self, path: Path) -> None:
        self._data.pop(Path(os.path.abspath(path)), None)


_ACTIVE: ContextVar[FileSnapshot | None] = ContextVar("tradebridge_file_snapshot", default=None)


@contextlib.contextmanager
def snapshot(limits: Limits | None = None) -> Iterator[FileSnapshot]:
    """Within this block every file is read once; hash and parse use the same bytes."""
    snap = FileSnapshot(limits)
    token = _ACTIVE.set(snap)
    try:
        yield snap
    finally:
        _ACTIVE.reset(token)


def _read_limited(path: Path, limits: Limits) -> bytes:
    name = str(path)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limits.max_file_bytes:
                raise DataError(f"file is {size / _MIB:,.0f} MiB, over the limit of "
                                f"{limits.max_file_bytes / _MIB:,.0f} MiB", file=name,
                                hint="check the file, or raise the limit with TRADEBRIDGE_MAX_FILE_MB")
            data = fh.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise DataError("file not found", file=name, hint="check the raw-data folder (--raw DIR)") from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", file=name, hint="check the raw-data folder (--raw DIR)") from None
    except PermissionError:
        raise DataError("permission denied", file=name,
                        hint="make the file readable by this user (chmod a+r) or copy it elsewhere") from None
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", file=name,
                        hint="check the disk and the file") from None
    if len(data) > limits.max_file_bytes:  # grew while being read
        raise DataError("file grew past the size limit while being read", file=name,
                        hint="wait until the file is completely written, then ingest again")
    return data


def read_bytes(path: Path) -> bytes:
    """The file's bytes (through the active snapshot, if any), within :class:`Limits`."""
    snap = _ACTIVE.get()
    return snap.get(path)[0] if snap else _read_limited(path, Limits.from_env())


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the bytes :func:`read_bytes` returns for ``path``."""
    snap = _ACTIVE.get()
    if snap:
        return snap.get(path)[1]
    return hashlib.sha256(read_bytes(path)).hexdigest()


def expand(data: bytes, name: str, limits: Limits | None = None) -> bytes:
    """Gzip data decompressed (streamed, stopping at the expanded-size limit); other data as is."""
    if data[:2] != b"\x1f\x8b":
        return data
    limit = (limits or Limits.from_env()).max_expanded_bytes
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            while block := fh.read(_MIB):
                out.write(block)
                if out.tell() > limit:
                    raise DataError(f"decompresses to more than {limit / _MIB:,.0f} MiB (from "
                                    f"{len(data) / _MIB:,.1f} MiB): refused as a possible decompression bomb",
                                    file=name, hint="check the file, or raise the limit with "
                                    "TRADEBRIDGE_MAX_EXPANDED_MB")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise DataError(f"truncated or corrupt compressed file ({exc})", file=name,
                        hint="download the file again") from None
    return out.getvalue()


def read_table(
    path: Path,
    *,
    required: Sequence[str],
    sep: str = ",",
    dtype: dict | type | None = str,
    encoding: str = "utf-8",
    na_values: Sequence[str] = NA_VALUES,
    allow_empty: bool = False,
    **kwargs,
) -> pd.DataFrame:
    """Read a (possibly gzipped) delimited file; check the delimiter, encoding, columns and completeness.

    All columns are read as strings by default (codes keep their leading zeros); convert with
    :func:`to_number`, which names the rows that are not numeric. An empty or header-only file is an
    error unless ``allow_empty``.
    """
    name = path.name
    text = expand(read_bytes(path), name)
    if not text.strip():
        raise DataError("the file is empty", file=name,
                        hint="the file may still be downloading or was truncated; get it again")
    try:
        frame = pd.read_csv(io.BytesIO(text), sep=sep, dtype=dtype, encoding=encoding, keep_default_na=False,
                            na_values=list(na_values), **kwargs)
    except UnicodeDecodeError as exc:
        raise DataError(f"not {encoding} text (byte {exc.start})", file=name,
                        hint=f"re-save the file as {encoding}") from None
    except pd.errors.EmptyDataError:
        raise DataError("the file has no header line", file=name, hint="get the file again") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"malformed delimited text: {exc}", file=name,
                        hint="check quoting and the number of fields per row") from None
    frame.columns = [str(c).lstrip("\ufeff").strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        header = _first_line(text, encoding)[:80]
        other = next((d for d in _DELIMS if d != sep and d in header), None)
        hint = (f"the file looks delimited by {other!r}, not {sep!r}; check the file or its delimiter"
                if other else f"the file must have the columns {', '.join(required)}")
        raise DataError(f"missing column(s) {', '.join(missing)}; found {header}", file=name,
                        column=missing[0], hint=hint)
    if frame.empty and not allow_empty:
        raise DataError("the file has a header but no data rows", file=name,
                        hint="an empty file would wipe the stored dataset; get the complete file")
    _check_last_line(text, sep, encoding, name, len(frame) + 1)
    return frame


def _first_line(text: bytes, encoding: str) -> str:
    return text.split(b"\n", 1)[0].decode(encoding, errors="replace").strip().lstrip("\ufeff")


def _check_last_line(text: bytes, sep: str, encoding: str, name: str, line: int) -> None:
    """A file that does not end with a newline and whose last line has too few fields was cut short."""
    if text.endswith((b"\n", b"\r")):
        return
    header = next(csv.reader([_first_line(text, encoding)], delimiter=sep))
    last = text[text.rfind(b"\n") + 1:].decode(encoding, errors="replace")
    fields = next(csv.reader([last], delimiter=sep), [])
    if len(fields) < len(header):
        raise DataError(f"the last line has {len(fields)} of {len(header)} fields: the file is truncated or "
                        "still being written", file=name, rows=[line],
                        hint="wait until the file is completely written (or download it again)")


def _lines(frame: pd.DataFrame, mask: pd.Series) -> list[int]:
    return (frame.index[mask.to_numpy()] + 2).tolist()  # +2: header line and 1-based numbering


def to_number(frame: pd.DataFrame, column: str, *, file: str, nonneg: bool = False) -> pd.Series:
    """Column as float; non-numeric, infinite (or, with ``nonneg``, negative) entries raise a DataError.

    Empty cells stay missing (NaN); the caller decides whether that is allowed.
    """
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
    if bad.any():
        raise DataError(f"non-numeric value(s) {raw[bad].astype(str).unique()[:3].tolist()}",
                        file=file, column=column, rows=_lines(frame, bad), hint="correct or remove those rows")
    inf = pd.Series(np.isinf(values.to_numpy(dtype=float)), index=frame.index)
    if inf.any():
        raise DataError(f"infinite value(s) {raw[inf].astype(str).unique()[:3].tolist()}", file=file,
                        column=column, rows=_lines(frame, inf), hint="values must be finite numbers")
    if nonneg and (values < 0).any():
        neg = values < 0
        raise DataError(f"negative value(s) {values[neg].unique()[:3].tolist()}", file=file, column=column,
                        rows=_lines(frame, neg), hint="values must be zero or positive")
    return values.astype(float)


def require_values(frame: pd.DataFrame, column: str, *, file: str, what: str = "value") -> None:
    """Raise a DataError for empty cells in ``column`` (a key such as a year or a code)."""
    empty = frame[column].isna() | (frame[column].astype(str).str.strip() == "")
    if empty.any():
        raise DataError(f"empty {what} cell(s)", file=file, column=column, rows=_lines(frame, empty),
                        hint=f"fill in the {what} or remove those rows")


def to_integer(frame: pd.DataFrame, column: str, *, file: str, what: str = "value") -> pd.Series:
    """Column as whole numbers (``2000.0`` is 2000); empty, non-numeric or fractional cells raise."""
    require_values(frame, column, file=file, what=what)
    values = to_number(frame, column, file=file)
    frac = values != np.floor(values)
    if frac.any():
        raise DataError(f"fractional {what}(s) {frame.loc[frac, column].astype(str).unique()[:3].tolist()}",
                        file=file, column=column, rows=_lines(frame, frac), hint=f"{what}s must be whole numbers")
    return values.astype("int64")


def to_year(frame: pd.DataFrame, column: str, *, file: str) -> pd.Series:
    """Column as integer years (``2000.0`` is 2000); empty, non-numeric or fractional years raise.

    >>> to_year(pd.DataFrame({"y": ["2000", "2000.0"]}), "y", file="f").tolist()
    [2000, 2000]
    """
    return to_integer(frame, column, file=file, what="year")


def to_date(frame: pd.DataFrame, column: str, *, file: str, fmt: str, example: str,
            allow_empty: bool = False) -> pd.Series:
    """Column as dates in exactly the format ``fmt``; anything else (e.g. Excel serial days) raises."""
    raw = frame[column]
    empty = raw.isna() | (raw.astype(str).str.strip() == "")
    if empty.any() and not allow_empty:
        raise DataError("empty date cell(s)", file=file, column=column, rows=_lines(frame, empty),
                        hint="fill in the date or remove those rows")
    parsed = pd.to_datetime(raw.where(~empty), format=fmt, errors="coerce")
    bad = parsed.isna() & ~empty
    if bad.any():
        raise DataError(f"unreadable date(s) {raw[bad].astype(str).unique()[:3].tolist()}", file=file,
                        column=column, rows=_lines(frame, bad),
                        hint=f"dates must look like {example} (a spreadsheet may have turned them into numbers)")
    return parsed


def check_unique(frame: pd.DataFrame, keys: Sequence[str], *, file: str) -> None:
    """Raise a DataError listing the file lines of duplicate keys."""
    dup = frame.duplicated(list(keys), keep=False)
    if dup.any():
        raise DataError(f"duplicate keys ({', '.join(keys)})", file=file, column=keys[-1],
                        rows=_lines(frame, dup), hint="keep one row per key and ingest again")


def normalise_codes(frame: pd.DataFrame, column: str, ledger: RowLedger | None = None,
                    valid: set[str] | frozenset[str] | None = None) -> pd.Series:
    """ISO3 codes stripped and upper-cased (ISO 3166 codes are upper case); changed rows are counted.

    With ``valid``, only codes that become valid are changed (others stay as written, so an error
    message shows them as in the file).

    >>> normalise_codes(pd.DataFrame({"c": ["kor", " CHL", "Korea"]}), "c", valid={"KOR", "CHL"}).tolist()
    ['KOR', 'CHL', 'Korea']
    """
    raw = frame[column].astype("string")
    clean = raw.str.strip().str.upper()
    if valid is not None:
        clean = clean.where(clean.isin(valid), raw)
    if ledger is not None:
        ledger.changed_rows(int((clean != raw).fillna(False).sum()), f"{column} codes upper-cased or stripped")
    return clean.astype(object).where(clean.notna(), None)


def check_codes(frame: pd.DataFrame, column: str, known: set[str], *, file: str, what: str = "country") -> None:
    """Raise a DataError for codes outside ``known`` (file line numbers in the message)."""
    bad = ~frame[column].isin(known)
    if bad.any():
        codes = sorted(frame.loc[bad, column].astype(str).unique())[:5]
        raise DataError(f"unknown {what} code(s) {codes}", file=file, column=column, rows=_lines(frame, bad),
                        hint=f"use ISO 3166 alpha-3 {what} codes; see the countries table")


class RowLedger:
    """Rows in, rows dropped (each with its reason), rows out; any other difference is an error.

    >>> frame = pd.DataFrame({"code": ["KOR", "EUU", "CHL"]})
    >>> led = RowLedger("wb.csv", frame)
    >>> kept = led.drop(frame, frame["code"] == "EUU", "regional aggregates")
    >>> led.check(len(kept))
    >>> led.note()
    '3 rows read, 2 stored; dropped: 1 regional aggregates'
    """

    def __init__(self, file: str, frame: pd.DataFrame) -> None:
        self.file = file
        self.rows_in = len(frame)
        self.dropped: dict[str, int] = {}
        self.changed: dict[str, int] = {}
        self.rows_out: int | None = None

    def drop(self, frame: pd.DataFrame, mask: pd.Series, reason: str) -> pd.DataFrame:
        """``frame`` without the rows of ``mask``, counted under ``reason``."""
        n = int(mask.sum())
        if n:
            self.dropped[reason] = self.dropped.get(reason, 0) + n
        return frame[~mask.to_numpy()]

    def changed_rows(self, n: int, what: str) -> None:
        """Record ``n`` rows whose cells were normalised (e.g. codes upper-cased)."""
        if n:
            self.changed[what] = self.changed.get(what, 0) + int(n)

    def check(self, rows_out: int) -> None:
        """Refuse an unexplained loss, and a file from which nothing is stored."""
        explained = self.rows_in - sum(self.dropped.values())
        if rows_out != explained:
            raise DataError(f"{self.rows_in:,} rows read, {sum(self.dropped.values()):,} dropped with a reason, "
                            f"but {rows_out:,} rows out instead of {explained:,}", file=self.file,
                            hint="this is a reader bug or a malformed file; report it with the file")
        if rows_out == 0 and self.rows_in:
            reasons = "; ".join(self.dropped) or "no reason"
            raise DataError(f"all {self.rows_in:,} rows were dropped ({reasons})", file=self.file,
                            hint="check that the columns are in the documented order and hold what they should")
        self.rows_out = rows_out

    def note(self) -> str:
        """One line for the provenance note."""
        stored = "?" if self.rows_out is None else f"{self.rows_out:,}"
        out = f"{self.rows_in:,} rows read, {stored} stored"
        if self.dropped:
            out += "; dropped: " + ", ".join(f"{n:,} {why}" for why, n in self.dropped.items())
        if self.changed:
            out += "; " + ", ".join(f"{n:,} {what}" for what, n in self.changed.items())
        return out


def join_notes(*notes: str | None) -> str | None:
    """Provenance notes joined with '; ' (None when all are empty)."""
    parts = [n for n in notes if n]
    return "; ".join(parts) if parts else None
