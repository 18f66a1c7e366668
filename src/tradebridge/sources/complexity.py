"""World exports by SITC Rev.2 4-digit product, 1998-2000 average, 226 countries (the data of the
R package economiccomplexity, from Open Trade Statistics / UN Comtrade). Codes are lower-case ISO3 in
the file; values in USD. Stored in ``world_exports`` with year 2000 and period '1998-2000'.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.files import (
    RowLedger,
    check_codes,
    check_unique,
    file_sha256,
    normalise_codes,
    read_table,
    to_number,
)
from tradebridge.sources.macro_files import WB_AGGREGATES

FILE = "complexity/world_exports_sitc4_1998_2000.csv.gz"
GDP = "complexity/world_gdp_1998_2000.csv"
DATASET = "world_exports_sitc4"


def read_world_exports(raw: Path, known: set[str]) -> Extract:
    path = raw / FILE
    frame = read_table(path, required=["country", "product", "value"])
    ledger = RowLedger(path.name, frame)
    frame["country"] = normalise_codes(frame, "country", valid=known)  # documented lower case
    check_codes(frame, "country", known, file=path.name)
    check_unique(frame, ["country", "product"], file=path.name)
    out = pd.DataFrame({"dataset": DATASET, "exporter": frame["country"], "year": 2000, "period": "1998-2000",
                        "classification": "SITC2", "product": frame["product"].str.zfill(4),
                        "value_usd": to_number(frame, "value", file=path.name, nonneg=True)})
    out = ledger.drop(out, out["value_usd"].isna(), "empty values")
    ledger.check(len(out))
    gpath = raw / GDP
    gdp = read_table(gpath, required=["country", "value"])
    gled = RowLedger(gpath.name, gdp)
    gdp["country"] = normalise_codes(gdp, "country", valid=known | WB_AGGREGATES)
    gdp = gled.drop(gdp, gdp["country"].isin(WB_AGGREGATES - known), "World Bank regional/income aggregates")
    check_codes(gdp, "country", known, file=gpath.name)
    macro = pd.DataFrame({"country": gdp["country"], "year": 2000, "month": pd.NA,
                          "indicator": "gdp_per_capita_usd_avg_1998_2000",
                          "value": to_number(gdp, "value", file=gpath.name), "unit": "USD",
                          "dataset": DATASET})
    macro = gled.drop(macro, macro["value"].isna(), "empty values")
    gled.check(len(macro))
    prov = Provenance(dataset=DATASET, source="R package economiccomplexity (Open Trade Statistics / UN Comtrade), "
                      "pachadotdev/economiccomplexity @423d5b4", licence="Apache-2.0", file=FILE,
                      sha256=file_sha256(path), note=f"1998-2000 averages, stored as year 2000; exports: {ledger.note()}; "
                      f"GDP: {gled.note()}")
    return Extract(prov, {"world_exports": out, "macro": macro})
