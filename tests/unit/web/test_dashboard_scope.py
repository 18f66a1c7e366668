"""The dashboard's reporter and bloc come from the settings (one Scope, parsed once): Chile's dashboard
with TRADEBRIDGE_REPORTER=CHL, Brazil's with MERCOSUR, and no Korea text on Brazil's pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tradebridge.config import load_settings
from tradebridge.errors import ConfigError
from tradebridge.store import Store
from tradebridge.web.app import create_app

PAGES = ("/overview", "/partners", "/partners/ARG", "/indicators", "/scenarios", "/perceptions", "/agreements",
         "/brief", "/api/overview", "/api/partners/ARG", "/api/agreements", "/api/scenarios",
         "/api/indicators/balance")
# the country, in the three languages, and its code; "한국어" (the name of the Korean language in the
# language switcher) is not about the country and is removed before the search
KOREA = re.compile(r"Korea|Corea|한국|대한민국|\bKOR\b")


def _client(store_path, tmp_path, env: dict[str, str]) -> TestClient:
    settings = load_settings(env=env, overrides={"store": store_path, "survey_db": f"sqlite:///{tmp_path / 's.sqlite'}",
                                                 "cache": tmp_path / "cache"}, config_file=None)
    return TestClient(create_app(settings, secret_key="k" * 32))


def _exports(store_path, reporter: str, partner: str, year: int) -> float:
    """Exports summed in SQL, independently of the indicators."""
    with Store.open(store_path) as st:
        return float(st.sql("SELECT sum(value_usd) AS v FROM trade_flows WHERE dataset = 'comtrade_aggregate' "
                            "AND exporter = ? AND importer = ? AND year = ?", [reporter, partner, year])["v"].iloc[0])


def test_the_reporter_setting_gives_chiles_dashboard(store_path, tmp_path):
    with _client(store_path, tmp_path, {"TRADEBRIDGE_REPORTER": "chl"}) as c:
        body = c.get("/api/overview").json()
        assert body["reporter"] == "CHL" and body["bloc"] == "PA"
        assert body["members"] == ["COL", "MEX", "PER"]  # the bloc minus the reporter
        row = next(r for r in body["yearly"] if r["partner"] == "PER" and r["year"] == 2016)
        # relative 1e-9: the same float sum, added in another order
        assert row["exports"] == pytest.approx(_exports(store_path, "CHL", "PER", 2016), rel=1e-9)
        page = c.get("/overview?lang=en").text
        assert "Chile" in page and "/partners/COL" in page
        assert c.get("/partners", follow_redirects=False).headers["location"].startswith("/partners/COL")
        # a request may still ask for another scope
        assert c.get("/api/overview", params={"reporter": "KOR"}).json()["members"] == ["CHL", "COL", "MEX", "PER"]
        assert c.get("/api/overview", params={"reporter": "XXY"}).status_code == 404


def test_an_unknown_code_in_the_settings_fails_when_the_app_is_built(store_path, tmp_path):
    with pytest.raises(ConfigError, match="unknown reporter code 'XXY'"):
        _client(store_path, tmp_path, {"TRADEBRIDGE_REPORTER": "XXY"})


def test_brazils_dashboard_has_no_korea_text(store_path, tmp_path):
    with _client(store_path, tmp_path, {"TRADEBRIDGE_REPORTER": "BRA", "TRADEBRIDGE_PARTNERS": "MERCOSUR"}) as c:
        assert c.get("/api/overview").json()["members"] == ["ARG", "BOL", "PRY", "URY", "VEN"]
        assert c.get("/api/scenarios").json() == {"scenarios": []}  # no shipped scenario is about Brazil
        assert c.get("/api/perceptions").status_code == 404  # the demo survey is about another scope
        for path in PAGES:
            for lang in ("en", "es", "ko"):
                r = c.get(path, params={"lang": lang}, follow_redirects=True)
                assert r.status_code in (200, 404), (path, lang, r.status_code)
                text = r.text.replace("한국어", "")
                assert not KOREA.search(text), (path, lang, KOREA.search(text).group(0))


def test_the_check_would_see_korea(store_path, tmp_path):
    with _client(store_path, tmp_path, {}) as c:  # the built-in defaults: Korea and the Pacific Alliance
        assert KOREA.search(c.get("/overview?lang=en").text.replace("한국어", ""))
