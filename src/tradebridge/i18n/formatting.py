"""Locale formatting with Babel (CLDR): numbers, percentages, money and dates in en, es and ko.

Every missing value is shown the same way, :data:`MISSING` (an en dash). Negative numbers take the
minus sign (U+2212). Money follows the brief's conventions: ``US$3.03 bn`` / ``US$3,03 mil millones``
/ ``30.3억 달러``; the dashboard's tables use USD millions (:func:`usd_millions`). Dates are written
as precisely as they are known and never as ISO dates: "April 2004", "abril de 2004", "2004년 4월".

>>> usd(3.0318e9, "en"), usd(3.0318e9, "es"), usd(3.0318e9, "ko")
('US$3.03 bn', 'US$3,03 mil millones', '30.3억 달러')
>>> pct(0.1234, "en"), pct(-0.05, "es"), pct(0.5, "ko", signed=True)
('12.3%', '−5,0\\xa0%', '+50.0%')
>>> date_text("2004-04", "en"), date_text("2004-04", "es"), date_text("2004-04", "ko")
('April 2004', 'abril de 2004', '2004년 4월')
>>> number(12345.678, "es"), number(None, "ko")
('12.345,68', '–')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent

MISSING = "–"
MINUS = "−"


def is_missing(x: Any) -> bool:
    """None, NaN or pandas' NA/NaT."""
    if x is None or type(x).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(x, float) and math.isnan(x)


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


# CLDR minimumGroupingDigits where it is 2 (Babel does not apply it): Spanish writes 1234 but 12.345
_MIN_GROUPING = {"es": 2}


@cache
def _symbols(lang: str) -> dict[int, str]:
    """The locale's decimal and group symbols as a ``str.translate`` table over Python's ``.``/``,``."""
    symbols = Locale.parse(lang).number_symbols["latn"]
    return str.maketrans({".": symbols["decimal"], ",": symbols["group"]})


@cache
def _quantum(digits: int) -> Decimal:
    return Decimal(1).scaleb(-digits)


def _digits(x: float, digits: int, lang: str) -> str:
    """``x`` with ``digits`` decimals in the locale's symbols, rounded as Babel's ``format_decimal`` rounds.

    Babel reads a float through ``Decimal(str(x))`` and quantises half-even; doing the same here and
    grouping with Python's ``,`` spec gives its exact output (a test compares both on many values) at a
    twentieth of its cost, which the dashboard's tables of hundreds of cells feel.

    >>> _digits(2.675, 2, "en"), _digits(1234.5, 0, "es"), _digits(12345.678, 1, "es")
    ('2.68', '1234', '12.345,7')
    """
    if not math.isfinite(x):
        return format_decimal(x, locale=lang)
    value = Decimal(str(x)).quantize(_quantum(digits), rounding=ROUND_HALF_EVEN)
    grouped = abs(value) >= 10 ** (2 + _MIN_GROUPING.get(lang, 1))
    return _decimal_text(value, grouped, lang)


def _decimal_text(value: Decimal, grouped: bool, lang: str) -> str:
    return f"{value:{',' if grouped else ''}f}".translate(_symbols(lang))


def _signed(x: float, body: str, signed: bool) -> str:
    return (MINUS if x < 0 and body.strip("0.,\u00a0%") else "+" if signed and x > 0 else "") + body


def number(x: float | None, lang: str = "en", digits: int = 2) -> str:
    """A plain number with the locale's separators."""
    if is_missing(x):
        return MISSING
    return _signed(x, _digits(abs(x), digits, lang), False)


def integer(x: float | None, lang: str = "en") -> str:
    """A whole number (counts, rows)."""
    return number(x, lang, 0)


@cache
def _percent_pattern(lang: str, digits: int) -> str:
    base = Locale.parse(lang).percent_formats[None].pattern  # '#,##0%' or '#,##0\xa0%'
    return base.replace("#,##0", _pattern(digits), 1)


@cache
def _percent_affixes(lang: str) -> tuple[str, str]:
    base = Locale.parse(lang).percent_formats[None].pattern
    head, _, tail = base.partition("#,##0")
    symbol = Locale.parse(lang).number_symbols["latn"]["percentSign"]
    return head.replace("%", symbol), tail.replace("%", symbol)


