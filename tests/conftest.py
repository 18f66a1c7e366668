"""Shared fixtures.

``raw_dir`` is the shared reference-data folder (``TRADEBRIDGE_RAW``, else ``../shared/data`` beside
the project). Tests that need a system tool use :func:`require_tool`: outside CI they skip with the
reason; in CI (``CI=true``) a missing tool is a failure, because ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tb_testing import IN_CI, require_tool  # noqa: F401  (used below; importable by tests)

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _raw_dir() -> Path | None:
    env = os.environ.get("TRADEBRIDGE_RAW")
    candidates = [Path(env)] if env else []
    candidates.append(PROJECT_ROOT.parent / "shared" / "data")
    for c in candidates:
        if (c / "MANIFEST.md").is_file():
            return c
    return None


@pytest.fixture(scope="session", autouse=True)
def _font_cache(tmp_path_factory: pytest.TempPathFactory):
    """Static CJK font instances made by PDF tests go to a temporary folder, not the user's cache."""
    old = os.environ.get("TRADEBRIDGE_FONT_CACHE")
    os.environ["TRADEBRIDGE_FONT_CACHE"] = str(tmp_path_factory.mktemp("font-cache"))
    yield
    if old is None:
        os.environ.pop("TRADEBRIDGE_FONT_CACHE", None)
    else:
        os.environ["TRADEBRIDGE_FONT_CACHE"] = old


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The shared reference data; its absence fails in CI and skips elsewhere."""
    path = _raw_dir()
    if path is None:
        msg = "reference data not found: set TRADEBRIDGE_RAW or place the shared folder beside the project"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def store_path(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with every reference dataset ingested once per test session (about 15 s)."""
    from tradebridge.store.ingest import ingest

    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    ingest(path, raw_dir)
    return path
