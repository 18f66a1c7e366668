"""A section of the one string table: the policy brief's prose, sections and annex (merged into :data:`tradebridge.i18n.strings.STRINGS`)."""

from __future__ import annotations

BRIEF: dict[str, dict[str, str]] = {
}
