"""What is traded, in each direction: composition cards on the product-level data in the warehouse.

Card ids (``X`` the exporter, ``M`` the market: a country, the bloc id, or ``WLD`` for the world; ``Y`` the
year of the data; every card names its dataset and years in ``values["dataset"]`` / ``values["period"]``):

- ``composition.goods.X-M.Y``: Rauch (1999) shares (``commodity``, ``reference_priced``,
  ``differentiated``, ``rauch_unclassified``) and BEC end-use shares (``capital``, ``intermediate``,
  ``consumption``, ``end_use_not_allocated``) of X's exports to M;
- ``composition.sectors.X-M.Y``: shares of the brief's sector groups (``agriculture_food``, ``mining_fuels``,
  ``chemicals``, ``metals``, ``electronics``, ``automotive``, ``other``, ``unclassified``), the largest
  sensitive sector named in ``top_sector``;
- ``composition.top.X-M.Y``: the five largest products (``products``: code, description, share) and the
  first one's ``top1_share``;
- ``composition.intermediates.X-M.Y``: sector shares of X's sales of intermediate inputs to M (OECD ICIO),
  ``illustrative`` (approximate; never a headline figure).

Bilateral cards (``M`` a partner or the bloc) need bilateral HS flows in the store (a fetched BACI or
Comtrade HS dataset); without them there is no bilateral card, and :func:`composition_evidence` returns a
gap per pair with a reason the report can print (``reason`` in each language, ``fetch``: the command that
gets the data). World cards (``M = WLD``) come from the world SITC Rev.2 exports when the store has them.

>>> shares = pd.DataFrame({"exporter": ["KOR"] * 3, "market": ["WLD"] * 3, "year": [2000] * 3,
...                        "group": ["commodity", "differentiated", "reference_priced"], "share": [0.2, 0.5, 0.3]})
>>> ends = shares.assign(group=["capital", "intermediate", "consumption"], share=[0.2, 0.5, 0.3])
>>> goods_cards(shares, ends, _Src("world_exports_sitc4", "1998-2000 average", ()))[0].statement("en")
"In 1998-2000 average, 50.0% of Korea's exports to the world were differentiated goods and 20.0% exchange-traded commodities (Rauch); 50.0% were intermediate goods, 20.0% capital goods (BEC)."
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from tradebridge.concord.groups import SECTOR_GROUPS
from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef
from tradebridge.i18n import LANGS

WORLD = "WLD"
SENSITIVE = ("automotive", "electronics", "chemicals", "metals", "agriculture_food")
RAUCH_KEYS = ("commodity", "reference_priced", "differentiated")
END_USE_KEYS = ("capital", "intermediate", "consumption")
TOP_N = 5
SECTOR_LABELS = {  # the brief's sector groups, as words inside a sentence
    "agriculture_food": {"en": "agriculture and food", "es": "agricultura y alimentos", "ko": "농식품"},
    "mining_fuels": {"en": "mining and fuels", "es": "minería y combustibles", "ko": "광물·연료"},
    "chemicals": {"en": "chemicals", "es": "químicos", "ko": "화학"},
    "metals": {"en": "metals", "es": "metales", "ko": "금속"},
    "electronics": {"en": "electronics", "es": "electrónica", "ko": "전자"},
    "automotive": {"en": "automotive", "es": "automotriz", "ko": "자동차"},
}


@dataclass(frozen=True)
class _Src:
    """Where a composition comes from: dataset, the years it covers (as text), provenance."""

    dataset: str
    period: str
    provenance: tuple[ProvenanceRef, ...]
    illustrative: bool = False


def _to(market: str, lang: str) -> str:
    """The market as the destination of exports, with the template's grammar."""
    if market == WORLD:
        return {"en": "to the world", "es": "al mundo", "ko": "대세계"}[lang]
    return {"en": "to {market:the}", "es": "{market:a}", "ko": "{market:으로}의"}[lang]


