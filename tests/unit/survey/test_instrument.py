"""Instrument validation: the shipped instrument is valid; a broken one reports every problem with its location."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradebridge.errors import DataError
from tradebridge.survey.instrument import (
    default_instrument_path,
    load_instrument,
    validate_instrument,
)

FIX = Path(__file__).parent / "fixtures"


def test_default_instrument_covers_the_brief_in_three_languages():
    inst = load_instrument(default_instrument_path())
    assert inst.languages == ("en", "es", "ko")
    assert {s.id for s in inst.sections} == {"respondent", "relationship", "fta", "market", "concerns",
                                             "cooperation", "membership"}
    assert {q.attribute for q in inst.questions if q.attribute} == {"country", "actor_type", "sector", "firm_size"}
    assert {t for q in inst.questions for t in [q.type]} == {"single", "multiple", "likert5", "likert7", "numeric", "text"}
    for q in inst.questions:
        assert all(q.text[lg].strip() for lg in ("en", "es", "ko")), q.id
    assert [v for v, _ in inst.question("actor_type").choices("ko")] == ["public", "private", "academia", "civil_society"]


def test_broken_instrument_reports_every_problem_with_location():
    text = (FIX / "broken_instrument_madeup.yaml").read_text(encoding="utf-8")
    problems = {(p.location, p.line) for p in validate_instrument(text)}
    messages = "\n".join(str(p) for p in validate_instrument(text))
    expected = {
        ("id", 1), ("version", 2), ("title.ko", 4),
        ("sections[0].questions[0].options[1].value", 15),
        ("sections[0].questions[1].options", 20),
        ("sections[0].questions[2].type", 24),
        ("sections[0].questions[3].min", 28),
        ("sections[0].questions[3].show_if.question", 30),
        ("sections[0].questions[3].text.ko", 31),
        ("sections[0].questions[4].id", 32),
    }
    assert expected <= problems, messages
    assert "actor type 'government' is not one of" in messages
    assert "unknown question type 'likert6'" in messages
    assert "not an earlier question" in messages
    with pytest.raises(DataError, match=r"problem\(s\) in the instrument"):
        load_instrument(FIX / "broken_instrument_madeup.yaml")


def test_invalid_yaml_reports_line():
    (p,) = validate_instrument("id: x\nsections: [\n")
    assert p.location == "<file>" and p.line is not None and "not valid YAML" in p.message


def _problems(sections: list[tuple[str, list[str]]]) -> set[tuple[str, str]]:
    """(location, message) of every problem of a small instrument: (section id, question lines) each."""
    text = "id: small\nversion: 1\ntitle: {en: T, es: T, ko: T}\nsections:" + ("" if sections else " []") + "\n"
    for sid, questions in sections:
        text += f"  - id: {sid}\n    title: {{en: S, es: S, ko: S}}\n    questions:" + ("" if questions else " []") + "\n"
        text += "".join(f"      - {{{q}, type: text, text: {{en: Q, es: Q, ko: Q}}}}\n" for q in questions)
    return {(p.location, p.message) for p in validate_instrument(text)}


COUNTRY = "id: country, attribute: country"


def test_section_and_question_ids_are_checked_alike():
    got = _problems([("about", [COUNTRY, "id: country"]), ("about", ["id: Bad-Id"])])
    assert ("sections[0].questions[1].id", "duplicate question id 'country' (first at sections[0].questions[0])") in got
    assert ("sections[1].id", "duplicate section id 'about' (first at sections[0])") in got
    assert ("sections[1].questions[0].id",
            "question id 'Bad-Id' must be lower-case letters, digits and '_' (start with a letter)") in got


def test_empty_lists_are_named_where_they_stand():
    got = _problems([("about", [COUNTRY, "id: later, show_if: {all: []}", "id: last, show_if: {question: country, in: []}"]),
                     ("nothing", [])])
    assert ("sections[0].questions[1].show_if.all", "all must be a non-empty list of conditions") in got
    assert ("sections[0].questions[2].show_if.in", "in must be a non-empty list of option values") in got
    assert ("sections[1].questions", "a section needs a non-empty list of questions") in got
    assert ("sections", "an instrument needs a non-empty list of sections") in _problems([])
    # with ids and lists in order, none of these problems (the others: the attributes' question types)
    assert [m for _, m in _problems([("about", [COUNTRY])]) if " id " in m or "non-empty" in m] == []
