"""What every section writer shares: the evidence, the language and the names of the scope in it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list
from markupsafe import Markup, escape

from tradebridge.i18n import pct, place
from tradebridge.report.narrative._cite import link, say


@dataclass(frozen=True)
class Writer:
    """Binds an evidence set and a language; ``say`` fills a sentence with the scope's names."""

    ev: Any
    lang: str

    @property
    def reporter(self) -> str:
        return place(self.ev.reporter, self.lang)

    @property
    def bloc(self) -> str:
        ev = self.ev
        return place(ev.bloc, self.lang) if ev.bloc else self.names(ev.members)

    def name(self, code: str) -> str:
        return place(code, self.lang)

    def names(self, codes: Iterable[str]) -> str:
        return listing([Markup(escape(place(c, self.lang))) for c in codes], self.lang).striptags()

    def ci(self, card: Any, level: float = 0.95) -> Markup:
        """'95% CI' in the language, the level linked to the card whose interval it is."""
        return say("br_ci", self.lang, level=link([card.id], pct(level, self.lang, digits=0)))

    def say(self, key: str, **fields: Any) -> Markup:
        return say(key, self.lang, **{"reporter": self.reporter, "bloc": self.bloc, **fields})


def listing(items: Sequence[Markup], lang: str) -> Markup:
    """Items joined the locale's way ("A, B and C", "A, B y C", "A, B 및 C"), markup kept.

    >>> str(listing([Markup("<b>A</b>"), Markup("B"), Markup("C")], "es"))
    '<b>A</b>, B y C'
    """
    items = [i for i in items if i]
    if not items:
        return Markup("")
    marks = [f"\x00{k}\x00" for k in range(len(items))]
    text = str(escape(format_list(marks, locale=lang)))
    for mark, item in zip(marks, items, strict=True):
        text = text.replace(mark, str(item))
    return Markup(text)
