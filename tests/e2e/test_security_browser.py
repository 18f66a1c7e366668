"""Hardening seen from outside, against the real ``tradebridge serve`` (its uvicorn options included):

- every chart draws under the Content-Security-Policy (no ``'unsafe-eval'``) with no violation reported,
  on the overview, partner, indicators, complexity, agreements and perceptions pages, and the API docs
  load under it; a control shows the listener catches violations and that eval and inline scripts are
  refused;
- each chart's export menu saves SVG and PNG (translated labels, nothing else in the menu);
- another site cannot frame the pages, the API, the static files or the brief downloads;
- ``X-Forwarded-For`` is ignored by default (the login limit holds when the header changes) and is
  believed only from a configured proxy;
- security headers and compressed static files over real HTTP.

Headless Debian chromium driven by Playwright (skips outside CI when chromium is missing). Screenshots
go to ``test-artifacts/e2e/`` (gitignored).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from pathlib import Path

import httpx
import pytest

from tb_testing import PROJECT_ROOT, browser_page, uvicorn_app, web_env
from tradebridge.web.admin import MAX_FAILURES, hash_password
from tradebridge.web.security import SECURITY_HEADERS

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
PASSWORD = "e2e security passphrase"
# Collects every CSP violation the page reports, from before the first script runs.
LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
          "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


def _env(store_path, tmp, **extra: str) -> dict[str, str]:
    """A server with an admin password (plain HTTP, so cookies without Secure) and a built English brief."""
    env = web_env(store_path, tmp, TRADEBRIDGE_ADMIN_PASSWORD_HASH=hash_password(PASSWORD),
                  TRADEBRIDGE_COOKIE_SECURE="0", **extra)
    (tmp / "out" / "brief-en.html").write_text("<h1>brief</h1>", encoding="utf-8")
    return env


@pytest.fixture(scope="module")
def base(store_path, tmp_path_factory):
    """``tradebridge serve`` with the default settings (no trusted proxy)."""
    with uvicorn_app(_env(store_path, tmp_path_factory.mktemp("sec")), cli=True) as url:
        yield url


@pytest.fixture
def page(browser):
    """A page that may download and that records CSP violations from its first script (browser:
    tests/e2e/conftest.py)."""
    with browser_page(browser, accept_downloads=True, init_script=LISTEN) as pg:
        yield pg


def _csp_messages(pg) -> list[str]:
    return [m for m in pg.console_lines if "Content Security Policy" in m]


# ------------------------------------------------------------------------------------------- CSP
@pytest.mark.parametrize("path,charts", [
    ("/overview", 2), ("/partners/CHL", 3), ("/indicators?indicator=intensity&partners=PA", 1),
    ("/complexity", 3), ("/agreements", 1), ("/perceptions?demo=1", 3), ("/overview?lang=ko", 2),
])
def test_every_chart_draws_under_the_csp(base, page, path, charts):
    resp = page.goto(base + path, timeout=90000)
    csp = resp.headers["content-security-policy"]
    assert "'unsafe-eval'" not in csp and "script-src 'self';" in csp
    # every chart element on the page has drawn an SVG (none left blank or "chart unavailable")
    page.wait_for_function(
        f"document.querySelectorAll('div.chart').length >= {charts} && "
        "document.querySelectorAll('div.chart.drawn svg.marks').length === document.querySelectorAll('div.chart').length",
        timeout=90000)
    assert "chart unavailable" not in page.inner_text("main")
    assert page.evaluate("typeof vega.expressionInterpreter.operator") == "function"  # the vendored interpreter
    assert page.evaluate("window.__csp") == [] and _csp_messages(page) == []
    page.screenshot(path=str(ARTIFACTS / f"csp-{re.sub(r'[^A-Za-z0-9]+', '-', path).strip('-')}.png"), full_page=True)


def test_api_docs_load_under_the_csp(base, page):
    page.goto(base + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert page.evaluate("window.__csp") == [] and _csp_messages(page) == []


def test_the_policy_refuses_eval_and_inline_scripts(base, page):
    """The control: the same listener reports a violation when one happens, and the policy blocks what
    Vega's default (compiled) expressions would need."""
    page.goto(base + "/overview")
    page.wait_for_selector("div.chart.drawn")
    page.evaluate("""() => {
        const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
        document.head.appendChild(s);
        setTimeout('window.__evaluated = 1', 0);   // a string evaluated as code: needs 'unsafe-eval'
    }""")
    page.wait_for_function("window.__csp.length >= 2")
    assert page.evaluate("[window.__inline, window.__evaluated]") == [None, None]
    assert sorted(v.split()[0] for v in page.evaluate("window.__csp")) == ["script-src", "script-src-elem"]


