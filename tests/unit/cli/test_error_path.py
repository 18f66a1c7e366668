"""The CLI's one error path: every failure exits 2 with ONE line on stderr, ``error: <what>. Fix: <how>``,
and a traceback only with ``--debug`` (or TRADEBRIDGE_DEBUG=1).

The tests run the real entry point, ``tradebridge.cli.main:run`` (the console script), in-process
with ``sys.argv`` set, and once as a subprocess. Failures inside a command are injected by replacing
the ``settings`` helper the ``trade overview`` command calls first, so each case raises exactly the
exception under test (running as root, a real permission error cannot be provoked).
"""

from __future__ import annotations

import errno
import subprocess
import sys

import pytest

from tradebridge.cli import main as cli_main
from tradebridge.errors import ConfigError, DataError


def _run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["tradebridge", *args])
    try:
        cli_main.run()
        code = 0  # returning normally is exit status 0
    except SystemExit as exit_info:
        code = exit_info.code
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and ". Fix: " in lines[0], lines[0]
    assert "Traceback" not in err
    return lines[0]


def _inject(monkeypatch, exc: BaseException) -> None:
    import tradebridge.cli.trade as trade_cli

    def boom(**_: object) -> None:
        raise exc

    monkeypatch.setattr(trade_cli, "settings", boom)
    monkeypatch.delenv("TRADEBRIDGE_DEBUG", raising=False)


def test_unknown_subcommand_exits_2_with_one_line(monkeypatch, capsys):
    rc, out, err = _run(monkeypatch, capsys, "trade", "frobnicate")
    line = _one_error_line(err)
    assert rc == 2 and out == ""
    assert "No such command 'frobnicate'" in line and "tradebridge trade --help" in line and "overview" in line


def test_unknown_top_level_command(monkeypatch, capsys):
    rc, _, err = _run(monkeypatch, capsys, "nosuch")
    assert rc == 2 and "No such command 'nosuch'" in _one_error_line(err)


def test_unknown_option_is_a_usage_error(monkeypatch, capsys):
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview", "--bogus")
    assert rc == 2 and "No such option: --bogus" in _one_error_line(err)


def test_tradebridge_error_with_its_fix(monkeypatch, capsys):
    _inject(monkeypatch, DataError("negative values", column="value_usd", hint="remove the rows"))
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    assert rc == 2
    assert _one_error_line(err) == "error: column 'value_usd': negative values. Fix: remove the rows"


def test_tradebridge_error_without_a_hint_gets_its_class_fix(monkeypatch, capsys):
    _inject(monkeypatch, ConfigError("invalid lang 'xx'; valid values: en, es, ko"))
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    assert rc == 2
    assert _one_error_line(err) == ("error: invalid lang 'xx'; valid values: en, es, ko. "
                                    "Fix: correct the option or setting named above (see --help)")


def test_a_real_domain_error_from_a_command(monkeypatch, capsys, tmp_path):
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview", "--store", str(tmp_path / "none.duckdb"))
    assert rc == 2 and "none.duckdb" in _one_error_line(err)
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize(("code", "expected"), [
    (errno.EACCES, "permission denied: /srv/tb/store.duckdb"),
    (errno.ENOSPC, "no space left on device (the disk is full): /srv/tb/store.duckdb"),
    (errno.EROFS, "read-only file system: /srv/tb/store.duckdb"),
])
def test_os_errors_say_which(monkeypatch, capsys, code, expected):
    _inject(monkeypatch, OSError(code, "ignored strerror", "/srv/tb/store.duckdb"))
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    line = _one_error_line(err)
    assert rc == 2 and line.startswith(f"error: {expected}. Fix: ")
    assert "another process" not in line


def test_duckdb_error_escaping_a_command(monkeypatch, capsys):
    import duckdb

    _inject(monkeypatch, duckdb.IOException('IO Error: Cannot open file "/srv/s.duckdb": Read-only file system'))
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    line = _one_error_line(err)
    assert rc == 2 and line.startswith("error: read-only file system (database error IOException: IO Error")


def test_duckdb_catalog_error(monkeypatch, capsys):
    import duckdb

    _inject(monkeypatch, duckdb.CatalogException("Catalog Error: Table with name flows does not exist!"))
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    line = _one_error_line(err)
    assert rc == 2 and "database error CatalogException" in line and "tradebridge data status" in line


def test_pandas_error_escaping_a_command(monkeypatch, capsys):
    import pandas as pd

    _inject(monkeypatch, pd.errors.EmptyDataError("No columns to parse from file"))
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    line = _one_error_line(err)
    assert rc == 2 and line.startswith("error: could not read the data (EmptyDataError): No columns to parse")


def test_unexpected_exception_names_its_type(monkeypatch, capsys):
    _inject(monkeypatch, RuntimeError("boom\nsecond line"))
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    assert rc == 2
    assert _one_error_line(err) == "error: unexpected RuntimeError: boom second line. Fix: run with --debug and report it"


def test_debug_flag_shows_the_traceback(monkeypatch, capsys):
    _inject(monkeypatch, RuntimeError("boom"))
    rc, _, err = _run(monkeypatch, capsys, "--debug", "trade", "overview")
    assert rc == 2
    assert "Traceback (most recent call last)" in err and "RuntimeError: boom" in err
    assert err.rstrip().splitlines()[-1] == "error: unexpected RuntimeError: boom. Fix: run with --debug and report it"


def test_debug_from_the_environment(monkeypatch, capsys):
    _inject(monkeypatch, RuntimeError("boom"))
    monkeypatch.setenv("TRADEBRIDGE_DEBUG", "1")
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    assert rc == 2 and "Traceback (most recent call last)" in err


def test_debug_does_not_leak_into_the_next_run(monkeypatch, capsys):
    _inject(monkeypatch, RuntimeError("boom"))
    _run(monkeypatch, capsys, "--debug", "trade", "overview")
    rc, _, err = _run(monkeypatch, capsys, "trade", "overview")
    assert rc == 2 and "Traceback" not in err


def test_success_still_exits_0(monkeypatch, capsys):
    rc, out, _ = _run(monkeypatch, capsys, "--version")
    assert rc == 0 and out.startswith("tradebridge ")


def test_console_script_in_a_subprocess(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "tradebridge.cli.main", "trade", "frobnicate"],
                          check=False, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 2
    assert "No such command 'frobnicate'" in _one_error_line(proc.stderr)
