"""The filter / formula grammar (tradebridge.models.formula): what it accepts, what it refuses, and a
Hypothesis fuzz test proving that no evaluator is reached and that accepted filters give the same
mask as a hand-written row-by-row reference.

Exact comparisons throughout: masks are booleans, and the "same fit" checks compare estimates of the
same pyfixest run on the same rows (tolerance 1e-12 relative, float noise only).
"""

from __future__ import annotations

import builtins
import contextlib
import operator
import re
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradebridge.errors import ModelError
from tradebridge.models.formula import filter_mask, parse_filter, parse_formula
from tradebridge.models.gravity import estimate_gravity, prepare_data

# every formula written in the project's tests, docs, shipped scenarios and model code
EXISTING_FORMULAS = [
    "trade ~ log_dist + rta | exporter + importer",
    "trade ~ log_dist + contig + comlang_off + colony + rta + intl_brdr | exporter + importer",
    "trade ~ log_dist + contig + comlang_off + colony | exp_year + imp_year",
    "trade ~ log_DIST + CNTG + intl_brdr | exporter + importer",
    "trade ~ RTA | exp_year + imp_year + pair",
    "y ~ 1 | exporter + importer",
    "trade ~ log_dist",
    "trade ~ log_dist | exporter",
    "trade ~ log_dist | exporter + importer",
    "trade ~ log_dist + intl_brdr | exporter + importer",
    "trade ~ log_dist + i(year, ref=2000) | exp_year^imp_year",
    "trade ~ log_dist + cntg | exp_year + imp_year",
    "trade ~ log_DIST + CNTG + LANG + CLNY + RTA + WTO | exp_year + imp_year",
    "trade ~ ln_fx | pair_id + year",
    "trade ~ kp + oth | ey + iy + p",
    "trade ~ eu_enlargement + other_fta | exp_year + imp_year + pair_id",
    "trade ~ RTA + WTO | exp_year + imp_year + sym_pair_id",
    "trade ~ RTA + RTA_LAG3 + RTA_LAG6 + RTA_LAG9 | exp_year + imp_year + pair_id",
    "trade ~ RTA + RTA_LAG3 + RTA_LAG6 + RTA_LAG9 + ln_MFN | exp_year + imp_year + pair_id",
    "tij ~ log_DIST + CNTG + LANG + CLNY | exporter + importer",
    "ln_trade ~ log_dist | exporter + importer",
    "y ~ x1 + x2",
    "trade ~ fta_KOR_CHL + fta_CHL_KOR + fta_KOR_CHL_lag4 + other_rta | exp_year + imp_year + pair_id",
]
EXISTING_FILTERS = [
    "exporter != importer",
    "importer != 'C0'",
    "exporter != importer and year in [1986,1990,1994,1998,2002,2006]",
    "dist > 0",
]


@pytest.mark.parametrize("text", EXISTING_FORMULAS)
def test_existing_formulas_parse_to_themselves(text):
    parsed = parse_formula(text)
    assert str(parsed) == re.sub(r",(\S)", r", \1", text)  # canonical text is the text as written
    assert parse_formula(str(parsed)) == parsed


@pytest.mark.parametrize("text", EXISTING_FILTERS)
def test_existing_filters_parse(text):
    flt = parse_filter(text)
    assert parse_filter(str(flt)).tree == flt.tree


def test_formula_names_in_order():
    f = parse_formula("trade ~ log_dist + i(year, other, ref=2000, ref2=-1) + C(region) + a:b - 1 | exp_year^imp_year")
    assert f.names == ("trade", "log_dist", "year", "other", "region", "a", "b", "exp_year", "imp_year")
    assert str(f) == "trade ~ log_dist + i(year, other, ref=2000, ref2=-1) + C(region) + a:b - 1 | exp_year^imp_year"


def test_spacing_and_fullwidth_letters_normalise_to_the_canonical_text():
    assert str(parse_formula("trade~log_dist+rta|exporter+importer")) == "trade ~ log_dist + rta | exporter + importer"
    # NFKC maps fullwidth letters to ASCII: the text pyfixest sees is plain ASCII
    assert str(parse_formula("ｔｒａｄｅ ~ ｌｏｇ_dist")) == "trade ~ log_dist"


