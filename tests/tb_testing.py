"""Test helpers importable from any test module: ``from tb_testing import require_tool, IN_CI``.

(``from conftest import ...`` is ambiguous once several conftest.py files exist.)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(name: str, why: str) -> str:
    """Path of a system tool; skip (outside CI) or fail (in CI) when it is missing."""
    path = shutil.which(name)
    if path:
        return path
    skip_outside_ci(f"{name} not installed ({why}); .ci/run installs it in CI")


def skip_outside_ci(reason: str) -> None:
    """Skip with ``reason`` outside CI; in CI (``CI=true``) fail, because .ci/run provides what is missing."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def uvicorn_app(env: dict[str, str], *, cli: bool = False) -> Iterator[str]:
    """Serve ``tradebridge.web.app:app_from_env`` with ``env`` on a free loopback port; yield its base URL.
    With ``cli=True`` the server is the ``tradebridge serve`` command itself (its uvicorn options).

    Fails the test when the server does not answer /healthz within about 30 s; always stops it.
    """
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if cli:
        argv = [sys.executable, "-c", "from tradebridge.cli.main import run; run()", "serve", "--host", "127.0.0.1",
                "--port", str(port)]
    else:
        argv = [sys.executable, "-m", "uvicorn", "--factory", "tradebridge.web.app:app_from_env",
                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(argv, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("uvicorn did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium driven by Playwright (headless), closed afterwards; skips outside CI (fails in CI)
    when the ``chromium`` package is missing. Screenshots go to ``test-artifacts/e2e/``."""
    from playwright.sync_api import sync_playwright

    path = require_tool("chromium", "browser tests")
    (PROJECT_ROOT / "test-artifacts" / "e2e").mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browser_page(browser: object, *, console_errors: bool = False, init_script: str | None = None,
                 **context: object) -> Iterator[object]:
    """A page in a new browser context (1280×900 unless ``context`` says otherwise), closed afterwards.

    The page records every console line in ``page.console_lines``; on leaving, the test fails when a
    script raised (and, with ``console_errors=True``, when the console logged an error: a CSP refusal, a
    failed request). ``init_script`` runs before any of the page's own scripts.
    """
    ctx = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context})
    page = ctx.new_page()
    if init_script:
        page.add_init_script(init_script)
    errors: list[str] = []
    page.console_lines = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def console(msg) -> None:
        page.console_lines.append(msg.text)
        if console_errors and msg.type == "error":
            errors.append(msg.text)

    page.on("console", console)
    try:
        yield page
    finally:
        ctx.close()
    assert errors == [], errors  # no script error (nor console error when asked) on any page


def web_env(store_path: Path, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a test server: the warehouse, and a survey database, cache and output folder in
    ``tmp`` (no tradebridge.toml is read); ``extra`` adds or overrides variables."""
    (tmp / "out").mkdir(exist_ok=True)
    return {**os.environ, "TRADEBRIDGE_STORE": str(store_path), "TRADEBRIDGE_SURVEY_DB": f"sqlite:///{tmp / 's.sqlite'}",
            "TRADEBRIDGE_CACHE": str(tmp / "cache"), "TRADEBRIDGE_SECRET": "e2e-secret-" + "x" * 24,
            "TRADEBRIDGE_OUT": str(tmp / "out"), "TRADEBRIDGE_CONFIG": str(tmp / "none.toml"), **extra}


@contextmanager
def web_client(store_path: Path, tmp: Path, **settings: object) -> Iterator[object]:
    """A FastAPI TestClient of the whole app on ``store_path``, with a survey database, cache and output
    folder in ``tmp``; ``settings`` adds or overrides :class:`~tradebridge.config.Settings` fields."""
    from fastapi.testclient import TestClient

    from tradebridge.config import Settings
    from tradebridge.web.app import create_app

    values = {"store": store_path, "survey_db": f"sqlite:///{tmp / 'survey.sqlite'}", "cache": tmp / "cache",
              "extra": {"out": str(tmp / "out")}, **settings}
    with TestClient(create_app(Settings(**values), secret_key="k" * 32)) as client:
        yield client
