"""The identification guards. FTA effects: an agreement needs MIN_POST_ENTRY_YEARS (4) years after its
entry year in the panel and MIN_POST_OBSERVATIONS (2) panel years from the entry year on; otherwise it
is "too early to estimate" and stays out of the pooled effect. Exact recovery on a noise-free panel
(y equals its mean, so PPML returns the true coefficient up to the IRLS tolerance: 1e-6).
Growth windows: "before" ends the year before entry, "after" starts at the entry year, and a window
that points the other way from the gravity estimate says why."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from tradebridge.errors import ModelError
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.evidence.collect import collect_evidence
from tradebridge.evidence.model_cards import too_early_cards
from tradebridge.evidence.model_run import scope_partial
from tradebridge.evidence.trade_cards import reconcile_window_cards
from tradebridge.indicators.flows import fta_windows
from tradebridge.models.fta import (
    MIN_POST_ENTRY_YEARS,
    MIN_POST_OBSERVATIONS,
    Agreement,
    identification,
    pooled_fta_effect,
    split_identified,
)
from tradebridge.reference.blocs import resolve_scope

YEARS = range(2000, 2017, 4)  # 2000, 2004, ..., 2016: four-yearly like the Comtrade aggregate panel


def _ag(aid: str, when: str) -> Agreement:
    a, b = aid.split("-")
    return Agreement(aid, a, b, pd.Timestamp(when))


def test_the_documented_minimum():
    assert (MIN_POST_ENTRY_YEARS, MIN_POST_OBSERVATIONS) == (4, 2)


def test_an_agreement_entering_in_the_panels_last_year_is_too_early():
    i = identification(YEARS, _ag("X-Y", "2016-07-15"))
    assert i.too_early and (i.post_years, i.post_observations) == (0, 1)
    assert "the panel ends in 2016" in i.reason


def test_exactly_the_minimum_passes_and_one_year_less_does_not():
    ok = identification(YEARS, _ag("X-Y", "2012-01-01"))  # 2016 - 2012 = 4 years; 2012 and 2016 observed
    assert not ok.too_early and (ok.post_years, ok.post_observations) == (4, 2)
    assert identification(YEARS, _ag("X-Y", "2013-01-01")).too_early  # 3 years, one observation


def test_four_years_with_a_single_observation_are_too_early():
    i = identification([2000, 2008, 2016], _ag("X-Y", "2012-06-01"))  # a gap: only 2016 after entry
    assert (i.post_years, i.post_observations) == (4, 1) and i.too_early


def _panel(seed: int = 0) -> pd.DataFrame:
    """Noise-free: X-Y's agreement (2008) raises trade by b = 0.3 both ways; A-B's (2016) by 2.0 in 2016."""
    rng = np.random.default_rng(seed)
    c = ["X", "Y", "A", "B", "C", "D"]
    df = pd.DataFrame([(i, j, t) for i in c for j in c if i != j for t in YEARS],
                      columns=["exporter", "importer", "year"])
    ex = {(i, t): rng.normal() for i in c for t in YEARS}
    im = {(j, t): rng.normal() for j in c for t in YEARS}
    pair = {(i, j): rng.normal() for i in c for j in c}
    eta = np.array([ex[(i, t)] + im[(j, t)] + pair[(i, j)] for i, j, t in df.itertuples(index=False)])
    xy = df.exporter.isin(["X", "Y"]) & df.importer.isin(["X", "Y"])
    ab = df.exporter.isin(["A", "B"]) & df.importer.isin(["A", "B"])
    eta += 0.3 * (xy & (df.year >= 2008)) + 2.0 * (ab & (df.year >= 2016))
    return df.assign(trade=np.exp(eta + 5))


def test_a_too_early_agreement_is_left_out_of_the_pooled_effect():
    ags = {"X-Y": _ag("X-Y", "2008-04-01"), "A-B": _ag("A-B", "2016-07-15")}
    ok, early = split_identified(YEARS, ags)
    assert list(ok) == ["X-Y"] and list(early) == ["A-B"]
    panel = _panel()
    b, _se = scope_partial(None, resolve_scope("KOR", "PA"), panel=panel, agreements=ags)
    assert b == pytest.approx(0.3, abs=1e-6)  # the guarded pooled effect is X-Y's alone
    naive, _, _ = pooled_fta_effect(panel, ags)  # without the guard A-B's one observation pulls it up
    assert naive > 0.5


def test_no_pooled_effect_when_every_agreement_is_too_early():
    with pytest.raises(ModelError, match="too recent"):
        scope_partial(None, resolve_scope("KOR", "PA"), panel=_panel(), agreements={"A-B": _ag("A-B", "2016-07-15")})


def test_the_too_early_card_says_so_in_each_language():
    _, early = split_identified(YEARS, {"A-B": _ag("A-B", "2016-07-15")})
    card = too_early_cards(early, "d", ())[0]
    assert card.id == "fta.too_early.A-B"
    assert "too early to estimate" in card.statement("en") and "the panel ends in 2016" in card.statement("en")
    assert "demasiado pronto para estimar" in card.statement("es")
    assert "추정하기에 이르다" in card.statement("ko")


@pytest.fixture(scope="module")
def kor_pa(store_path):
    return collect_evidence(store_path, resolve_scope("KOR", "PA"), scenarios=False)


def test_korea_colombia_is_too_early_in_the_comtrade_panel(kor_pa):
    # the real case: in force 2016-07-15, the panel's last year; the pooled effect is CHL and PER's
    found = kor_pa
    ids = set(found.cards)
    assert "fta.too_early.KOR-COL-FTA" in ids and not any(i.startswith("fta.effect.KOR-COL-FTA") for i in ids)
    pooled = found.cards["fta.pooled"]
    assert pooled.values["agreements"] == ["KOR-CHL-FTA", "KOR-PER-FTA"]
    assert pooled.values["excluded"] == ["KOR-COL-FTA"]
    # our figure (see tests/unit/evidence/test_model_path.py): b = 0.599 (se 0.141), 5e-4 absolute
    assert pooled.values["estimate"] == pytest.approx(0.599, abs=5e-4)


def _yearly(years, exports):
    return pd.DataFrame({"partner": "P", "year": list(years), "exports": exports, "imports": 1.0, "total_trade": 2.0})


WINDOWS = pd.DataFrame({"partner": ["P"], "agreement_id": ["R-P-FTA"], "name": ["R-P"], "entry_year": [2011]})


def aligned_windows(yearly: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """The evidence layer's windows: :func:`fta_windows` (8 years each side) on in-memory tables."""
    return fta_windows(ibis.memtable(yearly), ibis.memtable(agreements), window=8).to_pandas()


