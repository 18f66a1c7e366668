"""The panel of Yotov, Piermartini, Monteiro & Larch (2016), "An Advanced Guide to Trade Policy
Analysis: The Structural Gravity Model" (WTO/UNCTAD), as redistributed by pachadotdev/tradepolicy.

69 countries, 1986-2006, manufacturing trade in millions of USD including domestic flows
(exporter = importer). Stored as ``trade_flows`` (product ``MANUF``, values converted to USD),
``pair_covariates`` (dist, contig=cntg, comlang_off=lang, colony=clny) and ``rta_flags`` (the book's
``rta``; its lags are derived by the models' vocabulary). Caveat from the manifest: its RTA dummy does
not switch on for Korea-Chile, so Korea's FTAs are never dated with it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.errors import DataError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.files import (
    RowLedger,
    check_codes,
    check_unique,
    file_sha256,
    read_table,
    require_values,
    to_number,
    to_year,
)

FILE = "trade/agtpa/agtpa_applications.csv.gz"
DATASET = "agtpa"


def read_agtpa(raw: Path, known: set[str], file: str = FILE) -> Extract:
    path = raw / file
    name = path.name
    frame = read_table(path, required=["exporter", "importer", "year", "trade", "dist", "cntg", "lang", "clny", "rta"])
    ledger = RowLedger(name, frame)
    for col in ("exporter", "importer"):
        check_codes(frame, col, known, file=name)
    year = to_year(frame, "year", file=name)
    frame = frame.assign(year=year)
    check_unique(frame, ["exporter", "importer", "year"], file=name)
    for col in ("trade", "rta"):
        require_values(frame, col, file=name)
    trade = to_number(frame, "trade", file=name, nonneg=True) * 1e6
    flows = pd.DataFrame({
        "dataset": DATASET, "exporter": frame["exporter"], "importer": frame["importer"], "year": year,
        "classification": "TOTAL", "product": "MANUF", "value_usd": trade, "quantity": float("nan"),
        "quantity_unit": None,
    })
    nums = {c: to_number(frame, c, file=name) for c in ("dist", "cntg", "lang", "clny", "rta")}
    pairs = pd.DataFrame({"exporter": frame["exporter"], "importer": frame["importer"], "dist": nums["dist"],
                          "contig": nums["cntg"], "comlang_off": nums["lang"], "colony": nums["clny"]})
    conflict = pairs.drop_duplicates().duplicated(["exporter", "importer"], keep=False)
    if conflict.any():
        lines = (conflict[conflict].index + 2).tolist()
        raise DataError("pair covariates (dist, cntg, lang, clny) differ between years of one pair", file=name,
                        column="dist", rows=lines, hint="a pair's covariates must be the same in every year")
    pairs = pairs.drop_duplicates(["exporter", "importer"])  # one row per pair (constant over years)
    cov = pairs.assign(dataset=DATASET)
    for col in ("distw", "distcap", "comlang_ethno", "comcol", "curcol", "col45", "smctry"):
        cov[col] = float("nan")
    cov = cov[["dataset", "exporter", "importer", "dist", "distw", "distcap", "contig", "comlang_off",
               "comlang_ethno", "colony", "comcol", "curcol", "col45", "smctry"]]
    flags = pd.DataFrame({"dataset": DATASET, "exporter": frame["exporter"], "importer": frame["importer"],
                          "year": year, "rta": nums["rta"], "agreement_id": None, "agreement_name": None})
    ledger.check(len(flows))
    prov = Provenance(dataset=DATASET, source="Yotov et al. (2016) Advanced Guide, via pachadotdev/tradepolicy @342a655",
                      licence="CC BY 4.0", file=file, sha256=file_sha256(path), version="tradepolicy @342a655",
                      note="manufacturing trade incl. domestic flows; millions USD converted to USD; " + ledger.note())
    return Extract(prov, {"trade_flows": flows, "pair_covariates": cov, "rta_flags": flags})
