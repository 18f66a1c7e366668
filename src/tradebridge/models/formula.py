"""Row filters and gravity formulas: a small grammar of our own, never handed to an evaluator.

``--where`` (and a scenario file's ``where:``) and ``--formula`` (``formula:``) are user text, and a
shared scenario file is someone else's text. Both are tokenized and parsed here into immutable
trees: a filter is evaluated by this module's own code on the frame's columns (vectorised, numpy /
pandas comparisons), and a formula is written back as canonical text built only from validated
tokens, so pyfixest and formulaic never see anything but names, numbers and fixest's operators.
Nothing here calls ``eval``, ``exec``, ``compile``, ``DataFrame.eval`` or ``DataFrame.query``.

Names are normalised with Unicode NFKC and must then be plain ASCII names
(``[A-Za-z_][A-Za-z0-9_]*``, not starting with ``__``, not a Python keyword), so look-alike letters
and escapes are refused, with the position and the allowed syntax.

Filter grammar::

    filter     := or ('or' and)*          and := not ('and' not)*       not := 'not' not | atom
    atom       := '(' filter ')' | operand (cmp operand)+ | operand ['not'] 'in' '[' literal, ... ']'
    operand    := name | number | '-' number | 'string' | "string"        cmp := == != < <= > >=

Formula grammar (fixest's)::

    formula    := name '~' terms ['|' fixed_effects]
    terms      := ['-'] term (('+' | '-') term)*        term := factor (':' factor)*
    factor     := name | 0 | 1 | C(name) | i(name [, name] [, ref=number] [, ref2=number])
    fixed_effects := name ('^' name)* ('+' name ('^' name)*)*

>>> import pandas as pd
>>> df = pd.DataFrame({"exporter": ["A", "A", "B"], "importer": ["B", "A", "A"], "year": [2000, 2004, 2008]})
>>> filter_mask("exporter != importer and year in [2000, 2008]", df).tolist()
[True, False, True]
>>> str(parse_formula("trade~log_dist+i(year,ref=2000)|exp_year^imp_year"))
'trade ~ log_dist + i(year, ref=2000) | exp_year^imp_year'
>>> parse_formula("y ~ I(x)")
Traceback (most recent call last):
...
tradebridge.errors.ModelError: --formula "y ~ I(x)": function I() is not allowed (I() runs Python code) at position 4. Fix: ...
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tradebridge.errors import ModelError
from tradebridge.models._grammar import (
    FILTER_SYNTAX,
    FORMULA_SYNTAX,
    MAX_DEPTH,
    MAX_LENGTH,
    Token,
    _Parser,
    check_name,
    tokenize,
)

__all__ = [
    "FILTER_SYNTAX", "FORMULA_SYNTAX", "MAX_DEPTH", "MAX_LENGTH", "Filter", "Formula", "Token", "check_name",
    "filter_mask", "parse_filter", "parse_formula", "tokenize",
]

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_FUNCTIONS = ("C", "i")
_I_KEYWORDS = ("ref", "ref2")


# ------------------------------------------------------------------------------------------ filters
@dataclass(frozen=True)
class Column:
    """A column (or vocabulary) name."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Literal:
    """A number or a string."""

    value: int | float | str

    def __str__(self) -> str:
        if isinstance(self.value, str):
            quote = "'" if "'" not in self.value else '"'
            return f"{quote}{self.value}{quote}"
        return repr(self.value)


@dataclass(frozen=True)
class Compare:
    """``left op right`` with ``op`` one of == != < <= > >=."""

    op: str
    left: Column | Literal
    right: Column | Literal

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


@dataclass(frozen=True)
class Membership:
    """``operand in [values]`` (or ``not in``)."""

    operand: Column | Literal
    values: tuple[Literal, ...]
    negated: bool = False

    def __str__(self) -> str:
        return f"{self.operand} {'not in' if self.negated else 'in'} [{', '.join(map(str, self.values))}]"


@dataclass(frozen=True)
class BoolOp:
    """``and`` / ``or`` of two or more conditions."""

    op: str
    operands: tuple[Any, ...]

    def __str__(self) -> str:
        return f" {self.op} ".join(f"({o})" if isinstance(o, BoolOp) else str(o) for o in self.operands)


@dataclass(frozen=True)
class Not:
    """``not condition``."""

    operand: Any

    def __str__(self) -> str:
        inner = self.operand
        return f"not ({inner})" if isinstance(inner, BoolOp) else f"not {inner}"


Condition = Compare | Membership | BoolOp | Not


