"""The tokenizer shared by the filter and formula grammars of :mod:`tradebridge.models.formula`.

Every name is normalised with Unicode NFKC and must then be a plain ASCII name; anything outside
the two grammars (``@``, ``.``, backslashes, ``**``, strings in a formula, ...) is an error that
names its position and the allowed syntax.

>>> [t.text for t in tokenize("trade ~ log_dist | exp_year^imp_year", what="--formula", formula=True)]
['trade', '~', 'log_dist', '|', 'exp_year', '^', 'imp_year', '']
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from tradebridge.errors import ModelError

MAX_LENGTH = 10_000  # characters of a filter or formula
MAX_DEPTH = 64  # nesting of parentheses and 'not'

FILTER_SYNTAX = (
    "a filter uses column or vocabulary names, comparisons (== != < <= > >=), and / or / not, "
    "parentheses, name in [..] / not in [..], numbers and quoted strings, "
    "e.g. \"exporter != importer and year in [2000, 2004]\""
)
FORMULA_SYNTAX = (
    "a formula is 'dep ~ x1 + x2 + x1:x2 + C(x) + i(x, ref=2000) | fe1 + fe2^fe3' with names of "
    "columns or of the vocabulary (log_<col> for logs)"
)

_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FILTER_OPS = ("==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",", "-")
_FORMULA_OPS = ("~", "+", "-", ":", "^", "|", "(", ")", ",", "=")
_WHY = {
    "@": "'@' (a reference to a Python variable)",
    "\\": "a backslash (escapes such as \\x41 or \\N{...})",
    ".": "'.' (attribute access)",
    "**": "'**'",
    "*": "'*'",
    "/": "'/'",
    "%": "'%'",
    "&": "'&' (write 'and')",
    "~": "'~' (write 'not')",
    "=": "'=' (write '==' to compare)",
    "!": "'!' (write 'not' or '!=')",
    "'": "a string (formulas take no strings)",
    '"': "a string (formulas take no strings)",
    "[": "'[' (subscripts and lists)",
    "{": "'{'",
    "`": "'`'",
    "$": "'$'",
    ";": "';'",
}

# ------------------------------------------------------------------------------------------ tokens
@dataclass(frozen=True)
class Token:
    """One token: kind ``name``, ``number``, ``string``, ``op`` or ``end``; its text and position."""

    kind: str
    text: str
    pos: int
    value: Any = None


def _fail(what: str, text: str, problem: str, pos: int, syntax: str) -> ModelError:
    shown = text if len(text) <= 200 else text[:200] + "..."
    return ModelError(f"{what} \"{shown}\": {problem} at position {pos}", hint=syntax)


def _name_char(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "Pc"


def check_name(raw: str, what: str = "name", *, text: str | None = None, pos: int = 0,
               syntax: str = FORMULA_SYNTAX) -> str:
    """The NFKC-normalised name, or a :class:`ModelError` if it is not a plain ASCII name.

    >>> check_name("ｌｏｇ_dist")  # fullwidth letters normalise to ASCII
    'log_dist'
    >>> check_name("__class__")
    Traceback (most recent call last):
    ...
    tradebridge.errors.ModelError: name "__class__": the name '__class__' starts with '__' (reserved) at position 0. Fix: ...
    """
    src = raw if text is None else text
    name = unicodedata.normalize("NFKC", raw)
    if not _ASCII_NAME.match(name):
        shown = f"{raw!r}" if name == raw else f"{raw!r} (NFKC {name!r})"
        raise _fail(what, src, f"{shown} is not a plain ASCII name", pos, syntax)
    if name.startswith("__"):
        raise _fail(what, src, f"the name {name!r} starts with '__' (reserved)", pos, syntax)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise _fail(what, src, f"the name {name!r} is a Python keyword; rename the column", pos, syntax)
    return name


def tokenize(text: str, *, what: str, formula: bool) -> list[Token]:
    """Split ``text`` into tokens; anything outside the grammar is an error naming its position."""
    return list(iter_tokens(text, what=what, formula=formula))


def iter_tokens(text: str, *, what: str, formula: bool) -> Iterator[Token]:
    """The tokens of ``text`` one at a time (the parsers pull them, so the first problem from the
    left is the one reported), ending with a token of kind ``end``."""
    if not isinstance(text, str):
        raise ModelError(f"{what} must be text, not {type(text).__name__}")
    syntax = FORMULA_SYNTAX if formula else FILTER_SYNTAX
    if len(text) > MAX_LENGTH:
        raise _fail(what, text, f"longer than {MAX_LENGTH} characters", MAX_LENGTH, syntax)
    ops = _FORMULA_OPS if formula else _FILTER_OPS
    keywords = () if formula else ("and", "or", "not", "in")
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch.isascii() and (ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isascii() and text[i + 1].isdigit())):
            m = _NUMBER.match(text, i)
            assert m is not None
            end = m.end()
            if end < n and (_name_char(text[end]) or text[end] == "."):
                raise _fail(what, text, f"malformed number {text[i:end + 1]!r}", i, syntax)
            lit = m.group(0)
            value: int | float = int(lit) if lit.isdigit() else float(lit)
            if isinstance(value, float) and not np.isfinite(value):
                raise _fail(what, text, f"number {lit!r} is out of range", i, syntax)
            yield Token("number", lit, i, value)
            i = end
            continue
        if _name_char(ch):
            j = i
            while j < n and _name_char(text[j]):
                j += 1
            raw = text[i:j]
            if raw in keywords:
                yield Token("op", raw, i)
            else:
                name = check_name(raw, what, text=text, pos=i, syntax=syntax)
                yield Token("name", name, i)
            i = j
            continue
        if ch in "'\"" and not formula:
            j = i + 1
            while j < n and text[j] != ch:
                if text[j] == "\\":
                    raise _fail(what, text, _WHY["\\"] + " is not allowed", j, syntax)
                if text[j] in "\n\r":
                    raise _fail(what, text, "a string may not span lines", j, syntax)
                j += 1
            if j >= n:
                raise _fail(what, text, "a string is not closed", i, syntax)
            yield Token("string", text[i:j + 1], i, text[i + 1:j])
            i = j + 1
            continue
        op = next((o for o in ops if text.startswith(o, i)), None)
        if op is not None:
            yield Token("op", op, i)
            i += len(op)
            continue
        bad = "**" if text.startswith("**", i) else ch
        why = _WHY.get(bad, f"the character {ch!r}")
        raise _fail(what, text, f"{why} is not allowed", i, syntax)
    yield Token("end", "", n)


class _Parser:
    def __init__(self, text: str, what: str, formula: bool) -> None:
        self.text, self.what = text, what
        self.syntax = FORMULA_SYNTAX if formula else FILTER_SYNTAX
        self._stream = iter_tokens(text, what=what, formula=formula)
        self.tokens: list[Token] = []
        self.i = 0
        self.depth = 0

    def _get(self, k: int) -> Token:
        while len(self.tokens) <= k and not (self.tokens and self.tokens[-1].kind == "end"):
            self.tokens.append(next(self._stream))
        return self.tokens[min(k, len(self.tokens) - 1)]

    @property
    def tok(self) -> Token:
        return self._get(self.i)

    def peek(self, k: int = 1) -> Token:
        return self._get(self.i + k)

    def at(self, *texts: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in texts

    def take(self) -> Token:
        tok = self.tok
        self.i += 1
        return tok

    def error(self, problem: str, tok: Token | None = None) -> ModelError:
        tok = tok or self.tok
        return _fail(self.what, self.text, problem, tok.pos, self.syntax)

    def unexpected(self, expected: str) -> ModelError:
        tok = self.tok
        got = "the end" if tok.kind == "end" else repr(tok.text)
        return self.error(f"expected {expected}, found {got}")

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.unexpected(repr(text))
        return self.take()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nested more than {MAX_DEPTH} levels deep")