def _card(kind: str, x: str, m: str, year: int, src: _Src, template: dict[str, str], values: dict,
          formats: dict[str, str], comparison: str, caveats: Sequence[str], method: str) -> EvidenceCard:
    base = {"exporter": x, "year": year, "dataset": src.dataset, "period": src.period}
    if m != WORLD:
        base["market"] = m
    fmts = {"exporter": "place", "market": "place", "year": "year", "dataset": "text", "period": "text", **formats}
    return EvidenceCard(
        id=f"composition.{kind}.{x}-{m}.{year}", topic="composition", template=template,
        values={**base, **values, "market_code": m}, formats={k: v for k, v in fmts.items() if k in {**base, **values}}
        | {"market_code": "text"},
        comparison=comparison, caveats=tuple(caveats), provenance=src.provenance, method=method,
        illustrative=src.illustrative)


def _pivot(shares: pd.DataFrame) -> dict[tuple[str, str, int], dict[str, float]]:
    out: dict[tuple[str, str, int], dict[str, float]] = {}
    for r in shares.sort_values(["exporter", "market", "year", "group"]).itertuples(index=False):
        out.setdefault((r.exporter, r.market, int(r.year)), {})[r.group] = float(r.share)
    return out


def _caveats(src: _Src, m: str) -> tuple[str, ...]:
    out = [f"{src.dataset}, {src.period}", "a product code linked to several groups is split equally"]
    if m == WORLD:
        out.append("exports to the world: the store has no bilateral product flows for this dataset")
    return tuple(out)


def goods_cards(rauch: pd.DataFrame, end_use: pd.DataFrame, src: _Src) -> list[EvidenceCard]:
    """``composition.goods`` cards from Rauch and BEC end-use shares (``exporter, market, year, group, share``)."""
    ends = _pivot(end_use)
    cards = []
    for (x, m, y), r in _pivot(rauch).items():
        e = ends.get((x, m, y), {})
        values = {k: r.get(k, 0.0) for k in RAUCH_KEYS} | {"rauch_unclassified": r.get("unclassified", 0.0)}
        values |= {k: e.get(k, 0.0) for k in END_USE_KEYS} | {
            "end_use_not_allocated": e.get("not_allocated", 0.0) + e.get("unclassified", 0.0)}
        to = {lang: _to(m, lang) for lang in LANGS}
        cards.append(_card(
            "goods", x, m, y, src,
            {"en": f"In {{period}}, {{differentiated}} of {{exporter:the}}'s exports {to['en']} were differentiated goods "
                   "and {commodity} exchange-traded commodities (Rauch); {intermediate} were intermediate goods, "
                   "{capital} capital goods (BEC).",
             "es": f"En {{period}}, el {{differentiated}} de las exportaciones {{exporter:de}} {to['es']} fueron bienes "
                   "diferenciados y el {commodity} materias primas cotizadas en bolsa (Rauch); el {intermediate} "
                   "fueron bienes intermedios y el {capital} bienes de capital (CGCE).",
             "ko": f"{{period}}년 {{exporter}}의 {to['ko']} 수출 중 차별화 제품은 {{differentiated}}, 거래소 거래 원자재는 "
                   "{commodity:이며}(Rauch), 중간재는 {intermediate}, 자본재는 {capital:이었다}(BEC)."},
            values, {k: "pct" for k in values},
            "shares of the value of exports by Rauch (1999) conservative class and UN BEC Rev.4 basic class",
            _caveats(src, m), "tradebridge.indicators.composition_view (Rauch, BEC end use)"))
    return cards


def _sector_words(group: str) -> dict[str, str]:
    return SECTOR_LABELS.get(group, {"en": group, "es": group, "ko": group})


