"""Render the brief: context -> Jinja2 HTML (self-contained) -> PDF (WeasyPrint)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from tradebridge.errors import ReportError


def template_env() -> jinja2.Environment:
    """The Jinja2 environment of the report templates (the brief and its annex)."""
    folder = resources.files("tradebridge.report").joinpath("templates")
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(context: dict) -> str:
    """The self-contained HTML of the brief (CSS inline, charts as inline SVG)."""
    env = template_env()
    css = resources.files("tradebridge.report").joinpath("templates/brief.css").read_text(encoding="utf-8")
    return env.get_template("brief.html.j2").render(**{**context, "css": Markup(css)})


def write_pdf(html: str, path: Path, *, lang: str | None = None) -> Path:
    """Write the PDF of an HTML brief with WeasyPrint, Korean in the Noto Sans CJK of the ``pdf`` extra.

    Fails with :class:`ReportError` naming them if characters of the page have no glyph in its font
    stack (``lang``: the page's language, read from ``<html lang=..>`` when not given)."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except ImportError as exc:  # pragma: no cover - optional extra
        raise ReportError("PDF output needs the 'pdf' extra: pip install 'tradebridge[pdf]'") from exc
    from tradebridge.report.fonts import check_glyphs, font_face_css, page_text

    if lang is None:
        found = re.search(r'<html[^>]*\blang="([\w-]+)"', html)
        lang = found.group(1) if found else "en"
    check_glyphs(html, lang)
    fonts = FontConfiguration()
    faces = [CSS(string=css, font_config=fonts)] if (css := font_face_css(page_text(html))) else []  # static CJK
    HTML(string=html).write_pdf(str(path), stylesheets=faces, font_config=fonts)
    return path
