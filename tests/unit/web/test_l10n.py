"""The site frame on the reference warehouse: the page's language (?lang, Accept-Language), the language
kept on every link, the data-vintage banner on every page, translated admin pages, year-precision dates,
locale formats in tables and chart specs, and the API docs served by the app itself (no CDN)."""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tb_testing import web_client
from tradebridge.i18n import LANGS
from tradebridge.web.app import STATIC_DIR
from tradebridge.web.dashboard import accept_language, spacing, with_lang

PAGES = ("/overview", "/partners/CHL", "/agreements", "/perceptions", "/perceptions?demo=1", "/brief", "/scenarios",
         "/indicators", "/complexity", "/admin/login", "/survey/", "/survey/tradebridge-perceptions/{lang}", "/api/docs")
DATA = re.compile(r"^/(api/(?!docs)|openapi\.json)")  # JSON/CSV answers: the same data in every language


def url(path: str, lang: str) -> str:
    """``path`` in ``lang``: a survey form has the language in its path, every other page takes ?lang."""
    return path.format(lang=lang) if "{lang}" in path else path + ("&" if "?" in path else "?") + f"lang={lang}"


@pytest.fixture(scope="module")
def client(store_path, tmp_path_factory):
    with web_client(store_path, tmp_path_factory.mktemp("web_l10n")) as c:
        yield c


class Links(HTMLParser):
    """Every a[href] and form[action] of a page, with its hreflang; the banner's text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str | None]] = []
        self.html_lang: str | None = None
        self.banner, self._in_banner = "", 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], a.get("hreflang")))
        if tag == "form" and a.get("action"):
            self._form = {"action": a["action"], "get": (a.get("method") or "get").lower() == "get"}
        if tag == "input" and a.get("name") == "lang" and getattr(self, "_form", None):
            self._form["lang"] = a.get("value")
        if tag == "aside" and a.get("id") == "vintage":
            self._in_banner = 1
        elif self._in_banner:
            self._in_banner += 1

    def handle_endtag(self, tag):
        if tag == "form" and getattr(self, "_form", None):
            f, self._form = self._form, None  # a GET form sends its fields, not its action's query: a lang field
            self.links.append((f"{f['action'].split('?')[0]}?lang={f.get('lang')}" if f["get"] else f["action"], None))
        if self._in_banner:
            self._in_banner -= 1

    def handle_data(self, data):
        if self._in_banner:
            self.banner += data


def parse(text: str) -> Links:
    p = Links()
    p.feed(text)
    return p


def link_lang(url: str) -> str | None:
    """The language a link on this site carries: its ``lang`` parameter, or a survey form's path segment."""
    parts = urlsplit(url)
    if "lang" in parse_qs(parts.query):
        return parse_qs(parts.query)["lang"][0]
    segs = parts.path.strip("/").split("/")
    return segs[2] if len(segs) == 3 and segs[0] == "survey" and segs[2] in LANGS else None


# ------------------------------------------------------------------------------------------ negotiation
@pytest.mark.parametrize("header,expected", [
    ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),  # Chrome in Korean
    ("es-CL,es;q=0.9", "es"),
    ("fr-FR, fr;q=0.9, es;q=0.5, en;q=0.4", "es"),  # the first supported one by quality
    ("en;q=0.3, ko;q=0.3", "en"),  # ties: the header's order
    ("ko;q=0", None),  # q=0 means "not acceptable"
    ("*", None), ("", None), ("de, fr", None), ("es;q=abc, ko;q=0.1", "ko"),
])
def test_accept_language_picks_the_preferred_supported_language(header, expected):
    assert accept_language(header) == expected


DERANDOMIZED = settings(max_examples=200, deadline=None, derandomize=True)  # the same examples on every run


@DERANDOMIZED
@given(st.text(max_size=200))
def test_accept_language_never_fails_and_answers_a_supported_language(header):
    assert accept_language(header) in (*LANGS, None)


@DERANDOMIZED
@given(st.sampled_from(LANGS), st.lists(st.sampled_from(["de", "fr", "pt-BR", "zh-CN"]), max_size=4))
def test_a_supported_language_wins_over_unsupported_ones(lang, others):
    assert accept_language(", ".join([*others, f"{lang};q=0.5"])) == lang


def test_with_lang_replaces_the_language_and_keeps_the_rest():
    assert with_lang("/indicators?dataset=agtpa&lang=en&year_from=1990", "ko") == \
        "/indicators?dataset=agtpa&year_from=1990&lang=ko"
    assert with_lang("/overview#all-years", "es") == "/overview?lang=es#all-years"


