"""Test helpers importable from any test module: ``from tb_testing import require_tool, IN_CI``.

(``from conftest import ...`` is ambiguous once several conftest.py files exist.)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(name: str, why: str) -> str:
    """Path of a system tool; skip (outside CI) or fail (in CI) when it is missing."""
    path = shutil.which(name)
    if path:
        return path
    msg = f"{name} not installed ({why}); .ci/run installs it in CI"
    if IN_CI:
        pytest.fail(msg)
    pytest.skip(msg)
