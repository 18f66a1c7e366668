"""The policy brief: evidence -> context -> HTML (Jinja2) -> PDF (WeasyPrint), in en / es / ko.

>>> from tradebridge.report import LANGS
>>> LANGS
('en', 'es', 'ko')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tradebridge.errors import check_option
from tradebridge.i18n import LANGS
from tradebridge.reference.blocs import Scope


@dataclass(frozen=True)
class BriefResult:
    """The files written, per language, and the numbers behind them."""

    html: dict[str, Path]
    pdf: dict[str, Path]
    cards: int
    recommendations: int
    claims: int

    def summary(self) -> str:
        files = ", ".join(str(p) for p in [*self.html.values(), *self.pdf.values()])
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
) -> BriefResult:
    """Compute the evidence of ``scope`` once, then write ``brief-<lang>.html`` (and ``.pdf``) for each
    language. Without ``scope``, the settings' (``tradebridge.toml``, ``TRADEBRIDGE_REPORTER`` ...).

    Only with ``demo`` does the brief show the shipped made-up survey and interview data, watermarked
    DEMO on every page; by default its perceptions section counts the real responses in ``survey_db``."""
    from tradebridge.evidence.collect import collect_evidence
    from tradebridge.evidence.rules import evaluate_rules, load_rules
    from tradebridge.report.context import brief_context
    from tradebridge.report.render import render_html, write_pdf

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
    html_paths, pdf_paths = {}, {}
    for lang in langs:
        say(f"html {lang}")
        html = render_html(brief_context(ev, recs, lang))
        path = out_dir / f"brief-{lang}.html"
        tmp = path.with_suffix(".html.tmp")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(path)
        html_paths[lang] = path
        if pdf:
            say(f"pdf {lang}")
            pdf_path = out_dir / f"brief-{lang}.pdf"
            write_pdf(html, pdf_path.with_suffix(".pdf.tmp")).replace(pdf_path)
            pdf_paths[lang] = pdf_path
    return BriefResult(html_paths, pdf_paths, len(ev.cards), len(recs), len(ev.notes.get("claims", [])))
