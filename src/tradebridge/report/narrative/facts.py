"""The facts the prose argues from, read off the evidence cards and ranked by importance (size, change,
significance), never by name. Pure functions of an :class:`~tradebridge.evidence.collect.EvidenceSet`.

>>> from types import SimpleNamespace
>>> from tradebridge.evidence.cards import EvidenceCard
>>> def flows(p, total):
...     return EvidenceCard(f"trade.flows.R-{p}.2016", "trade", {"en": ""}, {"partner": p, "total": total})
>>> cards = {c.id: c for c in (flows("A", 1.0), flows("B", 3.0), flows("BLOC", 4.0))}
>>> ev = SimpleNamespace(reporter="R", members=("A", "B"), label="BLOC", cards=cards)
>>> [c.values["partner"] for c in member_flows(ev)]
['B', 'A']
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from typing import Any

from tradebridge.evidence.cards import EvidenceCard
from tradebridge.i18n import is_missing


def _one(ev: Any, prefix: str) -> EvidenceCard | None:
    """The card whose id starts with ``prefix`` and has one more dotted part at most (the latest year)."""
    hits = sorted(i for i in ev.cards if i.startswith(prefix) and i.count(".") <= prefix.count(".") + 1)
    return ev.cards[hits[-1]] if hits else None


def bloc_flows(ev: Any) -> EvidenceCard | None:
    """``trade.flows.R-BLOC.Y``: the reporter's trade with the bloc (or the partners together)."""
    return _one(ev, f"trade.flows.{ev.reporter}-{ev.label}.")


def member_flows(ev: Any) -> list[EvidenceCard]:
    """The flows card of each member, largest total trade first."""
    cards = [c for m in ev.members if (c := _one(ev, f"trade.flows.{ev.reporter}-{m}.")) is not None
             and not is_missing(c.values.get("total"))]
    return sorted(cards, key=lambda c: -c.values["total"])


def member_growth(ev: Any) -> list[EvidenceCard]:
    """The growth card of each member, fastest first."""
    cards = [c for m in ev.members if (c := _one(ev, f"trade.growth.{ev.reporter}-{m}.")) is not None]
    return sorted(cards, key=lambda c: -c.values["cagr"])


def balance_records(ev: Any) -> list[EvidenceCard]:
    """The balance record of each member, most one-sided first (ties: the larger partner)."""
    size = {c.values["partner"]: c.values["total"] for c in member_flows(ev)}
    cards = [c for m in ev.members if (c := ev.cards.get(f"trade.balance_record.{ev.reporter}-{m}")) is not None]
    return sorted(cards, key=lambda c: (-abs(c.values["surplus_share"] - 0.5), -size.get(c.values["partner"], 0.0)))


def panel_step(card: EvidenceCard) -> int | None:
    """The spacing of the panel's years (4 for 1964, 1968, ...), from a balance record's year list."""
    years = sorted(card.values.get("years") or ())
    steps = Counter(b - a for a, b in pairwise(years))
    return steps.most_common(1)[0][0] if steps else None


def exports_since(ev: Any) -> list[EvidenceCard]:
    """Each member's exports-since card, largest change in size first."""
    cards = [c for m in ev.members if (c := _one(ev, f"trade.exports_since.{ev.reporter}-{m}.")) is not None]
    return sorted(cards, key=lambda c: -abs(c.values["change"]))


def significant(card: EvidenceCard) -> bool:
    """Whether a card's 95% interval excludes zero."""
    lo, hi = card.values.get("ci_low"), card.values.get("ci_high")
    return not (is_missing(lo) or is_missing(hi)) and (lo > 0 or hi < 0)


def fta_effects(ev: Any) -> list[EvidenceCard]:
    """The identified FTA effects, significant ones first, then by the size of the effect."""
    cards = [c for c in ev.cards.values() if c.id.startswith("fta.effect.")]
    return sorted(cards, key=lambda c: (not significant(c), -abs(c.values["effect"])))


def too_early(ev: Any) -> list[EvidenceCard]:
    return sorted((c for c in ev.cards.values() if c.id.startswith("fta.too_early.")),
                  key=lambda c: -c.values.get("entry", 0))


def contradicting_windows(ev: Any) -> list[EvidenceCard]:
    """Growth windows of total trade that point the other way from the gravity estimate."""
    return [c for c in ev.cards.values() if c.id.startswith("trade.fta_window.") and c.id.endswith(".total_trade")
            and c.values.get("gravity_effect") is not None and c.values.get("post_vs_pre")]


def members_without_fta(ev: Any) -> list[str]:
    """Members with no FTA of the reporter in the model run (``notes['ftas']``: agreement -> partner)."""
    covered = {p for p, _ in (ev.notes.get("ftas") or {}).values()}
    return [m for m in ev.members if m not in covered] if covered else []


def latest_stage(ev: Any, agreement_id: str) -> EvidenceCard | None:
    """The last curated stage of an agreement (timeline cards are numbered in date order)."""
    cards = sorted(c for c in ev.cards if c.startswith(f"timeline.{agreement_id}."))
    return ev.cards[cards[-1]] if cards else None


def first_stage(ev: Any, agreement_id: str) -> EvidenceCard | None:
    cards = sorted(c for c in ev.cards if c.startswith(f"timeline.{agreement_id}."))
    return ev.cards[cards[0]] if cards else None


def scenario_focus(ev: Any, name: str) -> list[EvidenceCard]:
    """The cards of one scenario, largest welfare change first."""
    cards = [c for c in ev.cards.values() if c.topic == "scenario" and c.values.get("scenario") == name]
    return sorted(cards, key=lambda c: -abs(c.values.get("welfare", 0.0)))


_ABSENT = re.compile(r"not in it: ([A-Z]{3}(?:, [A-Z]{3})*)")
_ALREADY = re.compile(r"^([A-Z]{3})-([A-Z]{3}): already in force in the baseline")
_NOTHING = re.compile(r"^([A-Z]{3})-([A-Z]{3}): no agreement in force in the baseline")
_BASELINE = re.compile(r"^baseline: (\S+) (\d{4})")


def scenario_content(card: EvidenceCard) -> dict[str, Any]:
    """What a scenario really did, from its card's notes: the baseline dataset and year, the countries
    absent from the baseline, the pairs already in force in it (not added) and those not in force (nothing
    to remove)."""
    out: dict[str, Any] = {"data": None, "year": None, "absent": [], "already": [], "nothing": []}
    for note in card.caveats:
        if m := _BASELINE.match(note):
            out["data"], out["year"] = m.group(1), int(m.group(2))
        if m := _ABSENT.search(note):
            out["absent"] = m.group(1).split(", ")
        if (m := _ALREADY.match(note)) and {m.group(1), m.group(2)} not in [set(p) for p in out["already"]]:
            out["already"].append((m.group(1), m.group(2)))
        if (m := _NOTHING.match(note)) and {m.group(1), m.group(2)} not in [set(p) for p in out["nothing"]]:
            out["nothing"].append((m.group(1), m.group(2)))
    return out


def by_prefix(ev: Any, prefix: str) -> list[EvidenceCard]:
    return [ev.cards[i] for i in sorted(ev.cards) if i.startswith(prefix)]
