"""Hostile or damaged input files never lose rows silently, never half-write the store, and say what to fix.

One test per attack of issue 10. Each builds a raw folder in tmp_path (the real country table, copied,
and small files in the exact formats of the World Bank, Fed H.10, IMF IFS and penppml files with
made-up values), ingests it once, breaks one file, and checks that ingest refuses with a DataError
naming the file, the column and the lines, and that every table is exactly as before.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app
from tradebridge.errors import DataError, StoreError
from tradebridge.sources import files as files_mod
from tradebridge.sources import macro_files
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.fetched import write_fetched
from tradebridge.store import Store
from tradebridge.store import warehouse as warehouse_mod
from tradebridge.store.fetched_hook import fetched_extracts
from tradebridge.store.ingest import fingerprint, ingest

DATASETS = ["country_codes", "wb_gdp", "fred_h10", "imf_fx_annual", "comtrade_aggregate"]
PANEL = "trade/comtrade_aggregate_1964_2016.csv.gz"
PANEL_HEADER = ("exp,imp,time,export,id,agreement,ad_prov_14,cp_prov_23,tbt_prov_07,tbt_prov_33,tf_prov_41,"
                "tf_prov_45,env_prov_18,et_prov_38,inv_prov_22,ipr_prov_15,ipr_prov_44,lm_prov_10,moc_prov_21,"
                "ser_prov_47,ste_prov_30,cp_prov_26")
ZEROS = ",0.0" * 16
PANEL_ROWS = [f"KOR,CHL,2004,100.0,88.0,\"Korea, Republic of - Chile\"{ZEROS}",
              f"KOR,CHL,2008,250.5,88.0,\"Korea, Republic of - Chile\"{ZEROS}",
              f"KOR,MEX,2008,0.0,0.0,{ZEROS}"]
WB_HEADER = "Country Name,Country Code,Year,Value"
# 10 KOR + 5 CHL + 3 WLD rows are stored; the 2 EUU rows are a regional aggregate (dropped, counted)
WB_ROWS = ([f"\"Korea, Rep.\",KOR,{y},{1000 + y}.5" for y in range(2000, 2010)]
           + [f"Chile,CHL,{y},{500 + y}.25" for y in range(2000, 2005)]
           + [f"European Union,EUU,{y},9{y}" for y in (2000, 2001)]
           + [f"World,WLD,{y},7{y}" for y in (2000, 2001, 2002)])
FRED_HEADER = "Date,Country,Exchange rate"
FRED_ROWS = ([f"2008-{m:02d}-01,South Korea,{1000 + m}.5" for m in range(1, 13)]
             + [f"2008-{m:02d}-01,Mexico,{10 + m}.25" for m in range(1, 13)])
IMF_HEADER = "Date,Rate,Currency,Frequency,Source,Country code,Country"
IMF_ROWS = ([f"{y}-12-31,{1100 + y},KRW,A,IMF,KR,\"Korea, Republic of\"" for y in range(2000, 2006)]
            + [f"{y}-12-31,0.6{y},GBP,A,IMF,GB,United Kingdom" for y in (2000, 2001, 2002)]
            + ["2000-12-31,6.9,NAD,A,IMF,NA,Namibia",
               "2000-12-31,0.76,XDR,A,IMF,XDR,IMF Special Drawing Rights",
               "2000-12-31,710.0,XAF,A,IMF,5X,Central African Economic and Monetary Community (CEMAC)"])


def write(raw: Path, rel: str, header: str, rows: list[str], *, newline: bool = True) -> Path:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = ("\n".join([header, *rows]) + ("\n" if newline else "")).encode()
    path.write_bytes(gzip.compress(text, mtime=0) if rel.endswith(".gz") else text)
    return path


def make_raw(tmp_path: Path, raw_dir: Path) -> Path:
    """The raw folder of these tests (also used by test_kill9)."""
    folder = tmp_path / "raw"
    (folder / "classifications").mkdir(parents=True)
    shutil.copy(raw_dir / "classifications/country_codes.tsv", folder / "classifications/country_codes.tsv")
    write(folder, PANEL, PANEL_HEADER, PANEL_ROWS)
    write(folder, macro_files.WB_GDP, WB_HEADER, WB_ROWS)
    write(folder, macro_files.FRED, FRED_HEADER, FRED_ROWS)
    write(folder, macro_files.IMF, IMF_HEADER, IMF_ROWS)
    return folder


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path) -> tuple[Path, Path]:
    """The raw folder and its store, built once; each test gets copies."""
    folder = tmp_path_factory.mktemp("base")
    raw = make_raw(folder, raw_dir)
    ingest(folder / "s.duckdb", raw, datasets=DATASETS)
    return raw, folder / "s.duckdb"


@pytest.fixture()
def raw(tmp_path: Path, base: tuple[Path, Path]) -> Path:
    return Path(shutil.copytree(base[0], tmp_path / "raw"))


@pytest.fixture()
def store(raw: Path, tmp_path: Path, base: tuple[Path, Path]) -> Path:
    return Path(shutil.copy(base[1], tmp_path / "s.duckdb"))


def snapshot(path: Path) -> dict:
    """Everything stored: every table's rows, sorted, plus provenance."""
    with Store.open(path) as st:
        return {t: st.table(t).sort_values(list(st.table(t).columns)).reset_index(drop=True).to_csv()
                for t in st.tables()}


