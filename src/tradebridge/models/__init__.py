"""Models: structural gravity (PPML with high-dimensional fixed effects via pyfixest), FTA effects and
event studies, GE-PPML counterfactuals, scenarios, exchange-rate elasticities and shock analyses.

Analysis functions take frames and return immutable result objects with ``to_frame()``,
``summary()`` and an HTML view; they do no I/O and print nothing.
"""

from tradebridge.models.ge import GEResult, solve_ge
from tradebridge.models.gravity import GravityResult, estimate_gravity
from tradebridge.models.vocabulary import VOCABULARY, derive, formula_names

__all__ = [
    "VOCABULARY",
    "GEResult",
    "GravityResult",
    "derive",
    "estimate_gravity",
    "formula_names",
    "solve_ge",
]
