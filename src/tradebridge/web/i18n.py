"""The dashboard's language: a thin view of :mod:`tradebridge.i18n` (one string table, ``t``, ``LANGS``).

The language comes from the ``lang`` query parameter (``?lang=es``) or a path prefix (``/es/overview``
redirects to ``/overview?lang=es``); anything else falls back to English.

>>> t("ko", "overview"), pick_lang("xx")
('개요', 'en')
"""

from __future__ import annotations

from tradebridge.i18n import LANG_NAMES, LANGS, STRINGS, label, pick_lang, t, translator

__all__ = ["LANGS", "LANG_NAMES", "STRINGS", "label", "pick_lang", "t", "translator"]
