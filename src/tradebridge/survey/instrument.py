"""Survey instruments as YAML files: sections, questions, respondent attributes, skip logic, en/es/ko labels.

An instrument is validated as a whole: :func:`validate_instrument` returns *every* problem with its
location (``sections[1].questions[2].text.ko``, plus the YAML line), so an author fixes a file in one
pass. :func:`load_instrument` raises :class:`~tradebridge.errors.DataError` listing them all.

Question types: ``likert5``, ``likert7`` (agreement scales with built-in labels), ``single`` and
``multiple`` choice (``options``), ``numeric`` (``min``/``max``/``integer``) and ``text``
(``max_length``). A question may carry ``attribute:`` (one of ``country``, ``actor_type``, ``sector``,
``firm_size``): the respondent attributes used for domains and weighting. Skip logic: ``show_if:``
with ``question`` and one of ``in``, ``not_in``, ``min``, ``max`` (the referenced question must come
earlier), or ``all:``/``any:`` lists of such conditions.

>>> inst = load_instrument(default_instrument_path())
>>> inst.id, len(inst.languages)
('tradebridge-perceptions', 3)
>>> inst.question("fta_benefit").type
'likert5'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from tradebridge.errors import DataError
from tradebridge.i18n import LANGS

QuestionType = Literal["likert5", "likert7", "single", "multiple", "numeric", "text"]
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
Attribute = Literal["country", "actor_type", "sector", "firm_size"]
ATTRIBUTES: tuple[str, ...] = get_args(Attribute)
ACTOR_TYPES: tuple[str, ...] = ("public", "private", "academia", "civil_society")
REQUIRED_ATTRIBUTES: tuple[str, ...] = ("country", "actor_type")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_COND_KEYS = {"in", "not_in", "min", "max"}

LIKERT_LABELS: dict[int, dict[str, tuple[str, ...]]] = {
    5: {
        "en": ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
        "es": ("Muy en desacuerdo", "En desacuerdo", "Ni de acuerdo ni en desacuerdo", "De acuerdo",
               "Muy de acuerdo"),
        "ko": ("전혀 동의하지 않음", "동의하지 않음", "보통", "동의함", "매우 동의함"),
    },
    7: {
        "en": ("Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
               "Somewhat agree", "Agree", "Strongly agree"),
        "es": ("Muy en desacuerdo", "En desacuerdo", "Algo en desacuerdo", "Ni de acuerdo ni en desacuerdo",
               "Algo de acuerdo", "De acuerdo", "Muy de acuerdo"),
        "ko": ("전혀 동의하지 않음", "동의하지 않음", "다소 동의하지 않음", "보통", "다소 동의함", "동의함",
               "매우 동의함"),
    },
}


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (path and YAML line) and what."""

    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.location} (line {self.line})" if self.line else self.location
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Option:
    value: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Mapping[str, str]
    section: str
    required: bool = False
    options: tuple[Option, ...] = ()
    attribute: str | None = None
    show_if: Mapping[str, Any] | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    max_length: int = 2000
    help: Mapping[str, str] = field(default_factory=dict)

    @property
    def points(self) -> int | None:
        """Number of scale points of a Likert question (else None)."""
        return {"likert5": 5, "likert7": 7}.get(self.type)

    def choices(self, lang: str) -> list[tuple[str, str]]:
        """(value, label) pairs in ``lang``; Likert scales are coded 1..k."""
        if self.points:
            return [(str(i + 1), lab) for i, lab in enumerate(LIKERT_LABELS[self.points][lang])]
        return [(o.value, o.label.get(lang, o.value)) for o in self.options]


@dataclass(frozen=True)
class Section:
    id: str
    title: Mapping[str, str]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Instrument:
    """A validated instrument (immutable)."""

    id: str
    version: int
    title: Mapping[str, str]
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    intro: Mapping[str, str] = field(default_factory=dict)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"instrument {self.id!r} has no question {qid!r}")

    def attribute_question(self, attribute: str) -> Question | None:
        return next((q for q in self.questions if q.attribute == attribute), None)


def default_instrument_path() -> Path:
    """The shipped perceptions instrument (seed-brief themes, en/es/ko)."""
    return Path(str(resources.files("tradebridge.survey") / "instruments" / "perceptions.yaml"))


# ---------------------------------------------------------------------------------------------- lines


