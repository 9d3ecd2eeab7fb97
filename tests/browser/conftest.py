"""A real Chromium against the real site: built once per session, served on 127.0.0.1.

The browser is the system's (scripts/ensure_browser.py finds it, or installs Debian's), launched
by Playwright through ``executable_path``: Playwright's own download cannot run here. One browser
serves the whole session. Playwright gives it a fresh profile directory of its own, so the
``--user-data-dir`` flag is not passed.

``survey`` visits every built page once, in light mode, toggled to dark and back, and records
what the checks in test_browser_pages.py need; each test then asserts one property of every page.
"""

import sys
from pathlib import Path

import pytest
from browsing import look, toggle_scheme, watch
from playwright.sync_api import sync_playwright

from vanishing_site import serving

sys.path.insert(0, str(serving.ROOT / "scripts"))
from ensure_browser import FLAGS, ensure_browser

TIMEOUT_MS = 20_000


def light_context(browser):
    """A new context (own storage and cache) with a desktop window and a light-mode system."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> tuple[Path, str]:
    """The site, built for and served at a free port of 127.0.0.1: (directory, base URL)."""
    site = tmp_path_factory.mktemp("browser") / "site"
    with serving.serve(site) as url:
        yield serving.build(site, url), url


@pytest.fixture(scope="session")
def site(served) -> Path:
    return served[0]


@pytest.fixture(scope="session")
def base_url(served) -> str:
    return served[1]


@pytest.fixture(scope="session")
def browser():
    executable = ensure_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=list(FLAGS))
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = light_context(browser)
    yield context
    context.close()


@pytest.fixture(scope="session")
def survey(browser, site, base_url) -> dict[str, dict]:
    """Every page (by URL path), each in a tab of its own: loaded in light mode, toggled to dark,
    toggled back. One context serves them all, as one reader's browser would."""
    context = light_context(browser)
    found = {}
    for path in serving.pages(site):
        page = context.new_page()
        log = watch(page)
        page.goto(base_url + path, wait_until="networkidle")
        record = {"path": path, "light": look(page)}
        toggle_scheme(page)
        record["dark"] = look(page)
        toggle_scheme(page)
        record["light_again"] = look(page, axe=False)
        found[path] = record | log
        page.close()
    context.close()
    return found
