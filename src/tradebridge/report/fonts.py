"""Fonts for the brief's PDF: Noto Sans CJK from the ``pdf`` extra, and a check that every character has a glyph.

The ``manimgx-fonts-cjk`` wheel (OFL) ships Noto Sans CJK as one variable collection (``.ttc``: JP, KR, SC,
TC and HK faces on a weight axis). :func:`font_face_css` registers it with WeasyPrint under the family the
brief's CSS and the charts name (``Noto Sans CJK KR``), so a Korean PDF needs no system font; WeasyPrint
embeds a static instance (Regular or Bold) of the face it uses.

:func:`check_glyphs` fails before any PDF is written if a character of the page would come out as a
.notdef box: it resolves the CSS ``font-family`` stack of the page's language to font files (the
registered collection, else what fontconfig answers for the family) and checks the text against their
character maps.

>>> font_stack("ko")[0]
'Noto Sans CJK KR'
>>> sorted(set("Año 한국") - covered(font_stack("ko")))  # the shipped font covers Latin and Hangul
[]
>>> page_text('<html><style>p{}</style><p>a&amp;b</p><svg><text>한</text></svg></html>')
'a&b한'
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from tradebridge.errors import ReportError

CJK_FAMILY = "Noto Sans CJK KR"  # the family the CSS and the chart SVGs ask for
FONT_PACKAGE = "manimgx_fonts_cjk"
FACE_INDEX = 1  # the KR face of the collection (JP, KR, SC, TC, HK)
GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"})


def cjk_font_file() -> Path | None:
    """The Noto Sans CJK collection shipped by the ``pdf`` extra, or None when that wheel is absent."""
    spec = find_spec(FONT_PACKAGE)
    if spec is None or not spec.origin:
        return None
    files = sorted(Path(spec.origin).parent.glob("*.ttc")) + sorted(Path(spec.origin).parent.glob("*.otf"))
    return files[0] if files else None


def font_face_css() -> str:
    """The ``@font-face`` rule that registers the shipped CJK font with WeasyPrint ('' without it)."""
    path = cjk_font_file()
    if path is None:
        return ""
    return f'@font-face {{ font-family: "{CJK_FAMILY}"; src: url("{path.as_uri()}"); }}\n'


def font_stack(lang: str) -> tuple[str, ...]:
    """The families of the brief's CSS ``font-family`` for a page in ``lang`` (``html[lang=..]`` wins)."""
    css = resources.files("tradebridge.report").joinpath("templates/brief.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r'^html(\[lang="\w+"\])?\s*\{[^}]*?font-family:\s*([^;}]+)', css, flags=re.MULTILINE))
    value = rules.get(f'[lang="{lang}"]') or rules.get("")
    if not value:
        raise ReportError("the brief's CSS has no html { font-family: ... } rule; restore templates/brief.css")
    return tuple(part.strip().strip("\"'") for part in value.split(","))


def _fc_match(family: str) -> tuple[Path, int] | None:
    """(file, face index) fontconfig uses for ``family``; None when it would substitute another family."""
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{family}", family], capture_output=True,
                             text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\t")
    if len(parts) != 3 or not parts[0]:
        return None
    names = {name.strip().lower() for name in parts[2].split(",")}
    if family not in GENERIC and family.lower() not in names:
        return None  # fontconfig would hand over a fallback, not this family
    return Path(parts[0]), int(parts[1] or 0)


def resolve(family: str) -> tuple[Path, int] | None:
    """The font file (and face index) a family of the stack resolves to in the PDF, or None."""
    if family == CJK_FAMILY and (path := cjk_font_file()) is not None:
        return path, FACE_INDEX if path.suffix == ".ttc" else 0
    return _fc_match(family)


@lru_cache(maxsize=16)
def _cmap(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception as exc:  # a font file fontTools cannot read: say which
        raise ReportError(f"the font file {path.name} could not be read ({exc}); reinstall it") from exc


def covered(stack: tuple[str, ...]) -> set[str]:
    """Characters with a glyph in at least one font of ``stack``."""
    codes: set[int] = set()
    for family in stack:
        found = resolve(family)
        if found is not None:
            codes |= _cmap(*found)
    return {chr(c) for c in codes}


class _Text(HTMLParser):
    SKIP = frozenset({"style", "script", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.SKIP

    def handle_endtag(self, tag):
        self.depth -= tag in self.SKIP and self.depth > 0

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The text a page draws (element text and SVG ``<text>``; not CSS, scripts or the title)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _drawn(ch: str) -> bool:
    return unicodedata.category(ch) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}  # controls, format marks, spaces


def missing_glyphs(html: str, lang: str) -> list[str]:
    """Characters of ``html``'s text that no font of the ``lang`` stack has, in order of first use."""
    have = covered(font_stack(lang))
    return [ch for ch in dict.fromkeys(page_text(html)) if _drawn(ch) and ch not in have]


def check_glyphs(html: str, lang: str) -> None:
    """Raise :class:`ReportError` naming the characters of ``html`` that would render as .notdef boxes.

    >>> check_glyphs("<p>Comercio " + chr(0xE000) + "</p>", "es")
    Traceback (most recent call last):
    ...
    tradebridge.errors.ReportError: the es brief has 1 character no font of its stack ...
    """
    missing = missing_glyphs(html, lang)
    if not missing:
        return
    stack = ", ".join(font_stack(lang))
    names = "; ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')} ({ch!r})" for ch in missing[:20])
    more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    raise ReportError(
        f"the {lang} brief has {len(missing)} character{'s' if len(missing) > 1 else ''} no font of its stack "
        f"({stack}) has, which would print as empty boxes: {names}{more}",
        hint="install the 'pdf' extra (pip install 'tradebridge[pdf]' brings Noto Sans CJK) or a font that "
             "covers them, or edit the text")
