"""tradebridge: an observatory of the economic relations between a country and a trade bloc.

Built first for the Republic of Korea and the Pacific Alliance; any reporter and bloc work the same
way. The data flow is sources -> store -> analysis -> evidence -> report / web, with a thin CLI on top.

The library face (``import tradebridge as tb``) names the entry points; each is imported on first use
(PEP 562 module ``__getattr__``), so ``import tradebridge`` stays fast and loads no pandas, Ibis or
pyfixest until one is asked for. docs/library.md walks through them.

>>> import tradebridge as tb
>>> tb.resolve_scope("bra", "MERCOSUR").members
('ARG', 'BOL', 'PRY', 'URY', 'VEN')
>>> tb.__all__[:4]
['Scope', 'Settings', 'Store', '__version__']
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("tradebridge")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

# name -> module that defines it (imported by name, on first use)
_EXPORTS: dict[str, str] = {
    "Settings": "tradebridge.config",
    "load_settings": "tradebridge.config",
    "Scope": "tradebridge.reference.blocs",
    "resolve_scope": "tradebridge.reference.blocs",
    "scope_from_settings": "tradebridge.reference.blocs",
    "Store": "tradebridge.store",
    "trade_overview": "tradebridge.indicators.overview",
    "compute_indicator": "tradebridge.indicators.registry",
    "load_gravity_data": "tradebridge.models.inputs",
    "estimate_gravity": "tradebridge.models.gravity",
    "estimate_fta_effects": "tradebridge.models.fta",
    "run_scenario": "tradebridge.models.pipeline",
    "model_evidence": "tradebridge.evidence.model_run",
    "collect_evidence": "tradebridge.evidence.collect",
    "build_brief": "tradebridge.report",
}

__all__ = [
    "Scope",
    "Settings",
    "Store",
    "__version__",
    "build_brief",
    "collect_evidence",
    "compute_indicator",
    "estimate_fta_effects",
    "estimate_gravity",
    "load_gravity_data",
    "load_settings",
    "model_evidence",
    "resolve_scope",
    "run_scenario",
    "scope_from_settings",
    "trade_overview",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tradebridge' has no attribute {name!r}; the library face is: "
                             f"{', '.join(_EXPORTS)}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
