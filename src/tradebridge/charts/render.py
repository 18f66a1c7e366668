"""Render a chart spec: SVG for the brief (vl-convert, no browser) and script-safe JSON for the dashboard.

Korean labels need a CJK font registered with vl-convert before rendering, else nothing or tofu is
drawn and text widths are measured with another font. :func:`cjk_font` looks for Noto Sans CJK where
fontconfig, Debian's ``fonts-noto-cjk`` or the ``manimgx-fonts-cjk`` wheel put it; without one the SVG
is drawn in the default sans-serif font (Latin text stays readable) and :func:`chart_font` says so.

>>> "<" in embed_json({"title": "</script><script>"})
False
>>> svg = to_svg({"data": {"values": [{"x": 1, "y": 2}]}, "mark": "point",
...               "encoding": {"x": {"field": "x", "type": "quantitative"},
...                            "y": {"field": "y", "type": "quantitative"}}})
>>> svg.startswith("<svg") and "<path" in svg
True
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import warnings
from collections.abc import Mapping
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from markupsafe import Markup

from tradebridge.errors import ReportError

CJK_FAMILY = "Noto Sans CJK KR"
CJK_TEXT = re.compile(r"[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]")  # Hangul, kana, CJK
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")  # Debian fonts-noto-cjk
FONT_PACKAGES = ("manimgx_fonts_cjk",)  # wheels that ship Noto Sans CJK (OFL)


class MissingFontWarning(UserWarning):
    """A chart has Hangul or other CJK text but no CJK font was found: that text would not be drawn."""


def _fontconfig_dirs() -> list[Path]:
    """Folders of the fonts fontconfig knows with Korean coverage and a Noto Sans CJK family."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=ko", "file", "family"], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    dirs = [Path(line.split(":", 1)[0]).parent for line in out.splitlines() if CJK_FAMILY in line]
    return list(dict.fromkeys(dirs))


def _package_dirs() -> list[Path]:
    dirs = []
    for name in FONT_PACKAGES:
        spec = find_spec(name)
        if spec is not None and spec.origin:
            folder = Path(spec.origin).parent
            if any(folder.glob("*.tt[cf]")) or any(folder.glob("*.otf")):
                dirs.append(folder)
    return dirs


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, tuple[Path, ...]] | None:
    """``(family, folders)`` of a Noto Sans CJK font found on this machine, or None."""
    dirs = [*_fontconfig_dirs(), *(Path(d) for d in FONT_DIRS if Path(d).is_dir()), *_package_dirs()]
    return (CJK_FAMILY, tuple(dict.fromkeys(dirs))) if dirs else None


def _vlc():
    try:
        import vl_convert as vlc
    except ImportError as exc:  # pragma: no cover - optional extra
        raise ReportError("charts as SVG need the 'pdf' extra: pip install 'tradebridge[pdf]'") from exc
    return vlc


@lru_cache(maxsize=1)
def chart_font() -> str | None:
    """The font family charts are drawn in (registered with vl-convert once), None for the default."""
    found = cjk_font()
    if found is None:
        return None
    vlc = _vlc()
    for folder in found[1]:
        vlc.register_font_directory(str(folder))
    return found[0]


def with_font(spec: Mapping[str, Any], font: str | None) -> dict[str, Any]:
    """A copy of ``spec`` whose config sets ``font`` (unchanged when None)."""
    out = copy.deepcopy(dict(spec))
    if font:
        out["config"] = {**out.get("config", {}), "font": font}
    return out


def to_svg(spec: Mapping[str, Any]) -> str:
    """The SVG text of a Vega-Lite spec (no XML declaration), in the CJK font when one is found."""
    vlc = _vlc()
    font = chart_font()
    if font is None and CJK_TEXT.search(json.dumps(spec, ensure_ascii=False)):
        warnings.warn(MissingFontWarning(
            "a chart has Hangul or other CJK text but no CJK font was found, so that text is not drawn; install Noto Sans "
            "CJK (Debian: apt-get install fonts-noto-cjk; or pip install manimgx-fonts-cjk)"), stacklevel=2)
    try:
        svg = vlc.vegalite_to_svg(with_font(spec, font))
    except (ValueError, RuntimeError) as exc:
        raise ReportError(f"a chart could not be rendered ({str(exc).splitlines()[0]}); check the spec's fields") from exc
    return svg.split("?>", 1)[-1].strip() if svg.startswith("<?xml") else svg


def to_png(spec: Mapping[str, Any], scale: float = 1.0) -> bytes:
    """PNG bytes of a spec (for looking at a chart; the brief embeds SVG)."""
    return _vlc().vegalite_to_png(with_font(spec, chart_font()), scale=scale)


def embed_json(spec: Mapping[str, Any]) -> Markup:
    """JSON text with ``<``, ``>`` and ``&`` escaped, safe inside a ``<script type="application/json">``."""
    text = json.dumps(spec, ensure_ascii=False, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
