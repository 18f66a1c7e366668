"""Property tests of the complexity measures on random exporter × product matrices (Hypothesis, seeded
through Hypothesis's own database-free derandomised runs).

- ECI correlates positively with diversity (the sign convention of the Atlas);
- PCI correlates negatively with ubiquity: an empirical regularity of real trade data, not a theorem —
  on synthetic capability matrices the RCA >= 1 pattern is often anti-nested (a diversified country has
  RCA < 1 in the common products it exports) and the correlation came out positive in 30-78 of 200
  draws. It is checked on the world SITC4 file (226 countries: r = −0.29); on the Stata sample (ten
  European exporters) it does not show (r = +0.04 and +0.02), so that sample checks ECI–diversity only;
- density (discrete proximity) lies in [0, 1];
- every measure is invariant to a currency rescale of the values (rtol 1e-9: floating point only).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebridge.indicators.complexity import complexity

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _frame(values: np.ndarray) -> pd.DataFrame:
    c, p = np.nonzero(values)
    return pd.DataFrame({"exporter": [f"c{i:02d}" for i in c], "product": [f"p{j:03d}" for j in p],
                         "year": 2000, "value_usd": values[c, p]})


@st.composite
def capability_matrix(draw):
    """Countries with capability a_c, products with difficulty b_p; c exports p (value log-normal)
    with probability rising in a_c − b_p: the structure the Atlas's measures are built for."""
    seed = draw(st.integers(0, 2**31 - 1))
    n_c, n_p = draw(st.integers(8, 25)), draw(st.integers(10, 60))
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=n_c), rng.normal(size=n_p)
    prob = 1 / (1 + np.exp(-3 * (a[:, None] - b[None, :])))
    has = rng.random((n_c, n_p)) < prob
    values = np.where(has, np.exp(rng.normal(10, 2, size=(n_c, n_p))), 0.0)
    values[np.arange(n_c), rng.integers(0, n_p, n_c)] += 1.0   # every country exports something
    return values


@SETTINGS
@given(capability_matrix())
def test_eci_correlates_with_diversity(values):
    c = complexity(_frame(values)).countries.dropna(subset=["eci"])
    if c.diversity.nunique() > 1:
        assert np.corrcoef(c.eci, c.diversity)[0, 1] > 0


def test_pci_against_ubiquity_on_real_data(raw_dir):
    d = raw_dir / "complexity"
    s = pd.read_csv(d / "ecomplexity_fixtures" / "trade_data_sample.csv", dtype={"hs92": str})
    w = pd.read_csv(d / "world_exports_sitc4_1998_2000.csv.gz", dtype={"product": str})
    frames = [s.rename(columns={"origin": "exporter", "hs92": "product", "export_val": "value_usd"}),
              pd.DataFrame({"exporter": w.country, "product": w["product"], "year": 2000, "value_usd": w.value})]
    for frame in frames:
        res = complexity(frame)
        for _, c in res.countries.groupby("year"):
            assert np.corrcoef(c.eci, c.diversity)[0, 1] > 0.3
    world = res.products
    assert np.corrcoef(world.pci, world.ubiquity)[0, 1] < -0.2


@SETTINGS
@given(capability_matrix(), st.sampled_from(["symmetric", "asymmetric"]), st.sampled_from([None, 3]))
def test_density_in_unit_interval(values, proximity, knn):
    cells = complexity(_frame(values), proximity=proximity, knn=knn).cells
    d = cells.density.dropna()
    assert ((d >= -1e-12) & (d <= 1 + 1e-12)).all()


@SETTINGS
@given(capability_matrix(), st.sampled_from([1e-3, 1.1, 1e6]),
       st.sampled_from(["symmetric", "asymmetric", "continuous"]))
def test_invariant_to_currency_rescale(values, factor, proximity):
    base = complexity(_frame(values), proximity=proximity, method="fitness")
    scaled = complexity(_frame(values * factor), proximity=proximity, method="fitness")
    for name, cols in (("countries", ["diversity", "eci", "coi", "fitness"]),
                       ("products", ["ubiquity", "pci", "complexity_fitness"]),
                       ("cells", ["rca", "mcp", "density", "distance", "cog"])):
        a, b = getattr(base, name)[cols].to_numpy(float), getattr(scaled, name)[cols].to_numpy(float)
        np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-12, err_msg=name)
