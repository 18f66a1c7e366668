"""Number formatting per language (en, es, ko) for statements, tables and charts.

>>> usd(3.0318e9, "en"), usd(3.0318e9, "es"), usd(3.0318e9, "ko")
('US$3.03 bn', 'US$3,03 mil millones', '30.3억 달러')
>>> pct(0.1234, "en"), pct(-0.05, "es"), pct(0.5, "ko", signed=True)
('12.3%', '−5,0 %', '+50.0%')
"""

from __future__ import annotations

import math

from tradebridge.reference.blocs import bloc_name, is_bloc
from tradebridge.reference.names import country_name


def _num(x: float, digits: int, lang: str) -> str:
    text = f"{x:,.{digits}f}"
    if lang == "es":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def number(x: float | None, lang: str = "en", digits: int = 2) -> str:
    """A plain number; missing values are shown as an en dash."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = _num(abs(x), digits, lang)
    return ("−" if x < 0 else "") + text


def usd(x: float | None, lang: str = "en") -> str:
    """Money in USD, scaled (bn / mn; Korean in 억 and 만)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    sign = "−" if x < 0 else ""
    a = abs(x)
    if lang == "ko":
        if a >= 1e8:
            return f"{sign}{_num(a / 1e8, 1, lang)}억 달러"
        if a >= 1e4:
            return f"{sign}{_num(a / 1e4, 0, lang)}만 달러"
        return f"{sign}{_num(a, 0, lang)} 달러"
    if a >= 1e9:
        unit = {"es": " mil millones"}.get(lang, " bn")
        return f"{sign}US${_num(a / 1e9, 2, lang)}{unit}"
    if a >= 1e6:
        unit = {"es": " millones"}.get(lang, " mn")
        return f"{sign}US${_num(a / 1e6, 1, lang)}{unit}"
    return f"{sign}US${_num(a, 0, lang)}"


def pct(x: float | None, lang: str = "en", *, digits: int | None = 1, signed: bool = False) -> str:
    """A share or rate (0.123 -> 12.3%); ``digits=None`` adapts to small changes (0.00026 -> 0.026%).

    >>> pct(0.00026, "en", digits=None, signed=True), pct(0.0123, "en", digits=None)
    ('+0.026%', '1.2%')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if digits is None:
        a = abs(x) * 100
        digits = 1 if a >= 1 or a == 0 else 2 if a >= 0.1 else 3
    sign = "−" if x < 0 else ("+" if signed and x > 0 else "")
    body = _num(abs(x) * 100, digits, lang)
    return f"{sign}{body}{' %' if lang == 'es' else '%'}"


def ratio(x: float | None, lang: str = "en") -> str:
    """A multiple (4.2 -> 4.2×)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{_num(x, 1, lang)}×"


def place(code: str | None, lang: str = "en") -> str:
    """A country (ISO3) or bloc id by name in ``lang``."""
    if code is None:
        return "–"
    return bloc_name(code, lang) if is_bloc(code) else country_name(code, lang)


FORMATTERS = {"place": place, "usd": usd, "pct": pct, "pct_signed": lambda x, lang: pct(x, lang, signed=True),
              "pct_small": lambda x, lang: pct(x, lang, digits=None, signed=True),
              "ratio": ratio, "number": number, "int": lambda x, lang: number(x, lang, 0),
              "year": lambda x, lang: "–" if x is None else str(int(x)), "text": lambda x, lang: str(x)}
