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


def font_face_css(text: str | None = None) -> str:
    """The ``@font-face`` rules that register the shipped CJK font with WeasyPrint ('' without it).

    With ``text`` (the characters the pages draw), static Regular and Bold instances of the KR face,
    subset to those characters (:func:`static_faces`), so WeasyPrint embeds plain CFF outlines instead of
    subsetting the 33 MB variable collection; without it (or with ``TRADEBRIDGE_CJK_FONT=variable``, the
    benchmark's baseline), the variable collection itself."""
    path = cjk_font_file()
    if path is None:
        return ""
    if text is not None and not _variable_requested():
        faces = _prepared_for(text) or static_faces(text)
        return "".join(f'@font-face {{ font-family: "{CJK_FAMILY}"; font-weight: {w}; src: url("{f.as_uri()}"); }}\n'
                       for w, f in faces.items())
    return f'@font-face {{ font-family: "{CJK_FAMILY}"; src: url("{path.as_uri()}"); }}\n'


def _variable_requested() -> bool:
    import os

    return os.environ.get("TRADEBRIDGE_CJK_FONT", "static") == "variable"


WEIGHTS = (400, 700)  # the brief's regular and bold text
CACHE_FORMAT = "cff1"  # part of the cached file names: a change of how instances are made is not mixed up
EXTRA = "•◦▪–—…−×→←·%‰"  # list markers and punctuation WeasyPrint may draw without them in the text


def font_cache_dir() -> Path:
    """Where static font instances are kept: ``TRADEBRIDGE_FONT_CACHE``, else the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``) under ``tradebridge/fonts``; never inside the repository."""
    import os

    if env := os.environ.get("TRADEBRIDGE_FONT_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tradebridge" / "fonts"


@lru_cache(maxsize=4)
def _font_digest(path: Path, size: int, mtime: int) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def static_faces(text: str) -> dict[int, Path]:
    """Static instances (weights :data:`WEIGHTS`) of the shipped collection's KR face holding the glyphs
    of ``text``'s characters (plus ASCII), made once with fontTools (subset, then
    ``varLib.instancer``) and kept in :func:`font_cache_dir` under a name keyed by the font file's hash
    and the characters, so a second build reuses them.

    WeasyPrint embeds a variable CFF2 font as a subset of the variable outlines, which is slow and which
    poppler reports as "embedded font may be invalid"; a static CFF instance is neither."""
    import hashlib

    path = cjk_font_file()
    if path is None:
        raise ReportError("static CJK faces need the 'pdf' extra (Noto Sans CJK): pip install 'tradebridge[pdf]'")
    st = path.stat()
    chars = sorted({ord(c) for c in text} | set(range(0x20, 0x7F)) | {ord(c) for c in EXTRA})
    key = hashlib.sha256(",".join(map(str, chars)).encode()).hexdigest()[:12]
    folder = font_cache_dir()
    digest = _font_digest(path, st.st_size, st.st_mtime_ns)
    out = {w: folder / f"{CJK_FAMILY.replace(' ', '')}-{w}-{digest}-{key}-{CACHE_FORMAT}.otf" for w in WEIGHTS}
    if all(p.exists() for p in out.values()):
        return out
    folder.mkdir(parents=True, exist_ok=True)
    _instantiate(path, FACE_INDEX if path.suffix == ".ttc" else 0, chars, out)
    return out


_PREPARED: list[tuple[frozenset[str], dict[int, Path]]] = []  # faces made by prepare_faces in this process


def prepare_faces(texts: list[str]) -> dict[int, Path] | None:
    """Make one pair of static faces for all ``texts`` (the pages of one build), so that each page's
    :func:`font_face_css` uses them instead of instancing its own subset (one fontTools pass, not one per
    page; processes forked afterwards inherit them). None without the shipped font or with the variable one.

    >>> prepare_faces([]) is None
    True
    """
    if not texts or cjk_font_file() is None or _variable_requested():
        return None
    union = "".join(sorted({c for text in texts for c in text}))
    faces = static_faces(union)
    _PREPARED.append((frozenset(union), faces))
    return faces


def _prepared_for(text: str) -> dict[int, Path] | None:
    need = set(text)
    return next((faces for chars, faces in reversed(_PREPARED) if need <= chars and all(p.exists() for p in faces.values())),
                None)


def _instantiate(path: Path, index: int, chars: list[int], targets: dict[int, Path]) -> None:
    """Subset the face to ``chars`` once, then write a static instance per weight (atomically)."""
    import os

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(path), fontNumber=index)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=chars)
    sub.subset(font)
    for weight, target in targets.items():
        static = instancer.instantiateVariableFont(font, {"wght": weight}, static=True) if "fvar" in font else font
        if "CFF2" in static:
            static = _as_cff(static)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        static.save(str(tmp))
        tmp.replace(target)  # a concurrent build sees the whole file or none


def _reload(font):
    import io

    from fontTools.ttLib import TTFont

    stream = io.BytesIO()
    font.save(stream)
    stream.seek(0)
    return TTFont(stream, recalcTimestamp=False, recalcBBoxes=False)


def _as_cff(font):
    """A static CFF2 font with CFF outlines, which PDF readers take (poppler rejects CFF2 as "embedded font
    file may be invalid"). As fontTools' own downgrade, but with the charstrings read before converting
    (the converter cannot read them lazily) and a save/load around it (tables refer to glyph names)."""
    from fontTools.cffLib.CFF2ToCFF import convertCFF2ToCFF

    font = _reload(font)
    top = font["CFF2"].cff.topDictIndex[0]
    _ = top.CharStrings, getattr(top, "FDSelect", None), [fd.Private for fd in top.FDArray]
    convertCFF2ToCFF(font)
    return _reload(font)


def _page_css(html: str) -> str:
    return "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.DOTALL))


def font_stack(lang: str, css: str | None = None) -> tuple[str, ...]:
    """The families of the ``font-family`` for a page in ``lang`` (``html[lang=..]`` wins) in ``css``
    (a page's own style sheet; by default the brief's ``templates/brief.css``)."""
    if css is None or "font-family" not in css:
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
    have = covered(font_stack(lang, _page_css(html)))
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
    stack = ", ".join(font_stack(lang, _page_css(html)))
    names = "; ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')} ({ch!r})" for ch in missing[:20])
    more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    raise ReportError(
        f"the {lang} brief has {len(missing)} character{'s' if len(missing) > 1 else ''} no font of its stack "
        f"({stack}) has, which would print as empty boxes: {names}{more}",
        hint="install the 'pdf' extra (pip install 'tradebridge[pdf]' brings Noto Sans CJK) or a font that "
             "covers them, or edit the text")
