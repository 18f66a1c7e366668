"""Library errors on the dashboard's pages are shown in the page's language, without command-line options.

An error a reader can cause from a page (an unknown country code, a partner list that names only the
reporter, a dataset without products, no warehouse) carries a ``key``; the string table's ``err_<key>``
says it in en, es and ko. Every key raised in ``src/`` has its entry, and every entry is raised somewhere.
An error without a key keeps its English text (message and fix).
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

from tb_testing import web_client
from tradebridge.errors import ConfigError, DataError
from tradebridge.i18n import STRINGS, error_text
from tradebridge.reference.blocs import resolve_scope

SRC = Path(__file__).parents[3] / "src" / "tradebridge"


def _raised_keys() -> set[str]:
    """The ``key=`` constants of every error constructed in src/."""
    keys = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                for kw in node.keywords:
                    if kw.arg != "key" or not name.endswith(("Error", "NoStore")):
                        continue
                    values = [kw.value.body, kw.value.orelse] if isinstance(kw.value, ast.IfExp) else [kw.value]
                    keys |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return keys


def test_every_error_key_has_its_text_and_every_text_its_error():
    raised = _raised_keys()
    table = {k[len("err_"):] for k in STRINGS if k.startswith("err_")}
    assert raised == table, (sorted(raised - table), sorted(table - raised))
    assert len(table) >= 9
    for key in table:
        entry = STRINGS[f"err_{key}"]
        assert set(entry) == {"en", "es", "ko"} and len({entry["en"], entry["es"], entry["ko"]}) == 3, key
        for text in entry.values():  # no command-line option on a page, but in the administrator's command
            assert "--" not in text or key == "no_store", (key, text)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Unknown country code: ZZZ. Enter three-letter ISO codes"),
    ("es", "Código de país desconocido: ZZZ. Escriba códigos ISO de tres letras"),
    ("ko", "알 수 없는 국가 코드: ZZZ. 세 글자 ISO 코드를"),
])
def test_an_unknown_code_in_each_language(lang, expected):
    with pytest.raises(ConfigError) as err:
        resolve_scope("KOR", "CHL,ZZZ")
    assert error_text(err.value, lang).startswith(expected)
    assert "Fix:" in str(err.value) and "--" not in error_text(err.value, lang)  # the CLI keeps its own text


def test_plural_and_the_reporter_by_name():
    with pytest.raises(ConfigError) as err:
        resolve_scope("KOR", "ZZZ,YYY")
    assert error_text(err.value, "en").startswith("Unknown country codes: ZZZ, YYY.")
    assert error_text(err.value, "es").startswith("Códigos de país desconocidos: ZZZ, YYY.")
    with pytest.raises(ConfigError) as err:
        resolve_scope("CHL", "chl")
    assert error_text(err.value, "es") == ("No quedan socios: la lista solo nombra al país informante (Chile). "
                                           "Escriba otros países o un bloque.")


def test_an_error_without_a_key_keeps_its_english_text():
    err = DataError("negative values", file="x.csv", column="value_usd", rows=[3], hint="correct the rows")
    assert error_text(err, "ko") == str(err) == "x.csv: column 'value_usd': negative values (rows 3). Fix: correct the rows"
    unknown = ConfigError("something", key="not_in_the_table")
    assert error_text(unknown, "es") == "something"


def _alert(body: str) -> str:
    found = re.findall(r'<p class="error" role="alert">(.*?)</p>', body, re.DOTALL)
    assert len(found) == 1, body[:500]
    return html.unescape(found[0])


@pytest.mark.parametrize(("path", "status", "expected"), [
    ("/partners/ZZZ?lang=ko", 404, "오류: 알 수 없는 국가 코드: ZZZ."),
    ("/partners/ZZZ?lang=es", 404, "Error: Código de país desconocido: ZZZ."),
    ("/indicators?indicator=balance&partners=QQQ&lang=ko", 422, "오류: 알 수 없는 국가 코드: QQQ."),
    ("/indicators?indicator=balance&reporter=KOR&partners=KOR&lang=es", 422,
     "Error: No quedan socios: la lista solo nombra al país informante (Corea)."),
    ("/indicators?indicator=balance&partners=KOR&lang=en", 422,
     "Error: No partners left: the list names only the reporter (Korea)."),
    ("/complexity?dataset=zzz&lang=ko", 404, "오류: 품목 코드가 있는 데이터셋 zzz"),
])
def test_pages_show_the_error_in_their_language(store_path, tmp_path, path, status, expected):
    with web_client(store_path, tmp_path) as c:
        r = c.get(path)
    assert r.status_code == status
    text = _alert(r.text)
    assert text.startswith(expected), text
    assert "Fix:" not in text and "--partners" not in text


def test_no_warehouse_is_said_in_the_pages_language(tmp_path):
    with web_client(tmp_path / "missing.duckdb", tmp_path) as c:
        r = c.get("/overview?lang=ko")
    assert _alert(r.text).startswith("오류: 아직 적재된 자료가 없습니다.")


def test_hostile_codes_are_shown_as_text(store_path, tmp_path):
    """What the reader typed is a value of the message, never part of its template or of the page's markup."""
    with web_client(store_path, tmp_path) as c:
        r = c.get("/indicators", params={"indicator": "balance", "partners": "<b>x</b>,{blocs}", "lang": "en"})
    assert r.status_code == 422
    assert "<B>X</B>" not in r.text and "&lt;B&gt;X&lt;/B&gt;" in r.text  # the explorer upper-cases codes
    assert _alert(r.text).startswith("Error: Unknown country codes: <B>X</B>, {BLOCS}. Enter")
