"""The claims check as data: the shipped claims file, its validation, its scope, and the outputs for
Korea and the Pacific Alliance unchanged by the move from Python constants to ``claims.yaml``.

``claims_kor_pa_before.json`` beside this file holds the rows (and the claim cards' statements) that the
claims check gave before the move (commit 6e743b6's ``evidence/claims.py``, constants in the code) for
KOR+PA on the reference warehouse of ../shared/data, written with ``dataclasses.asdict`` through the
project's JSON cleaner. The texts must be equal character for character; the measured values to 1e-9
relative (sums of the same stored rows; DuckDB may add them in another order).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from tradebridge._json import to_jsonable
from tradebridge.errors import DataError
from tradebridge.evidence.claims import (
    VERDICT_LABELS,
    VERDICTS,
    check_claims,
    load_claims,
    verdict_label,
)
from tradebridge.i18n import LANGS

BEFORE = Path(__file__).with_name("claims_kor_pa_before.json")

# a partner-year table in the store's shape (made-up values, hand-checked below)
YEARLY = pd.DataFrame({"partner": ["ARG"] * 4, "year": [1995, 2000, 2005, 2010],
                       "exports": [5e9, 6e9, 4e9, 7e9], "imports": [3e9, 7e9, 3e9, 2e9]})
YEARLY["total_trade"] = YEARLY["exports"] + YEARLY["imports"]
YEARLY["balance"] = YEARLY["exports"] - YEARLY["imports"]

TEXTS = {"en": "x", "es": "x", "ko": "x"}
DEFICIT = {"id": "deficit_arg", "check": "partner_deficit", "claim": "Argentina runs a deficit with Brazil.",
           "params": {"partner": "ARG", "since": 1990, "supported": 0.75, "partly": 0.5},
           "texts": {"years": {"en": "years in deficit", "es": "años en déficit", "ko": "개 연도 적자"},
                     "missing": TEXTS}}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _file(tmp_path: Path, *claims: dict, scope: str = "{reporter: BRA, bloc: MERCOSUR}") -> Path:
    return _write(tmp_path, f"scope: {scope}\nclaims: {json.dumps(list(claims), ensure_ascii=False)}\n")


@pytest.fixture(scope="module")
def kor_pa(store_path):
    from tradebridge.evidence.collect import collect_evidence
    from tradebridge.reference.blocs import resolve_scope

    return collect_evidence(store_path, resolve_scope("KOR", "PA"), models=False, perceptions=False)


def test_kor_pa_outputs_are_those_of_the_python_constants(kor_pa):
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    rows = to_jsonable([dataclasses.asdict(r) for r in kor_pa.notes["claims"]])
    assert [r["id"] for r in rows] == [r["id"] for r in before["rows"]] and len(rows) == 9
    for now, then in zip(rows, before["rows"], strict=True):
        assert {k: v for k, v in now.items() if k != "values"} == {k: v for k, v in then.items() if k != "values"}
        assert now["values"] == pytest.approx(then["values"], rel=1e-9)
    cards = {i: {lang: c.statement(lang) for lang in LANGS} for i, c in kor_pa.cards.items() if c.topic == "claims"}
    assert cards == before["cards"]
    # the verdicts on these data, as the annex prints them
    assert [r["verdict"] for r in rows] == ["partly supported", "supported", "supported", "supported",
                                             "partly supported", "not supported", "needs data", "needs data",
                                             "needs data"]


def test_the_shipped_claims_are_scoped_to_their_brief():
    claims = load_claims()
    assert len(claims) == 9 and {tuple(sorted(c.scope.items())) for c in claims} == {(("bloc", "PA"), ("reporter", "KOR"))}
    assert check_claims({}, {}, "BRA", "MERCOSUR") == []
    assert check_claims({}, {}, "CHL", "PA") == []
    assert check_claims({}, {}, "KOR", "MERCOSUR") == []
    # without data every claim of the brief says so, with what to fetch where a command provides it
    rows = check_claims({}, {}, "KOR", "PA")
    assert [r.verdict for r in rows] == ["needs data"] * 9
    assert rows[0].finding["en"] == "Korea's exports to Chile are not in the store."
    assert rows[6].fetch.startswith("tradebridge data fetch comtrade")


def test_verdict_labels_come_from_the_string_table():
    assert tuple(VERDICT_LABELS) == VERDICTS
    assert VERDICT_LABELS["partly supported"] == {"en": "partly supported", "es": "parcialmente respaldada",
                                                  "ko": "부분적으로 확인"}
    assert verdict_label("needs data", "ko") == "추가 자료 필요" and verdict_label("odd", "es") == "odd"


def test_a_users_claims_file_for_another_scope(tmp_path):
    path = _file(tmp_path, DEFICIT)
    (row,) = check_claims({}, {"yearly": YEARLY}, "BRA", "MERCOSUR", path=path)
    # Brazil's surplus (Argentina's deficit) in 1995, 2005, 2010, not 2000: 3 of 4 years = 0.75, and in
    # the last year -> supported; the last balance 7e9 - 2e9 = 5e9, Argentina's deficit −US$5.00 bn
    assert (row.id, row.verdict, row.values["deficit_years"], row.values["years"]) == ("deficit_arg", "supported", 3, 4)
    assert row.finding["en"] == "3/4 years in deficit; 2010: −US$5.00 bn"
    assert check_claims({}, {"yearly": YEARLY}, "KOR", "PA", path=path) == []  # not this file's scope
    two_of_four = YEARLY.assign(imports=[3e9, 7e9, 5e9, 2e9])
    two_of_four["balance"] = two_of_four["exports"] - two_of_four["imports"]
    (row,) = check_claims({}, {"yearly": two_of_four}, "BRA", path=path)  # no bloc given: the reporter decides
    assert row.verdict == "partly supported" and row.values["deficit_years"] == 2  # 0.5 >= partly


@pytest.mark.parametrize(("change", "text", "hint"), [
    ({"check": "partner_surplus"}, "unknown check 'partner_surplus'", "valid checks: exports_flat_since"),
    ({"params": {"partner": "ARG"}}, "params lack since, supported, partly", "needs params partner, since"),
    ({"texts": {"years": {"en": "y", "es": "y"}, "missing": TEXTS}}, "'years' lacks the ko", "every language"),
    ({"texts": {"years": TEXTS}}, "texts lack 'missing'", "needs texts years, missing"),
    ({"verdict": "true"}, "unknown verdict 'true'", "valid verdicts: supported"),
    ({"source": "seed"}, "unknown key(s) source", "valid keys: id, check"),
    ({"claim": ""}, "missing 'claim'", "needs id, check and claim"),
])
def test_a_bad_claim_is_named_with_what_to_fix(tmp_path, change, text, hint):
    with pytest.raises(DataError) as err:
        load_claims(_file(tmp_path, {**DEFICIT, **change}))
    message = str(err.value)
    assert "claim 1 (deficit_arg" in message and text in message and hint in message


@pytest.mark.parametrize(("text", "says"), [
    ("claims: [", "not valid YAML"),
    ("- id: a\n", "claim 1 (a): missing 'check'"),  # a bare list of claims, without scope
    ("scope: {reporter: BRA, year: 2020}\nclaims: []\n", "scope: unknown key(s) year"),
    ("rules: []\n", "unknown top-level key(s) rules"),
    ("claims: {id: a}\n", "the claims must be a list"),
])
def test_a_bad_file_is_named_with_what_to_fix(tmp_path, text, says):
    with pytest.raises(DataError, match="claims.yaml") as err:
        load_claims(_write(tmp_path, text))
    assert says in str(err.value)


def test_an_id_used_twice_is_refused(tmp_path):
    with pytest.raises(DataError, match="deficit_arg used twice"):
        load_claims(_file(tmp_path, DEFICIT, DEFICIT))
