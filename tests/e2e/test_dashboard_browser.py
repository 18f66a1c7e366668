"""End-to-end in headless Chromium (Debian's chromium driven by Playwright): every page, charts drawn as
SVG, partner and language switching, a survey submission, admin login/coding/logout (a scenario run:
test_scenario_browser.py).

Screenshots go to ``test-artifacts/e2e/`` (gitignored). Needs the ``chromium`` package (apt).
"""

from __future__ import annotations

import pytest

from tb_testing import PROJECT_ROOT, require_tool, uvicorn_app, web_env
from tradebridge.interviews.demo import demo_transcripts
from tradebridge.interviews.project import InterviewProject
from tradebridge.survey.storage import ResponseStore
from tradebridge.web.admin import hash_password

pytestmark = pytest.mark.slow
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
PASSWORD = "e2e admin passphrase"
ANSWERS = {"country": "CHL", "actor_type": "public", "sector": "agriculture", "relationship_positive": "4",
           "fta_benefit": "5", "market_knowledge": "2", "balance_concern": "3", "coop_priority": "logistics",
           "associate_support": "4"}


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    """The app with an admin password, two demo transcripts and a built English brief (browser and page
    fixtures: tests/e2e/conftest.py)."""
    require_tool("chromium", "end-to-end browser tests")
    tmp = tmp_path_factory.mktemp("e2e")
    project = InterviewProject.create(tmp / "interviews")
    for tr in demo_transcripts()[:2]:
        project.add_transcript(tr, redaction_done=True)
    env = web_env(store_path, tmp, TRADEBRIDGE_ADMIN_PASSWORD_HASH=hash_password(PASSWORD),
                  TRADEBRIDGE_INTERVIEWS=str(tmp / "interviews"), TRADEBRIDGE_SCENARIO_DRAWS="2")
    (tmp / "out" / "brief-en.html").write_text("<h1>brief</h1>", encoding="utf-8")
    with uvicorn_app(env) as base:
        yield {"base": base, "db": env["TRADEBRIDGE_SURVEY_DB"]}


def _shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path,charts", [("/overview", 2), ("/partners/CHL", 3), ("/agreements", 1),
                                         ("/perceptions?demo=1", 3), ("/indicators?indicator=intensity&partners=PA", 1)])
def test_page_draws_its_charts(server, page, path, charts):
    page.goto(server["base"] + path)
    page.wait_for_function(f"document.querySelectorAll('div.chart svg').length >= {charts}", timeout=20000)
    assert page.locator("table.data").count() >= 1
    _shot(page, path.strip("/").split("?")[0].replace("/", "-") or "home")


def test_switch_partner_and_language(server, page):
    page.goto(server["base"] + "/partners/CHL")
    page.select_option("select#iso3", "PER")
    page.click("form.inline button[type=submit]")
    page.wait_for_url("**/partners/PER?lang=en")
    assert page.locator("h1").inner_text() == "Korea and Peru"
    page.click("div.langs a[hreflang=es]")
    page.wait_for_url("**/partners/PER?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Corea y Perú"
    page.click("nav.tabs a:has-text('México')")
    page.wait_for_url("**/partners/MEX?lang=es")
    page.wait_for_selector("#chart-flows svg.marks", timeout=20000)  # the chart, not its export menu's icon
    legend = page.locator("#chart-flows svg.marks").inner_html()
    assert "Exportaciones" in legend and "Exports" not in legend  # chart legend translated
    page.click("div.langs a[hreflang=ko]")
    page.wait_for_url("**/partners/MEX?lang=ko")
    assert page.locator("h1").inner_text() == "대한민국과 멕시코"  # the official name, with the particle its final consonant takes
    page.wait_for_selector("#chart-timeline svg")
    _shot(page, "partner-mex-ko")


def test_tables_work_without_javascript(server, browser):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(server["base"] + "/overview?lang=ko")
    assert pg.locator("table.data tbody tr").count() > 10
    assert pg.locator("div.chart svg").count() == 0
    _shot(pg, "overview-no-js")
    ctx.close()


def test_submit_a_survey(server, page):
    store = ResponseStore(server["db"])
    before = store.count("tradebridge-perceptions")
    page.goto(server["base"] + "/survey/tradebridge-perceptions/en")
    for name, value in ANSWERS.items():
        page.check(f'input[name="{name}"][value="{value}"]')
    page.fill("textarea[name=comments]", "Hello from the browser test")
    _shot(page, "survey-form")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Thank you")
    assert store.count("tradebridge-perceptions") == before + 1


def test_admin_login_code_and_logout(server, page):
    base = server["base"]
    page.goto(base + "/admin/")
    page.wait_for_url("**/admin/login")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button")
    page.wait_for_url("**/admin/?lang=en")  # the login form posts with the page's language, the redirect keeps it
    assert page.locator("strong.count").first.inner_text().isdigit()
    _shot(page, "admin-surveys")
    page.goto(base + "/admin/interviews/INT-0001")
    seg = page.locator("div.segment").nth(2)
    seg.locator("select[name=theme]").select_option("fta_optimism")
    seg.locator("button").click()
    page.wait_for_selector("div.segment >> text=fta_optimism (admin)")
    _shot(page, "admin-coding")
    page.click("#logout")
    page.wait_for_url("**/admin/login?lang=en")
    page.goto(base + "/admin/interviews")
    page.wait_for_url("**/admin/login")  # the session ended


def test_brief_download_link(server, page):
    page.goto(server["base"] + "/brief")
    page.click("text=brief-en.html")
    page.wait_for_selector("h1:has-text('brief')")
