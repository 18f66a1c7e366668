"""Every docstring example in the package runs (the design asks for runnable examples)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import tradebridge

MODULES = sorted(m.name for m in pkgutil.walk_packages(tradebridge.__path__, "tradebridge.")
                 if not m.name.startswith("tradebridge.cli."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
