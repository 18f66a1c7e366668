"""The session cache of base aggregates (:mod:`tradebridge.indicators.session`).

On the frozen panel with a provenance table (so the connection is a warehouse with a version): the
first call of an indicator runs on a lazy Base, the second materializes the Base with encoded keys,
the third reuses it; all three give the same rows as the frozen results' registry cases (test_frozen_outputs' comparison: floats
within 1e-9 relative, the same sums in another order). A new
store version (a provenance row written) starts a new entry. About 10 s.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from frozen_cases import DATASET, backend
from test_frozen_outputs import assert_same_rows

from tradebridge.indicators import session
from tradebridge.indicators.registry import ON_BASE, compute_indicator
from tradebridge.schemas import PROVENANCE_COLUMNS

FROZEN = Path(__file__).parents[2] / "fixtures" / "indicators_frozen"


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
