"""The brief's fonts: a Korean PDF built where fontconfig knows no CJK font still embeds Noto Sans CJK (from
the ``pdf`` extra) and keeps its Korean text extractable; a character no font has fails the build, named.

The build runs ``tradebridge brief`` in a subprocess whose FONTCONFIG_FILE lists only the DejaVu fonts (a
fresh machine without fonts-noto-cjk), without the models and scenarios (tested elsewhere).
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tb_testing import require_tool, skip_outside_ci
from tradebridge.errors import ReportError
from tradebridge.report import fonts


def _dejavu_dir() -> Path:
    fc_match = require_tool("fc-match", "fontconfig, to find the DejaVu fonts")
    out = subprocess.run([fc_match, "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True,
                         timeout=30, check=False).stdout
    if "DejaVu" not in out:
        skip_outside_ci("DejaVu Sans is not installed (fonts-dejavu-core); .ci/run installs it")
    return Path(out).parent


@pytest.fixture(scope="module")
def bare_fontconfig(tmp_path_factory) -> dict[str, str]:
    """An environment whose fontconfig lists only DejaVu: no CJK font at all (checked)."""
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(f"<fontconfig><dir>{_dejavu_dir()}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>",
                    encoding="utf-8")

    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    fc_list = require_tool("fc-list", "fontconfig, to list the fonts it knows")
    korean = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, env=env,
                            timeout=60, check=True).stdout
    assert korean.strip() == "", f"the bare fontconfig still knows Korean fonts: {korean}"
    return env


@pytest.fixture(scope="module")
def korean_pdf(store_path, bare_fontconfig, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("brief-ko")
    code = "from tradebridge.cli.main import app; app()"
    done = subprocess.run([sys.executable, "-c", code, "brief", "--lang", "ko", "--out", str(out),
                           "--store", str(store_path), "--reporter", "KOR", "--partners", "PA",
                           "--no-models", "--no-scenarios"],
                          capture_output=True, text=True, env=bare_fontconfig, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "weasyprint" not in done.stderr.lower(), f"library log lines leaked without --verbose: {done.stderr}"
    return out


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.titles: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.inside = True
            self.titles.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.titles[-1] += data


def test_korean_pdf_embeds_cjk_font_without_system_cjk(korean_pdf):
    from pypdf import PdfReader

    reader = PdfReader(korean_pdf / "brief-ko.pdf")
    embedded = set()
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", []):
                descriptor = desc.get_object()["/FontDescriptor"].get_object()
                if any(key.startswith("/FontFile") for key in descriptor):
                    embedded.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert any("CJK" in name for name in embedded), f"no Noto Sans CJK embedded, only {sorted(embedded)}"

    parser = _Headings()
    parser.feed((korean_pdf / "brief-ko.html").read_text(encoding="utf-8"))
    titles = [" ".join(t.split()) for t in parser.titles if any("\uac00" <= ch <= "\ud7a3" for ch in t)]
    assert len(titles) >= 4, titles  # the Korean brief has Korean section titles to look for
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    missing = [t for t in titles if t not in text]
    assert not missing, f"Korean section titles not extractable from brief-ko.pdf: {missing}"


def test_glyph_check_names_a_private_use_character():
    html = '<html lang="en"><body><p>Trade grew by 4.1% in 2016 \u2014 ' + chr(0xE01F) + "</p></body></html>"
    with pytest.raises(ReportError) as err:
        fonts.check_glyphs(html, "en")
    assert "U+E01F" in str(err.value) and "en brief" in str(err.value) and "1 character " in str(err.value)


def test_glyph_check_passes_the_three_languages_text():
    """Latin with Spanish accents, typographic marks and Hangul (and Hanja) are all covered by the stack."""
    for lang, text in {"en": "Korea’s exports – 2016 “FTA” ±5% €", "es": "Año señor Perú Canciller ¿Qué? ¡Sí!",
                       "ko": "대한민국과 태평양동맹의 무역 韓國 「협정」 · 2016년"}.items():
        assert fonts.missing_glyphs(f'<html lang="{lang}"><p>{text}</p></html>', lang) == []


def test_page_text_skips_css_and_counts_svg_text():
    html = "<html><head><title>\ue000</title><style>p::before { content: '\ue001' }</style></head>" \
           "<body><p>ok</p><svg><text>한</text></svg></body></html>"
    assert fonts.page_text(html) == "ok한"


def test_write_pdf_refuses_a_page_with_missing_glyphs(tmp_path):
    pytest.importorskip("weasyprint")
    from tradebridge.report.render import write_pdf

    with pytest.raises(ReportError, match="U\\+F8FF"):
        write_pdf('<html lang="ko"><body><p>한국 ' + chr(0xF8FF) + "</p></body></html>", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def _embedded_fonts(pdf: Path) -> dict[str, bytes]:
    from pypdf import PdfReader

    out = {}
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", []):
                descriptor = desc.get_object()["/FontDescriptor"].get_object()
                for key in descriptor:
                    if key.startswith("/FontFile"):
                        out[str(font["/BaseFont"]).split("+", 1)[-1]] = descriptor[key].get_object().get_data()
    return out


def test_korean_pdfs_embed_static_cjk_outlines_not_the_variable_font(korean_pdf):
    """brief-ko.pdf and annex-ko.pdf embed Noto Sans CJK as static CFF (no CFF2 variable outlines, which
    poppler reports as 'embedded font may be invalid')."""
    import io

    from fontTools.ttLib import TTFont

    for name in ("brief-ko.pdf", "annex-ko.pdf"):
        fonts_in = _embedded_fonts(korean_pdf / name)
        cjk = {k: v for k, v in fonts_in.items() if "CJK" in k}
        assert cjk, f"{name}: no Noto Sans CJK embedded, only {sorted(fonts_in)}"
        for font_name, data in cjk.items():
            tables = set(TTFont(io.BytesIO(data)).keys())
            assert "CFF2" not in tables and "fvar" not in tables, (name, font_name, sorted(tables))


def test_static_faces_cover_the_text_at_two_weights_and_are_reused(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont

    if fonts.cjk_font_file() is None:
        skip_outside_ci("the pdf extra's Noto Sans CJK wheel is not installed")
    monkeypatch.setenv("TRADEBRIDGE_FONT_CACHE", str(tmp_path))
    # faces prepared by a build earlier in this process would serve font_face_css (as they should in a
    # build): start without them, whichever tests ran before in this worker
    monkeypatch.setattr(fonts, "_PREPARED", [])
    text = "대한민국과 태평양동맹 · Año 2016"
    faces = fonts.static_faces(text)
    assert sorted(faces) == [400, 700] and all(p.parent == tmp_path for p in faces.values())
    for weight, path in faces.items():
        with TTFont(str(path)) as font:
            assert "fvar" not in font and "CFF " in font
            assert font["OS/2"].usWeightClass == weight
            assert {ord(c) for c in text if not c.isspace()} <= set(font.getBestCmap())
    stamp = {w: p.stat().st_mtime_ns for w, p in faces.items()}
    assert fonts.static_faces(text) == faces  # the same characters: the cached files, not made again
    assert {w: p.stat().st_mtime_ns for w, p in faces.items()} == stamp
    css = fonts.font_face_css(text)
    assert css.count("@font-face") == 2 and "font-weight: 700" in css and faces[700].as_uri() in css


def test_prepared_faces_serve_every_page_of_a_build(tmp_path, monkeypatch):
    if fonts.cjk_font_file() is None:
        skip_outside_ci("the pdf extra's Noto Sans CJK wheel is not installed")
    monkeypatch.setenv("TRADEBRIDGE_FONT_CACHE", str(tmp_path))
    monkeypatch.setattr(fonts, "_PREPARED", [])
    faces = fonts.prepare_faces(["대한민국 2016", "Año Perú"])
    assert fonts.font_face_css("국 Perú") == fonts.font_face_css("Año")  # both pages use the one prepared pair
    assert faces[400].as_uri() in fonts.font_face_css("Perú") and len(list(tmp_path.glob("*.otf"))) == 2
    monkeypatch.setenv("TRADEBRIDGE_CJK_FONT", "variable")
    assert fonts.cjk_font_file().as_uri() in fonts.font_face_css("국")  # the benchmark's baseline