def sector_cards(sectors: pd.DataFrame, src: _Src, *, kind: str = "sectors") -> list[EvidenceCard]:
    """``composition.sectors`` (or ``composition.intermediates``) cards from sector-group shares."""
    cards = []
    for (x, m, y), r in _pivot(sectors).items():
        values = {g: r.get(g, 0.0) for g in SECTOR_GROUPS} | {"unclassified": r.get("unclassified", 0.0)}
        top = max(SENSITIVE, key=lambda g: (values[g], g))
        words = _sector_words(top)
        values |= {"top_sector": top, "top_sector_share": values[top], "sensitive_share": sum(values[g] for g in SENSITIVE),
                   **{f"top_sector_{lang}": words[lang] for lang in LANGS}}
        to = {lang: _to(m, lang) for lang in LANGS}
        what = {"en": "sales of intermediate inputs", "es": "ventas de insumos intermedios", "ko": "중간재 판매"} \
            if kind == "intermediates" else {"en": "exports", "es": "exportaciones", "ko": "수출"}
        cards.append(_card(
            kind, x, m, y, src,
            {"en": f"In {{period}}, the five sensitive sectors made up {{sensitive_share}} of {{exporter:the}}'s "
                   f"{what['en']} {to['en']}; the largest was {{top_sector_en}} ({{top_sector_share}}).",
             "es": f"En {{period}}, los cinco sectores sensibles sumaron el {{sensitive_share}} de las {what['es']} "
                   f"{{exporter:de}} {to['es']}; el mayor fue {{top_sector_es}} ({{top_sector_share}}).",
             "ko": f"{{period}}년 {{exporter}}의 {to['ko']} {what['ko']} 중 5대 민감 업종의 비중은 {{sensitive_share:이며}}, "
                   "가장 큰 업종은 {top_sector_share:를} 차지한 {top_sector_ko:이었다}."},
            values, {**{k: "pct" for k in values}, **{k: "text" for k in values if k.startswith("top_sector")},
                     "top_sector_share": "pct"},
            "shares of the value by the brief's sector groups (automotive, electronics, chemicals, metals, "
            "agriculture and food: the sensitive sectors)",
            (*_caveats(src, m), *(("illustrative: OECD ICIO intermediates, approximate; never a headline figure",)
                                  if src.illustrative else ())),
            "tradebridge.indicators.composition_view (sector groups)"))
    return cards


def top_cards(top: pd.DataFrame, src: _Src) -> list[EvidenceCard]:
    """``composition.top`` cards from the largest products (``exporter, market, year, product, description,
    share, rank``)."""
    cards = []
    for (x, m, y), rows in top.sort_values("rank").groupby(["exporter", "market", "year"], sort=True):
        rows = rows.head(TOP_N)
        products = [{"code": str(p), "description": str(d) if isinstance(d, str) else "", "share": float(s)}
                    for p, d, s in zip(rows["product"], rows["description"], rows["share"], strict=True)]
        first = products[0]
        label = f"{first['code']} {first['description'][:60]}".strip()
        to = {lang: _to(m, lang) for lang in LANGS}
        cards.append(_card(
            "top", x, m, int(y), src,
            {"en": f"In {{period}}, {{exporter:the}}'s largest export {to['en']} was {{top1}} ({{top1_share}}); the five "
                   "largest products made up {top5_share}.",
             "es": f"En {{period}}, el principal producto exportado por {{exporter:el}} {to['es']} fue {{top1}} "
                   "({top1_share}); los cinco mayores sumaron el {top5_share}.",
             "ko": f"{{period}}년 {{exporter}}의 {to['ko']} 최대 수출품은 {{top1_share:를}} 차지한 {{top1:이며}}, "
                   "상위 5개 품목의 비중은 {top5_share:이었다}."},
            {"top1": label, "top1_code": first["code"], "top1_share": first["share"],
             "top5_share": sum(p["share"] for p in products), "products": products},
            {"top1": "text", "top1_code": "text", "top1_share": "pct", "top5_share": "pct"},
            "largest products by value, share of the total to this market",
            _caveats(src, m), "tradebridge.indicators.composition.top_exports"))
    return cards


# --- computation on the warehouse ------------------------------------------------------------------------

def _world(con, dataset: str, countries_bloc: list[tuple[list[str], str | None]]) -> dict[str, pd.DataFrame]:
    import ibis

    from tradebridge.indicators import composition_view as cv
    from tradebridge.indicators.composition import group_shares, top_exports

    conc, rauch = con.table("concordances"), con.table("rauch")
    out: dict[str, list[pd.DataFrame]] = {"rauch": [], "end_use": [], "sector": [], "top": []}
    for countries, bloc in countries_bloc:  # the exports read once, then grouped four ways in memory
        flows = ibis.memtable(cv.world_exports(con, countries, dataset=dataset, bloc=bloc).to_pandas())
        for by in ("rauch", "end_use", "sector"):
            g = group_shares(cv.sitc2_group(flows, by, concordances=conc, rauch=rauch), ["exporter", "year"])
            out[by].append(g.to_pandas())
        out["top"].append(top_exports(flows, n=TOP_N).to_pandas())
    return {k: pd.concat(v, ignore_index=True).assign(market=WORLD) for k, v in out.items()}