@dataclass(frozen=True)
class Filter:
    """A parsed row filter: ``text`` as given, ``tree`` its syntax tree; ``str()`` is canonical."""

    text: str
    tree: Condition
    what: str = "--where"

    def __str__(self) -> str:
        return str(self.tree)

    @property
    def names(self) -> tuple[str, ...]:
        """The column names the filter refers to, in order of appearance."""
        out: dict[str, None] = {}

        def walk(node: Any) -> None:
            if isinstance(node, Column):
                out[node.name] = None
            elif isinstance(node, Compare):
                walk(node.left)
                walk(node.right)
            elif isinstance(node, Membership):
                walk(node.operand)
            elif isinstance(node, BoolOp):
                for o in node.operands:
                    walk(o)
            elif isinstance(node, Not):
                walk(node.operand)

        walk(self.tree)
        return tuple(out)

    def mask(self, frame: pd.DataFrame, resolve: Callable[[pd.DataFrame, str], Any] | None = None) -> np.ndarray:
        """A boolean array, one value per row of ``frame``. Names that are not columns are built
        with ``resolve(frame, name)`` (e.g. the vocabulary's ``build_variable``), else an error."""
        return _Evaluator(self, frame, resolve).condition(self.tree)


class _FilterParser(_Parser):
    def parse(self) -> Condition:
        if self.tok.kind == "end":
            raise self.error("the filter is empty")
        node = self.disjunction()
        if self.tok.kind != "end":
            raise self.unexpected("'and', 'or' or the end")
        return node

    def disjunction(self) -> Condition:
        items = [self.conjunction()]
        while self.at("or"):
            self.take()
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items))

    def conjunction(self) -> Condition:
        items = [self.negation()]
        while self.at("and"):
            self.take()
            items.append(self.negation())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items))

    def negation(self) -> Condition:
        self.enter()
        try:
            if self.at("not"):
                self.take()
                return Not(self.negation())
            if self.at("("):
                self.take()
                node = self.disjunction()
                self.expect(")")
                return node
            return self.comparison()
        finally:
            self.depth -= 1

    def operand(self) -> Column | Literal:
        tok = self.tok
        if tok.kind == "name":
            self.take()
            nxt = self.tok
            if nxt.kind == "op" and nxt.text == "(":
                raise self.error(f"calling {tok.text}() is not allowed (no function calls)", nxt)
            if nxt.kind == "op" and nxt.text == "[":
                raise self.error(f"subscripting {tok.text}[...] is not allowed", nxt)
            return Column(tok.text)
        return self.literal()

    def literal(self) -> Literal:
        tok = self.tok
        if tok.kind in ("number", "string"):
            self.take()
            return Literal(tok.value)
        if self.at("-") and self.peek().kind == "number":
            self.take()
            return Literal(-self.take().value)
        raise self.unexpected("a name, a number or a quoted string")

    def comparison(self) -> Condition:
        left = self.operand()
        if self.at("in") or (self.at("not") and self.peek().kind == "op" and self.peek().text == "in"):
            negated = self.take().text == "not"
            if negated:
                self.take()
            return Membership(left, self.values(), negated)
        if not self.at(*_COMPARE):
            raise self.unexpected("a comparison (== != < <= > >=) or 'in'")
        pairs: list[Compare] = []
        while self.at(*_COMPARE):
            op = self.take().text
            right = self.operand()
            pairs.append(Compare(op, left, right))
            left = right
        return pairs[0] if len(pairs) == 1 else BoolOp("and", tuple(pairs))

    def values(self) -> tuple[Literal, ...]:
        self.expect("[")
        out: list[Literal] = []
        while not self.at("]"):
            out.append(self.literal())
            if not self.at(","):
                break
            self.take()
        self.expect("]")
        kinds = {isinstance(v.value, str) for v in out}
        if len(kinds) > 1:
            raise self.error("a list mixes numbers and strings")
        return tuple(out)


def parse_filter(text: str, *, what: str = "--where") -> Filter:
    """Parse a row filter (the ``--where`` grammar above) into a :class:`Filter`.

    >>> str(parse_filter("not (year < 2000 or exporter == 'KOR')"))
    "not (year < 2000 or exporter == 'KOR')"
    """
    if isinstance(text, Filter):
        return text
    return Filter(text, _FilterParser(text, what, formula=False).parse(), what)


def _kind(values: Any) -> str:
    if isinstance(values, str):
        return "string"
    if isinstance(values, (bool, int, float, np.number, np.bool_)):
        return "number"
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype) or isinstance(
            dtype, pd.CategoricalDtype):
        return "string"
    return str(dtype)


