"""The aggregate Comtrade panel of the R package penppml (UN Comtrade, 1964-2016 every 4 years).

Columns ``exp, imp, time, export, id, agreement`` plus 16 deep-agreement provision dummies. Values are
USD (nominal). ``id`` is penppml's trade-agreement id (0 = none); the agreements get ids
``penppml:<id>`` in the store. Korea-Chile is 88 (from 2004), Korea-Peru 197, Korea-Colombia 276.
The provision dummies are not stored (no analysis here uses them).
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
    read_table,
    require_values,
    to_integer,
    to_number,
    to_year,
)

FILE = "trade/comtrade_aggregate_1964_2016.csv.gz"
DATASET = "comtrade_aggregate"
SOURCE = "UN Comtrade via the R package penppml (Breinlich et al.), tomzylkin/penppml @e6a4e23"


def read_comtrade_aggregate(raw: Path, known: set[str], file: str = FILE) -> Extract:
    """Read the panel into ``trade_flows``, ``rta_flags`` and penppml ``agreements``/members."""
    path = raw / file
    frame = read_table(path, required=["exp", "imp", "time", "export", "id", "agreement"],
                       usecols=lambda c: not c.endswith(tuple(f"_{i:02d}" for i in range(100))))
    name = path.name
    ledger = RowLedger(name, frame)
    for col in ("exp", "imp"):
        check_codes(frame, col, known, file=name)
    year = to_year(frame, "time", file=name)
    require_values(frame, "export", file=name)
    value = to_number(frame, "export", file=name, nonneg=True)
    ids = to_number(frame, "id", file=name).fillna(0)  # empty: no agreement
    ids = to_integer(frame.assign(id=ids), "id", file=name, what="agreement id")
    frame = frame.assign(time=year)
    check_unique(frame, ["exp", "imp", "time"], file=name)
    flows = pd.DataFrame({
        "dataset": DATASET, "exporter": frame["exp"], "importer": frame["imp"], "year": year,
        "classification": "TOTAL", "product": "TOTAL", "value_usd": value, "quantity": float("nan"),
        "quantity_unit": None,
    })
    has = ids > 0
    flags = pd.DataFrame({
        "dataset": DATASET, "exporter": frame.loc[has, "exp"], "importer": frame.loc[has, "imp"],
        "year": year[has], "rta": 1, "agreement_id": "penppml:" + ids[has].astype(str),
        "agreement_name": frame.loc[has, "agreement"],
    })
    agreements, members = _agreements(flags)
    ledger.check(len(flows))
    prov = Provenance(dataset=DATASET, source=SOURCE, licence="MIT", file=file, sha256=file_sha256(path),
                      version="penppml @e6a4e23",
                      note="values in current USD; years every 4 from 1964; " + ledger.note())
    return Extract(prov, {"trade_flows": flows, "rta_flags": flags, "agreements": agreements,
                          "agreement_members": members})


def _agreements(flags: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    first = flags.groupby(["agreement_id", "agreement_name"], as_index=False)["year"].min()
    first = first.drop_duplicates("agreement_id")
    agreements = pd.DataFrame({
        "dataset": DATASET, "agreement_id": first["agreement_id"], "name": first["agreement_name"],
        "kind": "RTA", "signed": pd.NaT, "in_force": pd.NaT, "terminated": pd.NaT,
        "source": "penppml agreement id (first observed year: " + first["year"].astype(str) + ")",
    })
    pairs = pd.concat([flags[["agreement_id", "exporter"]].rename(columns={"exporter": "country"}),
                       flags[["agreement_id", "importer"]].rename(columns={"importer": "country"})])
    members = pairs.drop_duplicates().assign(dataset=DATASET)[["dataset", "agreement_id", "country"]]
    return agreements, members
