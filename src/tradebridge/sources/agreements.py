"""Trade and investment agreement lists: DESTA, the World Bank GPTAD, and UNCTAD's BITs.

Each becomes ``agreements`` (ids ``desta:<number>``, ``gptad:<n>``, ``bit:<n>``) and
``agreement_members`` (ISO3). DESTA gives M49 member codes and years (stored as 1 January of the
year, the precision is the year); GPTAD and UNCTAD give member names, matched to ISO3 with
country_converter's regular expressions. Dates are kept as published: known errors (e.g. GPTAD's
Chile-Korea signature 2003-02-01, really 2003-02-15) are corrected only in the curated timeline.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.errors import DataError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.countries import m49_to_iso3, match_names
from tradebridge.sources.files import RowLedger, file_sha256, join_notes, read_table, to_date, to_number

DESTA = "agreements/desta.csv"
GPTAD = "agreements/gptad.csv"
BITS = "agreements/unctad_bits.csv"
_COLUMNS = ["dataset", "agreement_id", "name", "kind", "signed", "in_force", "terminated", "source"]


def _year_date(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    """A year column (empty = unknown) as 1 January of the year; fractional years raise."""
    years = to_number(frame, column, file=file)
    frac = years.notna() & (years != years.round())
    if frac.any():
        raise DataError(f"fractional year(s) {frame.loc[frac, column].unique()[:3].tolist()}", file=file,
                        column=column, rows=(frame.index[frac] + 2).tolist(), hint="years must be whole numbers")
    text = years.astype("Int64").astype(str)
    return pd.to_datetime(text.where(years.notna()) + "-01-01", format="%Y-%m-%d")


def read_desta(raw: Path, countries: pd.DataFrame) -> Extract:
    path = raw / DESTA
    frame = read_table(path, sep=";", required=["number", "name", "entry_type", "year", "entryforceyear", "c1"])
    ledger = RowLedger(path.name, frame)
    frame = ledger.drop(frame, frame["entry_type"] == "withdrawal", "withdrawal entries (not agreements)")
    ids = "desta:" + frame["number"].astype(str)
    agreements = pd.DataFrame({
        "dataset": "desta", "agreement_id": ids, "name": frame["name"], "kind": frame["entry_type"],
        "signed": _year_date(frame, "year", path.name),
        "in_force": _year_date(frame, "entryforceyear", path.name),
        "terminated": pd.NaT, "source": "DESTA (year precision)",
    })
    codes = m49_to_iso3(countries)
    ccols = [c for c in frame.columns if c.startswith("c") and c[1:].isdigit()]
    long = frame.assign(agreement_id=ids).melt(id_vars=["agreement_id"], value_vars=ccols, value_name="m49")
    long = long[long["m49"].notna()]
    m49 = pd.to_numeric(long["m49"], errors="coerce")
    unknown = m49.notna() & ~m49.isin(list(codes))
    long = long.assign(country=m49.map(codes))
    members = long.loc[~unknown & long["country"].notna(), ["agreement_id", "country"]].drop_duplicates()
    members.insert(0, "dataset", "desta")
    ledger.check(len(agreements))
    prov = Provenance(dataset="desta", source="DESTA (Dür, Baccini & Elsig 2014), via globalgov/manytrade @8780322",
                      licence="CC BY 4.0", file=DESTA, sha256=file_sha256(path),
                      note=join_notes(ledger.note(), f"{int(unknown.sum())} member codes without an ISO3 "
                                      "equivalent (historical M49) skipped"))
    return Extract(prov, {"agreements": agreements[_COLUMNS], "agreement_members": members})


def _names_to_members(ids: pd.Series, names: pd.Series, countries: pd.DataFrame, sep: str,
                      dataset: str) -> tuple[pd.DataFrame, list[str]]:
    rows, unmatched = [], []
    for aid, text in zip(ids, names, strict=True):
        parts = [p.strip() for p in str(text).split(sep) if p.strip() and str(text) != "nan"]
        for part, iso in zip(parts, match_names(parts, countries), strict=True):
            if iso is None:
                unmatched.append(part)
            else:
                rows.append((dataset, aid, iso))
    members = pd.DataFrame(rows, columns=["dataset", "agreement_id", "country"]).drop_duplicates()
    return members, sorted(set(unmatched))


def read_gptad(raw: Path, countries: pd.DataFrame) -> Extract:
    path = raw / GPTAD
    frame = read_table(path, required=["Common.Name", "Membership", "Type", "Date.of.Signature",
                                       "Date.of.Entry.into.Force", "In.force.status"],
                       na_values=["", "NA", "n/a", "N/A"])
    ids = "gptad:" + pd.Series(range(1, len(frame) + 1), index=frame.index).astype(str)
    agreements = pd.DataFrame({
        "dataset": "gptad", "agreement_id": ids, "name": frame["Common.Name"],
        "kind": frame["Type"].fillna("unknown"),
        "signed": to_date(frame, "Date.of.Signature", file=path.name, fmt="%m/%d/%Y", example="02/15/2003",
                          allow_empty=True),
        "in_force": to_date(frame, "Date.of.Entry.into.Force", file=path.name, fmt="%m/%d/%Y",
                            example="04/01/2004", allow_empty=True),
        "terminated": pd.NaT, "source": "World Bank GPTAD (status: " + frame["In.force.status"].fillna("n/a") + ")",
    })
    members, unmatched = _names_to_members(ids, frame["Membership"], countries, ",", "gptad")
    prov = Provenance(dataset="gptad", source="World Bank Global Preferential Trade Agreements Database, via "
                      "globalgov/manytrade @8780322", licence="CC BY 4.0", file=GPTAD, sha256=file_sha256(path),
                      note=f"member names without an ISO3 match: {', '.join(unmatched[:20])}" if unmatched else None)
    return Extract(prov, {"agreements": agreements[_COLUMNS], "agreement_members": members})


def _bit_date(series: pd.Series, file: str, column: str) -> pd.Series:
    parsed = pd.to_datetime(series, format="%d%b%Y", errors="coerce")
    bad = parsed.isna() & series.notna()
    if bad.any():
        raise DataError(f"unreadable date(s) {series[bad].unique()[:3].tolist()}", file=file, column=column,
                        rows=(series.index[bad] + 2).tolist(), hint="dates must look like 07feb1999")
    return parsed


def read_unctad_bits(raw: Path, countries: pd.DataFrame) -> Extract:
    path = raw / BITS
    frame = read_table(path, required=["Shorttitle", "Parties", "Status", "Dateofsignature",
                                       "Dateofentryintoforce", "Dateoftermination"])
    ids = "bit:" + pd.Series(range(1, len(frame) + 1), index=frame.index).astype(str)
    agreements = pd.DataFrame({
        "dataset": "unctad_bits", "agreement_id": ids, "name": frame["Shorttitle"], "kind": "BIT",
        "signed": _bit_date(frame["Dateofsignature"], path.name, "Dateofsignature"),
        "in_force": _bit_date(frame["Dateofentryintoforce"], path.name, "Dateofentryintoforce"),
        "terminated": _bit_date(frame["Dateoftermination"], path.name, "Dateoftermination"),
        "source": "UNCTAD IIA Navigator, 2017-05-02 (status: " + frame["Status"] + ")",
    })
    members, unmatched = _names_to_members(ids, frame["Parties"], countries, ";", "unctad_bits")
    prov = Provenance(dataset="unctad_bits", source="UNCTAD IIA Navigator (downloaded 2017-05-02), via "
                      "a3guyen/2019PAPER_Intensive_Extensive_FDI_TWE @0b9debb", licence="UNCTAD terms of use",
                      file=BITS, sha256=file_sha256(path), version="2017-05-02",
                      note=f"party names without an ISO3 match: {', '.join(unmatched[:20])}" if unmatched else None)
    return Extract(prov, {"agreements": agreements[_COLUMNS], "agreement_members": members})