def test_spacing_of_years():
    assert spacing(list(range(1964, 2017, 4))) == 4
    assert spacing([1990, 1991, 1992]) == 1 and spacing([1990, 1992, 1993]) is None and spacing([]) is None


# ------------------------------------------------------------------------------------------ pages
@pytest.mark.parametrize("lang", ["es", "ko"])
def test_query_language_wins_and_accept_language_applies_when_absent(client, lang):
    other = "en" if lang != "en" else "es"
    r = client.get(f"/overview?lang={lang}", headers={"Accept-Language": other})
    assert parse(r.text).html_lang == lang and "Accept-Language" not in r.headers.get("Vary", "")
    r = client.get("/overview", headers={"Accept-Language": f"{lang};q=0.9, fr;q=1"})
    assert parse(r.text).html_lang == lang and "Accept-Language" in r.headers["Vary"]
    assert parse(client.get("/overview?lang=xx", headers={"Accept-Language": lang}).text).html_lang == lang
    assert parse(client.get("/overview").text).html_lang == "en"  # no preference: the settings' language


def test_home_keeps_the_language(client):
    r = client.get("/?lang=ko", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/overview?lang=ko"
    assert client.get("/?lang=../x", follow_redirects=False).headers["location"] == "/overview"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["es", "ko"])
def test_every_link_keeps_the_language(client, path, lang):
    page = parse(client.get(url(path, lang)).text)
    assert page.html_lang == lang
    site = [(u, h) for u, h in page.links if u.startswith("/") and not u.startswith("/static/") and not DATA.match(u)]
    assert len(site) >= 2, site
    for link, hreflang in site:
        # a link to another language says so (hreflang) and carries that language; every other link this one
        assert link_lang(link) == (hreflang or lang), (path, link)


@pytest.mark.parametrize("path", PAGES)
def test_the_vintage_banner_is_on_every_page(client, path):
    banners = {lg: re.sub(r"\s+", " ", parse(client.get(url(path, lg)).text).banner) for lg in LANGS}
    # the reference warehouse's comtrade_aggregate: 14 years, 1964 to 2016, every four years
    assert "comtrade_aggregate: 1964–2016, every 4 years (14 years); the latest year is 2016" in banners["en"]
    assert "1964–2016, cada 4 años (14 años); el último año es 2016" in banners["es"]
    assert "1964–2016년, 4년 간격(14개 연도); 최신 연도는 2016년" in banners["ko"]


def test_the_banner_lists_every_dataset_with_its_version(client, store_path):
    from tradebridge.store import Store

    with Store.open(store_path) as s:
        names = sorted(s.datasets()["dataset"].unique())
        expected = s.provenance("comtrade_aggregate")["version"]
    text = client.get("/agreements?lang=es").text
    block = text[text.index('id="vintage"'):text.index("</aside>")]
    rows = re.findall(r"<tr[^>]*><td><code>([a-z0-9_]+)</code></td>", block)
    assert rows == names and len(rows) == 18
    assert f"{len(names)} conjuntos de datos y sus versiones" in block
    assert expected == "penppml @e6a4e23" and expected in htmllib.unescape(block)
    assert re.search(r"<td class=\"num\">316\.317</td>", block)  # comtrade_aggregate's rows, Spanish grouping


def test_the_banner_without_a_warehouse_says_how_to_build_one(tmp_path):
    with web_client(tmp_path / "none.duckdb", tmp_path) as c:
        banner = parse(c.get("/brief?lang=ko").text).banner
    assert "저장소가 아직 없음" in banner and "tradebridge data ingest" in banner


def test_admin_pages_are_translated(client):
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", client.get("/admin/login?lang=ko").text))
    assert "비밀번호" in text and "로그인" in text
    for english in ("Password", "Log in", "The admin area is closed"):
        assert english not in text, english
    es = client.get("/admin/login?lang=es").text
    assert "Contraseña" in es and 'action="/admin/login?lang=es"' in es


