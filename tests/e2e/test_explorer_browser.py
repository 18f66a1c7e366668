"""The explorer and the complexity page in headless Chromium (Debian's chromium driven by Playwright):
a table's CSV download parses and holds the table's values, the reporter switch and the year range
change the page, the treemaps and the product space draw.

Screenshots go to ``test-artifacts/e2e/`` (gitignored). Needs the ``chromium`` package (apt).
"""

from __future__ import annotations

import csv

import pytest
import test_dashboard_browser as dashboard

from tradebridge.i18n import number, place

pytestmark = pytest.mark.slow
ARTIFACTS = dashboard.ARTIFACTS
server = dashboard.server  # the dashboard's server (browser and page: tests/e2e/conftest.py)


def _table(pg, selector: str) -> tuple[list[str], list[list[str]]]:
    keys = pg.eval_on_selector_all(f"{selector} thead th", "ths => ths.map(t => t.dataset.key)")
    rows = pg.eval_on_selector_all(f"{selector} tbody tr",
                                   "trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent))")
    return keys, rows


def test_csv_download_parses_and_matches_the_table(server, page):
    page.goto(server["base"] + "/indicators?indicator=balance&partners=PA&year_from=2000&lang=es")
    keys, rows = _table(page, "#indicator-table")
    with page.expect_download() as info:
        page.click("#indicator-table-csv")
    path = info.value.path()
    assert info.value.suggested_filename == "indicator-balance-rows.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert list(got[0]) == keys and len(got) == len(rows) > 0
    for row, cells in zip(got, rows, strict=True):
        cell = dict(zip(keys, cells, strict=True))
        assert (cell["year"], cell["partner"]) == (row["year"], place(row["partner"], "es"))  # codes shown by name
        # the table: USD in thousands of millions (2 decimals) and shares in % (1 decimal), Spanish separators
        assert cell["total_trade"] == number(float(row["total_trade"]) / 1e9, "es", 2)
        assert cell["share_of_world_trade"] == number(float(row["share_of_world_trade"]) * 100, "es", 1)
    page.screenshot(path=str(ARTIFACTS / "explorer-es.png"), full_page=True)


def test_reporter_switch_and_year_range_change_the_page(server, page):
    page.goto(server["base"] + "/indicators?indicator=intensity")
    page.wait_for_selector("#chart-indicator svg", state="attached", timeout=30000)
    before = page.inner_text("#indicator-table")
    page.select_option("select[name=reporter]", "CHL")
    page.select_option("select[name=year_from]", "2004")
    page.select_option("select[name=year_to]", "2012")
    with page.expect_navigation():
        page.click("#explorer button[type=submit]")
    assert "reporter=CHL" in page.url and "year_from=2004" in page.url
    keys, rows = _table(page, "#indicator-table")
    col = {k: i for i, k in enumerate(keys)}
    assert {r[col["year"]] for r in rows} == {"2004", "2008", "2012"}
    assert all("Chile" in (r[col["exporter"]], r[col["importer"]]) for r in rows)
    assert page.inner_text("#indicator-table") != before
    assert page.eval_on_selector("select[name=reporter]", "s => s.value") == "CHL"
    page.wait_for_selector("#chart-indicator svg", state="attached", timeout=30000)
    page.screenshot(path=str(ARTIFACTS / "explorer-chl.png"), full_page=True)


def test_treemaps_and_product_space_draw(server, page):
    page.goto(server["base"] + "/complexity?partner=CHL", timeout=120000)
    for chart in ("treemap0", "treemap1", "space"):
        page.wait_for_selector(f"#chart-{chart} svg", state="attached", timeout=60000)
    # one rectangle per product in each direction (Vega draws rect marks as paths), the product groups named
    for i in (0, 1):
        n = page.eval_on_selector_all(f"#chart-treemap{i} svg g.mark-rect path", "ps => ps.length")
        assert n > 50
        labels = page.eval_on_selector_all(f"#chart-treemap{i} svg g.mark-text text", "ts => ts.map(t => t.textContent)")
        groups = page.eval_on_selector_all(f"#groups-{i} tbody tr", "trs => trs.length")
        assert len(labels) == groups >= 5  # one label per product group of the table beside it (long ones cut with …)
    nodes = page.eval_on_selector_all("#chart-space svg g.mark-symbol path", "ps => ps.length")
    assert nodes > 500  # SITC Rev.2 4-digit products
    page.select_option("select[name=reporter]", "MEX")
    with page.expect_navigation(timeout=120000):
        page.click("form.filters button[type=submit]")
    page.wait_for_selector("#chart-treemap1 svg", state="attached", timeout=60000)
    assert "reporter=MEX" in page.url and "Mexico" in page.inner_text("#direction-0 h3")
    page.screenshot(path=str(ARTIFACTS / "complexity-mex.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_explorer_table_fits_the_page_at_1280_px(server, page, lang):
    """The balance table's long column titles wrap instead of pushing the last columns out of view behind
    a scroll bar (the page 1280 px wide, as in the review). Spanish titles hold single words too long for
    14 columns ("Exportaciones"): there the table scrolls inside its box, never the page."""
    page.goto(server["base"] + f"/indicators?indicator=balance&partners=PA&lang={lang}")
    box = page.eval_on_selector("#indicator-table", "t => [t.scrollWidth, t.parentElement.clientWidth]")
    widths = page.eval_on_selector_all("#indicator-table thead th",
                                       "ths => ths.map(t => [t.textContent, Math.round(t.getBoundingClientRect().width)])")
    assert box[0] <= box[1], (box, widths)
    page.goto(server["base"] + "/indicators?indicator=balance&partners=PA&lang=es")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
