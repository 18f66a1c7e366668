"""Number formatting per language for statements, tables and charts: the formatters of
:mod:`tradebridge.i18n` (Babel, CLDR), by the names the evidence cards use.

>>> usd(3.0318e9, "en"), usd(3.0318e9, "es"), usd(3.0318e9, "ko")
('US$3.03 bn', 'US$3,03 mil millones', '30.3억 달러')
>>> pct(0.1234, "en"), pct(-0.05, "es"), pct(0.5, "ko", signed=True)
('12.3%', '−5,0\\xa0%', '+50.0%')
"""

from __future__ import annotations

from tradebridge.i18n import FORMATTERS, MISSING, date_text, number, pct, place, ratio, usd

__all__ = ["FORMATTERS", "MISSING", "date_text", "number", "pct", "place", "ratio", "usd"]