class _Evaluator:
    def __init__(self, flt: Filter, frame: pd.DataFrame, resolve: Callable[[pd.DataFrame, str], Any] | None) -> None:
        self.flt, self.frame, self.resolve = flt, frame, resolve
        self.n = len(frame)
        self.cache: dict[str, pd.Series] = {}

    def error(self, problem: str) -> ModelError:
        return ModelError(f"{self.flt.what} \"{self.flt.text}\": {problem}", hint=FILTER_SYNTAX)

    def column(self, name: str) -> pd.Series:
        if name not in self.cache:
            if name in self.frame.columns:
                values = self.frame[name]
            elif self.resolve is not None:
                values = self.resolve(self.frame, name)
            else:
                raise self.error(f"unknown column {name!r}; columns: {', '.join(map(str, self.frame.columns))}")
            if isinstance(values, pd.Series):
                values = values.reset_index(drop=True)
            else:
                values = pd.Series(np.asarray(values), index=pd.RangeIndex(self.n))
            self.cache[name] = values
        return self.cache[name]

    def operand(self, node: Column | Literal) -> Any:
        return self.column(node.name) if isinstance(node, Column) else node.value

    def _check_types(self, left: Any, right: Any, node: Any) -> None:
        kl, kr = _kind(left), _kind(right)
        if kl != kr and {kl, kr} <= {"number", "string"}:
            raise self.error(f"{node} compares a {kl} with a {kr}; quote strings, leave numbers bare")

    def _bools(self, result: Any) -> np.ndarray:
        if isinstance(result, (bool, np.bool_)):
            return np.full(self.n, bool(result))
        series = pd.Series(result)
        if series.dtype != bool:
            series = series.astype("boolean").fillna(False)
        return series.to_numpy(dtype=bool)

    def condition(self, node: Condition) -> np.ndarray:
        if isinstance(node, Compare):
            left, right = self.operand(node.left), self.operand(node.right)
            self._check_types(left, right, node)
            try:
                return self._bools(_COMPARE[node.op](left, right))
            except (TypeError, ValueError, OverflowError) as exc:
                raise self.error(f"cannot evaluate {node}: the values are not comparable ({exc})") from None
        if isinstance(node, Membership):
            values = [v.value for v in node.values]
            operand = self.operand(node.operand)
            if values:
                self._check_types(operand, values[0], node)
            if isinstance(operand, pd.Series):
                inside = operand.isin(values).to_numpy(dtype=bool)
            else:
                inside = np.full(self.n, operand in values)
            return ~inside if node.negated else inside
        if isinstance(node, Not):
            return ~self.condition(node.operand)
        if isinstance(node, BoolOp):
            parts = [self.condition(o) for o in node.operands]
            reduce = np.logical_and.reduce if node.op == "and" else np.logical_or.reduce
            return np.asarray(reduce(parts), dtype=bool)
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover


def filter_mask(where: str | Filter, frame: pd.DataFrame,
                resolve: Callable[[pd.DataFrame, str], Any] | None = None) -> np.ndarray:
    """Parse ``where`` (unless already a :class:`Filter`) and return its row mask on ``frame``."""
    return parse_filter(where).mask(frame, resolve)


# ------------------------------------------------------------------------------------------ formulas
@dataclass(frozen=True)
class Var:
    """A regressor named by a column or vocabulary name."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Const:
    """The intercept (``1``) or its removal (``0``)."""

    value: int

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Categorical:
    """``C(name)``: dummies for each level of ``name``."""

    name: str

    def __str__(self) -> str:
        return f"C({self.name})"


@dataclass(frozen=True)
class FactorInteraction:
    """fixest's ``i(name[, other], ref=..., ref2=...)``."""

    name: str
    other: str | None = None
    ref: int | float | None = None
    ref2: int | float | None = None

    def __str__(self) -> str:
        args = [self.name, *([self.other] if self.other else [])]
        args += [f"{k}={v!r}" for k, v in (("ref", self.ref), ("ref2", self.ref2)) if v is not None]
        return f"i({', '.join(args)})"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *([self.other] if self.other else []))


Factor = Var | Const | Categorical | FactorInteraction


@dataclass(frozen=True)
class Term:
    """Factors joined by ``:`` (an interaction), added (``+``) or removed (``-``)."""

    factors: tuple[Factor, ...]
    sign: str = "+"

    def __str__(self) -> str:
        return ":".join(map(str, self.factors))


@dataclass(frozen=True)
class Formula:
    """A parsed fixest formula; ``str()`` is the canonical text handed to pyfixest."""

    dependent: str
    terms: tuple[Term, ...]
    fixed_effects: tuple[tuple[str, ...], ...] = ()

    def __str__(self) -> str:
        rhs = ""
        for k, term in enumerate(self.terms):
            if k == 0:
                rhs = ("-" if term.sign == "-" else "") + str(term)
            else:
                rhs += f" {term.sign} {term}"
        out = f"{self.dependent} ~ {rhs}"
        if self.fixed_effects:
            out += " | " + " + ".join("^".join(fe) for fe in self.fixed_effects)
        return out

    @property
    def names(self) -> tuple[str, ...]:
        """Every variable name: the dependent, the regressors', then the fixed effects'."""
        out: dict[str, None] = {self.dependent: None}
        for term in self.terms:
            for f in term.factors:
                if isinstance(f, FactorInteraction):
                    out.update(dict.fromkeys(f.names))
                elif isinstance(f, (Var, Categorical)):
                    out[f.name] = None
        for fe in self.fixed_effects:
            out.update(dict.fromkeys(fe))
        return tuple(out)


