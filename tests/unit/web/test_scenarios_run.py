"""A real scenario run through the form (POST with the CSRF token), on the reference warehouse: the
result is the library's for the edited parameters, a second request joins the first, and a new app
on the same cache serves the result without running it again (about 20 s: the pooled PPML)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from fastapi.testclient import TestClient

from tradebridge.config import Settings
from tradebridge.models.pipeline import run_scenario
from tradebridge.models.scenarios import parse_scenario, scenario_text
from tradebridge.web.app import create_app

pytestmark = pytest.mark.slow
PARAMS = {"theta": "5", "draws": "3", "pairs": "KOR-MEX"}


def _settings(store_path, tmp):
    return Settings(store=store_path, survey_db=f"sqlite:///{tmp / 's.sqlite'}", cache=tmp / "cache",
                    extra={"scenario_workers": 1, "scenario_queue": 2})


@pytest.fixture(scope="module")
def run(store_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scenrun")
    with TestClient(create_app(_settings(store_path, tmp), secret_key="r" * 32)) as c:
        page = c.get("/scenarios/kor_mex_fta?lang=en")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/scenarios/kor_mex_fta", data={"csrf_token": token, "lang": "en", **PARAMS},
                   headers={"Origin": "http://testserver"}, follow_redirects=False)
        assert r.status_code == 303, r.text[:500]
        location = r.headers["location"]
        state = c.get("/api/scenarios/kor_mex_fta", params=PARAMS).json()
        assert state["status"] in ("queued", "running", "done")
        pool = c.app.state.ctx.state["scenario_pool"]
        done = pool.wait(state["key"], 600)  # bounded wait for the background worker
        assert done["status"] == "done", done.get("error")
        yield {"client": c, "location": location, "key": state["key"], "tmp": tmp, "pool": pool}


def test_the_form_redirects_to_the_runs_page_and_shows_the_result_below_the_content(run):
    c = run["client"]
    assert parse_qs(urlsplit(run["location"]).query) == {"lang": ["en"], "theta": ["5"], "draws": ["3"],
                                                          "pairs": ["KOR-MEX"]}
    page = c.get(run["location"])
    assert page.status_code == 200 and "refresh" not in page.text.split("</head>")[0]
    state = c.get("/api/scenarios/kor_mex_fta", params=PARAMS).json()
    b = state["result"]["partial_effect"]["estimate"]
    text = page.text
    assert text.index('id="content"') < text.index("✓ Results") < text.index(f"{b:.3f}")
    assert 'id="chart-exports"' in text and "Mexico" in text
    assert state["result"]["theta"] == 5.0 and state["result"]["uncertainty"]["draws"] == 3


def test_the_result_is_the_librarys_for_the_edited_parameters(run, store_path):
    c = run["client"]
    runner = c.app.state.ctx.state["scenario_runner"]
    raw = yaml.safe_load(scenario_text("kor_mex_fta"))
    raw.pop("sigma")
    raw.update(theta=5, uncertainty={**raw["uncertainty"], "draws": 3})
    expected = run_scenario(parse_scenario(raw), store_path=store_path, partial=runner._partial())
    web = {r["country"]: r for r in c.get("/api/scenarios/kor_mex_fta", params=PARAMS).json()["result"]["focus"]}
    lib = expected.legacy_focus().set_index("country")
    for country in ("KOR", "MEX", "CHL"):
        # 1e-12 relative: the same seeded draws and solver; only the JSON round trip (17 digits) in between
        assert web[country]["welfare"] == pytest.approx(lib.loc[country, "welfare"], rel=1e-12)
        assert web[country]["exports_hi"] == pytest.approx(lib.loc[country, "exports_hi"], rel=1e-12)
    assert "PER" not in web  # not in the baseline: the page says so above the results


def test_a_second_request_for_the_same_run_joins_it(run):
    c, pool = run["client"], run["pool"]
    before = pool.stats()["jobs"]
    page = c.get(run["location"])  # each page sets a new token in the cookie and the form
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    again = c.post("/scenarios/kor_mex_fta", data={"csrf_token": token, "lang": "en", **PARAMS},
                   follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == run["location"]
    api = c.post("/api/scenarios/kor_mex_fta/runs", json={"theta": 5, "draws": 3, "pairs": "KOR-MEX"})
    assert api.status_code == 202 and api.json()["status"] == "done" and api.json()["key"] == run["key"]
    assert pool.stats()["jobs"] == before  # no new job


def test_a_new_app_on_the_same_cache_serves_the_result_without_running(run, store_path):
    assert (run["tmp"] / "cache" / "web" / f"{run['key']}.json").is_file()
    with TestClient(create_app(_settings(store_path, run["tmp"]), secret_key="r" * 32)) as fresh:
        state = fresh.get("/api/scenarios/kor_mex_fta", params=PARAMS).json()
        assert state["status"] == "done" and state["key"] == run["key"]
        assert fresh.app.state.ctx.state["scenario_pool"].stats() == {"workers": 1, "queue_cap": 2, "running": 0,
                                                                       "queued": 0, "jobs": 1}
