"""Section prose: what the FTAs did (gravity estimates, the identification guard, windows that mislead)
and the scenarios for the missing agreements, with their true content (baseline, what is added, who is
absent)."""

from __future__ import annotations

from markupsafe import Markup, escape

from tradebridge.i18n import pct, place
from tradebridge.reference.timeline import stage_label
from tradebridge.report.narrative import facts
from tradebridge.report.narrative._base import Writer, listing
from tradebridge.report.narrative._cite import cite, derived, join, link


def _agreement(card, lang: str) -> str:
    return card.values.get("agreement_name" if lang == "en" else f"agreement_name_{lang}") or card.values["agreement"]


def _interval(card) -> bool:
    """False when the two bounds print the same (a zero-width interval is not shown)."""
    return card.formatted("ci_low") != card.formatted("ci_high")


def effects(w: Writer) -> Markup:
    """The identified effects ranked (significant first, by size), the pooled effect, the too-early ones."""
    ev, lang = w.ev, w.lang
    found = facts.fta_effects(ev)
    parts = []
    if found and facts.significant(found[0]):
        top = found[0]
        key = "br_fta_top" if _interval(top) else "br_fta_top_noci"
        parts.append(w.say(key, agreement=_agreement(top, lang), exporter=w.name(top.values["exporter"]),
                           importer=w.name(top.values["importer"]), effect=cite(top, "effect"),
                           years=cite(top, "years", "int"), lo=cite(top, "ci_low"), hi=cite(top, "ci_high"),
                           ci=w.ci(top)))
        sig = [c for c in found[1:] if facts.significant(c)]
        if sig:
            parts.append(w.say("br_fta_also", items=listing([_direction(w, c) for c in sig], lang)))
    if found:
        weak = [c for c in found if not facts.significant(c)]
        if weak:
            parts.append(w.say("br_fta_weak", items=listing([_direction(w, c) for c in weak], lang)))
    pooled = ev.cards.get("fta.pooled")
    if pooled is not None:
        included = pooled.values.get("agreements") or []
        n = derived(len(included), "int", [pooled])
        key = "br_fta_pooled" if _interval(pooled) else "br_fta_pooled_noci"
        parts.append(w.say(key, n=n, effect=cite(pooled, "effect"), lo=cite(pooled, "ci_low"),
                           hi=cite(pooled, "ci_high"), ci=w.ci(pooled)))
    for c in facts.too_early(ev):
        parts.append(w.say("br_fta_early", agreement=_agreement(c, lang), entry=cite(c, "entry"),
                           last=cite(c, "last"), min_years=cite(c, "min_years"), min_obs=cite(c, "min_obs")))
    if not found and pooled is None:
        parts.append(w.say("br_fta_none"))
    return join(parts)


def _direction(w: Writer, card) -> Markup:
    key = "br_fta_dir" if _interval(card) else "br_fta_dir_noci"
    return w.say(key, exporter=w.name(card.values["exporter"]),
                     importer=w.name(card.values["importer"]), effect=cite(card, "effect"),
                     lo=cite(card, "ci_low"), hi=cite(card, "ci_high"))


def windows(w: Writer) -> Markup:
    """Descriptive growth windows that point the other way from the estimate, and why."""
    parts = []
    for c in facts.contradicting_windows(w.ev):
        name = place(c.values["partner"], w.lang)
        parts.append(w.say("br_fta_window", partner=name, entry=cite(c, "entry"), pre=cite(c, "pre"),
                           pre_years=cite(c, "pre_years"), post=cite(c, "post"), post_years=cite(c, "post_years"),
                           gravity=derived(c.values["gravity_effect"], "pct_signed", [c, *c.values["gravity_cards"]])))
    return join(parts)


# --- the missing agreements and the scenarios --------------------------------------------------------

