"""UN Comtrade connector against replies in the API's exact JSON format (values made up)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import httpx
import pandas as pd
import pytest

from tradebridge.errors import ConfigError, SourceError
from tradebridge.sources.comtrade import ComtradeQuery, fetch_comtrade, parse_comtrade, plan_chunks
from tradebridge.sources.http import HttpClient

FIX = Path(__file__).parent / "fixtures"


def fake_reply() -> dict:
    return json.loads((FIX / "comtrade_kor_hs6_fake.json").read_text())


def client_for(handler, **kw) -> tuple[HttpClient, list[float]]:
    sleeps: list[float] = []
    return HttpClient(transport=httpx.MockTransport(handler), sleep=sleeps.append, **kw), sleeps


def test_parse_maps_flows_codes_products_and_units():
    df, dropped = parse_comtrade(fake_reply()["data"], dataset="d", level="HS6")
    rows = {(r.exporter, r.importer, r.product): r for r in df.itertuples()}
    x = rows[("KOR", "CHL", "870323")]  # export: reporter -> partner
    assert (x.year, x.classification, x.value_usd, x.quantity, x.quantity_unit) == (
        2015, "HS12", 123456789.0, 2500000.0, "kg")
    m = rows[("CHL", "KOR", "030617")]  # import: partner -> reporter; leading zero kept; qty in units
    assert (m.value_usd, m.quantity, m.quantity_unit) == (1000.5, 12.0, "u")
    p = rows[("PER", "KOR", "740311")]  # netWgt 0 and qty 0: no quantity
    assert math.isnan(p.quantity) and pd.isna(p.quantity_unit)
    assert ("KOR", "TWN", "854231") in rows  # 490 "Other Asia, nes" = Taiwan
    assert dropped == {899: 1} and len(df) == 4


def test_fetch_sends_the_real_query_and_returns_provenance():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json=fake_reply())

    client, _ = client_for(handler)
    q = ComtradeQuery(reporter="KOR", partners=("CHL", "PER"), years=(2015,), level="HS6")
    ex = fetch_comtrade(q, client=client, api_key="secret-key")
    req = seen[0]
    assert req.url.path == "/data/v1/get/C/A/HS"
    assert req.headers["Ocp-Apim-Subscription-Key"] == "secret-key"
    params = dict(req.url.params)
    assert params["reporterCode"] == "410" and params["partnerCode"] == "152,604"
    assert params["cmdCode"] == "AG6" and params["flowCode"] == "X,M" and params["period"] == "2015"
    assert "secret-key" not in str(req.url)
    frame = ex.tables["trade_flows"]
    assert len(frame) == 4 and set(frame["dataset"]) == {"comtrade_kor_hs6"}
    assert ex.provenance.retrieved_at and "secret-key" not in (ex.provenance.query or "")
    assert "899: 1" in ex.provenance.note


def test_public_endpoint_without_key_and_monthly_periods():
    seen = []

    def handler(request):
        seen.append(request)
        rec = dict(fake_reply()["data"][0], freqCode="M", period="201503", refMonth=3, cmdCode="TOTAL")
        return httpx.Response(200, json={"elapsedTime": "0.1 secs", "count": 1, "data": [rec]})

    client, _ = client_for(handler)
    q = ComtradeQuery(reporter="KOR", partners=("CHL",), years=(2015,), frequency="M", flows=("X",))
    ex = fetch_comtrade(q, client=client)
    assert seen[0].url.path == "/public/v1/preview/C/M/HS"
    assert dict(seen[0].url.params)["period"] == ",".join(f"2015{m:02d}" for m in range(1, 13))
    df = ex.tables["trade_flows_monthly"]
    assert df[["year", "month", "classification", "product"]].values.tolist() == [[2015, 3, "TOTAL", "TOTAL"]]


def test_full_reply_is_split_and_asked_again():
    """A reply at the record limit may be truncated: the chunk is halved until replies are short."""
    seen = []

    def handler(request):
        periods = request.url.params["period"].split(",")
        seen.append(periods)
        if len(periods) > 1:  # pretend the combined query hits the limit of 3
            return httpx.Response(200, json={"count": 3, "data": fake_reply()["data"][:3]})
        rec = dict(fake_reply()["data"][0], refYear=int(periods[0]), period=periods[0])
        return httpx.Response(200, json={"count": 1, "data": [rec]})

    client, _ = client_for(handler)
    q = ComtradeQuery(reporter="KOR", partners=("CHL",), years=(2015, 2016, 2017), flows=("X",))
    ex = fetch_comtrade(q, client=client, max_records=3)
    assert seen == [["2015", "2016", "2017"], ["2015"], ["2016", "2017"], ["2016"], ["2017"]]
    assert sorted(ex.tables["trade_flows"]["year"]) == [2015, 2016, 2017]


def test_one_cell_at_the_limit_asks_for_the_subscription_endpoint():
    client, _ = client_for(lambda r: httpx.Response(200, json={"count": 2, "data": fake_reply()["data"][:2]}))
    q = ComtradeQuery(reporter="KOR", partners=("CHL",), years=(2015,), flows=("X",), level="HS6")
    with pytest.raises(SourceError, match="COMTRADE_API_KEY"):
        fetch_comtrade(q, client=client, max_records=2)


def test_plan_chunks_stays_under_the_limit():
    q = ComtradeQuery(reporter="KOR", partners=("CHL", "COL", "MEX", "PER"), years=tuple(range(2015, 2022)),
                      level="HS6")
    chunks = plan_chunks(q, limit=500)
    # 5,400 expected rows per cell > 500: one cell per chunk = 7 years * 4 partners * 2 flows
    assert len(chunks) == 56
    chunks = plan_chunks(q, limit=100_000)
    # 4 partners * 2 flows * 5,400 = 43,200 per year -> 2 years per chunk -> 4 chunks for 7 years
    assert [len(c.periods) for c in chunks] == [2, 2, 2, 1]
    cells = sorted((p, x, f) for c in chunks for p in c.periods for x in c.partners for f in c.flows)
    assert len(cells) == len(set(cells)) == 56  # every cell asked exactly once


def test_empty_result_gives_an_empty_table():
    client, _ = client_for(lambda r: httpx.Response(200, json={"elapsedTime": "0 secs", "count": 0, "data": []}))
    ex = fetch_comtrade(ComtradeQuery(reporter="KOR", partners=("PER",), years=(1990,)), client=client)
    assert ex.tables["trade_flows"].empty and list(ex.tables["trade_flows"].columns)[:3] == [
        "dataset", "exporter", "importer"]


def test_rate_limit_then_success_and_error_body():
    replies = [httpx.Response(429, headers={"Retry-After": "2"}, json={"statusCode": 429,
               "message": "Rate limit is exceeded. Try again in 2 seconds."}),
               httpx.Response(200, json=fake_reply())]
    client, sleeps = client_for(lambda r: replies.pop(0))
    fetch_comtrade(ComtradeQuery(reporter="KOR", partners=("CHL",), years=(2015,)), client=client)
    assert sleeps == [2.0]
    client, _ = client_for(lambda r: httpx.Response(200, json={"count": 0, "data": [], "error": "Invalid period"}))
    with pytest.raises(SourceError, match="Invalid period"):
        fetch_comtrade(ComtradeQuery(reporter="KOR", partners=("CHL",), years=(2015,)), client=client)


def test_bad_options_list_the_valid_values():
    with pytest.raises(ConfigError, match="HS2, HS4, HS6"):
        ComtradeQuery(reporter="KOR", partners=(), years=(2015,), level="HS8")
    with pytest.raises(SourceError, match="unknown country code"):
        ComtradeQuery(reporter="XXX", partners=(), years=(2015,))
