"""The ``tradebridge`` command.

Each command-group module in this package defines ``register(app)``; the root app finds them with
:mod:`pkgutil`, so adding a group is adding a module. A command parses its options, makes one
library call, and prints (Rich). Domain errors become a one-line message and exit code 1.

Example::

    tradebridge --help
    tradebridge data status --json
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from tradebridge import __version__
from tradebridge.errors import TradebridgeError

app = typer.Typer(
    name="tradebridge",
    help=(
        "An observatory of the economic relations between a country and a trade bloc "
        "(Korea and the Pacific Alliance by default).\n\n"
        "Example: tradebridge data ingest --raw ../shared/data && tradebridge data status"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tradebridge {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """tradebridge: trade, investment, perceptions and policy evidence for a reporter and a bloc."""


def _register_groups() -> None:
    package = importlib.import_module("tradebridge.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "main":
            continue
        module = importlib.import_module(f"tradebridge.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_groups()


def run() -> None:
    """Entry point: run the app and turn domain errors into a clean message."""
    try:
        rc = app(standalone_mode=False)  # click returns (not raises) the code of typer.Exit here
    except TradebridgeError as exc:
        from rich.console import Console

        Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:  # click's usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    if isinstance(rc, int) and rc:
        sys.exit(rc)


if __name__ == "__main__":  # pragma: no cover
    run()