def missing(w: Writer) -> Markup:
    """The member(s) without an FTA: when talks started and their latest curated stage."""
    ev = w.ev
    parts = []
    for m in facts.members_without_fta(ev):
        aid = f"{ev.reporter}-{m}-FTA"
        first, last = facts.first_stage(ev, aid), facts.latest_stage(ev, aid)
        if first is None or last is None:
            parts.append(w.say("br_scn_no_fta", partner=w.name(m)))
            continue
        parts.append(w.say("br_scn_talks", partner=w.name(m), first=cite(first, "date"),
                           stage=link([last.id], stage_label(last.values["stage"], w.lang)), last=cite(last, "date")))
    assoc = facts.latest_stage(ev, f"{ev.reporter}-{ev.bloc}-ASSOC") if ev.bloc else None
    if assoc is not None:
        parts.append(w.say("br_scn_assoc", stage=link([assoc.id], stage_label(assoc.values["stage"], w.lang)),
                           last=cite(assoc, "date")))
    return join(parts)


def scenario_names(ev) -> list[str]:
    """The scenarios run, the one with the largest welfare change for the reporter first."""
    names = [n for n in ev.notes.get("scenarios") or () if f"scenario.{n}.{ev.reporter}" in ev.cards]
    return sorted(names, key=lambda n: -abs(ev.cards[f"scenario.{n}.{ev.reporter}"].values.get("welfare", 0.0)))


def scenarios(w: Writer) -> list[tuple[str, Markup]]:
    """(title, paragraph) per scenario: what it really changes, then who gains and loses."""
    from tradebridge.models.scenarios import load_scenario

    ev, lang = w.ev, w.lang
    out = []
    for name in scenario_names(ev):
        spec = load_scenario(name)
        rep = ev.cards[f"scenario.{name}.{ev.reporter}"]
        content = facts.scenario_content(rep)
        title = rep.values.get("title" if lang == "en" else f"title_{lang}") or rep.values["title"]
        year = derived(content["year"], "year", [rep])
        parts = []
        if spec.add:
            pairs = listing([Markup(escape(f"{place(a, lang)}–{place(b, lang)}")) for a, b in spec.add], lang)
            parts.append(w.say("br_scn_add", pairs=pairs, year=year, data=content["data"] or spec.data))
        elif spec.joins:
            parts.append(_join_content(w, spec, content, year, rep))
        elif spec.remove:
            pairs = [p for p in spec.remove if set(p) not in [set(q) for q in content["nothing"]]]
            parts.append(w.say("br_scn_remove", year=year, data=content["data"] or spec.data,
                               pairs=listing([Markup(escape(f"{place(a, lang)}–{place(b, lang)}")) for a, b in pairs], lang)))
        parts.append(_result(w, name, rep))
        out.append((title, join(parts)))
    return out


def _join_content(w: Writer, spec, content, year, rep) -> Markup:
    lang = w.lang
    country = spec.joins[0][0]
    members = [m for m in w.ev.members if m != country]
    already = {b if a == country else a for a, b in content["already"]}
    added = [m for m in members if m not in already and m not in content["absent"]]

    def name(codes):
        return listing([Markup(escape(place(c, lang))) for c in codes], lang)

    parts = [w.say("br_scn_join", year=year, data=content["data"] or spec.data, added=name(added))]
    if already:
        parts.append(w.say("br_scn_already", already=name(sorted(already)), year=year))
    if content["absent"]:
        parts.append(w.say("br_scn_absent", absent=name(content["absent"])))
    return join(parts)


def _result(w: Writer, name: str, rep) -> Markup:
    ev = w.ev
    focus = facts.scenario_focus(ev, name)
    top = focus[0] if focus else rep
    losers = [c for c in focus if c.values.get("welfare", 0) < 0 and c.values["country"] != top.values["country"]]
    level = link([top.id], pct(top.values.get("level_pct", 0.9), w.lang, digits=0))
    parts = [w.say("br_scn_gain" if top.values.get("welfare", 0) >= 0 else "br_scn_loss",
                   country=w.name(top.values["country"]), welfare=cite(top, "welfare"), level=level,
                   lo=cite(top, "welfare_lo"), hi=cite(top, "welfare_hi"), exports=cite(top, "exports"))]
    if top is not rep:
        parts.append(w.say("br_scn_rep", welfare=cite(rep, "welfare"), exports=cite(rep, "exports")))
    if losers and top.values.get("welfare", 0) > 0:
        items = listing([w.say("br_item", name=w.name(c.values["country"]),
                                   value=cite(c, "welfare")) for c in losers], w.lang)
        parts.append(w.say("br_scn_losers", items=items))
    return join(parts)
