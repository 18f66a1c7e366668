"""Grammar-aware templates: Korean particles, English and Spanish articles, CLDR plurals, signed changes.

A template field is ``{name}`` or ``{name:spec}``. The specs:

- a Korean particle (``이/가``, ``은/는``, ``을/를``, ``와/과``, ``으로/로``, ``이란/란``, ``이다/다``,
  ``이었다/였다``, ``이며/며``; either form may be written): the value, then the particle its last
  sound asks for — ``{reporter:와}`` gives "대한민국과", "칠레와"; ``{option:~을}`` gives the particle
  alone (for a value shown inside quotes: “{option}”{option:~을});
- an article: ``the`` (English), ``el``, ``de``, ``a``, ``en``, ``con`` (Spanish, with the contractions
  *del* and *al*); a capitalised spec (``El``) capitalises the result. A name without an article
  (most countries) gets none;
- ``plural:FORM|FORMS`` — the number and the CLDR plural form of the noun (Babel's plural rules);
- ``sign:RISE|FALL`` (or ``sign:RISE|FALL|FLAT``) — a word chosen by the sign of the value;
- ``change`` / ``change_pl`` — a signed change as a verb phrase that never says "increased" for a
  fall: "grew 5.9%", "fell 5.9%"; "creció un 5,9 %", "cayeron un 5,9 %"; "5.9% 증가", "5.9% 감소";
- ``abs`` — the value's magnitude, formatted like the value.

>>> josa("대한민국", "와/과"), josa("칠레", "와"), josa("서울", "으로"), josa("부산", "로")
('대한민국과', '칠레와', '서울로', '부산으로')
>>> josa("FTA", "은"), josa("2016", "이"), josa("5.9%", "을")
('FTA는', '2016이', '5.9%를')
>>> with_article("Alianza del Pacífico", "es", "a"), with_article("MERCOSUR", "es", "de")
('a la Alianza del Pacífico', 'del MERCOSUR')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from babel import Locale

from tradebridge.errors import ConfigError
from tradebridge.reference.names import article

FIELD = re.compile(r"{(\w+)(?::([^{}]*))?}")

# particle pairs: (after a final consonant, after a vowel)
_PAIRS = (("이", "가"), ("은", "는"), ("을", "를"), ("과", "와"), ("으로", "로"), ("이란", "란"),
          ("이다", "다"), ("이었다", "였다"), ("이며", "며"))
PARTICLES: dict[str, tuple[str, str]] = {}
for _pair in _PAIRS:
    PARTICLES[_pair[0]] = PARTICLES[_pair[1]] = _pair
    PARTICLES[f"{_pair[0]}/{_pair[1]}"] = PARTICLES[f"{_pair[1]}/{_pair[0]}"] = _pair

_RIEUL = 8  # index of ㄹ among the final consonants of a Hangul syllable
# Korean readings of digits and Latin letters: the final consonant of the last syllable (0: none)
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
_PLACE_FINAL = {1: 17, 2: 1, 3: 4}  # 십 (ㅂ), 백 (ㄱ), 천 (ㄴ); 만 (ㄴ) from four zeros on
_LETTER_FINAL = {"L": 8, "M": 16, "N": 4, "R": 8}  # 엘, 엠, 엔, 알; every other letter name ends in a vowel
_SYMBOL_FINAL = {"%": 0}  # 퍼센트
_TRAILING = " \t)]}”’\"'»."


def final_consonant(word: str) -> int:
    """The final consonant of ``word``'s last sound as read in Korean (0: a vowel; 8: ㄹ).

    A parenthesis at the end is skipped ("대한민국(KOR)" is read "대한민국").

    >>> final_consonant("칠레"), final_consonant("서울"), final_consonant("10"), final_consonant("GDP")
    (0, 8, 17, 0)
    """
    text = word.rstrip(_TRAILING)
    if word.rstrip().endswith(")") and "(" in text:
        text = text[: text.rindex("(")].rstrip(_TRAILING)
    if not text:
        return 0
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28
    if last.isdigit():
        digits = re.search(r"\d+$", text).group()
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros and digits.strip("0"):
            return _PLACE_FINAL.get(zeros, 4)
        return _DIGIT_FINAL[last]
    if last.isascii() and last.isalpha():
        return _LETTER_FINAL.get(last.upper(), 0)
    return _SYMBOL_FINAL.get(last, 0)


def josa(word: str, particle: str) -> str:
    """``word`` followed by the form of ``particle`` its final sound takes (으로/로: ㄹ takes 로)."""
    pair = PARTICLES.get(particle)
    if pair is None:
        raise ConfigError(f"unknown Korean particle {particle!r}; valid: "
                          + ", ".join(f"{a}/{b}" for a, b in _PAIRS))
    final = final_consonant(word)
    if pair[0] == "으로":
        return word + ("로" if final in (0, _RIEUL) else "으로")
    return word + (pair[0] if final else pair[1])


_PREPS = {"el": "", "de": "de", "a": "a", "en": "en", "con": "con", "the": ""}


def with_article(name: str, lang: str, prep: str = "el") -> str:
    """``name`` with its article (and a preposition, contracted: de + el = del, a + el = al)."""
    art = article(name, lang)
    if prep == "the":
        return f"{art} {name}" if art else name
    head = _PREPS[prep]
    if art == "el" and head in ("de", "a"):
        return f"{head}l {name}"
    return " ".join(p for p in (head, art, name) if p)


def plural_form(n: float, lang: str) -> str:
    """The CLDR plural category of ``n`` in ``lang`` ('one', 'other', 'many', ...).

    >>> plural_form(1, "es"), plural_form(2, "es"), plural_form(1, "ko")
    ('one', 'other', 'other')
    """
    return Locale.parse(lang).plural_form(abs(n))


def plural(n: float, lang: str, forms: str) -> str:
    """The noun form for ``n``: ``forms`` is 'ONE|OTHER' (Korean nouns do not inflect: one form is enough)."""
    one, _, other = forms.partition("|")
    return one if plural_form(n, lang) == "one" or not other else other


_CHANGE = {
    "en": ("grew {x}", "fell {x}", "was unchanged"),
    "es": ("creció un {x}", "cayó un {x}", "no varió"),
    "ko": ("{x} 증가", "{x} 감소", "{x} 변동"),
}
_CHANGE_PL = {"es": ("crecieron un {x}", "cayeron un {x}", "no variaron")}


def change(x: float, magnitude: str, lang: str, *, plural_subject: bool = False) -> str:
    """A signed change as words: the verb says the direction, the number is the magnitude.

    >>> change(-0.059, "5.9%", "en"), change(-0.059, "5,9 %", "es"), change(-0.059, "5.9%", "ko")
    ('fell 5.9%', 'cayó un 5,9 %', '5.9% 감소')
    """
    table = (_CHANGE_PL if plural_subject else {}).get(lang) or _CHANGE.get(lang, _CHANGE["en"])
    phrase = table[0] if x > 0 else table[1] if x < 0 else table[2]
    return phrase.replace("{x}", magnitude)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def apply_spec(spec: str, raw: Any, text: str, lang: str, magnitude: Callable[[], str]) -> str:
    """One field with its spec (see the module docstring); ``magnitude`` formats ``abs(raw)``."""
    if spec in PARTICLES:
        return josa(text, spec)
    if spec.startswith("~") and spec[1:] in PARTICLES:
        return josa(text, spec[1:])[len(text):]
    if spec.lower() in _PREPS:
        out = with_article(text, lang, spec.lower())
        return _capitalise(out) if spec[0].isupper() else out
    kind, _, arg = spec.partition(":")
    if kind == "plural":
        return f"{text} {plural(float(raw), lang, arg)}"
    if kind == "sign":
        words = arg.split("|")
        if len(words) not in (2, 3):
            raise ConfigError(f"sign spec {spec!r} needs two or three words: sign:RISE|FALL[|FLAT]")
        return words[0] if raw > 0 else words[1] if raw < 0 else words[-1]
    if kind in ("change", "change_pl"):
        return change(float(raw), magnitude(), lang, plural_subject=kind == "change_pl")
    if kind == "abs":
        return magnitude()
    raise ConfigError(f"unknown template spec {spec!r} in a field; valid: a Korean particle ({', '.join(PARTICLES)}), "
                      "a particle alone (~을), an article (the, el, de, a, en, con), plural:ONE|OTHER, sign:RISE|FALL, change, change_pl, abs")


def fill(template: str, lang: str, lookup: Callable[[str], tuple[Any, str]],
         magnitude: Callable[[str], str] | None = None) -> str:
    """Fill ``template``'s fields: ``lookup(name)`` gives (raw value, formatted text).

    >>> values = {"reporter": "대한민국", "bloc": "태평양동맹"}
    >>> fill("{reporter:와} {bloc:의} 관계", "ko", lambda k: (values[k], values[k]))
    Traceback (most recent call last):
    ...
    tradebridge.errors.ConfigError: unknown template spec '의' in a field; ...
    >>> fill("{reporter:와/과} {bloc}의 관계", "ko", lambda k: (values[k], values[k]))
    '대한민국과 태평양동맹의 관계'
    """
    def one(m: re.Match) -> str:
        name, spec = m.group(1), m.group(2)
        raw, text = lookup(name)
        if not spec:
            return text
        return apply_spec(spec, raw, text, lang, lambda: magnitude(name) if magnitude else text.lstrip("+−-"))

    return FIELD.sub(one, template)
