"""World exports by SITC Rev.2 4-digit product, 1998-2000 average, 226 countries (the data of the
R package economiccomplexity, from Open Trade Statistics / UN Comtrade). Codes are lower-case ISO3 in
the file; values in USD. Stored in ``world_exports`` with year 2000 and period '1998-2000'.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.sources.base import Extract, Provenance, sha256_file
from tradebridge.sources.files import check_codes, check_unique, read_table, to_number

FILE = "complexity/world_exports_sitc4_1998_2000.csv.gz"
GDP = "complexity/world_gdp_1998_2000.csv"
DATASET = "world_exports_sitc4"


def read_world_exports(raw: Path, known: set[str]) -> Extract:
    path = raw / FILE
    frame = read_table(path, required=["country", "product", "value"])
    frame["country"] = frame["country"].str.upper()
    check_codes(frame, "country", known, file=path.name)
    check_unique(frame, ["country", "product"], file=path.name)
    out = pd.DataFrame({"dataset": DATASET, "exporter": frame["country"], "year": 2000, "period": "1998-2000",
                        "classification": "SITC2", "product": frame["product"].str.zfill(4),
                        "value_usd": to_number(frame, "value", file=path.name, nonneg=True)})
    gpath = raw / GDP
    gdp = read_table(gpath, required=["country", "value"])
    gdp["country"] = gdp["country"].str.upper()
    gdp = gdp[gdp["country"].isin(known)].reset_index(drop=True)
    macro = pd.DataFrame({"country": gdp["country"], "year": 2000, "month": pd.NA,
                          "indicator": "gdp_per_capita_usd_avg_1998_2000",
                          "value": to_number(gdp, "value", file=gpath.name), "unit": "USD",
                          "dataset": DATASET}).dropna(subset=["value"])
    prov = Provenance(dataset=DATASET, source="R package economiccomplexity (Open Trade Statistics / UN Comtrade), "
                      "pachadotdev/economiccomplexity @423d5b4", licence="Apache-2.0", file=FILE,
                      sha256=sha256_file(path), note="1998-2000 averages, stored as year 2000")
    return Extract(prov, {"world_exports": out, "macro": macro})
