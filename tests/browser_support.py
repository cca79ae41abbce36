"""Browser tests: a live server on loopback and headless Debian Chromium driven by Playwright.

With CI=true a missing browser is a failure, never a skip.
"""
from __future__ import annotations

import os
import shutil
import threading
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu"]


def _browser_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"Chromium not found at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)  # generous: CI machines run two suites' worth of work
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def live_server(app, world):
    """The app served on 127.0.0.1 (random port) over the test database, with the ``world`` users and CSRF on."""
    from tests.conftest import make_app_as_configured

    server_app = make_app_as_configured()  # CSRF on, as deployed
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", app=server_app, world=world)
    server.shutdown()
    thread.join(timeout=5)
    with server_app.app_context():
        from extensions import db

        db.engine.dispose()


def browser_login(page, base_url: str, username: str, password: str = "pass-1234") -> None:
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page, name: str) -> str:
    """Save a screenshot under screenshots/ (git-ignored) for a person to look at."""
    folder = os.path.join(os.path.dirname(os.path.dirname(__file__)), "screenshots")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path
