"""The fast number path of tradebridge.i18n.formatting gives exactly what Babel's format_decimal gives.

The dashboard formats hundreds of cells per page; ``_digits`` replaces a Babel call per cell by a
Decimal quantisation and Python's grouping spec. Babel (CLDR) stays the reference: same text, character
for character (no tolerance: these are strings), over random magnitudes, digits and the three languages.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal, format_percent
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tradebridge.i18n import formatting

_PATTERN = {d: "#,##0" + ("." + "0" * d if d else "") for d in range(4)}


def _babel(x: float, digits: int, lang: str) -> str:
    grouped = round(abs(x), digits) >= 10 ** (2 + formatting._MIN_GROUPING.get(lang, 1))
    return format_decimal(x, format=_PATTERN[digits], locale=lang, group_separator=grouped)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(
    x=st.one_of(
        st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False),
        st.integers(min_value=-10**7, max_value=10**7).map(lambda n: n / 1000),  # ties like 2.675, 0.125
    ),
    digits=st.integers(min_value=0, max_value=3),
    lang=st.sampled_from(["en", "es", "ko"]),
)
@example(x=2.675, digits=2, lang="en")
@example(x=0.125, digits=2, lang="es")
@example(x=9999.95, digits=1, lang="es")
@example(x=1234.0, digits=0, lang="es")
@example(x=12345.0, digits=0, lang="es")
def test_digits_equal_babel(x: float, digits: int, lang: str) -> None:
    assert formatting._digits(x, digits, lang) == _babel(x, digits, lang)


def test_spanish_groups_from_five_digits_and_korean_like_english() -> None:
    assert formatting.number(1234.5, "es", 1) == "1234,5"
    assert formatting.number(12345.5, "es", 1) == "12.345,5"
    assert formatting.number(1234.5, "ko", 1) == "1,234.5"


def test_non_finite_values_fall_back_to_babel() -> None:
    assert formatting._digits(math.inf, 1, "en") == format_decimal(math.inf, locale="en")


@settings(derandomize=True, max_examples=600, deadline=None)
@given(
    x=st.one_of(
        st.floats(min_value=0, max_value=50, allow_nan=False, allow_infinity=False),
        st.integers(min_value=0, max_value=10**6).map(lambda n: n / 10**5),  # ties like 0.12345
    ),
    digits=st.integers(min_value=0, max_value=3),
    lang=st.sampled_from(["en", "es", "ko"]),
)
@example(x=0.00026, digits=3, lang="en")
@example(x=0.125, digits=0, lang="es")
@example(x=12.5, digits=1, lang="es")
def test_percent_equals_babel(x: float, digits: int, lang: str) -> None:
    expected = format_percent(x, format=formatting._percent_pattern(lang, digits), locale=lang)
    assert formatting._percent(x, digits, lang) == expected
