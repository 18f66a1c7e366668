"""The /complexity page and /api/complexity on the reference warehouse (world SITC Rev.2 4-digit exports,
2000): languages, the product space against an independent recomputation (RCA and symmetric proximity
in SQL + numpy, a maximum spanning forest by Prim's algorithm), treemap totals against SQL sums,
opportunities against their definition, 404/422 for bad parameters, a scope taken from the settings,
and (with Debian chromium) the charts drawn in a headless browser."""

from __future__ import annotations

import json
import os
import re

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tb_testing import require_tool, uvicorn_app
from tradebridge.config import Settings
from tradebridge.store import Store
from tradebridge.web.app import create_app
from tradebridge.web.complexity import (
    EDGE_THRESHOLD,
    GROUP_COLOURS,
    STRINGS,
    group_of,
    maximum_spanning_edges,
    spring_layout,
)

DATASET, YEAR = "world_exports_sitc4", 2000


def _app(store_path, tmp, **extra) -> TestClient:
    settings = Settings(store=store_path, survey_db=f"sqlite:///{tmp / 'survey.sqlite'}", cache=tmp / "cache", **extra)
    return TestClient(create_app(settings, secret_key="k" * 32))


@pytest.fixture(scope="module")
def client(store_path, tmp_path_factory):
    with _app(store_path, tmp_path_factory.mktemp("web")) as c:
        yield c


@pytest.fixture(scope="module")
def body(client):
    r = client.get("/api/complexity", params={"partner": "CHL", "exporter": "CHL"})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def rca(store_path) -> pd.DataFrame:
    """Balassa RCA of every exporter × product with positive exports, straight from the store in SQL."""
    q = """WITH x AS (SELECT exporter, product, sum(value_usd) AS v FROM world_exports WHERE dataset = ? AND year = ?
                      GROUP BY ALL HAVING sum(value_usd) > 0),
           c AS (SELECT exporter, sum(v) AS vc FROM x GROUP BY 1),
           p AS (SELECT product, sum(v) AS vp FROM x GROUP BY 1),
           t AS (SELECT sum(v) AS vt FROM x)
           SELECT exporter, product, v, (v / vc) / (vp / vt) AS rca
           FROM x JOIN c USING (exporter) JOIN p USING (product), t"""
    with Store.open(store_path) as st:
        return st.sql(q, [DATASET, YEAR])


def _spec(html: str, name: str) -> dict:
    m = re.search(rf'<script type="application/json" id="spec-{name}">(.*?)</script>', html, re.DOTALL)
    assert m, f"no spec {name}"
    return json.loads(m.group(1))


def _max_forest(phi: np.ndarray) -> tuple[float, int]:
    """(total weight, components) of a maximum spanning forest of phi (Prim from each unvisited node)."""
    n, done, total, parts = len(phi), np.zeros(len(phi), bool), 0.0, 0
    for s in range(n):
        if done[s]:
            continue
        parts += 1
        done[s], best = True, phi[s].copy()
        while True:
            cand = np.where(~done & (best > 0), best, -1.0)
            j = int(cand.argmax())
            if cand[j] <= 0:
                break
            total, done[j] = total + cand[j], True
            best = np.maximum(best, phi[j])
    return total, parts


# ----------------------------------------------------------------------------------------- hand-checked
def test_maximum_spanning_edges_by_hand():
    # Kruskal by hand: .9 (0-1), .6 (0-2), .5 (1-2) closes the cycle 0-1-2, .4 (2-3); total 1.9 beats any other tree
    phi = np.array([[0, .9, .6, 0], [.9, 0, .5, .1], [.6, .5, 0, .4], [0, .1, .4, 0]])
    assert maximum_spanning_edges(phi) == [(0, 1, .9), (0, 2, .6), (2, 3, .4)]
    # two components {0, 1} and {2}: n - components = 1 edge
    assert maximum_spanning_edges(np.array([[0, .3, 0], [.3, 0, 0], [0, 0, 0.]])) == [(0, 1, .3)]