def _line_map(text: str) -> dict[str, int]:
    """Map location paths (``sections[0].questions[1].id``) to 1-based YAML lines."""
    out: dict[str, int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return out

    def walk(node: Any, path: str) -> None:
        out.setdefault(path or "<root>", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                out[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")

    if root is not None:
        walk(root, "")
    return out


# ---------------------------------------------------------------------------------------- validation


class _Checker:
    def __init__(self, lines: Mapping[str, int]) -> None:
        self.problems: list[Problem] = []
        self.lines = lines

    def add(self, location: str, message: str) -> None:
        line = self.lines.get(location)
        probe = location
        while line is None and ("." in probe or "[" in probe):
            probe = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            line = self.lines.get(probe)
        if line is None:
            line = self.lines.get("<root>")
        self.problems.append(Problem(location, message, line))

    def labels(self, value: Any, loc: str, langs: tuple[str, ...], what: str) -> dict[str, str]:
        if not isinstance(value, Mapping):
            self.add(loc, f"{what} must be a mapping of language to text ({', '.join(langs)})")
            return {}
        for lang in langs:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.add(f"{loc}.{lang}", f"missing {what} in language {lang!r}")
        for lang in value:
            if lang not in LANGS:
                self.add(f"{loc}.{lang}", f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
        return {str(k): str(v) for k, v in value.items()}

    def items(self, value: Any, loc: str, message: str) -> list:
        """``value`` when it is a non-empty list, else the problem ``message`` at ``loc`` and []."""
        if isinstance(value, list) and value:
            return value
        self.add(loc, message)
        return []

    def ident(self, value: Any, loc: str, what: str, first_at: Mapping[str, str]) -> None:
        """A section or question id: lower-case, digits and '_' from a letter on, not used before
        (``first_at`` maps the ids seen so far to where they were first given)."""
        if not isinstance(value, str) or not _ID.match(value):
            self.add(f"{loc}.id", f"{what} id {value!r} must be lower-case letters, digits and '_' (start with a letter)")
        elif value in first_at:
            self.add(f"{loc}.id", f"duplicate {what} id {value!r} (first at {first_at[value]})")


def _check_condition(ck: _Checker, cond: Any, loc: str, earlier: Mapping[str, dict]) -> None:
    if not isinstance(cond, Mapping):
        ck.add(loc, "show_if must be a mapping like {question: q1, in: [a, b]}")
        return
    for combo in ("all", "any"):
        if combo in cond:
            items = ck.items(cond[combo], f"{loc}.{combo}", f"{combo} must be a non-empty list of conditions")
            for i, sub in enumerate(items):
                _check_condition(ck, sub, f"{loc}.{combo}[{i}]", earlier)
            return
    ref = cond.get("question")
    if ref not in earlier:
        ck.add(f"{loc}.question", f"show_if refers to {ref!r}, which is not an earlier question; "
               "skip logic may only depend on questions asked before")
        return
    ops = [k for k in cond if k in _COND_KEYS]
    unknown = [k for k in cond if k not in _COND_KEYS | {"question"}]
    for k in unknown:
        ck.add(f"{loc}.{k}", f"unknown condition key {k!r}; valid: question, in, not_in, min, max, all, any")
    if not ops:
        ck.add(loc, "show_if needs one of in, not_in, min, max")
    target = earlier[ref]
    valid = set(target.get("_values", ()))
    for op in ("in", "not_in"):
        if op in cond:
            for v in ck.items(cond[op], f"{loc}.{op}", f"{op} must be a non-empty list of option values"):
                if valid and str(v) not in valid:
                    ck.add(f"{loc}.{op}", f"value {v!r} is not an option of question {ref!r}")
    for op in ("min", "max"):
        if op in cond and not isinstance(cond[op], (int, float)):
            ck.add(f"{loc}.{op}", f"{op} must be a number")


def _check_question(ck: _Checker, q: Any, loc: str, langs: tuple[str, ...], seen: dict[str, dict],
                    attrs: dict[str, str]) -> None:
    if not isinstance(q, Mapping):
        ck.add(loc, "a question must be a mapping with id, type and text")
        return
    qid = q.get("id")
    ck.ident(qid, loc, "question", {k: v["_loc"] for k, v in seen.items()})
    qtype = q.get("type")
    if qtype not in QUESTION_TYPES:
        ck.add(f"{loc}.type", f"unknown question type {qtype!r}; valid: {', '.join(QUESTION_TYPES)}")
    ck.labels(q.get("text"), f"{loc}.text", langs, "question text")
    values: list[str] = []
    if qtype in ("single", "multiple"):
        opts = q.get("options")
        if not isinstance(opts, list) or len(opts) < 2:
            ck.add(f"{loc}.options", f"a {qtype}-choice question needs a list of at least 2 options")
            opts = []
        for j, o in enumerate(opts):
            oloc = f"{loc}.options[{j}]"
            if not isinstance(o, Mapping) or "value" not in o:
                ck.add(oloc, "an option must be a mapping with value and label")
                continue
            val = str(o["value"])
            if val in values:
                ck.add(f"{oloc}.value", f"duplicate option value {val!r}")
            if not val or len(val) > 64 or any(c in val for c in ";,\n"):
                ck.add(f"{oloc}.value", f"option value {val!r} must be 1-64 characters without ';', ',' or newlines")
            values.append(val)
            ck.labels(o.get("label"), f"{oloc}.label", langs, "option label")
    elif "options" in q:
        ck.add(f"{loc}.options", f"options are only allowed for single/multiple choice, not {qtype!r}")
    if qtype in ("likert5", "likert7"):
        values = [str(i) for i in range(1, (5 if qtype == "likert5" else 7) + 1)]
    if qtype == "numeric":
        lo, hi = q.get("min"), q.get("max")
        for key, v in (("min", lo), ("max", hi)):
            if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v)):
                ck.add(f"{loc}.{key}", f"{key} must be a finite number")
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
            ck.add(f"{loc}.min", f"min ({lo}) is greater than max ({hi})")
    if qtype == "text":
        ml = q.get("max_length", 2000)
        if not isinstance(ml, int) or isinstance(ml, bool) or not 1 <= ml <= 20000:
            ck.add(f"{loc}.max_length", "max_length must be an integer between 1 and 20000")
    attr = q.get("attribute")
    if attr is not None:
        if attr not in ATTRIBUTES:
            ck.add(f"{loc}.attribute", f"unknown attribute {attr!r}; valid: {', '.join(ATTRIBUTES)}")
        elif attr in attrs:
            ck.add(f"{loc}.attribute", f"attribute {attr!r} is already carried by question {attrs[attr]!r}")
        else:
            attrs[attr] = str(qid)
            if qtype != "single":
                ck.add(f"{loc}.type", f"attribute question {attr!r} must be single choice")
            if attr == "actor_type":
                for v in values:
                    if v not in ACTOR_TYPES:
                        ck.add(f"{loc}.options", f"actor type {v!r} is not one of {', '.join(ACTOR_TYPES)}")
    if "required" in q and not isinstance(q["required"], bool):
        ck.add(f"{loc}.required", "required must be true or false")
    if "show_if" in q:
        _check_condition(ck, q["show_if"], f"{loc}.show_if", seen)
    known = {"id", "type", "text", "options", "required", "attribute", "show_if", "min", "max", "integer",
             "max_length", "help"}
    for k in q:
        if k not in known:
            ck.add(f"{loc}.{k}", f"unknown key {k!r}; valid keys: {', '.join(sorted(known))}")
    if isinstance(qid, str) and qid not in seen:
        seen[qid] = {"_loc": loc, "_values": values, "_type": qtype}


def validate_instrument(data: Mapping[str, Any] | str, *, source: str = "<instrument>") -> list[Problem]:
    """Every problem of an instrument (parsed mapping or YAML text); an empty list means valid.

    >>> [str(p) for p in validate_instrument("id: x\\nversion: 1\\n")][:1]
    ['title (line 1): missing title; give a mapping of language to text']
    """
    lines: dict[str, int] = {}
    if isinstance(data, str):
        lines = _line_map(data)
        try:
            data = yaml.safe_load(data)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return [Problem("<file>", f"not valid YAML: {exc}", mark.line + 1 if mark else None)]
    ck = _Checker(lines)
    if not isinstance(data, Mapping):
        return [Problem("<root>", "an instrument must be a YAML mapping with id, version, title, sections")]
    if not isinstance(data.get("id"), str) or not re.match(r"^[a-z][a-z0-9_-]{0,62}$", data.get("id") or ""):
        ck.add("id", "instrument id must be lower-case letters, digits, '-' or '_'")
    if not isinstance(data.get("version"), int) or isinstance(data.get("version"), bool):
        ck.add("version", "version must be an integer (raise it when questions change)")
    langs = data.get("languages", list(LANGS))
    if not isinstance(langs, list) or not langs or any(lg not in LANGS for lg in langs):
        ck.add("languages", f"languages must be a non-empty list drawn from {', '.join(LANGS)}")
        langs = [lg for lg in (langs if isinstance(langs, list) else []) if lg in LANGS] or list(LANGS)
    langs_t = tuple(langs)
    if "title" not in data:
        ck.add("title", "missing title; give a mapping of language to text")
    else:
        ck.labels(data["title"], "title", langs_t, "title")
    if "intro" in data:
        ck.labels(data["intro"], "intro", langs_t, "intro")
    sections = ck.items(data.get("sections"), "sections", "an instrument needs a non-empty list of sections")
    seen: dict[str, dict] = {}
    attrs: dict[str, str] = {}
    sec_ids: dict[str, str] = {}
    for i, sec in enumerate(sections):
        sloc = f"sections[{i}]"
        if not isinstance(sec, Mapping):
            ck.add(sloc, "a section must be a mapping with id, title and questions")
            continue
        sid = sec.get("id")
        ck.ident(sid, sloc, "section", sec_ids)
        sec_ids.setdefault(str(sid), sloc)
        ck.labels(sec.get("title"), f"{sloc}.title", langs_t, "section title")
        qs = ck.items(sec.get("questions"), f"{sloc}.questions", "a section needs a non-empty list of questions")
        for j, q in enumerate(qs):
            _check_question(ck, q, f"{sloc}.questions[{j}]", langs_t, seen, attrs)
    for attr in REQUIRED_ATTRIBUTES:
        if attr not in attrs:
            ck.add("sections", f"no question carries the respondent attribute {attr!r} (add `attribute: {attr}`)")
    for key in data:
        if key not in {"id", "version", "title", "intro", "languages", "sections"}:
            ck.add(str(key), f"unknown top-level key {key!r}")
    return ck.problems


def _build(data: Mapping[str, Any]) -> Instrument:
    sections = []
    for sec in data["sections"]:
        qs = []
        for q in sec["questions"]:
            opts = tuple(Option(str(o["value"]), dict(o["label"])) for o in q.get("options", ()))
            qs.append(Question(
                id=q["id"], type=q["type"], text=dict(q["text"]), section=sec["id"],
                required=bool(q.get("required", False)), options=opts, attribute=q.get("attribute"),
                show_if=q.get("show_if"), min=q.get("min"), max=q.get("max"),
                integer=bool(q.get("integer", False)), max_length=int(q.get("max_length", 2000)),
                help=dict(q.get("help", {})),
            ))
        sections.append(Section(sec["id"], dict(sec["title"]), tuple(qs)))
    return Instrument(
        id=data["id"], version=int(data["version"]), title=dict(data["title"]),
        languages=tuple(data.get("languages", LANGS)), sections=tuple(sections), intro=dict(data.get("intro", {})),
    )


def parse_instrument(text: str, *, source: str = "<instrument>") -> Instrument:
    """Parse and validate YAML text; raise :class:`DataError` listing every problem."""
    problems = validate_instrument(text, source=source)
    if problems:
        raise DataError(
            f"{len(problems)} problem(s) in the instrument:\n  " + "\n  ".join(map(str, problems)),
            file=source, hint="correct each location listed (see docs/survey.md for the format)",
            failure_cases=problems,
        )
    return _build(yaml.safe_load(text))


def load_instrument(path: str | Path) -> Instrument:
    """Load and validate an instrument file."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"instrument file {path} not found", hint="give the path of a YAML instrument")
    return parse_instrument(path.read_text(encoding="utf-8"), source=str(path))


# --------------------------------------------------------------------------------- skip logic & answers


def condition_holds(cond: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """Whether a ``show_if`` condition holds for the answers given so far (no condition: True)."""
    if not cond:
        return True
    if "all" in cond:
        return all(condition_holds(c, answers) for c in cond["all"])
    if "any" in cond:
        return any(condition_holds(c, answers) for c in cond["any"])
    value = answers.get(cond["question"])
    if value is None or value == "" or value == []:
        return False
    vals = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if "in" in cond and not any(v in {str(x) for x in cond["in"]} for v in vals):
        return False
    if "not_in" in cond and any(v in {str(x) for x in cond["not_in"]} for v in vals):
        return False
    for op, cmp in (("min", lambda a, b: a >= b), ("max", lambda a, b: a <= b)):
        if op in cond:
            try:
                if not cmp(float(vals[0]), float(cond[op])):
                    return False
            except ValueError:
                return False
    return True
