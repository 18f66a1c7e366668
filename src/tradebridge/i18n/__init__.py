"""Languages of tradebridge, in one place: the string table, :func:`t`, :data:`LANGS`, locale formatting
(Babel, CLDR) and grammar-aware templates. The brief (report), the dashboard (web) and the evidence
cards all use it; it sits at the reference level, below everything that shows text.

A missing key is a programming error: :func:`t` raises :class:`~tradebridge.errors.ConfigError`
naming the key (so a page test fails at once), never shows the key. A data value that may or may
not have a label (a measure name) goes through :func:`label`, which returns the value itself when no
label exists. A missing *value* is always shown as :data:`MISSING` (an en dash).

>>> t("ko", "sec_trade"), t("es", "sec_trade")
('교역 추이', 'Evolución del comercio')
>>> t("ko", "title", reporter="대한민국", bloc="태평양동맹")
'대한민국과 태평양동맹의 경제 관계'
>>> t("es", "title", reporter="Brasil", bloc="MERCOSUR")
'Relaciones económicas entre Brasil y el MERCOSUR'
>>> t("en", "no_such_key")
Traceback (most recent call last):
...
tradebridge.errors.ConfigError: no string 'no_such_key' in the i18n table (tradebridge.i18n.strings.STRINGS)... Fix: add it there ...
>>> render("{n:plural:fragmento|fragmentos} de {m:plural:entrevista|entrevistas}", "es", {"n": 1, "m": 2})
'1 fragmento de 2 entrevistas'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tradebridge.config import LANGUAGES
from tradebridge.errors import ConfigError
from tradebridge.i18n import formatting
from tradebridge.i18n.formatting import (
    MISSING,
    date_text,
    integer,
    is_missing,
    number,
    pct,
    ratio,
    usd,
    usd_millions,
    year,
)
from tradebridge.i18n.grammar import change, fill, josa, plural, with_article
from tradebridge.i18n.strings import BLOC_TEXT, STRINGS
from tradebridge.reference.blocs import bloc_name, is_bloc
from tradebridge.reference.names import country_name

LANGS: tuple[str, ...] = LANGUAGES  # from the one Literal, tradebridge.config.Language
LANG_NAMES = {"en": "English", "es": "Español", "ko": "한국어"}

__all__ = [
    "BLOC_TEXT", "FORMATTERS", "LANGS", "LANG_NAMES", "MISSING", "STRINGS", "change", "date_text", "error_text", "fill",
    "format_value", "integer", "is_missing", "josa", "label", "number", "pct", "pick_lang", "place", "plural",
    "ratio", "render", "t", "translator", "usd", "usd_millions", "with_article", "year",
]


def pick_lang(value: str | None) -> str:
    """A supported language code, English when ``value`` is missing or unknown.

    >>> pick_lang("ko"), pick_lang("xx"), pick_lang(None)
    ('ko', 'en', 'en')
    """
    return value if value in LANGS else "en"


def place(code: str | None, lang: str = "en") -> str:
    """A country (ISO3) or bloc id by its name in ``lang``.

    >>> place("PA", "ko"), place("MEX", "es"), place("PA", "es")
    ('태평양동맹', 'México', 'Alianza del Pacífico')
    """
    if code is None:
        return MISSING
    return bloc_name(code, lang) if is_bloc(code) else country_name(code, lang)


FORMATTERS: dict[str, Callable[[Any, str], str]] = {
    "place": place, "usd": usd, "usd_m": usd_millions, "pct": pct,
    "pct_signed": lambda x, lang: pct(x, lang, signed=True),
    "pct_small": lambda x, lang: pct(x, lang, digits=None, signed=True),
    "ratio": ratio, "number": number, "int": integer, "year": year, "date": date_text, "text": formatting.text,
    "places": lambda x, lang: MISSING if is_missing(x) or not str(x).strip() else ", ".join(
        place(c.strip(), lang) for c in str(x).split(",")),
}

# the magnitude of a signed value, formatted like it (for the ``change`` and ``abs`` specs)
_UNSIGNED = {"pct_signed": "pct", "pct_small": "pct_small_abs"}


def format_value(value: Any, kind: str, lang: str) -> str:
    """``value`` formatted as ``kind`` (one of :data:`FORMATTERS`) for ``lang``."""
    if kind == "pct_small_abs":
        return pct(value, lang, digits=None)
    if kind not in FORMATTERS:
        raise ConfigError(f"unknown value format {kind!r}; valid: {', '.join(FORMATTERS)}")
    return FORMATTERS[kind](value, lang)


def render(template: str, lang: str, values: Mapping[str, Any], formats: Mapping[str, str] | None = None,
           *, strict: bool = True) -> str:
    """Fill ``template`` (fields with grammar specs) from raw ``values``, formatted per ``formats``
    (a value without a format is shown as text when it is a string, as a number otherwise). A field
    with no value is an error, or with ``strict=False`` shown as :data:`MISSING`.

    >>> render("{reporter:은} {x:change}", "ko", {"reporter": "KOR", "x": -0.059},
    ...        {"reporter": "place", "x": "pct_signed"})
    '대한민국은 5.9% 감소'
    """
    formats = formats or {}

    def kind(name: str) -> str:
        v = values.get(name)
        return formats.get(name) or ("text" if isinstance(v, str) else "int" if isinstance(v, int) else "number")

    def lookup(name: str) -> tuple[Any, str]:
        if name not in values:
            if not strict:
                return None, MISSING
            raise ConfigError(f"template field {{{name}}} has no value; give one of: {', '.join(values) or '(none)'}")
        return values[name], format_value(values[name], kind(name), lang)

    def magnitude(name: str) -> str:
        k = kind(name)
        v = values.get(name)
        return format_value(abs(v) if not is_missing(v) else v, _UNSIGNED.get(k, k), lang)

    return fill(template, lang, lookup, magnitude)


def t(lang: str, key: str, **fields: Any) -> str:
    """The fixed string ``key`` in ``lang`` (English when not translated), fields filled with grammar.

    Fields are names already in ``lang`` (``reporter="대한민국"``) or numbers.
    """
    entry = STRINGS.get(key)
    if entry is None:
        raise ConfigError(f"no string {key!r} in the i18n table (tradebridge.i18n.strings.STRINGS)",
                          hint="add it there in en, es and ko, or fix the key's spelling")
    text = entry.get(lang) or entry["en"]
    return render(text, lang, fields) if "{" in text else text


def error_text(exc: BaseException, lang: str) -> str:
    """What a page shows for a library error in ``lang``: the table's ``err_<key>`` filled with the
    error's ``params`` when the error has such a key (a reporter code shown as its name), else the
    error's own English text (message and fix).

    >>> from tradebridge.errors import ConfigError
    >>> error_text(ConfigError("unknown reporter code 'ZZZ'", key="unknown_reporter", params={"code": "ZZZ"}), "es")
    'Código de país informante desconocido: ZZZ. Escriba el código ISO de tres letras de un país.'
    >>> error_text(ConfigError("something else", hint="do this"), "ko")
    'something else. Fix: do this'
    """
    key = getattr(exc, "key", None)
    if not key or f"err_{key}" not in STRINGS:
        return str(exc)
    params = dict(getattr(exc, "params", {}) or {})
    if isinstance(params.get("reporter"), str):
        params["reporter"] = place(params["reporter"], lang)
    return t(lang, f"err_{key}", **params)


def label(lang: str, value: str) -> str:
    """The label of a data value (a measure, a direction) when the table has one, else the value itself.

    >>> label("es", "exports"), label("es", "gdp_ppp")
    ('Exportaciones', 'gdp_ppp')
    """
    return t(lang, value) if value in STRINGS else value


def translator(lang: str, **defaults: Any) -> Callable[..., str]:
    """A one-argument function for templates, ``{{ _('overview') }}``, with default fields
    (``reporter``, ``bloc``) that every string may use.

    >>> _ = translator("es", reporter="Chile", bloc="Alianza del Pacífico")
    >>> _("overview_title")
    'Chile y la Alianza del Pacífico: el comercio en el tiempo'
    """
    lang = pick_lang(lang)
    return lambda key, **fields: t(lang, key, **{**defaults, **fields})
