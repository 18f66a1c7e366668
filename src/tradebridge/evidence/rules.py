"""Recommendations from a rule file: each rule names the evidence cards that trigger it, its text, who
should act (owner), when (horizon) and what to watch (an indicator to monitor).

A rule file (YAML, see ``rules.yaml`` beside this module; users pass their own with ``--rules FILE``) is a
mapping with an optional ``scope`` and the ``rules`` (a bare list of rules is accepted too)::

    scope: {reporter: KOR, bloc: PA}  # optional: the rules apply only to briefs of this reporter (and bloc)
    rules:
      - id: trade-mexico-fta
        area: trade                   # multilateral | trade | investment | cooperation
        when:                         # all conditions must hold ("any:" for one of several)
          - {card: "trade.balance_record.{reporter}-MEX", field: surplus_share, op: ">=", value: 0.6}
        text: {en: "...", es: "...", ko: "..."}
        owner: {en: "...", es: "...", ko: "..."}      # who acts: reference data, not code
        horizon: medium               # short | medium | long
        years: "2-4"                  # optional: the horizon in years
        monitor: {en: "...", es: "...", ko: "..."}    # the indicator to watch
        monitor_card: "partners.weight.{reporter}-{bloc}.*"   # optional: the card that measures it

``card`` is an id pattern (``*`` matches any run of characters; ``{reporter}`` and ``{bloc}`` are filled
in); ``op`` is one of ``exists``, ``missing``, ``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``, ``in`` (value
is a list), ``startswith``; a comparison holds when any matching card satisfies it, and needs ``field``
and ``value``. The cards that satisfied a rule are listed as its evidence: demo cards never, unless the
rule holds only with them (then the recommendation is ``demo_based`` and a default brief drops it).

>>> from tradebridge.evidence.cards import EvidenceCard
>>> c = EvidenceCard("x.KOR-MEX", "trade", {"en": ""}, {"surplus": 7})
>>> r = Rule("r1", "trade", ({"card": "x.{reporter}-MEX", "field": "surplus", "op": ">", "value": 5},), (),
...          {"en": "Do it, {reporter}."})
>>> rec = evaluate_rules([r], {"x.KOR-MEX": c}, reporter="KOR", bloc="PA")[0]
>>> rec.text("en"), rec.evidence
('Do it, Korea.', ('x.KOR-MEX',))
"""

from __future__ import annotations

import fnmatch
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from tradebridge.errors import DataError, check_option
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.i18n import LANGS, place, render

Area = Literal["multilateral", "trade", "investment", "cooperation"]
AREAS: tuple[str, ...] = ("multilateral", "trade", "investment", "cooperation")
Horizon = Literal["short", "medium", "long"]
HORIZONS: tuple[str, ...] = ("short", "medium", "long")
AREA_LABELS = {
    "multilateral": {"en": "Multilateral level", "es": "Nivel multilateral", "ko": "다자 차원"},
    "trade": {"en": "Trade", "es": "Comercio", "ko": "통상"},
    "investment": {"en": "Investment", "es": "Inversión", "ko": "투자"},
    "cooperation": {"en": "Cooperation", "es": "Cooperación", "ko": "협력"},
}
HORIZON_LABELS = {
    "short": {"en": "short term", "es": "corto plazo", "ko": "단기"},
    "medium": {"en": "medium term", "es": "mediano plazo", "ko": "중기"},
    "long": {"en": "long term", "es": "largo plazo", "ko": "장기"},
}
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
        "!=": operator.ne, "in": lambda a, b: a in b,
        "startswith": lambda a, b: isinstance(a, str) and a.startswith(b)}
_RULE_KEYS = ("id", "area", "when", "any", "text", "owner", "horizon", "years", "monitor", "monitor_card")
_REQUIRED = ("id", "area", "text", "owner", "horizon", "monitor")
_TRANSLATED = ("text", "owner", "monitor")


@dataclass(frozen=True)
class Rule:
    id: str
    area: str
    when: tuple[dict[str, Any], ...]
    any_of: tuple[dict[str, Any], ...]
    text: dict[str, str]
    owner: dict[str, str] = field(default_factory=dict)
    horizon: str = ""
    years: str = ""
    monitor: dict[str, str] = field(default_factory=dict)
    monitor_card: str = ""
    scope: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    rule: str
    area: str
    texts: dict[str, str]
    evidence: tuple[str, ...]
    demo_based: bool = False
    owners: dict[str, str] = field(default_factory=dict)
    horizon: str = ""
    years: str = ""
    monitors: dict[str, str] = field(default_factory=dict)
    monitor_cards: tuple[str, ...] = ()

    def text(self, lang: str = "en") -> str:
        return self.texts.get(lang) or self.texts["en"]

    def owner(self, lang: str = "en") -> str:
        return self.owners.get(lang) or self.owners.get("en", "")

    def monitor(self, lang: str = "en") -> str:
        return self.monitors.get(lang) or self.monitors.get("en", "")

    def horizon_label(self, lang: str = "en") -> str:
        """"medium term (2–4 years)" in ``lang``; empty without a horizon."""
        if not self.horizon:
            return ""
        word = HORIZON_LABELS[self.horizon][lang if lang in LANGS else "en"]
        unit = {"en": " years", "es": " años", "ko": "년"}.get(lang, " years")
        return f"{word} ({self.years.replace('-', '–')}{unit})" if self.years else word

    def to_record(self) -> dict[str, Any]:
        return {"rule": self.rule, "area": self.area, "texts": self.texts, "evidence": list(self.evidence),
                "demo_based": self.demo_based, "owners": self.owners, "horizon": self.horizon, "years": self.years,
                "monitors": self.monitors, "monitor_cards": list(self.monitor_cards)}