def test_groups_and_layout_are_deterministic():
    assert [group_of(c, "SITC2") for c in ("0011", "7810", "9310")] == ["0", "7", "9"]
    assert [group_of(c, "HS92") for c in ("260300", "870323", "970110")] == ["V", "XVII", "XXI"]
    assert GROUP_COLOURS["7"] != GROUP_COLOURS["9"] and len(set(GROUP_COLOURS.values())) >= 21
    edges = [(0, 1, 1.0), (1, 2, 0.5), (2, 3, 0.5)]
    a, b = spring_layout(4, edges, seed=3), spring_layout(4, edges, seed=3)
    assert np.array_equal(a, b) and a.min() == 0.0 and a.max() == 1.0  # same seed, same picture; rescaled
    assert not np.array_equal(a, spring_layout(4, edges, seed=4))


def test_every_string_has_three_languages_with_the_same_fields():
    for key, texts in STRINGS.items():
        fields = [{f.split(":")[0] for f in re.findall(r"{([^{}]+)}", t)} for t in texts]
        assert len(texts) == 3 and all(texts) and fields[0] == fields[1] == fields[2], key


class _FakeAccess:
    """Stands in for StoreAccess: ``sql`` answers from a small bilateral HS flows table."""

    def __init__(self, flows: pd.DataFrame) -> None:
        self.flows = flows

    def cached(self, key, compute):
        return compute(), "v"

    def open(self):
        import contextlib

        flows = self.flows

        class _St:
            def sql(self, query, params):
                dataset, year, a, b, cls = params
                assert (dataset, cls) == ("baci", "HS12")  # the page's dataset and classification are queried
                f = flows[(flows.exporter == a) & (flows.importer == b) & (flows.year == year)]
                return f.groupby("product", as_index=False)["value_usd"].sum()

        return contextlib.nullcontext(_St())


def test_treemaps_use_bilateral_flows_when_both_directions_exist():
    from tradebridge.web.complexity import directions

    flows = pd.DataFrame({"exporter": ["R", "R", "R", "P", "Q"], "importer": ["P", "P", "Q", "R", "R"],
                          "year": 2020, "product": ["870323", "260300", "870323", "740311", "260300"],
                          "value_usd": [5.0, 2.0, 9.0, 4.0, 1.0]})
    world = pd.DataFrame({"exporter": ["R", "P"], "product": ["870323", "740311"], "value_usd": [100.0, 50.0]})
    space = {"classification": "HS12", "values": world}
    bilateral, dirs = directions(_FakeAccess(flows), space, "baci", 2020, "R", "P")
    assert bilateral is True
    assert [(d["exporter"], d["importer"]) for d in dirs] == [("R", "P"), ("P", "R")]
    assert dirs[0]["rows"] == [{"product": "870323", "group": "XVII", "value": 5.0},
                               {"product": "260300", "group": "V", "value": 2.0}]  # R's 9.0 to Q is not R -> P
    assert dirs[1]["rows"] == [{"product": "740311", "group": "XV", "value": 4.0}]
    # one direction without flows: both sides fall back to their exports to the world
    bilateral, dirs = directions(_FakeAccess(flows[flows.exporter != "P"]), space, "baci", 2020, "R", "P")
    assert bilateral is False and [d["importer"] for d in dirs] == [None, None]
    assert [sum(r["value"] for r in d["rows"]) for d in dirs] == [100.0, 50.0]


# ----------------------------------------------------------------------------------------- the page
@pytest.mark.parametrize("lang", ["en", "es", "ko"])
def test_page_renders_in_each_language(client, lang):
    r = client.get("/complexity", params={"lang": lang, "partner": "PER"})
    assert r.status_code == 200
    html = r.text
    i = {"en": 0, "es": 1, "ko": 2}[lang]
    assert f'<html lang="{lang}">' in html
    assert f'aria-current="page">{STRINGS["nav"][i]}</a>' in html  # the nav entry, in the page's language
    for name in ("space", "treemap0", "treemap1"):
        assert _spec(html, name)["$schema"].endswith("/vega/v5.json")  # Vega, not Vega-Lite
    # tables without JavaScript: ECI ranks, treemap groups, both opportunity tables, the world-exports note
    assert 'id="eci-ranks"' in html and 'id="opps-PER-KOR"' in html and 'id="opps-KOR-PER"' in html
    assert 'id="world-note"' in html and html.count('<section class="treemap"') == 2
    assert STRINGS["world_note"][i].split("{")[0] in html


