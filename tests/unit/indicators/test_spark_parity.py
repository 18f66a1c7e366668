"""The same Ibis indicator expressions on DuckDB and on Spark (local[2]) give the same rows.

Inputs: the BACI-format fake fixture (product level) and the real aggregate Comtrade panel rows of
Korea (1964-2016, zeros included: Spark's ANSI division-by-zero errors are avoided by ``safe_div``).
About 2-3 minutes on 2 cores (Spark plans every nested query), hence also marked slow. Tolerance 1e-9 relative: the engines sum floats in different orders.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest
from test_baci_fake import baci_flows

from tradebridge.concord.groups import sector_group
from tradebridge.indicators import composition as comp
from tradebridge.indicators import flows as fl
from tradebridge.indicators import margins as mg
from tradebridge.indicators import specialisation as sp

pytestmark = [pytest.mark.spark, pytest.mark.slow]
PA = ["CHL", "COL", "MEX", "PER"]


def _compare(duck: pd.DataFrame, spark: pd.DataFrame) -> None:
    assert list(duck.columns) == list(spark.columns)
    assert len(duck) == len(spark) > 0
    keys = [c for c in duck.columns if not pd.api.types.is_float_dtype(duck[c])]
    d = duck.sort_values(keys).reset_index(drop=True)
    s = spark.sort_values(keys).reset_index(drop=True)
    for c in duck.columns:
        if pd.api.types.is_float_dtype(d[c]):
            np.testing.assert_allclose(s[c].astype(float), d[c].astype(float), rtol=1e-9, equal_nan=True, err_msg=c)
        else:
            assert d[c].astype(str).tolist() == s[c].astype(str).tolist(), c


def _product_exprs(f: ibis.Table) -> dict[str, ibis.Table]:
    return {
        "rca": sp.rca(f, cutoff=1.0),
        "grubel_lloyd_aggregate": sp.grubel_lloyd_aggregate(sp.grubel_lloyd(f, bloc="PA")),
        "grubel_lloyd_aggregate_flows": sp.grubel_lloyd_aggregate(f),
        "new_products_after": mg.new_products_after(f, ibis.memtable(
            {"exporter": ["KOR", "PER"], "importer": ["PER", "KOR"], "entry_year": [2011, 2011],
             "agreement_id": ["a", "a"]}), window=2),
        "complementarity": sp.complementarity(f),
        "complementarity_named": sp.complementarity(f, importers=PA),  # named partners as columns
        "similarity_named": sp.export_similarity(f, others=["KOR", *PA]),
        "margins_named": mg.hummels_klenow(f, exporters=["KOR"], importers=PA),
        "intensity": sp.trade_intensity(f),
        "hhi_products": sp.hhi_products(f),
        "similarity": sp.export_similarity(f),
        "margins": mg.hummels_klenow(f),
        "new_products": mg.new_products(f, 2011, window=2),
        "composition_sector": comp.composition(sector_group(f), "KOR", PA, bloc="PA"),
        "top_products": comp.top_products(f, "KOR", PA, n=2),
    }


@pytest.fixture(scope="module")
def baci():
    return baci_flows()[["exporter", "importer", "year", "product", "value_usd"]]


@pytest.mark.parametrize("name", list(_product_exprs(ibis.memtable({"exporter": ["A"], "importer": ["B"],
                                                                    "year": [1], "product": ["p"],
                                                                    "value_usd": [1.0]}))))
def test_product_indicators_parity(spark_con, baci, name):
    expr = _product_exprs(ibis.memtable(baci))[name]
    _compare(ibis.duckdb.connect().to_pandas(expr), spark_con.to_pandas(expr))


def test_balance_growth_and_fta_windows_parity(spark_con, raw_dir):
    from indicators_testing import agreement_frames, comtrade_aggregate_frame

    df = comtrade_aggregate_frame(raw_dir)
    df = df[(df.exporter == "KOR") | (df.importer == "KOR")]
    f = ibis.memtable(df)
    agreements, members = agreement_frames()
    ftas = fl.fta_agreements(ibis.memtable(agreements), ibis.memtable(members), "KOR", PA)
    exprs = [fl.with_growth(fl.with_bloc(f, "KOR", PA, "PA")), fl.fta_windows(fl.trade_balance(f, "KOR", PA), ftas)]
    duck = ibis.duckdb.connect()
    for expr in exprs:
        _compare(duck.to_pandas(expr), spark_con.to_pandas(expr))
