"""A real Chromium against the real site: built once per session, served on 127.0.0.1.

The browser is the system's (scripts/ensure_browser.py finds it, or installs Debian's), launched
by Playwright through ``executable_path``: Playwright's own download cannot run here. One browser
serves the whole session. Playwright gives it a fresh profile directory of its own, so the
``--user-data-dir`` flag is not passed.

Where the site is built and which address it has follow the environment, so that the deploy
workflow publishes the very files these tests passed: $BROWSER_SITE_DIR is the directory to
build into (a temporary one otherwise) and $SITE_URL the address to build for (the local
server's otherwise). With $SITE_URL set, the browser asks for pages at that address and
Playwright answers from the built files, so the site is tested under its public URL.

``survey`` visits every built page once, in light mode, toggled to dark and back, and records
what the checks in test_browser_pages.py need; each test then asserts one property of every page.
"""

import os
import sys
from pathlib import Path

import pytest
from browsing import look, toggle_scheme, watch
from playwright.sync_api import sync_playwright

from vanishing_site import serving

sys.path.insert(0, str(serving.ROOT / "scripts"))
from ensure_browser import FLAGS, ensure_browser

TIMEOUT_MS = 20_000


def light_context(new_context):
    """A new context (own storage and cache) with a desktop window and a light-mode system;
    ``new_context`` is the fixture, or ``browser.new_context`` for pages off the site."""
    context = new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    return context


def route_to_files(context, site: Path, base_url: str) -> None:
    """Answer the context's requests for pages under ``base_url`` from the files of ``site``."""

    def answer(route):
        status, path = serving.answer(site, "/" + route.request.url.removeprefix(base_url))
        route.fulfill(
            status=status, body=path.read_bytes(), content_type=serving.content_type(path)
        )

    context.route(base_url + "**", answer)


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> tuple[Path, str, str]:
    """The site, built for its base URL and served there: (directory, base URL, local server's
    URL). The base URL is $SITE_URL, or else the local server's."""
    given = os.environ.get("BROWSER_SITE_DIR")
    site = Path(given).resolve() if given else tmp_path_factory.mktemp("browser") / "site"
    with serving.serve(site) as url:
        base_url = os.environ.get("SITE_URL") or url
        yield serving.build(site, base_url), base_url, url


@pytest.fixture(scope="session")
def new_context(browser, served):
    """Make a browser context that reaches the site under test (options as browser.new_context)."""
    site, base_url, local_url = served

    def make(**options):
        context = browser.new_context(**options)
        if base_url != local_url:
            route_to_files(context, site, base_url)
        return context

    return make


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
def context(new_context):
    context = light_context(new_context)
    yield context
    context.close()


@pytest.fixture(scope="session")
def survey(new_context, site, base_url) -> dict[str, dict]:
    """Every page (by URL path), each in a tab of its own: loaded in light mode, toggled to dark,
    toggled back. One context serves them all, as one reader's browser would."""
    context = light_context(new_context)
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
