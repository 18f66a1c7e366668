"""The policy brief: evidence -> context -> HTML (Jinja2) -> PDF (WeasyPrint), in en / es / ko.

>>> from tradebridge.report import LANGS
>>> LANGS
('en', 'es', 'ko')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tradebridge.errors import check_option
from tradebridge.i18n import LANGS
from tradebridge.reference.blocs import Scope


@dataclass(frozen=True)
class BriefResult:
    """The files written, per language (main text and annex), and the numbers behind them."""

    html: dict[str, Path]
    pdf: dict[str, Path]
    cards: int
    recommendations: int
    claims: int
    annex_html: dict[str, Path] = field(default_factory=dict)
    annex_pdf: dict[str, Path] = field(default_factory=dict)

    def summary(self) -> str:
        files = ", ".join(str(p) for p in [*self.html.values(), *self.pdf.values(), *self.annex_html.values(),
                                           *self.annex_pdf.values()])
        return (f"{self.cards} evidence cards, {self.recommendations} recommendations, {self.claims} claims "
                f"checked -> {files}")


def build_brief(
    store_path: Path,
    out_dir: Path,
    *,
    langs: Sequence[str] = LANGS,
    scope: Scope | None = None,
    rules: Path | None = None,
    pdf: bool = True,
    models: bool = True,
    scenarios: bool = True,
    cache: Path | None = None,
    progress: Callable[[str], None] | None = None,
    demo: bool = False,
    survey_db: str | None = None,
    workers: int | None = None,
) -> BriefResult:
    """Compute the evidence of ``scope`` once, then write ``brief-<lang>.html`` and its annex
    ``annex-<lang>.html`` (and both ``.pdf``) for each language. Without ``scope``, the settings'
    (``tradebridge.toml``, ``TRADEBRIDGE_REPORTER`` ...).

    The main text's context carries ``annex_file`` (the annex's file name relative to the brief, the PDF
    when PDFs are written), for its link to the annex.

    ``workers``: processes that write the PDFs (default: one per CPU; 1: one after the other).

    Only with ``demo`` does the brief show the shipped made-up survey and interview data, watermarked
    DEMO on every page; by default its perceptions section counts the real responses in ``survey_db``."""
    from tradebridge.evidence.collect import collect_evidence
    from tradebridge.evidence.rules import evaluate_rules, load_rules
    from tradebridge.report.annex import annex_context, annex_file, render_annex
    from tradebridge.report.context import brief_context
    from tradebridge.report.render import render_html

    for lang in langs:
        check_option("lang", lang, LANGS)
    if scope is None:
        from tradebridge.config import load_settings
        from tradebridge.reference.blocs import scope_from_settings

        scope = scope_from_settings(load_settings())
    say = progress or (lambda _msg: None)
    say("evidence")
    ev = collect_evidence(store_path, scope, models=models, scenarios=scenarios, cache=cache, progress=progress, demo=demo,
                          survey_db=survey_db)
    recs = evaluate_rules(load_rules(rules), ev.cards, reporter=ev.reporter, bloc=ev.label)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[str, Path]] = []  # (html, pdf path) to write
    written: dict[str, dict[str, Path]] = {k: {} for k in ("html", "pdf", "annex_html", "annex_pdf")}
    for lang in langs:
        say(f"html {lang}")
        context = brief_context(ev, recs, lang, annex_kind="pdf" if pdf else "html")
        html = render_html(context)
        annex = render_annex(annex_context(ev, lang, brief_file=f"brief-{lang}.{'pdf' if pdf else 'html'}",
                                           title=str(context.get("title", ""))))
        for kind, text in (("html", html), ("annex_html", annex)):
            path = out_dir / (f"brief-{lang}.html" if kind == "html" else annex_file(lang, "html"))
            _write_text(path, text)
            written[kind][lang] = path
        if pdf:
            pages += [(html, out_dir / f"brief-{lang}.pdf"), (annex, out_dir / annex_file(lang, "pdf"))]
    for path in write_pdfs(pages, workers=workers, progress=say):
        written["annex_pdf" if path.name.startswith("annex-") else "pdf"][path.stem.split("-")[-1]] = path
    return BriefResult(written["html"], written["pdf"], len(ev.cards), len(recs), len(ev.notes.get("claims", [])),
                       annex_html=written["annex_html"], annex_pdf=written["annex_pdf"])


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _write_one(job: tuple[str, Path]) -> Path:
    from tradebridge.report.render import write_pdf

    html, path = job
    return write_pdf(html, path.with_suffix(".pdf.tmp")).replace(path)


def write_pdfs(pages: Sequence[tuple[str, Path]], *, workers: int | None = None,
               progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write each ``(html, path)`` as a PDF (atomically: a ``.tmp`` file, then renamed), in ``workers``
    processes (default: one per CPU, at most one per page; 1 writes them here, in order).

    WeasyPrint holds the GIL, so pages are written in parallel in forked processes; errors (a missing
    glyph, a missing extra) come back as they are."""
    say = progress or (lambda _msg: None)
    if not pages:
        return []
    from tradebridge.report.fonts import page_text, prepare_faces

    if len(pages) > 1:  # one static CJK instance for every page (made before any worker forks)
        say("fonts")
        prepare_faces([page_text(html) for html, _ in pages])
    workers = workers or min(len(pages), os.cpu_count() or 1)
    if workers <= 1 or len(pages) == 1:
        out = []
        for html, path in pages:
            say(f"pdf {path.stem}")
            out.append(_write_one((html, path)))
        return out
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    say(f"pdf ×{len(pages)} ({workers} processes)")
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        return list(pool.map(_write_one, pages))
