"""Models: structural gravity (PPML with high-dimensional fixed effects via pyfixest), FTA effects and
event studies, GE-PPML counterfactuals, scenarios, exchange-rate elasticities and shock analyses.

Analysis functions take frames and return immutable result objects with ``to_frame()``,
``summary()`` and an HTML view; they do no I/O and print nothing.
"""

from tradebridge.models.ge import GEResult, solve_ge
from tradebridge.models.gravity import ConvergenceWarning, GravityResult, estimate_gravity
from tradebridge.models.separation import SeparationResult, SeparationWarning, find_separation
from tradebridge.models.vocabulary import VOCABULARY, derive, formula_names

__all__ = [
    "VOCABULARY",
    "ConvergenceWarning",
    "GEResult",
    "GravityResult",
    "SeparationResult",
    "SeparationWarning",
    "derive",
    "estimate_gravity",
    "find_separation",
    "formula_names",
    "solve_ge",
]
