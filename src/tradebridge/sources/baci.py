"""CEPII BACI bulk files: a zip of yearly CSVs ``t,i,j,k,v,q`` streamed into tidy Parquet.

A release zip (``BACI_HS17_V202401b.zip``) holds ``BACI_HS17_Y2019_V202401b.csv`` (one per year),
``country_codes_V202401b.csv`` and ``product_codes_HS17_V202401b.csv``. The current release is
:data:`CURRENT_RELEASE` (``202401b``, which corrects and supersedes ``202401``); older releases stay
readable by name. In the yearly files ``t`` is
the year, ``i``/``j`` the exporter/importer (numeric codes listed in the zip's country file), ``k`` the
HS 6-digit product (written without its leading zero in some releases: padded back to 6 digits here),
``v`` the value in **thousands** of current USD and ``q`` the quantity in **tonnes** (``NA`` when
unknown; numbers may be space-padded).

Rows become ``trade_flows`` rows: ``value_usd = v * 1000``, ``quantity = q``, ``quantity_unit = 't'``,
``classification`` the revision (``HS92`` ... ``HS22``), ``product`` a 6-character string. Country codes
map to ISO3 through the zip's own country list; code 490 ("Other Asia, n.e.s.") is Taiwan (TWN), which
some third-party tables get wrong.

The CSVs are read block by block with pyarrow (never a whole year in memory) and written to one
Parquet file; an optional country filter keeps only flows touching the given countries.

>>> revision_label("HS17"), revision_label("hs92")
('HS17', 'HS92')
>>> baci_url(CURRENT_RELEASE, "HS17")
'https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS17_V202401b.zip'
"""

from __future__ import annotations

import csv
import io
import queue
import re
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tradebridge.errors import DataError, SourceError, check_option
from tradebridge.sources.base import Extract, Provenance, sha256_file
from tradebridge.sources.codes import m49_to_iso3
from tradebridge.sources.http import HttpClient, ProgressCallback

REVISIONS = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")
#: The release the CLI fetches by default (202401b supersedes 202401).
CURRENT_RELEASE = "202401b"
_RELEASE = re.compile(r"\d{6}[a-z]?")
_ZIP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.zip")
BASE_URL = "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_{revision}_V{release}.zip"
LICENCE = "Etalab Open Licence 2.0 (CEPII BACI; cite Gaulier & Zignago 2010)"
_YEAR_MEMBER = re.compile(r"BACI_(HS\d\d)_Y(\d{4})_V(\w+)\.csv$", re.IGNORECASE)
TAIWAN = 490

TRADE_SCHEMA = pa.schema([
    ("dataset", pa.string()), ("exporter", pa.string()), ("importer", pa.string()), ("year", pa.int64()),
    ("classification", pa.string()), ("product", pa.string()), ("value_usd", pa.float64()),
    ("quantity", pa.float64()), ("quantity_unit", pa.string()),
])


def revision_label(revision: str) -> str:
    """The classification label of a BACI revision (``HS17``)."""
    return check_option("revision", revision.upper(), REVISIONS)


def baci_url(release: str, revision: str) -> str:
    """Download URL of a BACI release (``release`` like ``202401b`` or ``202401``)."""
    release = release.lstrip("Vv")
    if not _RELEASE.fullmatch(release):
        raise SourceError(f"invalid BACI release {release[:40]!r}; use the form {CURRENT_RELEASE} (YYYYMM and an "
                          "optional letter)")
    return BASE_URL.format(revision=revision_label(revision), release=release)


@dataclass(frozen=True)
class BaciResult:
    """What :func:`baci_to_parquet` wrote."""

    path: Path
    rows: int
    years: tuple[int, ...]
    provenance: Provenance


def year_members(zf: zipfile.ZipFile) -> dict[int, str]:
    """Yearly CSV members of a BACI zip, by year."""
    out = {}
    for name in zf.namelist():
        m = _YEAR_MEMBER.search(name)
        if m:
            out[int(m.group(2))] = name
    return dict(sorted(out.items()))


