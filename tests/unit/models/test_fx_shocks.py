"""Exchange-rate elasticities and the COVID-19 deviation, on made-up fixtures with known answers.

Fixtures (values made up, in the warehouse's trade_flows layout; see the generator notes below):
- fixtures/fx_lcu_per_usd_madeup.csv: partner LCU per USD 2010-2019 with partner-specific swings.
- fixtures/trade_flows_hs6_vehicles_madeup.csv: KOR exports of HS 870323 and 870421 built as
  size * 1.04^(t-2010) * fx^-0.8 (true elasticity -0.8) and of HS 030613 as fx^+0.3.
- fixtures/trade_flows_hs6_2015_2021_madeup.csv: KOR to MEX and CHL, 5% a year trend; in 2020
  vehicles (8703) at 75% of trend and integrated circuits (8542) at 110%; 2021 back on trend.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import DataError
from tradebridge.models.fx import fx_elasticity
from tradebridge.models.inputs import read_file
from tradebridge.models.shocks import covid_deviation

FIX = Path(__file__).parent / "fixtures"


def test_vehicle_elasticity_is_recovered_from_product_data():
    flows = read_file(FIX / "trade_flows_hs6_vehicles_madeup.csv")
    assert flows["product"].str.len().eq(6).all()  # 030613 keeps its leading zero
    fx = pd.read_csv(FIX / "fx_lcu_per_usd_madeup.csv")
    res = fx_elasticity(flows, fx, reporter="KOR", partners=("CHL", "COL", "MEX", "PER"), start=2010,
                        products=("8703", "8704"))
    t = res.table.set_index("partner")
    # noise-free data: the PPML estimate equals the built-in -0.8 for every partner and pooled
    assert np.allclose(t["elasticity"], -0.8, atol=1e-6)
    assert t.loc["pooled", "n"] == 40 and t.loc["CHL", "years"] == "2010-2019"
    # all goods mix -0.8 (vehicles) with +0.3: the aggregate elasticity lies between the two
    allg = fx_elasticity(flows, fx, reporter="KOR", partners=("CHL", "COL", "MEX", "PER"), start=2010).table.set_index("partner")
    assert -0.8 < allg.loc["pooled", "elasticity"] < 0.3


def test_fx_elasticity_on_real_korean_exports(raw_dir):
    """Real data: penppml Comtrade panel and IMF annual rates (the source reader maps ISO2 -> ISO3)."""
    from tradebridge.sources.countries import read_country_table
    from tradebridge.sources.macro_files import read_imf_fx

    fx = read_imf_fx(raw_dir, read_country_table(raw_dir)).tables["macro"].rename(columns={"value": "fx_lcu_per_usd"})
    flows = read_file(raw_dir / "trade" / "comtrade_aggregate_1964_2016.csv.gz")
    res = fx_elasticity(flows, fx, reporter="KOR", partners=("CHL", "COL", "MEX", "PER"))
    t = res.table.set_index("partner")
    assert list(t.index) == ["CHL", "COL", "MEX", "PER", "pooled"]
    assert (t["years"] == "1992-2016").all() and t.loc["pooled", "n"] == 28  # 7 four-yearly observations each
    assert np.isfinite(t["se"]).all() and (t["ci_low"] < t["elasticity"]).all()


def test_products_absent_is_an_error_with_a_fetch_hint():
    flows = read_file(FIX / "trade_flows_hs6_vehicles_madeup.csv")
    fx = pd.read_csv(FIX / "fx_lcu_per_usd_madeup.csv")
    with pytest.raises(DataError, match="fetch"):
        fx_elasticity(flows, fx, reporter="KOR", partners=("CHL", "COL", "MEX", "PER"), products=("2709",))


def test_covid_deviation_from_the_pre_trend():
    flows = read_file(FIX / "trade_flows_hs6_2015_2021_madeup.csv")
    res = covid_deviation(flows)
    t = res.table.set_index(["importer", "group", "year"])
    # exact log-linear pre-trend (5% a year): 2020 deviations are the built-in shocks
    assert t.loc[("MEX", "87", 2020), "deviation"] == pytest.approx(-0.25, abs=1e-9)
    assert t.loc[("MEX", "85", 2020), "deviation"] == pytest.approx(0.10, abs=1e-9)
    assert t.loc[("CHL", "87", 2021), "deviation"] == pytest.approx(0.0, abs=1e-9)
    assert t.loc[("MEX", "87", 2020), "log_deviation"] == pytest.approx(np.log(0.75))
    assert t.loc[("MEX", "87", 2020), "trend_growth"] == pytest.approx(0.05)


def test_covid_without_2019_2021_data_names_the_fetch():
    flows = read_file(FIX / "trade_flows_hs6_2015_2021_madeup.csv")
    with pytest.raises(DataError, match="data fetch comtrade.*data fetch baci"):
        covid_deviation(flows[flows["year"] <= 2018])