def _describe(top: pd.DataFrame, con, classification: str) -> pd.DataFrame:
    from tradebridge.indicators.opportunities import descriptions_for

    desc = descriptions_for(con, classification)
    if desc is None and classification.startswith("HS"):
        desc = descriptions_for(con, "HS")
    if desc is None:
        return top.assign(description="")
    return top.merge(desc, on="product", how="left").fillna({"description": ""})


def world_composition_cards(store, scope, prov, *, dataset: str = "world_exports_sitc4"):
    """Cards on each country's (and the bloc's) exports to the world, and the frame behind them."""
    if not store.has_dataset(dataset):
        return [], pd.DataFrame()
    con = store.ibis()
    groups = [([scope.reporter], None), (list(scope.members), scope.bloc)]
    frames = _world(con, dataset, groups)
    w = con.table("world_exports")
    periods = w.filter(w.dataset == dataset).select("year", "period").distinct().to_pandas()
    period = {int(r.year): (r.period if isinstance(r.period, str) and r.period else str(int(r.year)))
              for r in periods.itertuples()}
    cards: list[EvidenceCard] = []
    src_by_year = {y: _Src(dataset, p.replace("-", "–"), prov([dataset, "rauch", "concordance"])) for y, p in period.items()}
    for y, src in src_by_year.items():
        pick = {k: f[f["year"] == y] for k, f in frames.items()}
        cards += goods_cards(pick["rauch"], pick["end_use"], src)
        cards += sector_cards(pick["sector"], src)
        cards += top_cards(_describe(pick["top"], con, "SITC2"), src)
    tidy = pd.concat([f.assign(grouping=k, dataset=dataset) for k, f in frames.items() if k != "top"], ignore_index=True)
    return cards, tidy


def _directional(comp: pd.DataFrame, reporter: str) -> pd.DataFrame:
    exp = comp["direction"] == "exports"
    return comp.assign(exporter=comp["partner"].where(~exp, reporter), market=comp["partner"].where(exp, reporter))


def _latest(frame: pd.DataFrame) -> pd.DataFrame:
    last = frame.groupby(["exporter", "market"])["year"].transform("max")
    return frame[frame["year"] == last]


def bilateral_composition_cards(store, scope, prov):
    """Cards on the bilateral HS flows in each direction (per member and the bloc), the frame, and the
    pairs without product data."""
    import ibis

    from tradebridge.concord.groups import end_use_group, rauch_group, sector_group
    from tradebridge.concord.hs import revision
    from tradebridge.indicators import composition_view as cv
    from tradebridge.indicators import evidence_inputs as q
    from tradebridge.indicators.composition import composition, top_products

    con = store.ibis()
    present = cv.hs_datasets(con, scope.reporter, scope.members)
    cards: list[EvidenceCard] = []
    tidy: list[pd.DataFrame] = []
    covered: set[str] = set()
    if not present.empty:
        best = present.groupby(["dataset", "classification"])["rows"].sum().sort_values(ascending=False)
        dataset, classification = best.index[0]
        members = sorted(present.loc[present["dataset"] == dataset, "partner"].unique())
        t = q.hs_flows(con, scope.reporter, members, with_dataset=True)
        flows = t.filter((t.dataset == dataset) & (t.classification == classification)).select(
            "exporter", "importer", "year", "product", "value_usd")
        flows = ibis.memtable(flows.to_pandas())
        rev = revision(classification)
        conc = con.table("concordances")
        blocs = [None] + ([scope.bloc] if scope.bloc and set(members) == set(scope.members) else [])
        grouped = {"rauch": rauch_group(flows, conc, con.table("rauch"), hs_revision=rev),
                   "end_use": end_use_group(flows, conc, hs_revision=rev), "sector": sector_group(flows)}
        out = {k: pd.concat([composition(g, scope.reporter, members, bloc=b).to_pandas() for b in blocs])
               for k, g in grouped.items()}
        top = pd.concat([top_products(flows, scope.reporter, members, n=TOP_N, bloc=b).to_pandas() for b in blocs])
        out = {k: _latest(_directional(v, scope.reporter)) for k, v in {**out, "top": top}.items()}
        for y in sorted(out["rauch"]["year"].unique()):
            src = _Src(dataset, str(int(y)), prov([dataset, "rauch", "concordance"]))
            pick = {k: f[f["year"] == y] for k, f in out.items()}
            cards += goods_cards(pick["rauch"], pick["end_use"], src)
            cards += sector_cards(pick["sector"], src)
            cards += top_cards(_describe(pick["top"], con, classification), src)
        covered = {c.values["market_code"] for c in cards} | {c.values["exporter"] for c in cards}
        tidy = [f.assign(grouping=k, dataset=dataset) for k, f in out.items() if k != "top"]
    gaps = [composition_gap(scope.reporter, p) for p in (*scope.members, *([scope.bloc] if scope.bloc else ()))
            if p not in covered]
    return cards, (pd.concat(tidy, ignore_index=True) if tidy else pd.DataFrame()), gaps


