"""Fixtures of the indicator tests: an in-memory DuckDB (through Ibis) holding store-shaped tables.

The real aggregate Comtrade panel is read straight from the shared data file into the documented
``trade_flows`` columns, with the curated Korea–PA agreements from ``reference.timeline``.
"""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from tradebridge.reference.timeline import load_agreements


def _root_require_tool():
    """``require_tool`` of tests/conftest.py (``from conftest import`` would find this file first)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("_tb_root_conftest", Path(__file__).parents[2] / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.require_tool

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


@pytest.fixture(scope="session")
def aggregate_con(raw_dir):
    agreements, members = agreement_frames()
    return make_con({"trade_flows": comtrade_aggregate_frame(raw_dir), "agreements": agreements,
                     "agreement_members": members})


@pytest.fixture(scope="session")
def spark_con(tmp_path_factory):
    """One local[2] Spark session (about 10 s to start) shared by all parity tests, as an Ibis backend."""
    _root_require_tool()("java", "the Spark parity tests run pyspark in local mode")
    pyspark = pytest.importorskip("pyspark", reason="pip install 'tradebridge[spark]' for the Spark backend")
    from pyspark.sql import SparkSession

    warehouse = tmp_path_factory.mktemp("spark-warehouse")
    session = (SparkSession.builder.master("local[2]").appName("tradebridge-parity")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").config("spark.default.parallelism", "2")
               .config("spark.sql.session.timeZone", "UTC").config("spark.sql.warehouse.dir", str(warehouse))
               .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={warehouse}")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    assert pyspark.__version__
    yield ibis.pyspark.connect(session)
    session.stop()
