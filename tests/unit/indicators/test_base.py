"""The base-aggregate layer: encoding, filters on encoded keys, exports tables, DuckDB settings.

Values are compared with the plain (unencoded, lazy) route on small hand-made tables; exact equality
where the same sums are taken in the same order, else 1e-12 relative (float rounding only).
"""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from tradebridge.errors import ConfigError
from tradebridge.indicators import margins as mg
from tradebridge.indicators import specialisation as sp
from tradebridge.indicators.base import Base, indicator_settings


@pytest.fixture
def con():
    return ibis.duckdb.connect()


def _flows(con):
    df = pd.DataFrame({"exporter": ["KOR", "KOR", "CHL", "CHL", "PER", "KOR", "KOR"],
                       "importer": ["CHL", "PER", "KOR", "KOR", "KOR", "KOR", "CHL"],
                       "year": [2010] * 7, "product": ["010110", "851712", "010110", "260300", "851712", "010110",
                                                       "010110"],
                       "value_usd": [10.0, 5.0, 4.0, 6.0, 2.0, 99.0, 1.0]})  # a domestic row, a duplicate key
    return con.create_table("flows", ibis.memtable(df))


def test_encoded_keys_are_integers_and_names_come_back(con):
    b = Base.of(_flows(con)).encode(con)
    assert b.source.schema()["exporter"].is_integer() and b.source.schema()["product"].is_integer()
    assert b.source.count().execute() == 5  # domestic row dropped, duplicate KOR-CHL-010110 summed
    x = con.to_pandas(sp.exports_by_product(b.materialize(con, encode=False))).sort_values(["exporter", "product"])
    assert x.values.tolist() == [["CHL", 2010, "010110", 4.0], ["CHL", 2010, "260300", 6.0],
                                 ["KOR", 2010, "010110", 11.0], ["KOR", 2010, "851712", 5.0],
                                 ["PER", 2010, "851712", 2.0]]


def test_filters_on_encoded_keys_match_the_plain_route(con):
    f = _flows(con)
    enc = Base.of(f).materialize(con)
    for kw in ({"exporters": ["KOR"], "importers": ["CHL", "PER"]}, {"exporters": ["XXX"]}, {}):
        plain = con.to_pandas(mg.hummels_klenow(f, **kw)).sort_values(["exporter", "importer"])
        coded = con.to_pandas(mg.hummels_klenow(enc, **kw)).sort_values(["exporter", "importer"])
        pd.testing.assert_frame_equal(coded.reset_index(drop=True), plain.reset_index(drop=True), rtol=1e-12)
    assert con.to_pandas(mg.hummels_klenow(enc, exporters=["XXX"])).empty  # an unknown code: no rows


def test_an_exports_table_encodes_and_refuses_bilateral_indicators(con):
    w = con.create_table("w", ibis.memtable({"exporter": ["A", "A", "B", "B"], "year": [2000] * 4,
                                             "product": ["p1", "p2", "p1", "p2"],
                                             "value_usd": [30.0, 10.0, 20.0, 40.0]}))
    r = con.to_pandas(sp.rca(Base.of(w).materialize(con))).sort_values(["exporter", "product"])
    assert r.rca.round(12).tolist() == [1.5, 0.5, round(2 / 3, 12), round(4 / 3, 12)]  # (30/40)/(50/100) ...
    with pytest.raises(ConfigError, match="importer column"):
        sp.hhi_markets(w)


def test_indicator_settings_add_to_and_restore_the_connection_setting(con):
    raw = con.con
    raw.execute("SET disabled_optimizers = 'join_order'")
    with indicator_settings(con):
        inside = raw.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
    assert inside.split(",") == ["join_order", "partial_aggregate_pushdown"]
    assert raw.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == "join_order"
    with pytest.raises(RuntimeError), indicator_settings(con):
        raise RuntimeError("an indicator failed")
    assert raw.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == "join_order"


def test_indicator_settings_set_and_restore_the_other_settings(con):
    raw = con.con
    raw.execute("SET perfect_ht_threshold = 14")

    def now() -> tuple:
        return raw.execute("SELECT current_setting('preserve_insertion_order'), "
                           "current_setting('perfect_ht_threshold')").fetchone()

    with indicator_settings(con):
        assert now() == (False, 20)
    assert now() == (True, 14)


def test_indicator_settings_are_safe_across_threads(tmp_path):
    """Six threads computing at once on one database file (the dashboard's case): every run sees the
    settings, none fails reading back another's values or on a result the settings left open (ibis's
    memtable registration refuses to run then), and the originals are back after the last."""
    import threading

    import duckdb
    import ibis

    from tradebridge.indicators.base import SETTINGS, indicator_settings

    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    errors: list[BaseException] = []
    seen: list[str] = []
    barrier = threading.Barrier(6)

    def run() -> None:
        con = ibis.duckdb.from_connection(duckdb.connect(str(path)))
        try:
            barrier.wait()
            for _ in range(20):
                with indicator_settings(con):
                    seen.append(str(con.con.execute(
                        "SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]))
                    # an in-memory table is registered on the connection: no result may be left open
                    assert con.execute(ibis.memtable(pd.DataFrame({"a": [1, 2]})).a.sum()) == 3
        except BaseException as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert set(seen) == {"False"} and len(seen) == 120
    assert SETTINGS["preserve_insertion_order"] == "false"
    after = duckdb.connect(str(path))
    assert after.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0] is True
    assert after.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == ""


def test_a_second_connection_entering_leaves_no_open_result(tmp_path):
    """The second run on a database reads the instance's key and must fetch it completely: a result left
    open makes DuckDB refuse the in-memory table that ibis registers next (19 of 20 concurrent dashboard
    indicator requests failed with 'connection has an unfinished result')."""
    import duckdb
    import ibis

    from tradebridge.indicators.base import indicator_settings

    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    a = ibis.duckdb.from_connection(duckdb.connect(str(path)))
    b = ibis.duckdb.from_connection(duckdb.connect(str(path)))
    with indicator_settings(a), indicator_settings(b):
        assert b.execute(ibis.memtable(pd.DataFrame({"x": [1, 2, 3]})).x.sum()) == 6
