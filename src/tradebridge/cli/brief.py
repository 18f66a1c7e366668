"""``tradebridge brief``: build the evidence-linked policy brief (HTML and PDF, en / es / ko)."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebridge.cli._common import JsonOption, StoreOption, console, print_json, settings


def brief_cmd(
    lang: str = typer.Option("all", "--lang", help="en, es, ko or all."),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder for brief-<lang>.html and .pdf."),
    reporter: str = typer.Option(None, "--reporter", help="Reporter ISO3 (default from settings: TRADEBRIDGE_REPORTER)."),
    partners: str = typer.Option(None, "--partners", help="Bloc id or ISO3 list (default from settings: TRADEBRIDGE_PARTNERS)."),
    dataset: str = typer.Option(None, "--dataset", help="trade_flows dataset (default from settings: TRADEBRIDGE_DATASET)."),
    rules: Path = typer.Option(None, "--rules", help="Your own recommendation rules (YAML); default: the shipped rules."),
    store: Path = StoreOption,
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also write PDFs (WeasyPrint)."),
    models: bool = typer.Option(True, "--models/--no-models", help="Run the gravity estimates (about a minute)."),
    scenarios: bool = typer.Option(True, "--scenarios/--no-scenarios", help="Run the shipped GE scenarios about this reporter and bloc."),
    json: bool = JsonOption,
) -> None:
    """Build the policy brief from the warehouse: evidence cards, recommendations, claims check.

    Example: tradebridge brief --lang all --out out --reporter KOR --partners PA
    """
    from tradebridge.reference.blocs import scope_from_settings
    from tradebridge.report import LANGS, build_brief

    s = settings(store=store, reporter=reporter, partners=partners, dataset=dataset)
    langs = list(LANGS) if lang == "all" else [x.strip() for x in lang.split(",")]
    with console.status("building the brief") as status:
        result = build_brief(s.store, out, langs=langs, scope=scope_from_settings(s), rules=rules,
                             pdf=pdf, models=models, scenarios=scenarios, cache=s.cache,
                             progress=lambda msg: status.update(f"brief: {msg}"))
    if json:
        print_json({"html": result.html, "pdf": result.pdf, "cards": result.cards,
                    "recommendations": result.recommendations, "claims": result.claims})
    else:
        console.print(result.summary())


def register(app: typer.Typer) -> None:
    app.command("brief")(brief_cmd)
