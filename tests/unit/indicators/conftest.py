"""Fixtures of the indicator tests: an in-memory DuckDB (through Ibis) holding store-shaped tables.

The real aggregate Comtrade panel is read straight from the shared data file into the documented
``trade_flows`` columns, with the curated Korea–PA agreements from ``reference.timeline``.
"""

from __future__ import annotations

import ibis
import pytest
from indicators_testing import FLOW_COLS, agreement_frames, comtrade_aggregate_frame, make_con  # noqa: F401

from tb_testing import require_tool


@pytest.fixture(scope="session")
def aggregate_con(raw_dir):
    agreements, members = agreement_frames()
    return make_con({"trade_flows": comtrade_aggregate_frame(raw_dir), "agreements": agreements,
                     "agreement_members": members})


@pytest.fixture(scope="session")
def spark_con(tmp_path_factory):
    """One local[2] Spark session (about 10 s to start) shared by all parity tests, as an Ibis backend."""
    require_tool("java", "the Spark parity tests run pyspark in local mode")
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
