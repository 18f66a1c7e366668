"""The indicators explorer on the reference warehouse (aggregate trade flows and a world SITC4 export
file, no HS product flows): choices from the data present, readable units that match the CSV, the
reporter switch and the year range."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.i18n import number, place
from tradebridge.indicators.registry import SPECS
from tradebridge.web.explorer import choose, column_kind, table_view

from . import test_api_downloads

client = test_api_downloads.client  # an app on the reference warehouse (module-scoped here too)


class _Tables(HTMLParser):
    """The page's table#indicator-table (header keys, cell texts), its CSV link, the selects' options."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.rows: list[list[str]] = []
        self.csv = None
        self.options: dict[str, list[tuple[str, bool]]] = {}
        self._in, self._cell, self._select = False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == "indicator-table":
            self._in, self.csv = True, a["data-csv"]
        elif self._in and tag == "th":
            self.keys.append(a["data-key"])
        elif self._in and tag == "tr":
            self.rows.append([])
        elif self._in and tag == "td":
            self._cell = ""
        elif tag == "select":
            self._select = a["name"]
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append((a.get("value"), "selected" in a))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._select and self.options[self._select] and self.options[self._select][-1][0] is None:
            _, sel = self.options[self._select].pop()
            self.options[self._select].append((data, sel))

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None
        elif tag == "table":
            self._in = False
        elif tag == "select":
            self._select = None


def _page(client, query: str = "") -> _Tables:
    r = client.get("/indicators" + query)
    assert r.status_code == 200, r.text[:500]
    p = _Tables()
    p.feed(r.text)
    p.rows = [r for r in p.rows if r]
    p.html = r.text
    return p


def _selected(p: _Tables, name: str) -> str:
    return next(v for v, sel in p.options[name] if sel)


def test_catalogue_offers_only_what_the_data_support(client):
    from tradebridge.web.queries import catalogue

    cat = catalogue(client.app.state.ctx.state["dashboard_access"])
    aggregate = [s.name for s in SPECS if not s.product_level]
    assert cat["comtrade_aggregate"]["kind"] == "aggregate" and cat["comtrade_aggregate"]["indicators"] == aggregate
    assert cat["world_exports_sitc4"] == {**cat["world_exports_sitc4"], "kind": "world", "indicators": ["rca"],
                                          "years": [2000]}
    assert cat["comtrade_aggregate"]["years"] == list(range(1964, 2017, 4))  # four-yearly, 1964-2016
    assert "KOR" in cat["comtrade_aggregate"]["reporters"]


def test_defaults_work_on_the_data_present(client):
    p = _page(client)
    assert _selected(p, "dataset") == "comtrade_aggregate" and _selected(p, "indicator") == "balance"
    assert [v for v, _ in p.options["indicator"]] == ["balance", "intensity", "hhi_markets"]  # no product indicators
    assert "level" not in p.options  # no product level without product data
    assert _selected(p, "reporter") == "KOR" and (_selected(p, "year_from"), _selected(p, "year_to")) == ("1964", "2016")
    assert len(p.rows) > 0 and 'id="products-link"' in p.html and "/complexity?reporter=KOR" in p.html


def test_an_indicator_needing_products_picks_a_dataset_that_has_them(client):
    p = _page(client, "?indicator=rca&partners=CHL")
    assert _selected(p, "dataset") == "world_exports_sitc4" and [v for v, _ in p.options["indicator"]] == ["rca"]
    asked = _page(client, "?indicator=rca&dataset=comtrade_aggregate")  # both given: say why, show balance
    assert _selected(asked, "indicator") == "balance" and "indicator rca needs product data" in asked.html


def test_table_values_match_the_csv(client):
    p = _page(client, "?indicator=balance&partners=PA&year_from=2000&lang=es")
    got = list(csv.DictReader(io.StringIO(client.get(p.csv.replace("&amp;", "&")).text)))
    assert len(got) == len(p.rows) and p.keys == list(got[0])
    header = re.search(r'data-key="exports">([^<]+)<', p.html).group(1)
    assert header == "Exportaciones (US$ mil millones)"  # the unit follows the column's largest value
    for row, cells in zip(got, p.rows, strict=True):
        cell = dict(zip(p.keys, cells, strict=True))
        assert cell["year"] == row["year"] and cell["partner"] == place(row["partner"], "es")  # codes by name
        # USD in thousands of millions with 2 decimals, shares in % with 1 (the page's stated rounding)
        assert cell["exports"] == number(float(row["exports"]) / 1e9, "es", 2)
        assert cell["share_of_world_trade"] == number(float(row["share_of_world_trade"]) * 100, "es", 1)
        growth = row["exports_growth"]
        assert cell["exports_growth"] == ("–" if growth == "" else number(float(growth) * 100, "es", 1))


def test_reporter_switch_and_year_range_change_the_rows(client):
    kor = _page(client, "?indicator=intensity")
    chl = _page(client, "?indicator=intensity&reporter=CHL&year_from=2004&year_to=2012")
    col = {k: i for i, k in enumerate(chl.keys)}
    assert _selected(chl, "reporter") == "CHL" and (_selected(chl, "year_from"), _selected(chl, "year_to")) == ("2004", "2012")
    assert {r[col["year"]] for r in chl.rows} == {"2004", "2008", "2012"}
    pairs = {(r[col["exporter"]], r[col["importer"]]) for r in chl.rows}
    assert all("Chile" in p for p in pairs) and ("Chile", "Peru") in pairs and not any("Korea" in p for p in pairs)
    kor_pairs = {(r[kor.keys.index("exporter")], r[kor.keys.index("importer")]) for r in kor.rows}
    assert ("Korea", "Chile") in kor_pairs and "year_from=2004&year_to=2012" in chl.csv


def test_year_range_reversed_is_swapped():
    cat = {"d": {"kind": "aggregate", "indicators": ["balance"], "years": [2000, 2004, 2008], "reporters": ["KOR"]}}
    c, note = choose(cat, {"year_from": "2008", "year_to": "2004"}, {"dataset": "d", "reporter": "KOR", "partners": "PA"})
    assert (c.years_filter, note) == ((2004, 2008), None)


@pytest.mark.parametrize("lang", ["en", "es", "ko"])
def test_pages_in_each_language(client, lang):
    p = _page(client, f"?indicator=hhi_markets&lang={lang}")
    assert f'<html lang="{lang}">' in p.html and len(p.rows) > 0 and p.csv.startswith("/api/indicators/hhi_markets?")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-5e12, 5e12, allow_nan=False), min_size=1, max_size=6),
       st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=6))
def test_readable_units_are_the_value_over_the_unit(usd, share):
    rows = [{"balance": b, "share": s} for b, s in zip(usd, share, strict=False)]
    view = table_view(rows, "en")
    bal, _ = view["columns"]
    assert column_kind("balance") == "usd" and bal["label"].startswith("Balance (US$")
    for r, cells in zip(rows, view["rows"], strict=True):
        # the text is the value in the column's unit, rounded half-even to its digits (Babel)
        digits = 2 if bal["divisor"] >= 1e8 else 1
        assert float(cells[0].replace(",", "").replace("−", "-")) == pytest.approx(
            r["balance"] / bal["divisor"], abs=0.5 * 10 ** -digits + 1e-9)
        assert float(cells[1].replace(",", "").replace("−", "-")) == pytest.approx(r["share"] * 100, abs=0.05 + 1e-9)
    assert max(abs(x) for x in usd) < 1000 or max(abs(x) for x in usd) / bal["divisor"] >= 1  # never 0.00 bn
