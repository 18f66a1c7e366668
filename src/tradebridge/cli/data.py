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
    allow_shrink: bool = typer.Option(False, "--allow-shrink",
                                      help="Accept a dataset whose row count falls by more than 10%."),
    json: bool = JsonOption,
) -> None:
    """Ingest every reference dataset (and fetched data) into the warehouse, validated and atomically.

    Unchanged files are skipped; a bad file leaves the store exactly as it was. A dataset that would
    lose more than 10% of its stored rows is refused unless --allow-shrink (see docs/data.md).

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

        report = ingest(s.store, raw_dir, datasets=dataset or None, extra=extra, force=force,
                        allow_shrink=allow_shrink, progress=tick)
    if json:
        print_json({"written": report.written, "unchanged": report.unchanged, "rows": report.rows,
                    "notes": report.notes, "store": str(s.store)})
    else:
        console.print(f"{report.summary()} -> {s.store}")


@data_app.command("status")
def status_cmd(
    store: Path = StoreOption,
    json: bool = JsonOption,
    verify: bool = typer.Option(True, "--verify/--no-verify",
                                help="Read every block to detect a damaged warehouse (default on)."),
) -> None:
    """List every stored dataset with its table, rows, SHA-256 and source; a damaged warehouse is an error.

    Example: tradebridge data status --json
    """
    from tradebridge.store import Store

    s = settings(store=store)
    with Store.open(s.store) as st:
        if verify:
            st.verify()
        rows = st.status()
    if json:
        print_json(rows)
    else:
        print_table([{"dataset": r["dataset"], "table": r["table"], "rows": r["rows"], "sha256": (r["sha256"] or "")[:12],
                     "source": r["source"]} for r in rows], title=f"warehouse {s.store}")


@data_app.command("sql")
def sql_cmd(
    query: str = typer.Argument(..., help="One SELECT query (DuckDB dialect) over the stored tables."),
    store: Path = StoreOption,
    json: bool = JsonOption,
    limit: int = typer.Option(10_000, "--limit", help="Return at most this many rows (1 to 1,000,000)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Stop the query after this many seconds."),
) -> None:
    """Run one read-only SELECT over the warehouse, sandboxed: no file or network access, no settings.

    Example: tradebridge data sql "SELECT year, value_usd FROM trade_flows WHERE exporter='KOR' AND importer='CHL'"
    """
    from tradebridge.store.sandbox import run_sql

    s = settings(store=store)
    result = run_sql(s.store, query, limit=limit, timeout=timeout)
    if json:
        print_json(result.frame)
    else:
        print_table(result.frame.to_dict(orient="records"))
    if result.truncated:
        typer.echo(f"... more than {limit:,} rows: only the first {limit:,} shown (raise --limit)", err=True)


def register(app: typer.Typer) -> None:
    from tradebridge.cli.data_fetch import register_fetch  # the fetch commands live in their own module

    register_fetch(data_app)
    app.add_typer(data_app, name="data")
