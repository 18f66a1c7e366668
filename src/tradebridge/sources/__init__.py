"""Public sources: one module per source. Each reads the source's real file format (and, for live
sources, fetches it through an injectable HTTP transport) and returns tidy frames with a
:class:`~tradebridge.sources.base.Provenance`. Sources never write the warehouse.
"""
