"""Fixtures shared by the browser tests: one headless Debian chromium per test module
(:func:`tb_testing.chromium`: skips outside CI, fails in CI when the ``chromium`` package is missing) and
a fresh page per test that fails the test on a script error (:func:`tb_testing.browser_page`).

A module that needs another kind of page (downloads, an init script, console errors, a route) builds it
with ``browser_page(browser, ...)`` under its own fixture name or overrides ``page``.
"""

from __future__ import annotations

import pytest

from tb_testing import browser_page, chromium


# Per module, not per session: Playwright's sync API runs an event loop in the main thread while a
# browser is open, so a session-wide browser breaks every later test that calls asyncio.run() (survey
# concurrency tests) or starts its own sync_playwright (complexity page, scenario browser tests).
@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    with browser_page(browser) as pg:
        yield pg
