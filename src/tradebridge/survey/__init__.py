"""Surveys: instruments (YAML, en/es/ko), response storage, weighting and design-based estimation.

>>> from tradebridge.survey import load_instrument, default_instrument_path
>>> load_instrument(default_instrument_path()).id
'tradebridge-perceptions'
"""

from tradebridge.survey.design import SurveyDesign, survey_design
from tradebridge.survey.estimate import Estimates, estimate_mean, estimate_proportion, estimate_total
from tradebridge.survey.instrument import (
    Instrument,
    Problem,
    default_instrument_path,
    load_instrument,
    parse_instrument,
    validate_instrument,
)
from tradebridge.survey.weighting import base_weights, post_stratify, rake

__all__ = [
    "Estimates", "Instrument", "Problem", "SurveyDesign", "base_weights", "default_instrument_path",
    "estimate_mean", "estimate_proportion", "estimate_total", "load_instrument", "parse_instrument",
    "post_stratify", "rake", "survey_design", "validate_instrument",
]
