"""World Bank WDI, IMF exchange rates and OECD (FDI, CRS) against replies in each API's format (made-up values)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pandas as pd
import pytest

from tradebridge.errors import SourceError
from tradebridge.schemas import SCHEMAS as EXTRA_SCHEMAS
from tradebridge.sources.http import HttpClient
from tradebridge.sources.imf import fetch_imf_fx, parse_ifs_csv
from tradebridge.sources.oecd import FDI_POSITIONS, fdi_key, fetch_oecd_crs, fetch_oecd_fdi
from tradebridge.sources.worldbank import fetch_wdi

FIX = Path(__file__).parent / "fixtures"


def fx(name: str) -> bytes:
    return (FIX / name).read_bytes()


def client(handler, **kw):
    sleeps: list[float] = []
    return HttpClient(transport=httpx.MockTransport(handler), sleep=sleeps.append, **kw), sleeps


# -- World Bank ---------------------------------------------------------------------------------------

def test_wdi_paginates_and_drops_nulls():
    seen = []

    def handler(request):
        seen.append(request)
        ind = request.url.path.rsplit("/", 1)[-1]
        if ind == "SP.POP.TOTL":
            return httpx.Response(200, content=fx("wdi_pop_fake.json"))
        page = request.url.params["page"]
        return httpx.Response(200, content=fx(f"wdi_gdp_p{page}_fake.json"))

    c, _ = client(handler)
    ex = fetch_wdi(["KOR", "CHL"], [2020, 2021], client=c, indicators=["NY.GDP.MKTP.CD", "SP.POP.TOTL"])
    assert seen[0].url.path == "/v2/country/KOR;CHL/indicator/NY.GDP.MKTP.CD"
    assert dict(seen[0].url.params) == {"format": "json", "date": "2020:2021", "per_page": "1000", "page": "1"}
    assert [r.url.params["page"] for r in seen] == ["1", "2", "1"]  # 2 pages of GDP, 1 of population
    df = ex.tables["macro"]
    # page 2 holds Chile 2021 with value null: dropped, so 2 GDP rows + 2 population rows
    assert df[["country", "year", "indicator", "value"]].values.tolist() == [
        ["KOR", 2020, "gdp_usd", 1.25e12], ["KOR", 2021, "gdp_usd", 1.5e12],
        ["CHL", 2021, "population", 19e6], ["KOR", 2021, "population", 51e6]]
    assert set(df["dataset"]) == {"wdi"} and df["month"].isna().all()
    assert ex.provenance.version == "lastupdated 2024-06-28"


def test_wdi_error_message_and_empty_result():
    c, _ = client(lambda r: httpx.Response(200, content=fx("wdi_error_fake.json")))
    with pytest.raises(SourceError, match="Invalid value"):
        fetch_wdi(["KOR"], [2020], client=c, indicators=["NOPE"])
    c, _ = client(lambda r: httpx.Response(200, content=fx("wdi_empty_fake.json")))
    assert fetch_wdi(["KOR"], [1900], client=c).tables["macro"].empty


def test_wdi_retries_5xx_then_uses_the_cache(tmp_path):
    replies = [httpx.Response(502), httpx.Response(200, content=fx("wdi_pop_fake.json"))]
    c, sleeps = client(lambda r: replies.pop(0), cache_dir=tmp_path)
    a = fetch_wdi(["KOR", "CHL"], [2021], client=c, indicators=["SP.POP.TOTL"])
    b = fetch_wdi(["KOR", "CHL"], [2021], client=c, indicators=["SP.POP.TOTL"])  # no reply left: cache
    pd.testing.assert_frame_equal(a.tables["macro"], b.tables["macro"])
    assert sleeps == [1.0] and a.provenance.retrieved_at == b.provenance.retrieved_at


# -- IMF -----------------------------------------------------------------------------------------------

def test_imf_sdmx_csv_annual():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=fx("imf_er_annual_fake.csv"))

    c, _ = client(handler)
    ex = fetch_imf_fx(["KOR", "CHL"], [2015, 2016], client=c)
    r = seen[0]
    assert r.url.path.endswith("/data/IMF.STA,ER/KOR+CHL.XDC_USD.PA_RT.A")
    assert r.headers["Accept"].startswith("application/vnd.sdmx.data+csv")
    assert dict(r.url.params) == {"startPeriod": "2015", "endPeriod": "2016"}
    df = ex.tables["macro"]
    # CHL 2016 is blank (dropped); G163 is an aggregate, not a country (dropped)
    assert df[["country", "year", "value"]].values.tolist() == [
        ["CHL", 2015, 650.0], ["KOR", 2015, 1100.5], ["KOR", 2016, 1200.25]]
    assert set(df["indicator"]) == {"fx_lcu_per_usd"} and set(df["dataset"]) == {"imf_er_annual"}


def test_imf_sdmx_json_monthly():
    c, _ = client(lambda r: httpx.Response(200, content=fx("imf_er_monthly_fake.json")))
    df = fetch_imf_fx(["KOR", "MEX"], [2020], client=c, frequency="M").tables["macro"]
    assert df[["country", "year", "month", "value"]].values.tolist() == [
        ["KOR", 2020, 1, 1300.0], ["KOR", 2020, 2, 1310.5], ["MEX", 2020, 1, 18.1]]


def test_ifs_csv_layout_with_iso2_codes():
    text = ("Date,Rate,Currency,Frequency,Source,Country code,Country\n"
            "2015-12-31,1131.5,KRW,A,IMF,KR,\"Korea, Republic of\"\n2016-01-31,1200,KRW,M,IMF,KR,Korea\n")
    df = parse_ifs_csv(text)
    assert df[["country", "year", "month", "value"]].astype(object).values.tolist() == [
        ["KOR", 2015, pd.NA, 1131.5], ["KOR", 2016, 1, 1200.0]]


def test_imf_ifs_csv_from_a_url_is_filtered_to_the_request():
    text = ("Date,Rate,Currency,Frequency,Source,Country code,Country\n"
            "2015-12-31,1131.5,KRW,A,IMF,KR,Korea\n2015-12-31,650.5,CLP,A,IMF,CL,Chile\n"
            "2015-01-31,1100,KRW,M,IMF,KR,Korea\n2016-12-31,1160,KRW,A,IMF,KR,Korea\n")
    c, _ = client(lambda r: httpx.Response(200, text=text))
    df = fetch_imf_fx(["KOR"], [2015], client=c, url="https://mirror.example/imf_fx.csv").tables["macro"]
    assert df[["country", "year", "value"]].values.tolist() == [["KOR", 2015, 1131.5]]


def test_imf_timeout_exhausted():
    c, _ = client(lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow")), retries=1, timeout=3)
    with pytest.raises(SourceError, match="timed out after 3 s"):
        fetch_imf_fx(["KOR"], [2015], client=c)


# -- OECD ----------------------------------------------------------------------------------------------

def test_oecd_fdi_flows_scaled_to_usd_and_valid():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=fx("oecd_fdi_flows_fake.csv"))

    c, _ = client(handler)
    ex = fetch_oecd_fdi(fdi_key(["KOR"], ["CHL", "COL", "MEX", "PER"]), [2019, 2020], client=c)
    assert seen[0].url.path == ("/public/rest/data/OECD.DAF.INV,DSD_FDI@DF_FDI_FLOW_CTRY,1.0/"
                                "KOR.T_FA_F.USD_EXC.DO+DI.NET_FDI.ROU.D.S1.CHL+COL+MEX+PER.IMC._T.A.")
    df = ex.tables["fdi"]
    # UNIT_MULT 6: 123.4 -> 123,400,000 USD; negative flows kept; the blank COL value dropped
    assert df[["partner", "year", "direction", "value_usd"]].values.tolist() == [
        ["CHL", 2019, "outward", pytest.approx(123.4e6)], ["MEX", 2020, "inward", 7.25e6],
        ["PER", 2019, "outward", -5e6]]
    EXTRA_SCHEMAS["fdi"].validate(df)
    assert ex.provenance.dataset == "oecd_fdi_flows"


def test_oecd_fdi_rejects_non_usd_and_open_dimensions():
    text = fx("oecd_fdi_flows_fake.csv").decode().replace("USD_EXC", "XDC")
    c, _ = client(lambda r: httpx.Response(200, text=text))
    with pytest.raises(SourceError, match="USD_EXC"):
        fetch_oecd_fdi("", [2019], client=c, flow=FDI_POSITIONS)
    lines = fx("oecd_fdi_flows_fake.csv").decode().splitlines()
    dup = lines[1].replace(",_T,A,", ",C,A,")  # same key, another ACTIVITY
    c, _ = client(lambda r: httpx.Response(200, text="\n".join(lines + [dup]) + "\n"))
    with pytest.raises(SourceError, match="ACTIVITY"):
        fetch_oecd_fdi("", [2019], client=c)


def test_oecd_crs_oda_rows():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=fx("oecd_crs_fake.csv"))

    c, _ = client(handler)
    ex = fetch_oecd_crs("KOR.COL+PER..100._T._T..._T..", [2019, 2020], client=c)
    assert seen[0].url.path == "/dcd-public/rest/data/OECD.DCD.FSD,DSD_CRS@DF_CRS,/KOR.COL+PER..100._T._T..._T.."
    df = ex.tables["oda"]
    EXTRA_SCHEMAS["oda"].validate(df)
    got = {(r.recipient, r.year, r.sector, r.flow, r.price_basis): r.value_usd for r in df.itertuples()}
    assert got == {("COL", 2019, "1000", "disbursement", "current"): 12.5e6,
                   ("COL", 2019, "120", "disbursement", "current"): 1.25e6,
                   ("PER", 2019, "1000", "disbursement", "constant"): 3.5e6,
                   ("PER", 2020, "1000", "commitment", "current"): 4e6}


def test_oecd_empty_selection_404_is_an_empty_table():
    c, _ = client(lambda r: httpx.Response(404, text="NoResultsFound"))
    assert fetch_oecd_crs("KOR.XXX", [2019], client=c).tables["oda"].empty
    c, _ = client(lambda r: httpx.Response(200, text=""))
    assert fetch_oecd_fdi("KOR", [2019], client=c).tables["fdi"].empty


def test_oecd_429_then_success():
    replies = [httpx.Response(429, headers={"Retry-After": "30"}), httpx.Response(200, content=fx("oecd_crs_fake.csv"))]
    c, sleeps = client(lambda r: replies.pop(0))
    assert len(fetch_oecd_crs("", [2019, 2020], client=c).tables["oda"]) == 4
    assert sleeps == [30.0]
