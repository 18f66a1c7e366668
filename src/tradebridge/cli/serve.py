"""``tradebridge serve``: run the web app (dashboard, JSON API, survey forms, admin) with uvicorn."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebridge.cli._common import console, settings


def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (0.0.0.0 to expose; put a TLS proxy in front)."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    db: str = typer.Option(None, "--db", help="Survey database URL (env TRADEBRIDGE_SURVEY_DB)."),
    instruments: Path = typer.Option(None, "--instruments", help="Folder of extra instrument YAML files to serve."),
    workers: int = typer.Option(1, "--workers", help="Worker processes (set TRADEBRIDGE_SECRET when > 1)."),
    reporter: str = typer.Option(None, "--reporter", help="The dashboard's reporter (default from settings: TRADEBRIDGE_REPORTER)."),
    partners: str = typer.Option(None, "--partners", help="The dashboard's bloc or partners (default from settings: TRADEBRIDGE_PARTNERS)."),
    dataset: str = typer.Option(None, "--dataset", help="The dashboard's trade dataset (default from settings: TRADEBRIDGE_DATASET)."),
) -> None:
    """Serve the dashboard, the JSON API and the survey forms over HTTP, for the settings' reporter and
    bloc (``TRADEBRIDGE_REPORTER=CHL tradebridge serve`` shows Chile's dashboard).

    Example: tradebridge serve --port 8000 --db sqlite:///survey.sqlite --reporter BRA --partners MERCOSUR
    """
    import os

    import uvicorn

    from tradebridge.errors import ConfigError
    from tradebridge.web.app import create_app
    from tradebridge.web.survey_forms import instrument_paths

    if workers > 1 and not os.environ.get("TRADEBRIDGE_SECRET"):
        raise ConfigError("with several workers set TRADEBRIDGE_SECRET so all workers sign forms with one key")
    from tradebridge.reference.blocs import scope_from_settings

    s = settings(survey_db=db, reporter=reporter, partners=partners, dataset=dataset)
    scope = scope_from_settings(s)  # an unknown code is an error here, before the server starts
    extra = instrument_paths(instruments) if instruments else []
    app = create_app(s, instruments=extra)
    console.print(f"serving {scope.reporter} with {scope.label} ({scope.dataset}) on http://{host}:{port}/overview "
                  f"(survey responses -> {s.survey_db.split('@')[-1]})")
    # the app resolves X-Forwarded-For itself, from the settings' trusted_proxies only (none by default);
    # uvicorn's own handling would believe the header from any local process
    uvicorn.run(app, host=host, port=port, workers=1, log_level="info", proxy_headers=False, server_header=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