def macro(path: Path, dataset: str) -> pd.DataFrame:
    with Store.open(path) as st:
        return st.sql("SELECT country, year, month, value FROM macro WHERE dataset = ? ORDER BY 1, 2, 3", [dataset])


def test_every_row_is_stored_or_explained(store):
    wb = macro(store, "wb_gdp")
    assert len(wb) == 18 and wb["country"].value_counts().to_dict() == {"KOR": 10, "CHL": 5, "WLD": 3}
    with Store.open(store) as st:
        prov = st.sql("SELECT dataset, note FROM provenance WHERE table_name = 'macro'")
    notes = dict(zip(prov["dataset"], prov["note"], strict=True))
    assert notes["wb_gdp"] == "20 rows read, 18 stored; dropped: 2 World Bank regional/income aggregates"
    imf = macro(store, "imf_fx_annual")
    # GB and NA (Namibia, not a missing value) are kept; XDR and 5X are IMF areas, dropped and counted
    assert imf["country"].value_counts().to_dict() == {"KOR": 6, "GBR": 3, "NAM": 1}
    assert notes["imf_fx_annual"] == ("12 rows read, 10 stored; dropped: 2 IMF area codes that are not ISO "
                                      "alpha-2 (currency unions, SDR, former states)")
    assert len(macro(store, "fred_h10")) == 24
    assert notes["fred_h10"].endswith("24 rows read, 24 stored")


