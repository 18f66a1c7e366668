"""Every CLI command has help with an example and is documented (README.md or docs/*.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from tradebridge.cli.main import app

ROOT = Path(__file__).resolve().parents[3]


def _commands(group, prefix: tuple[str, ...] = ()) -> list:
    out = []
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        if hasattr(cmd, "commands"):
            out.extend(_commands(cmd, path))
        else:
            out.append((path, cmd))
    return out


COMMANDS = _commands(typer.main.get_command(app))
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def test_there_are_commands():
    assert ("data", "ingest") in [c for c, _ in COMMANDS]


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_help_has_an_example(path, cmd):
    assert cmd.help and "Example" in cmd.help, f"tradebridge {' '.join(path)} lacks an 'Example:' in its help"


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_command_is_documented(path, cmd):
    assert f"tradebridge {' '.join(path)}" in DOCS, f"document `tradebridge {' '.join(path)}` in README or docs/"