def _panel(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    countries = [f"C{k}" for k in range(8)]
    rows = [(e, i, y) for e in countries for i in countries for y in (2000, 2004, 2008)]
    df = pd.DataFrame(rows, columns=["exporter", "importer", "year"])
    df["dist"] = rng.uniform(1, 10, len(df))
    df["rta"] = rng.integers(0, 2, len(df))
    mu = np.exp(2 - 0.7 * np.log(df["dist"]) + 0.3 * df["rta"] + 0.1 * (df["year"] - 2000) / 4)
    df["trade"] = rng.poisson(mu).astype(float)
    return df


@pytest.mark.parametrize(("written", "raw"), [
    ("trade~log_dist+rta|exporter+importer", "trade ~ log_dist + rta | exporter + importer"),
    ("trade ~ log_dist + i(year,ref=2000) | exporter + importer", "trade ~ log_dist + i(year, ref=2000) | exporter + importer"),
    ("trade ~ log_dist + rta | exporter^year + importer^year", "trade ~ log_dist + rta | exporter^year + importer^year"),
    ("trade ~ log_dist + C(year) | exporter", "trade ~ log_dist + C(year) | exporter"),
])
def test_same_fit_as_pyfixest_on_the_text_as_written(written, raw):
    import pyfixest as pf

    df = _panel()
    res = estimate_gravity(df, written, small_sample="fixest")
    frame, _ = prepare_data(df, raw)
    direct = pf.fepois(raw, data=frame.reset_index(drop=True), vcov="hetero", iwls_tol=1e-10,
                       separation_check=["fe", "ir"]).coef()  # estimate_gravity's defaults
    ours = res.to_frame().set_index("term")["estimate"]
    assert list(ours.index) == list(direct.index)
    np.testing.assert_allclose(ours.to_numpy(), direct.to_numpy(), rtol=1e-12)


# ------------------------------------------------------------------------------------------ attacks
def _sentinel_attacks(sentinel: Path) -> tuple[list[str], list[str]]:
    cmd = f"touch {sentinel}"
    filters = [
        f"@pd.io.common.os.system('{cmd}') == 0",
        f"＠pd.io.common.os.system('{cmd}') == 0",  # fullwidth commercial at: NFKC '@'
        f"exporter == __import__('os').system('{cmd}')",
        "exporter.__class__ == 1",
        "__builtins__ == 1",
        "exporter == '\\x41'",
        "exporter == '\\N{LATIN CAPITAL LETTER A}'",
        "\\x65xporter == 'A'",
        "ехporter == 'A'",  # Cyrillic е and х
        f"year in [1] or pd.eval('{cmd}')",
        "exporter[0] == 'A'",
        "exporter = 'A'",
    ]
    formulas = [
        f"trade ~ I(__import__('os').system('{cmd}'))",
        f"trade ~ Ｉ(__import__('os').system('{cmd}'))",  # fullwidth I
        "trade ~ I(dist ** 2)",
        "trade ~ log(dist)",
        "trade ~ np.log(dist)",
        "trade ~ dist**2",
        "trade ~ \\N{LATIN SMALL LETTER D}ist",
        "trade ~ \\x64ist",
        "trade ~ __class__",
        "trade ~ dіst",  # Cyrillic і
        "trade ~ i(year, ref='2000')",
        "trade ~ i(year, ref=__import__('os'))",
        "trade ~ dist | exporter | importer",
        "trade ~ sw(dist, rta)",
    ]
    return filters, formulas


def test_attacks_are_refused_and_nothing_happens(tmp_path):
    sentinel = tmp_path / "pwned"
    filters, formulas = _sentinel_attacks(sentinel)
    df = _panel()
    before = df.copy()
    for text in filters:
        with pytest.raises(ModelError, match="Fix: a filter uses"):
            estimate_gravity(df, "trade ~ log_dist | exporter", where=text)
    for text in formulas:
        with pytest.raises(ModelError, match="position"):
            estimate_gravity(df, text)
    assert not sentinel.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    pd.testing.assert_frame_equal(df, before)


def test_attacks_through_the_cli_exit_2_and_change_nothing(tmp_path, monkeypatch, capsys):
    import sys

    from tradebridge.cli import main as cli_main

    sentinel = tmp_path / "pwned"
    data = tmp_path / "flows.csv"
    _panel().to_csv(data, index=False)
    filters, formulas = _sentinel_attacks(sentinel)
    cases = [["--where", filters[0], "--formula", "trade ~ log_dist | exporter"],
             ["--formula", formulas[0]], ["--formula", formulas[1]], ["--cluster", "__import__", "--formula", "trade ~ dist"]]
    for extra in cases:
        monkeypatch.setattr(sys, "argv", ["tradebridge", "gravity", "estimate", "--data", str(data),
                                          "--store", str(tmp_path / "none.duckdb"), *extra])
        with pytest.raises(SystemExit) as exit_info:
            cli_main.run()
        err = capsys.readouterr().err
        assert exit_info.value.code == 2 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert not sentinel.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flows.csv"]


def test_error_names_the_position_and_the_syntax():
    with pytest.raises(ModelError) as info:
        parse_filter("year > 2000 and @x == 1")
    assert "'@'" in str(info.value) and "position 16" in str(info.value) and "and / or / not" in str(info.value)
    with pytest.raises(ModelError, match=r"position 4.*Fix: a formula is"):
        parse_formula("y ~ I(x)")
    # the first problem from the left is the one reported: I(, not the __import__ inside it
    with pytest.raises(ModelError, match=r"function I\(\) is not allowed \(I\(\) runs Python code\) at position 8"):
        parse_formula("trade ~ I(__import__('os').system('id'))")


def test_bounds_on_length_and_nesting():
    with pytest.raises(ModelError, match="longer than"):
        parse_filter("a == 1 or " * 2000 + "a == 1")
    with pytest.raises(ModelError, match="nested more than"):
        parse_filter("(" * 100 + "a == 1" + ")" * 100)
    with pytest.raises(ModelError, match="nested more than"):
        parse_filter("not " * 100 + "a == 1")


def test_filter_type_errors_are_model_errors():
    df = pd.DataFrame({"year": [2000, 2004], "exporter": ["A", "B"]})
    with pytest.raises(ModelError, match="compares a number with a string"):
        filter_mask("year == '2000'", df)
    with pytest.raises(ModelError, match="unknown column 'nope'"):
        filter_mask("nope == 1", df)
    with pytest.raises(ModelError, match="mixes numbers and strings"):
        filter_mask("year in [2000, 'A']", df)


def test_vocabulary_names_in_a_filter():
    df = pd.DataFrame({"exporter": ["A", "A", "B"], "importer": ["B", "A", "A"], "dist": [10.0, 1.0, np.e]})
    frame, dropped = prepare_data(df.assign(trade=1.0), "trade ~ log_dist", where="intl_brdr == 1 and log_dist < 2")
    assert list(frame.index) == [2] and dropped["where"] == 2  # ln 10 = 2.30 > 2; row 1 is domestic


# ------------------------------------------------------------------------------------------ fuzzing
def _refuse(*_: object, **__: object) -> None:
    raise AssertionError("an evaluator was reached")


@contextlib.contextmanager
def no_evaluators():
    """eval / exec / compile, DataFrame.eval / query, pandas.eval and formulaic's evaluation entry
    points all raise while the block runs."""
    import formulaic
    import formulaic.materializers.base as fm_base
    import formulaic.utils.stateful_transforms as fm_st

    targets = [(builtins, "eval"), (builtins, "exec"), (builtins, "compile"), (pd.DataFrame, "eval"),
               (pd.DataFrame, "query"), (pd, "eval"), (fm_st, "stateful_eval"), (fm_base, "stateful_eval"),
               (formulaic, "model_matrix"), (formulaic.Formula, "get_model_matrix")]
    with contextlib.ExitStack() as stack:
        for owner, name in targets:
            stack.enter_context(mock.patch.object(owner, name, _refuse))
        yield


def test_the_guard_itself_works():
    with no_evaluators(), pytest.raises(AssertionError, match="evaluator"):
        pd.DataFrame({"a": [1]}).eval("a == 1")


FRAME = pd.DataFrame({
    "a": [0, 1, 2, 3, -1, 5],
    "b": [0.5, 1.0, -2.25, 3.0, 1.0, 0.0],
    "s": ["A", "B", "AB", "", "b", "A"],
    "t": ["A", "b", "AB", "B", "", "a"],
})
ROWS = FRAME.to_dict(orient="records")
CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}

