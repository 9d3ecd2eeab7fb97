"""The offline copy (`make offline`): its zip, unpacked, read from file:// in Chromium.

With $OFFLINE_ZIP set (the deploy workflow sets it), the zip tested is that file, the one it
publishes; otherwise the copy is built here, as `make offline` does.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import STATE, watch
from conftest import light_context
from test_browser_navigation import SETTLED, page_url

from vanishing_site import offline, serving

pytestmark = pytest.mark.browser

NAME = "vanishing-gradients-offline"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """The unpacked copy's home page."""
    work = tmp_path_factory.mktemp("offline")
    archive = Path(os.environ.get("OFFLINE_ZIP", work / f"{NAME}.zip"))
    if "OFFLINE_ZIP" not in os.environ:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(work / "site")],
            cwd=serving.ROOT,
            env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true"},
            check=True,
            capture_output=True,
            timeout=900,
        )
        offline.zip_site(work / "site", archive)
    with zipfile.ZipFile(archive) as unpacked:
        unpacked.extractall(work / "unpacked")
    return work / "unpacked" / NAME / "index.html"


@pytest.fixture
def page(browser, home):
    context = light_context(browser.new_context)
    page = context.new_page()
    page.vg_log = watch(page)
    page.goto(home.as_uri(), wait_until="load")
    yield page
    context.close()


def test_the_copy_is_one_folder_of_html_pages_linked_file_to_file(home):
    assert (home.parent / "activations.html").is_file()
    assert 'href="activations.html"' in home.read_text(encoding="utf-8")


def test_figures_and_maths_show_from_file_urls_and_nothing_else_is_asked_for(page):
    state = page.evaluate(STATE)
    shown = [src for figure in state["figures"] for src in figure["shown"]]
    assert shown, "no figure on the home page"
    decoded = [i for i in state["images"] if i["in_figure"] and i["visible"] and i["width"] > 0]
    assert len(decoded) >= len(state["figures"]) >= 1
    assert state["math"] > 0 and state["math_unrendered"] == []
    fonts = page.evaluate("[...document.fonts].map(f => [f.family, f.status])")
    assert ["Vanishing Math", "loaded"] in fonts, fonts
    schemes = {urlsplit(url).scheme for url in page.vg_log["requests"]}
    assert schemes <= {"file", "data", "blob"}, page.vg_log["requests"]
    assert page.vg_log["failed"] == [] and page.vg_log["errors"] == []


def test_search_finds_the_chapter_in_the_copy(page, home):
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("dead neurons", delay=20)
    page.wait_for_function(SETTLED, polling=100)
    found = page.locator(".md-search-result__list > li > a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert page_url(found[0]) == (home.parent / "dead-neurons.html").as_uri(), found
    assert page.vg_log["errors"] == []
