"""One-call analysis of survey responses: design, optional calibration, Likert summaries, cross-tab.

:func:`analyze_responses` is what ``tradebridge survey analyze`` runs; the brief and the dashboard
call it too. Results carry ``demo`` when the responses are demo data.

>>> from tradebridge.survey.demo import demo_responses
>>> from tradebridge.survey.instrument import load_instrument, default_instrument_path
>>> res = analyze_responses(demo_responses(n=80), load_instrument(default_instrument_path()),
...                         strata="stratum", weights="weight", by=["country"])
>>> res.demo, sorted(res.likert["variable"].unique())[:2]
(True, ['associate_support', 'balance_concern'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from tradebridge._display import ResultViews
from tradebridge.errors import DataError
from tradebridge.survey.design import survey_design
from tradebridge.survey.instrument import Instrument
from tradebridge.survey.tables import crosstab, likert_summary
from tradebridge.survey.weighting import post_stratify, rake


@dataclass(frozen=True)
class SurveyAnalysis(ResultViews):
    """Likert summaries (per scale length) and an optional cross-tab with its Rao–Scott test."""

    likert: pd.DataFrame
    crosstab: pd.DataFrame | None
    test: pd.DataFrame | None
    n: int
    design: str
    demo: bool

    title = "Survey analysis"

    def to_frame(self) -> pd.DataFrame:
        return self.likert.copy()

    def _header_lines(self) -> list[str]:
        tag = "DEMO DATA — not findings. " if self.demo else ""
        return [f"{tag}{self.n} responses; design: {self.design}"]

    def to_dict(self) -> dict:
        return {"n": self.n, "design": self.design, "demo": self.demo, "likert": self.likert,
                "crosstab": self.crosstab, "test": self.test}

    def summary(self) -> str:
        lines = self._header_lines()
        piv = self.likert[self.likert["measure"].isin(["agree", "net"])]
        lines.append(piv.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if self.test is not None:
            lines.append(self.test.to_string(index=False))
        return "\n".join(lines)


def analyze_responses(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    likert: Sequence[str] | None = None,
    by: Sequence[str] | None = None,
    ids: str | None = None,
    strata: str | None = None,
    weights: str | None = None,
    fpc: str | None = None,
    poststrata: Sequence[tuple[str, pd.DataFrame]] = (),
    crosstab_vars: tuple[str, str] | None = None,
    level: float = 0.95,
) -> SurveyAnalysis:
    """Analyse a wide response frame. ``poststrata``: one margin post-stratifies, several rake."""
    if frame.empty:
        raise DataError("no responses to analyse", hint="import or collect responses first, or use --demo")
    design = survey_design(frame, ids=ids, strata=strata, weights=weights, fpc=fpc, lonely_psu="certainty")
    if len(poststrata) == 1:
        design = post_stratify(design, poststrata[0][0], poststrata[0][1])
    elif len(poststrata) > 1:
        design = rake(design, list(poststrata))
    questions = list(likert) if likert else [q.id for q in instrument.questions if q.points]
    parts = []
    for points in (5, 7):
        qs = [q for q in questions if instrument.question(q).points == points]
        if qs:
            parts.append(likert_summary(design, qs, points=points, by=by, level=level).to_frame()
                         .assign(points=points))
    if not parts:
        raise DataError("no Likert questions to summarise", hint="pass --likert with Likert question ids")
    demo = bool(frame.get("demo", pd.Series([False])).fillna(False).astype(bool).any())
    lik = pd.concat(parts, ignore_index=True).assign(demo=demo)
    ct = test = None
    if crosstab_vars:
        res = crosstab(design, *crosstab_vars, level=level)
        ct, test = res.to_frame().assign(demo=demo), res.test.to_frame().assign(demo=demo)
    desc = design.description + (f", weights={weights}" if weights else "") + (
        f", calibrated to {len(poststrata)} margin(s)" if poststrata else "")
    return SurveyAnalysis(lik, ct, test, len(frame), desc, demo)
