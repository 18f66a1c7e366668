"""Trade indicators as Ibis expressions (DuckDB by default, Spark for scale-out): flows and balances
(:mod:`~tradebridge.indicators.flows`, :mod:`~tradebridge.indicators.overview`), composition,
specialisation, margins, potential, complexity, the named-indicator registry
(:func:`~tradebridge.indicators.registry.compute_indicator`) and the warehouse reads of the evidence
and the models (:mod:`~tradebridge.indicators.evidence_inputs`). Formulas and references:
docs/indicators.md.
"""
