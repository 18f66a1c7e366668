"""The live-connector audit (issue 10) through the injected transport: replies in each service's format.

Facts checked against the services' public behaviour: Comtrade API v1 codes Italy 380 and uses 492 for
"Europe EU, nes" (Monaco is reported within France, 251), takes at most 12 periods per call and answers
a spent quota with 403 ``{"statusCode": 403, "message": "Out of call volume quota. Quota will be
replenished in HH:MM:SS."}`` (Azure API Management); the OECD API's SDMX-CSV format is ``csvfile``
and an empty selection is a 404 ``NoRecordsFound`` or ``NoResults``; BACI 202401b supersedes 202401.
Values in the replies are made up.
"""

from __future__ import annotations

import copy
import json
import warnings
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from tradebridge.cli import data_fetch
from tradebridge.errors import ConfigError, SourceError
from tradebridge.sources.baci import CURRENT_RELEASE, baci_url, fetch_baci
from tradebridge.sources.comtrade import MAX_PERIODS, ComtradeQuery, fetch_comtrade, parse_comtrade, plan_chunks
from tradebridge.sources.http import HttpClient, quota_message
from tradebridge.sources.oecd import SDMX_CSV, EmptyValuesWarning, fdi_key, fetch_oecd_fdi

from .baci_fake import zip_bytes

FIX = Path(__file__).parent / "fixtures"
QUOTA = {"statusCode": 403, "message": "Out of call volume quota. Quota will be replenished in 05:12:30."}


def client(handler) -> HttpClient:
    return HttpClient(transport=httpx.MockTransport(handler), sleep=lambda s: None, retries=2)


def record(**kw) -> dict:
    rec = copy.deepcopy(json.loads((FIX / "comtrade_kor_hs6_fake.json").read_text())["data"][0])
    rec.update(kw)
    return rec


# ------------------------------------------------------------------------------------------ Comtrade
def test_italy_is_380_in_api_v1_and_381_is_still_read():
    chunk = plan_chunks(ComtradeQuery(reporter="ITA", partners=("KOR",), years=(2020,)), limit=500)[0]
    params = chunk.params(ComtradeQuery(reporter="ITA", partners=("KOR",), years=(2020,)), 500)
    assert params["reporterCode"] == 380 and params["partnerCode"] == "410"
    q = ComtradeQuery(reporter="KOR", partners=("ITA",), years=(2020,))
    assert plan_chunks(q, limit=500)[0].params(q, 500)["partnerCode"] == "380"
    old = record(reporterCode=381, reporterISO="ITA", partnerCode=410, partnerISO="KOR")
    df, _ = parse_comtrade([old], dataset="d", level="HS6")
    assert df[["exporter", "importer"]].values.tolist() == [["ITA", "KOR"]]


def test_partner_492_is_europe_eu_nes_not_monaco():
    recs = [record(partnerCode=492, partnerISO="_X", partnerDesc="Europe EU, nes"), record()]
    df, dropped = parse_comtrade(recs, dataset="d", level="HS6")
    assert dropped == {492: 1} and "MCO" not in set(df["importer"]) | set(df["exporter"]) and len(df) == 1
    with pytest.raises(SourceError, match=r"reported within FRA \(251"):
        ComtradeQuery(reporter="KOR", partners=("MCO",), years=(2020,))


def test_at_most_12_periods_per_call():
    years = tuple(range(2000, 2025))  # 25 years, TOTAL level: the record limit alone would allow one call
    seen: list[list[str]] = []

    def handler(request):
        seen.append(request.url.params["period"].split(","))
        return httpx.Response(200, json={"count": 0, "data": [], "error": ""})

    q = ComtradeQuery(reporter="KOR", partners=("CHL",), years=years)
    assert all(len(c.periods) <= MAX_PERIODS for c in plan_chunks(q, limit=100_000))
    fetch_comtrade(q, client=client(handler), api_key="k", max_records=100_000)
    assert [len(p) for p in seen] == [12, 12, 1]
    assert sorted(int(y) for p in seen for y in p) == list(years)  # every year asked once


@pytest.mark.parametrize("reply", [
    lambda: httpx.Response(403, json=QUOTA),  # what API Management answers
    lambda: httpx.Response(200, json=QUOTA),  # the same body passed through with a 200
])
def test_spent_quota_is_not_reported_as_a_bad_key(reply):
    q = ComtradeQuery(reporter="KOR", partners=("CHL",), years=(2020,))
    with pytest.raises(SourceError) as err:
        fetch_comtrade(q, client=client(lambda r: reply()), api_key="k")
    msg = str(err.value)
    assert "call quota is spent (the key itself is valid)" in msg and "replenished in 05:12:30" in msg
    assert "missing, wrong" not in msg


def test_quota_message_says_when_to_retry():
    now = datetime(2024, 3, 1, 22, 0, 10, tzinfo=UTC)
    msg = quota_message("u", "Out of call volume quota. Quota will be replenished in 1.02:03:04.", now=now)
    assert "try again after 2024-03-03 00:04 UTC" in msg
    assert "try again tomorrow" in quota_message("u", "Out of call volume quota.", now=now)


def test_a_wrong_key_is_still_reported_as_a_key_problem():
    q = ComtradeQuery(reporter="KOR", partners=("CHL",), years=(2020,))
    bad = {"statusCode": 401, "message": "Access denied due to invalid subscription key."}
    with pytest.raises(SourceError, match="HTTP 401"):
        fetch_comtrade(q, client=client(lambda r: httpx.Response(401, json=bad)), api_key="k")


