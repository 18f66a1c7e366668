"""Scenario pages and API (tradebridge.web.scenarios, tradebridge.web.results): parameters validated as
the scenario YAML is, the true content read from the warehouse, runs started only by a same-site POST
with the CSRF token, the queue's cap (503 + Retry-After), and a GET that never starts a run.

The real GE runs are in test_scenarios_run.py; here the pool is filled with blocking jobs of the test's
own (events, no sleeps) where the cap is checked."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.config import Settings
from tradebridge.errors import ConfigError
from tradebridge.models.scenarios import parse_scenario, scenario_text
from tradebridge.reference.blocs import resolve_scope
from tradebridge.store import Store
from tradebridge.web.app import create_app
from tradebridge.web.queries import StoreAccess
from tradebridge.web.results import WEB_MAX_DRAWS, ScenarioRunner, parse_pairs

SCOPE = resolve_scope("KOR", "PA", dataset="comtrade_aggregate")
NAMES = ("kor_mex_fta", "kor_pa_associate", "remove_kor_pa_ftas")


@pytest.fixture(scope="module")
def offline_runner() -> ScenarioRunner:
    """A runner without a warehouse: validation and keys need none."""
    return ScenarioRunner(StoreAccess(Path("no-such-store.duckdb")), SCOPE, None)


@pytest.fixture(scope="module")
def client(store_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scen")
    s = Settings(store=store_path, survey_db=f"sqlite:///{tmp / 's.sqlite'}", cache=tmp / "cache",
                 extra={"scenario_draws": 2, "scenario_workers": 1, "scenario_queue": 1})
    with TestClient(create_app(s, secret_key="s" * 32), base_url="http://testserver") as c:
        yield c


def _token(client, path="/scenarios/kor_mex_fta?lang=en") -> str:
    page = client.get(path)
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def _raw(name: str) -> dict:
    return yaml.safe_load(scenario_text(name))


def _yaml_outcome(raw: dict):
    try:
        return "ok", parse_scenario(raw)
    except ConfigError as exc:
        return "error", str(exc)


def _web_outcome(runner, name, params):
    try:
        return "ok", runner.spec(name, params)
    except ConfigError as exc:
        return "error", str(exc)


# ------------------------------------------------------------------ parameters validated as the YAML is
THETAS = st.one_of(st.floats(allow_nan=False, allow_infinity=False, min_value=-50, max_value=50).map(repr),
                   st.sampled_from(["abc", "0", "-1", "1e3", "six", "4.5", " 7 "]))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(theta=THETAS)
def test_theta_is_validated_as_in_the_yaml(offline_runner, theta):
    raw = _raw("kor_mex_fta")
    raw.pop("sigma")
    raw["theta"] = theta.strip()
    kind, value = _web_outcome(offline_runner, "kor_mex_fta", {"theta": theta})
    expected_kind, expected = _yaml_outcome(raw)
    assert kind == expected_kind
    if kind == "ok":
        assert value.theta == expected.theta
    else:
        assert value == expected  # the same message, naming the key


@settings(max_examples=40, deadline=None, derandomize=True)
@given(draws=st.one_of(st.integers(-5, 12_000).map(str), st.sampled_from(["2.5", "x", "1e2"])))
def test_draws_are_validated_as_in_the_yaml_with_the_dashboards_cap(offline_runner, draws):
    raw = _raw("remove_kor_pa_ftas")
    raw["uncertainty"] = {**raw["uncertainty"], "draws": draws}
    kind, value = _web_outcome(offline_runner, "remove_kor_pa_ftas", {"draws": draws})
    expected_kind, expected = _yaml_outcome(raw)
    if expected_kind == "error":
        assert (kind, value) == ("error", expected)
    elif expected.draws > WEB_MAX_DRAWS:
        assert kind == "error" and f"more than this dashboard runs ({WEB_MAX_DRAWS})" in value
    else:
        assert kind == "ok" and value.draws == expected.draws


def test_pairs_are_validated_and_kept_within_the_scope(offline_runner):
    spec = offline_runner.spec("kor_mex_fta", {"pairs": "KOR-MEX; kor–per"})
    assert spec.add == (("KOR", "MEX"), ("KOR", "PER"))
    assert parse_pairs("KOR/COL\nKOR-CHL") == (("KOR", "COL"), ("KOR", "CHL"))
    raw = _raw("kor_mex_fta")
    raw["shocks"] = {"add": [["KOR", "KOR"]]}
    with pytest.raises(ConfigError) as yaml_error:
        parse_scenario(raw)
    with pytest.raises(ConfigError) as web_error:
        offline_runner.spec("kor_mex_fta", {"pairs": "KOR-KOR"})
    assert str(web_error.value) == str(yaml_error.value) == "shocks.add: KOR-KOR is not a pair of two countries"
    with pytest.raises(ConfigError, match="KOR-JPN is not a pair of KOR with one of its partners"):
        offline_runner.spec("kor_mex_fta", {"pairs": "KOR-JPN"})
    with pytest.raises(ConfigError, match="'Korea' is not a pair of ISO3 codes"):
        offline_runner.spec("kor_mex_fta", {"pairs": "Korea"})
    with pytest.raises(ConfigError, match="shocks.join"):
        offline_runner.spec("kor_pa_associate", {"pairs": "KOR-MEX"})
    with pytest.raises(ConfigError, match="no shipped scenario 'example_wiod_eu_enlargement'"):
        offline_runner.spec("example_wiod_eu_enlargement")  # shipped, but not about this scope


def test_the_run_key_changes_with_each_parameter_and_only_with_them(offline_runner):
    base = offline_runner.key("kor_mex_fta", offline_runner.spec("kor_mex_fta"))
    assert base == offline_runner.key("kor_mex_fta", offline_runner.spec("kor_mex_fta", {"theta": "6"}))  # sigma 7
    others = {offline_runner.key("kor_mex_fta", offline_runner.spec("kor_mex_fta", p))
              for p in ({"theta": "5"}, {"draws": "10"}, {"pairs": "KOR-PER"})}
    assert len(others) == 3 and base not in others
    assert base.startswith("scenario-no-store-kor_mex_fta-")


# ------------------------------------------------------------------ true content
def test_true_content_of_the_removal_scenario_matches_the_warehouse(store_path):
    runner = ScenarioRunner(StoreAccess(store_path), SCOPE, None)
    content = runner.content("remove_kor_pa_ftas")
    with Store.open(store_path, read_only=True) as s:  # the baseline counted directly in SQL
        q = ("SELECT count(*) AS n FROM (SELECT exporter FROM trade_flows WHERE dataset = 'agtpa' AND year = 2006 "
             "UNION SELECT importer FROM trade_flows WHERE dataset = 'agtpa' AND year = 2006)")
        n = int(s.sql(q)["n"].iloc[0])
    assert content["baseline"] == {"data": "agtpa", "year": 2006, "countries": n}
    # entry into force: Korea–Chile 1 April 2004, Korea–Peru 1 August 2011, Korea–Colombia 15 July 2016
    assert {(a["b"], a["year"], a["in_force"]) for a in content["agreements"]} == {
        ("CHL", 2004, True), ("PER", 2011, False), ("COL", 2016, False)}
    assert [(s["b"], s["effect"]) for s in content["shocks"]] == [("CHL", "applied"), ("COL", "not_in_force")]
    assert content["absent"] == ["PER"]  # Peru is not in the Advanced Guide's country sample


def test_true_content_of_the_associate_scenario_names_skipped_and_existing_pairs(store_path):
    content = ScenarioRunner(StoreAccess(store_path), SCOPE, None).content("kor_pa_associate")
    assert {s["b"]: s["effect"] for s in content["shocks"]} == {"CHL": "already", "COL": "applied",
                                                                "MEX": "applied", "PER": "absent"}


@pytest.mark.parametrize("lang,words", [
    ("en", ["In force in 2006: Korea–Chile (2004).", "removing it changes nothing: Korea–Colombia.",
            "no result is shown for: Peru."]),
    ("es", ["En vigor en 2006: Corea–Chile (2004).", "eliminarlo no cambia nada: Corea–Colombia.",
            "no se muestra resultado para: Perú."]),
    ("ko", ["2006년에 발효 중인 협정: 대한민국–칠레 (2004).", "철폐해도 변화 없음: 대한민국–콜롬비아.",
            "결과를 표시하지 않음: 페루."])])
def test_the_true_content_is_above_the_form_and_results_in_each_language(client, lang, words):
    page = client.get(f"/scenarios/remove_kor_pa_ftas?lang={lang}")
    assert page.status_code == 200
    text = page.text
    content, form, run = text.index('id="content"'), text.index('id="run-form"'), text.index('id="run"')
    assert content < form < run
    section = text[content:form]
    for w in words:
        assert w in section, w


def test_the_list_page_shows_each_scenarios_content_and_starts_nothing(client):
    pool = client.app.state.ctx.state.get("scenario_pool")
    before = pool.stats()["jobs"] if pool else 0
    page = client.get("/scenarios?lang=en&run=kor_mex_fta")  # an old GET link: starts nothing
    assert page.status_code == 200
    for name in NAMES:
        assert f'id="scenario-{name}"' in page.text and f'href="/scenarios/{name}?lang=en"' in page.text
    assert page.text.count("Baseline: agtpa data for 2006") == 3
    assert client.get("/api/scenarios/kor_mex_fta?run=true").json()["status"] == "not_run"
    assert client.app.state.ctx.state["scenario_pool"].stats()["jobs"] == before
    assert client.get("/scenarios/not_a_scenario").status_code == 404
    assert client.get("/api/scenarios/not_a_scenario").status_code == 404


# ------------------------------------------------------------------ who may start a run
@pytest.mark.parametrize("case", ["no_token", "forged_token", "foreign_origin", "cross_site_fetch", "foreign_referer"])
def test_a_cross_site_post_starts_nothing(client, case):
    token = _token(client)
    data = {"csrf_token": token, "lang": "en", "theta": "3.5", "draws": "2", "pairs": "KOR-MEX"}
    headers = {}
    if case == "no_token":
        data.pop("csrf_token")
    elif case == "forged_token":
        data["csrf_token"] = token[:-4] + "0000"
    elif case == "foreign_origin":
        headers["Origin"] = "http://evil.example"
    elif case == "cross_site_fetch":
        headers["Sec-Fetch-Site"] = "cross-site"
    else:
        headers["Referer"] = "http://evil.example/page"
    r = client.post("/scenarios/kor_mex_fta", data=data, headers=headers, follow_redirects=False)
    assert r.status_code == 403
    assert "Nothing was started" in r.text
    state = client.get("/api/scenarios/kor_mex_fta?theta=3.5&draws=2&pairs=KOR-MEX").json()
    assert state["status"] == "not_run"


def test_invalid_parameters_are_refused_with_the_key_named(client):
    token = _token(client, "/scenarios/kor_mex_fta?lang=es")
    r = client.post("/scenarios/kor_mex_fta", data={"csrf_token": token, "lang": "es", "theta": "seis"},
                    headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert r.status_code == 422
    assert "Los parámetros no son válidos: theta must be a number, got &#39;seis&#39;" in r.text
    assert 'value="seis"' in r.text  # the typed value is kept in the form
    api = client.post("/api/scenarios/kor_mex_fta/runs", json={"draws": -3})
    assert api.status_code == 422 and "uncertainty.draws must be >= 0" in api.json()["detail"]
    assert client.post("/api/scenarios/kor_mex_fta/runs", content='{"draws": 2}',
                       headers={"Content-Type": "text/plain"}).status_code in (415, 422)
    assert client.post("/api/scenarios/kor_mex_fta/runs", json={"draws": 2},
                       headers={"Origin": "http://evil.example"}).status_code == 403


def test_the_queue_cap_refuses_the_next_run_with_503_and_retry_after(client):
    """workers 1 + queue 1 (the fixture's settings): with both taken, a further run is refused."""
    pool = client.app.state.ctx.state["scenario_pool"]
    release, started = threading.Event(), threading.Event()

    def block(progress):
        started.set()
        assert release.wait(30)
        return {}

    pool.submit("test-blocker-1", block)
    assert started.wait(30)
    pool.submit("test-blocker-2", lambda progress: {})
    try:
        token = _token(client)
        r = client.post("/scenarios/kor_mex_fta", data={"csrf_token": token, "lang": "ko", "draws": "2"},
                        follow_redirects=False)
        assert r.status_code == 503 and r.headers["Retry-After"] == str(pool.retry_after)
        assert f"{pool.retry_after}초 후 다시 시도하십시오" in r.text
        api = client.post("/api/scenarios/kor_mex_fta/runs", json={"draws": 2})
        assert api.status_code == 503 and api.headers["Retry-After"] == str(pool.retry_after)
        assert client.get("/api/scenarios/kor_mex_fta?draws=2").json()["status"] == "not_run"
        shown = client.get("/scenarios/kor_mex_fta?lang=en")
        assert shown.status_code == 200  # pages stay served while the pool is full
    finally:
        release.set()
        assert pool.wait("test-blocker-2", 30)["status"] == "done"