def test_space_spec_nodes_edges_against_an_independent_recomputation(client, body, rca):
    spec = _spec(client.get("/complexity").text, "space")
    data = {d["name"]: d["values"] for d in spec["data"]}
    products = sorted(rca["product"].unique())
    assert len(data["nodes"]) == len(body["nodes"]) == len(products) == 785
    assert len(data["edges"]) == len(body["edges"])
    # symmetric proximity from M = RCA >= 1: phi_ab = sum_c M_ca M_cb / max(k_a, k_b), diagonal 0
    idx = {p: i for i, p in enumerate(products)}
    countries = sorted(rca["exporter"].unique())
    cdx = {c: i for i, c in enumerate(countries)}
    m = np.zeros((len(countries), len(products)))
    on = rca[rca["rca"] >= 1.0]
    m[[cdx[c] for c in on["exporter"]], [idx[p] for p in on["product"]]] = 1.0
    k = m.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.nan_to_num((m.T @ m) / np.maximum.outer(k, k))
    np.fill_diagonal(phi, 0.0)
    weight, parts = _max_forest(phi)
    mst = [e for e in body["edges"] if e["mst"]]
    assert body["components"] == parts
    assert len(mst) == len(products) - parts  # a spanning forest: products − 1 per connected component
    # the tree is a maximum one: its weight equals Prim's (rel 1e-9: the same ratios summed in another order)
    assert sum(phi[idx[e["source"]], idx[e["target"]]] for e in mst) == pytest.approx(weight, rel=1e-9)
    parent = list(range(len(products)))  # and it has no cycle (union-find)

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for e in mst:
        a, b = root(idx[e["source"]]), root(idx[e["target"]])
        assert a != b
        parent[a] = b
    # the other edges are exactly the pairs with phi >= 0.55 outside the tree
    tree = {frozenset((e["source"], e["target"])) for e in mst}
    strong = {frozenset((products[a], products[b])) for a, b in zip(*np.nonzero(np.triu(phi >= EDGE_THRESHOLD, 1)),
                                                                    strict=True)}
    assert {frozenset((e["source"], e["target"])) for e in body["edges"] if not e["mst"]} == strong - tree
    # nodes sized by world trade: the column sums of the store
    world = rca.groupby("product")["v"].sum()
    got = {n["product"]: n["world"] for n in data["nodes"]}
    assert max(abs(got[p] / world[p] - 1) for p in products) < 1e-12


@pytest.mark.parametrize("exporter", ["CHL", "KOR"])
def test_highlighted_products_are_the_exporters_rca_ge_1(client, rca, exporter):
    b = client.get("/api/complexity", params={"partner": "CHL", "exporter": exporter}).json()
    mine = rca[rca["exporter"] == exporter]
    near = set(mine.loc[(mine["rca"] - 1).abs() < 1e-9, "product"])  # float ties at the threshold, either way
    assert set(b["highlighted"]) - near == set(mine.loc[mine["rca"] >= 1.0, "product"]) - near
    assert {n["product"] for n in b["nodes"] if n["highlight"]} == set(b["highlighted"])
    spec_nodes = {d["name"]: d["values"] for d in _spec(client.get(
        "/complexity", params={"exporter": exporter}).text, "space")["data"]}["nodes"]
    assert sorted(n["product"] for n in spec_nodes if n["highlight"]) == b["highlighted"]


def test_treemap_values_sum_to_each_directions_exports(client, body, store_path):
    html = client.get("/complexity", params={"partner": "CHL"}).text
    assert body["bilateral"] is False  # the reference warehouse has no bilateral product flows
    with Store.open(store_path) as st:
        q = "SELECT sum(value_usd) AS v FROM world_exports WHERE dataset = ? AND year = ? AND exporter = ?"
        totals = {c: float(st.sql(q, [DATASET, YEAR, c])["v"].iloc[0]) for c in ("KOR", "CHL")}
    assert [d["exporter"] for d in body["directions"]] == ["KOR", "CHL"]
    for i, d in enumerate(body["directions"]):
        leaves = [v for v in _spec(html, f"treemap{i}")["data"][0]["values"]
                  if "value" in v]
        # rel 1e-9: the same float values summed in another order
        assert sum(v["value"] for v in leaves) == pytest.approx(totals[d["exporter"]], rel=1e-9)
        assert sum(r["value"] for r in d["rows"]) == pytest.approx(totals[d["exporter"]], rel=1e-9)
        assert all(v["group"] == group_of(v["name"], "SITC2") for v in leaves)


