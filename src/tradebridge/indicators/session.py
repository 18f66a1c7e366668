"""The :class:`~tradebridge.indicators.base.Base` of a warehouse, cached per connection and store version.

:func:`compute_indicator` asks :func:`session_base` for the base aggregates of the flows it reads
(dataset, level, years). The first request for a key gets a lazy Base (one query, aggregates as
common table expressions: no extra cost for a single indicator); the second request for the same
key materializes it once, with integer-encoded keys, as temporary tables of the DuckDB connection,
and every later request reuses those tables. The key holds :func:`~tradebridge.store.warehouse.version_of`
the connection, so a write to the warehouse (a new version) starts afresh; a connection without a
provenance table (not a warehouse), or another backend than DuckDB, is never cached.

>>> import duckdb, ibis
>>> con = ibis.duckdb.from_connection(duckdb.connect())
>>> f = ibis.memtable({"exporter": ["A"], "importer": ["B"], "year": [2000], "product": ["p"], "value_usd": [1.0]})
>>> session_base(con, f, ("d", "HS6", None)).codes is None  # not a warehouse: a lazy Base, uncached
True
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from tradebridge.indicators.base import FLOWS, Base, Codes
from tradebridge.store.warehouse import version_of

#: Bases kept at most (each holds temporary tables on its connection); the oldest goes first.
MAX_ENTRIES = 4


@dataclass
class _Entry:
    raw: Any  # the DuckDB connection (kept so that its id is not reused while cached)
    requests: int
    base: Base | None


_CACHE: OrderedDict[tuple, _Entry] = OrderedDict()


def _raw(con: ibis.BaseBackend) -> Any:
    raw = getattr(con, "con", None)
    return raw if getattr(con, "name", "") == "duckdb" and raw is not None else None


def session_base(con: ibis.BaseBackend, flows: ir.Table | Base, key: tuple) -> Base:
    """The Base of ``flows`` (read from ``con`` as described by ``key``: dataset, level, years...),
    lazy on the first request, materialized and reused from the second on (see the module text)."""
    raw = _raw(con)
    version = version_of(raw) if raw is not None else None
    if version is None:
        return Base.of(flows)
    full = (id(raw), version, *key)
    entry = _CACHE.get(full)
    if entry is None or entry.raw is not raw:
        _CACHE[full] = _Entry(raw=raw, requests=1, base=None)
        _trim()
        return Base.of(flows)
    _CACHE.move_to_end(full)
    entry.requests += 1
    if entry.base is None:
        entry.base = Base.of(flows).materialize(con, encode=True, prefix="_tb_session")
    return entry.base


def stored_base(con: ibis.BaseBackend, dataset: str, years: tuple[int, int] | None = None) -> Base | None:
    """A Base over the warehouse's keyed flows of ``dataset`` (``trade_flows_keyed``: integer keys
    written at ingest, unique per key), or None when the store has none for it (a warehouse written
    before the keyed table, a dataset without product detail, another backend). The caller checks
    that the dataset has one classification (HS revision) and wants HS6."""
    raw = _raw(con)
    if raw is None:
        return None
    try:
        meta = raw.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND "
                           "table_name IN ('trade_flows_keyed', 'country_keys', 'product_keys', 'store_meta')"
                           ).fetchall()[0][0]
        if meta < 4 or not raw.execute("SELECT count(*) FROM store_meta WHERE key = ?",
                                       [f"keyed:{dataset}"]).fetchall()[0][0]:
            return None
    except Exception:  # noqa: BLE001 - a store without these tables (or a closed connection): no keyed flows
        return None
    t = con.table("trade_flows_keyed")
    t = t.filter(t.dataset == dataset)
    if years is not None:
        t = t.filter(t.year.between(years[0], years[1]))
    countries, products = con.table("country_keys"), con.table("product_keys")
    ids = dict(raw.execute("SELECT code, id FROM country_keys").fetchall())
    return Base(t.select(*FLOWS), unique=True, codes=Codes(countries=countries, products=products, country_id=ids))


def _trim() -> None:
    while len(_CACHE) > MAX_ENTRIES:
        _CACHE.popitem(last=False)  # the temporary tables stay until the connection closes


def clear() -> None:
    """Forget every cached Base (their temporary tables live until their connection closes)."""
    _CACHE.clear()
