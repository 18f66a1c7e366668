"""DEMO survey data: made-up responses to the default instrument, so pages and the brief can show the
shape of the results. Every frame carries ``demo = True`` and every result built from it says DEMO.
These are NOT findings: no real survey has been run.

The demo design: respondents are sampled by country × actor type (strata) from made-up population
counts (:data:`DEMO_POPULATION`); design weights are N_h / n_h.

>>> frame = demo_responses(n=80, seed=1)
>>> bool(frame["demo"].all()), len(frame)
(True, 80)
>>> res = demo_survey_results(n=120)
>>> sorted(res), bool(res["likert"]["demo"].all())
(['crosstab', 'crosstab_test', 'likert', 'responses'], True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradebridge.survey.design import survey_design
from tradebridge.survey.instrument import Instrument, default_instrument_path, load_instrument
from tradebridge.survey.responses import clean_response
from tradebridge.survey.storage import responses_to_frame
from tradebridge.survey.tables import crosstab, likert_summary
from tradebridge.survey.weighting import base_weights

COUNTRIES = ("CHL", "COL", "MEX", "PER")
ACTORS = ("public", "private", "academia", "civil_society")
#: Made-up population counts of relevant actors per country and type (DEMO ONLY).
DEMO_POPULATION = pd.DataFrame(
    [(c, a, n) for c, row in zip(COUNTRIES, ((300, 900, 200, 150), (350, 1100, 250, 200),
                                             (500, 2000, 400, 300), (250, 700, 150, 120)), strict=True)
     for a, n in zip(ACTORS, row, strict=True)],
    columns=["country", "actor_type", "Freq"],
)
# country tilt of agreement (DEMO): Chile/Peru more positive on FTAs, Mexico/Colombia more concerned
_TILT = {"CHL": 0.6, "PER": 0.5, "COL": -0.1, "MEX": -0.4}


def _likert(rng: np.random.Generator, centre: float, points: int = 5) -> int:
    return int(np.clip(np.rint(rng.normal(centre, 1.0)), 1, points))


def demo_responses(n: int = 240, seed: int = 20240601, instrument: Instrument | None = None) -> pd.DataFrame:
    """``n`` made-up, validated responses as a wide frame with ``weight`` and ``demo`` columns."""
    inst = instrument or load_instrument(default_instrument_path())
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        c = COUNTRIES[i % 4]
        a = ACTORS[(i // 4) % 4]
        t = _TILT[c]
        raw: dict = {
            "country": c, "actor_type": a,
            "sector": rng.choice(["agriculture", "mining", "automotive_metals", "electronics_chemicals",
                                  "services", "trade_policy"]),
            "relationship_positive": str(_likert(rng, 3.8 + t / 2)),
            "korea_model_interest": str(_likert(rng, 3.9)),
            "relationship_trend": rng.choice(["improved", "unchanged", "worsened"], p=[0.5, 0.4, 0.1]),
            "fta_benefit": str(_likert(rng, 3.3 + t + (0.3 if a == "public" else 0))),
            "fta_own_sector": str(_likert(rng, 4.2 + t, 7)),
            "fta_expectation": rng.choice(["increase", "same", "decrease"], p=[0.55, 0.35, 0.10]),
            "fta_update_digital": str(_likert(rng, 4.0)),
            "market_knowledge": str(_likert(rng, 2.3)),
            "market_barriers": list(rng.choice(["ntb", "distance", "information", "language", "finance"],
                                               size=2, replace=False)),
            "contacts_korea": str(int(rng.poisson(4))),
            "balance_concern": str(_likert(rng, 3.0 - t)),
            "sensitive_sectors": ["automotive", "metals"] if c == "MEX" else ["electronics"],
            "coop_priority": rng.choice(["rnd", "ntb_training", "logistics", "culture", "procurement"]),
            "coop_agencies": str(_likert(rng, 4.1)),
            "associate_support": str(_likert(rng, 3.7 + t / 2)),
            "mexico_fta_needed": str(_likert(rng, 3.4)),
        }
        if a == "private":
            raw["firm_size"] = rng.choice(["micro", "small", "medium", "large"])
            raw["exports_to_korea"] = rng.choice(["export", "import", "both", "neither"])
        answers, errors = clean_response(inst, raw)
        assert not errors, errors  # the generator only makes valid answers
        rows.append({"id": i + 1, "submission_id": f"demo:{i + 1:05d}", "lang": "es", "source": "demo",
                     "demo": True, "answers": answers})
    frame = responses_to_frame(inst, rows)
    frame["weight"] = base_weights(frame, DEMO_POPULATION, ["country", "actor_type"])
    frame["stratum"] = frame["country"] + ":" + frame["actor_type"]
    frame["demo"] = True
    return frame


def demo_survey_results(n: int = 240, seed: int = 20240601) -> dict[str, pd.DataFrame]:
    """DEMO results for the brief/dashboard: Likert summaries by country and a cross-tab, flagged ``demo``."""
    frame = demo_responses(n, seed)
    design = survey_design(frame, strata="stratum", weights="weight")
    likert = likert_summary(design, ["relationship_positive", "fta_benefit", "market_knowledge",
                                     "balance_concern", "associate_support"], by="country").to_frame()
    likert["demo"] = True
    ct = crosstab(design, "country", "coop_priority")
    tab = ct.to_frame()
    tab["demo"] = True
    test = ct.test.to_frame()
    test["demo"] = True
    return {"likert": likert, "crosstab": tab, "crosstab_test": test, "responses": frame}
