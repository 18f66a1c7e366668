"""``tradebridge brief``: build the evidence-linked policy brief (HTML and PDF, en / es / ko)."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from tradebridge.cli._common import JsonOption, StoreOption, console, print_json, settings


def brief_cmd(
    lang: str = typer.Option("all", "--lang", help="en, es, ko or all."),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder for brief-<lang>.html/.pdf and annex-<lang>.html/.pdf."),
    reporter: str = typer.Option(None, "--reporter", help="Reporter ISO3 (default from settings: TRADEBRIDGE_REPORTER)."),
    partners: str = typer.Option(None, "--partners", help="Bloc id or ISO3 list (default from settings: TRADEBRIDGE_PARTNERS)."),
    dataset: str = typer.Option(None, "--dataset", help="trade_flows dataset (default from settings: TRADEBRIDGE_DATASET)."),
    rules: Path = typer.Option(None, "--rules", help="Your own recommendation rules (YAML); default: the shipped rules."),
    store: Path = StoreOption,
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also write PDFs (WeasyPrint)."),
    models: bool = typer.Option(True, "--models/--no-models", help="Run the gravity estimates (about a minute)."),
    scenarios: bool = typer.Option(True, "--scenarios/--no-scenarios", help="Run the shipped GE scenarios about this reporter and bloc."),
    demo: bool = typer.Option(False, "--demo", help="Include the shipped made-up survey and interview data (watermarked DEMO on every page)."),
    jobs: int = typer.Option(0, "--jobs", min=0, help="Processes writing the PDFs (0: one per CPU; 1: one after the other)."),
    verbose: bool = typer.Option(False, "--verbose", help="Show the libraries' log lines (WeasyPrint, fontTools, pyfixest ...)."),
    json: bool = JsonOption,
) -> None:
    """Build the policy brief from the warehouse: the main text and its annex (claims check, methods,
    full timeline, one line per evidence card), per language.

    Example: tradebridge brief --lang all --out out --reporter KOR --partners PA
    """
    from tradebridge.reference.blocs import scope_from_settings
    from tradebridge.report import LANGS, build_brief

    s = settings(store=store, reporter=reporter, partners=partners, dataset=dataset)
    langs = list(LANGS) if lang == "all" else [x.strip() for x in lang.split(",")]
    with quiet_libraries(verbose), StepProgress(console) as steps:
        result = build_brief(s.store, out, langs=langs, scope=scope_from_settings(s), rules=rules,
                             pdf=pdf, models=models, scenarios=scenarios, cache=s.cache, demo=demo,
                             survey_db=s.survey_db, workers=jobs or None,
                             progress=steps.step)
    if json:
        print_json({"html": result.html, "pdf": result.pdf, "annex_html": result.annex_html,
                    "annex_pdf": result.annex_pdf, "cards": result.cards,
                    "recommendations": result.recommendations, "claims": result.claims})
    else:
        console.print(result.summary())


THIRD_PARTY_LOGGERS = ("weasyprint", "weasyprint.progress", "fontTools", "pyfixest", "py4j", "numba", "matplotlib")


@contextmanager
def quiet_libraries(verbose: bool):
    """Without ``verbose``, the libraries' INFO and WARNING lines stay off the terminal (restored after);
    with it, they are shown at INFO."""
    loggers = [logging.getLogger(name) for name in THIRD_PARTY_LOGGERS]
    before = [lg.level for lg in loggers]
    handler = None
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        for lg in loggers:
            lg.setLevel(logging.INFO)
            lg.addHandler(handler)
    else:
        for lg in loggers:
            lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, before, strict=True):
            lg.setLevel(level)
            if handler is not None:
                lg.removeHandler(handler)


class StepProgress:
    """A Rich progress display with one line per step the build reports (``progress("pdf ko")``): the
    running step spins with its elapsed time, finished steps keep theirs.

    >>> import io
    >>> from rich.console import Console
    >>> with StepProgress(Console(file=io.StringIO())) as steps:
    ...     steps.step("evidence"); steps.step("html en")
    >>> steps.done
    ['evidence', 'html en']
    """

    def __init__(self, out: Console) -> None:
        self.progress = Progress(SpinnerColumn(finished_text="[green]done"), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), console=out)
        self.current: tuple[TaskID, str] | None = None
        self.done: list[str] = []

    def _finish(self) -> None:
        if self.current is not None:
            task, name = self.current
            self.progress.update(task, total=1, completed=1)
            self.progress.stop_task(task)
            self.done.append(name)
            self.current = None

    def step(self, name: str) -> None:
        """Finish the running step and start ``name``."""
        self._finish()
        self.current = (self.progress.add_task(name, total=None), name)

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._finish()
        self.progress.stop()


def register(app: typer.Typer) -> None:
    app.command("brief")(brief_cmd)
