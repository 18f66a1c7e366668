"""Fixtures shared by the browser tests: one headless Debian chromium for the whole session
(:func:`tb_testing.chromium`: skips outside CI, fails in CI when the ``chromium`` package is missing) and
a fresh page per test that fails the test on a script error (:func:`tb_testing.browser_page`).

A module that needs another kind of page (downloads, an init script, console errors, a route) builds it
with ``browser_page(browser, ...)`` under its own fixture name or overrides ``page``.
"""

from __future__ import annotations

import pytest

from tb_testing import browser_page, chromium


@pytest.fixture(scope="session")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    with browser_page(browser) as pg:
        yield pg
