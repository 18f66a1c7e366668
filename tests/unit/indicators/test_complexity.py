"""Economic complexity against Stata ``ecomplexity`` ground truth (py-ecomplexity's fixtures, MIT).

The fixtures (10 countries × 30 HS92 products × 1995-1996) are in the shared data folder
(``complexity/ecomplexity_fixtures``). Tolerances are those of py-ecomplexity's own suite: M,
diversity and ubiquity exact; RCA, ECI, PCI rtol 1e-5 (Stata stores export_val in single precision,
so RCA carries float32 rounding, about 1e-7); density, COI and COG rtol 1e-4 (single-precision
intermediate variables in Stata). COG is zero where M = 1, so it is compared with atol 1e-7 too.
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import ConfigError, DataError
from tradebridge.indicators import complexity as cx
from tradebridge.indicators import opportunities, potential
from tradebridge.indicators.complexity import check_values, complexity, fitness_complexity

EXACT = ("M", "diversity", "ubiquity")
TIGHT = ("rca", "eci", "pci")
LOOSE = ("density", "coi", "cog")


@pytest.fixture(scope="module")
def fixtures(raw_dir):
    return raw_dir / "complexity" / "ecomplexity_fixtures"


@pytest.fixture(scope="module")
def sample(fixtures) -> pd.DataFrame:
    inp = pd.read_csv(fixtures / "trade_data_sample.csv", dtype={"hs92": str})
    return inp.rename(columns={"origin": "exporter", "hs92": "product", "export_val": "value_usd"})


def _merged(fixtures, name: str, result) -> pd.DataFrame:
    gt = pd.read_csv(fixtures / name, dtype={"hs92": str}).rename(columns={"origin": "exporter", "hs92": "product"})
    ours = (result.cells.merge(result.countries, on=["exporter", "year"])
            .merge(result.products, on=["product", "year"]).rename(columns={"mcp": "M"}))
    m = gt.merge(ours, on=["exporter", "product", "year"], suffixes=("_stata", ""))
    assert len(m) == len(gt) == 600
    return m


def _check(m: pd.DataFrame, columns, **tol) -> None:
    for col in columns:
        stata, ours = m[f"{col}_stata"].to_numpy(float), m[col].to_numpy(float)
        np.testing.assert_allclose(ours, stata, err_msg=col, **tol)


@pytest.mark.parametrize("name,options", [("stata_ground_truth.csv", {}),
                                          ("stata_continuous.csv", {"proximity": "continuous"})])
def test_matches_stata(fixtures, sample, name, options):
    m = _merged(fixtures, name, complexity(sample, **options))
    for col in EXACT:
        assert (m[f"{col}_stata"].to_numpy() == m[col].to_numpy()).all(), col
    _check(m, TIGHT, rtol=1e-5)
    _check(m, ("density", "coi"), rtol=1e-4)
    _check(m, ("cog",), rtol=1e-4, atol=1e-7)


def test_rca_threshold_2(fixtures, sample):
    """Stata leaves ECI/PCI/density/COI/COG missing when a product has ubiquity 0; tradebridge computes
    them on the non-empty rows and columns (as the Atlas) and leaves exactly those empty."""
    res = complexity(sample, rca_threshold=2)
    m = _merged(fixtures, "stata_rca_2.csv", res)
    for col in EXACT:
        assert (m[f"{col}_stata"].to_numpy() == m[col].to_numpy()).all(), col
    _check(m, ("rca",), rtol=1e-5)
    assert m["eci_stata"].isna().all()
    assert m.loc[m.diversity == 0, "eci"].isna().all() and m.loc[m.diversity > 0, "eci"].notna().all()
    assert m.loc[m.ubiquity == 0, "pci"].isna().all() and m.loc[m.ubiquity > 0, "pci"].notna().all()
    assert (m.ubiquity == 0).any() and any("ubiquity 0" in n for n in res.notes)


def test_symmetric_proximity_matrix(fixtures, sample):
    """``genproximity`` output: 900 rows for 1995 then 900 for 1996 (no year column); diagonal 0."""
    px = pd.read_csv(fixtures / "stata_proximity_discrete_sym.csv", dtype={"hs92_1": str, "hs92_2": str})
    assert len(px) == 1800
    res = complexity(sample)
    for i, year in enumerate((1995, 1996)):
        space = res.spaces[year]
        block = px.iloc[900 * i: 900 * (i + 1)]
        stata = block.pivot(index="hs92_1", columns="hs92_2", values="proximity").reindex(
            index=list(space.products), columns=list(space.products)).to_numpy()
        np.testing.assert_allclose(space.proximity, stata, rtol=1e-5, atol=1e-12)
    edges = res.proximity_edges(1995)
    assert len(edges) == int((res.spaces[1995].proximity > 0).sum())


def test_eci_is_mean_pci_of_products(sample):
    """The standardisation keeps ECI_c = mean PCI over the products c exports (Atlas property)."""
    res = complexity(sample, year=1995)
    m = res.cells.merge(res.products, on=["product", "year"])
    mean_pci = m[m.mcp == 1].groupby("exporter").pci.mean()
    eci = res.countries.set_index("exporter").eci
    np.testing.assert_allclose(mean_pci.reindex(eci.index), eci, rtol=1e-10)


def test_distance_against_its_definition(sample):
    """distance_cp = Σ_a (1 − M_ca) φ_ap / Σ_a φ_ap, with M (not RCA) also for continuous proximity."""
    for proximity in ("symmetric", "continuous"):
        res = complexity(sample, year=1996, proximity=proximity)
        s = res.spaces[1996]
        m, phi = s.mcp.toarray(), s.proximity
        expected = ((1 - m) @ phi) / phi.sum(axis=0)[None, :]
        got = res.cells.distance.to_numpy().reshape(m.shape)
        np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg=proximity)


def test_knn_keeps_k_largest_per_column(sample):
    """knn(K): density uses, for each product, its K largest proximities (Stata's calculate_density)."""
    res = complexity(sample, year=1995, knn=5)
    s = res.spaces[1995]
    phi, m = s.proximity, s.mcp.toarray()
    p = 7
    col = phi[:, p]
    keep = col >= np.sort(col)[::-1][4]
    expected = (m[:, keep] @ col[keep]) / col[keep].sum()
    got = res.cells[res.cells["product"] == s.products[p]].set_index("exporter").density.reindex(s.countries)
    np.testing.assert_allclose(got.to_numpy(), expected, rtol=1e-12)


def test_rpop_presence(fixtures, sample):
    pop = pd.read_csv(fixtures / "population_data_sample.csv").rename(columns={"origin": "exporter"})
    with pytest.raises(DataError, match="blx"):   # the population sample has no Belgium-Luxembourg
        complexity(sample, presence="rpop", population=pop, year=1995)
    sample = sample[sample.exporter != "blx"]
    res = complexity(sample, presence="rpop", population=pop, year=1995)
    c = res.cells.merge(pop, on=["exporter", "year"])
    world = c.groupby("product").value_usd.transform("sum") / pop[pop.year == 1995].population.sum()
    rpop = c.value_usd / c.population / world
    np.testing.assert_allclose(c.rpop, rpop, rtol=1e-12)
    assert (c.mcp == (rpop >= 1).astype(int)).all()
    both = complexity(sample, presence="both", population=pop, year=1995).cells
    assert (both.mcp.to_numpy() == ((both.rca >= 1) | (both.rpop >= 1)).astype(int).to_numpy()).all()
    with pytest.raises(ConfigError, match="population"):
        complexity(sample, presence="rpop")


def test_fitness_hand_checked():
    """Three steps by hand on M = [[1,1,1],[1,1,0],[1,0,0]] (R economiccomplexity's iteration):
    step 2: F = (3,2,1)/2 = (1.5, 1, 0.5); Q = 1/(3,2,1) / mean = (2/11, 3/11, 6/11)·3
    step 3: F = M·Q = (3, 15/11, 6/11)·(3/11) / mean ...; computed here from the stated recurrences."""
    m = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0.]])
    f, q = fitness_complexity(__import__("scipy.sparse", fromlist=["csr_matrix"]).csr_matrix(m), iterations=3)
    f2 = np.array([1.5, 1.0, 0.5])
    q2 = (1 / np.array([3.0, 2.0, 1.0])) / np.mean(1 / np.array([3.0, 2.0, 1.0]))
    f3 = m @ q2
    f3 /= f3.mean()
    q3 = 1 / (m.T @ (1 / f2))
    q3 /= q3.mean()
    np.testing.assert_allclose(f, f3, rtol=1e-12)
    np.testing.assert_allclose(q, q3, rtol=1e-12)
    assert f[0] > f[1] > f[2] and q[2] > q[1] > q[0]   # nested matrix: ordering by diversity / rarity


