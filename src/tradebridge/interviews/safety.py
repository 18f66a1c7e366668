"""Guards for untrusted interview inputs: ids used as file names, confined paths, zip and XML limits.

A ``.qdpx`` or ``.docx`` comes from someone else's machine. Nothing in it may choose where a file is
written, expand into gigabytes, or make the XML parser fetch or expand entities:

* :func:`safe_id` — an id used as a file name is NFKC-normalised and must match an allow-list
  (letters, digits, ``_`` and ``-``, at most :data:`MAX_ID_CHARS`), so ``../``, absolute paths, drive
  letters, NUL and look-alike characters never reach the file system.
* :func:`confined` — builds ``folder/name``, resolves it and checks that the resolved parent *is* the
  folder (a symlinked folder or file pointing elsewhere is refused).
* :func:`open_archive` / :func:`read_member` — member count, total and per-member decompressed size and
  compression ratio are capped (:class:`ArchiveLimits`; documented in docs/interviews.md), and a member
  is read with a bounded read, whatever its header claims.
* :func:`parse_xml` — defusedxml: no DTD, no entity expansion, no external references.

>>> safe_id("INT-0007", "transcript id")
'INT-0007'
>>> safe_id("../../etc/passwd", "transcript id")
Traceback (most recent call last):
...
tradebridge.errors.DataError: transcript id '../../etc/passwd' is not a valid id. Fix: use 1-64 letters, digits, '_' or '-' (no path separators, dots or spaces)
"""

from __future__ import annotations

import re
import stat
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from tradebridge.errors import DataError

MAX_ID_CHARS = 64
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps for a zip archive (``.qdpx``): members, decompressed bytes (total and per member), ratio."""

    max_members: int = 10_000
    max_total_bytes: int = 500_000_000
    max_member_bytes: int = 100_000_000
    max_ratio: float = 200.0  # decompressed / compressed, for members above 1 MB


DEFAULT_LIMITS = ArchiveLimits()


def safe_id(value: object, what: str) -> str:
    """``value`` as an id that is safe as a file name (NFKC-normalised, allow-listed), or DataError."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not _ID.fullmatch(text):
        raise DataError(f"{what} {str(value)[:80]!r} is not a valid id",
                        hint="use 1-64 letters, digits, '_' or '-' (no path separators, dots or spaces)")
    return text


def safe_label(value: object, what: str, *, max_chars: int = 64) -> str:
    """A short display name (coder, user): NFKC, no control characters, not starting like a formula.

    >>> safe_label(" Ana María ", "coder")
    'Ana María'
    """
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text or len(text) > max_chars or _CONTROL.search(text) or text.startswith(_FORMULA_START):
        raise DataError(f"{what} {str(value)[:80]!r} is not accepted",
                        hint=f"use 1-{max_chars} printable characters, not starting with = + - @")
    return text


def confined(folder: Path, name: str) -> Path:
    """``folder / name`` after checking that it resolves to a file directly inside ``folder``."""
    base = Path(folder)
    target = base / name
    real_base = base.resolve()
    if base.is_symlink():
        raise DataError(f"{base} is a symbolic link", hint="use a real folder for the project")
    resolved = target.resolve()
    if target.is_symlink() or resolved.parent != real_base or resolved.name != name:
        raise DataError(f"{name!r} would be written outside {base}",
                        hint="remove the symbolic link or rename the item; files stay inside the project")
    return target


def open_archive(path: str | Path, what: str, limits: ArchiveLimits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open a zip and check its table of contents against ``limits`` (before anything is read)."""
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise DataError(f"{path} not found", hint="check the file name") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DataError(f"{path} is not a {what} (zip) file or is damaged ({exc})",
                        hint=f"export the {what} again from the program that made it") from None
    infos = zf.infolist()
    problem = None
    if len(infos) > limits.max_members:
        problem = f"has {len(infos)} members (limit {limits.max_members})"
    elif sum(i.file_size for i in infos) > limits.max_total_bytes:
        problem = f"unpacks to more than {limits.max_total_bytes:,} bytes"
    else:
        for i in infos:
            if stat.S_ISLNK(i.external_attr >> 16):
                problem = f"member {i.filename!r} is a symbolic link"
            elif i.file_size > limits.max_member_bytes:
                problem = f"member {i.filename!r} unpacks to {i.file_size:,} bytes (limit {limits.max_member_bytes:,})"
            elif i.file_size > 1_000_000 and i.file_size > limits.max_ratio * max(i.compress_size, 1):
                problem = f"member {i.filename!r} has a compression ratio above {limits.max_ratio:g} (zip bomb?)"
            if problem:
                break
    if problem:
        zf.close()
        raise DataError(f"{path} {problem}", hint=f"check that it is a genuine {what}; the limits are in docs/interviews.md")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, limits: ArchiveLimits = DEFAULT_LIMITS) -> bytes:
    """Read one member with a bounded read (a header that lies about the size cannot blow memory)."""
    cap = min(zf.getinfo(name).file_size, limits.max_member_bytes)
    try:
        with zf.open(name) as fh:
            data = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise DataError(f"member {name!r} of the archive cannot be read ({exc})",
                        hint="the archive is damaged; export it again") from None
    if len(data) > cap:
        raise DataError(f"member {name!r} is larger than its header says", hint="the archive is damaged or forged")
    return data


def parse_xml(data: bytes, what: str) -> ET.Element:
    """Parse XML with DTDs, entities and external references refused."""
    try:
        return DET.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ValueError) as exc:
        raise DataError(f"{what}: DTDs and entities are not accepted ({type(exc).__name__})",
                        hint="export the file again from the QDA tool") from None
    except ET.ParseError as exc:
        raise DataError(f"{what} is not valid XML: {exc}", hint="export the file again from the QDA tool") from None


def decode_utf8(data: bytes, what: str) -> str:
    """UTF-8 text (BOM allowed), or a DataError saying how to re-save the file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{what} is not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})",
                        hint="save it as UTF-8 (e.g. 'Save as… > Encoding: UTF-8') and import again") from None