class _FormulaParser(_Parser):
    def parse(self) -> Formula:
        dep = self.name("the dependent variable")
        if self.at("+", ","):
            raise self.error("only one dependent variable is allowed")
        self.expect("~")
        terms = self.terms()
        fes: list[tuple[str, ...]] = []
        if self.at("|"):
            self.take()
            fes.append(self.fixed_effect())
            while self.at("+"):
                self.take()
                fes.append(self.fixed_effect())
            if self.at("|"):
                raise self.error("only one '|' is allowed (no instrumental-variable part)")
        if self.tok.kind != "end":
            raise self.unexpected("'+', '-', ':', '|' or the end")
        return Formula(dep, tuple(terms), tuple(fes))

    def name(self, what: str) -> str:
        tok = self.tok
        if tok.kind != "name":
            raise self.unexpected(what)
        self.take()
        if self.at("(") and tok.text not in _FUNCTIONS:
            why = " (I() runs Python code)" if tok.text == "I" else ""
            raise self.error(f"function {tok.text}() is not allowed{why}", tok)
        return tok.text

    def terms(self) -> list[Term]:
        sign = "+"
        if self.at("-", "+"):
            sign = self.take().text
        out = [self.term(sign)]
        while self.at("+", "-"):
            sign = self.take().text
            out.append(self.term(sign))
        if self.at("^"):
            raise self.error("'^' combines fixed effects; put them after '|'")
        return out

    def term(self, sign: str) -> Term:
        factors = [self.factor()]
        while self.at(":"):
            self.take()
            factors.append(self.factor())
        if len(factors) > 1 and any(isinstance(f, Const) for f in factors):
            raise self.error("0 and 1 cannot be interacted")
        return Term(tuple(factors), sign)

    def factor(self) -> Factor:
        tok = self.tok
        if tok.kind == "number":
            if tok.text not in ("0", "1"):
                raise self.error(f"the number {tok.text} is not a term (only 0 and 1, the intercept)")
            self.take()
            return Const(int(tok.text))
        if tok.kind == "name" and self.peek().kind == "op" and self.peek().text == "(":
            if tok.text not in _FUNCTIONS:
                self.name("a term")  # raises with the reason
            self.take()
            self.take()
            node = self.categorical() if tok.text == "C" else self.interaction()
            self.expect(")")
            return node
        return Var(self.name("a term"))

    def categorical(self) -> Categorical:
        name = self.name("a name inside C()")
        if self.at(","):
            raise self.error("C() takes one name (no contrasts or levels)")
        return Categorical(name)

    def interaction(self) -> FactorInteraction:
        name = self.name("a name inside i()")
        other: str | None = None
        refs: dict[str, int | float] = {}
        while self.at(","):
            self.take()
            if self.tok.kind == "name" and self.peek().kind == "op" and self.peek().text == "=":
                key = self.take()
                if key.text not in _I_KEYWORDS or key.text in refs:
                    raise self.error(f"i() takes ref= and ref2= once each, not {key.text}=", key)
                self.take()
                refs[key.text] = self.number()
            elif other is None and not refs:
                other = self.name("a name or ref= inside i()")
            else:
                raise self.unexpected("ref= or ref2=")
        return FactorInteraction(name, other, refs.get("ref"), refs.get("ref2"))

    def number(self) -> int | float:
        negative = False
        if self.at("-"):
            self.take()
            negative = True
        if self.tok.kind != "number":
            raise self.unexpected("a number (ref= takes a number)")
        value = self.take().value
        return -value if negative else value

    def fixed_effect(self) -> tuple[str, ...]:
        names = [self.name("a fixed effect")]
        while self.at("^"):
            self.take()
            names.append(self.name("a fixed effect after '^'"))
        return tuple(names)


def parse_formula(text: str, *, what: str = "--formula") -> Formula:
    """Parse a fixest formula (the grammar above) into a :class:`Formula`.

    >>> f = parse_formula("trade ~ log_dist + rta | exporter + importer")
    >>> f.dependent, f.names
    ('trade', ('trade', 'log_dist', 'rta', 'exporter', 'importer'))
    """
    if isinstance(text, Formula):
        return text
    return _FormulaParser(text, what, formula=True).parse()
