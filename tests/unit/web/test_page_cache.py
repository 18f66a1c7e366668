"""Public dashboard pages are rendered once per path, query, language and store version.

The cached HTML must be the same bytes as a fresh render, keep the security headers (added on every
response) and ``Vary``, differ per language, never hold an error page, and be dropped when the store
changes (a new version renders afresh).
"""

from __future__ import annotations

import shutil

import pytest

from tb_testing import web_client
from tradebridge.web import queries


@pytest.fixture
def counted(monkeypatch):
    calls = {"overview": 0, "partner": 0}
    overview, partner = queries.overview, queries.partner

    def count_overview(*a, **k):
        calls["overview"] += 1
        return overview(*a, **k)

    def count_partner(*a, **k):
        calls["partner"] += 1
        return partner(*a, **k)

    monkeypatch.setattr(queries, "overview", count_overview)
    monkeypatch.setattr(queries, "partner", count_partner)
    return calls


def test_a_page_is_built_once_per_language_and_served_identically(store_path, tmp_path, counted):
    with web_client(store_path, tmp_path) as c:
        first = c.get("/overview?lang=es")
        again = c.get("/overview?lang=es")
        korean = c.get("/overview?lang=ko")
        assert first.status_code == again.status_code == korean.status_code == 200
        assert again.content == first.content
        assert korean.content != first.content and 'lang="ko"' in korean.text
        assert counted["overview"] == 2  # es once, ko once
        for header in ("content-security-policy", "x-content-type-options", "x-frame-options"):
            assert again.headers[header] == first.headers[header]
        by_header = c.get("/overview", headers={"Accept-Language": "ko"})
        assert by_header.headers["vary"] == "Accept-Language"
        assert c.get("/overview", headers={"Accept-Language": "ko"}).headers["vary"] == "Accept-Language"
        c.get("/partners/CHL?lang=en")
        c.get("/partners/CHL?lang=en")
        assert counted["partner"] == 1


def test_an_error_page_is_not_kept_and_a_new_store_version_renders_afresh(store_path, tmp_path, counted):
    store = tmp_path / "store.duckdb"
    shutil.copy(store_path, store)
    with web_client(store, tmp_path) as c:
        assert c.get("/partners/ZZZ?lang=en").status_code == 404
        assert c.get("/partners/ZZZ?lang=en").status_code == 404
        assert counted["partner"] == 2  # the unknown partner's page is rendered each time
        c.get("/overview?lang=en")
        import duckdb

        con = duckdb.connect(str(store))
        # a re-ingested dataset (another file hash): a new store version
        con.execute("UPDATE provenance SET sha256 = 'changed' WHERE dataset = (SELECT min(dataset) FROM provenance)")
        con.close()
        c.get("/overview?lang=en")
        assert counted["overview"] == 2


def test_the_scenario_list_is_cached_per_run_state(store_path, tmp_path, monkeypatch):
    from tradebridge.web import results

    with web_client(store_path, tmp_path) as c:
        first = c.get("/scenarios?lang=en")
        assert first.status_code == 200 and c.get("/scenarios?lang=en").content == first.content
        real = results.ScenarioRunner.status

        def queued(self, name, params=None):  # a run waiting in the queue: another state, another page
            return real(self, name, params) | {"status": "queued", "position": 1}

        monkeypatch.setattr(results.ScenarioRunner, "status", queued)
        waiting = c.get("/scenarios?lang=en")
        assert waiting.content != first.content and 'http-equiv="refresh"' in waiting.text
