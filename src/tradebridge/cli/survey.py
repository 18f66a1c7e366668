"""``tradebridge survey``: validate instruments, import/export responses, analyse them, issue invitations."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebridge.cli._common import JsonOption, console, print_json, print_table, settings

survey_app = typer.Typer(help="Perception surveys: instruments, responses, design-based analysis.", no_args_is_help=True)

InstrumentOption = typer.Option(None, "--instrument", "-i", help="Instrument YAML (default: the shipped perceptions instrument).")
DbOption = typer.Option(None, "--db", help="Survey database URL (env TRADEBRIDGE_SURVEY_DB; default SQLite under .tradebridge/).")


def _instrument(path: Path | None):
    from tradebridge.survey.instrument import default_instrument_path, load_instrument

    return load_instrument(path or default_instrument_path())


@survey_app.command("validate")
def validate_cmd(file: Path = typer.Argument(..., help="Instrument YAML file."), json: bool = JsonOption) -> None:
    """Check an instrument and report every problem with its location (exit code 2 if any).

    Example: tradebridge survey validate my_instrument.yaml
    """
    from tradebridge.errors import DataError
    from tradebridge.survey.instrument import validate_instrument

    if not file.is_file():
        raise DataError(f"instrument file {file} not found")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("the instrument is not UTF-8 text", file=str(file),
                        hint="save the YAML file as UTF-8 and validate again") from None
    problems = validate_instrument(text, source=str(file))
    if json:
        print_json([{"location": p.location, "line": p.line, "message": p.message} for p in problems])
    elif problems:
        print_table([{"line": p.line, "location": p.location, "problem": p.message} for p in problems],
                    title=f"{len(problems)} problem(s) in {file}")
    else:
        console.print(f"{file}: valid")
    if problems:
        raise DataError(f"{len(problems)} problem(s) in the instrument", file=str(file),
                        hint="correct each location listed above")


@survey_app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="LimeSurvey or KoboToolbox CSV export."),
    fmt: str = typer.Option(..., "--format", "-f", help="limesurvey or kobo."),
    instrument: Path = InstrumentOption,
    db: str = DbOption,
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Skip invalid rows instead of failing."),
    json: bool = JsonOption,
) -> None:
    """Validate and store the responses of a LimeSurvey/KoboToolbox CSV export (re-importing adds nothing).

    Example: tradebridge survey import export.csv --format kobo
    """
    from tradebridge.survey.responses import import_export_file
    from tradebridge.survey.storage import ResponseStore

    inst = _instrument(instrument)
    frame = import_export_file(inst, file, fmt, skip_invalid=skip_invalid)  # type: ignore[arg-type]
    with ResponseStore(settings(survey_db=db).survey_db) as store:
        added = store.add_many(inst, frame)
        total = store.count(inst.id)
    out = {"read": len(frame), "added": added, "duplicates": len(frame) - added, "total": total}
    if json:
        print_json(out)
    else:
        console.print(f"read {len(frame)}, added {added}, total {total} responses")


@survey_app.command("export")
def export_cmd(
    out: Path = typer.Argument(..., help="Output file: .csv or .parquet."),
    instrument: Path = InstrumentOption,
    db: str = DbOption,
    demo: bool = typer.Option(False, "--demo", help="Export the DEMO dataset instead of the database."),
) -> None:
    """Export the stored responses (one row per response, one column per question) to CSV or Parquet.

    Example: tradebridge survey export responses.parquet
    """
    from tradebridge.survey.storage import export_frame

    frame = _frame(instrument, db, demo)
    export_frame(frame, out)
    console.print(f"{len(frame)} responses -> {out}" + (" (DEMO DATA)" if demo else ""))


def _frame(instrument: Path | None, db: str | None, demo: bool):
    if demo:
        from tradebridge.survey.demo import demo_responses

        return demo_responses()
    from tradebridge.survey.storage import ResponseStore

    with ResponseStore(settings(survey_db=db).survey_db) as store:
        return store.frame(_instrument(instrument))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


@survey_app.command("analyze")
def analyze_cmd(
    instrument: Path = InstrumentOption,
    db: str = DbOption,
    demo: bool = typer.Option(False, "--demo", help="Analyse the DEMO dataset (design: strata by country x actor type)."),
    likert: str = typer.Option(None, "--likert", help="Comma-separated Likert questions (default: all)."),
    by: str = typer.Option(None, "--by", help="Domains, e.g. country,actor_type."),
    ids: str = typer.Option(None, "--ids", help="Cluster (PSU) column."),
    strata: str = typer.Option(None, "--strata", help="Strata column."),
    weights: str = typer.Option(None, "--weights", help="Weight column."),
    population: list[Path] = typer.Option(None, "--population", help="CSV of a population margin (columns: variable, Freq); repeat to rake."),
    crosstab: str = typer.Option(None, "--crosstab", help="ROW:COL cross-tab with a Rao-Scott test, e.g. country:coop_priority."),
    json: bool = JsonOption,
) -> None:
    """Design-based Likert summaries (share agreeing, mean, net score) by domain, optional cross-tab.

    Example: tradebridge survey analyze --demo --by country --crosstab country:coop_priority
    """
    import pandas as pd

    from tradebridge.errors import DataError
    from tradebridge.survey.analysis import analyze_responses

    frame = _frame(instrument, db, demo)
    if demo:
        strata, weights = strata or "stratum", weights or "weight"
    margins = []
    for p in population or []:
        if not p.is_file():
            raise DataError(f"population margin {p} not found", hint="give a CSV with one grouping column and Freq")
        try:
            pop = pd.read_csv(p, encoding="utf-8-sig")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise DataError(f"cannot read the population margin ({type(exc).__name__})", file=str(p),
                            hint="save it as a UTF-8 CSV with one grouping column and Freq") from None
        cols = [c for c in pop.columns if c != "Freq"]
        if "Freq" not in pop.columns or len(cols) != 1:
            raise DataError(f"{p}: a population margin needs one grouping column and Freq")
        margins.append((cols[0], pop))
    ct = tuple(crosstab.split(":", 1)) if crosstab else None
    if ct is not None and len(ct) != 2:
        raise DataError("--crosstab needs ROW:COL")
    res = analyze_responses(frame, _instrument(instrument), likert=_split(likert) or None, by=_split(by) or None,
                            ids=ids, strata=strata, weights=weights, poststrata=margins, crosstab_vars=ct)
    if json:
        print_json({"demo": res.demo, "n": res.n, "design": res.design, "likert": res.likert,
                    "crosstab": res.crosstab, "test": res.test})
        return
    if res.demo:
        console.print("[bold yellow]DEMO DATA — illustrative, not findings[/]")
    cols = [c for c in res.likert.columns if c not in ("ci_low", "ci_high", "cv", "demo", "points")]
    print_table(res.likert[cols].to_dict(orient="records"), title=f"Likert summaries ({res.n} responses; {res.design})")
    if res.test is not None:
        print_table(res.test.to_dict(orient="records"), title="Rao-Scott test")


@survey_app.command("tokens")
def tokens_cmd(
    n: int = typer.Option(10, "--n", help="How many single-use invitation tokens."),
    instrument: Path = InstrumentOption,
    db: str = DbOption,
    json: bool = JsonOption,
) -> None:
    """Issue single-use invitation tokens (append ?token=... to the form URL); shown once, stored hashed.

    Example: tradebridge survey tokens --n 50 --json
    """
    from tradebridge.survey.storage import ResponseStore

    inst = _instrument(instrument)
    with ResponseStore(settings(survey_db=db).survey_db) as store:
        tokens = store.issue_tokens(inst.id, n)
    if json:
        print_json(tokens)
    else:
        typer.echo("\n".join(tokens))


def register(app: typer.Typer) -> None:
    app.add_typer(survey_app, name="survey")