def test_opportunities_follow_their_definition(body):
    into_reporter, into_partner = body["opportunities"]
    assert (into_reporter["exporter"], into_reporter["market"]) == ("CHL", "KOR")
    assert (into_partner["exporter"], into_partner["market"]) == ("KOR", "CHL")
    eci = {r["exporter"]: r["eci"] for r in body["ranks"]}
    for o in (into_reporter, into_partner):
        rows = o["rows"]
        assert len(rows) == 20 and o["basis"].startswith("proxy: ")  # no bilateral products: the stated proxy
        assert [r["rank"] for r in rows] == list(range(1, 21))
        demand = [r["import_demand"] for r in rows]
        assert demand == sorted(demand, reverse=True)
        assert all(r["pci"] > eci[o["exporter"]] and r["cog"] > 0 and r["rca"] < 1 for r in rows)  # M = 0
    assert not {r["product"] for r in into_reporter["rows"]} & set(body["highlighted"])  # CHL's RCA >= 1 products


def test_eci_ranks_of_reporter_and_members(body):
    ranks = {r["exporter"]: r for r in body["ranks"]}
    assert set(ranks) == {"KOR", "CHL", "COL", "MEX", "PER"}
    assert all(r["n_countries"] == 226 and 1 <= r["eci_rank"] <= 226 for r in ranks.values())
    order = sorted(ranks, key=lambda c: -ranks[c]["eci"])
    assert [ranks[c]["eci_rank"] for c in order] == sorted(ranks[c]["eci_rank"] for c in order)


def test_bad_parameters(client):
    for params in ({"partner": "ZZZ"}, {"partner": "USA"}, {"exporter": "USA"}, {"year": 1999},
                   {"dataset": "comtrade_aggregate"}):
        assert client.get("/api/complexity", params=params).status_code == 404, params
        r = client.get("/complexity", params=params)
        assert r.status_code == 404 and 'role="alert"' in r.text, params
    for params in ({"partner": "C1"}, {"year": "two"}, {"dataset": "../x"}):
        assert client.get("/api/complexity", params=params).status_code == 422, params


def test_cached_per_store_version(client):
    acc = client.app.state.ctx.state["dashboard_access"]
    client.get("/api/complexity")
    assert (acc.version(), ("complexity_space", DATASET, YEAR)) in acc._cache


def test_scope_comes_from_the_settings(store_path, tmp_path):
    with _app(store_path, tmp_path, reporter="BRA", partners="ARG,CHL") as c:
        b = c.get("/api/complexity").json()
        assert (b["reporter"], b["members"], b["partner"]) == ("BRA", ["ARG", "CHL"], "ARG")
        assert {r["exporter"] for r in b["ranks"]} == {"BRA", "ARG", "CHL"}
        assert [d["exporter"] for d in b["directions"]] == ["BRA", "ARG"]
        assert c.get("/api/complexity", params={"partner": "PER"}).status_code == 404  # not in this scope


# ----------------------------------------------------------------------------------------- browser
@pytest.mark.slow
@pytest.mark.browser
def test_charts_draw_in_chromium(store_path, tmp_path):
    chromium = require_tool("chromium", "headless screenshot of the complexity page")
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "TRADEBRIDGE_STORE": str(store_path),
           "TRADEBRIDGE_SURVEY_DB": f"sqlite:///{tmp_path / 's.sqlite'}",
           "TRADEBRIDGE_CACHE": str(tmp_path / "cache"), "TRADEBRIDGE_SECRET": "s" * 32,
           "TRADEBRIDGE_CONFIG": str(tmp_path / "none.toml")}
    with uvicorn_app(env) as base, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        pg = b.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(base + "/complexity?lang=ko&partner=MEX&exporter=MEX", timeout=180_000)
        pg.wait_for_selector("div.chart.drawn svg >> nth=2", state="attached", timeout=60_000)  # no eval: the CSP forbids it
        # every product a symbol; the treemaps' rectangles (one per product with exports, plus groups)
        n_paths = pg.eval_on_selector_all("#chart-space svg g.mark-symbol path", "els => els.length")
        pg.screenshot(path=str(tmp_path / "complexity-ko.png"), full_page=True)
        b.close()
    assert errors == [] and n_paths == 785
    assert (tmp_path / "complexity-ko.png").stat().st_size > 50_000
