"""The session cache of base aggregates (:mod:`tradebridge.indicators.session`).

On the frozen panel with a provenance table (so the connection is a warehouse with a version): the
first call of an indicator runs on a lazy Base, the second materializes the Base with encoded keys,
the third reuses it; all three give the same rows as the frozen results' registry cases (test_frozen_outputs' comparison: floats
within 1e-9 relative, the same sums in another order). A new
store version (a provenance row written) starts a new entry. About 10 s.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from frozen_cases import DATASET, backend
from test_frozen_outputs import assert_same_rows

from tradebridge.indicators import session
from tradebridge.indicators.registry import ON_BASE, compute_indicator
from tradebridge.schemas import PROVENANCE_COLUMNS

FROZEN = Path(__file__).parents[2] / "fixtures" / "indicators_frozen"


def _panel() -> pd.DataFrame:
    """The frozen panel with its duplicate keys summed (the store refuses duplicates; the indicators
    sum them, so the frozen rows are the same)."""
    df = pd.read_parquet(FROZEN / "panel.parquet")
    df = df.groupby(["dataset", "exporter", "importer", "year", "classification", "product"], as_index=False,
                    sort=False).value_usd.sum()
    return df.assign(quantity=float("nan"), quantity_unit=None)


@pytest.fixture
def con():
    session.clear()
    c, _ = backend(pd.read_parquet(FROZEN / "panel.parquet"))
    cols = ", ".join(f"{n} {'BIGINT' if n == 'rows' else 'VARCHAR'}" for n in PROVENANCE_COLUMNS)
    c.con.execute(f"CREATE TABLE provenance ({cols})")
    c.con.execute("INSERT INTO provenance (dataset, table_name, sha256, rows, tradebridge_version) "
                  "VALUES (?, 'trade_flows', 'abc', 1, 'test')", [DATASET])
    yield c
    session.clear()


def _entry():
    (entry,) = session._CACHE.values()
    return entry


@pytest.mark.parametrize("name", sorted(ON_BASE))
def test_repeated_calls_reuse_one_materialized_base_with_the_frozen_rows(con, name):
    frozen = pd.read_parquet(FROZEN / f"registry_{name}.parquet")
    frames = []
    for i in range(3):
        frames.append(compute_indicator(con, name, "KOR", "PA", dataset=DATASET).frame)
        entry = _entry()
        assert entry.requests == i + 1
        assert (entry.base is None) == (i == 0)  # lazy first, materialized from the second call on
    assert entry.base.codes is not None  # the cached Base carries integer-encoded keys
    for f in frames:
        assert_same_rows(f, frozen)


def test_indicators_share_the_entry_and_a_new_version_starts_afresh(con):
    compute_indicator(con, "hhi_products", "KOR", "PA", dataset=DATASET)
    compute_indicator(con, "margins", "KOR", "PA", dataset=DATASET)  # same flows: the same entry
    assert _entry().base is not None
    con.con.execute("UPDATE provenance SET sha256 = 'def'")  # what a write does to the version
    compute_indicator(con, "margins", "KOR", "PA", dataset=DATASET)
    assert len(session._CACHE) == 2 and list(session._CACHE.values())[-1].base is None
    other = compute_indicator(con, "margins", "KOR", "PA", dataset=DATASET, level="HS4")  # another key
    assert len(session._CACHE) == 3 and not other.frame.empty


def test_the_composition_does_not_touch_the_cache(con):
    compute_indicator(con, "composition_sector", "KOR", "PA", dataset=DATASET)
    compute_indicator(con, "composition_sector", "KOR", "PA", dataset=DATASET)
    assert not session._CACHE


@pytest.fixture
def warehouse(tmp_path):
    """The frozen panel written through Store.write (so trade_flows_keyed is written at ingest)."""
    from tradebridge.sources.base import Extract, Provenance
    from tradebridge.store import Store

    session.clear()
    path = tmp_path / "w.duckdb"
    with Store.open(path, read_only=False) as st:
        st.write([Extract(Provenance(DATASET, "seeded panel (test)", "CC0"),
                          {"trade_flows": _panel()})])
    yield path
    session.clear()


def test_ingest_writes_keyed_flows_that_decode_to_trade_flows(warehouse):
    from tradebridge.store import Store

    with Store.open(warehouse) as st:
        plain = st.sql("SELECT exporter, importer, year, product, value_usd FROM trade_flows")
        back = st.sql("SELECT e.code AS exporter, i.code AS importer, k.year, p.code AS product, k.value_usd "
                      "FROM trade_flows_keyed k JOIN country_keys e ON k.exporter = e.id "
                      "JOIN country_keys i ON k.importer = i.id JOIN product_keys p ON k.product = p.id")
        keys = ["exporter", "importer", "year", "product"]
        assert len(back) == len(plain) > 0
        pd.testing.assert_frame_equal(back.sort_values(keys).reset_index(drop=True),
                                      plain.sort_values(keys).reset_index(drop=True), check_dtype=False)
        assert st.sql("SELECT value FROM store_meta WHERE key = ?", [f"keyed:{DATASET}"]).value.tolist() == [
            str(len(plain))]


def test_a_rewrite_replaces_the_keyed_rows_and_keeps_the_ids(warehouse):
    from tradebridge.sources.base import Extract, Provenance
    from tradebridge.store import Store

    df = _panel()
    with Store.open(warehouse) as st:
        ids = st.sql("SELECT code, id FROM country_keys ORDER BY code")
    with Store.open(warehouse, read_only=False) as st:
        st.write([Extract(Provenance(DATASET, "seeded panel (test), revised", "CC0"),
                          {"trade_flows": df.iloc[: len(df) // 2].assign(value_usd=lambda d: d.value_usd * 2)})])
        assert st.sql("SELECT count(*) AS n FROM trade_flows_keyed").n.item() == len(df) // 2
        assert st.sql("SELECT sum(value_usd) AS v FROM trade_flows_keyed").v.item() == pytest.approx(
            2 * df.value_usd.iloc[: len(df) // 2].sum(), rel=1e-12)
        pd.testing.assert_frame_equal(st.sql("SELECT code, id FROM country_keys ORDER BY code"), ids)


def test_the_keyed_flows_are_stored_in_year_exporter_importer_product_order(tmp_path):
    """Whatever the order of the input rows (here a seeded shuffle), the keyed flows are written in
    (year, exporter, importer, product) order: storage position (rowid) follows the keys."""
    from tradebridge.sources.base import Extract, Provenance
    from tradebridge.store import Store

    df = _panel()
    df = df.iloc[np.random.default_rng(3).permutation(len(df))].reset_index(drop=True)
    keys = ["year", "exporter", "importer", "product"]
    assert not df[keys].apply(tuple, axis=1).is_monotonic_increasing  # the input really is out of order
    with Store.open(tmp_path / "w.duckdb", read_only=False) as st:
        st.write([Extract(Provenance(DATASET, "seeded panel (test), shuffled", "CC0"), {"trade_flows": df})])
    with Store.open(tmp_path / "w.duckdb") as st:
        stored = st.sql("SELECT year, exporter, importer, product FROM trade_flows_keyed ORDER BY rowid")
    assert len(stored) == len(df)
    assert stored.apply(tuple, axis=1).is_monotonic_increasing


@pytest.mark.parametrize("name", ["hhi_products", "margins", "similarity"])
def test_the_store_keyed_flows_give_the_frozen_rows_without_a_copy(warehouse, name):
    from tradebridge.store import Store

    frozen = pd.read_parquet(FROZEN / f"registry_{name}.parquet")
    with Store.open(warehouse) as st:
        for _ in range(3):
            assert_same_rows(compute_indicator(st.ibis(), name, "KOR", "PA", dataset=DATASET).frame, frozen)
        (key,) = session._CACHE
        assert "keyed" in key and session._CACHE[key].base is not None
        temp = st.sql("SELECT table_name FROM duckdb_tables() WHERE temporary").table_name.tolist()
        assert temp and not [t for t in temp if t.endswith(("_flows", "_countries", "_products"))]  # aggregates only
