"""The frozen-output cases of ``test_frozen_outputs.py``: a seeded panel and the indicator calls.

``tests/fixtures/indicators_frozen/`` holds the panel (``panel.parquet``) and, per case, the rows the
indicator code produced **before** the one-pass rewrite of issue 14 (commit 1f131de, written by
running this module: ``python tests/unit/indicators/frozen_cases.py --write DIR``). The test
recomputes every case with the current code and compares row by row (1e-9 relative).

The panel: 15 countries (ISO3 codes, so the registry's scope checks and the curated KOR–CHL/PER/COL
agreements apply) × 90 HS6 codes spread over the sector groups × years 2008-2016, about 7,000 rows
with zeros, domestic flows and a few duplicated keys (the functions sum them).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import ibis
import numpy as np
import pandas as pd

COUNTRIES = ["KOR", "CHL", "COL", "MEX", "PER", "USA", "CHN", "JPN", "DEU", "BRA", "ARG", "IND", "VNM", "AUS",
             "CAN"]
PA = ["CHL", "COL", "MEX", "PER"]
YEARS = list(range(2008, 2017))
CHAPTERS = ["02", "08", "10", "26", "27", "28", "30", "39", "40", "61", "72", "74", "84", "85", "87", "90", "94",
            "03"]
DATASET = "frozen_hs12"


def panel(seed: int = 20261201) -> pd.DataFrame:
    """The seeded flows panel (store ``trade_flows`` columns)."""
    rng = np.random.default_rng(seed)
    products = [f"{ch}{rng.integers(1, 99):02d}{rng.integers(10, 99):02d}" for ch in CHAPTERS for _ in range(5)]
    products = sorted(set(products))
    n = 7_000
    e = rng.integers(0, len(COUNTRIES), n)
    i = rng.integers(0, len(COUNTRIES), n)
    k = rng.integers(0, len(products), n)
    y = rng.integers(0, len(YEARS), n)
    df = pd.DataFrame({"exporter": np.array(COUNTRIES)[e], "importer": np.array(COUNTRIES)[i],
                       "year": np.array(YEARS, dtype="int64")[y], "product": np.array(products)[k]})
    df = df.drop_duplicates(ignore_index=True)
    df["value_usd"] = np.round(rng.lognormal(8.0, 2.0, len(df)), 2)
    df.loc[rng.random(len(df)) < 0.03, "value_usd"] = 0.0
    dup = df.sample(40, random_state=3).assign(value_usd=lambda d: d.value_usd + 1.5)
    df = pd.concat([df, dup], ignore_index=True)
    df.insert(0, "dataset", DATASET)
    df.insert(4, "classification", "HS12")
    return df


def _registry(name: str, partners: str = "PA", **kw) -> Callable[[ibis.BaseBackend, ibis.Table], pd.DataFrame]:
    def run(con, _flows):
        from tradebridge.indicators.registry import compute_indicator

        return compute_indicator(con, name, "KOR", partners, dataset=DATASET, **kw).frame
    return run


def _expr(build: Callable[[ibis.Table], ibis.Table]) -> Callable[[ibis.BaseBackend, ibis.Table], pd.DataFrame]:
    def run(con, flows):
        return con.to_pandas(build(flows))
    return run


def cases() -> dict[str, Callable[[ibis.BaseBackend, ibis.Table], pd.DataFrame]]:
    """Case name -> function of (backend, flows table) giving the rows."""
    from tradebridge.concord.groups import sector_group
    from tradebridge.indicators import composition as comp
    from tradebridge.indicators import margins as mg
    from tradebridge.indicators import specialisation as sp

    sel = ["KOR", "CHL", "USA"]
    out = {
        "exports_by_product": _expr(lambda f: sp.exports_by_product(f)),
        "exports_by_product_to": _expr(lambda f: sp.exports_by_product(f, importers=PA)),
        "imports_by_product": _expr(lambda f: sp.imports_by_product(f)),
        "rca": _expr(lambda f: sp.rca(f, cutoff=1.0)),
        "rca_exports_table": _expr(lambda f: sp.rca(sp.exports_by_product(f))),
        "grubel_lloyd": _expr(lambda f: sp.grubel_lloyd(f)),
        "grubel_lloyd_kor_pa": _expr(lambda f: sp.grubel_lloyd(f, reporters=["KOR"], partners=PA)),
        "grubel_lloyd_bloc": _expr(lambda f: sp.grubel_lloyd(f, reporters=["KOR"], partners=PA, bloc="PA")),
        "grubel_lloyd_aggregate": _expr(lambda f: sp.grubel_lloyd_aggregate(sp.grubel_lloyd(f))),
        "complementarity": _expr(lambda f: sp.complementarity(f)),
        "complementarity_sel": _expr(lambda f: sp.complementarity(f, exporters=sel, importers=PA)),
        "intensity": _expr(lambda f: sp.trade_intensity(f)),
        "intensity_sel": _expr(lambda f: sp.trade_intensity(f, exporters=sel, importers=PA)),
        "hhi_products": _expr(lambda f: sp.hhi_products(f)),
        "hhi_products_to": _expr(lambda f: sp.hhi_products(f, importers=PA)),
        "hhi_markets": _expr(lambda f: sp.hhi_markets(f)),
        "similarity": _expr(lambda f: sp.export_similarity(f)),
        "similarity_sel": _expr(lambda f: sp.export_similarity(f, exporters=["KOR"], others=PA)),
        "similarity_others": _expr(lambda f: sp.export_similarity(f, others=PA)),
        "similarity_market": _expr(lambda f: sp.export_similarity(f, market="USA")),
        "margins": _expr(lambda f: mg.hummels_klenow(f)),
        "margins_sel": _expr(lambda f: mg.hummels_klenow(f, exporters=["KOR"], importers=PA)),
        "new_products": _expr(lambda f: mg.new_products(f, 2012, window=3)),
        "new_products_sel": _expr(lambda f: mg.new_products(f, 2011, window=2, threshold=100.0,
                                                             exporters=["KOR"], importers=["PER"])),
        "composition_sector": _expr(lambda f: comp.composition(sector_group(f), "KOR", PA, bloc="PA")),
        "top_products": _expr(lambda f: comp.top_products(f, "KOR", PA, n=3)),
    }
    for name in ("balance", "rca", "grubel_lloyd", "grubel_lloyd_aggregate", "complementarity", "intensity",
                 "hhi_products", "hhi_markets", "similarity", "margins", "new_products", "composition_section",
                 "composition_chapter", "composition_sector", "top_products"):
        out[f"registry_{name}"] = _registry(name)
    out["registry_margins_list"] = _registry("margins", "CHL,USA", level="HS4")
    out["registry_rca_hs2"] = _registry("rca", "CHN,JPN", level="HS2", years=(2010, 2014))
    return out


def backend(df: pd.DataFrame) -> tuple[ibis.BaseBackend, ibis.Table]:
    """An in-memory DuckDB with the panel as ``trade_flows`` and the curated agreements."""
    sys.path.insert(0, str(Path(__file__).parent))
    from indicators_testing import agreement_frames, make_con

    agreements, members = agreement_frames()
    con = make_con({"trade_flows": df, "agreements": agreements, "agreement_members": members})
    flows = con.table("trade_flows").select("exporter", "importer", "year", "product", "value_usd")
    return con, flows


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] != "--write":
        raise SystemExit("usage: python frozen_cases.py --write DIR")
    target = Path(argv[1])
    target.mkdir(parents=True, exist_ok=True)
    df = panel()
    df.to_parquet(target / "panel.parquet", index=False)
    con, flows = backend(df)
    for name, run in cases().items():
        run(con, flows).to_parquet(target / f"{name}.parquet", index=False)


if __name__ == "__main__":
    main(sys.argv[1:])