# attack -> (file, header, rows, words in the message, column, lines)
ATTACKS = {
    "header-only panel": (PANEL, PANEL_HEADER, [], "header but no data rows", None, None),
    "empty WB file": (macro_files.WB_GDP, "", [], "the file is empty", None, None),
    "swapped WB columns": (macro_files.WB_GDP, WB_HEADER,
                           [r.replace('"Korea, Rep.",KOR', "KOR,Korea") for r in WB_ROWS],
                           "unknown country code(s) ['Korea']", "Country Code", list(range(2, 12))),
    "Excel dates in FRED": (macro_files.FRED, FRED_HEADER,
                            [r.replace("2008-07-01", "39630") for r in FRED_ROWS],
                            "unreadable date(s) ['39630']", "Date", [8, 20]),
    "errors=coerce: non-numeric WB value": (macro_files.WB_GDP, WB_HEADER, [*WB_ROWS, "Peru,PER,2000,12x"],
                                            "non-numeric value(s) ['12x']", "Value", [22]),
    "empty WB year": (macro_files.WB_GDP, WB_HEADER, [*WB_ROWS, "Peru,PER,,12.0"], "empty year cell(s)",
                      "Year", [22]),
    "fractional WB year": (macro_files.WB_GDP, WB_HEADER, [*WB_ROWS, "Peru,PER,2008.7,12.0"],
                           "fractional year(s) ['2008.7']", "Year", [22]),
    "Inf WB value": (macro_files.WB_GDP, WB_HEADER, [*WB_ROWS, "Peru,PER,2008,inf"], "infinite value(s)",
                     "Value", [22]),
    "Inf panel export": (PANEL, PANEL_HEADER, [*PANEL_ROWS, f"KOR,PER,2008,Infinity,0.0,{ZEROS}"],
                         "infinite value(s)", "export", [5]),
    "unknown WB code": (macro_files.WB_GDP, WB_HEADER, [*WB_ROWS, "Atlantis,XYZ,2000,1.0"],
                        "unknown country code(s) ['XYZ']", "Country Code", [22]),
    "duplicate IMF keys": (macro_files.IMF, IMF_HEADER, [*IMF_ROWS, IMF_ROWS[1].replace("3101", "999")],
                           "duplicate keys (country, year)", "year", [3, 14]),
    "unknown FRED country": (macro_files.FRED, FRED_HEADER, [*FRED_ROWS, "2008-01-01,Atlantis,1.0"],
                             "unknown country name(s) ['Atlantis']", "Country", [26]),
    "zero FRED rate": (macro_files.FRED, FRED_HEADER, [*FRED_ROWS, "2009-01-01,Mexico,0"],
                       "zero exchange rate", "Exchange rate", [26]),
    "unknown IMF ISO2": (macro_files.IMF, IMF_HEADER, [*IMF_ROWS, "2000-12-31,1.0,XXX,A,IMF,QQ,Nowhere"],
                         "unknown ISO alpha-2 code(s) ['QQ']", "Country code", None),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_is_refused_and_store_unchanged(attack, raw, store):
    before = snapshot(store)
    rel, header, rows, words, column, lines = ATTACKS[attack]
    write(raw, rel, header, rows, newline=bool(header))
    with pytest.raises(DataError) as info:
        ingest(store, raw, datasets=DATASETS)
    err = info.value
    assert words in str(err)
    assert err.file and Path(rel).name.split(".")[0] in err.file
    assert "Fix:" in str(err)
    if column:
        assert err.column == column
    if lines:
        assert err.rows == lines
    assert snapshot(store) == before


def test_year_2000_0_is_year_2000(raw, store):
    write(raw, macro_files.WB_GDP, WB_HEADER, [r.replace(",2000,", ",2000.0,") for r in WB_ROWS])
    ingest(store, raw, datasets=DATASETS)
    wb = macro(store, "wb_gdp")
    assert len(wb) == 18 and (wb["year"] == 2000).sum() == 3  # KOR, CHL, WLD


def test_lower_case_iso3_is_upper_cased_and_counted(raw, store):
    """Korea's rows in lower case are kept (ISO 3166 codes are upper case; 'kor' is Korea), and counted."""
    write(raw, macro_files.WB_GDP, WB_HEADER, [r.replace(",KOR,", ",kor,") for r in WB_ROWS])
    ingest(store, raw, datasets=DATASETS)
    wb = macro(store, "wb_gdp")
    assert (wb["country"] == "KOR").sum() == 10 and len(wb) == 18
    with Store.open(store) as st:
        note = st.sql("SELECT note FROM provenance WHERE dataset = 'wb_gdp'")["note"][0]
    assert note.endswith("; 10 Country Code codes upper-cased or stripped")


def test_file_cut_mid_line_is_refused(raw, store):
    before = snapshot(store)
    path = write(raw, macro_files.WB_GDP, WB_HEADER, WB_ROWS[:6] + ['"Korea, Rep.",KOR'], newline=False)
    with pytest.raises(DataError, match="truncated or still being written") as info:
        ingest(store, raw, datasets=DATASETS)
    assert info.value.rows == [8] and path.name in info.value.file
    assert snapshot(store) == before


def test_file_cut_at_a_line_end_needs_allow_shrink(raw, store):
    before = snapshot(store)
    write(raw, macro_files.WB_GDP, WB_HEADER, WB_ROWS[:5])  # 5 of 18 rows: looks like a partial download
    with pytest.raises(DataError, match=r"wb_gdp would shrink from 18 to 5 rows .*--allow-shrink"):
        ingest(store, raw, datasets=DATASETS)
    assert snapshot(store) == before
    result = CliRunner().invoke(app, ["data", "ingest", "--raw", str(raw), "--store", str(store), "--json",
                                      "--allow-shrink", *[a for d in DATASETS for a in ("-d", d)]])
    assert result.exit_code == 0, result.output
    assert len(macro(store, "wb_gdp")) == 5
    assert '"wb_gdp": "5 rows read, 5 stored"' in result.output  # the JSON report carries each note


def test_small_fall_needs_no_flag(raw, store):
    write(raw, macro_files.WB_GDP, WB_HEADER, WB_ROWS[1:])  # 17 of 18 rows: -6%, under the 10% limit
    ingest(store, raw, datasets=DATASETS)
    assert len(macro(store, "wb_gdp")) == 17


def test_hash_is_of_the_bytes_parsed(raw, store, monkeypatch):
    """A file replaced between hashing and parsing: the stored rows and hash are both the first file's."""
    path = write(raw, macro_files.WB_GDP, WB_HEADER, WB_ROWS[:-1])
    first = fingerprint([path, raw / "classifications/country_codes.tsv"])  # wb_gdp reads both
    real = macro_files.read_wb

    def swap_then_read(*args, **kwargs):
        write(raw, macro_files.WB_GDP, WB_HEADER, [*WB_ROWS, "Peru,PER,2000,1.0"])  # the file changes now
        return real(*args, **kwargs)

    monkeypatch.setattr(macro_files, "read_wb", swap_then_read)
    ingest(store, raw, datasets=DATASETS)
    monkeypatch.undo()
    with Store.open(store) as st:
        sha = st.sql("SELECT sha256 FROM provenance WHERE dataset = 'wb_gdp'")["sha256"][0]
    assert sha == first
    assert len(macro(store, "wb_gdp")) == 17 and "PER" not in set(macro(store, "wb_gdp")["country"])
    ingest(store, raw, datasets=DATASETS)  # the new file has another hash: read now
    assert len(macro(store, "wb_gdp")) == 19


def test_sparse_2gb_file_is_refused_before_reading(raw, store):
    before = snapshot(store)
    path = raw / macro_files.WB_GDP
    with open(path, "r+b") as fh:
        fh.truncate(2 << 30)  # 2 GiB, sparse: costs no disk
    with pytest.raises(DataError, match=r"file is 2,048 MiB, over the limit of 256 MiB.*TRADEBRIDGE_MAX_FILE_MB"):
        ingest(store, raw, datasets=DATASETS)
    assert snapshot(store) == before


def test_gzip_bomb_is_refused_while_decompressing(raw, store, monkeypatch):
    before = snapshot(store)
    monkeypatch.setenv("TRADEBRIDGE_MAX_EXPANDED_MB", "2")
    body = (PANEL_HEADER + "\n").encode() + b" " * (8 << 20)  # 8 MiB of blanks: a ~8 KiB gzip
    (raw / PANEL).write_bytes(gzip.compress(body, mtime=0))
    assert (raw / PANEL).stat().st_size < 64 << 10
    with pytest.raises(DataError, match="decompresses to more than 2 MiB.*decompression bomb") as info:
        ingest(store, raw, datasets=DATASETS)
    assert "comtrade_aggregate" in info.value.file
    assert snapshot(store) == before


def test_bad_limit_setting_is_a_config_error(raw, store, monkeypatch):
    from tradebridge.errors import ConfigError

    monkeypatch.setenv("TRADEBRIDGE_MAX_FILE_MB", "lots")
    with pytest.raises(ConfigError, match="TRADEBRIDGE_MAX_FILE_MB"):
        ingest(store, raw, datasets=DATASETS, force=True)


def test_permission_error_is_a_clear_error(raw, store, monkeypatch):
    before = snapshot(store)
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path).endswith("wb_gdp_current_usd.csv"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files_mod, "open", deny, raising=False)
    with pytest.raises(DataError, match="permission denied.*chmod") as info:
        ingest(store, raw, datasets=DATASETS, force=True)
    assert "wb_gdp_current_usd.csv" in info.value.file
    assert snapshot(store) == before


