"""Dashboard pages and JSON API on the reference warehouse: values against the store, caching per store
version, languages, tables without JavaScript, brief downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tradebridge.config import Settings
from tradebridge.i18n import LANGS, STRINGS, t
from tradebridge.reference.blocs import resolve_scope
from tradebridge.store import Store
from tradebridge.web import charts
from tradebridge.web.app import create_app


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("out")


@pytest.fixture(scope="module")
def client(store_path, tmp_path_factory, out_dir):
    tmp = tmp_path_factory.mktemp("web")
    settings = Settings(store=store_path, survey_db=f"sqlite:///{tmp / 'survey.sqlite'}", cache=tmp / "cache",
                        extra={"out": str(out_dir)})
    with TestClient(create_app(settings, secret_key="k" * 32)) as c:
        yield c


def _bilateral(store_path, a: str, b: str, year: int) -> tuple[float, float]:
    """Korea's exports to and imports from b in year, summed directly in SQL (independent of the indicators)."""
    with Store.open(store_path) as st:
        q = ("SELECT sum(value_usd) AS v FROM trade_flows WHERE dataset = 'comtrade_aggregate' "
             "AND exporter = ? AND importer = ? AND year = ?")
        x = st.sql(q, [a, b, year])["v"].iloc[0]
        m = st.sql(q, [b, a, year])["v"].iloc[0]
    return float(x), float(m)


def test_overview_api_matches_the_store(client, store_path):
    body = client.get("/api/overview").json()
    assert body["members"] == ["CHL", "COL", "MEX", "PER"] and body["bloc"] == "PA"
    rows = {(r["partner"], r["year"]): r for r in body["yearly"]}
    x, m = _bilateral(store_path, "KOR", "CHL", 2016)
    chl = rows[("CHL", 2016)]
    # relative 1e-9: the same float sums, computed in another order
    assert chl["exports"] == pytest.approx(x, rel=1e-9) and chl["imports"] == pytest.approx(m, rel=1e-9)
    assert chl["balance"] == pytest.approx(x - m, rel=1e-9)
    members = sum(rows[(p, 2016)]["total_trade"] for p in body["members"])
    assert rows[("PA", 2016)]["total_trade"] == pytest.approx(members, rel=1e-9)  # the bloc is the sum
    with Store.open(store_path) as st:
        assert body["store_version"] == st.version()


def test_responses_are_cached_per_store_version(client):
    acc = client.app.state.ctx.state["dashboard_access"]
    first = client.get("/api/overview")
    key = (acc.version(), ("overview", resolve_scope("KOR", "PA")))  # the settings' scope (the defaults)
    assert key in acc._cache
    second = client.get("/api/overview")
    assert second.headers["etag"] == first.headers["etag"] == f'W/"{acc.version()}"'
    assert second.json() == first.json()
    acc._stat = None  # a changed file forces a re-read of the version; same data -> same version
    assert acc.version() == first.json()["store_version"]


def test_partner_api_timeline_and_windows(client):
    body = client.get("/api/partners/CHL?lang=es").json()
    stages = {(s["agreement_id"], s["stage"]): s for s in body["agreements"]["stages"]}
    eif = stages[("KOR-CHL-FTA", "Entry into force")]
    assert eif["date"] == "2004-04-01" and eif["stage_label"] == "Entrada en vigor"
    windows = {(w["measure"], w["period"]): w for w in body["fta_windows"]}
    assert windows[("exports", "pre")]["entry_year"] == 2004
    assert body["composition"]["available"] is False  # the reference store has no HS product data
    directions = {(r["exporter"], r["importer"]) for r in body["intensity"]}
    assert directions == {("KOR", "CHL"), ("CHL", "KOR")}


def test_partner_unknown_or_invalid(client):
    assert client.get("/api/partners/XXX").status_code == 404
    assert client.get("/api/partners/CH1").status_code == 422
    assert client.get("/api/partners/KOR").status_code == 404  # well-formed but not a partner of KOR


def test_indicator_api(client):
    body = client.get("/api/indicators/intensity?partners=CHL,PER&year_from=2000&year_to=2016").json()
    assert body["indicator"] == "intensity" and "TII" in body["formula"]
    assert {r["year"] for r in body["rows"]} == {2000, 2004, 2008, 2012, 2016}
    assert client.get("/api/indicators/nope").status_code == 422
    assert client.get("/api/indicators/balance?year_from=2010&year_to=2000").status_code == 404
    names = {i["name"] for i in client.get("/api/indicators").json()["indicators"]}
    assert {"balance", "rca", "intensity"} <= names


def test_pages_render_tables_without_javascript(client):
    html = client.get("/overview").text
    body = client.get("/api/overview").json()
    chl = next(r for r in body["yearly"] if r["partner"] == "CHL" and r["year"] == 2016)
    assert f"{chl['total_trade'] / 1e6:,.1f}" in html  # the value is in the server-rendered HTML
    assert '<table class="data">' in html and 'type="application/json"' in html
    assert "/static/vendor/vega-embed.min.js" in html and "cdn" not in html.lower()


