"""The raw-file readers on the real reference files: every row is stored or dropped for a stated reason
(the counts below are the files' own, checked by hand with pandas), and the building blocks refuse what
they cannot read instead of coercing it to missing and dropping it.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradebridge.errors import DataError
from tradebridge.sources import macro_files
from tradebridge.sources.countries import known_codes, read_country_table
from tradebridge.sources.files import (
    Limits,
    RowLedger,
    expand,
    file_sha256,
    normalise_codes,
    read_bytes,
    read_table,
    snapshot,
    to_date,
    to_number,
    to_year,
)


@pytest.fixture(scope="module")
def countries(raw_dir: Path) -> pd.DataFrame:
    return read_country_table(raw_dir)


def test_world_bank_files_every_row_accounted(raw_dir, countries):
    known = known_codes(countries)
    gdp = macro_files.read_wb(raw_dir, known, macro_files.WB_GDP, "gdp_usd", "current USD", "wb_gdp")
    # 13,979 lines = 11,274 stored + 2,705 aggregate rows (48 WB aggregate codes; WLD and EMU kept)
    assert gdp.rows == 11_274
    assert gdp.provenance.note == "13,979 rows read, 11,274 stored; dropped: 2,705 World Bank regional/income aggregates"
    pop = macro_files.read_wb(raw_dir, known, macro_files.WB_POP, "population", "persons", "wb_population")
    assert pop.provenance.note == "17,195 rows read, 14,205 stored; dropped: 2,990 World Bank regional/income aggregates"
    kor = gdp.tables["macro"].query("country == 'KOR'")
    assert len(kor) == 64 and kor["year"].min() == 1960  # Korea's 64 years, none lost


def test_imf_fx_keeps_uk_greece_namibia(raw_dir, countries):
    ex = macro_files.read_imf_fx(raw_dir, countries)
    counts = ex.tables["macro"]["country"].value_counts()
    # the file has GB 75, GR 51, NA 63 rows; earlier readers lost them (ISO2 table gaps, NA read as missing)
    assert (counts["GBR"], counts["GRC"], counts["NAM"]) == (75, 51, 63)
    assert ex.provenance.note == ("14,107 rows read, 13,605 stored; dropped: 502 IMF area codes that are not "
                                  "ISO alpha-2 (currency unions, SDR, former states)")
    kor = ex.tables["macro"].query("country == 'KOR' and year == 2024")["value"]
    assert kor.tolist() == [1363.375]  # the file's 2024-12-31 KRW rate


def test_fred_and_pwt_every_row_accounted(raw_dir):
    fred = macro_files.read_fred_h10(raw_dir)
    assert fred.rows == 17_237 and fred.provenance.note.endswith("17,237 rows read, 17,237 stored")
    pwt = macro_files.read_pwt(raw_dir)
    # 12,810 country-years x 15 variables = 192,150 cells; 45,222 are empty in PWT 10.01
    assert pwt.rows == 146_928
    assert "192,150 rows read, 146,928 stored; dropped: 45,222 empty cells" in pwt.provenance.note


def test_read_table_refuses_empty_and_header_only(tmp_path):
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="the file is empty"):
        read_table(empty, required=["a"])
    header = tmp_path / "h.csv.gz"
    header.write_bytes(gzip.compress(b"a,b\n"))
    with pytest.raises(DataError, match="header but no data rows.*wipe"):
        read_table(header, required=["a"])
    assert read_table(header, required=["a"], allow_empty=True).empty


def test_read_table_refuses_a_cut_last_line_but_not_a_missing_newline(tmp_path):
    ok = tmp_path / "ok.csv"
    ok.write_text("a,b,c\n1,2,3")  # the real WB GDP file ends like this: complete, no final newline
    assert read_table(ok, required=["a"]).shape == (1, 3)
    cut = tmp_path / "cut.csv"
    cut.write_text("a,b,c\n1,2,3\n4,5")
    with pytest.raises(DataError, match="2 of 3 fields: the file is truncated") as info:
        read_table(cut, required=["a"])
    assert info.value.rows == [3]


def test_size_limits(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    big.write_bytes(b"a\n" + b"1\n" * (600 << 10))  # 1.2 MiB
    monkeypatch.setenv("TRADEBRIDGE_MAX_FILE_MB", "1")
    with pytest.raises(DataError, match="over the limit of 1 MiB"):
        read_bytes(big)
    monkeypatch.setenv("TRADEBRIDGE_MAX_FILE_MB", "2")
    assert len(read_bytes(big)) == big.stat().st_size
    bomb = gzip.compress(b"0" * (3 << 20))
    with pytest.raises(DataError, match="decompression bomb"):
        expand(bomb, "bomb.gz", Limits(max_expanded_bytes=2 << 20))
    assert len(expand(bomb, "bomb.gz", Limits(max_expanded_bytes=4 << 20))) == 3 << 20


def test_snapshot_serves_the_first_bytes(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n")
    with snapshot():
        sha = file_sha256(path)
        path.write_text("a\n2\n3\n")  # replaced after hashing
        assert read_table(path, required=["a"])["a"].tolist() == ["1"]
        assert file_sha256(path) == sha
    assert read_table(path, required=["a"])["a"].tolist() == ["2", "3"]  # outside: the file as it is now


def test_numbers_years_dates_are_strict():
    frame = pd.DataFrame({"v": ["1.5", "inf", "2"], "y": ["2000", "2000.0", "2008.7"], "d": ["2008-07-01", "39630", ""]})
    with pytest.raises(DataError, match="infinite") as info:
        to_number(frame, "v", file="f")
    assert info.value.rows == [3]
    with pytest.raises(DataError, match=r"fractional year\(s\) \['2008.7'\]") as info:
        to_year(frame, "y", file="f")
    assert info.value.rows == [4]
    assert to_year(frame.iloc[:2], "y", file="f").tolist() == [2000, 2000]
    with pytest.raises(DataError, match="empty year"):
        to_year(pd.DataFrame({"y": ["2000", None]}), "y", file="f")
    with pytest.raises(DataError, match=r"unreadable date\(s\) \['39630'\].*spreadsheet") as info:
        to_date(frame, "d", file="f", fmt="%Y-%m-%d", example="2008-07-01", allow_empty=True)
    assert info.value.rows == [3]
    with pytest.raises(DataError, match="empty date"):
        to_date(frame.iloc[[0, 2]], "d", file="f", fmt="%Y-%m-%d", example="2008-07-01")


def test_normalise_codes_counts_changes():
    frame = pd.DataFrame({"c": ["kor", "KOR", " chl", "Korea"]})
    led = RowLedger("f", frame)
    assert normalise_codes(frame, "c", led, valid={"KOR", "CHL"}).tolist() == ["KOR", "KOR", "CHL", "Korea"]
    assert led.changed == {"c codes upper-cased or stripped": 2}


@given(st.lists(st.booleans(), min_size=1, max_size=40), st.integers(-3, 3))
def test_ledger_refuses_any_unexplained_difference(drops, error):
    frame = pd.DataFrame({"x": range(len(drops))})
    led = RowLedger("f.csv", frame)
    kept = led.drop(frame, pd.Series(drops), "out of scope")
    out = len(kept) + error
    if error == 0 and len(kept) > 0:
        led.check(out)
        assert led.note().startswith(f"{len(drops):,} rows read, {len(kept):,} stored")
    else:
        with pytest.raises(DataError):
            led.check(max(out, 0) if error else out)


def test_fred_excel_dates_are_refused_not_dropped(raw_dir, tmp_path):
    """The issue's attack: Korea's dates saved by a spreadsheet as serial days (543 rows were lost)."""
    lines = (raw_dir / macro_files.FRED).read_text(encoding="utf-8").splitlines()
    epoch = pd.Timestamp("1899-12-30")  # Excel's day 0
    out = []
    for line in lines:
        date, country, rate = line.split(",")
        if country == "South Korea":
            date = str((pd.Timestamp(date) - epoch).days)
        out.append(f"{date},{country},{rate}")
    (tmp_path / "macro").mkdir()
    (tmp_path / macro_files.FRED).write_text("\n".join(out) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"unreadable date\(s\) \['29677'") as info:  # 1981-04-01
        macro_files.read_fred_h10(tmp_path)
    assert info.value.column == "Date" and len(info.value.rows) == 543
