"""The brief's wording: a thin view of :mod:`tradebridge.i18n` (the one string table and ``t``).

>>> t("en", "sec_trade"), t("ko", "sec_trade")
('Trade evolution', '교역 추이')
"""

from __future__ import annotations

from tradebridge.i18n import BLOC_TEXT, LANGS, STRINGS, t

__all__ = ["BLOC_TEXT", "LANGS", "STRINGS", "t"]
