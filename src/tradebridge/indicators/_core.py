"""Shared pieces of the indicators: the result object, direction of flows, and input checks.

Indicator functions take Ibis tables and return Ibis tables (lazy expressions): DuckDB by default,
Spark for scale-out; :func:`evaluate` runs one and wraps the frame in an :class:`IndicatorResult`
carrying the indicator name, formula, reference, input datasets and the years actually used.

A flows table has the columns of the store's ``trade_flows`` that matter here: ``exporter``,
``importer``, ``year``, ``product`` (string code) and ``value_usd``.

>>> import ibis
>>> t = ibis.memtable({"exporter": ["KOR", "CHL"], "importer": ["CHL", "KOR"], "year": [2000, 2000],
...                    "product": ["TOTAL", "TOTAL"], "value_usd": [5.0, 3.0]})
>>> directed(t, "KOR", ["CHL"]).order_by("direction").to_pandas()[["direction", "partner", "value_usd"]].values.tolist()
[['exports', 'CHL', 5.0], ['imports', 'CHL', 3.0]]
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from tradebridge.errors import DataError

FLOW_COLUMNS: tuple[str, ...] = ("exporter", "importer", "year", "product", "value_usd")


def require_columns(table: ir.Table, columns: Sequence[str], what: str = "flows") -> None:
    """Raise a :class:`DataError` naming the missing columns."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError(
            f"{what} table lacks column(s) {', '.join(missing)}",
            column=missing[0],
            hint=f"pass a table with the columns {', '.join(columns)} (the store's trade_flows has them)",
        )


def directed(flows: ir.Table, reporter: str, partners: Sequence[str] | None = None) -> ir.Table:
    """The reporter's flows as ``direction`` ('exports'/'imports') × ``partner`` rows.

    Domestic flows (exporter == importer, as in AGTPA) are dropped. ``partners=None`` keeps all.
    Output columns: the input's other columns, ``direction``, ``partner`` and ``value_usd``.
    """
    require_columns(flows, FLOW_COLUMNS[:3] + ("value_usd",))
    f = flows.filter(flows.exporter != flows.importer)
    exp = f.filter(f.exporter == reporter)
    imp = f.filter(f.importer == reporter)
    if partners is not None:
        exp = exp.filter(exp.importer.isin(list(partners)))
        imp = imp.filter(imp.exporter.isin(list(partners)))
    keep = [c for c in flows.columns if c not in ("exporter", "importer")]
    exp = exp.select(*keep, direction=ibis.literal("exports"), partner=exp.importer)
    imp = imp.select(*keep, direction=ibis.literal("imports"), partner=imp.exporter)
    return exp.union(imp)


def between(t: ir.Table, reporter: str, partners: Sequence[str]) -> ir.BooleanValue:
    """Rows of ``t`` from the reporter to one of ``partners`` or from one of them to the reporter."""
    partners = list(partners)
    return (((t.exporter == reporter) & t.importer.isin(partners))
            | ((t.importer == reporter) & t.exporter.isin(partners)))


def safe_div(num: ir.Value, den: ir.Value) -> ir.Value:
    """``num / den`` with a null result where ``den`` is 0 (DuckDB does this; Spark's ANSI mode raises)."""
    return num / den.nullif(0)


def years_of(frame: pd.DataFrame, column: str = "year") -> tuple[int, ...]:
    """Sorted distinct years present in a frame column (nulls ignored)."""
    if column not in frame.columns:
        return ()
    return tuple(sorted(int(y) for y in frame[column].dropna().unique()))


@dataclass(frozen=True)
class IndicatorResult:
    """An evaluated indicator: tidy rows plus what produced them.

    ``records()`` gives the tidy JSON rows of the CLI: every row carries ``indicator``,
    ``datasets`` (input dataset names) and ``years`` (the years used).
    """

    name: str
    frame: pd.DataFrame
    formula: str
    reference: str
    datasets: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def to_frame(self) -> pd.DataFrame:
        """A copy of the rows, with the indicator name as the first column."""
        out = self.frame.copy()
        out.insert(0, "indicator", self.name)
        return out

    def records(self) -> list[dict[str, Any]]:
        """Tidy records for JSON: indicator, datasets, years used, then the row's fields."""
        meta = {"indicator": self.name, "datasets": list(self.datasets), "years_used": list(self.years)}
        clean = self.frame.astype(object).where(self.frame.notna(), None)
        return [{**meta, **row} for row in clean.to_dict(orient="records")]

    def summary(self) -> str:
        """A short text summary."""
        yrs = f"{self.years[0]}-{self.years[-1]} ({len(self.years)} years)" if self.years else "no years"
        lines = [
            f"{self.name}: {len(self.frame)} rows; datasets {', '.join(self.datasets) or '-'}; {yrs}",
            f"  formula: {self.formula}",
            f"  reference: {self.reference}",
        ]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        head = "".join(f"<p>{html.escape(line.strip())}</p>" for line in self.summary().splitlines())
        return head + self.frame.head(50).to_html(index=False, na_rep="missing")


def evaluate(expr: ir.Table, *, name: str, formula: str, reference: str,
             datasets: Sequence[str] = (), order_by: Sequence[str] | None = None,
             notes: Sequence[str] = ()) -> IndicatorResult:
    """Execute an indicator expression on its backend and wrap the rows."""
    if order_by:
        expr = expr.order_by([c for c in dict.fromkeys(order_by) if c in expr.columns])
    frame = expr.to_pandas()
    return IndicatorResult(name=name, frame=frame.reset_index(drop=True), formula=formula,
                           reference=reference, datasets=tuple(datasets), years=years_of(frame),
                           notes=tuple(notes))
