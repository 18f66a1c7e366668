"""The one-way data flow of DESIGN.md: a lower layer never imports a higher one.

Reads every module's imports (AST, including imports inside functions) and fails on an upward one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tradebridge"

# rank: a module may import modules of equal or lower rank only
RANK = {
    "errors": 0, "config": 0, "__init__": 0, "_json": 0, "_display": 0,
    "reference": 1, "i18n": 1,
    "sources": 2,
    "schemas": 3,
    "store": 4,
    "concord": 5,
    "indicators": 6, "models": 6, "survey": 6, "interviews": 6,
    "evidence": 7,
    "charts": 7.5,  # one chart module below report and web (specs from records + translated labels)
    "report": 8,
    "web": 9,
    "cli": 10,
}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
    return [(n, m) for n, m in out if m == "tradebridge" or m.startswith("tradebridge.")]


MODULES = sorted(p for p in SRC.rglob("*.py"))


def test_every_layer_is_ranked():
    layers = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in MODULES}
    assert layers <= set(RANK), f"unranked layers: {layers - set(RANK)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_upward_import(path):
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    bad = [(n, m) for n, m in _imports(path) if RANK.get(_layer(m), 0) > RANK[own]]
    assert not bad, f"{path.relative_to(SRC)} ({own}) imports a higher layer: {bad}"


def test_the_check_catches_an_upward_import(tmp_path):
    fake = tmp_path / "x.py"
    fake.write_text("from tradebridge.report import build\n")
    assert [m for _, m in _imports(fake)] == ["tradebridge.report"]
    assert RANK[_layer("tradebridge.report")] > RANK["store"]
