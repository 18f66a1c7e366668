"""The ``tradebridge`` command.

Each command-group module in this package defines ``register(app)``; the root app finds them with
:mod:`pkgutil`, so adding a group is adding a module. A command parses its options, makes one
library call, and prints (Rich).

One error path: every failure (a tradebridge error, a usage error or unknown command, an OS error
such as a full disk or a read-only file system, a database or pandas error, anything unexpected)
exits with code 2 and one line on stderr, ``error: <what>. Fix: <how>``. The traceback is shown only
with the global ``--debug`` flag (or ``TRADEBRIDGE_DEBUG=1``).

Example::

    tradebridge --help
    tradebridge data status --json
    tradebridge --debug data status
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback

import typer

from tradebridge import __version__
from tradebridge.cli._common import EXIT_ERROR, error_line

app = typer.Typer(
    name="tradebridge",
    help=(
        "An observatory of the economic relations between a country and a trade bloc "
        "(chosen in the settings: TRADEBRIDGE_REPORTER, TRADEBRIDGE_PARTNERS).\n\n"
        "Example: tradebridge data ingest --raw ../shared/data && tradebridge data status"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


_DEBUG = {"on": False}  # set by --debug while the command line is parsed, read by run()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tradebridge {__version__}")
        raise typer.Exit()


def _debug(value: bool) -> None:
    if value:
        _DEBUG["on"] = True


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
    debug: bool = typer.Option(False, "--debug", callback=_debug, is_eager=True,
                               help="Show the traceback of a failure (env TRADEBRIDGE_DEBUG=1)."),
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


def _debug_wanted() -> bool:
    return _DEBUG["on"] or os.environ.get("TRADEBRIDGE_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def _fail(exc: BaseException) -> None:
    if _debug_wanted():
        traceback.print_exception(exc, file=sys.stderr)
    sys.stderr.write(error_line(exc) + "\n")
    sys.stderr.flush()
    sys.exit(EXIT_ERROR)


def run() -> None:
    """Entry point: run the app; every failure exits 2 with one line (see the module docstring)."""
    _DEBUG["on"] = False
    try:
        rc = app(prog_name="tradebridge", standalone_mode=False)  # click returns the code of typer.Exit here
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort as exc:
        _fail(exc)
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted. Fix: run the command again\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the one error path: every failure becomes one line
        if type(exc).__name__ == "NoArgsIsHelpError":  # a group without a command: its help, as click does
            exc.show()  # type: ignore[attr-defined]
            sys.exit(EXIT_ERROR)
        _fail(exc)
    if isinstance(rc, int) and rc:
        sys.exit(rc)


if __name__ == "__main__":  # pragma: no cover
    run()