def test_full_disk_rolls_back_with_a_clear_message(raw, store, monkeypatch):
    before = snapshot(store)

    def full(self, ex, tables, now):
        raise duckdb.IOException('IO Error: Could not write file "s.duckdb.wal": No space left on device')

    monkeypatch.setattr(Store, "_replace", full)
    with pytest.raises(StoreError, match="rolled back, nothing changed: the disk is full. Fix: free disk space"):
        ingest(store, raw, datasets=DATASETS, force=True)
    monkeypatch.undo()
    assert snapshot(store) == before


def test_new_store_in_an_unwritable_folder(raw, tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setattr(warehouse_mod.os, "access", lambda *a, **k: False)
    with pytest.raises(StoreError, match="permission denied. Fix: make the file and its folder writable") as info:
        ingest(folder / "new.duckdb", raw, datasets=DATASETS)
    assert "another process" not in str(info.value)
    assert list(folder.iterdir()) == []


def test_not_a_duckdb_file(raw, tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("my notes, not a warehouse\n" * 100)
    before = path.read_bytes()
    for read_only in (True, False):
        with pytest.raises(StoreError, match="not a DuckDB warehouse. Fix: pass the right --store") as info:
            Store.open(path, read_only=read_only)
        assert "another process" not in str(info.value)
    assert path.read_bytes() == before


def test_lock_held_by_another_process_is_named(store):
    code = "import duckdb, sys\ncon = duckdb.connect(sys.argv[1])\nprint('ready', flush=True)\nsys.stdin.readline()"
    holder = subprocess.Popen([sys.executable, "-c", code, str(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=rf"in use by process {holder.pid}\. Fix: wait"):
            Store.open(store)
    finally:
        holder.communicate("\n", timeout=30)


def test_status_fails_on_a_damaged_store(store, tmp_path):
    bad = tmp_path / "damaged.duckdb"
    shutil.copy(store, bad)
    size = bad.stat().st_size
    with open(bad, "r+b") as fh:  # scribble over every data block (DuckDB blocks: 256 KiB after 12 KiB of headers)
        for offset in range(12288 + 64, size, 256 << 10):
            fh.seek(offset)
            fh.write(b"\xff" * 512)
    result = CliRunner().invoke(app, ["data", "status", "--store", str(bad)])
    assert result.exit_code != 0
    assert isinstance(result.exception, StoreError)
    assert "damaged" in str(result.exception) and "rebuild" in str(result.exception)
    ok = CliRunner().invoke(app, ["data", "status", "--json", "--store", str(store)])
    assert ok.exit_code == 0, ok.output


FETCHED_BAD = {
    "unknown country": ({"country": "XXX"}, "unknown country code", "country"),
    "year out of range": ({"year": 1700}, "out of range", "year"),
    "infinite value": ({"value": float("inf")}, "infinite", "value"),
    "fractional year": ({"year": 2008.7}, "fractional", "year"),
}


@pytest.mark.parametrize("path", ["pandera", "sql"])
@pytest.mark.parametrize("case", list(FETCHED_BAD))
def test_fetched_parquet_gets_the_same_checks(case, path, raw, store, tmp_path, monkeypatch):
    """Small fetched tables are validated by the pandera schema; big ones by its SQL translation."""
    if path == "sql":
        monkeypatch.setattr(warehouse_mod, "PANDERA_MAX_ROWS", 0)
    before = snapshot(store)
    change, words, column = FETCHED_BAD[case]
    frame = pd.DataFrame({"country": ["KOR", "CHL"], "year": [2010.0, 2011.0], "month": [None, None],
                          "indicator": "fx_lcu_per_usd", "value": [1156.1, 510.2], "unit": "LCU per USD",
                          "dataset": "imf_er_annual"})
    for col, value in change.items():
        frame.loc[1, col] = value
    cache = tmp_path / "cache"
    write_fetched(Extract(Provenance("imf_er_annual", "made-up IMF-format values", "CC0"), {"macro": frame}),
                  cache / "fetched")
    with pytest.raises(DataError, match=words) as info:
        ingest(store, raw, datasets=DATASETS, extra=fetched_extracts(cache))
    assert info.value.column == column and info.value.rows == [2]
    assert snapshot(store) == before


@pytest.mark.parametrize("path", ["pandera", "sql"])
def test_good_fetched_parquet_is_stored(path, raw, store, tmp_path, monkeypatch):
    if path == "sql":
        monkeypatch.setattr(warehouse_mod, "PANDERA_MAX_ROWS", 0)
    frame = pd.DataFrame({"country": ["KOR", "CHL"], "year": [2010, 2011], "month": [None, None],
                          "indicator": "fx_lcu_per_usd", "value": [1156.1, 510.2], "unit": "LCU per USD",
                          "dataset": "imf_er_annual"})
    cache = tmp_path / "cache"
    write_fetched(Extract(Provenance("imf_er_annual", "made-up IMF-format values", "CC0"), {"macro": frame}),
                  cache / "fetched")
    report = ingest(store, raw, datasets=DATASETS, extra=fetched_extracts(cache))
    assert report.written == ("imf_er_annual",)
    got = macro(store, "imf_er_annual")
    assert got["country"].tolist() == ["CHL", "KOR"] and got["value"].tolist() == [510.2, 1156.1]


def test_fetched_table_changed_after_the_fetch(raw, store, tmp_path):
    frame = pd.DataFrame({"country": ["KOR", "CHL"], "year": [2010, 2011], "month": [None, None],
                          "indicator": "fx_lcu_per_usd", "value": [1156.1, 510.2], "unit": "LCU per USD",
                          "dataset": "imf_er_annual"})
    cache = tmp_path / "cache"
    folder = write_fetched(Extract(Provenance("imf_er_annual", "made-up IMF-format values", "CC0"),
                                   {"macro": frame}), cache / "fetched")
    frame.iloc[:1].to_parquet(folder / "macro.parquet", index=False)  # replaced by a shorter file
    with pytest.raises(DataError, match="1 rows, but provenance.json recorded 2 at fetch time"):
        fetched_extracts(cache)


@pytest.mark.parametrize(("error", "words"), [
    # DuckDB 2.0's own messages, and the OS errors behind a failed folder creation
    (duckdb.IOException('IO Error: Could not set lock on file "/srv/s.duckdb": Conflicting lock is held in '
                        "/usr/bin/python3 (PID 4242). See also https://duckdb.org/docs/current/connect/concurrency"),
     "in use by process 4242. Fix: wait"),
    (duckdb.IOException('IO Error: Cannot open file "/srv/s.duckdb": Read-only file system'),
     "the file system is read-only. Fix: pass --store PATH on a writable disk"),
    (duckdb.IOException('IO Error: Cannot open file "/srv/s.duckdb": Permission denied'),
     "permission denied. Fix: make the file and its folder"),
    (OSError(30, "Read-only file system"), "the file system is read-only"),
    (PermissionError(13, "Permission denied"), "permission denied"),
    (duckdb.IOException('IO Error: The file "/srv/s.duckdb" exists, but it is not a valid DuckDB database file!'),
     "not a DuckDB warehouse"),
    (duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2 in block 12288"),
     "the file is damaged"),
    (OSError(28, "No space left on device"), "the disk is full"),
])
def test_open_errors_say_which(error, words):
    msg = str(warehouse_mod.open_error(Path("/srv/s.duckdb"), error, read_only=False))
    assert words in msg and "Fix:" in msg
    assert ("another process" in msg or "in use by process" in msg) == ("Conflicting lock" in str(error))


# -- the same attacks on the real World Bank GDP file (copied into tmp_path, then broken) -----------------

@pytest.fixture()
def real_wb(tmp_path: Path, raw_dir: Path) -> tuple[Path, Path, list[str]]:
    folder = tmp_path / "real"
    (folder / "classifications").mkdir(parents=True)
    (folder / "macro").mkdir()
    shutil.copy(raw_dir / "classifications/country_codes.tsv", folder / "classifications/country_codes.tsv")
    lines = (raw_dir / macro_files.WB_GDP).read_text(encoding="utf-8").splitlines()
    (folder / macro_files.WB_GDP).write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "real.duckdb"
    ingest(store, folder, datasets=["country_codes", "wb_gdp"])
    return folder, store, lines


def test_real_wb_file_attacks(real_wb):
    folder, store, lines = real_wb
    assert len(macro(store, "wb_gdp")) == 11_274
    before = snapshot(store)
    path = folder / macro_files.WB_GDP

    def attempt(text: str, words: str) -> DataError:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataError, match=words) as info:
            ingest(store, folder, datasets=["country_codes", "wb_gdp"])
        assert snapshot(store) == before
        return info.value

    # swapped columns: every row's code is a country name (all 11,274 rows were lost silently before)
    swapped = [lines[0]] + [",".join([r.rsplit(",", 3)[1], '"' + r.rsplit(",", 3)[0].strip('"') + '"',
                                      *r.rsplit(",", 3)[2:]]) for r in lines[1:]]
    err = attempt("\n".join(swapped) + "\n", r"unknown country code\(s\)")
    assert err.column == "Country Code" and len(err.rows) > 10_000
    # a file still being written: cut in the middle of line 2,960
    cut = "\n".join(lines[:2960]) + "\n" + lines[2960][:12]
    err = attempt(cut, "truncated or still being written")
    assert err.rows == [2961]
    # the same file cut at a line end: 2,959 data lines, looks complete, but the dataset would shrink
    attempt("\n".join(lines[:2960]) + "\n", r"wb_gdp would shrink from 11,274 to \d[\d,]* rows")


def test_real_wb_file_lower_case_korea_is_kept(real_wb):
    folder, store, lines = real_wb
    path = folder / macro_files.WB_GDP
    path.write_text("\n".join(r.replace(",KOR,", ",kor,") for r in lines) + "\n", encoding="utf-8")
    ingest(store, folder, datasets=["country_codes", "wb_gdp"])
    wb = macro(store, "wb_gdp")
    assert len(wb) == 11_274 and (wb["country"] == "KOR").sum() == 64
    with Store.open(store) as st:
        note = st.sql("SELECT note FROM provenance WHERE dataset = 'wb_gdp'")["note"][0]
    assert note == ("13,979 rows read, 11,274 stored; dropped: 2,705 World Bank regional/income aggregates; "
                    "64 Country Code codes upper-cased or stripped")


def test_unexpected_error_during_write_is_rolled_back(raw, store, monkeypatch):
    before = snapshot(store)

    def boom(self, ex, tables, now):
        raise ValueError("cannot cast")

    monkeypatch.setattr(Store, "_replace", boom)
    with pytest.raises(StoreError, match="rolled back, nothing changed: cannot cast"):
        ingest(store, raw, datasets=DATASETS, force=True)
    monkeypatch.undo()
    assert snapshot(store) == before