def test_admin_messages_and_redirects_keep_the_language(store_path, tmp_path):
    from tradebridge.web.admin import hash_password

    password = "a long test passphrase"
    extra = {"out": str(tmp_path / "out"), "admin_password_hash": hash_password(password), "cookie_secure": "0"}

    def token(page: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    with web_client(store_path, tmp_path, extra=extra) as c:
        assert c.get("/admin/?lang=es", follow_redirects=False).headers["location"] == "/admin/login?lang=es"
        r = c.post("/admin/login?lang=ko", data={"password": "wrong", "csrf_token": token(c.get("/admin/login").text)})
        assert r.status_code == 401 and "비밀번호가 틀렸다." in r.text and "Wrong password" not in r.text
        r = c.post("/admin/login?lang=ko", data={"password": password, "csrf_token": token(r.text)},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/admin/?lang=ko"
        home = htmllib.unescape(re.sub(r"<[^>]+>", " ", c.get(r.headers["location"]).text))
        assert "관리 · 설문" in home and "응답:" in home and "로그아웃" in home  # the admin frame in Korean
        assert "대한민국과 태평양동맹 간 경제 관계에 대한 인식 조사" in home  # the instrument's Korean title
        for english in ("Responses", "Log out", "Invitation tokens", "Issue"):
            assert english not in home, english


def test_a_one_year_window_shows_a_year_not_a_range(client):
    text = client.get("/overview?lang=en").text
    assert "2016–2016" not in text  # Korea–Colombia (in force 2016): the data end in 2016
    assert "one year of data only (the data end in 2016): no growth rate" in text


def test_timeline_tooltips_give_dates_as_precisely_as_known(client):
    text = client.get("/agreements?lang=ko").text
    spec = text[text.index('id="spec-timeline">'):]
    spec = spec[:spec.index("</script>")]
    whens = re.findall(r'"when": "([^"]+)"', spec)
    assert whens and not any(re.match(r"\d{4}-\d\d", w) for w in whens)
    assert "2000년" in whens  # the Korea–Mexico BIT signed in 2000 (a stage known to the year only)
    assert "2004년 4월 1일" in whens  # the Korea–Chile FTA in force on 1 April 2004 (known to the day)
    tooltip = spec.split('"tooltip": [')[-1].split("]")[0]
    assert '"field": "when"' in tooltip and "temporal" not in tooltip


def test_chart_specs_carry_the_locale(client):
    es, ko = client.get("/partners/CHL?lang=es").text, client.get("/agreements?lang=ko").text
    assert '"decimal": ",", "thousands": "."' in es  # CLDR Spanish (Babel)
    assert '"months": ["1월", "2월"' in ko


def test_numbers_in_tables_follow_the_locale(client):
    es = client.get("/partners/CHL?lang=es").text
    es = es[es.index("</details>", es.index("vintage")):]  # the page's own tables, after the banner
    # USD millions with a decimal comma; CLDR Spanish groups only from five digits (6929,7 but 12.345,6)
    assert re.search(r'<td class="num">\d{4},\d</td>', es) and not re.search(r'<td class="num">\d+\.\d</td>', es)
    ko = client.get("/partners/CHL?lang=ko").text
    assert re.search(r'<td class="num">\d,\d{3}\.\d</td>', ko)  # 6,929.7


# ------------------------------------------------------------------------------------------ API docs
def test_api_docs_are_served_by_the_app(client):
    r = client.get("/api/docs?lang=es")
    assert r.status_code == 200 and 'id="swagger-ui"' in r.text and 'data-openapi="/openapi.json"' in r.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert not [u for u in urls if re.match(r"(https?:)?//", u)]  # nothing from another host
    for asset in ("/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css", "/static/apidocs.js"):
        assert asset in urls and client.get(asset).status_code == 200
    assert "validatorUrl: null" in (STATIC_DIR / "apidocs.js").read_text()
    assert client.get("/docs").status_code == 404  # no FastAPI page that loads Swagger UI from a CDN
    assert client.get("/openapi.json").json()["info"]["title"] == "tradebridge"
    assert 'href="/api/docs?lang=es"' in client.get("/overview?lang=es").text  # the footer link


def test_swagger_ui_is_vendored_with_its_version_and_licence():
    vendor = STATIC_DIR / "vendor"
    line = next(v for v in (vendor / "VERSIONS").read_text().splitlines() if v.startswith("swagger-ui-dist "))
    _, version, licence = line.split()
    assert licence == "Apache-2.0" and f'PACKAGE_VERSION:"{version}"' in (vendor / "swagger-ui-bundle.js").read_text()
    assert "Apache License" in (vendor / "LICENSE-swagger-ui-dist").read_text()
    assert f"| swagger-ui-dist | {version} |" in (vendor / "README.md").read_text()