def _percent(x: float, digits: int, lang: str) -> str:
    """What ``format_percent(x, format=_percent_pattern(lang, digits), locale=lang)`` writes, without its cost."""
    if not math.isfinite(x):
        return format_percent(x, format=_percent_pattern(lang, digits), locale=lang)
    value = (Decimal(str(x)) * 100).quantize(_quantum(digits), rounding=ROUND_HALF_EVEN)
    head, tail = _percent_affixes(lang)
    return head + _decimal_text(value, True, lang) + tail


def pct(x: float | None, lang: str = "en", *, digits: int | None = 1, signed: bool = False) -> str:
    """A share or rate (0.123 -> 12.3%); ``digits=None`` adapts to small changes (0.00026 -> 0.026%).

    >>> pct(0.00026, "en", digits=None, signed=True), pct(0.0123, "en", digits=None)
    ('+0.026%', '1.2%')
    """
    if is_missing(x):
        return MISSING
    if digits is None:
        a = abs(x) * 100
        digits = 1 if a >= 1 or a == 0 else 2 if a >= 0.1 else 3
    body = _percent(abs(x), digits, lang)
    return _signed(x, body, signed)


def usd(x: float | None, lang: str = "en") -> str:
    """Money in USD, scaled (bn / mn; Korean in 억 and 만)."""
    if is_missing(x):
        return MISSING
    a = abs(x)
    if lang == "ko":
        if a >= 1e8:
            body = f"{_digits(a / 1e8, 1, lang)}억 달러"
        elif a >= 1e4:
            body = f"{_digits(a / 1e4, 0, lang)}만 달러"
        else:
            body = f"{_digits(a, 0, lang)} 달러"
    elif a >= 1e9:
        body = f"US${_digits(a / 1e9, 2, lang)}{' mil millones' if lang == 'es' else ' bn'}"
    elif a >= 1e6:
        body = f"US${_digits(a / 1e6, 1, lang)}{' millones' if lang == 'es' else ' mn'}"
    else:
        body = f"US${_digits(a, 0, lang)}"
    return (MINUS if x < 0 else "") + body


def usd_millions(x: float | None, lang: str = "en") -> str:
    """USD as a number of millions (the dashboard's tables; the unit is in the column title)."""
    if is_missing(x):
        return MISSING
    return number(float(x) / 1e6, lang, 1)


def ratio(x: float | None, lang: str = "en") -> str:
    """A multiple (4.2 -> 4.2×)."""
    if is_missing(x):
        return MISSING
    return f"{_digits(x, 1, lang)}×"


def year(x: Any, lang: str = "en") -> str:
    """A year as digits (no separators: 2016)."""
    return MISSING if is_missing(x) else str(int(x))


_SKELETON = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_text(value: Any, lang: str = "en", precision: str | None = None) -> str:
    """A date in words, as precise as known: '2004', 'April 2004', 'April 1, 2004' (ranges 'A–B').

    ``value`` is a date, a timestamp or an ISO text ('2004', '2004-04', '2004-04-01', or two of them
    joined by an en dash); ``precision`` ('year', 'month', 'day') overrides what the text shows.

    >>> date_text("2004-04-01", "es"), date_text("2004-04-01", "ko"), date_text("2016", "ko")
    ('1 de abril de 2004', '2004년 4월 1일', '2016년')
    """
    if is_missing(value):
        return MISSING
    if isinstance(value, str) and "–" in value:
        return "–".join(date_text(v, lang, precision) for v in value.split("–"))
    if isinstance(value, str):
        m = _ISO.match(value.strip())
        if not m:
            return value
        y, mo, d = m.groups()
        when = dt.date(int(y), int(mo or 1), int(d or 1))
        known = "day" if d else "month" if mo else "year"
    else:
        when = value.date() if hasattr(value, "date") and callable(value.date) else value
        known = "day"
    return format_skeleton(_SKELETON[precision or known], when, locale=lang)


def text(x: Any, lang: str = "en") -> str:
    return MISSING if is_missing(x) else str(x)
