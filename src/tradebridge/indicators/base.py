"""The base aggregates every product-level indicator is built on, computed once per :class:`Base`.

One pass over the flows gives exports by product ``X_ckt`` (Σ over importers), imports by product
``M_ckt`` (Σ over exporters) and pair totals ``X_ijt`` (Σ over products); export and import shares
``s_ckt = X_ckt / Σ_k X_ckt`` are a group-by and a join on them (no window functions, which DuckDB
turns into a self-join that copies its input). The indicators of :mod:`.specialisation` and
:mod:`.margins` accept a :class:`Base` wherever they accept a flows table, so several indicators can
share one set of aggregates; :meth:`Base.materialize` stores them in temporary tables of the
backend (DuckDB or Spark) for a session. A flows table passed directly gets a fresh lazy Base:
the same expressions, with each aggregate a common table expression of the one query.

Domestic flows (exporter = importer) are excluded, as everywhere in the indicators.

>>> import ibis
>>> f = ibis.memtable({"exporter": ["A", "A", "B"], "importer": ["B", "B", "A"], "year": [2000] * 3,
...                    "product": ["p1", "p2", "p1"], "value_usd": [3.0, 1.0, 2.0]})
>>> b = Base.of(f)
>>> b.export_shares.order_by(["exporter", "product"]).to_pandas().share.tolist()
[0.75, 0.25, 1.0]
>>> b.pairs.order_by("exporter").to_pandas().value_usd.tolist()
[4.0, 2.0]
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import ibis
import ibis.expr.types as ir

from tradebridge.indicators._core import require_columns, safe_div

FLOWS = ("exporter", "importer", "year", "product", "value_usd")
EXPORTS = ("exporter", "year", "product", "value_usd")
COUNTRY_KEYS = ("exporter", "importer", "reporter", "partner", "other")


@dataclass(frozen=True)
class Codes:
    """Dictionary encoding of the keys: ``countries`` and ``products`` tables (``id``, ``code``)
    and the country ids by code (to translate a filter)."""

    countries: ir.Table
    products: ir.Table
    country_id: dict[str, int]


@dataclass(frozen=True)
class Base:
    """Flows (or an exports table without ``importer``) and the aggregates derived from them.

    ``unique=True`` declares that (exporter, importer, year, product) identifies a row (the store
    enforces it for ``trade_flows``); otherwise :attr:`flows` sums duplicates once, in one group-by,
    for the indicators that need one row per key.
    """

    source: ir.Table
    unique: bool = False
    codes: Codes | None = None  # set by materialize(encode=True): the aggregates carry integer keys

    @classmethod
    def of(cls, table: ir.Table | Base, *, unique: bool = False) -> Base:
        """``table`` itself when it is a Base, else a Base over it."""
        if isinstance(table, Base):
            return table
        return cls(table, unique=unique)

    def isin(self, column: ir.Column, names: Sequence[str]) -> ir.BooleanValue:
        """``column`` (a country key) is one of ``names``, on encoded or plain keys."""
        if self.codes is None:
            return column.isin(list(names))
        return column.isin(self.keys_of(names) or [-1])

    def keys_of(self, names: Sequence[str]) -> list:
        """The key values of the countries ``names`` as the aggregates hold them (integer ids on
        encoded keys, the codes otherwise), in the given order, without duplicates or unknown codes."""
        names = list(dict.fromkeys(names))
        if self.codes is None:
            return names
        return [self.codes.country_id[n] for n in names if n in self.codes.country_id]

    def product_table(self) -> ir.Table:
        """One row per product: ``key`` (as in the aggregates) and ``product`` (the code), for
        product groups joined on the products rather than computed on every row."""
        if self.codes is not None:
            p = self.codes.products
            return p.select(key=p.id, product=p.code)
        x = self.exports.select("product").distinct()
        return x.select(key=x["product"], product=x["product"])

    def decode(self, table: ir.Table, columns: Sequence[str] | None = None) -> ir.Table:
        """``table`` with its country and product keys (or only ``columns``) as names again (a join
        on each small dimension table; the identity on plain keys). Column order is kept."""
        if self.codes is None:
            return table
        t, repl = table.view(), {}  # a relation of its own: a join's output would extend that join
        for c in (table.columns if columns is None else columns):
            dim = self.codes.products if c == "product" else (
                self.codes.countries if c in COUNTRY_KEYS else None)
            if dim is None:
                continue
            d = dim.select(**{f"_id_{c}": dim.id, f"_code_{c}": dim.code})
            t = t.left_join(d, t[c] == d[f"_id_{c}"])
            repl[c] = f"_code_{c}"
        return t.select(**{c: t[repl.get(c, c)] for c in table.columns})

    @property
    def bilateral(self) -> bool:
        """Whether the source has an importer column (flows) or not (an exports table)."""
        return "importer" in self.source.columns

    def _need_flows(self) -> None:
        if not self.bilateral:
            from tradebridge.errors import ConfigError

            raise ConfigError("this indicator needs bilateral flows (an importer column), not an exports table")

    @cached_property
    def clean(self) -> ir.Table:
        """The flows' five columns without domestic rows (duplicates kept)."""
        self._need_flows()
        require_columns(self.source, FLOWS)
        f = self.source
        return f.filter(f.exporter != f.importer).select(*FLOWS)

    @cached_property
    def flows(self) -> ir.Table:
        """:attr:`clean` with one row per (exporter, importer, year, product)."""
        if self.unique:
            return self.clean
        c = self.clean
        return c.group_by(["exporter", "importer", "year", "product"]).aggregate(value_usd=c.value_usd.sum())

    @cached_property
    def exports(self) -> ir.Table:
        """Exports by product: exporter, year, product, value_usd (Σ over importers)."""
        if not self.bilateral:
            require_columns(self.source, EXPORTS, "exports")
            t = self.source
        else:
            t = self.clean
        return t.group_by(["exporter", "year", "product"]).aggregate(value_usd=t.value_usd.sum())

    @cached_property
    def imports(self) -> ir.Table:
        """Imports by product: importer, year, product, value_usd (Σ over exporters)."""
        c = self.clean
        return c.group_by(["importer", "year", "product"]).aggregate(value_usd=c.value_usd.sum())

    @cached_property
    def pairs(self) -> ir.Table:
        """Pair totals: exporter, importer, year, value_usd (Σ over products) and ``n_positive``, the
        products with a positive value (counted on :attr:`flows`, one row per key)."""
        c = self.flows
        return c.group_by(["exporter", "importer", "year"]).aggregate(
            value_usd=c.value_usd.sum(), n_positive=c.value_usd.count(where=c.value_usd > 0))

    @cached_property
    def export_shares(self) -> ir.Table:
        """Positive :attr:`exports` rows with ``share`` of the exporter's total in the year."""
        return shares(self.exports, "exporter")

    @cached_property
    def import_shares(self) -> ir.Table:
        """Positive :attr:`imports` rows with ``share`` of the importer's total in the year."""
        return shares(self.imports, "importer")

    def exports_to(self, importers: Sequence[str]) -> ir.Table:
        """Exports by product to ``importers`` only."""
        c = self.clean
        c = c.filter(self.isin(c.importer, importers))
        return c.group_by(["exporter", "year", "product"]).aggregate(value_usd=c.value_usd.sum())

    def encode(self, con: ibis.BaseBackend, *, prefix: str = "_tb_base") -> Base:
        """A Base over a temporary copy of the flows with dictionary-encoded keys: countries and
        products as small integers, with two dimension tables (:class:`Codes`). Every group-by and
        join of the indicators then works on integers; :meth:`decode` puts the names back in the
        outputs. Duplicated keys are summed in the copy (so it is ``unique``)."""
        if self.codes is not None:
            return self
        tag = f"{prefix}_{uuid.uuid4().hex[:10]}"
        src, codes = _encode(self.source, lambda name, expr: con.create_table(f"{tag}_{name}", expr, temp=True))
        plain = Base(src, unique=self.unique)
        table = plain.flows if self.bilateral else plain.source
        return Base(con.create_table(f"{tag}_flows", table, temp=True), unique=True, codes=codes)

    def materialize(self, con: ibis.BaseBackend, *, encode: bool = True, prefix: str = "_tb_base") -> Base:
        """A Base whose aggregates are temporary tables of ``con`` (computed now, once), after
        :meth:`encode` when ``encode``.

        For a session that computes several indicators on the same flows; the tables live as long
        as the connection. Flows declared ``unique`` (the store's keyed flows, an :meth:`encode` copy)
        are not copied again (a filter over the source).
        """
        b = self.encode(con, prefix=prefix) if encode else self
        tag = f"{prefix}_{uuid.uuid4().hex[:10]}"

        def store(name: str, expr: ir.Table) -> ir.Table:
            return con.create_table(f"{tag}_{name}", expr, temp=True)

        def store_with_shares(name: str, entity: str) -> None:
            """One table of the aggregate and its shares: the aggregate is its projection, the
            shares its positive rows (one write and one scan fewer than two tables)."""
            agg = getattr(out, name)
            t = store(name, with_shares(agg, entity))
            out.__dict__[name] = t.select(*agg.columns)
            out.__dict__[f"{name[:-1]}_shares"] = t.filter(t.value_usd > 0)

        out = Base(b.source, unique=True, codes=b.codes)
        if b.bilateral:
            flows = b.clean if b.unique else store("flows", b.flows)  # unique: a filter, no copy
            out.__dict__["clean"] = out.__dict__["flows"] = flows
            store_with_shares("imports", "importer")
            out.__dict__["pairs"] = store("pairs", out.pairs)
        store_with_shares("exports", "exporter")
        return out


