"""Security of the dashboard and admin area: XSS (reflected and stored) escaped, SQL injection harmless,
admin routes closed to anonymous users, CSRF required on every form, login rate limited per address and
locked per account, X-Forwarded-For believed only from a configured proxy, security headers on every
response (pages, API, survey, static files, brief downloads, error pages), compressed cacheable static files."""

from __future__ import annotations

import gzip
import html
import re

import brotli
import pytest
from fastapi.testclient import TestClient

from tradebridge.config import Settings
from tradebridge.interviews.demo import demo_transcripts
from tradebridge.interviews.project import InterviewProject
from tradebridge.store import Store
from tradebridge.web.admin import ACCOUNT_MAX_FAILURES, MAX_FAILURES, hash_password, verify_password
from tradebridge.web.app import STATIC_DIR, create_app
from tradebridge.web.security import SECURITY_HEADERS, SlidingWindowLimiter

PASSWORD = "correct horse battery"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SURVEY = "/survey/tradebridge-perceptions/en"
VALID = {"country": "PER", "actor_type": "private", "sector": "agriculture", "firm_size": "small",
         "relationship_positive": "4", "fta_benefit": "5", "market_knowledge": "2", "balance_concern": "3",
         "coop_priority": "logistics", "associate_support": "4"}


@pytest.fixture(scope="module")
def pw_hash():
    return hash_password(PASSWORD)


def _app(store_path, tmp, pw_hash, trusted_proxies=(), **extra):
    project = InterviewProject.create(tmp / "interviews")
    if not project.transcripts():
        for tr in demo_transcripts()[:2]:
            project.add_transcript(tr, redaction_done=True)
    settings = Settings(store=store_path, survey_db=f"sqlite:///{tmp / 'survey.sqlite'}", cache=tmp / "cache",
                        trusted_proxies=tuple(trusted_proxies),
                        extra={"admin_password_hash": pw_hash, "interviews": str(tmp / "interviews"), **extra})
    return create_app(settings, secret_key="s" * 32)


