"""Indicators on real data: world exports by SITC2 4-digit product, 1998-2000 average (226 countries,
from the R package economiccomplexity), and the ICIO 2022 intermediate-sales file (ILLUSTRATIVE only).

RCA is checked against the definition of ``economiccomplexity::balassa_index`` (R source:
``t(t(data / rowSums(data)) / (colSums(data) / sum(data)))``, discrete ``>= cutoff`` -> 1): a few cells
are computed by hand from the raw file's sums, and every cell against a plain pandas evaluation of that
matrix formula. Tolerance 1e-9 relative: the only difference is float summation order.
(R itself is not run: the package is not in Debian and there is no CRAN mirror here.)
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from tradebridge.indicators import composition as comp
from tradebridge.indicators import specialisation as sp

REL = 1e-9


@pytest.fixture(scope="module")
def world_raw(raw_dir) -> pd.DataFrame:
    df = pd.read_csv(raw_dir / "complexity" / "world_exports_sitc4_1998_2000.csv.gz", dtype={"product": str})
    return df


@pytest.fixture(scope="module")
def world_exports(world_raw) -> ibis.Table:
    return ibis.memtable(pd.DataFrame({"exporter": world_raw.country.str.upper(), "year": 2000,
                                       "product": world_raw["product"], "value_usd": world_raw.value.astype(float)}))


@pytest.fixture(scope="module")
def rca_frame(world_exports) -> pd.DataFrame:
    return sp.rca(world_exports, cutoff=1.0).to_pandas().set_index(["exporter", "product"])


def test_data_shape(world_raw):
    assert world_raw.country.nunique() == 226 and world_raw["product"].nunique() == 785


@pytest.mark.parametrize("country,product", [("chl", "6821"), ("kor", "7764"), ("mex", "7810"), ("per", "6821"),
                                             ("col", "0711")])
def test_rca_hand_cells(world_raw, rca_frame, country, product):
    v = world_raw
    x_cp = v[(v.country == country) & (v["product"] == product)].value.sum()
    x_c = v[v.country == country].value.sum()
    x_p = v[v["product"] == product].value.sum()
    x_w = v.value.sum()
    expected = (x_cp / x_c) / (x_p / x_w)
    got = rca_frame.loc[(country.upper(), product)]
    assert got.rca == pytest.approx(expected, rel=REL)
    assert got.specialised == int(expected >= 1)


def test_rca_all_cells_match_balassa_index_formula(world_raw, rca_frame):
    m = world_raw.pivot_table(index="country", columns="product", values="value", aggfunc="sum", fill_value=0.0)
    bi = m.div(m.sum(axis=1), axis=0).div(m.sum(axis=0) / m.values.sum(), axis=1)
    long = bi.stack()
    long = long[m.stack() > 0]
    long.index = pd.MultiIndex.from_arrays([long.index.get_level_values(0).str.upper(), long.index.get_level_values(1)])
    ours = rca_frame.rca.reindex(long.index)
    assert len(long) == len(rca_frame)
    np.testing.assert_allclose(ours.to_numpy(), long.to_numpy(), rtol=REL)
    # the discrete index (cutoff 1): number of country-product pairs with RCA >= 1
    assert int(rca_frame.specialised.sum()) == int((bi >= 1).to_numpy().sum())


def test_rca_known_specialisations(rca_frame):
    # Chile in refined copper (SITC 6821) and Korea in ships/boats (7932) are textbook specialisations
    assert rca_frame.loc[("CHL", "6821")].rca > 20
    assert rca_frame.loc[("KOR", "7932")].rca > 5


def test_hhi_and_similarity_across_countries(world_raw, world_exports):
    h = sp.hhi_products(world_exports).to_pandas().set_index("exporter")
    assert len(h) == 226
    assert ((h.hhi >= 1 / h.n - 1e-12) & (h.hhi <= 1 + 1e-12)).all()
    for c in ("kor", "chl"):
        s = world_raw[world_raw.country == c].value
        s = s[s > 0] / s.sum()
        assert h.loc[c.upper(), "hhi"] == pytest.approx((s ** 2).sum(), rel=REL)
    assert h.loc["CHL", "hhi"] > h.loc["KOR", "hhi"]  # copper makes Chile far more concentrated
    fk = sp.export_similarity(world_exports, exporters=["KOR"]).to_pandas().set_index("other")
    assert len(fk) == 225
    a = world_raw[world_raw.country == "kor"].set_index("product").value
    b = world_raw[world_raw.country == "mex"].set_index("product").value
    a, b = a[a > 0] / a[a > 0].sum(), b[b > 0] / b[b > 0].sum()
    expect = pd.concat([a, b], axis=1).fillna(0).min(axis=1).sum()
    assert fk.loc["MEX", "similarity"] == pytest.approx(expect, rel=REL)
    assert fk.loc["MEX", "similarity"] > fk.loc["CHL", "similarity"]


def test_icio_illustrative_composition(raw_dir):
    """ILLUSTRATIVE (approximate intermediates-only ICIO reconstruction, never a headline): the brief's
    claim that Korea sells manufactures to the PA and buys primary goods."""
    d = pd.read_csv(raw_dir / "sectors" / "icio2022_kor_pa_intermediate.csv")
    d = d[(d.exporter != d.importer) & (d.importer != "WLD")]
    letter = d.exporter_sector.str[0]
    group = np.where(letter.isin(["A", "B"]), "primary", np.where(letter == "C", "manufacturing", "other"))
    t = ibis.memtable(pd.DataFrame({"exporter": d.exporter, "importer": d.importer, "year": 2022, "group": group,
                                    "value_usd": d.intermediate_sales_usd_mn * 1e6}))
    c = comp.composition(t, "KOR", ["CHL", "COL", "MEX", "PER"], bloc="PA").to_pandas()
    c = c.set_index(["direction", "group"]).share
    pa = d.exporter.isin(["CHL", "COL", "MEX", "PER"]) & (d.importer == "KOR")
    prim = d[pa & letter.isin(["A", "B"])].intermediate_sales_usd_mn.sum() / d[pa].intermediate_sales_usd_mn.sum()
    assert c.loc[("imports", "primary")] == pytest.approx(prim, rel=REL)
    assert c.loc[("exports", "manufacturing")] > 0.7
    assert c.loc[("imports", "primary")] > 0.5
    assert c.groupby(level=0).sum().to_numpy() == pytest.approx([1.0, 1.0])
