"""Hand-computed cases and invariants of weighting, Likert summaries and cross-tabs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.errors import DataError, ModelError
from tradebridge.survey import estimate_mean, estimate_total, post_stratify, rake, survey_design
from tradebridge.survey.demo import demo_responses, demo_survey_results
from tradebridge.survey.tables import crosstab, likert_summary
from tradebridge.survey.weighting import RakingWarning


def test_srs_mean_se_by_hand():
    # y = 1..4, n = 4, no fpc: mean 2.5, s^2 = 5/3, SE = sqrt(s^2/n) = sqrt(5/12)
    d = survey_design(pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0]}))
    row = estimate_mean(d, "y").to_frame().iloc[0]
    assert row["estimate"] == pytest.approx(2.5, rel=1e-15)
    assert row["se"] == pytest.approx(np.sqrt(5 / 12), rel=1e-14)
    assert row["ci_low"] == pytest.approx(2.5 - 1.959963984540054 * np.sqrt(5 / 12), rel=1e-14)


def test_stratified_total_with_fpc_by_hand():
    # stratum a: y=(1,3), N=4 -> total 4*2=8, var = N^2 (1-n/N) s^2/n = 16*0.5*2/2 = 8
    # stratum b: y=(10,10), N=10 -> total 100, var 0. Total 108, SE sqrt(8).
    df = pd.DataFrame({"y": [1.0, 3.0, 10.0, 10.0], "h": ["a", "a", "b", "b"], "N": [4, 4, 10, 10]})
    d = survey_design(df, strata="h", fpc="N")
    row = estimate_total(d, "y").to_frame().iloc[0]
    assert row["estimate"] == pytest.approx(108.0, rel=1e-15)
    assert row["se"] == pytest.approx(np.sqrt(8.0), rel=1e-14)


def test_lonely_psu_fails_with_hint_and_certainty_option():
    df = pd.DataFrame({"y": [1.0, 2.0, 3.0], "h": ["a", "a", "b"]})
    with pytest.raises(ModelError, match="only one PSU"):
        estimate_mean(survey_design(df, strata="h"), "y")
    assert estimate_mean(survey_design(df, strata="h", lonely_psu="certainty"), "y").to_frame()["se"].iloc[0] > 0


def test_design_input_errors():
    df = pd.DataFrame({"y": [1.0, 2.0], "w": [1.0, None]})
    with pytest.raises(DataError, match="missing values in a design variable"):
        survey_design(df, weights="w")
    with pytest.raises(DataError, match="not in the data"):
        survey_design(df, strata="nope")


def test_post_stratify_reproduces_population_counts():
    frame = demo_responses(n=120)
    pop = pd.DataFrame({"country": ["CHL", "COL", "MEX", "PER"], "Freq": [1000, 2000, 3000, 4000]})
    d = post_stratify(survey_design(frame, weights="weight"), "country", pop)
    tot = estimate_total(d, "country").to_frame()
    np.testing.assert_allclose(tot["estimate"], [1000, 2000, 3000, 4000], rtol=1e-12)
    np.testing.assert_allclose(tot["se"], 0, atol=1e-8)  # calibrated totals have no sampling variance


def test_rake_matches_both_margins():
    frame = demo_responses(n=160)
    m1 = pd.DataFrame({"country": ["CHL", "COL", "MEX", "PER"], "Freq": [1500, 1900, 3200, 1200]})
    m2 = pd.DataFrame({"actor_type": ["public", "private", "academia", "civil_society"], "Freq": [1400, 4700, 1000, 700]})
    d = rake(survey_design(frame, weights="weight"), [("country", m1), ("actor_type", m2)], maxit=50, epsilon=1e-9)
    np.testing.assert_allclose(estimate_total(d, "country").to_frame()["estimate"], m1["Freq"], rtol=1e-9)
    by_actor = estimate_total(d, "actor_type").to_frame().set_index("level")["estimate"]
    np.testing.assert_allclose(by_actor[m2["actor_type"]].to_numpy(), m2["Freq"], rtol=1e-9)
    with pytest.warns(RakingWarning, match="did not converge"):  # one sweep cannot meet a 1e-9 tolerance
        rake(survey_design(frame, weights="weight"), [("country", m1), ("actor_type", m2)], maxit=1, epsilon=1e-9)


def test_likert_summary_hand_computed_weighted():
    # weights 1,1,2 on answers 5,1,4: agree = (1+2)/4 = .75, disagree = 1/4, mean = (5+1+8)/4 = 3.5, net = .5
    df = pd.DataFrame({"q": [5, 1, 4], "w": [1.0, 1.0, 2.0]})
    s = likert_summary(survey_design(df, weights="w"), ["q"]).to_frame().set_index("measure")["estimate"]
    assert s.to_dict() == pytest.approx({"agree": 0.75, "disagree": 0.25, "mean": 3.5, "net": 0.5}, rel=1e-15)
    with pytest.raises(DataError, match="outside 1..5"):
        likert_summary(survey_design(pd.DataFrame({"q": [6]})), ["q"])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 7), min_size=4, max_size=40), st.integers(0, 10_000))
def test_likert_identities(answers, seed):
    w = np.random.default_rng(seed).uniform(0.5, 3.0, len(answers))
    d = survey_design(pd.DataFrame({"q": answers, "w": w}), weights="w")
    s = likert_summary(d, ["q"], points=7).to_frame().set_index("measure")
    assert s.loc["net", "estimate"] == pytest.approx(s.loc["agree", "estimate"] - s.loc["disagree", "estimate"], abs=1e-12)
    assert 0 <= s.loc["agree", "estimate"] <= 1 and 1 <= s.loc["mean", "estimate"] <= 7


def test_crosstab_row_shares_sum_to_one_and_demo_flag():
    res = demo_survey_results(n=160)
    ct = res["crosstab"]
    np.testing.assert_allclose(ct.groupby("country")["estimate"].sum(), 1.0, rtol=1e-12)
    assert res["crosstab_test"]["demo"].all() and res["likert"]["demo"].all()
    d = survey_design(res["responses"], strata="stratum", weights="weight")
    assert "[DEMO DATA]" in crosstab(d, "country", "coop_priority").summary()
    assert "[DEMO DATA]" in estimate_mean(d, "fta_benefit").summary()
