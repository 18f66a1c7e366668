"""Options and output helpers shared by the command groups."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from tradebridge.config import Settings, load_settings

console = Console()

StoreOption = typer.Option(None, "--store", help="Warehouse file (default .tradebridge/store.duckdb; env TRADEBRIDGE_STORE).")
RawOption = typer.Option(None, "--raw", help="Raw reference-data folder (env TRADEBRIDGE_RAW).")
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table.")


def settings(**overrides: Any) -> Settings:
    """Settings from tradebridge.toml and the environment, with the CLI's overrides on top."""
    return load_settings(overrides=overrides)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return _clean(value.item())
    if isinstance(value, Path):
        return str(value)
    return value


def to_jsonable(obj: Any) -> Any:
    """Recursively turn frames, numpy scalars, dates and NaN into JSON-ready values (NaN -> null)."""
    if hasattr(obj, "to_dict") and hasattr(obj, "columns"):
        return [to_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    return _clean(obj)


def print_json(obj: Any) -> None:
    """Print JSON to stdout (not through Rich, so scripts can parse it)."""
    typer.echo(json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2))


def print_table(rows: Iterable[Mapping[str, Any]], *, title: str | None = None) -> None:
    """Print records as a Rich table."""
    rows = list(rows)
    table = Table(title=title, show_lines=False)
    if not rows:
        console.print("(no rows)")
        return
    for col in rows[0]:
        table.add_column(str(col), overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else _fmt(v) for v in row.values()))
    console.print(table)


def _fmt(value: Any) -> str:
    value = _clean(value)
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)
