"""CEPII BACI zips (exact layout, made-up values): streaming to Parquet, codes, units, bad files."""

from __future__ import annotations

import math
import zipfile

import httpx
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.errors import ConfigError, DataError, SourceError
from tradebridge.sources.baci import baci_to_parquet, baci_url, fetch_baci, read_baci
from tradebridge.sources.http import HttpClient

from .baci_fake import COUNTRIES_V2023, write_baci_zip, zip_bytes

# Real BACI files pad numbers with spaces, write NA for unknown quantities, and drop k's leading zero.
Y2019 = ("t,i,j,k,v,q\n"
         "2019,410,152,870323,  1234.567,   20.5\n"
         "2019,152,410,10121,     0.004,           NA\n"
         "2019,490,604,870323,2.5,0.1\n"
         "2019,4,842,10121,1,1\n")
Y2020 = "t,i,j,k,v,q\n2020,410,484,870323,10,1\n"


def test_rows_units_codes(tmp_path):
    z = write_baci_zip(tmp_path / "BACI_HS17_V202401.zip", {2019: Y2019, 2020: Y2020})
    ex = read_baci(z)
    df = ex.tables["trade_flows"]
    assert len(df) == 5
    row = df[(df.exporter == "KOR") & (df.importer == "CHL")].iloc[0]
    # v is in thousands of USD: 1234.567 * 1000 = 1,234,567 USD; q in tonnes
    assert row.value_usd == pytest.approx(1_234_567.0, rel=1e-12) and row.quantity == 20.5
    assert (row.classification, row["product"], row.quantity_unit, row.year) == ("HS17", "870323", "t", 2019)
    horses = df[(df.exporter == "CHL") & (df.importer == "KOR")].iloc[0]
    assert horses["product"] == "010121"  # leading zero restored
    assert horses.value_usd == pytest.approx(4.0) and math.isnan(horses.quantity)  # 0.004 thousand = 4 USD; NA
    assert ((df.exporter == "TWN") & (df.importer == "PER")).sum() == 1  # 490 -> TWN although the list says S19
    p = ex.provenance
    assert p.dataset == "baci_hs17_v202401" and p.version == "V202401" and len(p.sha256) == 64


def test_year_and_country_filters(tmp_path):
    z = write_baci_zip(tmp_path / "b.zip", {2019: Y2019, 2020: Y2020})
    df = read_baci(z, years=[2019], countries=["KOR"]).tables["trade_flows"]
    assert sorted(zip(df.exporter, df.importer)) == [("CHL", "KOR"), ("KOR", "CHL")]
    with pytest.raises(SourceError, match=r"no data for \[2018\]"):
        read_baci(z, years=[2018])


def test_streaming_many_blocks_matches_totals(tmp_path):
    # 3,000 rows read in 2 KiB blocks -> many record batches; totals must match the hand sum.
    lines = [f"2019,410,152,{k:06d},{k % 7}.5,1" for k in range(3000)]
    z = write_baci_zip(tmp_path / "b.zip", {2019: "t,i,j,k,v,q\n" + "\n".join(lines) + "\n"})
    res = baci_to_parquet(z, tmp_path / "out.parquet", block_size=2048)
    t = pq.read_table(res.path)
    assert res.rows == t.num_rows == 3000
    # sum over k of (k mod 7 + 0.5) * 1000: 3000 = 428 full cycles (sum 0..6 = 21) + 4 extra (0+1+2+3 = 6)
    expected = (428 * 21 + 6 + 3000 * 0.5) * 1000
    assert sum(t.column("value_usd").to_pylist()) == pytest.approx(expected, rel=1e-12)
    assert pq.ParquetFile(res.path).metadata.num_row_groups > 1  # written batch by batch


def test_older_country_list_layout(tmp_path):
    z = write_baci_zip(tmp_path / "b.zip", {1995: "t,i,j,k,v,q\n1995,410,490,870323,1,1\n"},
                       revision="HS92", release="202301", countries=COUNTRIES_V2023)
    df = read_baci(z).tables["trade_flows"]
    assert df[["exporter", "importer", "classification"]].values.tolist() == [["KOR", "TWN", "HS92"]]


def test_unknown_country_code_names_file_and_column(tmp_path):
    z = write_baci_zip(tmp_path / "b.zip", {2019: "t,i,j,k,v,q\n2019,410,999,870323,1,1\n"})
    with pytest.raises(DataError, match=r"BACI_HS17_Y2019_V202401.csv: column 'j': country code\(s\) \[999\]"):
        read_baci(z)


def test_truncated_zip_is_a_clear_error(tmp_path):
    z = write_baci_zip(tmp_path / "b.zip", {2019: Y2019 * 200})
    data = z.read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="download"):
        read_baci(tmp_path / "cut.zip")


def test_negative_value_rejected(tmp_path):
    z = write_baci_zip(tmp_path / "b.zip", {2019: "t,i,j,k,v,q\n2019,410,152,870323,-1,1\n"})
    with pytest.raises(DataError, match="negative"):
        read_baci(z)


def test_fetch_downloads_resumably_then_converts(tmp_path):
    payload = zip_bytes({2019: Y2019})
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=payload)

    client = HttpClient(transport=httpx.MockTransport(handler), sleep=lambda s: None)
    res = fetch_baci("202401", "HS17", client=client, download_dir=tmp_path / "dl",
                     out=tmp_path / "f" / "trade_flows.parquet", countries=["KOR"])
    assert str(seen[0].url) == baci_url("202401", "HS17")
    assert res.rows == 2 and res.provenance.url == baci_url("202401", "HS17")
    assert zipfile.is_zipfile(tmp_path / "dl" / "BACI_HS17_V202401.zip")
    assert res.provenance.retrieved_at


def test_bad_revision():
    with pytest.raises(ConfigError, match="HS92, HS96"):
        baci_url("202401", "HS10")


def test_arrow_batches_stream_into_duckdb(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    from tradebridge.sources.baci import baci_batches

    z = write_baci_zip(tmp_path / "b.zip", {2019: Y2019, 2020: Y2020})
    reader, prov = baci_batches(z, years=[2020])
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    con.register("baci_stream", reader)
    con.execute("CREATE TABLE trade_flows AS SELECT * FROM baci_stream")
    assert con.execute("SELECT exporter, importer, product, value_usd FROM trade_flows").fetchall() == [
        ("KOR", "MEX", "870323", 10_000.0)]  # v = 10 thousand USD
    assert prov.query == "years=2020"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([152, 410, 490, 604]), st.sampled_from([152, 410, 604]),
                          st.integers(10101, 999999), st.decimals(0, 10**6, places=3),
                          st.one_of(st.just("NA"), st.decimals(0, 10**4, places=3))),
                min_size=1, max_size=30))
def test_property_every_row_converts_exactly(tmp_path_factory, rows):
    """For any rows: one output row per input row, product = k padded to 6, value_usd = v * 1000."""
    tmp = tmp_path_factory.mktemp("p")
    text = "t,i,j,k,v,q\n" + "".join(f"2019,{i},{j},{k},{v},{q}\n" for i, j, k, v, q in rows)
    df = read_baci(write_baci_zip(tmp / "b.zip", {2019: text})).tables["trade_flows"]
    assert len(df) == len(rows)
    assert (df["product"].str.len() == 6).all()
    for (i, j, k, v, q), got in zip(rows, df.itertuples()):
        assert got.product == f"{k:06d}"
        assert got.value_usd == pytest.approx(float(v) * 1000, rel=1e-12)
        assert (math.isnan(got.quantity) if q == "NA" else got.quantity == pytest.approx(float(q)))