# an expression is (text, reference function row -> bool); operands are (text, row -> value)
num_operand = st.one_of(
    st.sampled_from(["a", "b"]).map(lambda c: (c, lambda r, c=c: r[c])),
    st.integers(-4, 6).map(lambda v: (str(v), lambda r, v=v: v)),
    st.sampled_from([0.5, -2.25, 1.0, 1e-3, 2.5e2]).map(lambda v: (repr(v), lambda r, v=v: v)),
)
str_operand = st.one_of(
    st.sampled_from(["s", "t"]).map(lambda c: (c, lambda r, c=c: r[c])),
    st.text(alphabet="ABab", max_size=2).map(lambda v: (f"'{v}'", lambda r, v=v: v)),
)


@st.composite
def comparison(draw):
    operand = draw(st.sampled_from([num_operand, str_operand]))
    items = draw(st.lists(operand, min_size=2, max_size=3))
    ops = draw(st.lists(st.sampled_from(sorted(CMP)), min_size=len(items) - 1, max_size=len(items) - 1))
    text = items[0][0] + "".join(f" {op} {item[0]}" for op, item in zip(ops, items[1:]))

    def ref(r):
        vals = [f(r) for _, f in items]
        return all(CMP[op](vals[k], vals[k + 1]) for k, op in enumerate(ops))

    return "cmp", text, ref


