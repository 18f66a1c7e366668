"""The derived-variable vocabulary: hand-computed small cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import DataError, ModelError
from tradebridge.models.vocabulary import build_variable, derive, formula_names


@pytest.fixture
def panel() -> pd.DataFrame:
    return pd.DataFrame({
        "exporter": ["A", "A", "A", "B", "B", "A"],
        "importer": ["B", "B", "B", "A", "A", "A"],
        "year": [2000, 2004, 2008, 2004, 2008, 2004],
        "DIST": [10.0, 10.0, 10.0, 10.0, 10.0, 1.0],
        "rta": [0, 1, 1, 1, 1, 0],
        "value_usd": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    })


def test_formula_names_skip_functions_and_keywords():
    assert formula_names("trade ~ log_dist + i(year, ref=2000) | exp_year^imp_year") == [
        "trade", "log_dist", "year", "exp_year", "imp_year"]


def test_log_is_case_insensitive_and_natural(panel):
    assert build_variable(panel, "log_dist").iloc[0] == pytest.approx(np.log(10.0))  # ln 10 = 2.302585
    assert build_variable(panel, "ln_DIST").iloc[5] == 0.0  # ln 1


def test_log_of_zero_is_a_data_error_with_a_fix(panel):
    panel.loc[0, "DIST"] = 0
    with pytest.raises(DataError, match="--where"):
        build_variable(panel, "log_dist")


def test_lags_and_leads_by_pair_and_year(panel):
    out = derive(panel, ["rta_lag4", "rta_lead4"])
    # A->B: rta 0 (2000), 1 (2004), 1 (2008); lag4 = value 4 years before, 0 before the panel
    assert out["rta_lag4"].tolist() == [0, 0, 1, 0, 1, 0]
    # lead4: value 4 years later; the last year keeps its own value (a dummy that is on stays on)
    assert out["rta_lead4"].tolist() == [1, 1, 1, 1, 1, 0]


def test_pair_ids_directed_symmetric_and_pooled_domestic(panel):
    out = derive(panel, ["pair_id", "sym_pair_id", "pair_id_intl"])
    assert out["pair_id"].tolist()[2:4] == ["A-B", "B-A"]
    assert out["sym_pair_id"].nunique() == 2  # A-B and A-A
    assert out["pair_id_intl"].iloc[5] == "DOMESTIC"


def test_border_by_year_and_time_varying_ids(panel):
    out = derive(panel, ["intl_brdr", "intl_brdr_2004", "exp_year", "imp_year", "trade"])
    assert out["intl_brdr"].tolist() == [1, 1, 1, 1, 1, 0]
    assert out["intl_brdr_2004"].tolist() == [0, 1, 0, 1, 0, 0]  # domestic 2004 flow is not a border
    assert out["exp_year"].iloc[0] == "A-2000" and out["imp_year"].iloc[3] == "A-2004"
    assert out["trade"].tolist() == panel["value_usd"].tolist()


def test_unknown_name_lists_the_vocabulary(panel):
    with pytest.raises(ModelError, match="sym_pair_id"):
        build_variable(panel, "gdp_growth")
