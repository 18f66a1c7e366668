"""``tradebridge data``: ingest the reference data, show what is stored, query it, fetch live data."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from tradebridge.cli._common import JsonOption, RawOption, StoreOption, console, print_json, print_table, settings

data_app = typer.Typer(help="Reference data and the warehouse: ingest, status, SQL, fetch.", no_args_is_help=True)


@data_app.command("ingest")
def ingest_cmd(
    raw: Path = RawOption,
    store: Path = StoreOption,
    dataset: list[str] = typer.Option(None, "--dataset", "-d", help="Only these datasets (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Re-read datasets even when their files are unchanged."),
    json: bool = JsonOption,
) -> None:
    """Ingest every reference dataset (and fetched data) into the warehouse, validated and atomically.

    Unchanged files are skipped; a bad file leaves the store exactly as it was.

    Example: tradebridge data ingest --raw ../shared/data
    """
    from tradebridge.store.fetched_hook import fetched_extracts
    from tradebridge.store.ingest import CATALOG, ingest

    s = settings(raw=raw, store=store)
    raw_dir = s.require_raw()
    extra = fetched_extracts(s.cache)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True, disable=json) as bar:
        task = bar.add_task("ingest", total=len(dataset or CATALOG) + 1)

        def tick(name: str, i: int, n: int) -> None:
            bar.update(task, description=f"ingest {name}", completed=i)

        report = ingest(s.store, raw_dir, datasets=dataset or None, extra=extra, force=force, progress=tick)
    if json:
        print_json({"written": report.written, "unchanged": report.unchanged, "rows": report.rows,
                    "store": str(s.store)})
    else:
        console.print(f"{report.summary()} -> {s.store}")


@data_app.command("status")
def status_cmd(store: Path = StoreOption, json: bool = JsonOption) -> None:
    """List every stored dataset with its table, rows, SHA-256 and source.

    Example: tradebridge data status --json
    """
    from tradebridge.store import Store

    s = settings(store=store)
    with Store.open(s.store) as st:
        rows = st.status()
    if json:
        print_json(rows)
    else:
        print_table([{"dataset": r["dataset"], "table": r["table"], "rows": r["rows"], "sha256": (r["sha256"] or "")[:12],
                     "source": r["source"]} for r in rows], title=f"warehouse {s.store}")


@data_app.command("sql")
def sql_cmd(
    query: str = typer.Argument(..., help="A SQL query (DuckDB dialect); the store is opened read-only."),
    store: Path = StoreOption,
    json: bool = JsonOption,
    limit: int = typer.Option(1000, "--limit", help="Print at most this many rows in the table view."),
) -> None:
    """Run read-only SQL over the warehouse.

    Example: tradebridge data sql "SELECT year, value_usd FROM trade_flows WHERE exporter='KOR' AND importer='CHL'"
    """
    from tradebridge.store import Store

    s = settings(store=store)
    with Store.open(s.store) as st:
        frame = st.sql(query)
    if json:
        print_json(frame)
    else:
        print_table(frame.head(limit).to_dict(orient="records"))
        if len(frame) > limit:
            console.print(f"... {len(frame) - limit} more rows (use --json for all)")


def register(app: typer.Typer) -> None:
    from tradebridge.cli.data_fetch import register_fetch  # the fetch commands live in their own module

    register_fetch(data_app)
    app.add_typer(data_app, name="data")
