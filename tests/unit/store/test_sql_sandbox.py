"""``data sql`` runs one SELECT on a read-only, sandboxed connection: it writes no file, reads no file
outside the warehouse, cannot change its own settings, and stops at a row and a time limit.

The warehouse is a small one built here (made-up values); the store file must be byte-identical after
every attempt.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app
from tradebridge.errors import ConfigError, StoreError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.store import Store
from tradebridge.store.sandbox import SANDBOX_CONFIG, check_statement, run_sql


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    flows = pd.DataFrame({"dataset": "demo", "exporter": ["KOR"] * 25, "importer": ["CHL"] * 25,
                          "year": list(range(1990, 2015)), "classification": "TOTAL", "product": "TOTAL",
                          "value_usd": [float(i) for i in range(25)], "quantity": float("nan"),
                          "quantity_unit": None})
    with Store.open(path, read_only=False) as st:
        st.write([Extract(Provenance("demo", "made-up values", "CC0"), {"trade_flows": flows})])
    return path


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.csv"
    path.parent.mkdir()
    path.write_text("token\nTOP-SECRET-1234\n")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_select_works_and_rows_are_limited(store):
    before = digest(store)
    res = run_sql(store, "SELECT year, value_usd FROM trade_flows ORDER BY year", limit=10)
    assert res.frame["year"].tolist() == list(range(1990, 2000))
    assert res.truncated
    full = run_sql(store, "WITH t AS (SELECT * FROM trade_flows) SELECT count(*) AS n FROM t")
    assert full.frame["n"].tolist() == [25] and not full.truncated
    assert digest(store) == before


def test_copy_writes_nothing(store, tmp_path):
    before = digest(store)
    target = tmp_path / "x.csv"
    for query in (f"COPY (SELECT 1) TO '{target}'", f"COPY trade_flows TO '{target}'",
                  f"EXPORT DATABASE '{tmp_path / 'dump'}'"):
        with pytest.raises(StoreError, match="only a single SELECT"):
            run_sql(store, query)
    assert not target.exists() and not (tmp_path / "dump").exists()
    assert digest(store) == before


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_text('{secret}')",
    "SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM read_csv_auto('{secret}')",
    "SELECT * FROM glob('{dir}/*')",
    "SELECT * FROM '{secret}'",
    "SELECT * FROM read_parquet('{dir}/*.parquet')",
])
def test_files_outside_cannot_be_read(store, secret, query):
    before = digest(store)
    with pytest.raises(StoreError) as info:
        run_sql(store, query.format(secret=secret, dir=secret.parent))
    assert "TOP-SECRET" not in str(info.value)
    assert "cannot read or write files" in str(info.value) or "SQL failed" in str(info.value)
    assert digest(store) == before


@pytest.mark.parametrize("query, kind", [
    ("ATTACH 'other.duckdb' AS o", "ATTACH"),
    ("INSTALL httpfs", "LOAD"),
    ("LOAD httpfs", "LOAD"),
    ("PRAGMA enable_profiling", "PRAGMA"),
    ("SET enable_external_access = true", "SET"),
    ("DELETE FROM trade_flows", "DELETE"),
    ("CREATE TABLE x AS SELECT 1", "CREATE"),
    ("CALL pragma_version()", "CALL"),
])
def test_only_select_is_allowed(store, query, kind):
    before = digest(store)
    with pytest.raises(StoreError, match=rf"read-only: only a single SELECT query is allowed \(got {kind}"):
        run_sql(store, query)
    assert digest(store) == before


def test_several_statements_are_refused(store):
    with pytest.raises(StoreError, match="exactly one SQL statement"):
        check_statement("SELECT 1; COPY (SELECT 1) TO 'x.csv'")


def test_configuration_is_locked(store):
    """Even a statement that got past the allow-list could not re-enable file access."""
    con = duckdb.connect(str(store), read_only=True, config=dict(SANDBOX_CONFIG))
    try:
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
    finally:
        con.close()


def test_long_query_is_interrupted(store):
    # 10^12 rows would take hours; the limit stops it (the assertion is on the outcome, not the time)
    with pytest.raises(StoreError, match="ran longer than 0.3 s"):
        run_sql(store, "SELECT count(*) FROM range(1000000000000)", timeout=0.3)


def test_bad_limits_are_config_errors(store):
    with pytest.raises(ConfigError, match="--limit"):
        run_sql(store, "SELECT 1", limit=0)
    with pytest.raises(ConfigError, match="--timeout"):
        run_sql(store, "SELECT 1", timeout=-1)


def test_cli_limit_and_refusal(store, tmp_path):
    before = digest(store)
    ok = CliRunner().invoke(app, ["data", "sql", "SELECT year FROM trade_flows ORDER BY year", "--json",
                                  "--limit", "3", "--store", str(store)])
    assert ok.exit_code == 0, ok.output
    assert '"year": 1992' in ok.output and '"year": 1993' not in ok.output
    bad = CliRunner().invoke(app, ["data", "sql", f"COPY trade_flows TO '{tmp_path / 'y.csv'}'",
                                   "--store", str(store)])
    assert bad.exit_code != 0
    assert not (tmp_path / "y.csv").exists()
    assert digest(store) == before
