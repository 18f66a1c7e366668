"""Sentences whose every number links to its evidence card.

A template of the string table (:mod:`tradebridge.i18n.strings_brief`) is filled field by field: a
cited number (:class:`Num`) is formatted with the Babel formatters and wrapped in
``<span class="ev" data-evidence="ID">``; a name is plain text; the grammar specs of
:mod:`tradebridge.i18n.grammar` (Korean particles, Spanish articles, plurals, signed changes) apply to
both. A sentence with a missing number is left out (never "nan" or a dash in prose).

>>> from tradebridge.evidence.cards import EvidenceCard
>>> c = EvidenceCard("x.1", "trade", {"en": ""}, {"share": 0.026, "year": 2016}, {"share": "pct", "year": "year"})
>>> str(fill_text("In {year}, {who} took {share:을} of it.", "ko", who="칠레", year=cite(c, "year"),
...               share=cite(c, "share")))
'In <span class="ev" data-evidence="x.1">2016</span>, 칠레 took <span class="ev" data-evidence="x.1">2.6%</span>를 of it.'
>>> str(fill_text("{a} and {b}", "en", a=cite(c, "share"), b=Num(None, "pct", ("x.1",))))
''
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from tradebridge.errors import ConfigError
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.i18n import format_value, is_missing
from tradebridge.i18n.grammar import FIELD, PARTICLES, apply_spec, josa
from tradebridge.i18n.strings import STRINGS

_UNSIGNED = {"pct_signed": "pct", "pct_small": "pct_small_abs"}


@dataclass(frozen=True)
class Num:
    """A number to print (``value`` formatted as ``fmt``) and the cards it comes from."""

    value: Any
    fmt: str
    ids: tuple[str, ...]

    def text(self, lang: str) -> str:
        return format_value(self.value, self.fmt, lang)

    def magnitude(self, lang: str) -> str:
        return format_value(abs(self.value), _UNSIGNED.get(self.fmt, self.fmt), lang)


def cite(card: EvidenceCard, key: str, fmt: str | None = None) -> Num:
    """The value ``key`` of ``card``, formatted as the card formats it (or as ``fmt``)."""
    value = card.values.get(key)
    kind = fmt or card.formats.get(key) or ("int" if isinstance(value, int) else "number")
    return Num(value, kind, (card.id,))


def derived(value: Any, fmt: str, cards: Iterable[EvidenceCard | str]) -> Num:
    """A number computed from several cards (a ratio, a count of cards), linked to all of them."""
    return Num(value, fmt, tuple(dict.fromkeys(c if isinstance(c, str) else c.id for c in cards)))


def link(ids: Iterable[str], text: str) -> Markup:
    """``text`` linked to the cards ``ids``."""
    return Markup('<span class="ev" data-evidence="{}">{}</span>').format(" ".join(dict.fromkeys(ids)), text)


def template(key: str, lang: str) -> str:
    """The wording ``key`` in ``lang`` (the string table; a missing key or language is an error)."""
    entry = STRINGS.get(key)
    if entry is None or lang not in entry:
        raise ConfigError(f"no string {key!r} in {lang!r} in the i18n table",
                          hint="add it to tradebridge/i18n/strings_brief.py in en, es and ko")
    return entry[lang]


def fill_text(text: str, lang: str, **fields: Any) -> Markup:
    """``text`` with its fields filled (see the module docstring); '' when a cited number is missing."""
    if any(isinstance(v, Num) and is_missing(v.value) for v in fields.values()):
        return Markup("")
    out: list[str] = []
    pos = 0
    for m in FIELD.finditer(text):
        out.append(str(escape(text[pos:m.start()])))
        pos = m.end()
        out.append(_field(m.group(1), m.group(2), fields, lang))
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def say(key: str, lang: str, **fields: Any) -> Markup:
    """The sentence ``key`` of the string table, filled (see :func:`fill_text`)."""
    return fill_text(template(key, lang), lang, **fields)


def _field(name: str, spec: str | None, fields: dict[str, Any], lang: str) -> str:
    if name not in fields:
        raise ConfigError(f"template field {{{name}}} has no value; give one of: {', '.join(fields) or '(none)'}")
    v = fields[name]
    if isinstance(v, Num):
        text, raw, ids = v.text(lang), v.value, v.ids
    elif isinstance(v, Markup):
        if spec and spec not in PARTICLES:
            raise ConfigError(f"field {{{name}}} is a fragment: only a particle spec applies, not {spec!r}")
        return str(v) + (josa(_plain(v), spec)[len(_plain(v)):] if spec else "")
    else:
        text, raw, ids = str(v), v, ()
    if not spec:
        return _wrap(text, ids)
    if spec in PARTICLES:
        return _wrap(text, ids) + str(escape(josa(text, spec)[len(text):]))
    if spec.startswith("~") and spec[1:] in PARTICLES:
        return str(escape(josa(text, spec[1:])[len(text):]))
    magnitude = (lambda: v.magnitude(lang)) if isinstance(v, Num) else (lambda: text.lstrip("+−-"))
    return _wrap(apply_spec(spec, raw, text, lang, magnitude), ids)


def _wrap(text: str, ids: tuple[str, ...]) -> str:
    return str(link(ids, text)) if ids else str(escape(text))


def _plain(fragment: Markup) -> str:
    return fragment.striptags()


def join(parts: Iterable[Markup], sep: str = " ") -> Markup:
    """Non-empty sentences joined."""
    return Markup(sep).join(p for p in parts if p)