@pytest.mark.parametrize("path", ["/overview", "/partners/PER", "/agreements", "/perceptions", "/brief",
                                  "/scenarios", "/indicators?indicator=hhi_markets&partners=PA"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_in_every_language(client, path, lang):
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}lang={lang}")
    assert r.status_code == 200, r.text[:300]
    assert f'<html lang="{lang}">' in r.text
    assert t(lang, "overview") in r.text  # the navigation is translated
    assert "Content-Security-Policy" in r.headers


def test_language_path_prefix_redirects(client):
    r = client.get("/ko/partners/MEX?x=1", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/partners/MEX?x=1&lang=ko"
    assert client.get("/es//evil.example", follow_redirects=False).headers["location"].startswith("/overview")
    assert client.get("/", follow_redirects=False).headers["location"] == "/overview"


def test_perceptions_are_labelled_demo(client):
    body = client.get("/api/perceptions").json()
    assert body["demo"] is True
    assert all(r["demo"] for r in body["survey"]["likert"] + body["interviews"]["frequencies"])
    for lang in LANGS:
        html = client.get(f"/perceptions?lang={lang}&demo=1").text  # demo data only on request
        assert "DEMO" in html and STRINGS["demo_banner"][lang] in html
        assert f"{STRINGS['received'][lang]}: <strong>0</strong>" in html  # no real responses in this app yet
        default = client.get(f"/perceptions?lang={lang}").text  # by default: the real count, how to collect
        assert "DEMO" not in default and STRINGS["demo_banner"][lang] not in default
        assert f"{STRINGS['received'][lang]}: <strong>0</strong>" in default
        assert STRINGS["perceptions_collect"][lang] in default and f'href="/survey/?lang={lang}"' in default


def test_brief_downloads_only_fixed_names(client, out_dir):
    assert client.get("/api/brief").json()["files"] == []
    assert "tradebridge brief --lang all" in client.get("/brief").text
    (out_dir / "brief-es.html").write_text("<h1>Nota</h1>", encoding="utf-8")
    (out_dir / "secret.txt").write_text("no", encoding="utf-8")
    files = client.get("/api/brief").json()["files"]
    assert [f["name"] for f in files] == ["brief-es.html"]
    assert client.get("/brief/files/brief-es.html").text == "<h1>Nota</h1>"
    assert client.get("/brief/files/secret.txt").status_code == 404
    assert client.get("/brief/files/..%2Fsecret.txt").status_code == 404
    assert client.get("/brief/files/brief-en.pdf").status_code == 404  # not built


def test_scenarios_list_without_running(client):
    body = client.get("/api/scenarios").json()
    names = {s["scenario"]: s for s in body["scenarios"]}
    assert {"kor_mex_fta", "kor_pa_associate", "remove_kor_pa_ftas"} <= set(names)
    assert all(s["status"] == "not_run" for s in names.values())
    assert client.get("/api/scenarios/not_a_scenario").status_code == 404


def test_chart_specs_are_vega_lite_and_safe():
    spec = charts.trade_lines([{"year": 2016, "partner": "CHL", "total_trade": 5.5e9}], "ko")
    assert spec["$schema"].endswith("vega-lite/v5.json") and spec["data"]["values"][0]["value"] == 55.0  # 억 US$
    assert spec["layer"][0]["encoding"]["y"]["title"].endswith("(억 US$)")
    text = str(charts.embed_json({"title": "</script><script>alert(1)</script>&"}))
    assert "</script>" not in text and "<" not in text and "&" not in text.replace("\\u0026", "")


def test_every_string_has_three_languages():
    missing = [k for k, v in STRINGS.items() if set(v) != set(LANGS) or not all(v.values())]
    assert missing == []


def test_composition_appears_when_product_data_are_ingested(store_path, tmp_path):
    """A made-up BACI-format fixture (tests/fixtures/baci/*_fake.csv, values in thousands of USD) written
    into a copy of the warehouse: the store version changes, the cache is bypassed, composition appears."""
    import shutil

    import pandas as pd

    from tradebridge.sources.base import Extract, Provenance

    store = tmp_path / "store.duckdb"
    shutil.copy(store_path, store)
    settings = Settings(store=store, survey_db=f"sqlite:///{tmp_path / 's.sqlite'}", cache=tmp_path / "cache")
    with TestClient(create_app(settings, secret_key="k" * 32)) as c:
        before = c.get("/api/partners/PER").json()
        assert before["composition"]["available"] is False
        raw = pd.read_csv(Path(__file__).parents[2] / "fixtures" / "baci" / "BACI_HS17_kor_pa_fake.csv",
                          dtype={"k": str})
        codes = {410: "KOR", 604: "PER", 152: "CHL"}
        flows = pd.DataFrame({"dataset": "baci_hs17_fake", "exporter": raw.i.map(codes),
                              "importer": raw.j.map(codes), "year": raw.t.astype("int64"), "classification": "HS17",
                              "product": raw.k.str.zfill(6), "value_usd": raw.v * 1000.0,
                              "quantity": raw.q, "quantity_unit": "t"})
        with Store.open(store, read_only=False) as st:
            st.write([Extract(Provenance("baci_hs17_fake", "made-up BACI-format fixture", "CC0"),
                              {"trade_flows": flows})])
        after = c.get("/api/partners/PER").json()
        assert after["store_version"] != before["store_version"]
        comp = after["composition"]
        assert comp["available"] and comp["dataset"] == "baci_hs17_fake"
        sec = {(r["year"], r["direction"], r["group"]): r for r in comp["sections"]}
        # KOR -> PER 2010: 870323 (section XVII) 100 and 851712 (XVI) 50 thousand USD -> XVII share 100/150
        assert sec[(2010, "exports", "XVII")]["share"] == pytest.approx(2 / 3, abs=1e-14)  # JSON keeps 15 digits
        assert sec[(2010, "exports", "XVII")]["value_usd"] == pytest.approx(100_000.0)
        top = [r for r in comp["top_products"] if r["year"] == 2012 and r["direction"] == "exports"]
        assert [r["product"] for r in top[:2]] == ["870323", "851712"]
        html = c.get("/partners/PER").text
        assert "870323" in html and 'id="spec-composition"' in html