def _encode(source: ir.Table, store) -> tuple[ir.Table, Codes]:
    """The source with integer country and product keys, and its :class:`Codes`."""
    cols = [c for c in ("exporter", "importer") if c in source.columns]
    names = source.select(code=source[cols[0]])
    for c in cols[1:]:
        names = names.union(source.select(code=source[c]))
    names = names.distinct()
    countries = store("countries", names.select(
        "code", id=(ibis.row_number().over(order_by="code")).cast("int32")))
    prods = source.select("product").distinct()
    products = store("products", prods.select(
        code=prods["product"], id=(ibis.row_number().over(order_by="product")).cast("int32")))
    t = source
    for c in cols:
        d = countries.select(**{f"_code_{c}": countries.code, f"_id_{c}": countries.id})
        t = t.join(d, t[c] == d[f"_code_{c}"])
    d = products.select(_code_product=products.code, _id_product=products.id)
    t = t.join(d, t["product"] == d._code_product)
    wanted = [c for c in FLOWS if c in source.columns]
    keep = {c: t[f"_id_{c}"] if c in (*cols, "product") else t[c] for c in wanted}
    cmap = countries.select("code", "id").to_pyarrow().to_pydict()
    ids = dict(zip(cmap["code"], cmap["id"]))
    return t.select(**keep), Codes(countries=countries, products=products, country_id=ids)


