"""Helpers of the indicator tests (import them with ``from indicators_testing import ...``)."""

from __future__ import annotations

import ibis
import pandas as pd

from tradebridge.reference.timeline import load_agreements

FLOW_COLS = ["dataset", "exporter", "importer", "year", "classification", "product", "value_usd"]


def make_con(tables: dict[str, pd.DataFrame]) -> ibis.BaseBackend:
    """A fresh in-memory DuckDB backend with the given tables."""
    con = ibis.duckdb.connect()
    for name, frame in tables.items():
        con.create_table(name, ibis.memtable(frame))
    return con


def comtrade_aggregate_frame(raw_dir) -> pd.DataFrame:
    df = pd.read_csv(raw_dir / "trade" / "comtrade_aggregate_1964_2016.csv.gz",
                     usecols=["exp", "imp", "time", "export"])
    return pd.DataFrame({"dataset": "comtrade_aggregate", "exporter": df.exp, "importer": df.imp,
                         "year": df.time.astype("int64"), "classification": "TOTAL", "product": "TOTAL",
                         "value_usd": df.export.astype(float)})


def agreement_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    agreements, members = load_agreements()
    agreements = agreements[["agreement_id", "name", "kind", "signed", "in_force", "terminated", "source"]]
    # a DESTA-like duplicate of the Korea-Chile FTA: the curated id must win
    dup = pd.DataFrame({"agreement_id": ["desta:999"], "name": ["Chile Korea"], "kind": ["base_treaty"],
                        "signed": [pd.NaT], "in_force": [pd.Timestamp("2004-01-01")], "terminated": [pd.NaT],
                        "source": ["DESTA"]})
    dup_m = pd.DataFrame({"agreement_id": ["desta:999"] * 2, "country": ["CHL", "KOR"]})
    return (pd.concat([agreements, dup], ignore_index=True),
            pd.concat([members[["agreement_id", "country"]], dup_m], ignore_index=True))
