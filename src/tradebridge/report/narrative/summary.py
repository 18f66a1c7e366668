"""The summary page: the data vintage and the five ranked messages, each one number and one implication.

Ranking: a message's importance is its tier in the hierarchy of evidence — an estimated effect whose
95% interval excludes zero (3), a measured structure of the whole relationship: size, both sides'
weights, composition (2), a measured imbalance or change (1), a simulation (0.5) — plus, within the
tier, a size in [0, 1): the estimate's |z| / 10 (capped), the share of trade concerned, the magnitude
of the change. Never alphabetical; ties keep the order of the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from tradebridge.report.narrative import agreements, facts, relation
from tradebridge.report.narrative._base import Writer
from tradebridge.report.narrative._cite import cite, derived, join

N_MESSAGES = 5


@dataclass(frozen=True)
class Message:
    """One ranked message: what it is about, its importance score, the number and the implication."""

    kind: str
    score: float
    finding: Markup
    implication: Markup


def _cap(x: float) -> float:
    return min(abs(x), 0.999)


def messages(w: Writer, n: int = N_MESSAGES) -> list[Message]:
    """The ``n`` most important messages, most important first."""
    found = [m for build in (_size, _fta, _weights, _composition, _balance, _exports, _scenario)
             if (m := build(w)) is not None and m.finding]
    return sorted(found, key=lambda m: -m.score)[:n]


def _size(w: Writer) -> Message | None:
    members = facts.member_flows(w.ev)
    if len(members) < 2:
        return None
    total = sum(c.values["total"] for c in members)
    first = members[0]
    share = first.values["total"] / total
    name = w.name(first.values["partner"])
    missing = first.values["partner"] in facts.members_without_fta(w.ev)
    return Message("size", 2 + _cap(share), w.say("br_msg_size", first=name,
                                                   share=derived(share, "pct", members)),
                   w.say("br_imp_size_nofta" if missing else "br_imp_size", first=name))


def _fta(w: Writer) -> Message | None:
    pooled = w.ev.cards.get("fta.pooled")
    if pooled is None:
        return None
    z = pooled.values["estimate"] / pooled.values["se"] if pooled.values.get("se") else 0.0
    sig = facts.significant(pooled)
    missing = facts.members_without_fta(w.ev)
    imp = (w.say("br_imp_fta_missing", missing=w.names(missing)) if missing and sig
           else w.say("br_imp_fta") if sig else w.say("br_imp_fta_weak"))
    return Message("fta", (3 if sig else 0.5) + _cap(z / 10), w.say(
        "br_msg_fta" if sig else "br_msg_fta_weak", effect=cite(pooled, "effect")), imp)


def _weights(w: Writer) -> Message | None:
    views = sorted(relation.partner_views(w.ev), key=lambda c: -relation.export_ratio(c))
    if not views or relation.export_ratio(views[0]) <= 1:
        return None
    c = views[0]
    name = w.name(c.values["partner"])
    return Message("weights", 2 + _cap(c.values["r_share_of_p_exports"]),
                   w.say("br_msg_weights", partner=name, share=cite(c, "r_share_of_p_exports"),
                         ratio=derived(relation.export_ratio(c), "ratio", [c])),
                   w.say("br_imp_weights", partner=name))


def _composition(w: Writer) -> Message | None:
    pairs = relation.composition_cards(w.ev)
    if pairs:
        code, _, back = pairs[0]
        return Message("composition", 2 + _cap(back.values["commodity"]),
                       w.say("br_msg_comp_pair", partner=w.name(code), share=cite(back, "commodity")),
                       w.say("br_imp_comp"))
    rep = relation.world_goods(w.ev, w.ev.reporter)
    others = [c for m in w.ev.members if (c := relation.world_goods(w.ev, m)) is not None]
    if rep is None or not others or not rep.values.get("commodity"):
        return None
    top = max(others, key=lambda c: c.values["commodity"])
    if top.values["commodity"] <= rep.values["commodity"]:
        return None
    ratio = derived(top.values["commodity"] / rep.values["commodity"], "ratio", [top, rep])
    return Message("composition", 2 + _cap(top.values["commodity"]) / 2,
                   w.say("br_msg_comp_world", partner=w.name(relation._exporter(top)), share=cite(top, "commodity"),
                         ratio=ratio), w.say("br_imp_comp"))


def _balance_record(w: Writer, card) -> Markup:
    """A balance-record card as the main text says it: in how many of the panel years the reporter had a
    surplus (or a deficit, whichever is the majority) with the partner."""
    surplus = card.values["surplus_share"] >= 0.5
    k = cite(card, "surplus") if surplus else derived(card.values["n"] - card.values["surplus"], "int", [card])
    return w.say("br_msg_bal_surplus" if surplus else "br_msg_bal_deficit", partner=w.name(card.values["partner"]),
                 k=k, n=cite(card, "n"))


def _balance(w: Writer) -> Message | None:
    records = facts.balance_records(w.ev)
    if not records:
        return None
    c = records[0]
    surplus = c.values["surplus_share"] >= 0.5
    return Message("balance", 1 + _cap(abs(c.values["surplus_share"] - 0.5) * 2), _balance_record(w, c),
                   w.say("br_imp_bal_surplus" if surplus else "br_imp_bal_deficit", partner=w.name(c.values["partner"])))


def _exports(w: Writer) -> Message | None:
    since = facts.exports_since(w.ev)
    if not since:
        return None
    c = since[0]
    return Message("exports", 1 + _cap(c.values["change"]) / 2,
                   w.say("br_msg_exports", partner=w.name(c.values["partner"]), change=cite(c, "change"),
                         y0=cite(c, "y0")),
                   w.say("br_imp_exports_fell" if c.values["change"] < 0 else "br_imp_exports_rose",
                         partner=w.name(c.values["partner"])))


def _scenario(w: Writer) -> Message | None:
    from tradebridge.models.scenarios import load_scenario

    ev = w.ev
    for name in agreements.scenario_names(ev):
        spec = load_scenario(name)
        if not spec.add:
            continue
        partner = next((b if a == ev.reporter else a for a, b in spec.add if ev.reporter in (a, b)), None)
        card = ev.cards.get(f"scenario.{name}.{partner}")
        if card is None:
            continue
        small = abs(card.values.get("welfare", 0.0)) < 0.01
        return Message("scenario", 0.5 + _cap(card.values.get("welfare", 0.0)),
                       w.say("br_msg_scn", partner=w.name(partner), welfare=cite(card, "welfare")),
                       w.say("br_imp_scn_small" if small else "br_imp_scn", partner=w.name(partner)))
    return None


def vintage(w: Writer) -> Markup:
    """Years covered, their spacing and the sources: what the brief's numbers can and cannot say."""
    ev = w.ev
    record = ev.cards.get(f"trade.balance_record.{ev.reporter}-{ev.label}") or next(
        iter(facts.balance_records(ev)), None)
    data = ev.cards.get(f"data.{ev.scope.dataset}")
    parts = []
    if record is not None:
        step = facts.panel_step(record)
        source = data.values["source"].split(" via ")[0].split(" (")[0] if data else ev.scope.dataset
        key = "br_vintage_step" if step and step > 1 else "br_vintage"
        parts.append(w.say(key, y0=cite(record, "y0"), y1=cite(record, "y1"), n=cite(record, "n"),
                           step=derived(step or 1, "int", [record]), source=source))
    goods = relation.world_goods(ev, ev.reporter)
    if goods is not None:
        period = cite(goods, "period") if goods.values.get("period") else cite(goods, "year")
        parts.append(w.say("br_vintage_products", year=period, dataset=cite(goods, "dataset", "text")))
    names = agreements.scenario_names(ev)
    if names:
        rep = ev.cards[f"scenario.{names[0]}.{ev.reporter}"]
        content = facts.scenario_content(rep)
        if content["year"]:
            parts.append(w.say("br_vintage_scn", year=derived(content["year"], "year", [rep]),
                               data=content["data"]))
    return join(parts)


def why(w: Writer, card) -> Markup:
    """The figure that motivates a recommendation, said the way the main text says it: a balance
    record as panel years (one year in four, not consecutive years), a treaty by its status; any other
    card by its own statement, linked whole."""
    from tradebridge.report.narrative import other
    from tradebridge.report.narrative._cite import link

    if card.id.startswith("trade.balance_record."):
        return _balance_record(w, card)
    if card.id.startswith("investment.bit."):
        key = {"in force": "br_inv_in_force", "terminated": "br_inv_terminated"}.get(card.values.get("status"),
                                                                                    "br_inv_signed")
        item = other.bit_item(w, card)
        return w.say(key, items=item)
    return link([card.id], card.statement(w.lang))