def file_error(where: str, what: str, label: str, hint: str | None = None) -> DataError:
    return DataError(f"{where}: {what}", file=label, hint=hint)


def translated_texts(item: Mapping, key: str, where: str, label: str) -> dict[str, str]:
    value = item[key]
    if not isinstance(value, Mapping):
        raise file_error(where, f"{key!r} must map languages to texts ({', '.join(LANGS)})", label,
                    hint=f"write {key}: {{en: ..., es: ..., ko: ...}}")
    missing = [lang for lang in LANGS if not str(value.get(lang) or "").strip()]
    if missing:
        raise file_error(where, f"{key!r} lacks the {', '.join(missing)} version(s)", label,
                    hint=f"give {key} in every language: {', '.join(LANGS)}")
    return {str(k): str(v) for k, v in value.items()}


def _conditions(item: Mapping, key: str, where: str, label: str) -> tuple[dict[str, Any], ...]:
    conds = item.get(key) or []
    if not isinstance(conds, list):
        raise file_error(where, f"{key!r} must be a list of conditions", label, hint="write - {card: PATTERN, op: exists}")
    for c in conds:
        if not isinstance(c, Mapping) or "card" not in c:
            raise file_error(where, "a condition lacks 'card'", label, hint="each condition needs card: PATTERN")
        op = check_option(f"op of {where}", c.get("op", "exists"), ("exists", "missing", *_OPS))
        if op in _OPS and ("field" not in c or "value" not in c):
            raise file_error(where, f"condition on {c['card']!r} with op {op!r} needs 'field' and 'value'", label)
    return tuple(dict(c) for c in conds)


def _rule(item: Any, i: int, label: str, scope: dict[str, str]) -> Rule:
    if not isinstance(item, Mapping):
        raise DataError(f"rule {i + 1}: expected a mapping (id, area, text, ...), got {type(item).__name__}", file=label)
    where = f"rule {i + 1} ({item.get('id', '?')})"
    for key in ("id", "area", "text"):
        if key not in item:
            raise file_error(where, f"missing {key!r}", label, hint="each rule needs " + ", ".join(_REQUIRED))
    check_option(f"area of {where}", item["area"], AREAS)
    unknown = sorted(set(item) - set(_RULE_KEYS))
    if unknown:
        raise file_error(where, f"unknown key(s) {', '.join(unknown)}", label, hint="valid keys: " + ", ".join(_RULE_KEYS))
    when, any_of = _conditions(item, "when", where, label), _conditions(item, "any", where, label)
    if not when and not any_of:
        raise file_error(where, "no condition: a rule needs 'when' or 'any'", label,
                    hint="name the evidence card(s) that motivate it, e.g. when: [{card: 'trade.flows.*'}]")
    for key in _REQUIRED[3:]:
        if key not in item:
            raise file_error(where, f"missing {key!r}", label, hint="each rule needs " + ", ".join(_REQUIRED))
    texts = {k: translated_texts(item, k, where, label) for k in _TRANSLATED}
    check_option(f"horizon of {where}", item["horizon"], HORIZONS)
    return Rule(str(item["id"]), item["area"], when, any_of, texts["text"], owner=texts["owner"],
                horizon=item["horizon"], years=str(item.get("years") or ""), monitor=texts["monitor"],
                monitor_card=str(item.get("monitor_card") or ""), scope=scope)


def read_scoped_file(path: Path | None, shipped: str, body: str) -> tuple[list, dict[str, str], str]:
    """(items, scope, label) of a YAML file of ``body`` items with an optional ``scope`` (reporter, bloc),
    or a bare list of items: ``path``, else the shipped file named ``shipped`` beside this module."""
    if path is None:
        text = resources.files("tradebridge.evidence").joinpath(shipped).read_text(encoding="utf-8")
        label = shipped
    else:
        text, label = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=label) from None
    scope: dict[str, str] = {}
    if isinstance(raw, Mapping):
        extra = sorted(map(str, set(raw) - {"scope", body}))
        if extra:
            raise DataError(f"unknown top-level key(s) {', '.join(extra)}", file=label, hint=f"use scope and {body}")
        scope = {str(k): str(v).upper() for k, v in (raw.get("scope") or {}).items()}
        bad = sorted(set(scope) - {"reporter", "bloc"})
        if bad:
            raise DataError(f"scope: unknown key(s) {', '.join(bad)}", file=label, hint="scope takes reporter and bloc")
        raw = raw.get(body)
    if raw is not None and not isinstance(raw, list):
        raise DataError(f"the {body} must be a list", file=label, hint=f"write {body}: followed by - id: ... items")
    return raw or [], scope, label