# ---------------------------------------------------------------------------------------------- OECD
def test_oecd_asks_for_csvfile_with_the_sdmx_csv_accept_header():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=(FIX / "oecd_fdi_flows_fake.csv").read_bytes())

    fetch_oecd_fdi(fdi_key(["KOR"], ["CHL"]), [2019], client=client(handler))
    assert seen[0].url.params["format"] == "csvfile" and seen[0].headers["Accept"] == SDMX_CSV


@pytest.mark.parametrize("body", ["NoRecordsFound", "NoResults", "No Results Found"])
def test_empty_selection_gives_no_rows(body):
    c = client(lambda r: httpx.Response(404, text=body))
    ex = fetch_oecd_fdi(fdi_key(["KOR"], ["CHL"]), [2019], client=c)
    assert ex.tables["fdi"].empty


def test_other_404s_still_fail():
    c = client(lambda r: httpx.Response(404, text="Dataflow not found"))
    with pytest.raises(SourceError, match="HTTP 404"):
        fetch_oecd_fdi(fdi_key(["KOR"], ["CHL"]), [2019], client=c)


def test_all_empty_values_warn_and_name_type_entity():
    lines = (FIX / "oecd_fdi_flows_fake.csv").read_text().splitlines()
    head, rows = lines[0], [ln.replace(",KOR,", ",USA,") for ln in lines[1:]]
    cells = [r.split(",") for r in rows]
    col = head.split(",").index("OBS_VALUE")
    for c in cells:
        c[col] = ""
    text = "\n".join([head] + [",".join(c) for c in cells]) + "\n"
    with pytest.warns(EmptyValuesWarning, match=r"all 4 observations are empty \(reporters USA\).*TYPE_ENTITY=ALL"):
        ex = fetch_oecd_fdi(fdi_key(["USA"], ["CHL"]), [2019], client=client(lambda r: httpx.Response(200, text=text)))
    assert ex.tables["fdi"].empty
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a reply with values gives no warning
        fetch_oecd_fdi("", [2019], client=client(lambda r: httpx.Response(200, text="\n".join(lines) + "\n")))


def test_fdi_key_entity_option():
    assert ".NET_FDI.ALL.D." in fdi_key(["USA", "JPN"], ["CHL"], entity="ALL")
    with pytest.raises(ConfigError, match="valid values: ROU, ALL, SPE"):
        fdi_key(["USA"], ["CHL"], entity="XYZ")


def _app(monkeypatch, handler, timeouts: list[float]) -> typer.Typer:
    def fake(cache, *, retries, timeout, refresh=False, min_interval=0.0):
        timeouts.append(timeout)
        return HttpClient(cache_dir=cache, transport=httpx.MockTransport(handler), retries=retries, timeout=timeout,
                          sleep=lambda s: None)

    monkeypatch.setattr(data_fetch, "make_client", fake)
    app, data_app = typer.Typer(), typer.Typer()
    data_fetch.register_fetch(data_app)
    app.add_typer(data_app, name="data")
    return app


def test_crs_gets_a_longer_timeout(tmp_path, monkeypatch):
    timeouts: list[float] = []

    def handler(request):
        name = "oecd_fdi_flows_fake.csv" if "FDI" in request.url.path else "oecd_crs_fake.csv"
        return httpx.Response(200, content=(FIX / name).read_bytes())

    app = _app(monkeypatch, handler, timeouts)
    for cmd in ("oecd-crs", "oecd-fdi"):
        res = CliRunner().invoke(app, ["data", "fetch", cmd, "--years", "2019", "--cache", str(tmp_path)])
        assert res.exit_code == 0, res.output
    assert timeouts == [300.0, 60.0]  # CRS waits 5 minutes by default, the other sources 1


# ---------------------------------------------------------------------------------------------- BACI
def test_baci_default_is_the_current_release(tmp_path, monkeypatch):
    assert CURRENT_RELEASE == "202401b"
    seen, timeouts = [], []
    body = zip_bytes({2019: "t,i,j,k,v,q\n2019,410,152,10121,2.5,1\n"}, release="202401b")

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(200, content=body, headers={"Content-Length": str(len(body))})

    app = _app(monkeypatch, handler, timeouts)
    res = CliRunner().invoke(app, ["data", "fetch", "baci", "--revision", "HS17", "--cache", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    assert seen == [baci_url("202401b", "HS17")] and seen[0].endswith("BACI_HS17_V202401b.zip")
    assert json.loads(res.output)[0]["dataset"] == "baci_hs17_v202401b"


@pytest.mark.parametrize("release", ["../../x", "2024", "202401bb", "202401/"])
def test_baci_release_names_are_validated(release):
    with pytest.raises(SourceError, match="invalid BACI release"):
        baci_url(release, "HS17")


@pytest.mark.parametrize("url", ["https://mirror.example/..", "https://mirror.example/dl/", "https://m.example/.zip"])
def test_baci_download_name_is_confined(tmp_path, url):
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(SourceError, match="plain .zip file name"):
        fetch_baci("202401b", "HS17", client=client(lambda r: httpx.Response(500)), download_dir=tmp_path / "dl",
                   out=tmp_path / "o.parquet", url=url)
    assert sorted(tmp_path.rglob("*")) == before
