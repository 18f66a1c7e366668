"""Section prose: the asymmetric relationship (size, both sides' weights, balance) and what is traded."""

from __future__ import annotations

from markupsafe import Markup, escape

from tradebridge.i18n import is_missing
from tradebridge.report.narrative import facts
from tradebridge.report.narrative._base import Writer, listing
from tradebridge.report.narrative._cite import cite, derived, join, link


def _item(w: Writer, code: str, num) -> Markup:
    return w.say("br_item", name=w.name(code), value=num)


def size(w: Writer) -> Markup:
    """The bloc's weight in the reporter's trade and the members ranked by size."""
    ev = w.ev
    bloc, members = facts.bloc_flows(ev), facts.member_flows(ev)
    parts = []
    if bloc is not None:
        parts.append(w.say("br_rel_size", share=cite(bloc, "share"), year=cite(bloc, "year"),
                           total=cite(bloc, "total")))
    if len(members) >= 2:
        total = sum(c.values["total"] for c in members)
        shares = [derived(c.values["total"] / total, "pct", [c, *([bloc] if bloc else [])]) for c in members]
        rest = listing([_item(w, c.values["partner"], s) for c, s in zip(members[1:], shares[1:], strict=True)],
                       w.lang)
        key = "br_rel_rank_far" if shares[0].value >= 2 * shares[1].value else "br_rel_rank"
        parts.append(w.say(key, first=w.name(members[0].values["partner"]), s1=shares[0], rest=rest))
    growth = facts._one(ev, f"trade.growth.{ev.reporter}-{ev.label}.")
    fast = facts.member_growth(ev)
    if growth is not None and len(fast) >= 2:
        parts.append(w.say("br_rel_growth", multiple=cite(growth, "multiple"), y0=cite(growth, "y0"),
                           y1=cite(growth, "y1"), cagr=cite(growth, "cagr"),
                           fast=w.name(fast[0].values["partner"]), fcagr=cite(fast[0], "cagr"),
                           slow=w.name(fast[-1].values["partner"]), scagr=cite(fast[-1], "cagr")))
    return join(parts)


def weights(w: Writer) -> Markup:
    """Each side's weight in the other's trade (the partners' view): the most asymmetric members, and
    any member for which the weights run the other way."""
    views = sorted(partner_views(w.ev), key=lambda c: -export_ratio(c))
    if not views:
        return w.say("br_rel_no_view")
    more = [c for c in views if export_ratio(c) > 1]
    less = [c for c in views if export_ratio(c) <= 1]
    parts = []

    def fields(c):
        return {"partner": w.name(c.values["partner"]), "year": cite(c, "year"), "y0": cite(c, "y0"),
                "a": cite(c, "r_share_of_p_exports"), "a0": cite(c, "r_share_of_p_exports_0"),
                "ai": cite(c, "r_share_of_p_imports"), "b": cite(c, "p_share_of_r_exports"),
                "ratio": derived(export_ratio(c), "ratio", [c])}

    if more:
        parts.append(w.say("br_rel_view_more", **fields(more[0])))
    if more[1:]:
        items = listing([w.say("br_item", name=w.name(c.values["partner"]),
                                   value=w.say("br_vs", a=cite(c, "r_share_of_p_exports"), b=cite(c, "p_share_of_r_exports")))
                         for c in more[1:]], w.lang)
        parts.append(w.say("br_rel_view_also", items=items))
    for c in less:
        parts.append(w.say("br_rel_view_less", **fields(c)))
    return join(parts)


WEIGHTS = ("r_share_of_p_exports", "p_share_of_r_exports")


def export_ratio(card) -> float:
    """How many times more the reporter weighs in the partner's exports than the partner in the reporter's."""
    a, b = card.values["r_share_of_p_exports"], card.values["p_share_of_r_exports"]
    return a / b if b else float("inf")


def partner_views(ev) -> list:
    """The members' ``partners.weight.R-P.Y`` cards (both sides' weights in the other's trade)."""
    return [c for m in ev.members if (c := facts._one(ev, f"partners.weight.{ev.reporter}-{m}.")) is not None
            and all(not is_missing(c.values.get(k)) for k in WEIGHTS)]


def balance(w: Writer) -> Markup:
    """Who runs the surplus, in how many panel years (and the spacing of those years)."""
    records = facts.balance_records(w.ev)
    if not records:
        return Markup("")
    step = facts.panel_step(records[0])
    surplus = [c for c in records if c.values["surplus_share"] > 0.5]
    deficit = [c for c in records if c.values["surplus_share"] < 0.5]
    parts = []

    def items(cards, deficit):
        return listing([w.say("br_bal_item", name=w.name(c.values["partner"]),
                                  k=derived(c.values["n"] - c.values["surplus"], "int", [c]) if deficit
                                  else cite(c, "surplus"), n=cite(c, "n")) for c in cards], w.lang)

    if surplus:
        parts.append(w.say("br_bal_surplus", items=items(surplus, False)))
    if deficit:
        parts.append(w.say("br_bal_deficit", items=items(deficit, True)))
    if step and step > 1:
        parts.append(w.say("br_bal_step", step=derived(step, "int", records[:1]), y0=cite(records[0], "y0"),
                           y1=cite(records[0], "y1")))
    since = facts.exports_since(w.ev)
    fell = [c for c in since if c.values["change"] < 0]
    rose = [c for c in since if c.values["change"] > 0]
    if since:
        def ch(cards):
            return listing([_item(w, c.values["partner"], cite(c, "change")) for c in cards], w.lang)
        key = "br_exp_since_both" if fell and rose else "br_exp_since_fell" if fell else "br_exp_since_rose"
        parts.append(w.say(key, y0=cite(since[0], "y0"), y1=cite(since[0], "y1"), fell=ch(fell), rose=ch(rose)))
    return join(parts)


