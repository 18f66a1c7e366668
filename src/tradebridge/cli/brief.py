"""``tradebridge brief``: build the evidence-linked policy brief (HTML and PDF, en / es / ko)."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebridge.cli._common import JsonOption, StoreOption, console, print_json, settings


def brief_cmd(
    lang: str = typer.Option("all", "--lang", help="en, es, ko or all."),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder for brief-<lang>.html and .pdf."),
    reporter: str = typer.Option(None, "--reporter", help="Reporter ISO3 (default KOR / TRADEBRIDGE_REPORTER)."),
    partners: str = typer.Option(None, "--partners", help="Bloc id or ISO3 list (default PA)."),
    rules: Path = typer.Option(None, "--rules", help="Your own recommendation rules (YAML); default: the shipped rules."),
    store: Path = StoreOption,
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also write PDFs (WeasyPrint)."),
    models: bool = typer.Option(True, "--models/--no-models", help="Run the gravity estimates (about a minute)."),
    scenarios: bool = typer.Option(True, "--scenarios/--no-scenarios", help="Run the GE scenarios (Korea–PA)."),
    json: bool = JsonOption,
) -> None:
    """Build the policy brief from the warehouse: evidence cards, recommendations, claims check.

    Example: tradebridge brief --lang all --out out --reporter KOR --partners PA
    """
    from tradebridge.report import LANGS, build_brief

    s = settings(store=store, reporter=reporter, partners=partners)
    langs = list(LANGS) if lang == "all" else [x.strip() for x in lang.split(",")]
    with console.status("building the brief") as status:
        result = build_brief(s.store, out, langs=langs, reporter=s.reporter, partners=s.partners, rules=rules,
                             pdf=pdf, models=models, scenarios=scenarios, cache=s.cache,
                             progress=lambda msg: status.update(f"brief: {msg}"))
    if json:
        print_json({"html": result.html, "pdf": result.pdf, "cards": result.cards,
                    "recommendations": result.recommendations, "claims": result.claims})
    else:
        console.print(result.summary())


def register(app: typer.Typer) -> None:
    app.command("brief")(brief_cmd)