def test_growth_windows_align_on_the_entry_year():
    annual = aligned_windows(_yearly(range(2000, 2020), 1.0), WINDOWS)
    spans = annual[annual["measure"] == "exports"].set_index("period")[["first_year", "last_year"]]
    assert spans.loc["pre"].tolist() == [2003, 2010] and spans.loc["post"].tolist() == [2011, 2019]
    # four-yearly data and entry in an observed year (Chile 2004): the entry year is "after", never "before"
    four = aligned_windows(_yearly(range(1992, 2017, 4), [1.0, 1.0, 2.0, 3.0, 6.0, 12.0, 12.0]),
                           WINDOWS.assign(entry_year=2004))
    spans = four[four["measure"] == "exports"].set_index("period")
    assert spans.loc["pre", ["first_year", "last_year"]].tolist() == [1996, 2000]
    assert spans.loc["post", ["first_year", "last_year"]].tolist() == [2004, 2012]
    assert spans.loc["post", "cagr"] == pytest.approx(4 ** (1 / 8) - 1, rel=1e-12)  # 3 -> 12 in 8 years


def _window(pre, post, measure="exports"):
    return EvidenceCard(f"trade.fta_window.R-P-FTA.{measure}", "fta", {"en": "W.", "es": "W.", "ko": "W."},
                        {"partner": "P", "agreement": "R-P-FTA", "measure": measure, "pre": pre, "post": post})


def _effect(direction, effect, lo, hi):
    return EvidenceCard(f"fta.effect.R-P-FTA.{direction}", "fta", {"en": ""},
                        {"effect": effect, "ci_low": lo, "ci_high": hi})


def test_a_window_that_contradicts_the_gravity_estimate_says_why():
    w = _window(0.30, -0.06)
    said = reconcile_window_cards({w.id: w, (e := _effect("R-P", 0.77, 0.41, 1.21)).id: e}, "R")
    text = said[w.id].statement("en")
    assert "Growth slowed after entry although the gravity estimate finds the agreement raised" in text
    assert "+77.0%" in text and said[w.id].values["gravity_cards"] == [e.id]
    assert "desaceleró" in said[w.id].statement("es") and "둔화했다" in said[w.id].statement("ko")


def test_a_consistent_or_imprecise_estimate_leaves_the_window_alone():
    w = _window(0.05, 0.20)  # growth picked up, the estimate is positive: no contradiction
    assert reconcile_window_cards({w.id: w, (e := _effect("R-P", 0.5, 0.1, 0.9)).id: e}, "R") == {}
    w = _window(0.30, -0.06)  # the interval spans zero: nothing to reconcile
    assert reconcile_window_cards({w.id: w, (e := _effect("R-P", 0.2, -0.1, 0.5)).id: e}, "R") == {}
    w = _window(0.30, -0.06, "imports")  # the estimate is for the other direction
    assert reconcile_window_cards({w.id: w, (e := _effect("R-P", 0.77, 0.41, 1.21)).id: e}, "R") == {}


def test_peru_windows_are_aligned_and_reconciled_in_the_real_brief(kor_pa):
    per = kor_pa.cards["trade.fta_window.KOR-PER-FTA.exports"]
    assert (per.values["pre_years"], per.values["post_years"]) == ("2004–2008", "2012–2016")  # entry 2011
    assert per.values["post"] < per.values["pre"] and "gravity estimate" in per.statement("en")
    chl = kor_pa.cards["trade.fta_window.KOR-CHL-FTA.exports"]
    assert chl.values["pre_years"] == "1996–2000" and chl.values["post_years"].startswith("2004")  # entry 2004
