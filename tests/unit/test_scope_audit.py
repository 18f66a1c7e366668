"""No Korea/Pacific Alliance literal and no reporter/bloc/dataset default on a general code path.

The scope (reporter, members, bloc, dataset) comes from the settings or an argument, parsed once
(:class:`tradebridge.reference.blocs.Scope`); Korea-specific facts live in reference data and the
shipped scenario/rule files. These tests read the source: every string constant of ``src/`` (AST, so
comments do not count) except docstrings (and the doctest examples inside them) is searched for the
codes and names below; what is left must be on the commented allow-list, and every allow-list entry
must still be needed (so the list cannot rot into a blanket pass). Templates and scripts are searched
the same way, line by line.

The rendered outputs are checked elsewhere: Brazil's brief in tests/unit/report/test_brief_scope.py,
Chile's and Brazil's dashboards in tests/unit/web/test_dashboard_scope.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tradebridge"

# the country in three languages (Corea: es; 한국/대한민국: ko), its code, the bloc and its members,
# the prefix of Korea-specific names (kor_mex_fta) and the reference warehouse's trade dataset
LITERAL = re.compile(r"KOR|Korea|Corea|한국|대한민국|\bPA\b|\bCHL\b|\bMEX\b|\bPER\b|\bCOL\b|kor_|comtrade_aggregate")

# Whole modules that are data, not code paths (relative to src/tradebridge), and why.
DATA_MODULES = {
    "reference/": "curated facts: countries, blocs and their members, the agreement timeline",
    "sources/codes.py": "ISO numeric/ISO2 -> ISO3 tables at the source boundary",
    "survey/demo/": "the made-up demo survey of the curated scope (used only with demo=True on that scope)",
    "interviews/demo/": "the made-up demo interviews of the curated scope",
}
# Module-level tables (assignment targets) whose constants are data.
DATA_TABLES = {
    "BLOC_TEXT",  # i18n: the bloc descriptions, keyed by bloc id
    "FRED_COUNTRIES",  # sources/macro_files: the FRED file's country names -> ISO3
}

# Constants allowed on general paths: (module, a piece of the constant), grouped by why.
ALLOWED: dict[tuple[str, str], str] = {
    # the built-in defaults: the one place they are written (Settings)
    ("config.py", "KOR"): "settings default",
    ("config.py", "PA"): "settings default",
    ("config.py", "comtrade_aggregate"): "settings default",
    # codes shown as examples of the syntax in help and error text, never used as values
    ("config.py", "a code such as KOR"): "example",
    ("config.py", "e.g. PA or CHL,MEX"): "example",
    ("cli/data_fetch.py", "--countries KOR,PA --years"): "example",
    ("cli/data_fetch.py", "e.g. KOR,PA."): "example",
    ("cli/gravity.py", "such as KOR-CHL-FTA"): "example",
    ("cli/gravity.py", "e.g. comtrade_aggregate, agtpa"): "example",
    ("cli/scenario.py", "shipped scenario (kor_mex_fta)"): "example",
    ("cli/trade.py", "Bloc id (PA, MERCOSUR"): "example",
    ("cli/trade.py", "--reporter KOR --partners PA"): "example",
    ("interviews/transcripts.py", "e.g. CHL, COL, MEX, PER"): "example",
    ("models/scenarios.py", "e.g. {es: TLC Corea"): "example",
    ("models/shocks.py", "--reporter KOR --partners PA"): "example",
    ("schemas.py", "(e.g. KOR, CHL)"): "example",
    ("sources/comtrade.py", "such as KOR, CHL, or WLD"): "example",
    ("sources/imf.py", "e.g. --countries KOR,PA"): "example",
    ("sources/worldbank.py", "e.g. --countries KOR,PA"): "example",
    ("web/api.py", "e.g. CHL"): "example",
    ("web/queries.py", "e.g. CHL)"): "example",
    ("web/queries.py", "such as CHL, MEX"): "example",
    ("web/results.py", "pairs as KOR-MEX"): "example",
    ("web/scenarios.py", "e.g. 'KOR-MEX, KOR-PER'"): "example",
    ("web/scenarios.py", "e.g. kor_mex_fta"): "example",
    # the names of real files and datasets at their source's boundary
    ("sources/icio.py", "icio2022_kor_pa_intermediate.csv"): "file name of the shared OECD ICIO extract",
    ("sources/penppml.py", "comtrade_aggregate"): "the dataset this source reads",
    ("sources/worldbank.py", "PA.NUS.FCRF"): "a WDI indicator code (official exchange rate)",
    # the Korean language, not the country
    ("i18n/__init__.py", "한국어"): "language name in the switcher",
    ("i18n/grammar.py", "Korean particle"): "grammar of the Korean language",
    # not a code at all
    ("cli/survey.py", "ROW:COL"): "row:column syntax of --crosstab",
}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


def _table_constants(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id in DATA_TABLES for t in targets) and node.value is not None:
            out |= {id(n) for n in ast.walk(node.value)}
    return out


def literal_hits(source: str) -> list[tuple[int, str]]:
    """(line, constant) of every string constant outside docstrings and data tables that names the scope.

    >>> literal_hits('def f(reporter="KOR"):\\n    "Docs: f() for KOR."\\n    return "Korea\\'s " + reporter')
    [(1, 'KOR'), (3, "Korea's ")]
    """
    tree = ast.parse(source)
    skip = _docstrings(tree) | _table_constants(tree)
    found = sorted((n.lineno, n.col_offset, n.value) for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
                   and LITERAL.search(n.value))
    return [(line, text) for line, _, text in found]


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if not any(rel.startswith(prefix) for prefix in DATA_MODULES):
            out.append((rel, path))
    return out


@pytest.fixture(scope="module")
def hits() -> list[tuple[str, int, str]]:
    return [(rel, line, text) for rel, path in _modules()
            for line, text in literal_hits(path.read_text(encoding="utf-8"))]


def _allowed_by(rel: str, text: str) -> tuple[str, str] | None:
    """The allow-list entry that covers a constant (the longest piece found in it), or None."""
    keys = [key for key in ALLOWED if key[0] == rel and key[1] in text]
    return max(keys, key=lambda k: len(k[1])) if keys else None


def test_no_scope_literal_on_a_general_code_path(hits):
    found = [f"{rel}:{line}: {text[:90]!r}" for rel, line, text in hits if _allowed_by(rel, text) is None]
    assert found == [], ("a Korea/PA code or name, or the reference dataset, on a general path: take it from the "
                         "Scope/settings (or move the fact to reference data) — or, for an example in help text, "
                         "add it to ALLOWED with the reason:\n" + "\n".join(found))


def test_every_allowed_literal_is_still_there(hits):
    used = {_allowed_by(rel, text) for rel, _, text in hits}
    assert sorted(set(ALLOWED) - used) == []  # a stale entry: remove it from ALLOWED


def test_the_search_sees_what_it_should_and_skips_what_it_should():
    planted = '''"""Module docs about KOR and the Pacific Alliance (PA).

>>> scope("KOR", "PA")
"""
BLOC_TEXT = {"PA": {"en": "the Pacific Alliance"}}


def members(reporter: str = "KOR", partners="CHL,MEX"):
    """Korea's partners.

    >>> members("KOR")
    """
    if reporter == "KOR":
        return f"Exports of Korea to {partners}"
    return load(dataset="comtrade_aggregate", name="kor_mex_fta", lang="es", text="Corea y " + "대한민국")
'''
    assert [text for _, text in literal_hits(planted)] == [
        "KOR", "CHL,MEX", "KOR", "Exports of Korea to ", "comtrade_aggregate", "kor_mex_fta", "Corea y ", "대한민국"]
    # codes inside longer words are not codes: PANAMA, CHLORIDE, COLOMBO, PERU, MEXICO
    assert literal_hits('x = "PANAMA CHLORIDE COLOMBO PERIOD MEXICO"') == []


# templates, stylesheets and scripts of the report and the dashboard (vendored libraries excluded)
TEMPLATE_SUFFIXES = {".html", ".j2", ".js", ".css", ".txt"}
TEMPLATE_ALLOWED: dict[tuple[str, str], str] = {}


def _template_hits() -> list[tuple[str, int, str]]:
    out = []
    for path in sorted(SRC.rglob("*")):
        rel = path.relative_to(SRC).as_posix()
        if path.suffix in TEMPLATE_SUFFIXES and "/vendor/" not in rel and path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if LITERAL.search(line):
                    out.append((rel, n, line.strip()))
    return out


def test_no_scope_literal_in_templates_and_scripts():
    hits = _template_hits()
    allowed = {key for key in TEMPLATE_ALLOWED for rel, _, line in hits if key[0] == rel and key[1] in line}
    found = [f"{rel}:{n}: {line[:90]}" for rel, n, line in hits
             if not any(key[0] == rel and key[1] in line for key in TEMPLATE_ALLOWED)]
    assert found == [] and allowed == set(TEMPLATE_ALLOWED), found


SCOPE_PARAMS = {"reporter", "partners", "partner", "members", "bloc"}
# The settings' built-in defaults are imported by the Scope parser and by two library entry points
# whose dataset defaults to the settings' one (trade_overview and compute_indicator take a dataset
# name, not a Scope; the CLI and the web always pass the scope's dataset).
DEFAULT_USERS = {"config.py", "reference/blocs.py", "indicators/overview.py", "indicators/registry.py"}


def _scope_defaults(source: str) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            pos = a.posonlyargs + a.args
            pairs = [*zip(pos[len(pos) - len(a.defaults):], a.defaults, strict=True),
                     *((k, d) for k, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None)]
            out += [f"{node.name}({arg.arg}={d.value!r})" for arg, d in pairs
                    if arg.arg in SCOPE_PARAMS and isinstance(d, ast.Constant) and d.value not in (None, "")]
    return out


def test_no_reporter_or_bloc_default_below_the_settings():
    # a parameter named like a part of the scope never defaults to a code ('' and None mean "from the
    # settings"); and the built-in defaults are read only where the scope is parsed
    found = {rel: _scope_defaults(p.read_text(encoding="utf-8")) for rel, p in _modules()}
    assert {rel: f for rel, f in found.items() if f} == {}
    users = {rel for rel, p in _modules()
             if re.search(r"\bDEFAULT_(REPORTER|PARTNERS|DATASET)\b", p.read_text(encoding="utf-8"))}
    assert users <= DEFAULT_USERS, sorted(users - DEFAULT_USERS)
    assert _scope_defaults('def f(x, reporter="KOR", *, bloc="PA", dataset="d"): pass') == [
        "f(reporter='KOR')", "f(bloc='PA')"]


def test_fetch_defaults_to_the_settings_scope(monkeypatch, tmp_path):
    # `data fetch wdi/imf-fx` without --countries: the settings' reporter and its bloc, not Korea's
    from tradebridge.cli.data_fetch import scope_countries

    monkeypatch.chdir(tmp_path)  # no tradebridge.toml here
    monkeypatch.delenv("TRADEBRIDGE_CONFIG", raising=False)
    monkeypatch.setenv("TRADEBRIDGE_REPORTER", "BRA")
    monkeypatch.setenv("TRADEBRIDGE_PARTNERS", "MERCOSUR")
    assert scope_countries(None) == ("BRA", "ARG", "BOL", "PRY", "URY", "VEN")
    assert scope_countries("CHL,PA") == ("CHL", "COL", "MEX", "PER")


def test_tradebridge_serve_with_the_chile_setting_serves_chiles_dashboard(store_path, tmp_path):
    # the command itself, as a user runs it: `TRADEBRIDGE_REPORTER=CHL tradebridge serve`
    import httpx

    from tb_testing import uvicorn_app, web_env

    with uvicorn_app(web_env(store_path, tmp_path, TRADEBRIDGE_REPORTER="CHL"), cli=True) as url:
        body = httpx.get(f"{url}/api/overview", timeout=60).json()
        assert (body["reporter"], body["bloc"], body["members"]) == ("CHL", "PA", ["COL", "MEX", "PER"])
        page = httpx.get(f"{url}/overview", params={"lang": "es"}, timeout=60).text
        assert "Chile" in page and "/partners/COL" in page and "/partners/CHL" not in page
