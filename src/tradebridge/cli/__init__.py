"""The command line: a thin Typer app, one module per command group (see :mod:`tradebridge.cli.main`)."""
