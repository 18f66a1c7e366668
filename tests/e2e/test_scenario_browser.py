"""A scenario run in headless Chromium: through the form (a POST with the CSRF token) to completion with
its progress shown, the true content above the results; and a page of another site that posts the same
form (even with a real token copied into it) or calls the API starts nothing.

Each test's ``page`` (tests/e2e/conftest.py) is in a new browser context, so it starts without cookies
and fails on a script error. Screenshots go to ``test-artifacts/e2e/`` (gitignored). Needs the
``chromium`` package (apt).
"""

from __future__ import annotations

import re

import httpx
import pytest

from tb_testing import PROJECT_ROOT, require_tool, uvicorn_app, web_env

pytestmark = pytest.mark.slow
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    require_tool("chromium", "end-to-end browser tests")
    with uvicorn_app(web_env(store_path, tmp_path_factory.mktemp("e2e-scen"))) as base:
        yield base


def _state(base: str, **params: str) -> dict:
    return httpx.get(f"{base}/api/scenarios/kor_mex_fta", params=params, timeout=60).json()


def test_run_a_scenario_through_the_form_with_progress(server, page):
    page.goto(server + "/scenarios?lang=en")
    page.click("#scenario-kor_mex_fta a.button")
    page.wait_for_url("**/scenarios/kor_mex_fta?lang=en")
    page.fill("input[name=theta]", "6.5")
    page.fill("input[name=draws]", "2")
    page.fill("input[name=pairs]", "KOR-MEX")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/scenarios/kor_mex_fta\?lang=en&theta=6.5&draws=2&pairs=KOR-MEX$"))
    # a fresh server first estimates the pooled partial effect (seconds): the page shows where the run is
    progress = page.locator("#progress-text").inner_text()
    assert re.fullmatch(r"(Queued: position \d+|Step [1-4] of 4: .+)\.", progress), progress
    assert page.locator("progress").count() == 1
    _shot(page, "scenario-progress")
    page.wait_for_selector("#chart-exports svg", timeout=240_000)  # the page refreshes itself every 2 s
    assert "✓" in page.locator("#run").inner_text()
    assert page.locator("#content").bounding_box()["y"] < page.locator("#run").bounding_box()["y"]
    _shot(page, "scenario-done")
    body = _state(server, theta="6.5", draws="2", pairs="KOR-MEX")  # strict JSON (no NaN)
    assert body["status"] == "done" and body["result"]["theta"] == 6.5 and body["result"]["uncertainty"]["draws"] == 2
    focus = {r["country"]: r for r in body["result"]["focus"]}
    assert focus["MEX"]["exports"] > 0 and focus["KOR"]["exports"] > 0  # an added FTA raises both partners' exports
    page.click("div.langs a[hreflang=ko]")
    page.wait_for_selector("#chart-exports svg", timeout=20_000)
    content = page.locator("#content").inner_text()
    assert "2006년에 발효 중인 협정: 대한민국–칠레 (2004)." in content and "페루" in content
    _shot(page, "scenario-done-ko")


def test_a_page_of_another_site_cannot_start_a_run(server, page):
    page.goto(server + "/scenarios/kor_mex_fta?lang=en")  # the victim has the site open: its cookie exists
    token = page.locator("input[name=csrf_token]").get_attribute("value")
    port = server.rsplit(":", 1)[1]
    evil = f"http://localhost:{port}/evil.html"  # another site (localhost is not 127.0.0.1)
    html = (f'<form id="f" method="post" action="{server}/scenarios/kor_mex_fta">'
            f'<input name="csrf_token" value="{token}"><input name="lang" value="en">'
            '<input name="theta" value="3"><input name="draws" value="2"><input name="pairs" value="KOR-MEX">'
            '<button>go</button></form>')
    page.route(evil, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    page.goto(evil)
    with page.expect_navigation() as nav:
        page.click("#f button")
    assert nav.value.status == 403
    assert "Nothing was started" in page.content()
    page.goto(evil)  # back on the other site: its scripts call the JSON API
    outcome = page.evaluate("""async (url) => {
        const out = [];
        try { await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                body: JSON.stringify({theta: 3, draws: 2, pairs: 'KOR-MEX'})}); out.push('json sent'); }
        catch (e) { out.push('json blocked'); }
        // a simple (no preflight) POST reaches the server, which refuses it: foreign Origin, not JSON
        try { await fetch(url, {method: 'POST', mode: 'no-cors', body: '{"theta": 3, "draws": 2}'}); out.push('sent'); }
        catch (e) { out.push('response withheld'); }  // the browser may also withhold the opaque reply
        return out;
    }""", f"{server}/api/scenarios/kor_mex_fta/runs")
    assert outcome[0] == "json blocked"  # the JSON POST needs a preflight this server never grants
    assert _state(server, theta="3", draws="2", pairs="KOR-MEX")["status"] == "not_run"


def _shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
