"""The Ibis reads of the evidence and the models give what SQL written independently gives, on the
reference warehouse (exact equality: the same rows read, no arithmetic)."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from tradebridge.indicators import evidence_inputs as q
from tradebridge.store import Store

MEMBERS = ("CHL", "COL", "MEX", "PER")


@pytest.fixture(scope="module")
def st(store_path):
    with Store.open(store_path, read_only=True) as store:
        yield store


def _same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
    a = a.sort_values(keys).reset_index(drop=True)
    b = b[a.columns].sort_values(keys).reset_index(drop=True)
    for col in a.columns:  # DuckDB's SQL and Ibis give dates at different resolutions (s vs us)
        if pd.api.types.is_datetime64_any_dtype(a[col]):
            a[col], b[col] = a[col].astype("datetime64[ns]"), b[col].astype("datetime64[ns]")
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_listed_bilateral_agreements(st):
    sql = st.sql(
        """SELECT m2.country AS partner, a.* FROM agreement_members m1
           JOIN agreement_members m2 ON m1.agreement_id = m2.agreement_id AND m2.country IN ('CHL','COL','MEX','PER')
           JOIN agreements a ON a.agreement_id = m1.agreement_id
           WHERE m1.country = 'KOR' AND m1.dataset IN ('desta', 'gptad', 'unctad_bits')
             AND (SELECT count(*) FROM agreement_members m3 WHERE m3.agreement_id = m1.agreement_id) = 2""")
    got = q.listed_bilateral(st.ibis(), "KOR", MEMBERS).to_pandas()
    assert len(got) == len(sql) >= 9 and set(got["partner"]) == set(MEMBERS)
    _same(got, sql, ["partner", "agreement_id"])


def test_curated_agreements_and_stages(st):
    got = q.curated_agreements(st.ibis(), "KOR", MEMBERS, "PA").to_pandas()
    assert {"KOR-CHL-FTA", "KOR-PER-FTA", "KOR-COL-FTA", "PA"} <= set(got["agreement_id"])
    assert set(got["dataset"]) == {"kor_pa_timeline"}
    stages = q.curated_stages(st.ibis(), got["agreement_id"].tolist()).to_pandas()
    sql = st.sql("SELECT * FROM agreement_stages WHERE agreement_id IN (SELECT agreement_id FROM agreements "
                 "WHERE dataset = 'kor_pa_timeline') ORDER BY date, agreement_id")
    assert len(stages) == len(sql) and stages["date"].is_monotonic_increasing
    # Brazil and MERCOSUR: nothing curated
    assert q.curated_agreements(st.ibis(), "BRA", ("ARG", "URY"), "MERCOSUR").to_pandas().empty


def test_reporter_base_treaties(st):
    sql = st.sql("SELECT a.* FROM agreements a JOIN agreement_members m USING (agreement_id) WHERE a.dataset = 'desta' "
                 "AND a.kind = 'base_treaty' AND m.country = 'KOR' AND (SELECT count(*) FROM agreement_members n "
                 "WHERE n.agreement_id = a.agreement_id) = 2")
    got = q.reporter_base_treaties(st.ibis(), "KOR").to_pandas()
    assert len(got) == len(sql) > 5
    _same(got, sql, ["agreement_id"])


def test_fx_rates_and_dates(st):
    sql = st.sql("SELECT country, year, value AS fx_lcu_per_usd FROM macro WHERE dataset = 'imf_fx_annual' "
                 "AND indicator = 'fx_lcu_per_usd' AND month IS NULL AND country IN ('CHL','COL','MEX','PER')")
    got = q.fx_rates(st.ibis(), MEMBERS).to_pandas()
    assert len(got) == len(sql) > 100
    _same(got, sql, ["country", "year"])
    dates = q.in_force_dates(st.ibis()).to_pandas().set_index("agreement_id")["in_force"]
    assert str(pd.Timestamp(dates["KOR-CHL-FTA"]).date()) == "2004-04-01"  # the curated timeline's date
    assert not dates.index.str.contains(":").any()  # list entries (desta:12) are not curated ids


def test_gravity_inputs(st):
    flags = q.rta_flags(st.ibis(), "agtpa").to_pandas()
    sql = st.sql("SELECT exporter, importer, year, rta, agreement_id FROM rta_flags WHERE dataset = 'agtpa'")
    assert len(flags) == len(sql) > 1000
    own = q.pair_covariates(st.ibis(), "agtpa").to_pandas()
    assert "dataset" not in own.columns and len(own) == st.sql(
        "SELECT count(*) AS n FROM pair_covariates WHERE dataset = 'agtpa'")["n"].iloc[0]
    fallback = q.pair_covariates(st.ibis(), "comtrade_aggregate").to_pandas()  # none of its own: CEPII's
    assert len(fallback) == st.sql("SELECT count(*) AS n FROM pair_covariates WHERE dataset = 'cepii_dist'")["n"].iloc[0]


def test_hs_flows_keep_both_directions_and_only_hs():
    con = ibis.duckdb.connect()
    con.create_table("trade_flows", ibis.memtable({  # made-up values
        "exporter": ["KOR", "CHL", "KOR", "KOR", "USA"], "importer": ["CHL", "KOR", "CHL", "USA", "KOR"],
        "year": [2015] * 5, "classification": ["HS12", "HS12", "TOTAL", "HS12", "HS12"],
        "product": ["870323", "740311", "TOTAL", "870323", "100199"], "value_usd": [5.0, 7.0, 12.0, 1.0, 2.0]}))
    got = q.hs_flows(con, "KOR", ["CHL"]).to_pandas().sort_values("exporter")
    assert got[["exporter", "importer", "value_usd"]].values.tolist() == [["CHL", "KOR", 7.0], ["KOR", "CHL", 5.0]]
