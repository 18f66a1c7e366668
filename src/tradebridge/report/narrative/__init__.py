"""The brief's main text as prose generated from the evidence: sentences that compare, rank and
qualify, ordered by importance (size, change, significance), never alphabetically; every number
linked to its card (``data-evidence``). Wording lives in :mod:`tradebridge.i18n.strings_brief` (keys
``br_*``) with the grammar specs; numbers go through the Babel formatters.

>>> from tradebridge.evidence.cards import EvidenceCard
>>> from tradebridge.reference.blocs import resolve_scope
>>> from types import SimpleNamespace
>>> card = EvidenceCard("trade.balance_record.KOR-MEX", "trade", {"en": ""},
...     {"partner": "MEX", "surplus": 11, "n": 14, "surplus_share": 11 / 14, "y0": 1964, "y1": 2016,
...      "years": list(range(1964, 2017, 4))}, {"surplus": "int", "n": "int", "y0": "year", "y1": "year"})
>>> ev = SimpleNamespace(scope=resolve_scope("KOR", "MEX"), reporter="KOR", members=("MEX",), bloc=None,
...     label="MEX", cards={card.id: card}, notes={}, frames={})
>>> text = build_narrative(ev, "en").sections["relation"].striptags()
>>> "in surplus in most panel years with Mexico (11 of 14)" in text, "one year in 4" in text
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd
from markupsafe import Markup

from tradebridge.report.narrative import agreements, other, relation, summary
from tradebridge.report.narrative._base import Writer
from tradebridge.report.narrative._cite import Num, cite, derived, join, say
from tradebridge.report.narrative.summary import Message

PARAGRAPH = Markup("</p>\n<p>")  # a section's parts are paragraphs of its <p> in the template
SECTIONS = ("relation", "traded", "fta", "scenarios", "investment", "shocks", "views")

__all__ = ["SECTIONS", "Message", "Narrative", "Num", "build_narrative", "cite", "derived", "say"]


@dataclass(frozen=True)
class Narrative:
    """The main text in one language: the vintage line, the ranked messages and each section's prose."""

    lang: str
    vintage: Markup
    messages: tuple[Message, ...]
    sections: MappingProxyType
    scenarios: tuple[tuple[str, Markup], ...]  # (title, paragraph) per scenario, largest effect first

    def to_frame(self) -> pd.DataFrame:
        """One row per message (rank, kind, score, text) and per section (its text)."""
        rows = [{"part": "message", "rank": i + 1, "kind": m.kind, "score": m.score,
                 "text": f"{m.finding.striptags()} {m.implication.striptags()}"} for i, m in enumerate(self.messages)]
        rows += [{"part": "section", "rank": None, "kind": k, "score": None, "text": v.striptags()}
                 for k, v in self.sections.items()]
        return pd.DataFrame(rows)


def build_narrative(ev: Any, lang: str) -> Narrative:
    """Every paragraph of the main text of ``ev`` in ``lang``."""
    w = Writer(ev, lang)
    sections = {
        "relation": join([relation.size(w), relation.weights(w), relation.balance(w)], PARAGRAPH),
        "traded": relation.composition(w),
        "fta": join([agreements.effects(w), agreements.windows(w)], PARAGRAPH),
        "scenarios": agreements.missing(w),
        "investment": other.investment(w),
        "shocks": other.shocks(w),
        "views": other.perceptions(w),
    }
    return Narrative(lang, summary.vintage(w), tuple(summary.messages(w)), MappingProxyType(sections),
                     tuple(agreements.scenarios(w)))
