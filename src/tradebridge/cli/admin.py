"""``tradebridge admin``: helpers for the web admin area (password hash for its login)."""

from __future__ import annotations

import sys

import typer

admin_app = typer.Typer(help="Web admin area helpers.", no_args_is_help=True)


@admin_app.command("hash-password")
def hash_password_cmd(
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from standard input instead of prompting."),
) -> None:
    """Print an scrypt hash of the admin password for TRADEBRIDGE_ADMIN_PASSWORD_HASH (the password itself
    is never stored).

    Example: export TRADEBRIDGE_ADMIN_PASSWORD_HASH="$(tradebridge admin hash-password)"
    """
    from tradebridge.errors import ConfigError
    from tradebridge.web.admin import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Admin password", hide_input=True, confirmation_prompt=True, err=True)
    if len(password) < 8:
        raise ConfigError("the admin password must have at least 8 characters")
    typer.echo(hash_password(password))


def register(app: typer.Typer) -> None:
    """Add the ``admin`` group to the root app."""
    app.add_typer(admin_app, name="admin")