# ------------------------------------------------------------------------------------------- export
def test_chart_export_saves_svg_and_png(base, page):
    page.goto(base + "/overview?lang=es")
    page.wait_for_selector("#chart-trade.drawn")
    labels = page.eval_on_selector_all("#chart-trade .vega-actions a", "els => els.map(a => a.textContent)")
    assert labels == ["Guardar como SVG", "Guardar como PNG"]  # no source view, no external editor
    files = {}
    for kind in ("SVG", "PNG"):
        page.evaluate("document.querySelector('#chart-trade details').open = true")
        with page.expect_download() as dl:
            page.click(f"#chart-trade .vega-actions a:has-text('{kind}')")
        files[kind] = (dl.value.suggested_filename, Path(dl.value.path()).read_bytes())
    assert files["SVG"][0] == "chart-trade.svg" and files["SVG"][1].startswith(b"<svg")
    assert b"Alianza del Pac" in files["SVG"][1]  # the drawn chart, in the page's language
    assert files["PNG"][0] == "chart-trade.png" and files["PNG"][1][:8] == b"\x89PNG\r\n\x1a\n"
    assert len(files["PNG"][1]) > 10_000
    assert page.evaluate("window.__csp") == []


def test_complexity_charts_have_the_export_menu(base, page):
    page.goto(base + "/complexity?lang=ko", timeout=90000)
    page.wait_for_function("document.querySelectorAll('div.chart.drawn').length >= 3", timeout=90000)
    menus = page.eval_on_selector_all("div.chart .vega-actions",
                                      "els => els.map(e => [...e.querySelectorAll('a')].map(a => a.textContent))")
    assert len(menus) >= 3 and all(m == ["SVG로 저장", "PNG로 저장"] for m in menus), menus


# ------------------------------------------------------------------------------------------- framing
FRAMED = ("/overview", "/survey/", "/api/overview", "/static/dashboard/charts.js", "/brief/files/brief-en.html")


def test_another_site_cannot_frame_any_response(base, page, tmp_path):
    """A page on another origin (localhost, another port) frames five kinds of response: all refused."""
    (tmp_path / "index.html").write_text("<h1>another site</h1>" + "".join(
        f'<iframe src="{base}{p}"></iframe>' for p in FRAMED), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://localhost:{other.server_address[1]}/index.html")
        page.wait_for_function(f"document.querySelectorAll('iframe').length === {len(FRAMED)}")
        page.wait_for_timeout(1000)  # the frames' navigations settle
        refused = [m for m in page.console_lines if "frame-ancestors 'none'" in m]
        assert len(refused) == len(FRAMED), page.console_lines
        children = page.frames[1:]
        assert len(children) == len(FRAMED)
        assert all(f.url.startswith("chrome-error://") for f in children), [f.url for f in children]
    finally:
        other.shutdown()


# ------------------------------------------------------------------------------------------- proxies
def _guess(client: httpx.Client, url: str, forwarded_for: str, password: str = "wrong") -> int:
    form = client.get(url + "/admin/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    return client.post(url + "/admin/login", data={"password": password, "csrf_token": token},
                       headers={"X-Forwarded-For": forwarded_for}).status_code


def test_served_app_ignores_forwarded_for_by_default(base):
    """The reported hole: uvicorn believed X-Forwarded-For from 127.0.0.1, so a new header per guess gave
    unlimited guesses. `tradebridge serve` with no trusted proxy: the header is ignored."""
    with httpx.Client() as c:
        for i in range(MAX_FAILURES):
            assert _guess(c, base, f"203.0.113.{i}") == 401
        assert _guess(c, base, "198.51.100.50", PASSWORD) == 429


def test_served_app_honours_forwarded_for_from_a_configured_proxy(store_path, tmp_path):
    env = _env(store_path, tmp_path, TRADEBRIDGE_TRUSTED_PROXIES="127.0.0.1")
    with uvicorn_app(env, cli=True) as url, httpx.Client() as c:
        for _ in range(MAX_FAILURES):
            assert _guess(c, url, "203.0.113.7") == 401
        assert _guess(c, url, "203.0.113.7") == 429  # that client is limited ...
        assert _guess(c, url, "6.6.6.6, 203.0.113.7") == 429  # ... whatever it prepends
        assert _guess(c, url, "203.0.113.8") == 401  # another client behind the proxy is not


# ------------------------------------------------------------------------------------------- headers
@pytest.mark.parametrize("path", ["/overview", "/api/overview", "/survey/", "/static/vendor/vega-embed.min.js",
                                  "/brief/files/brief-en.html", "/no-such-page"])
def test_served_responses_carry_the_security_headers(base, path):
    r = httpx.get(base + path)
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, (path, name)
    assert "server" not in r.headers  # serve does not advertise uvicorn


def test_served_static_files_are_compressed(base):
    with httpx.stream("GET", base + "/static/vendor/vega-lite.min.js", headers={"Accept-Encoding": "gzip"}) as r:
        body = b"".join(r.iter_raw())
    original = (PROJECT_ROOT / "src/tradebridge/web/static/vendor/vega-lite.min.js").read_bytes()
    assert r.headers["content-encoding"] == "gzip" and gzip.decompress(body) == original
    # measured: 252 kB -> 79 kB (31.5 %) with gzip level 6
    assert len(body) < 0.40 * len(original) and r.headers["cache-control"].startswith("public, max-age=")
