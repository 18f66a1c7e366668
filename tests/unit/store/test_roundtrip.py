"""Property: a valid frame written to the store reads back identical (Hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebridge.sources.base import Extract, Provenance
from tradebridge.store import Store

codes = st.sampled_from(["KOR", "CHL", "COL", "MEX", "PER", "USA", "CHN"])
rows = st.lists(
    st.tuples(codes, codes, st.integers(1960, 2030), st.text("0123456789", min_size=6, max_size=6),
              st.floats(0, 1e12, allow_nan=False), st.one_of(st.none(), st.floats(0, 1e9, allow_nan=False))),
    min_size=1, max_size=40, unique_by=lambda r: (r[0], r[1], r[2], r[3]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_trade_flows_round_trip(tmp_path, data):
    frame = pd.DataFrame(data, columns=["exporter", "importer", "year", "product", "value_usd", "quantity"])
    frame.insert(0, "dataset", "prop")
    frame.insert(4, "classification", "HS17")
    frame["quantity_unit"] = frame["quantity"].map(lambda q: None if q is None or pd.isna(q) else "t")
    path = tmp_path / f"rt{abs(hash(str(data))) % 10**9}.duckdb"
    with Store.open(path, read_only=False) as store:
        store.write([Extract(Provenance("prop", "test", "CC0"), {"trade_flows": frame})])
        back = store.table("trade_flows", dataset="prop")
    key = ["exporter", "importer", "year", "product"]
    a = frame.sort_values(key).reset_index(drop=True)
    b = back.sort_values(key).reset_index(drop=True)
    assert a["product"].tolist() == b["product"].tolist()  # leading zeros kept
    assert a[key[:3]].astype(str).values.tolist() == b[key[:3]].astype(str).values.tolist()
    assert a["value_usd"].tolist() == b["value_usd"].tolist()
    assert a["quantity"].fillna(-1).tolist() == b["quantity"].fillna(-1).tolist()