@st.composite
def membership(draw):
    numeric = draw(st.booleans())
    operand = draw(num_operand if numeric else str_operand)
    pool = st.integers(-2, 5) if numeric else st.sampled_from(["A", "B", "AB", "", "b"])
    values = draw(st.lists(pool, max_size=4))
    negated = draw(st.booleans())
    shown = ", ".join(str(v) if numeric else f"'{v}'" for v in values)
    text = f"{operand[0]} {'not in' if negated else 'in'} [{shown}]"
    return "cmp", text, lambda r: (operand[1](r) in values) != negated


def _wrap(node, parent, parens):
    kind, text, _ = node
    needs = (parent == "and" and kind == "or") or (parent == "not" and kind in ("and", "or"))
    return f"({text})" if needs or parens else text


@st.composite
def combine(draw, children):
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        child = draw(children)
        return "not", "not " + _wrap(child, "not", draw(st.booleans())), lambda r: not child[2](r)
    parts = draw(st.lists(children, min_size=2, max_size=3))
    text = f" {kind} ".join(_wrap(p, kind, draw(st.booleans())) for p in parts)
    combine_rows = all if kind == "and" else any
    return kind, text, lambda r: combine_rows(p[2](r) for p in parts)


conditions = st.recursive(st.one_of(comparison(), membership()), lambda ch: combine(ch), max_leaves=8)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(conditions)
def test_accepted_filters_match_a_row_by_row_reference(cond):
    _, text, ref = cond
    expected = np.array([bool(ref(r)) for r in ROWS])
    with no_evaluators():
        got = filter_mask(text, FRAME)
        again = filter_mask(str(parse_filter(text)), FRAME)  # the canonical text means the same
    np.testing.assert_array_equal(got, expected, err_msg=text)
    np.testing.assert_array_equal(again, expected, err_msg=text)


_FUZZ_ALPHABET = st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]) | st.sampled_from(
    list("@.\\'\"()[]{}~+-*/:^|=!<>,_ \n") + ["ｉ", "Ｉ", "＠", "е", "\u0301"])


def _no_evaluator_and_only_model_errors(text: str) -> None:
    with no_evaluators():
        for parse in (parse_filter, parse_formula):
            try:
                parsed = parse(text)
            except ModelError:
                continue
            canonical = str(parsed)
            assert parse(canonical) == parsed if parse is parse_formula else parse(canonical).tree == parsed.tree
            if parse is parse_formula:
                # pyfixest only ever sees text built from validated tokens
                assert re.fullmatch(r"[A-Za-z0-9_ ~+\-:^|(),=.]*", canonical), canonical
                assert not re.search(r"(?<![A-Za-z0-9_])(__|I\()", canonical), canonical  # no dunder, no I()
            else:
                try:
                    mask = parsed.mask(FRAME)
                except ModelError:
                    continue
                assert mask.dtype == bool and mask.shape == (len(FRAME),)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet=_FUZZ_ALPHABET, max_size=60))
def test_fuzz_random_strings_reach_no_evaluator(text):
    _no_evaluator_and_only_model_errors(text)


_TOKENS = ["a", "b", "s", "t", "y", "x", "year", "exporter", "1", "0", "2000", "-", "1.5", "'A'", "\"b\"",
           "==", "!=", "<", "<=", ">", ">=", "and", "or", "not", "in", "[", "]", "(", ")", ",", "~", "+", ":",
           "^", "|", "=", "ref", "ref2", "i", "C", "I", "@", ".", "__import__", "os", "system", "**", "\\x41",
           "ｉ", "log", "eval"]


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14), st.sampled_from([" ", ""]))
def test_fuzz_random_token_sequences_reach_no_evaluator(tokens, sep):
    _no_evaluator_and_only_model_errors(sep.join(tokens))


def test_a_shared_scenario_file_cannot_run_code(tmp_path):
    """A scenario file's formulas are parsed when the file is read, before any data is touched."""
    import yaml

    from tradebridge.models.scenarios import load_scenario

    sentinel = tmp_path / "pwned"
    attack = f"trade ~ I(__import__('os').system('touch {sentinel}'))"
    shipped = Path(__file__).parents[3] / "src" / "tradebridge" / "models" / "scenarios" / "kor_mex_fta.yaml"
    base = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    variants = {
        "ge_ppml.formula": {**base, "ge_ppml": {"reference": "DEU", "formula": attack}},
        "from_panel.formula": {**base, "partial_effect": {"from_panel": {"data": "comtrade_aggregate", "spec": "formula",
                                                                          "formula": attack, "term": "rta"}}},
    }
    for key, raw in variants.items():
        path = tmp_path / "shared.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        with pytest.raises(ModelError, match=rf"{re.escape(key)} .*function I\(\) is not allowed"):
            load_scenario(path)
    assert not sentinel.exists()
    assert load_scenario(shipped).name  # the shipped file itself still loads