def load_rules(path: Path | None = None) -> list[Rule]:
    """Rules from ``path`` or the shipped ``rules.yaml``; errors name the rule and what to fix."""
    raw, scope, label = read_scoped_file(path, "rules.yaml", "rules")
    rules = [_rule(item, i, label, scope) for i, item in enumerate(raw)]
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise DataError(f"rule id {r.id!r} is used twice", file=label, hint="give each rule its own id")
        seen.add(r.id)
    return rules


def _pattern(pattern: str, reporter: str, bloc: str) -> str:
    return pattern.replace("{reporter}", reporter).replace("{bloc}", bloc)


def _matches(cond: Mapping[str, Any], cards: Mapping[str, EvidenceCard], reporter: str, bloc: str) -> list[str]:
    pattern = _pattern(cond["card"], reporter, bloc)
    hits = sorted(i for i in cards if fnmatch.fnmatchcase(i, pattern))
    op = cond.get("op", "exists")
    if op == "exists":
        return hits
    if op == "missing":
        return ["(none)"] if not hits else []
    fn = _OPS[op]
    ok = []
    for i in hits:
        v = cards[i].values.get(cond.get("field", "value"))
        try:
            if v is not None and fn(v, cond.get("value")):
                ok.append(i)
        except TypeError:  # a text field compared with a number: the condition does not hold
            continue
    return ok


def _fires(rule: Rule, cards: Mapping[str, EvidenceCard], reporter: str, bloc: str) -> tuple[str, ...] | None:
    """The evidence behind a rule, or None when its conditions do not hold."""
    evidence: list[str] = []
    for cond in rule.when:
        hits = _matches(cond, cards, reporter, bloc)
        if not hits:
            return None
        evidence.extend(h for h in hits if h != "(none)")
    if rule.any_of:
        found = [h for c in rule.any_of for h in _matches(c, cards, reporter, bloc) if h != "(none)"]
        if not found:
            return None
        evidence.extend(found)
    return tuple(dict.fromkeys(evidence))


def scope_applies(scope: Mapping[str, str], reporter: str, bloc: str | None) -> bool:
    """Whether a rules or claims file's scope (``reporter``, ``bloc``; empty: every scope) is this
    reporter and bloc; a ``bloc`` of None checks the reporter only.

    >>> scope_applies({"reporter": "BRA", "bloc": "MERCOSUR"}, "bra", "MERCOSUR"), scope_applies({"reporter": "KOR"}, "BRA", None)
    (True, False)
    """
    given = {"reporter": reporter.upper(), "bloc": (bloc or "").upper()}
    return all(given.get(k, "") == v for k, v in scope.items() if k != "bloc" or bloc is not None)


def applies(rule: Rule, reporter: str, bloc: str) -> bool:
    """Whether a rule's file scope (if any) is this reporter and bloc.

    >>> applies(Rule("r", "trade", (), (), {"en": ""}, scope={"reporter": "BRA"}), "BRA", "MERCOSUR")
    True
    """
    return scope_applies(rule.scope, reporter, bloc)


def evaluate_rules(rules: Iterable[Rule], cards: Mapping[str, EvidenceCard], *, reporter: str,
                   bloc: str) -> list[Recommendation]:
    """The recommendations whose conditions hold, each with the ids of the cards behind it.

    The evidence is taken from the real (non-demo) cards; a recommendation that holds only with the demo
    cards is ``demo_based`` (and lists them). ``monitor_cards`` are the cards matching ``monitor_card``.
    """
    real = {i: c for i, c in cards.items() if not c.demo}
    names = {lang: {"reporter": place(reporter, lang), "bloc": place(bloc, lang)} for lang in LANGS}

    def fill(texts: Mapping[str, str]) -> dict[str, str]:
        return {lang: render(t, lang, names.get(lang, names["en"])) for lang, t in texts.items()}

    out = []
    for rule in rules:
        if not applies(rule, reporter, bloc):
            continue
        ev = _fires(rule, real, reporter, bloc)
        demo = ev is None
        if demo:
            ev = _fires(rule, cards, reporter, bloc)
        if ev is None:
            continue
        watch = _pattern(rule.monitor_card, reporter, bloc) if rule.monitor_card else None
        monitored = tuple(sorted(i for i in real if watch and fnmatch.fnmatchcase(i, watch)))
        out.append(Recommendation(rule.id, rule.area, fill(rule.text), ev, demo, owners=fill(rule.owner),
                                  horizon=rule.horizon, years=rule.years, monitors=fill(rule.monitor),
                                  monitor_cards=monitored))
    return out
