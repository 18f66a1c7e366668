"""Ingest the reference data folder into the warehouse.

Each catalog entry names a dataset, the files it is read from, and its reader. Ingest is idempotent:
a dataset whose files (SHA-256) and tradebridge version match what is stored is skipped unread; the
changed ones are read, validated and written together in one transaction, so a bad file leaves the
store exactly as it was.

Each file is read once into memory (:func:`tradebridge.sources.files.snapshot`): its hash and its rows
come from the same bytes. A dataset whose row count would fall by more than :data:`MAX_SHRINK` (10%)
of the stored one is refused unless ``allow_shrink`` (``--allow-shrink``): a truncated download or a
file still being written looks like that.

>>> [e.dataset for e in CATALOG][:3]
['country_codes', 'kor_pa_timeline', 'comtrade_aggregate']
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from tradebridge.errors import ConfigError, DataError
from tradebridge.reference import timeline
from tradebridge.sources import agreements as agr
from tradebridge.sources import agtpa, cepii, classifications, complexity, icio, macro_files, penppml
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.countries import FILE as COUNTRY_FILE
from tradebridge.sources.countries import known_codes, read_countries, read_country_table
from tradebridge.sources.files import file_sha256, snapshot
from tradebridge.store.warehouse import IngestReport, Store


class Context:
    """What readers share: the raw folder and the country table (read once)."""

    def __init__(self, raw: Path) -> None:
        self.raw = raw

    @cached_property
    def countries(self) -> pd.DataFrame:
        return read_country_table(self.raw)

    @cached_property
    def known(self) -> set[str]:
        return known_codes(self.countries)


@dataclass(frozen=True)
class Entry:
    dataset: str
    files: tuple[str, ...]
    read: Callable[[Context], Extract]

    def paths(self, raw: Path) -> list[Path]:
        out: list[Path] = []
        for f in self.files:
            out.extend(sorted(raw.glob(f)) if "*" in f else [raw / f])
        return out


def _timeline(_: Context) -> Extract:
    agreements, members = timeline.load_agreements()
    prov = Provenance(dataset=timeline.DATASET, source=timeline.SOURCE, licence="CC BY 4.0 (tradebridge)",
                      file="tradebridge/reference/timeline.yaml")
    return Extract(prov, {"agreements": agreements, "agreement_members": members,
                          "agreement_stages": timeline.load_stages()})


CATALOG: tuple[Entry, ...] = (
    Entry("country_codes", (COUNTRY_FILE,), lambda c: read_countries(c.raw)),
    Entry(timeline.DATASET, (), _timeline),
    Entry(penppml.DATASET, (penppml.FILE,), lambda c: penppml.read_comtrade_aggregate(c.raw, c.known)),
    Entry(agtpa.DATASET, (agtpa.FILE,), lambda c: agtpa.read_agtpa(c.raw, c.known)),
    Entry(cepii.DATASET, (cepii.FILE,), lambda c: cepii.read_cepii_dist(c.raw, c.known)),
    Entry("desta", (agr.DESTA, COUNTRY_FILE), lambda c: agr.read_desta(c.raw, c.countries)),
    Entry("gptad", (agr.GPTAD, COUNTRY_FILE), lambda c: agr.read_gptad(c.raw, c.countries)),
    Entry("unctad_bits", (agr.BITS, COUNTRY_FILE), lambda c: agr.read_unctad_bits(c.raw, c.countries)),
    Entry("imf_fx_annual", (macro_files.IMF, COUNTRY_FILE), lambda c: macro_files.read_imf_fx(c.raw, c.countries)),
    Entry("fred_h10", (macro_files.FRED,), lambda c: macro_files.read_fred_h10(c.raw)),
    Entry("pwt10", (macro_files.PWT,), lambda c: macro_files.read_pwt(c.raw)),
    Entry("wb_gdp", (macro_files.WB_GDP, COUNTRY_FILE),
          lambda c: macro_files.read_wb(c.raw, c.known, macro_files.WB_GDP, "gdp_usd", "current USD", "wb_gdp")),
    Entry("wb_population", (macro_files.WB_POP, COUNTRY_FILE),
          lambda c: macro_files.read_wb(c.raw, c.known, macro_files.WB_POP, "population", "persons",
                                        "wb_population")),
    Entry("hs_nomenclature", (classifications.HS_NOMENCLATURE, classifications.HS_SECTIONS),
          lambda c: classifications.read_hs(c.raw)),
    Entry("concordance", (classifications.CONCORDANCE_DIR + "/*.csv.gz",),
          lambda c: classifications.read_concordances(c.raw)),
    Entry("rauch", (classifications.RAUCH,), lambda c: classifications.read_rauch(c.raw)),
    Entry(complexity.DATASET, (complexity.FILE, complexity.GDP),
          lambda c: complexity.read_world_exports(c.raw, c.known)),
    Entry(icio.DATASET, (icio.FILE, icio.SECTORS), lambda c: icio.read_icio(c.raw, c.known)),
)


#: Largest fall in a dataset's row count (share of the stored rows) accepted without ``allow_shrink``.
MAX_SHRINK = 0.10


def fingerprint(paths: list[Path], *, extra: bytes = b"", sha: Callable[[Path], str] | None = None) -> str:
    """SHA-256 of one file, or of the names and hashes of several (order-independent)."""
    from tradebridge.sources.base import sha256_file

    sha = sha or sha256_file
    if len(paths) == 1 and not extra:
        return sha(paths[0])
    h = hashlib.sha256(extra)
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(sha(p).encode())
    return h.hexdigest()


def _entry_sha(entry: Entry, raw: Path) -> str:
    if entry.dataset == timeline.DATASET:
        from importlib import resources

        text = resources.files("tradebridge.reference").joinpath("timeline.yaml").read_bytes()
        return hashlib.sha256(text).hexdigest()
    paths = entry.paths(raw)
    missing = [p for p in paths if not p.is_file()]
    if missing or not paths:
        raise DataError("file not found", file=str(missing[0] if missing else entry.files[0]),
                        hint="check the raw-data folder (--raw DIR / TRADEBRIDGE_RAW)")
    return fingerprint(paths, sha=file_sha256)  # the bytes the reader will parse (snapshot)


def check_shrink(stored: dict[str, int], new: dict[str, int], *, max_shrink: float = MAX_SHRINK) -> None:
    """Refuse datasets whose row count falls by more than ``max_shrink`` of the stored count.

    >>> check_shrink({"wb_gdp": 11274}, {"wb_gdp": 11000})
    >>> check_shrink({"wb_gdp": 11274}, {"wb_gdp": 2959})
    Traceback (most recent call last):
    ...
    tradebridge.errors.DataError: dataset wb_gdp would shrink from 11,274 to 2,959 rows (-74%, over the 10% limit). Fix: check the file is complete (a truncated download or a file still being written); pass --allow-shrink to accept it
    """
    for dataset, n in new.items():
        old = stored.get(dataset, 0)
        if old and n < old * (1 - max_shrink):
            raise DataError(f"dataset {dataset} would shrink from {old:,} to {n:,} rows "
                            f"({(n - old) / old:+.0%}, over the {max_shrink:.0%} limit)",
                            hint="check the file is complete (a truncated download or a file still being "
                                 "written); pass --allow-shrink to accept it")


def ingest(
    store_path: Path,
    raw: Path,
    *,
    datasets: list[str] | None = None,
    extra: list[Extract] | None = None,
    force: bool = False,
    allow_shrink: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Ingest the catalog's datasets (or only ``datasets``) from ``raw``, plus ``extra`` extracts.

    Unchanged datasets are skipped unless ``force``. All changed datasets are validated, then written
    in one transaction. Fetched extracts (``extra``) must use country codes of the raw folder's
    country table. A dataset shrinking by more than :data:`MAX_SHRINK` needs ``allow_shrink``.
    """
    if not raw.is_dir():
        raise ConfigError(f"raw-data folder {raw} does not exist; pass --raw DIR or set TRADEBRIDGE_RAW")
    entries = [e for e in CATALOG if datasets is None or e.dataset in datasets]
    if datasets:
        unknown = sorted(set(datasets) - {e.dataset for e in CATALOG})
        if unknown:
            raise ConfigError(f"unknown dataset(s) {unknown}; known: {', '.join(e.dataset for e in CATALOG)}")
    ctx = Context(raw)
    with Store.open(store_path, read_only=False) as store, snapshot() as snap:
        store.ensure_schema()
        todo: list[Extract] = []
        unchanged: list[str] = []
        for i, entry in enumerate(entries):
            if progress:
                progress(entry.dataset, i, len(entries))
            sha = _entry_sha(entry, raw)
            if not force and store.is_current(entry.dataset, sha):
                unchanged.append(entry.dataset)
                for p in entry.paths(raw):
                    if p != raw / COUNTRY_FILE:
                        snap.forget(p)  # not needed any more (the country table is shared)
                continue
            extract = entry.read(ctx)
            todo.append(Extract(replace(extract.provenance, sha256=sha), extract.tables))
        fetched = [ex for ex in extra or []
                   if force or not ex.provenance.sha256
                   or not store.is_current(ex.provenance.dataset, ex.provenance.sha256)]
        unchanged += [ex.provenance.dataset for ex in extra or [] if not any(ex is f for f in fetched)]
        if progress:
            progress("writing", len(entries), len(entries))
        if not todo and not fetched:
            report = IngestReport()
        else:
            known = ctx.known if fetched else None
            report = store.write([*todo, *fetched], known=known, fetched={ex.provenance.dataset for ex in fetched},
                                 check=None if allow_shrink else check_shrink)
    return IngestReport(written=report.written, unchanged=tuple(unchanged), rows=report.rows, notes=report.notes)
