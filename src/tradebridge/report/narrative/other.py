"""Section prose: investment, aid and cooperation; shocks (exchange rates, COVID-19); perceptions."""

from __future__ import annotations

from markupsafe import Markup, escape

from tradebridge.i18n import format_value, t
from tradebridge.report.narrative import facts
from tradebridge.report.narrative._base import Writer, listing
from tradebridge.report.narrative._cite import cite, fill_text, join, link, template

COVID_YEAR = 2020


def investment(w: Writer) -> Markup:
    """The investment treaties by status, in force first; what is missing to measure FDI and ODA."""
    ev = w.ev
    bits = facts.by_prefix(ev, f"investment.bit.{ev.reporter}-")
    by_status: dict[str, list] = {}
    for c in bits:
        by_status.setdefault(c.values.get("status", ""), []).append(c)
    parts = []
    for status, key in (("in force", "br_inv_in_force"), ("terminated", "br_inv_terminated"),
                        ("signed, not in force", "br_inv_signed")):
        cards = by_status.get(status, [])
        if cards:
            items = listing([bit_item(w, c) for c in cards], w.lang)
            parts.append(w.say(key, items=items))
    fdi = [c for c in ev.cards.values() if c.topic == "fdi"]
    oda = [c for c in ev.cards.values() if c.topic == "oda"]
    for c in sorted(fdi + oda, key=lambda c: c.id)[:3]:
        parts.append(link([c.id], c.statement(w.lang)))
    partners = ev.label
    if not fdi:
        parts.append(w.say("br_inv_no_fdi", cmd=_code(f"tradebridge data fetch oecd-fdi --reporter {ev.reporter} "
                                                      f"--partners {partners}")))
    if not oda:
        parts.append(w.say("br_inv_no_oda", cmd=_code(f"tradebridge data fetch oecd-crs --donor {ev.reporter} "
                                                      f"--recipients {partners}")))
    return join(parts)


def bit_item(w: Writer, card) -> Markup:
    """'Mexico (June 27, 2002)': the partner and the date of the treaty's status."""
    return w.say("br_item", name=w.name(card.values["partner"]), value=cite_date(w, card))


def _code(text: str) -> Markup:
    return Markup("<code>{}</code>").format(text)


def cite_date(w: Writer, card) -> Markup:
    key = "in_force" if card.values.get("status") == "in force" else (
        "terminated" if card.values.get("status") == "terminated" else "signed")
    if not card.values.get(key):
        key = "signed"
    return link([card.id], format_value(card.values.get(key), "date", w.lang))


def shocks(w: Writer) -> Markup:
    """The members' currencies against the reporter's and its exports to them (``shocks.fx.R-P``), the
    export elasticities, significant ones first; COVID-19 only when the data cover it (``shocks.covid``)."""
    ev = w.ev
    fx = sorted((c for m in ev.members if (c := ev.cards.get(f"shocks.fx.{ev.reporter}-{m}")) is not None),
                key=lambda c: c.values["fx_change"])
    parts = []
    if fx:
        items = listing([w.say("br_item", name=w.name(c.values["partner"]),
                                   value=cite(c, "fx_change")) for c in fx], w.lang)
        rose = [c for c in fx if c.values.get("exports_change", 0) > 0]
        parts.append(w.say("br_shk_fx_rose" if len(rose) == len(fx) else "br_shk_fx", y0=cite(fx[0], "y0"),
                           y1=cite(fx[0], "y1"), items=items))
    el = [c for m in ev.members if (c := ev.cards.get(f"shocks.fx_elasticity.{ev.reporter}-{m}")) is not None]
    sig = sorted((c for c in el if c.values.get("significant")), key=lambda c: -abs(c.values["elasticity"]))
    weak = sorted((c for c in el if not c.values.get("significant")), key=lambda c: -abs(c.values["elasticity"]))
    if sig:
        c = sig[0]
        parts.append(w.say("br_shk_el_sig", partner=w.name(c.values["partner"]), e=cite(c, "elasticity"),
                           lo=cite(c, "ci_low"), hi=cite(c, "ci_high"), ci=w.ci(c),
                           goods=c.values.get(f"goods_{w.lang}") or c.values.get("goods", "")))
    if weak:
        parts.append(w.say("br_shk_el_weak", items=listing([fill_text(
            template("br_item", w.lang), w.lang, name=w.name(c.values["partner"]), value=cite(c, "elasticity"))
            for c in weak], w.lang)))
    if not fx and not el:
        parts.append(w.say("br_shk_no_fx"))
    parts.append(covid(w))
    return join(parts)


def covid(w: Writer) -> Markup:
    ev = w.ev
    card = ev.cards.get(f"shocks.covid.{ev.reporter}")
    if card is not None and card.values.get("status") == "not covered":
        return link([card.id], w.say("br_shk_covid_out", year=cite(card, "data_end")))
    found = sorted(c for c in ev.cards if c.startswith(f"shocks.covid.{ev.reporter}-"))
    if found:
        return join([link([i], ev.cards[i].statement(w.lang)) for i in found[:3]])
    last = facts.bloc_flows(ev)
    if card is None and last is not None and last.values["year"] < COVID_YEAR:
        return link([last.id], w.say("br_shk_covid_out", year=cite(last, "year")))
    return Markup("")


def perceptions(w: Writer) -> Markup:
    """By default: how many real responses exist (the survey database, not a warehouse figure) and how
    to collect them."""
    n = w.ev.notes.get("survey_responses")
    if n is None:
        return Markup(escape(t(w.lang, "perceptions_no_db")))
    return Markup('<span class="count" data-source="survey-db">{}</span>').format(t(w.lang, "perceptions_count", n=n))
