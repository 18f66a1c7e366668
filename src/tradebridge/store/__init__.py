"""The warehouse: an embedded DuckDB file (Parquet for bulk inputs), the only writer of stored data.

Writes are validated and atomic (:meth:`Store.write`); readers open read-only connections.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.duckdb"
>>> with Store.open(path, read_only=False) as st:
...     st.ensure_schema()
...     st.datasets().empty
True
"""

from tradebridge.store.warehouse import IngestReport, Store

__all__ = ["IngestReport", "Store"]
