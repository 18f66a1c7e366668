"""A section of the one string table: the dashboard's pages, forms and API docs (merged into :data:`tradebridge.i18n.strings.STRINGS`)."""

from __future__ import annotations

WEB: dict[str, dict[str, str]] = {
}
