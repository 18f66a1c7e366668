"""Fixes from the dashboard review, checked on the rendered pages of the reference warehouse: no raw codes
where a reader expects words (indicator names in the explorer, a row's data status, an agreement's kind
and a stage's confidence mark) in any language."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tradebridge.i18n import LANGS, t
from tradebridge.web.explorer import indicator_name

from . import test_api_downloads

client = test_api_downloads.client  # an app on the reference warehouse (module-scoped here too)


def _cells(html: str, table: int = 0) -> list[list[str]]:
    """The body cells of the page's ``table``-th ``table.data`` as text."""
    body = re.findall(r"<table class=\"data\".*?<tbody>(.*?)</tbody>", html, re.DOTALL)[table]
    return [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.DOTALL)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)]


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_names_the_indicators_it_offers(client, lang):
    html = client.get(f"/indicators?indicator=intensity&partners=PA&lang={lang}").text
    select = re.search(r'<select name="indicator">(.*?)</select>', html, re.DOTALL).group(1)
    options = re.findall(r'<option value="([a-z_]+)"( selected)?>([^<]+)</option>', select)
    assert [(v, unescape(text)) for v, _, text in options] == [
        ("balance", t(lang, "expl_ind_balance")), ("intensity", t(lang, "expl_ind_intensity")),
        ("hhi_markets", t(lang, "expl_ind_hhi_markets"))]  # the aggregate dataset's three, by name
    assert [v for v, sel, _ in options if sel] == ["intensity"]
    scope = unescape(re.search(r'<p class="note" id="explorer-scope">(.*?)</p>', html, re.DOTALL).group(1))
    assert t(lang, "expl_ind_hhi_markets") in scope and "hhi_markets" not in scope
    title = t(lang, "expl_chart_title", name=t(lang, "expl_ind_intensity"))
    assert f'"text": "{title}"' in html or f'"title": "{title}"' in html or title in unescape(html)


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_status_column_in_words(client, lang):
    html = client.get(f"/indicators?indicator=balance&partners=PA&lang={lang}").text
    keys = re.findall(r'<th[^>]*data-key="([a-z_]+)"', html)
    rows = _cells(html)
    status = {r[keys.index("status")] for r in rows}
    assert status and status <= {t(lang, "expl_status_ok"), t(lang, "expl_status_missing")}
    assert "ok" not in status and "missing" not in status


def test_every_indicator_has_a_name_in_every_language(client):
    names = [i["name"] for i in client.get("/api/indicators").json()["indicators"]]
    assert len(names) >= 17
    for lang in LANGS:
        assert all(indicator_name(n, lang) != n for n in names), lang


@pytest.mark.parametrize("lang", LANGS)
def test_agreement_kinds_and_confidence_in_words(client, lang):
    html = client.get(f"/agreements?lang={lang}").text
    kinds = {r[1] for r in _cells(html, 0)}
    assert kinds == {t(lang, f"agr_kind_{k}") for k in ("fta", "bit", "associate_membership", "regional_integration")}
    marks = {r[3] for r in _cells(html, 1)}
    assert marks == {t(lang, "agr_conf_h"), t(lang, "agr_conf_m")}  # the timeline's two marks, no raw H/M


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_says_in_the_page_language_what_it_replaced(client, lang):
    html = client.get(f"/indicators?indicator=grubel_lloyd&dataset=comtrade_aggregate&lang={lang}").text
    note = unescape(re.search(r'id="explorer-note">([^<]*)<', html).group(1))
    names = "; ".join(t(lang, f"expl_ind_{n}") for n in ("balance", "intensity", "hhi_markets"))
    assert note == t(lang, "expl_note_needs_products", code="grubel_lloyd", dataset="comtrade_aggregate", names=names)
    html = client.get(f"/indicators?dataset=nope&lang={lang}").text
    note = unescape(re.search(r'id="explorer-note">([^<]*)<', html).group(1))
    assert note == t(lang, "expl_note_no_dataset", dataset="nope", loaded="agtpa, comtrade_aggregate, world_exports_sitc4")
    if lang != "en":
        assert "warehouse" not in note and "needs product" not in html


@pytest.mark.parametrize("path", ["/survey/?lang=es", "/survey/tradebridge-perceptions/ko", "/overview", "/api/docs"])
def test_every_page_names_its_icon(client, path):
    """Without an icon link a browser asks for /favicon.ico, which is a 404 logged in the console of
    every survey respondent's first page."""
    html = client.get(path).text
    assert re.search(r'<link rel="icon" href="data:,">', html), path
    assert client.get("/favicon.ico").status_code == 404  # nothing served there: the link is what prevents the request


@pytest.mark.parametrize("lang", ["es", "ko"])
def test_complexity_opportunities_say_their_basis_in_the_page_language(client, lang):
    from tradebridge.i18n import pct, place

    html = client.get(f"/complexity?lang={lang}").text
    basis = [unescape(b) for b in re.findall(r'<span class="basis">([^<]*)</span>', html)]
    share = client.get("/api/complexity").json()["opportunities"][0]["basis"]  # the library's English statement
    m = re.search(r"in (\d{4}) \(([0-9.]+)%, all goods, (\w+)\)", share)
    assert len(basis) == 2 and "proxy" not in html  # one per direction, none left in English
    assert basis[0] == t(lang, "annex_l_import_demand", country=place("KOR", lang), year=m[1], dataset=m[3],
                         share=pct(float(m[2]) / 100, lang, digits=2))
    assert f'<th class="num">{t(lang, "cx_density")}</th>' in html and ">density<" not in html
