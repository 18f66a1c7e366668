"""The indicators give the same rows as before the one-pass rewrite (issue 14).

``tests/fixtures/indicators_frozen/`` holds a seeded panel and, per case of ``frozen_cases.py``, the
rows the previous implementation produced (frozen results, generated from that code; the old code is
not kept). Every case is recomputed on DuckDB and compared: the same columns in the same order, the
same column kinds (integer, float, text), the same rows, floats within 1e-9 relative (the rewrite
sums in a different order; the values are ratios and sums of about 10^2-10^4 terms, so float
rounding stays near 1e-13). The non-registry cases run again on a :class:`Base` materialized once, with integer-encoded keys
and without. About 15 s.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from frozen_cases import backend, cases

from tradebridge.indicators import specialisation as sp
from tradebridge.indicators.base import Base

FROZEN = Path(__file__).parents[2] / "fixtures" / "indicators_frozen"
CASES = cases()


@pytest.fixture(scope="module")
def store():
    return backend(pd.read_parquet(FROZEN / "panel.parquet"))


def _kind(s: pd.Series) -> str:
    if pd.api.types.is_float_dtype(s):
        return "float"
    if pd.api.types.is_integer_dtype(s) or pd.api.types.is_bool_dtype(s):
        return "int"
    return "text"


def assert_same_rows(new: pd.DataFrame, old: pd.DataFrame) -> None:
    """Same columns (and order), kinds and rows; floats to 1e-9 relative, nulls in the same places."""
    assert list(new.columns) == list(old.columns)
    assert len(new) == len(old)
    kinds = {c: _kind(old[c]) for c in old.columns}
    for c in old.columns:  # an all-null column has no kind of its own
        if old[c].notna().any() and new[c].notna().any():
            assert _kind(new[c]) == kinds[c], c
    keys = [c for c in old.columns if kinds[c] != "float"]
    norm = {c: (lambda s: s.astype("Int64").astype(str)) if kinds[c] == "int" else (lambda s: s.astype(str))
            for c in keys}
    n = new.assign(**{c: norm[c](new[c]) for c in keys}).sort_values(keys).reset_index(drop=True)
    o = old.assign(**{c: norm[c](old[c]) for c in keys}).sort_values(keys).reset_index(drop=True)
    for c in old.columns:
        if kinds[c] == "float":
            np.testing.assert_allclose(n[c].astype(float), o[c].astype(float), rtol=1e-9, atol=0,
                                       equal_nan=True, err_msg=c)
        else:
            assert n[c].tolist() == o[c].tolist(), c


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_rows_as_before(store, name):
    con, flows = store
    assert_same_rows(CASES[name](con, flows), pd.read_parquet(FROZEN / f"{name}.parquet"))


@pytest.fixture(scope="module", params=[True, False], ids=["encoded", "plain"])
def materialized(store, request):
    con, flows = store
    return con, Base.of(flows).materialize(con, encode=request.param)


@pytest.mark.parametrize("name", sorted(n for n in CASES if not n.startswith(("registry_", "composition", "top_"))))
def test_same_rows_from_a_materialized_base(materialized, name):
    """The same cases on one Base stored once (integer-encoded keys, or the names), shared by all."""
    con, base = materialized
    assert_same_rows(CASES[name](con, base), pd.read_parquet(FROZEN / f"{name}.parquet"))


def test_comparison_fails_on_a_changed_value():
    old = pd.read_parquet(FROZEN / "rca.parquet")
    bad = old.copy()
    bad.loc[bad.index[5], "rca"] *= 1 + 1e-8
    with pytest.raises(AssertionError):
        assert_same_rows(bad, old)
    with pytest.raises(AssertionError):
        assert_same_rows(old.iloc[1:], old)


def test_aggregate_grubel_lloyd_straight_from_flows(store, materialized):
    """The pair-once route (flows in) gives the rows of the product-level route of before."""
    old = pd.read_parquet(FROZEN / "grubel_lloyd_aggregate.parquet")
    con, flows = store
    assert_same_rows(con.to_pandas(sp.grubel_lloyd_aggregate(flows)), old)
    con, base = materialized
    assert_same_rows(con.to_pandas(sp.grubel_lloyd_aggregate(base)), old)
