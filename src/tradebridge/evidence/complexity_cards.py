"""Economic-complexity evidence cards from a :class:`~tradebridge.indicators.opportunities.PairComplexity`.

Cards (``R`` reporter, ``C`` a country of the pair, ``X`` exporter, ``M`` market, ``Y`` year):

- ``complexity.eci.C.Y``: C's ECI and its rank among the exporters of the dataset;
- ``complexity.opportunities.X-M.Y``: the three products X could add that M demands most (density,
  PCI above X's ECI, positive COG), with how demand was measured;
- ``complexity.rauch.C.Y``: the commodity (Rauch ``w``) and differentiated (``n``) shares of C's exports
  to the world (the world SITC4 data);
- ``complexity.goods_types.R-P.DIRECTION.Y``: the same shares and the BEC primary share of R's exports
  to / imports from P (when the store has bilateral HS flows).

>>> import pandas as pd
>>> ranks = pd.DataFrame({"exporter": ["NZL"], "year": [2000], "eci": [1.26], "eci_rank": [29.0],
...                       "n_countries": [226], "pci_of_exports": [1.0], "pci_rank": [31.0]})
>>> eci_cards(ranks, "world_exports_sitc4", ())[0].statement("en")
'In 2000, New Zealand ranked 29 of 226 exporters by economic complexity (ECI 1.26; world_exports_sitc4).'
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tradebridge.evidence.cards import EvidenceCard, ProvenanceRef

VINTAGE = "world SITC Rev.2 4-digit exports, 1998-2000 average: an old vintage, before all four FTAs in force"
METHOD = "tradebridge.indicators.complexity (Stata ecomplexity definitions)"


def _caveats(dataset: str) -> tuple[str, ...]:
    return (VINTAGE,) if dataset.startswith("world_exports") else ()


def eci_cards(ranks: pd.DataFrame, dataset: str, prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    cards = []
    for _, r in ranks.iterrows():
        y = int(r["year"])
        cards.append(EvidenceCard(
            id=f"complexity.eci.{r['exporter']}.{y}", topic="complexity",
            template={"en": "In {year}, {country} ranked {rank} of {n} exporters by economic complexity "
                            "(ECI {eci}; {dataset}).",
                      "es": "En {year}, {country} ocupó el puesto {rank} de {n} exportadores por complejidad "
                            "económica (ECI {eci}; {dataset}).",
                      "ko": "{year}년 {country}의 경제복잡성 순위는 {n}개 수출국 중 {rank}위였다(ECI {eci}; {dataset})."},
            values={"country": r["exporter"], "year": y, "rank": int(r["eci_rank"]), "n": int(r["n_countries"]),
                    "eci": float(r["eci"]), "pci_of_exports": float(r["pci_of_exports"]), "dataset": dataset},
            formats={"country": "place", "year": "year", "rank": "int", "n": "int", "eci": "number",
                     "pci_of_exports": "number", "dataset": "text"},
            comparison="ECI rank among all exporters in the dataset (1 = most complex)",
            caveats=_caveats(dataset), provenance=tuple(prov), method=METHOD))
    return cards


def opportunity_cards(tables: dict[str, pd.DataFrame], exporter_is_member: bool, reporter: str, dataset: str,
                      prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    cards = []
    for member, t in tables.items():
        if t.empty:
            continue
        x, m = (member, reporter) if exporter_is_member else (reporter, member)
        y = int(t["year"].iloc[0])
        top = t.head(3)
        names = "; ".join(f"{p} {str(d)[:50]}" if isinstance(d, str) else str(p)
                          for p, d in zip(top["product"], top["description"], strict=True))
        basis = str(t["basis"].iloc[0]) if "basis" in t else ""
        cards.append(EvidenceCard(
            id=f"complexity.opportunities.{x}-{m}.{y}", topic="complexity",
            template={"en": "Products {exporter} could add that {market:the} demands most ({year}): {products}.",
                      "es": "Productos que {exporter} podría añadir y que {market:el} más demanda ({year}): {products}.",
                      "ko": "{exporter:가} 추가할 수 있고 {market}의 수요가 가장 큰 품목({year}): {products}."},
            values={"exporter": x, "market": m, "year": y, "products": names, "n_candidates": len(t),
                    "codes": list(top["product"]), "demand_basis": basis, "dataset": dataset},
            formats={"exporter": "place", "market": "place", "year": "year", "products": "text",
                     "n_candidates": "int", "demand_basis": "text", "dataset": "text"},
            comparison="not yet exported with RCA >= 1; density at or above the exporter's median; PCI above "
                       "its ECI; positive COG; ranked by the market's import demand",
            caveats=(*_caveats(dataset), f"import demand: {basis}"), provenance=tuple(prov), method=METHOD))
    return cards


def rauch_cards(shares: pd.DataFrame, dataset: str, prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    cards = []
    for _, r in shares.iterrows():
        y = int(r["year"])
        cards.append(EvidenceCard(
            id=f"complexity.rauch.{r['exporter']}.{y}", topic="complexity",
            template={"en": "In {year}, {commodity} of {country}'s exports were commodities traded on organised "
                            "exchanges and {differentiated} differentiated goods (Rauch).",
                      "es": "En {year}, el {commodity} de las exportaciones de {country} fueron materias primas "
                            "cotizadas en bolsa y el {differentiated} bienes diferenciados (Rauch).",
                      "ko": "{year}년 {country} 수출의 {commodity:는} 거래소 거래 원자재, {differentiated:는} "
                            "차별화 제품이었다(Rauch)."},
            values={"country": r["exporter"], "year": y, "commodity": float(r["commodity"]),
                    "reference_priced": float(r["reference_priced"]), "differentiated": float(r["differentiated"]),
                    "unclassified": float(r["unclassified"]), "dataset": dataset},
            formats={"country": "place", "year": "year", "commodity": "pct", "reference_priced": "pct",
                     "differentiated": "pct", "unclassified": "pct", "dataset": "text"},
            comparison="shares of exports to the world by Rauch (1999) conservative class",
            caveats=(*_caveats(dataset), ("exports to the world: the store has no bilateral product flows for "
                     "this classification")), provenance=tuple(prov), method="tradebridge.indicators.opportunities.rauch_shares"))
    return cards


def goods_type_cards(goods: pd.DataFrame, reporter: str, dataset: str,
                     prov: Sequence[ProvenanceRef]) -> list[EvidenceCard]:
    cards = []
    if goods.empty:
        return cards
    last = goods[goods["year"] == goods["year"].max()]
    for _, r in last.iterrows():
        y, d = int(r["year"]), str(r["direction"])
        x, m = (reporter, r["partner"]) if d == "exports" else (r["partner"], reporter)
        cards.append(EvidenceCard(
            id=f"complexity.goods_types.{reporter}-{r['partner']}.{d}.{y}", topic="complexity",
            template={"en": "In {year}, {differentiated} of {exporter}'s exports to {market:the} were differentiated "
                            "goods and {commodity} exchange-traded commodities (Rauch); {bec_primary} were "
                            "primary goods (BEC).",
                      "es": "En {year}, el {differentiated} de las exportaciones de {exporter} {market:a} fueron "
                            "bienes diferenciados y el {commodity} materias primas cotizadas (Rauch); el "
                            "{bec_primary} fueron bienes primarios (BEC).",
                      "ko": "{year}년 {exporter}의 대{market} 수출 중 {differentiated:는} 차별화 제품, {commodity:는} "
                            "거래소 거래 원자재(Rauch)였고 {bec_primary:는} 1차 산품(BEC)이었다."},
            values={"exporter": x, "market": m, "year": y, "differentiated": float(r["differentiated"]),
                    "commodity": float(r["commodity"]), "reference_priced": float(r["reference_priced"]),
                    "bec_primary": float(r["bec_primary"]), "value_usd": float(r["value_usd"]), "dataset": dataset},
            formats={"exporter": "place", "market": "place", "year": "year", "differentiated": "pct",
                     "commodity": "pct", "reference_priced": "pct", "bec_primary": "pct", "value_usd": "usd",
                     "dataset": "text"},
            comparison="shares of bilateral exports by Rauch (1999) conservative class and BEC Rev.4 primary classes",
            caveats=("HS codes linked to several SITC/BEC codes are split equally",), provenance=tuple(prov),
            method="tradebridge.indicators.opportunities.bilateral_goods_types"))
    return cards


def complexity_cards(store, reporter: str, members: Sequence[str], *, dataset: str = "world_exports_sitc4",
                     trade_dataset: str | None = None) -> list[EvidenceCard]:
    """Every complexity card the store supports (none when it lacks the dataset).

    ``trade_dataset``: the aggregate ``trade_flows`` dataset whose imports scale the import-demand proxy
    (the scope's dataset; ``None`` takes the largest one with the market's imports that year).
    """
    from tradebridge.errors import DataError
    from tradebridge.evidence.collect import provenance_refs
    from tradebridge.indicators.opportunities import pair_complexity

    if not store.has_dataset(dataset):
        return []
    try:
        pc = pair_complexity(store.ibis(), reporter, list(members), dataset=dataset, aggregate_dataset=trade_dataset)
    except DataError:
        return []
    prov = provenance_refs(store, [d for d in (dataset, trade_dataset, "rauch") if d])
    return (eci_cards(pc.ranks, dataset, prov)
            + opportunity_cards(pc.into_reporter, True, reporter, dataset, prov)
            + opportunity_cards(pc.into_members, False, reporter, dataset, prov)
            + rauch_cards(pc.rauch, dataset, prov)
            + goods_type_cards(pc.goods_types, reporter, dataset, prov))
