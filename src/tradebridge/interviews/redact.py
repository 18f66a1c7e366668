"""Redaction of personal data before a transcript is stored: names from a list, e-mails, phone numbers.

Replacements are fixed tags (``[NAME]``, ``[EMAIL]``, ``[PHONE]``) so the redacted text can be shared
and coded; the counts say how much was removed. Names match case-insensitively on word boundaries
(Latin scripts; accents kept) and as plain substrings in Hangul, where particles attach to names
(김민수는 → [NAME]는). Phone numbers: 7+ digits with optional ``+country``, spaces, dots, dashes and
brackets; digit runs that look like years or amounts (fewer than 7 digits) are left alone.

>>> r = redact("Call Ana Pérez at +56 9 8765 4321 or ana.perez@example.cl.", names=["Ana Pérez"])
>>> r.text
'Call [NAME] at [PHONE] or [EMAIL].'
>>> r.counts
{'email': 1, 'phone': 1, 'name': 1}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){6,14}(?![\w])")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Redaction:
    """Redacted text and the number of replacements by kind."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _name_pattern(name: str) -> re.Pattern[str] | None:
    name = " ".join(name.split())
    if len(name) < 2:
        return None
    body = r"\s+".join(re.escape(part) for part in name.split(" "))
    if _HANGUL.search(name):
        return re.compile(body)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def redact(text: str, names: Iterable[str] = ()) -> Redaction:
    """Replace e-mails, phone numbers and listed names (longest names first)."""
    counts = {"email": 0, "phone": 0, "name": 0}
    text, counts["email"] = EMAIL.subn("[EMAIL]", text)
    text, counts["phone"] = PHONE.subn("[PHONE]", text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        pat = _name_pattern(name)
        if pat is not None:
            text, k = pat.subn("[NAME]", text)
            counts["name"] += k
    return Redaction(text, counts)