#: DuckDB optimizers off while indicators run: ``partial_aggregate_pushdown`` puts a hash aggregate
#: with one group per flow under the join of the Hummels-Klenow margins (measured 2.3x their CPU time
#: at 1M rows with it on, no change elsewhere; DuckDB 2.0).
DISABLED_OPTIMIZERS: tuple[str, ...] = ("partial_aggregate_pushdown",)
#: DuckDB settings while indicators run. ``preserve_insertion_order = false`` lets the temporary
#: tables of :meth:`Base.materialize` and the results be written in any order (the indicators never
#: rely on the order of rows; :func:`~tradebridge.indicators._core.evaluate` sorts its outputs).
#: ``perfect_ht_threshold = 20`` (DuckDB's default 12) lets a group-by whose keys' value ranges fit
#: in 20 bits use a directly indexed table (at most 2^20 slots, about 16 MB per aggregate): the
#: per (exporter, importer, year) group-bys of 150 countries × 4 years measured 0.15 → 0.09 s (pair
#: totals) and 0.80 → 0.68 s (Hummels–Klenow) at 5M rows, one thread; wider key ranges (more
#: countries or years) keep the ordinary hash table, so nothing changes there.
SETTINGS: dict[str, str] = {"preserve_insertion_order": "false", "perfect_ht_threshold": "20"}