def test_fitness_properties(sample):
    """Means of F and Q are 1 after each step; fitness ranks correlate with ECI on real data."""
    res = complexity(sample, year=1995, method="fitness", iterations=50)
    assert res.countries.fitness.mean() == pytest.approx(1.0, rel=1e-12)
    assert res.products.complexity_fitness.mean() == pytest.approx(1.0, rel=1e-12)
    rho = res.countries[["fitness", "eci"]].rank().corr().iloc[0, 1]
    assert rho > 0.5
    assert (res.countries.fitness > 0).all()


def test_prody_expy_real_data(raw_dir):
    """PRODY/EXPY on the world SITC4 file with its own GDP per capita: EXPY rises with income."""
    w = pd.read_csv(raw_dir / "complexity" / "world_exports_sitc4_1998_2000.csv.gz", dtype={"product": str})
    g = pd.read_csv(raw_dir / "complexity" / "world_gdp_1998_2000.csv")
    x = pd.DataFrame({"exporter": w.country.str.upper(), "product": w["product"], "year": 2000, "value_usd": w.value})
    gdp = pd.DataFrame({"exporter": g.country.str.upper(), "year": 2000, "gdp_per_capita": g.value})
    prody, expy = cx.prody_expy(x, gdp)
    lo, hi = float(gdp.gdp_per_capita.min()), float(gdp.gdp_per_capita.max())
    assert prody.prody.between(lo - 1e-6, hi + 1e-6).all()   # a weighted mean of incomes
    e = expy.merge(gdp, on=["exporter", "year"])
    assert np.corrcoef(np.log(e.expy), np.log(e.gdp_per_capita))[0, 1] > 0.5


def test_bad_inputs_are_clear_errors(sample):
    with pytest.raises(DataError, match="value_usd"):
        check_values(sample.drop(columns=["value_usd"]))
    bad = sample.copy()
    bad.loc[3, "value_usd"] = -1.0
    with pytest.raises(DataError, match="rows 3"):
        check_values(bad)
    with pytest.raises(DataError, match="duplicate"):
        check_values(pd.concat([sample.head(2), sample.head(1)]))
    with pytest.raises(ConfigError, match="valid values: symmetric, asymmetric, continuous"):
        complexity(sample, proximity="cosine")
    with pytest.raises(ConfigError, match="rca_threshold"):
        complexity(sample, rca_threshold=0)
    with pytest.raises(DataError, match="year 1990"):
        complexity(sample, year=1990)


@pytest.mark.parametrize("module", [cx, opportunities, potential])
def test_docstring_examples(module):
    """indicators/ has no __init__.py yet, so the package-wide doctest run does not reach these."""
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
