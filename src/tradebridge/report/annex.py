"""The brief's annex, its own files (``annex-<lang>.html`` and ``.pdf``): the claims check, data and methods
(every method, comparison and caveat line of the evidence cards, in the annex's language), the full
negotiation timeline, and one line per evidence card (id, value with its unit, source, SHA-256).

The card lines are written in English where they are computed; :func:`translate_line` renders them in
Spanish or Korean from the ``annex_l_*`` entries of the one string table, whose English text is the
pattern (``{field}`` stands for any text; a field that is an ISO date is written in words).

>>> translate_line("source: mercopress", "es")
'fuente: mercopress'
>>> translate_line("UNCTAD IIA Navigator list of 2017-05-02; later changes are not in it", "ko")
'UNCTAD IIA Navigator 2017년 5월 2일 목록; 이후 변경은 반영되지 않음'
>>> annex_file("ko", "pdf")
'annex-ko.pdf'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from tradebridge.errors import DataError, check_option
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.evidence.claims import VERDICT_LABELS
from tradebridge.i18n import LANGS, STRINGS, date_text, is_missing, label, place, render, t
from tradebridge.reference.timeline import agreement_name, note_label, stage_label

LINE_PREFIX = "annex_l_"
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
CODE = re.compile(r"^(tradebridge[\w.]*( [\w-]+)*|[a-z_][\w.]*\(.*\)|[a-z_]+(\.[a-z_]+)+)$")  # code names
VINTAGE = re.compile(r"^[a-z][a-z0-9_]*, \d{4}([–-]\d{4})?$")  # "dataset, years"
KINDS = ("html", "pdf")
# a card's headline value: the first of these keys it has, else its first numeric value
VALUE_KEYS = ("effect", "welfare", "total", "change", "cagr", "share", "post", "multiple", "surplus", "eci", "rows",
              "date", "verdict")
NUMERIC = frozenset({"usd", "usd_m", "pct", "pct_signed", "pct_small", "ratio", "number", "int"})


def annex_file(lang: str, kind: str = "html") -> str:
    """The annex's file name for ``lang``, relative to the brief's folder (the main text links to it)."""
    check_option("lang", lang, LANGS)
    check_option("kind", kind, KINDS)
    return f"annex-{lang}.{kind}"


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    out = []
    for key, entry in STRINGS.items():
        if not key.startswith(LINE_PREFIX):
            continue
        parts = re.split(r"\{(\w+)\}", entry["en"])
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        literal = sum(len(p) for p in parts[::2])
        out.append((literal, key, re.compile(f"^{regex}$", re.DOTALL), tuple(parts[1::2])))
    # the most literal pattern first: a fixed sentence wins over "source: {source}"-like ones
    return tuple((k, rx, f) for _n, k, rx, f in sorted(out, key=lambda x: (-x[0], x[1])))


def line_key(text: str) -> tuple[str, dict[str, str]] | None:
    """The ``annex_l_*`` key whose English pattern matches ``text``, with the fields; None if none does."""
    for key, pattern, _fields in _patterns():
        m = pattern.match(text.strip())
        if m:
            return key, m.groupdict()
    return None


def _field(value: str, lang: str) -> str:
    return date_text(value, lang) if ISO_DATE.match(value.strip()) else value


def translate_line(text: Any, lang: str) -> str:
    """A card's method, comparison or caveat line in ``lang`` ('' for a missing one). A function or
    command name is shown as computed by it; a line with no ``annex_l_*`` pattern stays as it is
    (:func:`untranslated` lists those)."""
    if is_missing(text) or not str(text).strip():
        return ""
    text = str(text).strip()
    if CODE.match(text):
        return t(lang, "annex_code", code=text)
    if VINTAGE.match(text):
        return t(lang, "annex_vintage", text=text)
    if (curated := note_label(text, lang)) is not None:  # a timeline note translated in the reference data
        return curated
    found = line_key(text)
    if found is None:
        return text
    key, fields = found
    template = STRINGS[key].get(lang) or STRINGS[key]["en"]
    return render(template, lang, {k: _field(v, lang) for k, v in fields.items()}, strict=True)


def card_lines(card: EvidenceCard) -> list[str]:
    """The card's method, comparison and caveats (missing ones left out), in English."""
    lines = [card.method, card.comparison, *card.caveats]
    return [str(x).strip() for x in lines if not is_missing(x) and str(x).strip()]


def untranslated(cards: Iterable[EvidenceCard]) -> list[str]:
    """Lines of ``cards`` that neither match an ``annex_l_*`` pattern nor name code (to add to the table)."""
    out = {line for c in cards for line in card_lines(c)
           if not CODE.match(line) and not VINTAGE.match(line) and line_key(line) is None
           and note_label(line, "en") is None}
    return sorted(out)


@dataclass(frozen=True)
class CardLine:
    """One evidence card in the annex: id, headline value with its unit, source, file hash."""

    id: str
    value: str
    source: str
    sha256: str
    demo: bool

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "value": self.value, "source": self.source, "sha256": self.sha256, "demo": self.demo}


