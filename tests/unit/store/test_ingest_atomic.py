"""Ingest is idempotent, replaces a changed dataset whole, and never half-writes the store.

The raw folder here is built in a temporary directory: the real country table (copied) and a small
Comtrade-aggregate panel in the penppml file's exact format with made-up values.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app
from tradebridge.errors import DataError, StoreError
from tradebridge.store import Store
from tradebridge.store.ingest import ingest

PANEL = "trade/comtrade_aggregate_1964_2016.csv.gz"
HEADER = ("exp,imp,time,export,id,agreement,ad_prov_14,cp_prov_23,tbt_prov_07,tbt_prov_33,tf_prov_41,tf_prov_45,"
          "env_prov_18,et_prov_38,inv_prov_22,ipr_prov_15,ipr_prov_44,lm_prov_10,moc_prov_21,ser_prov_47,"
          "ste_prov_30,cp_prov_26")
ZEROS = ",0.0" * 16
DATASETS = ["country_codes", "comtrade_aggregate"]


def _row(exp: str, imp: str, year: int, value: str, aid: str = "0.0", name: str = "") -> str:
    return f"{exp},{imp},{year},{value},{aid},{name}{ZEROS}"


GOOD = [_row("KOR", "CHL", 2004, "100.0", "88.0", '"Korea, Republic of - Chile"'),
        _row("KOR", "CHL", 2008, "250.5", "88.0", '"Korea, Republic of - Chile"'),
        _row("CHL", "KOR", 2008, "300.0", "88.0", '"Korea, Republic of - Chile"'),
        _row("KOR", "MEX", 2008, "0.0")]


def write_panel(raw: Path, lines: list[str], *, header: str = HEADER, encoding: str = "utf-8") -> None:
    path = raw / PANEL
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb") as fh:
        fh.write(("\n".join([header, *lines]) + "\n").encode(encoding))


@pytest.fixture()
def raw(tmp_path: Path, raw_dir: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "classifications").mkdir(parents=True)
    shutil.copy(raw_dir / "classifications/country_codes.tsv", folder / "classifications/country_codes.tsv")
    write_panel(folder, GOOD)
    return folder


def snapshot(path: Path) -> dict:
    """Everything stored: every table's rows, sorted, plus provenance."""
    with Store.open(path) as st:
        return {t: st.table(t).sort_values(list(st.table(t).columns)).reset_index(drop=True).to_csv()
                for t in st.tables()}


def test_ingest_twice_changes_nothing(raw, tmp_path):
    store = tmp_path / "s.duckdb"
    first = ingest(store, raw, datasets=DATASETS)
    assert set(first.written) == set(DATASETS)
    assert first.rows["comtrade_aggregate"] == 4 + 3 + 1 + 2  # flows + rta rows + agreement + 2 members
    before = snapshot(store)
    again = ingest(store, raw, datasets=DATASETS)
    assert again.written == () and set(again.unchanged) == set(DATASETS)
    assert snapshot(store) == before


def test_changed_file_replaces_its_dataset(raw, tmp_path):
    store = tmp_path / "s.duckdb"
    ingest(store, raw, datasets=DATASETS)
    write_panel(raw, GOOD[:2])  # two rows fewer: a 50% shrink needs allow_shrink
    with pytest.raises(DataError, match="would shrink from 10 to 7 rows"):
        ingest(store, raw, datasets=DATASETS)
    report = ingest(store, raw, datasets=DATASETS, allow_shrink=True)
    assert report.written == ("comtrade_aggregate",)
    with Store.open(store) as st:
        flows = st.table("trade_flows", dataset="comtrade_aggregate")
        assert sorted(flows["value_usd"]) == [100.0, 250.5]
        assert st.status()[[r["dataset"] for r in st.status()].index("comtrade_aggregate")]["rows"] == 2