@pytest.fixture
def client(store_path, tmp_path, pw_hash):
    # https base URL: the session cookie is Secure by default and is only sent over HTTPS
    with TestClient(_app(store_path, tmp_path, pw_hash), base_url="https://testserver") as c:
        yield c


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _login(client) -> str:
    token = _csrf(client.get("/admin/login").text)
    r = client.post("/admin/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return _csrf(client.get("/admin/").text)


# ------------------------------------------------------------------------------------------------ XSS
@pytest.mark.parametrize("url", [
    "/indicators?partners={p}", "/indicators?reporter={p}&indicator=balance", "/indicators?dataset={p}",
    "/overview?lang={p}&x={p}", "/partners/CHL?lang=ko&q={p}", "/scenarios?lang={p}",
])
def test_reflected_xss_is_escaped(client, url):
    r = client.get(url.format(p=XSS))
    assert r.status_code in (200, 422)
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "onerror=alert(1)>" not in r.text


def test_stored_xss_in_survey_answer_and_coder_name_is_escaped(client):
    html = client.get(SURVEY).text
    fields = {"csrf_token": _csrf(html),
              "submission_id": re.search(r'name="submission_id" value="([^"]+)"', html).group(1)}
    assert client.post(SURVEY, data={**VALID, "comments": XSS, **fields}).status_code == 200
    csrf = _login(client)
    page = client.get("/admin/").text
    assert "&lt;script&gt;alert(" in page and "<script>alert" not in page
    seg = re.search(r'name="segment_id" value="([^"]+)"', client.get("/admin/interviews/INT-0001").text).group(1)
    r = client.post("/admin/interviews/INT-0001/code", data={"csrf_token": csrf, "segment_id": seg,
                                                             "theme": "fta_optimism", "coder": XSS[:60]})
    assert r.status_code == 200
    assert "&lt;script&gt;" in r.text and "<script>alert" not in r.text


# -------------------------------------------------------------------------------------- SQL injection
INJECTIONS = ["CHL' OR '1'='1", "CHL'); DROP TABLE trade_flows; --", "PA,CHL;DELETE", "1 UNION SELECT 1"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_sql_injection_is_refused_and_harmless(client, store_path, payload):
    with Store.open(store_path) as st:
        before = (st.version(), int(st.sql("SELECT count(*) AS n FROM trade_flows")["n"].iloc[0]))
    for url in (f"/api/overview?partners={payload}", f"/api/overview?reporter={payload}",
                f"/api/partners/{payload}", f"/api/indicators/balance?dataset={payload}",
                f"/api/indicators/{payload}", f"/api/agreements?country={payload}",
                f"/indicators?partners={payload}"):
        r = client.get(url)
        assert r.status_code in (404, 422), (url, r.status_code)
    # the explorer page compares a dataset name with the warehouse's catalogue (it never reaches SQL) and
    # shows a loaded dataset instead, saying so; the payload comes back escaped
    r = client.get(f"/indicators?dataset={payload}")
    note = re.search(r'id="explorer-note">([^<]*)<', r.text)
    assert r.status_code == 200 and note and f"{payload} in the warehouse" in html.unescape(note.group(1))
    assert "'" not in note.group(1)  # quotes escaped
    with Store.open(store_path) as st:
        after = (st.version(), int(st.sql("SELECT count(*) AS n FROM trade_flows")["n"].iloc[0]))
    assert after == before


# ------------------------------------------------------------------------------------ admin protection
@pytest.mark.parametrize("path", ["/admin/", "/admin/interviews", "/admin/interviews/INT-0001"])
def test_admin_pages_refuse_anonymous(client, path):
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/login"
    forged = client.get(path, cookies={"tb_admin": "0" * 32 + "." + "f" * 64}, follow_redirects=False)
    assert forged.status_code == 303


@pytest.mark.parametrize("path", ["/admin/logout", "/admin/surveys/tradebridge-perceptions/tokens",
                                  "/admin/interviews/INT-0001/code"])
def test_admin_posts_refuse_anonymous(client, path):
    assert client.post(path, data={"n": "3", "csrf_token": "x"}).status_code == 403


def test_login_sets_a_hardened_cookie_and_logout_ends_the_session(client):
    token = _csrf(client.get("/admin/login").text)
    r = client.post("/admin/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    for flag in ("httponly", "samesite=strict", "secure", "path=/admin"):
        assert flag in cookie
    old = client.cookies.get("tb_admin")
    csrf = _csrf(client.get("/admin/").text)
    assert client.post("/admin/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    r = client.get("/admin/", cookies={"tb_admin": old}, follow_redirects=False)
    assert r.status_code == 303  # the old cookie no longer opens a session


def test_secure_flag_is_configurable(store_path, tmp_path, pw_hash):
    with TestClient(_app(store_path, tmp_path, pw_hash, cookie_secure="0")) as c:
        token = _csrf(c.get("/admin/login").text)
        r = c.post("/admin/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
        assert "secure" not in r.headers["set-cookie"].lower() and "httponly" in r.headers["set-cookie"].lower()


# ------------------------------------------------------------------------------------------------ CSRF
def test_login_without_valid_csrf_is_rejected(client):
    client.get("/admin/login")
    assert client.post("/admin/login", data={"password": PASSWORD}).status_code == 403
    assert client.post("/admin/login", data={"password": PASSWORD, "csrf_token": "a.b"}).status_code == 403
    assert client.get("/admin/", follow_redirects=False).status_code == 303  # still logged out


def test_admin_forms_without_valid_csrf_are_rejected(client):
    csrf = _login(client)
    url = "/admin/surveys/tradebridge-perceptions/tokens"
    assert client.post(url, data={"n": "2"}).status_code == 403
    # A forged token always differs from the real one in its last character (never equal by chance).
    forged = csrf[:-1] + ("1" if csrf[-1] == "0" else "0")
    assert forged != csrf
    assert client.post(url, data={"n": "2", "csrf_token": forged}).status_code == 403
    ok = client.post(url, data={"n": "2", "csrf_token": csrf})
    links = re.findall(r"/survey/tradebridge-perceptions/en\?token=[\w-]+", ok.text)
    assert ok.status_code == 200 and len(links) == 2
    assert client.get(links[0]).status_code == 200  # an issued token opens the form
    assert client.post("/admin/logout", data={}).status_code == 403


def test_survey_form_without_csrf_is_rejected(client):
    assert client.post(SURVEY, data=VALID).status_code == 403


# ------------------------------------------------------------------------------------ login throttling
def _fail_login(client, headers=None) -> int:
    token = _csrf(client.get("/admin/login").text)
    return client.post("/admin/login", data={"password": "wrong", "csrf_token": token}, headers=headers).status_code


def _good_login(client, headers=None):
    token = _csrf(client.get("/admin/login").text)
    return client.post("/admin/login", data={"password": PASSWORD, "csrf_token": token}, headers=headers,
                       follow_redirects=False)


def test_login_is_rate_limited(client):
    for _ in range(MAX_FAILURES):
        assert _fail_login(client) == 401
    r = _good_login(client)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_spoofed_forwarded_for_is_ignored_by_default(store_path, tmp_path, pw_hash):
    """The hole: a new X-Forwarded-For per guess gave unlimited guesses from 127.0.0.1. With no trusted
    proxy configured the header is ignored, so the sixth guess is refused whatever it says."""
    app = _app(store_path, tmp_path, pw_hash)
    with TestClient(app, base_url="https://testserver", client=("127.0.0.1", 40000)) as c:
        for i in range(MAX_FAILURES):
            assert _fail_login(c, {"X-Forwarded-For": f"203.0.113.{i}"}) == 401
        r = _good_login(c, {"X-Forwarded-For": "198.51.100.77"})
        assert r.status_code == 429 and "your address" in r.text


def test_forwarded_for_is_honoured_only_from_a_configured_proxy(store_path, tmp_path, pw_hash):
    app = _app(store_path, tmp_path, pw_hash, trusted_proxies=["127.0.0.1"])
    with TestClient(app, base_url="https://testserver", client=("127.0.0.1", 40000)) as c:
        for _ in range(MAX_FAILURES):
            assert _fail_login(c, {"X-Forwarded-For": "203.0.113.5"}) == 401
        assert _fail_login(c, {"X-Forwarded-For": "203.0.113.5"}) == 429  # that client is limited
        # a spoofed left-most entry does not help: the proxy appended the real peer on the right
        assert _fail_login(c, {"X-Forwarded-For": "1.2.3.4, 203.0.113.5"}) == 429
        assert _good_login(c, {"X-Forwarded-For": "203.0.113.6"}).status_code == 303  # another client is not
    # the same header from a peer that is not the proxy is ignored: the peer itself is limited
    with TestClient(app, base_url="https://testserver", client=("198.51.100.9", 40000)) as c:
        for i in range(MAX_FAILURES):
            assert _fail_login(c, {"X-Forwarded-For": f"203.0.113.{100 + i}"}) == 401
        assert _fail_login(c, {"X-Forwarded-For": "203.0.113.200"}) == 429


def test_account_is_locked_after_failures_from_many_addresses(store_path, tmp_path, pw_hash):
    """Per address 5 failures, per account 10 from any addresses: a distributed guesser (here two
    failures from each of five addresses behind the proxy) locks the account, the right password included."""
    app = _app(store_path, tmp_path, pw_hash, trusted_proxies=["127.0.0.1"])
    assert ACCOUNT_MAX_FAILURES == 10 and ACCOUNT_MAX_FAILURES > MAX_FAILURES
    with TestClient(app, base_url="https://testserver", client=("127.0.0.1", 40000)) as c:
        for i in range(ACCOUNT_MAX_FAILURES):
            assert _fail_login(c, {"X-Forwarded-For": f"203.0.113.{i // 2}"}) == 401  # no address reaches 5
        r = _good_login(c, {"X-Forwarded-For": "198.51.100.1"})  # a fresh address, the right password
        assert r.status_code == 429 and "locked" in r.text
        assert 0 < int(r.headers["retry-after"]) <= 900
        assert c.get("/admin/", follow_redirects=False).status_code == 303  # not logged in


def test_limiter_window_and_take():
    """Sliding window with an injected clock (no sleeping): events older than the window stop counting."""
    now = [100.0]
    lim = SlidingWindowLimiter(2, 60, clock=lambda: now[0])
    lim.hit("a")
    assert lim.retry_after("a") == 0
    now[0] = 130.0
    lim.hit("a")
    assert lim.retry_after("a") == 31 and lim.retry_after("b") == 0  # the first event leaves at 160
    now[0] = 160.0
    assert lim.retry_after("a") == 0
    assert lim.take("a") == 0 and lim.take("a") == 31  # refused takes record nothing
    lim.release("a")
    assert lim.take("a") == 0
    assert SlidingWindowLimiter(0, 60).take("x") == 0  # limit 0: no limit


def test_password_hash_round_trip():
    h = hash_password("a long passphrase")
    assert verify_password("a long passphrase", h) and not verify_password("a long passphrasE", h)
    assert not verify_password("x", "garbage") and not verify_password("x", "scrypt$1$2$3$zz$zz")
    assert h != hash_password("a long passphrase")  # salted


def test_closed_admin_without_configured_hash(store_path, tmp_path):
    settings = Settings(store=store_path, survey_db=f"sqlite:///{tmp_path / 's.sqlite'}")
    with TestClient(create_app(settings, secret_key="s" * 32), base_url="https://testserver") as c:
        import os

        if os.environ.get("TRADEBRIDGE_ADMIN_PASSWORD_HASH"):
            pytest.skip("an admin hash is set in the environment")
        token = _csrf(c.get("/admin/login").text)
        r = c.post("/admin/login", data={"password": "anything", "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 401 and "closed" in r.text


# ------------------------------------------------------------------------------------ security headers
def _assert_hardened(r) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, (r.request.url, name, r.headers.get(name))
    csp = r.headers["content-security-policy"]
    assert "'unsafe-eval'" not in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self';" in csp  # no inline scripts, no eval
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


@pytest.fixture
def built_client(store_path, tmp_path, pw_hash):
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief-en.html").write_text("<h1>brief</h1>", encoding="utf-8")
    (out / "brief-en.pdf").write_bytes(b"%PDF-1.4\n%made-up test file\n")
    app = _app(store_path, tmp_path, pw_hash, out=str(out))

    def boom():
        raise RuntimeError("an unexpected failure")

    app.add_api_route("/boom-for-test", boom)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("path,status", [
    ("/overview", 200), ("/api/overview", 200), ("/api/health", 200), ("/openapi.json", 200),
    ("/static/vendor/vega.min.js", 200), ("/static/dashboard/charts.js", 200), ("/static/survey.js", 200),
    ("/static/nothing.js", 404), ("/brief/files/brief-en.html", 200), ("/brief/files/brief-en.pdf", 200),
    ("/brief/files/brief-es.html", 404), ("/survey/", 200), (SURVEY, 200), ("/admin/login", 200),
    ("/healthz", 200), ("/no-such-page", 404), ("/api/partners/12", 422), ("/boom-for-test", 500), ("/", 307),
])
def test_security_headers_on_every_response(built_client, path, status):
    r = built_client.get(path, follow_redirects=False)
    assert r.status_code == status, (path, r.status_code)
    _assert_hardened(r)
    assert r.headers["strict-transport-security"].startswith("max-age=")  # the request came over HTTPS


def test_security_headers_on_posts_and_plain_http(store_path, tmp_path, pw_hash):
    with TestClient(_app(store_path, tmp_path, pw_hash)) as c:
        r = c.post(SURVEY, data=VALID)  # no CSRF token: refused, still hardened
        assert r.status_code == 403
        _assert_hardened(r)
        assert "strict-transport-security" not in r.headers  # HSTS only over HTTPS


# ------------------------------------------------------------------------------------ static files
def _raw(client, path, **headers):
    with client.stream("GET", path, headers=headers) as r:
        return r, b"".join(r.iter_raw())


@pytest.mark.parametrize("encoding,decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_static_files_are_compressed_and_cacheable(client, encoding, decode):
    original = (STATIC_DIR / "vendor" / "vega.min.js").read_bytes()
    r, body = _raw(client, "/static/vendor/vega.min.js", **{"Accept-Encoding": f"{encoding}, identity"})
    assert r.status_code == 200 and r.headers["content-encoding"] == encoding
    assert decode(body) == original
    # measured: vega.min.js 515 kB -> br (quality 6) 168 kB = 32.6 %, gzip (level 6) 178 kB = 34.6 %;
    # the bound 40 % leaves room for another library version yet fails for an uncompressed body
    assert len(body) < 0.40 * len(original)
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["cache-control"] == "public, max-age=604800"  # vendored libraries: a week
    again = client.get("/static/vendor/vega.min.js", headers={"Accept-Encoding": encoding,
                                                               "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    _assert_hardened(again)


def test_static_files_uncompressed_when_not_accepted(client):
    original = (STATIC_DIR / "dashboard" / "charts.js").read_bytes()
    r, body = _raw(client, "/static/dashboard/charts.js", **{"Accept-Encoding": "identity"})
    assert "content-encoding" not in r.headers and body == original
    assert int(r.headers["content-length"]) == len(original)
    assert r.headers["cache-control"] == "public, max-age=3600"  # the app's own files: an hour
    br, _ = _raw(client, "/static/dashboard/charts.js", **{"Accept-Encoding": "br"})
    assert br.headers["etag"] != r.headers["etag"]  # each encoding has its own validator
    stale = client.get("/static/dashboard/charts.js", headers={"Accept-Encoding": "identity",
                                                               "If-None-Match": br.headers["etag"]})
    assert stale.status_code == 200  # a br validator does not revalidate the identity body


# ------------------------------------------------------------------------------------ settings
@pytest.mark.parametrize("env,needle", [
    ({"TRADEBRIDGE_TRUSTED_PROXIES": "127.0.0.1, proxy.example"}, "'proxy.example' is not an IP address"),
    ({"TRADEBRIDGE_SURVEY_RATE_LIMIT": "-1"}, "not a whole number"),
    ({"TRADEBRIDGE_SURVEY_RATE_LIMIT": "ten"}, "not a whole number"),
    ({"TRADEBRIDGE_SURVEY_INVITATION_ONLY": "maybe"}, "is not true or false"),
])
def test_hardening_settings_are_validated(env, needle):
    from tradebridge.config import load_settings
    from tradebridge.errors import ConfigError

    with pytest.raises(ConfigError, match=needle) as info:
        load_settings(env=env, config_file=None)
    assert "TRADEBRIDGE_" in str(info.value)  # the message names the variable to fix


def test_hardening_defaults_trust_no_proxy():
    from tradebridge.config import load_settings

    s = load_settings(env={}, config_file=None)
    assert (s.trusted_proxies, s.survey_invitation_only, s.survey_rate_limit) == ((), False, 10)
    t = load_settings(env={}, overrides={"trusted_proxies": ["::1", "192.168.0.0/16"]}, config_file=None)
    assert t.trusted_proxies == ("::1/128", "192.168.0.0/16")  # a TOML list works as well as a string
