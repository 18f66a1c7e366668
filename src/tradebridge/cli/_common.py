"""Options and output helpers shared by the command groups."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from tradebridge._json import to_jsonable
from tradebridge.config import Settings, load_settings

console = Console()

StoreOption = typer.Option(None, "--store", help="Warehouse file (default .tradebridge/store.duckdb; env TRADEBRIDGE_STORE).")
RawOption = typer.Option(None, "--raw", help="Raw reference-data folder (env TRADEBRIDGE_RAW).")
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table.")


def settings(**overrides: Any) -> Settings:
    """Settings from tradebridge.toml and the environment, with the CLI's overrides on top."""
    return load_settings(overrides=overrides)


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
    value = to_jsonable(value)
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


# ------------------------------------------------------------------------------------ the error path
EXIT_ERROR = 2  # every failure: usage errors, domain errors, OS errors, unexpected exceptions
_MAX_MESSAGE = 2000

_OS_ERRORS: dict[str, tuple[str, str]] = {
    # errno name -> (what happened, how to fix it)
    "ENOSPC": ("no space left on device (the disk is full)",
               "free space on that disk or write to another one (e.g. --store PATH); then run the command again"),
    "EDQUOT": ("disk quota exceeded", "free space within your quota or write to another disk; then run it again"),
    "EROFS": ("read-only file system", "write to a writable location (e.g. --store PATH or --out PATH)"),
    "EACCES": ("permission denied", "check the file's and folder's permissions or use a path you may write"),
    "EPERM": ("operation not permitted", "check the file's and folder's permissions or use a path you may write"),
    "ENOENT": ("no such file or directory", "check the path"),
    "ENOTDIR": ("a part of the path is not a folder", "check the path"),
    "EISDIR": ("is a folder, not a file", "give the path of a file"),
    "EEXIST": ("already exists", "remove it or choose another name"),
    "EMFILE": ("too many open files", "close other programs or raise the limit (ulimit -n)"),
}
_MESSAGE_ERRNO = (("no space left", "ENOSPC"), ("read-only file system", "EROFS"), ("permission denied", "EACCES"))


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "..."


def _os_error(exc: OSError) -> tuple[str, str]:
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    what, fix = _OS_ERRORS.get(name, (exc.strerror or str(exc), "check the path and the disk"))
    paths = [str(p) for p in (exc.filename, exc.filename2) if p is not None]
    return (f"{what}: {' -> '.join(paths)}" if paths else what), fix


def _from_message(kind: str, message: str, fix: str) -> tuple[str, str]:
    lowered = message.lower()
    for needle, name in _MESSAGE_ERRNO:
        if needle in lowered:
            what, os_fix = _OS_ERRORS[name]
            return f"{what} ({kind}: {message})", os_fix
    return f"{kind}: {message}", fix


def describe_error(exc: BaseException) -> tuple[str, str]:
    """What went wrong and how to fix it, for any exception that reaches the CLI.

    >>> describe_error(PermissionError(13, "Permission denied", "/data/store.duckdb"))[0]
    'permission denied: /data/store.duckdb'
    """
    from tradebridge.errors import TradebridgeError

    if isinstance(exc, TradebridgeError):
        text = str(exc)
        what, sep, fix = text.rpartition(". Fix: ")
        return (what, fix) if sep else (text, exc.default_fix)
    if _is_click_error(exc):
        what = exc.format_message()  # type: ignore[attr-defined]
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            command = getattr(ctx, "command", None)
            names = command.list_commands(ctx) if hasattr(command, "list_commands") else []
            listed = f" (commands: {', '.join(names)})" if names and "no such command" in what.lower() else ""
            return what, f"see `{ctx.command_path} --help`{listed}"
        return what, "see `tradebridge --help`"
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, MemoryError):
        return "out of memory", "use a smaller input (fewer years or partners) or a machine with more memory"
    module = type(exc).__module__.split(".")[0].lstrip("_")  # duckdb's classes live in _duckdb
    kind = type(exc).__name__
    if module == "duckdb":
        return _from_message(f"database error {kind}", str(exc).splitlines()[0] if str(exc) else kind,
                             "check the warehouse with `tradebridge data status` (or rebuild it with "
                             "`tradebridge data ingest`); run with --debug for details")
    if module == "pandas":
        return _from_message(f"could not read the data ({kind})", str(exc) or kind,
                             "check that the input file is in the documented format; run with --debug for details")
    return f"unexpected {kind}: {exc}", "run with --debug and report it"


def _is_click_error(exc: BaseException) -> bool:
    classes: list[type] = []
    try:
        from typer._click.exceptions import ClickException as TyperClick  # typer >= 0.20 vendors click

        classes.append(TyperClick)
    except ImportError:  # pragma: no cover - older typer
        pass
    try:
        from click.exceptions import ClickException

        classes.append(ClickException)
    except ImportError:  # pragma: no cover
        pass
    return isinstance(exc, tuple(classes))


def error_line(exc: BaseException) -> str:
    """The one line the CLI prints for a failure: ``error: <what>. Fix: <how>``.

    >>> from tradebridge.errors import ConfigError
    >>> error_line(ConfigError("unknown reporter 'XXX'", hint="use an ISO3 code, e.g. KOR"))
    "error: unknown reporter 'XXX'. Fix: use an ISO3 code, e.g. KOR"
    """
    what, fix = describe_error(exc)
    return f"error: {_one_line(what).rstrip('. ')}. Fix: {_one_line(fix)}"
