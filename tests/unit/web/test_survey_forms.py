"""Survey web forms: CSRF, server-side validation, hostile input, tokens, the invitation-only mode, the
per-address rate limit, concurrency (SQLite; PostgreSQL in CI)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient

from tradebridge.config import load_settings
from tradebridge.survey import default_instrument_path, load_instrument
from tradebridge.survey.storage import ResponseStore
from tradebridge.web.app import create_app

URL = "/survey/tradebridge-perceptions/en"
VALID = {"country": "PER", "actor_type": "private", "sector": "agriculture", "firm_size": "small",
         "relationship_positive": "4", "fta_benefit": "5", "market_knowledge": "2", "balance_concern": "3",
         "coop_priority": "logistics", "associate_support": "4"}


def _app(db_url: str, **overrides):
    settings = load_settings(env={}, overrides={"survey_db": db_url, **overrides}, config_file=None)
    return create_app(settings, secret_key="test-secret")


def _form_fields(html: str) -> dict[str, str]:
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
            "submission_id": re.search(r'name="submission_id" value="([^"]+)"', html).group(1)}


@pytest.fixture
def client(tmp_path):
    with TestClient(_app(f"sqlite:///{tmp_path / 'survey.sqlite'}")) as c:
        yield c


def _rows(client) -> int:
    return ResponseStore(client.app.state.ctx.settings.survey_db).count("tradebridge-perceptions")


def test_valid_submission_is_stored_once(client):
    fields = _form_fields(client.get(URL).text)
    r1 = client.post(URL, data={**VALID, **fields})
    r2 = client.post(URL, data={**VALID, **fields})  # same form posted twice (double click / retry)
    assert r1.status_code == r2.status_code == 200
    assert "Thank you" in r1.text
    assert _rows(client) == 1


def test_form_in_three_languages(client):
    assert "Perceptions of economic relations" in client.get(URL).text
    assert "Percepciones de las relaciones" in client.get("/survey/tradebridge-perceptions/es").text
    assert "인식 조사" in client.get("/survey/tradebridge-perceptions/ko").text
    assert client.get("/survey/tradebridge-perceptions/fr").status_code == 404


def test_missing_or_forged_csrf_is_refused(client):
    fields = _form_fields(client.get(URL).text)
    assert client.post(URL, data={**VALID, "submission_id": fields["submission_id"]}).status_code == 403
    forged = fields["csrf_token"].split(".")[0] + ".deadbeef"
    client.cookies.set("tb_csrf", forged)
    assert client.post(URL, data={**VALID, **fields, "csrf_token": forged}).status_code == 403
    assert _rows(client) == 0


def test_csrf_tokens_expire_and_are_bound_to_the_key():
    from tradebridge.web.survey_forms import CSRF_MAX_AGE_S, csrf_ok, new_csrf_token

    tok = new_csrf_token("k", now=1_000_000)
    assert csrf_ok("k", tok, tok, now=1_000_000 + 60)
    assert not csrf_ok("k", tok, tok, now=1_000_000 + CSRF_MAX_AGE_S + 1)  # expired
    assert not csrf_ok("other-key", tok, tok, now=1_000_060)  # signed with another key
    assert not csrf_ok("k", tok, new_csrf_token("k", now=1_000_000), now=1_000_060)  # cookie != field


def test_hostile_input(client):
    fields = _form_fields(client.get(URL).text)
    # wrong types and values: numeric text, Likert out of range, unknown option, two answers to a single choice
    bad = {**VALID, **fields, "contacts_korea": "lots", "fta_benefit": "9", "coop_priority": "bribes",
           "country": ["PER", "CHL"]}
    r = client.post(URL, data=bad)
    assert r.status_code == 422
    assert "must be a whole number" in r.text and "not an option" in r.text and "only one answer" in r.text
    # oversized field: question limit 2000 characters
    fields = _form_fields(client.get(URL).text)
    r = client.post(URL, data={**VALID, **fields, "comments": "x" * 2001})
    assert r.status_code == 422 and "at most 2000 characters" in r.text
    # oversized body: refused before parsing
    r = client.post(URL, data={**VALID, **fields, "comments": "x" * 300_000})
    assert r.status_code == 413
    assert _rows(client) == 0
    # script tags are stored verbatim as text and escaped when re-displayed
    fields = _form_fields(client.get(URL).text)
    payload = '<script>alert("x")</script>\x00\x07'
    r = client.post(URL, data={**VALID, **fields, "comments": payload, "contacts_korea": "abc"})
    assert r.status_code == 422 and "<script>alert" not in r.text and "&lt;script&gt;" in r.text
    fields = _form_fields(r.text)  # the re-rendered form carries a fresh CSRF token
    r = client.post(URL, data={**VALID, **fields, "comments": payload})
    assert r.status_code == 200
    frame = ResponseStore(client.app.state.ctx.settings.survey_db).frame(load_instrument(default_instrument_path()))
    assert frame["comments"].tolist() == ['<script>alert("x")</script>']  # control characters removed


def test_skip_logic_drops_hidden_answers(client):
    fields = _form_fields(client.get(URL).text)
    r = client.post(URL, data={**VALID, **fields, "actor_type": "public", "firm_size": "large"})
    assert r.status_code == 200
    frame = ResponseStore(client.app.state.ctx.settings.survey_db).frame(load_instrument(default_instrument_path()))
    assert frame["firm_size"].isna().all()  # firm size is asked of private actors only


def test_single_use_tokens(client):
    store = ResponseStore(client.app.state.ctx.settings.survey_db)
    (token,) = store.issue_tokens("tradebridge-perceptions", 1)
    page = client.get(f"{URL}?token={token}")
    assert page.status_code == 200
    fields = _form_fields(page.text)
    assert client.post(URL, data={**VALID, **fields, "token": token}).status_code == 200
    fields2 = _form_fields(client.get(URL).text)
    assert client.post(URL, data={**VALID, **fields2, "token": token}).status_code == 403
    assert client.get(f"{URL}?token={token}").status_code == 403
    assert client.get(f"{URL}?token=nonexistenttoken").status_code == 403
    assert _rows(client) == 1


def test_invitation_only_mode(tmp_path):
    """With survey_invitation_only the form opens and accepts answers only with a valid, unused token."""
    with TestClient(_app(f"sqlite:///{tmp_path / 's.sqlite'}", survey_invitation_only="true")) as c:
        assert c.app.state.ctx.settings.survey_invitation_only is True
        r = c.get(URL)
        assert r.status_code == 403 and "by invitation only" in r.text and 'name="csrf_token"' not in r.text
        ko = c.get("/survey/tradebridge-perceptions/ko")
        assert ko.status_code == 403 and "초대받은 분만" in ko.text  # the refusal in the form's language
        # a form obtained some other way cannot be posted without a token
        store = ResponseStore(c.app.state.ctx.settings.survey_db)
        (token,) = store.issue_tokens("tradebridge-perceptions", 1)
        page = c.get(f"{URL}?token={token}")
        assert page.status_code == 200
        fields = _form_fields(page.text)
        r = c.post(URL, data={**VALID, **fields})
        assert r.status_code == 403 and "by invitation only" in r.text
        assert _rows(c) == 0
        assert c.post(URL, data={**VALID, **fields, "token": token}).status_code == 200
        assert _rows(c) == 1
        again = c.post(URL, data={**VALID, **_form_fields(page.text), "submission_id": uuid.uuid4().hex,
                                  "token": token})
        assert again.status_code == 403 and "already been used" in again.text  # single use
        assert c.get(f"{URL}?token=not-a-real-token").status_code == 403
        assert _rows(c) == 1


def test_open_mode_is_the_default(client):
    assert client.app.state.ctx.settings.survey_invitation_only is False
    assert client.get(URL).status_code == 200


def _post_new(c, comment: str = ""):
    """Post one new response (fresh form, fresh submission id)."""
    data = {**VALID, **_form_fields(c.get(URL).text)}
    if comment:
        data["comments"] = comment
    return c.post(URL, data=data)


def test_rate_limit_per_address(tmp_path):
    """survey_rate_limit responses per address per hour: the next is refused with 429 and Retry-After, the
    answers stay in the form; another address is not affected; a repeated post of a stored form costs nothing."""
    app = _app(f"sqlite:///{tmp_path / 's.sqlite'}", survey_rate_limit=3)
    with TestClient(app, client=("203.0.113.10", 5000)) as c:
        fields = _form_fields(c.get(URL).text)
        for _ in range(2):  # the same form twice: stored once, counted once
            assert c.post(URL, data={**VALID, **fields}).status_code == 200
        assert _post_new(c).status_code == 200 and _post_new(c).status_code == 200
        r = _post_new(c, comment="kept across the refusal")
        assert r.status_code == 429 and 0 < int(r.headers["retry-after"]) <= 3600
        assert "Too many responses" in r.text and "kept across the refusal" in r.text
        assert _rows(c) == 3
    with TestClient(app, client=("203.0.113.11", 5000)) as other:
        assert _post_new(other).status_code == 200
        assert _rows(other) == 4


def test_rate_limit_holds_under_concurrency(tmp_path):
    """20 simultaneous new responses from one address with a limit of 5: exactly 5 stored, 15 refused."""
    app = _app(f"sqlite:///{tmp_path / 'r.sqlite'}", survey_rate_limit=5)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.20", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            fields = _form_fields((await c.get(URL)).text)
            # the refusals re-render the form with a fresh CSRF cookie: pin the first one on every post
            cookie = {"Cookie": f"tb_csrf={fields['csrf_token']}"}
            return list(await asyncio.gather(*(
                c.post(URL, headers=cookie,
                       data={**VALID, "csrf_token": fields["csrf_token"], "submission_id": uuid.uuid4().hex})
                for _ in range(20))))

    codes = sorted(r.status_code for r in asyncio.run(run()))
    assert codes == [200] * 5 + [429] * 15
    assert ResponseStore(app.state.ctx.settings.survey_db).count("tradebridge-perceptions") == 5


def _concurrent(db_url: str, n: int = 200) -> int:
    """Post ``n`` responses at once; return how many of THESE are stored (a shared test database may hold
    rows of other tests, so only this run's submission ids are counted). All come from one address, so
    the per-address rate limit is off here."""
    app = _app(db_url, survey_rate_limit=0)
    ids = [uuid.uuid4().hex for _ in range(n)]

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            fields = _form_fields((await c.get(URL)).text)

            async def post(i: int) -> int:
                data = {**VALID, "csrf_token": fields["csrf_token"], "submission_id": ids[i],
                        "contacts_korea": str(i)}
                return (await c.post(URL, data=data)).status_code

            codes = await asyncio.gather(*(post(i) for i in range(n)))
            assert set(codes) == {200}

    asyncio.run(run())
    inst = load_instrument(default_instrument_path())
    frame = ResponseStore(db_url).frame(inst)
    frame = frame[frame["submission_id"].isin([f"web:{i}" for i in ids])]  # the form stores "web:<id>"
    assert sorted(frame["contacts_korea"].astype(int)) == list(range(n))  # none lost, none twice
    return len(frame)


def test_200_concurrent_submissions_sqlite(tmp_path):
    assert _concurrent(f"sqlite:///{tmp_path / 'c.sqlite'}") == 200


@pytest.mark.postgres
def test_200_concurrent_submissions_postgres():
    from tb_testing import require_tool

    require_tool("psql", "PostgreSQL concurrency test")
    url = os.environ.get("TRADEBRIDGE_TEST_PG")
    if not url:
        db = f"tb_test_{uuid.uuid4().hex[:8]}"
        try:
            # the role may exist from an earlier run: failure here is fine
            subprocess.run(["su", "postgres", "-c", "psql -qc \"CREATE ROLE tbtest LOGIN PASSWORD 'tbtest'\""],
                           check=False, capture_output=True, timeout=30)
            subprocess.run(["su", "postgres", "-c", f"createdb -O tbtest {db}"], check=True, capture_output=True,
                           timeout=30)
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            pytest.fail(f"cannot create a test database (is the server started? pg_ctlcluster 15 main start): {exc}")
        url = f"postgresql+psycopg://tbtest:tbtest@localhost/{db}"
    assert _concurrent(url) == 200
