"""Transcripts: reading txt / md / docx with metadata, segmentation into paragraphs.

Metadata (``country``, ``actor_type``, ``sector``, ``date``, ``lang``) come from a YAML front
matter block at the top of a txt/md file (``---`` … ``---``), from the core properties of a docx
(``keywords: country=CHL; actor_type=public``), or from arguments (which win). The interviewee's
identity never enters the store: a transcript is kept under a pseudonymous id (``INT-0001``) after
:func:`~tradebridge.interviews.redact.redact` has removed names, e-mails and phone numbers.

>>> t = parse_transcript("---\\ncountry: CHL\\nactor_type: public\\n---\\nFirst answer.\\n\\nSecond answer.")
>>> t.metadata["country"], [s.text for s in t.segments]
('CHL', ['First answer.', 'Second answer.'])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tradebridge.errors import DataError

ACTOR_TYPES = ("public", "private", "academia", "civil_society")
MAX_TRANSCRIPT_BYTES = 50_000_000  # a .txt/.md transcript larger than this is refused
META_KEYS = ("country", "actor_type", "sector", "date", "lang", "demo")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


@dataclass(frozen=True)
class Segment:
    """A paragraph of a transcript: id and character offsets in the transcript text."""

    id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Transcript:
    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def segments(self) -> tuple[Segment, ...]:
        return segment_text(self.text, self.id)


def segment_text(text: str, prefix: str = "S") -> tuple[Segment, ...]:
    """Paragraphs (separated by blank lines) with their offsets."""
    out = []
    for i, m in enumerate(re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", text, re.DOTALL)):
        out.append(Segment(f"{prefix}:{i + 1:03d}", m.start(), m.end(), m.group(0)))
    return tuple(out)


def _check_meta(meta: dict[str, Any], source: str) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for k, v in meta.items():
        if k not in META_KEYS:
            raise DataError(f"unknown metadata key {k!r}", file=source, hint=f"use {', '.join(META_KEYS)}")
        if v is None:
            continue
        clean[k] = v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else (bool(v) if k == "demo" else str(v))
    if "country" in clean:
        clean["country"] = clean["country"].upper()
        if not re.fullmatch(r"[A-Z]{3}", clean["country"]):
            raise DataError(f"country {clean['country']!r} is not an ISO3 code", file=source, hint="use e.g. CHL, COL, MEX, PER")
    if "actor_type" in clean and clean["actor_type"] not in ACTOR_TYPES:
        raise DataError(f"actor_type {clean['actor_type']!r} is not valid", file=source,
                        hint=f"use one of {', '.join(ACTOR_TYPES)}")
    if "date" in clean:
        try:
            dt.date.fromisoformat(clean["date"])
        except ValueError as exc:
            raise DataError(f"date {clean['date']!r} is not YYYY-MM-DD", file=source) from exc
    return clean


def parse_transcript(text: str, *, source: str = "<text>", metadata: dict[str, Any] | None = None,
                     transcript_id: str = "T") -> Transcript:
    """Split front matter from text and validate metadata (arguments override the front matter)."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    meta: dict[str, Any] = {}
    m = _FRONT.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as exc:
            raise DataError(f"front matter is not valid YAML: {exc}", file=source) from exc
        if not isinstance(loaded, dict):
            raise DataError("front matter must be key: value lines", file=source)
        meta.update(loaded)
        text = text[m.end():]
    meta.update({k: v for k, v in (metadata or {}).items() if v is not None})
    return Transcript(transcript_id, text.strip() + "\n", _check_meta(meta, source))


def read_transcript_file(path: str | Path, metadata: dict[str, Any] | None = None) -> Transcript:
    """Read a .txt, .md or .docx transcript (not yet redacted; see :func:`redact`).

    A file that is not UTF-8, a .docx that is not a (complete) zip and an oversized file raise
    :class:`DataError` saying what to do.
    """
    from tradebridge.interviews.safety import decode_utf8, open_archive

    path = Path(path)
    if not path.is_file():
        raise DataError(f"transcript {path} not found", hint="check the file name")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise DataError(f"larger than {MAX_TRANSCRIPT_BYTES:,} bytes", file=str(path),
                            hint="split the transcript into several files")
        return parse_transcript(decode_utf8(path.read_bytes(), f"transcript {path}"), source=str(path),
                                metadata=metadata)
    if suffix == ".docx":
        import zipfile

        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml.etree import XMLSyntaxError

        open_archive(path, "Word document (.docx)").close()
        try:
            doc = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError, AttributeError, TypeError, zipfile.BadZipFile,
                XMLSyntaxError, OSError) as exc:  # what python-docx raises for a damaged package
            raise DataError(f"{path} is not a readable Word document ({type(exc).__name__}: {str(exc)[:120]})",
                            hint="open it in Word or LibreOffice and save it again as .docx, or save it as "
                                 "UTF-8 .txt") from None
        text = "\n\n".join(p.text for p in doc.paragraphs if p.text.strip())
        meta: dict[str, Any] = {}
        for part in (doc.core_properties.keywords or "").split(";"):
            if "=" in part:
                k, v = part.split("=", 1)
                meta[k.strip()] = v.strip()
        meta.update(metadata or {})
        return parse_transcript(text, source=str(path), metadata=meta)
    raise DataError(f"unsupported transcript format {suffix!r}", file=str(path), hint="use .txt, .md or .docx")
