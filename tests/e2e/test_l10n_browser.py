"""The site frame in headless Chromium (Debian's chromium driven by Playwright): the API docs drawn with no
request off the loopback, Korean chosen by ``?lang=ko`` and by ``Accept-Language``, the language kept on
every link, one colour per series in every language, and the data-vintage banner on every page.

Screenshots go to ``test-artifacts/e2e/``. Needs the ``chromium`` package (apt); outside CI it skips.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tb_testing import PROJECT_ROOT, browser_page, require_tool, uvicorn_app, web_env
from tradebridge.i18n import LANGS, place, t

pytestmark = pytest.mark.slow
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DATA = re.compile(r"^/(static/|api/(?!docs)|openapi\.json)")  # files and JSON/CSV answers: no language
PAGES = ("/overview", "/partners/PER", "/agreements", "/indicators", "/scenarios", "/perceptions", "/brief",
         "/complexity", "/admin/login", "/survey/", "/api/docs")
LEGEND = """(sel) => { const svg = document.querySelector(sel + ' svg.marks');
  const labels = [...svg.querySelectorAll('.role-legend-label text')].map(n => n.textContent);
  const colours = [...svg.querySelectorAll('.role-legend-symbol path')].map(
      p => (p.getAttribute('fill') && p.getAttribute('fill') !== 'transparent') ? p.getAttribute('fill') : p.getAttribute('stroke'));
  return labels.map((l, i) => [l, colours[i]]); }"""
LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.getAttribute('hreflang')])"""


@pytest.fixture(scope="module")
def base(store_path, tmp_path_factory):
    require_tool("chromium", "end-to-end browser tests")
    with uvicorn_app(web_env(store_path, tmp_path_factory.mktemp("e2e_l10n"))) as url:
        yield url


@pytest.fixture
def offline(browser):
    """A page that may reach only the loopback: any other request is aborted and recorded; a script or
    console error (a CSP refusal) fails the test (browser: tests/e2e/conftest.py)."""
    leaving: list[str] = []

    def route(r):
        if urlsplit(r.request.url).hostname in LOOPBACK or r.request.url.startswith("data:"):
            r.continue_()
        else:
            leaving.append(r.request.url)
            r.abort()

    with browser_page(browser, console_errors=True) as page:
        page.context.route("**/*", route)
        yield page, leaving


def test_api_docs_render_offline_from_the_footer_link(base, offline):
    page, leaving = offline
    page.goto(base + "/overview?lang=es")
    page.click("footer a#api-docs-link")
    page.wait_for_url("**/api/docs?lang=es")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert page.locator(".swagger-ui .opblock").count() >= 8  # one block per JSON endpoint
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("tradebridge")
    page.locator(".swagger-ui .opblock-summary-path", has_text="/api/overview").first.click()
    page.wait_for_selector(".swagger-ui .opblock.is-open .parameters", timeout=10000)
    assert page.locator("html").get_attribute("lang") == "es"
    page.screenshot(path=str(ARTIFACTS / "api-docs-offline.png"), full_page=False)
    assert leaving == []  # nothing asked of a CDN or the online validator


def test_query_and_accept_language_pick_korean(base, browser):
    title = t("ko", "overview_title", reporter=place("KOR", "ko"), bloc=place("PA", "ko"))
    ctx = browser.new_context(locale="ko-KR")  # Accept-Language: ko-KR (Playwright sets the header)
    page = ctx.new_page()
    page.goto(base + "/overview")
    assert page.locator("html").get_attribute("lang") == "ko" and page.locator("h1").inner_text() == title
    page.click("nav[aria-label=main] a[href^='/agreements']")
    page.wait_for_url("**/agreements?lang=ko")  # once chosen, the language travels in the links
    ctx.close()
    ctx = browser.new_context(locale="en-US")
    page = ctx.new_page()
    page.goto(base + "/?lang=ko")
    page.wait_for_url("**/overview?lang=ko")
    assert page.locator("h1").inner_text() == title
    page.goto(base + "/overview")
    assert page.locator("html").get_attribute("lang") == "en"
    ctx.close()


@pytest.mark.parametrize("lang", ["es", "ko"])
def test_every_link_of_every_page_keeps_the_language(base, offline, lang):
    page, _ = offline
    for path in PAGES:
        page.goto(f"{base}{path}?lang={lang}")
        links = [(h, hl) for h, hl in page.evaluate(LINKS) if h.startswith("/") and not DATA.match(h)]
        assert links, path
        for href, hreflang in links:
            q = parse_qs(urlsplit(href).query).get("lang", [None])[0]
            segs = urlsplit(href).path.strip("/").split("/")
            carried = q or (segs[2] if len(segs) == 3 and segs[0] == "survey" else None)
            assert carried == (hreflang or lang), (path, href)
    page.goto(f"{base}/overview?lang={lang}")  # survey links keep it too, down to the form
    page.click("footer a[href^='/survey/']")
    page.click(f"ul.surveys a[hreflang={lang}]")
    page.wait_for_url(f"**/survey/*/{lang}")
    assert page.locator("html").get_attribute("lang") == lang


def test_the_same_series_has_the_same_colour_in_every_language(base, offline):
    page, _ = offline
    charts = {"/partners/CHL": ("#chart-flows", lambda lang: {t(lang, k): k for k in ("exports", "imports", "balance")}),
              "/overview": ("#chart-trade", lambda lang: {place(c, lang): c for c in ("CHL", "COL", "MEX", "PER", "PA")})}
    for path, (sel, keys_of) in charts.items():
        seen: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            page.goto(f"{base}{path}?lang={lang}")
            page.wait_for_selector(f"{sel} svg.marks .role-legend-label text", timeout=20000)
            keys = keys_of(lang)
            legend = page.evaluate(LEGEND, sel)
            assert {label for label, _ in legend} == set(keys), (path, lang, legend)  # every entry translated
            seen[lang] = {keys[label]: colour for label, colour in legend}
        assert seen["en"] == seen["es"] == seen["ko"], (path, seen)
        assert len(set(seen["en"].values())) == len(seen["en"])  # one colour per series
    page.screenshot(path=str(ARTIFACTS / "colours-overview-ko.png"), full_page=False)


def test_the_vintage_banner_is_on_every_page(base, offline):
    page, _ = offline
    for path in (*PAGES, "/survey/tradebridge-perceptions/ko"):
        page.goto(f"{base}{path}" + ("" if path.count("/") == 3 else "?lang=ko"))
        banner = page.locator("aside#vintage")
        assert banner.is_visible(), path
        assert "1964–2016년, 4년 간격(14개 연도); 최신 연도는 2016년" in banner.inner_text(), path
    banner.locator("summary").click()
    assert banner.locator("tbody tr").count() == 18  # every dataset of the reference warehouse with its version
    page.screenshot(path=str(ARTIFACTS / "vintage-banner-survey-ko.png"), full_page=False)
