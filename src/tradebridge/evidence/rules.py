"""Recommendations from a rule file: each rule names the evidence cards that trigger it and its text.

A rule (YAML, see ``rules.yaml`` beside this module; users pass their own with ``--rules FILE``)::

    - id: trade-mexico-fta
      area: trade                     # multilateral | trade | investment | cooperation
      when:                           # all conditions must hold ("any:" for one of several)
        - {card: "trade.balance_record.{reporter}-MEX", field: surplus, op: ">=", value: 5}
        - {card: "timeline.KOR-MEX-FTA.*", op: exists}
      text: {en: "...", es: "...", ko: "..."}

``card`` is an id pattern (``*`` matches any run of characters; ``{reporter}`` is filled in); ``op`` is one
of ``exists``, ``missing``, ``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``, ``in`` (value is a list), ``startswith``; a comparison holds when
any matching card satisfies it. The cards that satisfied a rule are listed as its evidence.

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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from tradebridge.errors import DataError, check_option
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.i18n import place, render

Area = Literal["multilateral", "trade", "investment", "cooperation"]
AREAS: tuple[str, ...] = ("multilateral", "trade", "investment", "cooperation")
AREA_LABELS = {
    "multilateral": {"en": "Multilateral level", "es": "Nivel multilateral", "ko": "다자 차원"},
    "trade": {"en": "Trade", "es": "Comercio", "ko": "통상"},
    "investment": {"en": "Investment", "es": "Inversión", "ko": "투자"},
    "cooperation": {"en": "Cooperation", "es": "Cooperación", "ko": "협력"},
}
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
        "!=": operator.ne, "in": lambda a, b: a in b,
        "startswith": lambda a, b: isinstance(a, str) and a.startswith(b)}


@dataclass(frozen=True)
class Rule:
    id: str
    area: str
    when: tuple[dict[str, Any], ...]
    any_of: tuple[dict[str, Any], ...]
    text: dict[str, str]


@dataclass(frozen=True)
class Recommendation:
    rule: str
    area: str
    texts: dict[str, str]
    evidence: tuple[str, ...]
    demo_based: bool = False

    def text(self, lang: str = "en") -> str:
        return self.texts.get(lang) or self.texts["en"]


def load_rules(path: Path | None = None) -> list[Rule]:
    """Rules from ``path`` or the shipped ``rules.yaml``; errors name the rule and what to fix."""
    if path is None:
        text = resources.files("tradebridge.evidence").joinpath("rules.yaml").read_text(encoding="utf-8")
        label = "rules.yaml"
    else:
        text, label = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=label) from None
    rules = []
    for i, item in enumerate(raw or []):
        where = f"rule {i + 1} ({item.get('id', '?')})"
        for key in ("id", "area", "text"):
            if key not in item:
                raise DataError(f"{where}: missing {key!r}", file=label, hint="each rule needs id, area, when, text")
        check_option(f"area of {where}", item["area"], AREAS)
        if "en" not in item["text"]:
            raise DataError(f"{where}: text needs at least an 'en' version", file=label)
        conds = tuple(item.get("when", []))
        any_of = tuple(item.get("any", []))
        for c in (*conds, *any_of):
            if "card" not in c:
                raise DataError(f"{where}: a condition lacks 'card'", file=label)
            check_option(f"op of {where}", c.get("op", "exists"), ("exists", "missing", *_OPS))
        rules.append(Rule(item["id"], item["area"], conds, any_of, dict(item["text"])))
    return rules


def _matches(cond: Mapping[str, Any], cards: Mapping[str, EvidenceCard], reporter: str) -> list[str]:
    pattern = cond["card"].replace("{reporter}", reporter)
    hits = [i for i in cards if fnmatch.fnmatchcase(i, pattern)]
    op = cond.get("op", "exists")
    if op == "exists":
        return hits
    if op == "missing":
        return ["(none)"] if not hits else []
    fn = _OPS[op]
    ok = []
    for i in hits:
        v = cards[i].values.get(cond.get("field", "value"))
        if v is not None and fn(v, cond.get("value")):
            ok.append(i)
    return ok


def _fires(rule: Rule, cards: Mapping[str, EvidenceCard], reporter: str) -> tuple[str, ...] | None:
    """The evidence behind a rule, or None when its conditions do not hold."""
    evidence: list[str] = []
    for cond in rule.when:
        hits = _matches(cond, cards, reporter)
        if not hits:
            return None
        evidence.extend(h for h in hits if h != "(none)")
    if rule.any_of:
        found = [h for c in rule.any_of for h in _matches(c, cards, reporter) if h != "(none)"]
        if not found:
            return None
        evidence.extend(found)
    return tuple(dict.fromkeys(evidence))


def evaluate_rules(rules: Iterable[Rule], cards: Mapping[str, EvidenceCard], *, reporter: str,
                   bloc: str) -> list[Recommendation]:
    """The recommendations whose conditions hold, each with the ids of the cards behind it.

    A recommendation is ``demo_based`` when it would not fire without the demo cards.
    """
    real = {i: c for i, c in cards.items() if not c.demo}
    out = []
    for rule in rules:
        ev = _fires(rule, cards, reporter)
        if ev is None:
            continue
        texts = {lang: render(t, lang, {"reporter": place(reporter, lang), "bloc": place(bloc, lang)})
                 for lang, t in rule.text.items()}
        demo = len(real) < len(cards) and _fires(rule, real, reporter) is None
        out.append(Recommendation(rule.id, rule.area, texts, ev, demo))
    return out
