"""The JSON API's contract on the reference warehouse: RFC 9457 problems for unknown names and bad
parameters, 304 on If-None-Match, and ``format=csv`` giving the same rows as the JSON."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tb_testing import web_client
from tradebridge.web.api import matches
from tradebridge.web.queries import csv_text, tables_of


@pytest.fixture(scope="module")
def client(store_path, tmp_path_factory):
    with web_client(store_path, tmp_path_factory.mktemp("api")) as c:
        yield c


def _problem(r, status: int) -> dict:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("path", ["/api/overview?partners=ZZZ", "/api/overview?partners=CHL,ZZZ",
                                  "/api/partners/ZZZ", "/api/agreements?country=ZZZ",
                                  "/api/indicators/balance?partners=ZZZ", "/api/complexity?reporter=ZZZ"])
def test_unknown_partner_is_a_404_problem(client, path):
    body = _problem(client.get(path), 404)
    assert "ZZZ" in body["detail"]  # says which code is unknown


def test_bad_parameters_are_422_problems_listing_each(client):
    body = _problem(client.get("/api/overview?partners=C1&reporter=K"), 422)
    assert {tuple(e["loc"]) for e in body["errors"]} == {("query", "partners"), ("query", "reporter")}


def test_an_indicator_the_data_cannot_support_says_which_dataset_can(client):
    body = _problem(client.get("/api/indicators/rca"), 404)  # comtrade_aggregate has totals only
    assert "world_exports_sitc4" in body["detail"] and "balance" in body["detail"]
    offered = {i["name"]: i["datasets"] for i in client.get("/api/indicators").json()["indicators"]}
    assert offered["rca"] == ["world_exports_sitc4"] and offered["grubel_lloyd"] == []
    assert offered["balance"] == ["agtpa", "comtrade_aggregate"]  # the trade_flows datasets with totals
    ok = client.get("/api/indicators/rca?dataset=world_exports_sitc4&partners=CHL")
    assert ok.status_code == 200 and {r["exporter"] for r in ok.json()["rows"]} == {"KOR", "CHL"}


@pytest.mark.parametrize("path", ["/api/overview", "/api/partners/PER", "/api/indicators/intensity?partners=PA",
                                  "/api/agreements"])
def test_if_none_match_gives_304_until_the_data_change(client, path):
    first = client.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.json()["store_version"] in etag
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": '"another", ' + etag}).status_code == 304
    assert client.get(path, headers={"If-None-Match": 'W/"stale"'}).status_code == 200


def test_matches_is_the_weak_comparison():
    assert matches('W/"a"', '"a"') and matches('"a"', 'W/"a"') and not matches('W/"ab"', 'W/"a"')


def _csv(r) -> list[dict[str, str]]:
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(r.text)))


@pytest.mark.parametrize("path,table", [("/api/overview", "yearly"), ("/api/overview", "fta_windows"),
                                        ("/api/partners/CHL", "intensity"), ("/api/agreements", "stages"),
                                        ("/api/indicators/balance?partners=PA&year_from=2000", "rows"),
                                        ("/api/perceptions", "survey.likert")])
def test_csv_has_the_json_rows(client, path, table):
    sep = "&" if "?" in path else "?"
    rows = tables_of(client.get(path).json())[table]
    got = _csv(client.get(f"{path}{sep}format=csv&table={table}"))
    assert len(got) == len(rows) > 0
    for g, r in zip(got, rows, strict=True):
        for k, v in r.items():
            if isinstance(v, float):
                assert float(g[k]) == v  # repr round-trips a float exactly
            else:
                assert g[k] == ("" if v is None else str(v))


def test_csv_default_table_and_unknown_table(client):
    rows = _csv(client.get("/api/indicators/balance?format=csv"))
    assert {"year", "partner", "exports", "imports"} <= set(rows[0])
    body = _problem(client.get("/api/overview?format=csv&table=nothing"), 404)
    assert "yearly" in body["detail"]  # lists the tables there are


def test_csv_neutralises_formulas():
    text = csv_text([{"name": "=HYPERLINK(\"x\")", "v": -1.5}, {"name": "@SUM(A1)", "v": None}])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"][0] for r in rows] == ["'", "'"] and rows[0]["v"] == "-1.5" and rows[1]["v"] == ""


cells = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                  st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\x00"),
                          max_size=12).filter(lambda s: not s.startswith(("=", "+", "-", "@", "\t"))))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({"a": cells, "b": cells}), min_size=1, max_size=8))
def test_csv_round_trips_records(records):
    got = list(csv.DictReader(io.StringIO(csv_text(records), newline="")))
    assert got == [{k: "" if v is None else str(v) for k, v in r.items()} for r in records]


def _slots_taken(client, path: str) -> tuple[int, int]:
    """How many computations took a slot of the app's ComputeGate for a first and a repeated request."""
    gate = client.app.state.ctx.state["compute_gate"]
    calls = []
    real = gate.run
    gate.run = lambda fn, *a, **k: calls.append(1) or real(fn, *a, **k)
    try:
        assert client.get(path).status_code == 200
        first = len(calls)
        assert client.get(path).status_code == 200
    finally:
        del gate.run
    return first, len(calls) - first


def test_indicator_cache_misses_pass_the_compute_gate(client):
    assert _slots_taken(client, "/api/indicators/hhi_markets?partners=CHL,MEX") == (1, 0)  # the repeat is cached


@pytest.mark.parametrize("path,tables", [("/overview?lang=ko", 2), ("/partners/CHL?lang=es", 3), ("/agreements", 2),
                                         ("/indicators?indicator=intensity&partners=PA", 1),
                                         ("/complexity?partner=PER", 6), ("/perceptions?demo=1", 2)])
def test_every_table_links_to_a_csv_that_parses(client, path, tables):
    import html
    import re

    page = client.get(path).text
    links = [html.unescape(h) for h in re.findall(r'<a href="([^"]*format=csv[^"]*)" download', page)]
    assert len(links) == len(set(links)) == tables  # one per table (no product tables without HS data)
    for href in links:
        rows = _csv(client.get(href))
        assert rows and all(len(r) == len(rows[0]) for r in rows), href


def test_complexity_cache_misses_pass_the_compute_gate(client):
    first, again = _slots_taken(client, "/api/complexity?partner=COL&exporter=KOR")
    assert first >= 1 and again == 0  # the year's space (unless cached already) and both opportunity tables