def _setting(raw, name: str) -> str:
    value = raw.execute("SELECT current_setting(?)", [name]).fetchall()[0][0]  # fetchall: no result left open
    if isinstance(value, bool):  # a boolean setting reads back as False, which must stay 'false', not ''
        return "true" if value else "false"
    return "" if value is None else str(value)


# Indicator runs in threads of one process share a DuckDB database instance (connections to the same
# file do), and these settings belong to the instance: the first run to enter sets them and records
# what was there, the last to leave puts it back. Keyed by the database's file (or the connection,
# in memory); guarded by one lock.
_ACTIVE: dict[object, list] = {}
_ACTIVE_LOCK = threading.Lock()


def _instance_key(raw) -> object:
    rows = raw.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return rows[0][0] if rows and rows[0][0] else id(raw)  # fetchall: an open result would block ibis's next call


@contextmanager
def indicator_settings(con: ibis.BaseBackend) -> Iterator[None]:
    """Run the indicators with :data:`DISABLED_OPTIMIZERS` off and :data:`SETTINGS` on a DuckDB
    connection, and put the connection's own settings back afterwards (other backends: nothing
    changes). Safe across threads: nested and concurrent runs on one database set the values once
    and restore them when the last run ends.

    >>> import ibis
    >>> con = ibis.duckdb.connect()
    >>> with indicator_settings(con):
    ...     con.con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
    'partial_aggregate_pushdown'
    >>> con.con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
    ''
    """
    raw = getattr(con, "con", None)
    if getattr(con, "name", "") != "duckdb" or raw is None:
        yield
        return
    key = _instance_key(raw)
    with _ACTIVE_LOCK:
        entry = _ACTIVE.get(key)
        if entry is None:
            before = {name: _setting(raw, name) for name in ("disabled_optimizers", *SETTINGS)}
            names = [n for n in before["disabled_optimizers"].split(",") if n.strip()]
            raw.execute("SET disabled_optimizers = ?", [",".join(dict.fromkeys([*names, *DISABLED_OPTIMIZERS]))])
            for name, value in SETTINGS.items():
                raw.execute(f"SET {name} = {value}")  # names and values are this module's constants
            _ACTIVE[key] = entry = [0, before]
        entry[0] += 1
    try:
        yield
    finally:
        with _ACTIVE_LOCK:
            entry[0] -= 1
            if entry[0] == 0:
                del _ACTIVE[key]
                for name, value in entry[1].items():
                    raw.execute(f"SET {name} = ?", [value])


def shares(t: ir.Table, entity: str) -> ir.Table:
    """Positive rows of ``t`` with ``share`` = value / Σ value of ``entity`` in the year (group-by + join)."""
    return with_shares(t.filter(t.value_usd > 0), entity)


def with_shares(t: ir.Table, entity: str) -> ir.Table:
    """Every row of ``t`` with ``share`` = value / Σ value of ``entity`` in the year (values are
    non-negative, as the store enforces, so the positive rows have the shares of :func:`shares`)."""
    tot = t.group_by([entity, "year"]).aggregate(_tot=t.value_usd.sum())
    j = t.join(tot, [entity, "year"])
    return j.select(*t.columns, share=safe_div(j.value_usd, j._tot))
