"""The reference data, ingested, has the published row counts and values (MANIFEST.md and seed facts).

Expected values and their sources:
- Comtrade aggregate panel: 316,317 rows; KOR->CHL 2008 = 3.0318e9 USD (shared data/MANIFEST.md).
- AGTPA panel: 99,981 rows (the Advanced Guide application file).
- Korea–Chile FTA in force 2004-04-01, Korea–Colombia 2016-07-15 (seed/verified_facts.md, confidence H).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tradebridge.cli.main import app
from tradebridge.sources.base import sha256_file
from tradebridge.store import Store
from tradebridge.store.ingest import CATALOG


def test_published_counts_and_values(store_path):
    with Store.open(store_path) as st:
        n = st.sql("SELECT count(*) AS n FROM trade_flows WHERE dataset='comtrade_aggregate'")["n"][0]
        assert n == 316_317
        v = st.sql("SELECT value_usd FROM trade_flows WHERE dataset='comtrade_aggregate' AND exporter='KOR' "
                   "AND importer='CHL' AND year=2008")["value_usd"][0]
        # MANIFEST gives 4 significant digits: 3.0318e9; the file has 3,031,799,xxx.
        assert v == pytest.approx(3.0318e9, rel=5e-5)
        assert st.sql("SELECT count(*) AS n FROM trade_flows WHERE dataset='agtpa'")["n"][0] == 99_981
        dom = st.sql("SELECT count(*) AS n FROM trade_flows WHERE dataset='agtpa' AND exporter=importer")["n"][0]
        assert dom == 69 * 21  # 69 countries' domestic sales, 1986-2006 (domestic flows are kept)
        inforce = st.sql("SELECT agreement_id, in_force FROM agreements WHERE dataset='kor_pa_timeline'")
        dates = {r.agreement_id: str(r.in_force)[:10] for r in inforce.itertuples()}
        assert dates["KOR-CHL-FTA"] == "2004-04-01"
        assert dates["KOR-COL-FTA"] == "2016-07-15"
        assert dates["KOR-PER-FTA"] == "2011-08-01"
        assert dates["KOR-MEX-FTA"] == "NaT"  # no Korea–Mexico FTA


def test_penppml_agreement_ids_match_manifest(store_path):
    """MANIFEST: KOR-CHL id 88 from 2004, KOR-PER 197 observed from 2012, KOR-COL 276 in 2016.

    Earlier years carry other ids for the same pair (e.g. GSTP, id 19), so take each pair's latest id."""
    with Store.open(store_path) as st:
        f = st.sql("SELECT importer, agreement_id, min(year) AS first FROM rta_flags WHERE dataset='comtrade_aggregate' "
                   "AND exporter='KOR' AND importer IN ('CHL','PER','COL','MEX') GROUP BY 1, 2 ORDER BY 1, 3")
    got = {r.importer: (r.agreement_id, r.first) for r in f.itertuples()}  # the latest id wins
    assert got["CHL"] == ("penppml:88", 2004)
    assert got["PER"] == ("penppml:197", 2012)
    assert got["COL"] == ("penppml:276", 2016)
    assert got["MEX"][0] == "penppml:19"  # Korea–Mexico only share GSTP (MANIFEST)


def test_status_json_lists_every_dataset_with_sha(store_path, raw_dir):
    result = CliRunner().invoke(app, ["data", "status", "--json", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    rows = {r["dataset"]: r for r in json.loads(result.output)}
    assert set(rows) == {e.dataset for e in CATALOG}
    for r in rows.values():
        assert {"dataset", "table", "rows", "sha256", "source"} <= set(r)
        assert r["rows"] > 0 and len(r["sha256"]) == 64
    assert rows["comtrade_aggregate"]["rows"] == 316_317
    assert rows["comtrade_aggregate"]["table"] == "trade_flows"
    assert rows["comtrade_aggregate"]["sha256"] == sha256_file(raw_dir / "trade/comtrade_aggregate_1964_2016.csv.gz")
    assert rows["agtpa"]["rows"] == 99_981


def test_macro_units_and_conversions(store_path):
    with Store.open(store_path) as st:
        fx = st.sql("SELECT value FROM macro WHERE dataset='imf_fx_annual' AND country='KOR' AND year=2024")["value"][0]
        # IMF file: 2024-12-31,1363.375,KRW -> 1,363.375 won per USD.
        assert fx == pytest.approx(1363.375)
        # The file gives every series per USD: 2008-07 euro 0.6346 (its historic low), pound 0.5028.
        eur = st.sql("SELECT min(value) lo, max(value) hi FROM macro WHERE dataset='fred_h10' AND country='EMU'")
        assert eur["lo"][0] == pytest.approx(0.6346)
        assert eur["hi"][0] < 1.3
        mex = st.sql("SELECT count(*) n FROM macro WHERE dataset='fred_h10' AND country='MEX' AND month IS NOT NULL")
        assert mex["n"][0] > 300  # monthly since 1993
        agg = st.sql("SELECT count(*) n FROM macro WHERE dataset='wb_gdp' AND country IN ('EUU','LCN','HIC')")
        assert agg["n"][0] == 0  # regional aggregates dropped, the world (WLD) kept
        assert st.sql("SELECT count(*) n FROM macro WHERE dataset='wb_gdp' AND country='WLD'")["n"][0] > 50


def test_classifications_are_queryable(store_path):
    with Store.open(store_path) as st:
        hs = st.sql("SELECT target_code FROM concordances WHERE source_classification='HS2' AND source_code='010110' "
                    "AND target_classification='HS0'")
        assert hs["target_code"].tolist() == ["010111"]  # first row of hs2_hs0.csv.gz
        rauch = st.sql("SELECT conservative, liberal FROM rauch WHERE sitc2='0011'")
        assert rauch.iloc[0].tolist() == ["w", "w"]  # sitc2_rauch.csv.gz: 0011,w,w
        sect = st.sql("SELECT section FROM products WHERE classification='HS' AND code='8703'")
        assert sect["section"][0] == "XVII"  # vehicles
