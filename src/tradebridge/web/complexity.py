"""Dashboard page ``/complexity`` (and its JSON twin ``/api/complexity``): the product space of a year,
a treemap of each direction's exports, the opportunity tables both ways and the ECI ranks of the
settings' reporter and partners (the library part is :mod:`tradebridge.indicators.opportunities`).

- **Product space** (Hidalgo, Klinger, Barabási & Hausmann 2007, *Science* 317:482; the Atlas of
  Economic Complexity draws it the same way): nodes are the products of the year, coloured by product
  group (SITC Rev.2 section = first digit; HS section from :mod:`tradebridge.concord.hs`), sized by
  world trade; edges are the **maximum spanning tree** of the proximity network (symmetric φ, so
  ``products − components`` edges) plus every other pair with ``φ >= 0.55``. Node positions come from
  a seeded Fruchterman–Reingold spring layout (:func:`spring_layout`, numpy), so the picture is the
  same on every run. The products the chosen exporter exports with ``RCA >= 1`` are highlighted.
- **Treemaps**: reporter → partner and partner → reporter by product group when the dataset holds
  bilateral product flows for the pair and year (``trade_flows``); otherwise each side's exports to
  the world, and the page says so.
- **Opportunities**: :func:`~tradebridge.indicators.opportunities.opportunities` (top 20) for the
  partner into the reporter and the reverse, with the basis of import demand the library states.

Computations are cached per store version (``StoreAccess.cached``); a cache miss waits for a slot of
the app's :class:`~tradebridge.web.jobs.ComputeGate` (a burst of new combinations cannot take every
thread). Strings of this page live in :data:`STRINGS` until they join the shared table. Colours are
keyed by group code, never by label.

>>> lay = spring_layout(3, [(0, 1, 1.0), (1, 2, 1.0)], seed=1)
>>> lay.shape, bool(lay.min() >= 0.0 and lay.max() <= 1.0)
((3, 2), True)
>>> [e[:2] for e in maximum_spanning_edges(np.array([[0, .9, .2], [.9, 0, .5], [.2, .5, 0]]))]
[(0, 1), (1, 2)]
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree
from starlette.concurrency import run_in_threadpool

from tradebridge._json import records
from tradebridge.concord.hs import CHAPTER_SECTION
from tradebridge.errors import ConfigError, DataError, TradebridgeError
from tradebridge.web.api import DATA, Answer, FormatQ, ProblemRoute, TableQ, access_for, request_scope, scope_for
from tradebridge.web.app import WebContext, register_router
from tradebridge.web.jobs import gate_for

EDGE_THRESHOLD = 0.55   # Hidalgo et al. (2007): MST plus the links with proximity >= 0.55
TOP = 20
LAYOUT_SEED = 20070727  # any fixed seed: the same layout on every run
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd",
           "#e6550d", "#31a354", "#756bb1", "#e7ba52", "#9c9ede")
SITC_SECTIONS = tuple(str(d) for d in range(10))
HS_SECTIONS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
               "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI")
# one colour per group code (SITC sections 0-9, HS sections I-XXI; the codes do not collide)
GROUP_COLOURS: dict[str, str] = {**dict(zip(SITC_SECTIONS, PALETTE, strict=False)),
                                 **dict(zip(HS_SECTIONS, PALETTE, strict=True)), "unknown": "#c7c7c7"}

GROUP_NAMES: dict[str, tuple[str, str, str]] = {  # (en, es, ko)
    "0": ("Food and live animals", "Alimentos y animales vivos", "식품 및 산동물"),
    "1": ("Beverages and tobacco", "Bebidas y tabaco", "음료 및 담배"),
    "2": ("Crude materials, except fuels", "Materiales crudos, excepto combustibles", "비식용 원료(연료 제외)"),
    "3": ("Mineral fuels and lubricants", "Combustibles y lubricantes minerales", "광물성 연료 및 윤활유"),
    "4": ("Animal and vegetable oils and fats", "Aceites y grasas animales y vegetales", "동식물성 유지"),
    "5": ("Chemicals", "Productos químicos", "화학제품"),
    "6": ("Manufactures by material", "Manufacturas según el material", "재료별 제조제품"),
    "7": ("Machinery and transport equipment", "Maquinaria y equipo de transporte", "기계 및 운송장비"),
    "8": ("Miscellaneous manufactures", "Manufacturas diversas", "잡제품"),
    "9": ("Not classified elsewhere", "No clasificado en otra parte", "기타 미분류"),
    "I": ("Live animals, animal products", "Animales vivos y productos animales", "산동물 및 동물성 생산품"),
    "II": ("Vegetable products", "Productos vegetales", "식물성 생산품"),
    "III": ("Fats and oils", "Grasas y aceites", "동식물성 유지"),
    "IV": ("Prepared foodstuffs, beverages, tobacco", "Alimentos preparados, bebidas y tabaco", "조제식료품, 음료, 담배"),
    "V": ("Mineral products", "Productos minerales", "광물성 생산품"),
    "VI": ("Chemical products", "Productos químicos", "화학공업 생산품"),
    "VII": ("Plastics and rubber", "Plástico y caucho", "플라스틱 및 고무"),
    "VIII": ("Hides, skins and leather", "Pieles y cueros", "원피, 가죽"),
    "IX": ("Wood and cork", "Madera y corcho", "목재 및 코르크"),
    "X": ("Pulp and paper", "Pasta de madera y papel", "펄프 및 종이"),
    "XI": ("Textiles", "Textiles", "섬유제품"),
    "XII": ("Footwear and headgear", "Calzado y sombrerería", "신발류 및 모자류"),
    "XIII": ("Stone, ceramics and glass", "Piedra, cerámica y vidrio", "석제품, 도자제품, 유리"),
    "XIV": ("Precious stones and metals", "Piedras y metales preciosos", "귀석 및 귀금속"),
    "XV": ("Base metals", "Metales comunes", "비금속(卑金屬)"),
    "XVI": ("Machinery and electrical equipment", "Máquinas y material eléctrico", "기계 및 전기기기"),
    "XVII": ("Vehicles, aircraft and vessels", "Vehículos, aeronaves y barcos", "차량, 항공기, 선박"),
    "XVIII": ("Optical and precision instruments", "Instrumentos ópticos y de precisión", "광학·정밀기기"),
    "XIX": ("Arms and ammunition", "Armas y municiones", "무기 및 총포탄"),
    "XX": ("Miscellaneous manufactures", "Manufacturas diversas", "잡품"),
    "XXI": ("Works of art and antiques", "Objetos de arte y antigüedades", "예술품 및 골동품"),
    "unknown": ("Unclassified", "Sin clasificar", "미분류"),
}
_LANG_INDEX = {"en": 0, "es": 1, "ko": 2}

STRINGS: dict[str, tuple[str, str, str]] = {  # (en, es, ko); {r}, {p}, {x} are filled in
    "nav": ("Complexity", "Complejidad", "경제 복잡도"),
    "title": ("{r} and {p}: what is traded and what could be",
              "{r} y {p}: lo que se comercia y lo que podría comerciarse",
              "{r:와} {p}: 교역하는 것과 교역할 수 있는 것"),
    "partner": ("Partner", "Socio", "상대국"), "exporter": ("Highlight exporter", "Exportador resaltado", "강조할 수출국"),
    "dataset": ("Dataset", "Conjunto de datos", "데이터셋"), "year": ("Year", "Año", "연도"),
    "show": ("Show", "Mostrar", "보기"),
    "space": ("Product space {y}", "Espacio de productos {y}", "제품 공간 {y}"),
    "space_note": (("Each dot is a product ({n} products, {e} links: the maximum spanning tree of proximity plus every "
                   "pair with proximity ≥ 0.55), coloured by product group and sized by world trade. Dark-ringed "
                   "dots: products {x} exports with RCA ≥ 1 ({h})."),
                   ("Cada punto es un producto ({n} productos, {e} enlaces: el árbol de expansión máxima de la "
                   "proximidad más cada par con proximidad ≥ 0,55), coloreado por grupo y dimensionado por el "
                   "comercio mundial. Puntos con borde oscuro: productos que {x} exporta con VCR ≥ 1 ({h})."),
                   ("점 하나가 제품 하나입니다({n}개 제품, {e}개 연결: 근접도의 최대 신장 트리와 근접도 ≥ 0.55인 모든 "
                   "쌍). 색은 제품군, 크기는 세계 교역액입니다. 진한 테두리: {x:이} RCA ≥ 1로 수출하는 제품({h}개).")),
    "groups": ("Product groups", "Grupos de productos", "제품군"),
    "highlighted": ("Products {x} exports with RCA ≥ 1", "Productos que {x} exporta con VCR ≥ 1",
                    "{x:이} RCA ≥ 1로 수출하는 제품"),
    "treemaps": ("Exports by product group, each direction", "Exportaciones por grupo de productos, en cada sentido",
                 "방향별 제품군 수출"),
    "bilateral": ("{a} → {b}", "{a} → {b}", "{a} → {b}"),
    "world": ("{a} → world", "{a} → mundo", "{a} → 세계"),
    "world_note": (("The dataset has no bilateral product flows between {a} and {b} in {y}: the treemaps show each "
                   "side's exports to the world, not to the other."),
                   ("El conjunto de datos no tiene flujos bilaterales por producto entre {a} y {b} en {y}: los "
                   "mapas muestran las exportaciones de cada lado al mundo, no al otro."),
                   ("이 데이터셋에는 {y}년 {a:와} {b} 사이의 제품별 양자 교역이 없습니다. 트리맵은 상대국이 아닌 "
                   "세계로의 각국 수출입니다.")),
    "opps": ("Products {a} could add, ranked by {b}'s import demand", ("Productos que {a} podría añadir, según la "
             "demanda de importaciones de {b}"), "{a:이} 추가할 수 있는 제품({b}의 수입 수요 순)"),
    "opps_note": (("Not yet exported with RCA ≥ 1, density at or above the median, PCI above the exporter's ECI, "
                  "positive COG."), ("Aún no exportados con VCR ≥ 1, densidad igual o superior a la mediana, PCI "
                  "mayor que el ECI del exportador, COG positivo."),
                  "아직 RCA ≥ 1로 수출하지 않고, 밀도가 중앙값 이상이며, PCI가 수출국의 ECI보다 높고 COG가 양수인 제품."),
    "basis": ("Import demand", "Demanda de importaciones", "수입 수요"),
    "ranks": ("Economic Complexity Index {y}", "Índice de Complejidad Económica {y}", "경제 복잡도 지수 {y}"),
    "country": ("Country", "País", "국가"), "rank": ("Rank", "Puesto", "순위"),
    "rank_of": ("{r} of {n}", "{r} de {n}", "{n}개국 중 {r}위"),
    "pci_exports": ("Mean PCI of exports", "PCI medio de las exportaciones", "수출품 평균 PCI"),
    "world_trade": ("World trade", "Comercio mundial", "세계 교역액"),
    "group": ("Group", "Grupo", "제품군"), "value": ("Value", "Valor", "금액"), "share": ("Share", "Proporción", "비중"),
    "product": ("Product", "Producto", "제품"), "none": ("None.", "Ninguno.", "없음."),
    "units": (("Values as stored in {d} (the dataset's own units; an averaged source gives averages): compare "
              "shares, not levels, with other datasets."), ("Valores tal como figuran en {d} (unidades del propio "
              "conjunto de datos; una fuente promediada da promedios): compare proporciones, no niveles, con otros "
              "conjuntos."), ("값은 {d}에 저장된 그대로입니다(데이터셋 자체 단위, 평균 자료는 평균값). 다른 데이터셋과는 "
              "금액이 아니라 비중을 비교하십시오.")),
    "source": ("Source: {d}, {y}; method: Atlas of Economic Complexity (Hausmann, Hidalgo et al.); data version {v}.",
               ("Fuente: {d}, {y}; método: Atlas de Complejidad Económica (Hausmann, Hidalgo et al.); versión de "
               "datos {v}."), "출처: {d}, {y}; 방법: 경제 복잡도 아틀라스(Hausmann, Hidalgo 외); 데이터 버전 {v}."),
}


BASIS = re.compile(r"proxy: (?P<country>[A-Z]{3})'s share of world imports in (?P<year>\d{4}) "
                   r"\((?P<share>[0-9.]+)%, all goods, (?P<dataset>[\w.-]+)\) × world exports of the product")


def basis_text(basis: str | None, lang: str) -> str:
    """The import-demand basis of :func:`tradebridge.indicators.opportunities.import_demand` in ``lang``
    (the country by name, a locale percentage); a basis of another form is labelled and shown as given.

    >>> basis_text("proxy: KOR's share of world imports in 2000 (2.12%, all goods, agg) × world exports of the product", "es")
    'demanda de importaciones: aproximación: participación de Corea en las importaciones mundiales en 2000 (2,12\xa0%, todos los bienes, agg) × exportaciones mundiales del producto'
    """
    from tradebridge.i18n import pct, place, t

    m = BASIS.fullmatch(basis or "")
    if m is None:
        return f"{text(lang, 'basis')}: {basis}"
    return t(lang, "annex_l_import_demand", country=place(m["country"], lang), year=m["year"], dataset=m["dataset"],
             share=pct(float(m["share"]) / 100, lang, digits=2))


def text(lang: str, key: str, **fields: Any) -> str:
    """This page's string ``key`` in ``lang`` (English for an unknown language), fields filled with the
    shared grammar (Korean particles, locale numbers; ``y`` is a year).

    >>> text("es", "world", a="Chile"), text("ko", "highlighted", x="칠레"), text("es", "space", y=2000)
    ('Chile → mundo', '칠레가 RCA ≥ 1로 수출하는 제품', 'Espacio de productos 2000')
    """
    from tradebridge.i18n import render

    s = STRINGS[key][_LANG_INDEX.get(lang, 0)]
    return render(s, lang, fields, {"y": "year"}) if fields else s


def group_of(code: str, classification: str) -> str:
    """The product group code: SITC section (first digit) or HS section (I..XXI); ``unknown`` otherwise.

    >>> group_of("7810", "SITC2"), group_of("870323", "HS12"), group_of("7700", "HS12")
    ('7', 'XVII', 'unknown')
    """
    if str(classification).upper().startswith("SITC"):
        return code[:1] if code[:1] in SITC_SECTIONS else "unknown"
    return CHAPTER_SECTION.get(code[:2], "unknown")


def group_name(code: str, lang: str) -> str:
    return GROUP_NAMES.get(code, GROUP_NAMES["unknown"])[_LANG_INDEX.get(lang, 0)]


# ----------------------------------------------------------------------------------------- graph
def maximum_spanning_edges(phi: np.ndarray) -> list[tuple[int, int, float]]:
    """Edges ``(i, j, φ)`` (i < j) of a maximum spanning forest of the symmetric weights ``phi``
    (zero = no link): ``n − components`` edges. Kruskal on ``2 − φ`` (scipy keeps the order of ties)."""
    w = np.where(phi > 0, 2.0 - phi, 0.0)
    tree = minimum_spanning_tree(sp.csr_matrix(np.triu(w, 1))).tocoo()
    out = [(int(min(a, b)), int(max(a, b)), float(phi[a, b])) for a, b in zip(tree.row, tree.col, strict=True)]
    return sorted(out)


def space_edges(phi: np.ndarray, threshold: float = EDGE_THRESHOLD) -> list[tuple[int, int, float, bool]]:
    """``(i, j, φ, in_mst)``: the maximum spanning tree plus every other pair with ``φ >= threshold``."""
    phi = np.maximum(phi, phi.T)  # symmetric already for the symmetric proximity
    mst = maximum_spanning_edges(phi)
    seen = {(i, j) for i, j, _ in mst}
    i, j = np.nonzero(np.triu(phi >= threshold, 1))
    extra = [(int(a), int(b), float(phi[a, b]), False) for a, b in zip(i, j, strict=True) if (a, b) not in seen]
    return [(a, b, w, True) for a, b, w in mst] + extra


def spring_layout(n: int, edges: list[tuple], *, seed: int = LAYOUT_SEED, iterations: int = 150) -> np.ndarray:
    """Fruchterman–Reingold (1991) positions in [0, 1]² from a seeded random start (edge weight = the
    attraction's factor), cooled linearly; deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n < 2:
        return np.full((n, 2), 0.5)
    a = np.zeros((n, n))
    for e in edges:
        a[e[0], e[1]] = a[e[1], e[0]] = float(e[2])
    k = 1.0 / np.sqrt(n)
    temp = 0.1
    for step in range(iterations):  # elementwise only (no BLAS threads): about 20 ms a step for 800 nodes
        dx, dy = pos[:, 0, None] - pos[None, :, 0], pos[:, 1, None] - pos[None, :, 1]
        dist = np.maximum(np.hypot(dx, dy), 0.01)
        force = k * k / dist ** 2 - a * dist / k  # repulsion − attraction, along p_i − p_j
        disp = np.stack([(force * dx).sum(axis=1), (force * dy).sum(axis=1)], axis=1)
        length = np.clip(np.sqrt((disp ** 2).sum(axis=1)), 0.01, None)
        pos += disp * (temp * (1 - step / iterations) / length)[:, None]
    pos -= pos.min(axis=0)
    return pos / np.where(pos.max(axis=0) > 0, pos.max(axis=0), 1.0)


# ----------------------------------------------------------------------------------------- data
def catalogue(access) -> dict[str, list[int]]:
    """Datasets with product codes and their years (cached per store version)."""
    def compute() -> dict[str, list[int]]:
        from tradebridge.indicators.opportunities import datasets_with_products, export_values

        with access.open() as st:
            con = st.ibis()
            return {d: sorted(int(y) for y in export_values(con, d)["year"].unique())
                    for d in datasets_with_products(con)}

    return access.cached(("complexity_catalogue",), compute)[0]


def year_space(access, dataset: str, year: int, gate: Any = None) -> dict[str, Any]:
    """The complexity result of one year, its values, and the product space's nodes, edges and layout."""
    def compute() -> dict[str, Any]:
        from tradebridge.indicators.complexity import complexity
        from tradebridge.indicators.opportunities import descriptions_for, export_values

        with access.open() as st:
            con = st.ibis()
            values = export_values(con, dataset, years=[year])
            cls = str(values["classification"].iloc[0])
            desc = descriptions_for(con, cls)
        res = complexity(values, year=year)
        space = res.spaces[year]
        phi = space.proximity
        edges = space_edges(phi)
        xy = spring_layout(len(space.products), edges)
        world = np.asarray(space.values.sum(axis=0)).ravel()
        names = dict(zip(desc["product"], desc["description"], strict=True)) if desc is not None else {}
        nodes = pd.DataFrame({"product": list(space.products), "x": xy[:, 0].round(5), "y": xy[:, 1].round(5),
                              "world": world})
        nodes["group"] = [group_of(p, cls) for p in nodes["product"]]
        nodes["name"] = [names.get(p) or p for p in nodes["product"]]
        return {"result": res, "values": values, "classification": cls, "nodes": nodes, "edges": edges,
                "components": int(connected_components(sp.csr_matrix(phi > 0), directed=False)[0]),
                "descriptions": desc}

    return access.cached(("complexity_space", dataset, int(year)), _gated(gate, compute))[0]


def _gated(gate: Any, compute):
    """``compute`` through the app's :class:`~tradebridge.web.jobs.ComputeGate` (cache misses only)."""
    return compute if gate is None else gate.wrap(compute)


def _bilateral(access, dataset: str, year: int, a: str, b: str, cls: str) -> pd.DataFrame:
    """product, value_usd of a's exports to b in the dataset's trade_flows (empty when there are none)."""
    def compute() -> pd.DataFrame:
        with access.open() as st:
            return st.sql("SELECT product, sum(value_usd) AS value_usd FROM trade_flows WHERE dataset = ? AND year = ? "
                          "AND exporter = ? AND importer = ? AND classification = ? GROUP BY product",
                          [dataset, int(year), a, b, cls])

    return access.cached(("complexity_bilateral", dataset, int(year), a, b, cls), compute)[0]


def treemap_rows(values: pd.DataFrame, classification: str) -> list[dict[str, Any]]:
    """Leaf rows (product, group, value) of one direction's exports, zeros dropped, largest first."""
    v = values[values["value_usd"] > 0]
    v = v.groupby("product", as_index=False)["value_usd"].sum()
    v = v.sort_values(["value_usd", "product"], ascending=[False, True])
    return [{"product": str(p), "group": group_of(str(p), classification), "value": float(x)}
            for p, x in zip(v["product"], v["value_usd"], strict=True)]


def directions(access, space: dict[str, Any], dataset: str, year: int, reporter: str, partner: str
               ) -> tuple[bool, list[dict[str, Any]]]:
    """(bilateral?, [reporter → partner, partner → reporter]) treemap rows; the world when no bilateral data."""
    cls = space["classification"]
    pairs = [(reporter, partner), (partner, reporter)]
    bil = [_bilateral(access, dataset, year, a, b, cls) for a, b in pairs]
    if all(len(x) for x in bil):
        dirs = [{"exporter": a, "importer": b, "rows": treemap_rows(x, cls)} for (a, b), x in zip(pairs, bil, strict=True)]
    else:
        v = space["values"]
        dirs = [{"exporter": a, "importer": None, "rows": treemap_rows(v[v["exporter"] == a], cls)} for a, _ in pairs]
    return all(len(x) for x in bil), [{**d, "groups": group_sums(d["rows"])} for d in dirs]


def group_sums(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One direction's exports by product group: group code, value, share (largest first).

    >>> group_sums([{"group": "7", "value": 3.0}, {"group": "0", "value": 1.0}, {"group": "7", "value": 4.0}])
    [{'group': '7', 'value': 7.0, 'share': 0.875}, {'group': '0', 'value': 1.0, 'share': 0.125}]
    """
    total = sum(r["value"] for r in rows) or 1.0
    sums: dict[str, float] = {}
    for r in rows:
        sums[r["group"]] = sums.get(r["group"], 0.0) + r["value"]
    return [{"group": g, "value": v, "share": v / total} for g, v in sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))]


def page_data(access, scope, *, dataset: str | None, year: int | None, partner: str | None,
              exporter: str | None, gate: Any = None) -> dict[str, Any]:
    """Everything the page shows, JSON-ready; unknown names are a ConfigError/DataError (-> 404)."""
    from tradebridge.indicators.opportunities import complexity_ranks, import_demand, opportunities, residual_prefixes

    cat = catalogue(access)
    if not cat:
        raise DataError("no product-level exports in the warehouse",
                        hint="run `tradebridge data ingest` (the world SITC4 file) or fetch BACI/Comtrade HS data")
    dataset = dataset or next(iter(cat))
    if dataset not in cat:
        raise DataError(f"no dataset {dataset!r} with product codes", hint=f"use one of: {', '.join(cat)}",
                        key="no_product_dataset", params={"dataset": dataset, "choices": ", ".join(cat)})
    year = cat[dataset][-1] if year is None else int(year)
    if year not in cat[dataset]:
        raise DataError(f"dataset {dataset!r} has no year {year}", hint=f"years: {', '.join(map(str, cat[dataset]))}")
    partner = (partner or scope.members[0]).upper()
    if partner not in scope.members:
        raise ConfigError(f"{partner} is not a partner in this dashboard's scope",
                          hint=f"use one of: {', '.join(scope.members)}")
    exporter = (exporter or partner).upper()
    if exporter not in (scope.reporter, *scope.members):
        raise ConfigError(f"{exporter} is neither the reporter nor a partner",
                          hint=f"use one of: {', '.join((scope.reporter, *scope.members))}")
    space = year_space(access, dataset, year, gate)
    res, cls, nodes = space["result"], space["classification"], space["nodes"]
    cells = res.cells[(res.cells["exporter"] == exporter) & (res.cells["year"] == year)]
    high = set(cells.loc[cells["rca"] >= 1.0, "product"])
    present = set(res.countries.loc[res.countries["year"] == year, "exporter"])
    if scope.reporter not in present:
        raise DataError(f"no exports of {scope.reporter} in {dataset} {year}",
                        hint=f"choose a reporter among the {len(present)} exporters of that year, e.g. "
                             f"{', '.join(sorted(present)[:5])}")
    bilateral, dirs = directions(access, space, dataset, year, scope.reporter, partner)

    def opps(exp: str, market: str) -> dict[str, Any]:
        if exp not in present or market not in present:
            return {"exporter": exp, "market": market, "rows": [], "basis": None}
        key = ("complexity_opps", dataset, year, exp, market)

        def compute() -> pd.DataFrame:
            with access.open() as st:
                demand = import_demand(st.ibis(), market, year, space["values"])
            return opportunities(res, exp, demand, year=year, top=TOP, descriptions=space["descriptions"],
                                 exclude=residual_prefixes(cls))

        table = access.cached(key, _gated(gate, compute))[0]
        basis = str(table["basis"].iloc[0]) if "basis" in table and len(table) else None
        return {"exporter": exp, "market": market, "basis": basis, "rows": records(table.drop(columns="basis",
                                                                                                errors="ignore"))}

    ranks = complexity_ranks(res, [scope.reporter, *scope.members])
    return {"reporter": scope.reporter, "members": list(scope.members), "partner": partner, "exporter": exporter,
            "dataset": dataset, "year": year, "years": cat[dataset], "datasets": list(cat), "classification": cls,
            "reporters": sorted(present),
            "bilateral": bilateral, "directions": dirs,
            "nodes": records(nodes.assign(highlight=nodes["product"].isin(high))),
            "edges": [{"source": space["nodes"]["product"].iloc[a], "target": space["nodes"]["product"].iloc[b],
                       "proximity": w, "mst": m} for a, b, w, m in space["edges"]],
            "components": space["components"], "highlighted": sorted(high),
            "opportunities": [opps(partner, scope.reporter), opps(scope.reporter, partner)],
            "ranks": records(ranks[ranks["year"] == year]), "store_version": access.version()}


# ----------------------------------------------------------------------------------------- Vega specs
VEGA_SCHEMA = "https://vega.github.io/schema/vega/v5.json"


def _colour_scale(codes: list[str]) -> dict[str, Any]:
    return {"name": "colour", "type": "ordinal", "domain": codes, "range": [GROUP_COLOURS[c] for c in codes]}


def space_spec(data: dict[str, Any], lang: str, title: str) -> dict[str, Any]:
    """A Vega spec of the product space with precomputed x/y (no force simulation in the browser)."""
    nodes, pos = data["nodes"], {n["product"]: (n["x"], n["y"]) for n in data["nodes"]}
    edges = [{"x": pos[e["source"]][0], "y": pos[e["source"]][1], "x2": pos[e["target"]][0],
              "y2": pos[e["target"]][1], "mst": e["mst"]} for e in data["edges"]]
    codes = sorted({n["group"] for n in nodes}, key=_group_order)
    pts = [{"product": n["product"], "name": n["name"], "group": n["group"], "group_name": group_name(n["group"], lang),
            "x": n["x"], "y": n["y"], "world": n["world"], "highlight": bool(n["highlight"])} for n in nodes]
    xs = {"type": "linear", "domain": [0, 1], "range": "width"}
    enc = {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "y"}}
    return {
        "$schema": VEGA_SCHEMA, "description": title, "width": 760, "height": 560, "padding": 5,
        "data": [{"name": "edges", "values": edges}, {"name": "nodes", "values": pts}],
        "scales": [{"name": "x", **xs}, {"name": "y", "type": "linear", "domain": [0, 1], "range": "height"},
                   {"name": "size", "type": "sqrt", "domain": {"data": "nodes", "field": "world"}, "range": [8, 260]},
                   _colour_scale(codes)],
        "marks": [
            {"type": "rule", "from": {"data": "edges"}, "encode": {"enter": {
                **enc, "x2": {"scale": "x", "field": "x2"}, "y2": {"scale": "y", "field": "y2"},
                "stroke": {"value": "#9aa5b1"}, "strokeOpacity": {"value": 0.45}, "strokeWidth": {"value": 0.6}}}},
            {"type": "symbol", "from": {"data": "nodes"}, "encode": {"enter": {
                **enc, "size": {"scale": "size", "field": "world"}, "fill": {"scale": "colour", "field": "group"},
                "fillOpacity": [{"test": "datum.highlight", "value": 1}, {"value": 0.35}],
                "stroke": [{"test": "datum.highlight", "value": "#111"}, {"value": "#fff"}],
                "strokeWidth": [{"test": "datum.highlight", "value": 1.4}, {"value": 0.3}],
                "tooltip": {"signal": "{'product': datum.product, 'name': datum.name, 'group': datum.group_name}"}}}},
        ],
    }


def treemap_spec(rows: list[dict[str, Any]], lang: str, title: str) -> dict[str, Any]:
    """A Vega treemap (stratify + squarified treemap) of products nested in their groups."""
    codes = sorted({r["group"] for r in rows}, key=_group_order)
    values = [{"id": "root", "parent": None, "name": title}]
    values += [{"id": f"g:{c}", "parent": "root", "name": group_name(c, lang), "group": c} for c in codes]
    values += [{"id": f"p:{r['product']}", "parent": f"g:{r['group']}", "name": r["product"], "group": r["group"],
                "value": r["value"]} for r in rows]
    return {
        "$schema": VEGA_SCHEMA, "description": title, "width": 480, "height": 320, "padding": 2,
        "data": [{"name": "tree", "values": values, "transform": [
            {"type": "stratify", "key": "id", "parentKey": "parent"},
            {"type": "treemap", "field": "value", "sort": {"field": "value", "order": "descending"},
             "round": True, "method": "squarify", "ratio": 1.6, "size": [{"signal": "width"}, {"signal": "height"}]}]},
            {"name": "leaves", "source": "tree", "transform": [{"type": "filter", "expr": "!datum.children"}]},
            {"name": "groups", "source": "tree", "transform": [{"type": "filter", "expr": "datum.depth === 1"}]}],
        "scales": [_colour_scale(codes or ["unknown"])],
        "marks": [
            {"type": "rect", "from": {"data": "leaves"}, "encode": {"enter": {
                "x": {"field": "x0"}, "y": {"field": "y0"}, "x2": {"field": "x1"}, "y2": {"field": "y1"},
                "fill": {"scale": "colour", "field": "group"}, "stroke": {"value": "#fff"},
                "strokeWidth": {"value": 0.5},
                "tooltip": {"signal": "{'product': datum.name, 'value': format(datum.value, ',.0f')}"}}}},
            {"type": "rect", "from": {"data": "groups"}, "encode": {"enter": {
                "x": {"field": "x0"}, "y": {"field": "y0"}, "x2": {"field": "x1"}, "y2": {"field": "y1"},
                "fill": {"value": "transparent"}, "stroke": {"value": "#fff"}, "strokeWidth": {"value": 2.5}}}},
            {"type": "text", "from": {"data": "groups"}, "encode": {"enter": {
                "x": {"field": "x0", "offset": 4}, "y": {"field": "y0", "offset": 12}, "text": {"field": "name"},
                "fill": {"value": "#fff"}, "fontSize": {"value": 10}, "fontWeight": {"value": "bold"},
                "limit": {"signal": "datum.x1 - datum.x0 - 6"}}}},
        ],
    }


def _group_order(code: str) -> tuple[int, int]:
    if code in SITC_SECTIONS:
        return (0, SITC_SECTIONS.index(code))
    return (1, HS_SECTIONS.index(code)) if code in HS_SECTIONS else (2, 0)


def embed_json(spec: dict[str, Any]) -> str:
    """JSON safe inside ``<script type="application/json">`` (``<``, ``>``, ``&`` escaped).

    >>> embed_json({"a": "</script>"})
    '{"a": "\\\\u003c/script\\\\u003e"}'
    """
    s = json.dumps(spec, ensure_ascii=False, allow_nan=False)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def group_table(groups: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Treemap fallback: the direction's :func:`group_sums` with each group's name and colour."""
    return [{**g, "name": group_name(g["group"], lang), "colour": GROUP_COLOURS.get(g["group"], "#c7c7c7")}
            for g in groups]


# ----------------------------------------------------------------------------------------- router
Iso3Q = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO3 code in the settings' scope")]
DatasetQ = Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,40}$", description="dataset with product codes")]
YearQ = Annotated[int | None, Query(ge=1900, le=2100, description="a year present in the dataset")]


@register_router
def complexity_router(ctx: WebContext) -> APIRouter:
    """``/complexity`` (HTML) and ``/api/complexity`` (JSON, errors as RFC 9457 problems, ``format=csv``)."""
    ctx.templates.env.globals["complexity_nav"] = {lg: STRINGS["nav"][i] for lg, i in _LANG_INDEX.items()}
    router, api = APIRouter(), APIRouter(route_class=ProblemRoute)

    async def load(reporter, dataset, year, partner, exporter) -> dict[str, Any]:
        return await run_in_threadpool(page_data, access_for(ctx), scope_for(ctx, reporter), dataset=dataset,
                                       year=year, partner=partner, exporter=exporter, gate=gate_for(ctx))

    @api.get("/api/complexity", tags=["api"], responses=DATA)
    async def complexity_api(request: Request, reporter: Iso3Q = None, dataset: DatasetQ = None, year: YearQ = None,
                             partner: Iso3Q = None, exporter: Iso3Q = None, format: FormatQ = "json",
                             table: TableQ = None) -> Any:
        """Product space (nodes with x/y, edges), each direction's exports by product and by group,
        opportunities both ways and ECI ranks of the reporter (default: the settings') and its partners;
        404 for names outside the scope or the data (CSV tables: ``ranks``, ``nodes``, ``edges``,
        ``directions.0.groups``, ``directions.1.rows``, ``opportunities.0.rows``...)."""
        scope = request_scope(ctx, reporter)  # an unknown reporter: 404 before any computation
        return await Answer(ctx, request, "complexity", "ranks").send(
            lambda: page_data(access_for(ctx), scope, dataset=dataset, year=year,
                              partner=partner, exporter=exporter, gate=gate_for(ctx)), format, table)

    @router.get("/complexity", response_class=HTMLResponse, include_in_schema=False)
    async def complexity_page(request: Request, reporter: Iso3Q = None, dataset: DatasetQ = None, year: YearQ = None,
                              partner: Iso3Q = None, exporter: Iso3Q = None) -> HTMLResponse:
        from tradebridge.i18n import place
        from tradebridge.web.dashboard import render, request_lang
        from tradebridge.web.explorer import switch_names
        from tradebridge.web.queries import NoStore

        lang = request_lang(request, ctx.settings.lang)  # ?lang, else Accept-Language
        data, error, status = None, None, 200
        home = scope_for(ctx)
        try:
            scope = scope_for(ctx, reporter)
            data = await load(reporter, dataset, year, partner, exporter)
        except TradebridgeError as exc:
            error, status = exc, 503 if isinstance(exc, NoStore) else 404  # render() shows it in lang
            scope = scope_for(ctx)
        specs, tables = {}, {}
        if data:
            pn = {c: place(c, lang) for c in (data["reporter"], *data["members"])}
            specs["space"] = space_spec(data, lang, text(lang, "space", y=data["year"]))
            for i, d in enumerate(data["directions"]):
                a = pn[d["exporter"]]
                d["title"] = (text(lang, "bilateral", a=a, b=pn[d["importer"]]) if d["importer"]
                              else text(lang, "world", a=a))
                specs[f"treemap{i}"] = treemap_spec(d["rows"], lang, d["title"])
                tables[f"treemap{i}"] = group_table(d["groups"], lang)
            nodes = {n["product"]: n for n in data["nodes"]}
            tables["highlighted"] = [nodes[p] for p in data["highlighted"]]
            codes = sorted({n["group"] for n in data["nodes"]}, key=_group_order)
            tables["groups"] = [{"group": c, "name": group_name(c, lang), "colour": GROUP_COLOURS[c]} for c in codes]
        c_ = (lambda key, **f: text(lang, key, **f))
        return render(ctx, request, "dashboard/complexity.html", "complexity", status=status, data=data, error=error,
                      specs=specs, tables=tables, c_=c_, embed_json=embed_json, scope=scope,
                      basis_text=lambda b: basis_text(b, lang),
                      csv=lambda table: csv_href(data, table), money=lambda rows, key="value": money_columns(rows, lang, key),
                      reporter_names=(switch_names(data["reporter"], (home.reporter, *home.members), data["reporters"],
                                                   lang) if data else {}),
                      reporter_name=place(scope.reporter, lang),
                      bloc_name=(place(scope.bloc, lang) if scope.bloc
                                 else ", ".join(place(m, lang) for m in scope.members)))

    router.include_router(api)
    return router


def csv_href(data: dict[str, Any], table: str) -> str:
    """The CSV of one of the page's tables: ``/api/complexity`` with the page's choices.

    >>> csv_href({"reporter": "KOR", "dataset": "w", "year": 2000, "partner": "CHL", "exporter": "CHL"}, "ranks")
    '/api/complexity?reporter=KOR&dataset=w&year=2000&partner=CHL&exporter=CHL&format=csv&table=ranks'
    """
    from urllib.parse import urlencode

    keys = ("reporter", "dataset", "year", "partner", "exporter")
    return "/api/complexity?" + urlencode([*((k, data[k]) for k in keys), ("format", "csv"), ("table", table)])


def money_columns(rows: list[dict[str, Any]], lang: str, key: str = "value") -> tuple[float, str]:
    """(divisor, unit text) for the USD column ``key`` of a table (:func:`tradebridge.charts.style.money_unit`)."""
    from tradebridge.charts.style import money_unit

    unit = money_unit((r.get(key) for r in rows), lang)
    return float(unit.divisor), unit.text
