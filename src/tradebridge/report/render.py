"""Render the brief: context -> Jinja2 HTML (self-contained) -> PDF (WeasyPrint)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from tradebridge.errors import ReportError


def _env() -> jinja2.Environment:
    folder = resources.files("tradebridge.report").joinpath("templates")
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(context: dict) -> str:
    """The self-contained HTML of the brief (CSS inline, charts as inline SVG)."""
    env = _env()
    css = resources.files("tradebridge.report").joinpath("templates/brief.css").read_text(encoding="utf-8")
    defaults = {k: "" for k in ("flows_svg", "balance_svg", "timeline_svg", "survey_svg", "scenario_svg")}
    return env.get_template("brief.html.j2").render(**{**defaults, **context, "css": Markup(css)})


def write_pdf(html: str, path: Path) -> Path:
    """Write the PDF of an HTML brief with WeasyPrint (fonts from the system: Noto CJK for Korean)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - optional extra
        raise ReportError("PDF output needs the 'pdf' extra: pip install 'tradebridge[pdf]'") from exc
    import logging

    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)  # layout progress is not the user's business
    HTML(string=html).write_pdf(str(path))
    return path
