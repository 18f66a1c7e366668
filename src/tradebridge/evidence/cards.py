"""The evidence card: one computed finding with its statement, comparison, caveats and provenance.

>>> card = EvidenceCard(
...     id="trade.balance.KOR-MEX.2016", topic="trade",
...     template={"en": "{reporter}'s balance with {partner} in {year} was {balance}."},
...     values={"reporter": "Korea", "partner": "Mexico", "year": 2016, "balance": 8.1e9},
...     formats={"balance": "usd", "year": "year"}, comparison="exports minus imports",
...     provenance=(ProvenanceRef("comtrade_aggregate", "abc", "UN Comtrade via penppml", "MIT"),))
>>> card.statement("en")
"Korea's balance with Mexico in 2016 was US$8.10 bn."
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tradebridge.i18n import format_value, render


@dataclass(frozen=True)
class ProvenanceRef:
    """A dataset a card draws on (name, file hash, source, licence) and how it was used."""

    dataset: str
    sha256: str | None
    source: str
    licence: str | None = None
    query: str | None = None


@dataclass(frozen=True)
class EvidenceCard:
    """A computed finding. ``template`` maps a language to a statement with ``{value}`` fields."""

    id: str
    topic: str
    template: dict[str, str]
    values: dict[str, Any]
    formats: dict[str, str] = field(default_factory=dict)
    comparison: str = ""
    caveats: tuple[str, ...] = ()
    provenance: tuple[ProvenanceRef, ...] = ()
    method: str = ""
    demo: bool = False
    illustrative: bool = False

    def formatted(self, key: str, lang: str = "en") -> str:
        """One value formatted for ``lang`` (money, percent, ratio, year, text)."""
        value = self.values.get(key)
        kind = self.formats.get(key, "text" if isinstance(value, str) else "number")
        return format_value(value, kind, lang)

    def statement(self, lang: str = "en") -> str:
        """The statement in ``lang`` (English when no translation), values formatted and the
        grammar of :mod:`tradebridge.i18n` applied (``{reporter:는}``, ``{partner:a}``, ``{x:change}``)."""
        template = self.template.get(lang) or self.template["en"]
        values = {k: self.values.get(k) for k in self.values}
        formats = {k: self.formats.get(k, "text" if isinstance(v, str) else "number") for k, v in values.items()}
        return render(template, lang, values, formats, strict=False)

    def value(self, key: str) -> Any:
        return self.values.get(key)

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready record (used by the brief's appendix and the API)."""
        return {
            "id": self.id, "topic": self.topic, "statement": self.statement("en"), "values": self.values,
            "comparison": self.comparison, "caveats": list(self.caveats), "method": self.method,
            "demo": self.demo, "illustrative": self.illustrative,
            "provenance": [p.__dict__ for p in self.provenance],
        }