def country_table(zf: zipfile.ZipFile) -> np.ndarray:
    """A lookup array ``code -> ISO3`` (``None`` where unknown) from the zip's country list."""
    names = [n for n in zf.namelist() if re.search(r"country_codes?[^/]*\.csv$", n, re.IGNORECASE)]
    if not names:
        raise SourceError("the BACI zip has no country_codes_V*.csv; download the complete release zip")
    text = zf.read(names[0]).decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    code_col = next((f for f in fields if f.lower() in ("country_code", "i", "code")), None)
    iso_col = next((f for f in fields if "iso3" in f.lower() or "iso_3" in f.lower()), None)
    if code_col is None or iso_col is None:
        raise DataError(f"unexpected columns {fields}", file=names[0],
                        hint="expected country_code and country_iso3 (or iso_3digit_alpha)")
    table = np.full(1000, None, dtype=object)
    for row in reader:
        try:
            code = int(str(row[code_col]).strip())
        except ValueError:
            continue
        iso = str(row[iso_col] or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", iso):
            iso = m49_to_iso3(code) or ""
        if 0 <= code < 1000 and iso:
            table[code] = iso
    table[TAIWAN] = "TWN"
    return table


def _map_codes(codes: pa.Array, lookup: pa.Array, column: str, member: str) -> pa.Array:
    lo, hi = pc.min_max(codes).values()
    if lo.as_py() is not None and (lo.as_py() < 0 or hi.as_py() >= len(lookup)):
        raise DataError(f"country code out of range ({lo}..{hi})", file=member, column=column)
    mapped = pc.take(lookup, codes)
    if mapped.null_count > codes.null_count:
        bad = sorted(set(pc.filter(codes, pc.is_null(mapped)).to_pylist()))[:10]
        raise DataError(f"country code(s) {bad} are not in the zip's country list", file=member, column=column,
                        hint="use the complete release zip (its country_codes file lists every code)")
    if codes.null_count:
        raise DataError("missing country code", file=member, column=column, hint="every row needs i and j")
    return mapped


def _to_float(col: pa.Array) -> pa.Array:
    if pa.types.is_floating(col.type) or pa.types.is_integer(col.type):
        return pc.cast(col, pa.float64())
    trimmed = pc.utf8_trim_whitespace(col)
    trimmed = pc.if_else(pc.is_in(trimmed, pa.array(["NA", "", "NaN"])), pa.scalar(None, pa.string()), trimmed)
    return pc.cast(trimmed, pa.float64())


class _Prefetch(io.RawIOBase):
    """Decompress a zip member in a background thread so parsing and inflating overlap."""

    def __init__(self, fh: io.IOBase, chunk: int = 4 << 20, depth: int = 4) -> None:
        self._q: queue.Queue[bytes] = queue.Queue(depth)
        self._buf = bytearray()
        self._eof = False
        self._err: BaseException | None = None
        self._fh = fh

        def run() -> None:
            try:
                while True:
                    block = fh.read(chunk)
                    self._q.put(block)
                    if not block:
                        return
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, re-raised there
                self._err = exc
                self._q.put(b"")

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        while not self._eof and (n < 0 or len(self._buf) < n):
            block = self._q.get()
            if not block:
                self._eof = True
                if self._err is not None:
                    raise self._err
            self._buf += block
        n = len(self._buf) if n < 0 else n
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out


def iter_year_batches(zf: zipfile.ZipFile, member: str, table: np.ndarray, *, dataset: str, classification: str,
                      keep: np.ndarray | None = None, block_size: int = 16 << 20) -> Iterator[pa.RecordBatch]:
    """Tidy record batches of one yearly CSV, read in blocks of ``block_size`` bytes."""
    convert = pacsv.ConvertOptions(
        column_types={"t": pa.int64(), "i": pa.int64(), "j": pa.int64(), "k": pa.string(),
                      "v": pa.float64(), "q": pa.string()},
        include_columns=["t", "i", "j", "k", "v", "q"],
    )
    lookup = pa.array(table.tolist(), pa.string())
    try:
        reader = pacsv.open_csv(_Prefetch(zf.open(member)), read_options=pacsv.ReadOptions(block_size=block_size),
                                convert_options=convert)
        for batch in reader:
            if keep is not None:
                mask = pc.or_(pc.is_in(batch["i"], pa.array(keep)), pc.is_in(batch["j"], pa.array(keep)))
                batch = batch.filter(mask)
            n = batch.num_rows
            if n == 0:
                continue
            value = pc.multiply(_to_float(batch["v"]), 1000.0)
            if value.null_count:
                raise DataError("missing trade value", file=member, column="v", hint="every row needs v")
            if pc.any(pc.less(value, 0)).as_py():
                raise DataError("negative trade value", file=member, column="v")
            yield pa.RecordBatch.from_arrays([
                pa.repeat(pa.scalar(dataset, pa.string()), n),
                _map_codes(batch["i"], lookup, "i", member),
                _map_codes(batch["j"], lookup, "j", member),
                batch["t"],
                pa.repeat(pa.scalar(classification, pa.string()), n),
                pc.utf8_lpad(pc.utf8_trim_whitespace(batch["k"]), 6, "0"),
                value,
                _to_float(batch["q"]),
                pa.repeat(pa.scalar("t", pa.string()), n),
            ], schema=TRADE_SCHEMA)
    except (pa.ArrowInvalid, zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise DataError(f"cannot read the BACI CSV ({exc})", file=member,
                        hint="the zip may be truncated or not a BACI release; download it again") from None


@dataclass(frozen=True)
class _Plan:
    zip_path: Path
    members: dict[int, str]
    years: tuple[int, ...]
    classification: str
    release: str
    dataset: str
    table: np.ndarray
    keep: np.ndarray | None


def _plan(zip_path: Path, years: Iterable[int] | None, countries: Iterable[str] | None,
          dataset: str | None) -> _Plan:
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(f"not a readable zip ({exc})", file=zip_path.name,
                        hint="download the release again (the file may be truncated)") from None
    with zf:
        members = year_members(zf)
        if not members:
            raise DataError("no BACI_<rev>_Y<year>_V<release>.csv inside", file=zip_path.name,
                            hint="pass a BACI release zip from CEPII")
        first = _YEAR_MEMBER.search(next(iter(members.values())))
        classification, release = revision_label(first.group(1)), "V" + first.group(3)
        wanted = tuple(sorted(members) if years is None else sorted(set(years)))
        absent = [y for y in wanted if y not in members]
        if absent:
            raise SourceError(f"{zip_path.name} has no data for {absent}; it covers "
                              f"{min(members)}-{max(members)}")
        table = country_table(zf)
    keep = None
    if countries is not None:
        wanted_iso = {c.upper() for c in countries}
        keep = np.array([i for i, iso in enumerate(table) if iso in wanted_iso], dtype=np.int64)
    name = dataset or f"baci_{classification.lower()}_{release.lower()}"
    return _Plan(zip_path, members, wanted, classification, release, name, table, keep)


def _batches(plan: _Plan, block_size: int, progress: Callable[[int, int], None] | None
             ) -> Iterator[pa.RecordBatch]:
    with zipfile.ZipFile(plan.zip_path) as zf:
        for n, year in enumerate(plan.years, 1):
            yield from iter_year_batches(zf, plan.members[year], plan.table, dataset=plan.dataset,
                                         classification=plan.classification, keep=plan.keep,
                                         block_size=block_size)
            if progress:
                progress(n, len(plan.years))


def _provenance(plan: _Plan, countries: Iterable[str] | None, url: str | None,
                retrieved_at: str | None) -> Provenance:
    return Provenance(
        dataset=plan.dataset, source=f"CEPII BACI {plan.classification} release {plan.release}", licence=LICENCE,
        file=plan.zip_path.name, sha256=sha256_file(plan.zip_path), version=plan.release, url=url,
        query=f"years={','.join(map(str, plan.years))}" + (f"; countries={','.join(sorted(countries))}"
                                                            if countries is not None else ""),
        retrieved_at=retrieved_at,
        note="value_usd = v * 1000 (BACI values in thousands of USD); quantity in tonnes",
    )


def baci_batches(zip_path: Path, *, years: Iterable[int] | None = None, countries: Iterable[str] | None = None,
                 dataset: str | None = None, block_size: int = 16 << 20,
                 progress: Callable[[int, int], None] | None = None) -> tuple[pa.RecordBatchReader, Provenance]:
    """A streaming Arrow reader of tidy ``trade_flows`` batches (e.g. for DuckDB) and its provenance.

    DuckDB consumes it without materialising it:
    ``con.register("baci_stream", reader); con.execute("CREATE TABLE t AS SELECT * FROM baci_stream")``.
    """
    countries = list(countries) if countries is not None else None
    plan = _plan(Path(zip_path), years, countries, dataset)
    reader = pa.RecordBatchReader.from_batches(TRADE_SCHEMA, _batches(plan, block_size, progress))
    return reader, _provenance(plan, countries, None, None)


def baci_to_parquet(zip_path: Path, out: Path, *, years: Iterable[int] | None = None,
                    countries: Iterable[str] | None = None, dataset: str | None = None,
                    url: str | None = None, retrieved_at: str | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    block_size: int = 16 << 20) -> BaciResult:
    """Stream the yearly CSVs of a BACI zip into one Parquet file of ``trade_flows`` rows.

    ``countries`` (ISO3) keeps only flows where the exporter or the importer is one of them.
    Memory stays at a few blocks whatever the file size.
    """
    zip_path, out = Path(zip_path), Path(out)
    countries = list(countries) if countries is not None else None
    plan = _plan(zip_path, years, countries, dataset)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    rows = 0
    try:
        with pq.ParquetWriter(tmp, TRADE_SCHEMA, compression="zstd") as writer:
            for batch in _batches(plan, block_size, progress):
                writer.write_batch(batch)
                rows += batch.num_rows
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)
    return BaciResult(path=out, rows=rows, years=plan.years,
                      provenance=_provenance(plan, countries, url, retrieved_at))


def read_baci(zip_path: Path, *, years: Iterable[int] | None = None, countries: Iterable[str] | None = None,
              dataset: str | None = None) -> Extract:
    """Read (part of) a BACI zip into memory as an :class:`Extract` — for filtered or small files.

    For the full world file use :func:`baci_to_parquet` and load the Parquet into the store.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        res = baci_to_parquet(zip_path, Path(tmp) / "t.parquet", years=years, countries=countries,
                              dataset=dataset)
        frame = pq.read_table(res.path).to_pandas()
    return Extract(provenance=res.provenance, tables={"trade_flows": frame})


def fetch_baci(release: str, revision: str, *, client: HttpClient, download_dir: Path, out: Path,
               years: Iterable[int] | None = None, countries: Iterable[str] | None = None,
               url: str | None = None, download_progress: ProgressCallback | None = None,
               progress: Callable[[int, int], None] | None = None) -> BaciResult:
    """Download a BACI release (resumable, CRC-checked, kept in ``download_dir``) and stream it to Parquet."""
    url = url or baci_url(release, revision)
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    if not _ZIP_NAME.fullmatch(name):
        raise SourceError(f"the download URL must end in a plain .zip file name (got {name[:60]!r}); "
                          "give the release zip's URL")
    zip_path = Path(download_dir) / name
    info = client.download(url, zip_path, progress=download_progress)
    return baci_to_parquet(zip_path, out, years=years, countries=countries, url=url,
                           retrieved_at=info.retrieved_at, progress=progress)