BAD_CASES = {
    "missing column": ({"header": HEADER.replace("export,", "exports,")}, GOOD, "export", "missing column"),
    "non-numeric": ({}, [*GOOD, _row("KOR", "PER", 2008, "12x")], "export", "non-numeric"),
    "negative": ({}, [*GOOD, _row("KOR", "PER", 2008, "-5.0")], "export", "negative"),
    "unknown country": ({}, [*GOOD, _row("KOR", "XXX", 2008, "5.0")], "imp", "unknown country code"),
    "duplicate keys": ({}, [*GOOD, _row("KOR", "CHL", 2008, "1.0")], "time", "duplicate keys"),
    "wrong delimiter": ({"header": HEADER.replace(",", ";")}, [r.replace(",", ";") for r in GOOD], None,
                        "delimited by ';'"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input_is_named_and_leaves_store_untouched(case, raw, tmp_path):
    store = tmp_path / "s.duckdb"
    ingest(store, raw, datasets=DATASETS)
    before = snapshot(store)
    kwargs, lines, column, words = BAD_CASES[case]
    write_panel(raw, lines, **kwargs)
    with pytest.raises(DataError) as info:
        ingest(store, raw, datasets=DATASETS)
    err = info.value
    assert words in str(err)
    assert err.file and "comtrade_aggregate_1964_2016" in err.file
    if column:
        assert err.column == column
    if case in {"non-numeric", "negative", "unknown country"}:
        assert err.rows == [len(GOOD) + 2]  # the offending line of the file (header is line 1)
    if case == "duplicate keys":
        assert set(err.rows) == {3, 6}  # lines of the two KOR->CHL 2008 rows
    assert snapshot(store) == before


def test_wrong_encoding_and_truncated_gzip(raw, tmp_path):
    store = tmp_path / "s.duckdb"
    ingest(store, raw, datasets=DATASETS)
    before = snapshot(store)
    write_panel(raw, [*GOOD, _row("KOR", "CHL", 2012, "1.0", "88.0", '"Corée - Chili"')], encoding="latin-1")
    with pytest.raises(DataError, match="not utf-8"):
        ingest(store, raw, datasets=DATASETS)
    write_panel(raw, GOOD)
    data = (raw / PANEL).read_bytes()
    (raw / PANEL).write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="truncated or corrupt"):
        ingest(store, raw, datasets=DATASETS)
    assert snapshot(store) == before


def test_failure_during_write_rolls_back(raw, tmp_path, monkeypatch):
    store = tmp_path / "s.duckdb"
    ingest(store, raw, datasets=DATASETS)
    before = snapshot(store)
    write_panel(raw, GOOD[:3])
    original = Store._replace
    calls = {"n": 0}

    def failing(self, ex, tables, now):
        calls["n"] += 1
        original(self, ex, tables, now)  # rows are deleted and inserted, then the disk "fails"
        raise OSError("disk full")

    monkeypatch.setattr(Store, "_replace", failing)
    with pytest.raises(StoreError, match="rolled back"):
        ingest(store, raw, datasets=DATASETS, force=True, allow_shrink=True)
    assert calls["n"] == 1
    assert snapshot(store) == before


def test_cli_reports_bad_input_and_exits_nonzero(raw, tmp_path):
    store = tmp_path / "s.duckdb"
    write_panel(raw, [*GOOD, _row("KOR", "PER", 2008, "-5.0")])
    from tradebridge.cli.main import run  # noqa: F401  (the entry point wraps errors the same way)

    result = CliRunner().invoke(app, ["data", "ingest", "--raw", str(raw), "--store", str(store),
                                      "-d", "country_codes", "-d", "comtrade_aggregate"])
    assert result.exit_code != 0
    assert isinstance(result.exception, DataError)
    assert "negative value" in str(result.exception) and "export" in str(result.exception)
    assert not store.exists() or snapshot(store).get("trade_flows", "").count("\n") <= 1


def test_data_sql_is_read_only(raw, tmp_path):
    store = tmp_path / "s.duckdb"
    ingest(store, raw, datasets=DATASETS)
    ok = CliRunner().invoke(app, ["data", "sql", "SELECT count(*) AS n FROM trade_flows", "--json",
                                  "--store", str(store)])
    assert ok.exit_code == 0 and '"n": 4' in ok.output
    bad = CliRunner().invoke(app, ["data", "sql", "DELETE FROM trade_flows", "--store", str(store)])
    assert bad.exit_code != 0
    assert isinstance(bad.exception, StoreError) and "read-only" in str(bad.exception).lower()
    assert len(pd.read_csv(__import__("io").StringIO(snapshot(store)["trade_flows"]))) == 4