# --- what is traded -------------------------------------------------------------------------------

SIMILAR = 0.15  # differentiated shares closer than 15 points: "similar goods" both ways

def composition(w: Writer) -> Markup:
    """Commodities against differentiated goods in each direction (bilateral product data when the
    warehouse has them), else in each side's exports to the world (Rauch); the sensitive sectors."""
    ev = w.ev
    pairs = composition_cards(ev)
    parts = []
    for code, out, back in pairs[:3]:
        similar = abs(out.values["differentiated"] - back.values["differentiated"]) < SIMILAR
        parts.append(w.say("br_trd_pair_similar" if similar else "br_trd_pair", partner=w.name(code),
                           year=cite(out, "year"), out_diff=cite(out, "differentiated"),
                           back_com=cite(back, "commodity"), back_diff=cite(back, "differentiated")))
    if not pairs:
        parts += _world(w)
    parts.append(sectors(w))
    parts.append(intermediates(w))
    return join(parts)


def world_goods(ev, code: str):
    """``composition.goods.X-WLD.Y`` (else the complexity layer's ``complexity.rauch.X.Y``)."""
    return facts._one(ev, f"composition.goods.{code}-WLD.") or facts._one(ev, f"complexity.rauch.{code}.")


def _exporter(card) -> str:
    return card.values.get("exporter") or card.values["country"]


def _world(w: Writer) -> list[Markup]:
    ev = w.ev
    rep = world_goods(ev, ev.reporter)
    others = sorted((c for m in ev.members if (c := world_goods(ev, m)) is not None),
                    key=lambda c: -c.values["commodity"])
    if rep is None or not others:
        return []
    period = cite(rep, "period") if rep.values.get("period") else cite(rep, "year")
    parts = [w.say("br_trd_world", year=period, diff=cite(rep, "differentiated"), com=cite(rep, "commodity"),
                   items=listing([_item(w, _exporter(c), cite(c, "commodity")) for c in others], w.lang))]
    like = [_exporter(c) for c in others if c.values["commodity"] <= rep.values["commodity"]]
    if like:
        parts.append(w.say("br_trd_like_one" if len(like) == 1 else "br_trd_like_many", like=w.names(like)))
    gaps = [g for g in ev.notes.get("composition_gaps") or () if g.get("partner") == ev.label]
    parts.append(Markup(escape(gaps[0]["reason"].get(w.lang) or gaps[0]["reason"]["en"])) if gaps else w.say("br_trd_no_pair"))
    return parts


def sectors(w: Writer) -> Markup:
    """The sensitive sectors' share and the largest sector, reporter against members (world exports)."""
    ev = w.ev
    rep = facts._one(ev, f"composition.sectors.{ev.reporter}-WLD.")
    others = sorted((c for m in ev.members if (c := facts._one(ev, f"composition.sectors.{m}-WLD.")) is not None),
                    key=lambda c: -c.values["top_sector_share"])
    if rep is None or not others:
        return Markup("")

    def top(c):
        return w.say("br_item", name=w.name(c.values["exporter"]),
                         value=link([c.id], f"{c.values[f'top_sector_{w.lang}']} {c.formatted('top_sector_share', w.lang)}"))

    return w.say("br_trd_sectors", sector=link([rep.id], rep.values[f"top_sector_{w.lang}"]),
                 share=cite(rep, "top_sector_share"), items=listing([top(c) for c in others], w.lang))


def intermediates(w: Writer) -> Markup:
    """Illustrative bilateral view from input-output intermediates, for the largest partner."""
    ev = w.ev
    members = facts.member_flows(ev)
    if not members:
        return Markup("")
    m = members[0].values["partner"]
    out = facts._one(ev, f"composition.intermediates.{ev.reporter}-{m}.")
    back = facts._one(ev, f"composition.intermediates.{m}-{ev.reporter}.")
    if out is None or back is None:
        return Markup("")
    return w.say("br_trd_intermediates", partner=w.name(m), year=cite(out, "year"),
                 out_share=cite(out, "sensitive_share"), back_share=cite(back, "sensitive_share"))


def composition_cards(ev) -> list[tuple[str, object, object]]:
    """(partner, reporter's exports card, partner's exports card) for members with bilateral shares,
    the largest trade partner first (``composition.goods.X-M.Y``, else ``complexity.goods_types``)."""
    out = []
    for m in [c.values["partner"] for c in facts.member_flows(ev)]:
        there, back = _direction(ev, ev.reporter, m), _direction(ev, m, ev.reporter)
        if there is not None and back is not None:
            out.append((m, there, back))
    return out


def _direction(ev, exporter: str, importer: str):
    if (card := facts._one(ev, f"composition.goods.{exporter}-{importer}.")) is not None:
        return card
    d = "exports" if exporter == ev.reporter else "imports"
    partner = importer if exporter == ev.reporter else exporter
    return facts._one(ev, f"complexity.goods_types.{ev.reporter}-{partner}.{d}.")