def composition_gap(reporter: str, partner: str) -> dict:
    """Why a pair has no bilateral composition card, in each language, and the command that fetches the data.

    >>> composition_gap("KOR", "CHL")["reason"]["en"][:54]
    'No product-level (HS) trade between Korea and Chile is'
    """
    from tradebridge.i18n import render

    fetch = (f"tradebridge data fetch comtrade --reporter {reporter} --partners {partner} --years 2000-2021 "
             "--level HS6 (or `tradebridge data fetch baci`), then `tradebridge data ingest`")
    text = {"en": "No product-level (HS) trade between {reporter} and {partner:the} is in the warehouse, so the "
                  "composition of their trade in each direction is not shown.",
            "es": "El almacén no contiene comercio por producto (SA) entre {reporter} y {partner:el}, por lo que no "
                  "se muestra la composición de su comercio en cada dirección.",
            "ko": "저장소에 {reporter:와} {partner} 간 품목별(HS) 교역 자료가 없어 양방향 교역 구성을 제시하지 않는다."}
    values = {"reporter": reporter, "partner": partner}
    reason = {lang: render(t, lang, values, {"reporter": "place", "partner": "place"}) for lang, t in text.items()}
    return {"pair": f"{reporter}-{partner}", "reporter": reporter, "partner": partner, "reason": reason,
            "fetch": fetch}


def intermediate_cards(store, scope, prov, *, dataset: str = "icio2022_intermediate") -> list[EvidenceCard]:
    """Illustrative cards on the intermediate-input sales between the reporter and each member (ICIO)."""
    from tradebridge.indicators import composition_view as cv

    if not store.has_dataset(dataset):
        return []
    shares = cv.sector_flow_shares(store.ibis(), scope.reporter, scope.members, dataset=dataset,
                                   bloc=scope.bloc).to_pandas()
    cards = []
    for y in sorted(shares["year"].unique()):
        src = _Src(dataset, str(int(y)), prov([dataset]), illustrative=True)
        cards += sector_cards(shares[shares["year"] == y], src, kind="intermediates")
    return cards


def composition_evidence(store, scope, prov) -> tuple[list[EvidenceCard], dict[str, pd.DataFrame], list[dict]]:
    """Every composition card the store supports for ``scope``; the frames (``composition_world``,
    ``composition_bilateral``: ``exporter, market, year, group, value_usd, share, grouping, dataset``)
    and the gaps (pairs without bilateral product data, see :func:`composition_gap`)."""
    world, world_frame = world_composition_cards(store, scope, prov)
    bilateral, bilateral_frame, gaps = bilateral_composition_cards(store, scope, prov)
    frames = {"composition_world": world_frame, "composition_bilateral": bilateral_frame}
    return world + bilateral + intermediate_cards(store, scope, prov), frames, gaps