def headline_value(card: EvidenceCard, lang: str) -> str:
    """``label: value`` of the card's headline value (:data:`VALUE_KEYS`, else its first numeric value)."""
    keys = [k for k in VALUE_KEYS if k in card.values and not is_missing(card.values[k])]
    keys += [k for k, kind in card.formats.items() if kind in NUMERIC and k in card.values]
    if not keys:  # a status card (a treaty in force, terminated ...): its statement says it
        return card.statement(lang)
    key = keys[0]
    if key == "verdict":
        return VERDICT_LABELS.get(card.values[key], {}).get(lang, str(card.values[key]))
    name = t(lang, f"annex_v_{key}") if f"annex_v_{key}" in STRINGS else label(lang, key)
    return f"{name}: {card.formatted(key, lang)}"


def card_line(card: EvidenceCard, lang: str) -> CardLine:
    """The annex line of one card."""
    sources = ", ".join(dict.fromkeys(p.dataset for p in card.provenance)) or "–"  # the datasets table: who made them
    hashes = " ".join(dict.fromkeys((p.sha256 or "")[:12] for p in card.provenance if p.sha256)) or "–"
    return CardLine(card.id, headline_value(card, lang), sources, hashes, card.demo)


def method_groups(cards: Iterable[EvidenceCard], lang: str) -> list[dict[str, Any]]:
    """Each distinct (method, comparison) of the cards with its caveats, in ``lang``, largest group
    first: ``{"method", "comparison", "caveats", "n", "ids"}``."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cards:
        key = (translate_line(c.method, lang), translate_line(c.comparison, lang))
        g = groups.setdefault(key, {"method": key[0], "comparison": key[1], "caveats": {}, "ids": []})
        g["ids"].append(c.id)
        for cv in c.caveats:  # a stage's source and note are in the timeline table
            if str(cv).startswith("source: ") or (c.topic == "timeline" and cv == c.values.get("note")):
                continue
            if text := translate_line(cv, lang):
                g["caveats"][text] = None
    out = [{**g, "caveats": list(g["caveats"]), "n": len(g["ids"])} for g in groups.values()]
    return sorted(out, key=lambda g: (-g["n"], g["method"], g["comparison"]))


def timeline_rows(cards: Iterable[EvidenceCard], lang: str) -> list[dict[str, Any]]:
    """The full negotiation timeline: a group per agreement (in order of its first stage), each stage
    with its date in words, confidence, source and note in ``lang``."""
    stages = [c for c in cards if c.topic == "timeline"]
    by: dict[str, list[EvidenceCard]] = {}
    for c in stages:
        by.setdefault(c.values["agreement_id"], []).append(c)
    groups = []
    for aid, group in by.items():
        group.sort(key=lambda c: (str(c.values.get("date") or "9999"), c.id))
        note = [(c, c.values.get("note")) for c in group]
        groups.append({"agreement": _agreement(aid, lang), "first": str(group[0].values.get("date") or ""),
                       "rows": [{"card": c, "stage": stage_label(c.values["stage"], lang),
                                 "date": c.formatted("date", lang), "confidence": c.values.get("confidence", ""),
                                 "source": c.values.get("source", ""), "note": translate_line(n, lang)}
                                for c, n in note]})
    return sorted(groups, key=lambda g: (g["first"], g["agreement"]))


def _agreement(aid: str, lang: str) -> str:
    try:
        return agreement_name(aid, lang)
    except DataError:  # a bloc id (its founding stages) or an agreement outside the curated timeline
        return place(aid, lang)


def annex_context(ev: Any, lang: str, *, brief_file: str, title: str) -> dict[str, Any]:
    """Everything the annex template shows for ``lang`` (``brief_file``: the main text's file name,
    ``title``: the brief's title in ``lang``)."""
    check_option("lang", lang, LANGS)
    cards: Mapping[str, EvidenceCard] = ev.cards
    ordered = sorted(cards.values(), key=lambda c: c.id)
    claims = [c for c in ordered if c.topic == "claims"]
    data = [c for c in ordered if c.topic == "data" and c.id != "data.build"]
    return {
        "lang": lang, "title": title, "brief_file": brief_file,
        "t": lambda key, **kw: t(lang, key, **kw),
        "claims": [{"card": c, "claim": c.values.get("claim", ""), "finding": c.statement(lang),
                    "fetch": c.values.get("fetch"), "verdict": c.values.get("verdict", ""),
                    "verdict_label": VERDICT_LABELS.get(c.values.get("verdict", ""), {}).get(lang, "")}
                   for c in claims],
        "datasets": [{"card": c, "rows": c.formatted("rows", lang), **{k: c.values.get(k) or "" for k in
                                                                       ("dataset", "source", "licence", "sha256")}}
                     for c in data],
        "methods": method_groups(ordered, lang),
        "timeline": timeline_rows(ordered, lang),
        "lines": [card_line(c, lang) for c in ordered],
        "demo": bool(ev.notes.get("demo")),
    }


def render_annex(context: Mapping[str, Any]) -> str:
    """The self-contained HTML of the annex (CSS inline)."""
    from tradebridge.report.render import template_env

    css = resources.files("tradebridge.report").joinpath("templates/annex.css").read_text(encoding="utf-8")
    return template_env().get_template("annex.html.j2").render(**context, css=Markup(css))
