"""`tradebridge data fetch ...` end to end through an injected transport, and the fetch folder round trip."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from tradebridge.cli import data_fetch
from tradebridge.errors import DataError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.fetched import fetched_tables, read_fetched, write_fetched
from tradebridge.sources.http import HttpClient

from .baci_fake import write_baci_zip

FIX = Path(__file__).parent / "fixtures"


def app_with(handler, monkeypatch) -> typer.Typer:
    def fake_client(cache, *, retries, timeout, refresh=False, min_interval=0.0):
        return HttpClient(cache_dir=cache, transport=httpx.MockTransport(handler), retries=retries,
                          timeout=timeout, sleep=lambda s: None)

    monkeypatch.setattr(data_fetch, "make_client", fake_client)
    app, data_app = typer.Typer(), typer.Typer()
    data_fetch.register_fetch(data_app)
    app.add_typer(data_app, name="data")
    return app


def run(app, args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_fetch_wdi_writes_a_folder_that_ingest_can_read(tmp_path, monkeypatch):
    app = app_with(lambda r: httpx.Response(200, content=(FIX / "wdi_pop_fake.json").read_bytes()), monkeypatch)
    res = run(app, ["data", "fetch", "wdi", "--countries", "KOR,CHL", "--years", "2021",
                    "--indicators", "SP.POP.TOTL", "--cache", str(tmp_path), "--json"])
    out = json.loads(res.output)
    assert out[0]["dataset"] == "wdi" and out[0]["tables"] == "macro: 2"
    [ex] = read_fetched(tmp_path / "fetched")
    assert ex.provenance.url.startswith("https://api.worldbank.org/v2/country/KOR;CHL/indicator/")
    assert ex.provenance.sha256 and ex.tables["macro"]["value"].tolist() == [19e6, 51e6]


def test_fetch_comtrade_uses_the_key_from_the_environment(tmp_path, monkeypatch):
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=(FIX / "comtrade_kor_hs6_fake.json").read_bytes())

    monkeypatch.setenv("COMTRADE_API_KEY", "k-123")
    app = app_with(handler, monkeypatch)
    run(app, ["data", "fetch", "comtrade", "--reporter", "KOR", "--partners", "PA", "--years", "2015",
              "--level", "HS6", "--cache", str(tmp_path), "--json"])
    assert seen[0].headers["Ocp-Apim-Subscription-Key"] == "k-123"
    assert dict(seen[0].url.params)["partnerCode"] == "152,170,484,604"  # PA resolved to M49 codes
    saved = (tmp_path / "fetched" / "comtrade_kor_hs6" / "provenance.json").read_text()
    assert "k-123" not in saved  # never written to disk
    [ex] = read_fetched(tmp_path / "fetched")
    assert len(ex.tables["trade_flows"]) == 4


def test_fetch_baci_from_a_local_zip(tmp_path, monkeypatch):
    z = write_baci_zip(tmp_path / "BACI_HS17_V202401.zip",
                       {2019: "t,i,j,k,v,q\n2019,410,152,10121,2.5,1\n2019,842,4,10121,1,1\n"})
    app = app_with(lambda r: httpx.Response(500), monkeypatch)
    run(app, ["data", "fetch", "baci", "--zip", str(z), "--countries", "KOR,PA", "--cache", str(tmp_path)])
    [ds] = fetched_tables(tmp_path / "fetched")
    assert ds.provenance.dataset == "baci_hs17_v202401" and ds.rows == {"trade_flows": 1}
    df = pd.read_parquet(ds.tables["trade_flows"])
    assert df[["exporter", "importer", "product", "value_usd"]].values.tolist() == [["KOR", "CHL", "010121", 2500.0]]
    assert not [p for p in (tmp_path / "fetched").iterdir() if p.name.startswith(".")]


def test_failed_fetch_exits_nonzero_with_the_reason(tmp_path, monkeypatch):
    app = app_with(lambda r: httpx.Response(503), monkeypatch)
    res = CliRunner().invoke(app, ["data", "fetch", "imf-fx", "--countries", "KOR", "--years", "2015",
                                   "--cache", str(tmp_path), "--retries", "1"])
    assert res.exit_code != 0 and "gave up after 2 attempts" in str(res.exception)
    assert not (tmp_path / "fetched").exists()


@pytest.mark.parametrize("source", ["comtrade", "baci", "wdi", "imf-fx", "oecd-fdi", "oecd-crs"])
def test_every_fetch_command_has_help_with_an_example(source, monkeypatch):
    app = app_with(lambda r: httpx.Response(500), monkeypatch)
    res = run(app, ["data", "fetch", source, "--help"])
    assert "Example:" in res.output


def test_docs_cover_every_fetch_command():
    docs = (Path(__file__).parents[3] / "docs" / "sources.md").read_text(encoding="utf-8")
    for source in ["comtrade", "baci", "wdi", "imf-fx", "oecd-fdi", "oecd-crs"]:
        assert f"tradebridge data fetch {source}" in docs


def test_rewrite_replaces_the_dataset_folder_and_bad_folders_are_named(tmp_path):
    prov = Provenance("demo", "Example", "CC0")
    write_fetched(Extract(prov, {"macro": pd.DataFrame({"v": [1, 2]})}), tmp_path)
    write_fetched(Extract(prov, {"macro": pd.DataFrame({"v": [3]})}), tmp_path)
    [ex] = read_fetched(tmp_path)
    assert ex.tables["macro"]["v"].tolist() == [3]
    (tmp_path / "demo" / "macro.parquet").unlink()
    with pytest.raises(DataError, match="missing"):
        read_fetched(tmp_path)


def test_years_and_countries_parsing():
    assert data_fetch.parse_years("2019-2021") == (2019, 2020, 2021)
    assert data_fetch.parse_countries("KOR,PA") == ("KOR", "CHL", "COL", "MEX", "PER")


def test_fetch_oecd_builds_keys_from_countries(tmp_path, monkeypatch):
    seen = []

    def handler(request):
        seen.append(request)
        name = "oecd_fdi_flows_fake.csv" if "FDI" in request.url.path else "oecd_crs_fake.csv"
        return httpx.Response(200, content=(FIX / name).read_bytes())

    app = app_with(handler, monkeypatch)
    run(app, ["data", "fetch", "oecd-fdi", "--positions", "--partners", "PA", "--years", "2019-2020",
              "--cache", str(tmp_path)])
    assert seen[0].url.path.endswith("DF_FDI_POS_CTRY,1.0/KOR.LE_FA_F.USD_EXC.DO+DI.NET_FDI.ROU.D.S1."
                                     "CHL+COL+MEX+PER.IMC._T.A.")
    run(app, ["data", "fetch", "oecd-crs", "--recipients", "COL,PER", "--commitments", "--years", "2019",
              "--cache", str(tmp_path)])
    assert seen[1].url.path.endswith("/KOR.COL+PER..100._T._T.C.V._T..")
    names = sorted(e.provenance.dataset for e in read_fetched(tmp_path / "fetched"))
    assert names == ["oecd_crs", "oecd_fdi_positions"]
