"""CEPII GeoDist (Mayer & Zignago 2011): bilateral distances and linguistic/colonial ties, all pairs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.files import RowLedger, check_codes, check_unique, file_sha256, read_table, to_number

FILE = "geo/dist_cepii.csv.gz"
DATASET = "cepii_dist"
NUMERIC = ("dist", "distw", "distcap", "contig", "comlang_off", "comlang_ethno", "colony", "comcol", "curcol",
           "col45", "smctry")


def read_cepii_dist(raw: Path, known: set[str], file: str = FILE) -> Extract:
    path = raw / file
    name = path.name
    frame = read_table(path, required=["exporter", "importer", *NUMERIC])
    ledger = RowLedger(name, frame)
    for col in ("exporter", "importer"):
        check_codes(frame, col, known, file=name)
    check_unique(frame, ["exporter", "importer"], file=name)
    out = pd.DataFrame({"dataset": DATASET, "exporter": frame["exporter"], "importer": frame["importer"]})
    for col in NUMERIC:
        out[col] = to_number(frame, col, file=name, nonneg=col.startswith("dist"))
    out = out[["dataset", "exporter", "importer", "dist", "distw", "distcap", "contig", "comlang_off",
               "comlang_ethno", "colony", "comcol", "curcol", "col45", "smctry"]]
    ledger.check(len(out))
    prov = Provenance(dataset=DATASET, source="CEPII GeoDist (Mayer & Zignago 2011), via harvard-growth-lab/"
                      "comtrade-mirroring @d759037", licence="Etalab Open Licence", file=file,
                      sha256=file_sha256(path), note="distances in km; " + ledger.note())
    return Extract(prov, {"pair_covariates": out})
