"""Codebooks as YAML files: themes with definitions, example phrases and keywords in en / es / ko.

Format::

    id: perceptions-codebook
    themes:
      - id: fta_optimism
        name: {en: FTA optimism, es: Optimismo sobre los TLC, ko: FTA 낙관론}
        definition: {en: ..., es: ..., ko: ...}
        examples: {en: [...], es: [...], ko: [...]}
        keywords: {en: [...], es: [...], ko: [...]}   # used by keyword suggestions

>>> cb = load_codebook(default_codebook_path())
>>> "market_knowledge" in cb.theme_ids
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tradebridge.errors import DataError
from tradebridge.i18n import LANGS

_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Theme:
    id: str
    name: dict[str, str]
    definition: dict[str, str] = field(default_factory=dict)
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Codebook:
    id: str
    themes: tuple[Theme, ...]

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise DataError(f"unknown theme {theme_id!r}", hint=f"use one of {', '.join(self.theme_ids)}")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "themes": [
            {"id": t.id, "name": dict(t.name), "definition": dict(t.definition),
             "examples": {k: list(v) for k, v in t.examples.items()},
             "keywords": {k: list(v) for k, v in t.keywords.items()}} for t in self.themes]}


def default_codebook_path() -> Path:
    """The shipped codebook of the seed brief's themes."""
    return Path(str(resources.files("tradebridge.interviews") / "codebooks" / "perceptions.yaml"))


def codebook_problems(data: Any) -> list[str]:
    """Every problem of a parsed codebook, with its location."""
    probs: list[str] = []
    if not isinstance(data, dict):
        return ["<root>: a codebook must be a mapping with id and themes"]
    if not isinstance(data.get("id"), str):
        probs.append("id: missing codebook id")
    themes = data.get("themes")
    if not isinstance(themes, list) or not themes:
        return probs + ["themes: a non-empty list of themes is required"]
    seen: set[str] = set()
    for i, t in enumerate(themes):
        loc = f"themes[{i}]"
        if not isinstance(t, dict):
            probs.append(f"{loc}: a theme must be a mapping")
            continue
        tid = t.get("id")
        if not isinstance(tid, str) or not _ID.match(tid):
            probs.append(f"{loc}.id: theme id {tid!r} must be lower-case letters, digits and '_'")
        elif tid in seen:
            probs.append(f"{loc}.id: duplicate theme id {tid!r}")
        seen.add(str(tid))
        name = t.get("name")
        if not isinstance(name, dict) or not any(isinstance(name.get(lg), str) for lg in LANGS):
            probs.append(f"{loc}.name: give the theme name in at least one of {', '.join(LANGS)}")
        for key in ("examples", "keywords"):
            val = t.get(key, {})
            if not isinstance(val, dict) or any(not isinstance(v, list) for v in val.values()):
                probs.append(f"{loc}.{key}: must map a language to a list of phrases")
    return probs


def codebook_from_dict(data: dict[str, Any], *, source: str = "<codebook>") -> Codebook:
    probs = codebook_problems(data)
    if probs:
        raise DataError(f"{len(probs)} problem(s) in the codebook: " + "; ".join(probs), file=source,
                        hint="correct each location listed")
    themes = tuple(Theme(
        id=t["id"], name={k: str(v) for k, v in t["name"].items()},
        definition={k: str(v) for k, v in (t.get("definition") or {}).items()},
        examples={k: tuple(map(str, v)) for k, v in (t.get("examples") or {}).items()},
        keywords={k: tuple(map(str, v)) for k, v in (t.get("keywords") or {}).items()},
    ) for t in data["themes"])
    return Codebook(str(data["id"]), themes)


def load_codebook(path: str | Path) -> Codebook:
    """Load and validate a YAML codebook."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"codebook {path} not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"codebook is not valid YAML: {exc}", file=str(path)) from exc
    return codebook_from_dict(data, source=str(path))


def dump_codebook(codebook: Codebook) -> str:
    return yaml.safe_dump(codebook.to_dict(), allow_unicode=True, sort_keys=False)
