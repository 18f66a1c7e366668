"""Security of the dashboard and admin area: XSS (reflected and stored) escaped, SQL injection harmless,
admin routes closed to anonymous users, CSRF required on every form, login rate limited, cookie flags."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tradebridge.config import Settings
from tradebridge.interviews.demo import demo_transcripts
from tradebridge.interviews.project import InterviewProject
from tradebridge.store import Store
from tradebridge.web.admin import LoginLimiter, hash_password, verify_password
from tradebridge.web.app import create_app

PASSWORD = "correct horse battery"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SURVEY = "/survey/tradebridge-perceptions/en"
VALID = {"country": "PER", "actor_type": "private", "sector": "agriculture", "firm_size": "small",
         "relationship_positive": "4", "fta_benefit": "5", "market_knowledge": "2", "balance_concern": "3",
         "coop_priority": "logistics", "associate_support": "4"}


@pytest.fixture(scope="module")
def pw_hash():
    return hash_password(PASSWORD)


def _app(store_path, tmp, pw_hash, **extra):
    project = InterviewProject.create(tmp / "interviews")
    if not project.transcripts():
        for tr in demo_transcripts()[:2]:
            project.add_transcript(tr, redaction_done=True)
    settings = Settings(store=store_path, survey_db=f"sqlite:///{tmp / 'survey.sqlite'}", cache=tmp / "cache",
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
                f"/indicators?partners={payload}", f"/indicators?dataset={payload}"):
        r = client.get(url)
        assert r.status_code in (404, 422), (url, r.status_code)
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
def test_login_is_rate_limited(client):
    for _ in range(5):
        token = _csrf(client.get("/admin/login").text)
        assert client.post("/admin/login", data={"password": "wrong", "csrf_token": token}).status_code == 401
    token = _csrf(client.get("/admin/login").text)
    r = client.post("/admin/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_limiter_window():
    lim = LoginLimiter(limit=2, window=0.05)
    lim.failed("a")
    assert lim.retry_after("a") == 0
    lim.failed("a")
    assert lim.retry_after("a") > 0 and lim.retry_after("b") == 0
    import time

    time.sleep(0.06)
    assert lim.retry_after("a") == 0  # failures older than the window no longer count


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
