"""The search dialog (assets/javascripts/search.js): set up when a reader first reaches for it,
and then used as Material's own is, by pointer, by tap and by keyboard.

Which page comes first for which query is tested in test_browser_navigation.py; the offline
copy, which keeps Material's own search, in test_offline_copy.py."""

from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import axe_violations, watch
from conftest import TIMEOUT_MS
from test_browser_navigation import SETTLED

pytestmark = pytest.mark.browser

WORKER = "/assets/javascripts/workers/search."
OPEN = "() => document.querySelector('[data-md-toggle=search]').checked"
CLOSED = f"() => !({OPEN})()"
FOCUSED = "() => document.activeElement && document.activeElement.matches('input.md-search__input')"
LINKS = "links => links.map(a => a.href)"


def workers(log: dict) -> list[str]:
    """The requests for Material's search worker among those ``log`` recorded."""
    return [url for url in log["requests"] if WORKER in url]


def test_a_page_load_starts_no_search_worker_and_the_first_key_does(context, base_url):
    page = context.new_page()
    log = watch(page)
    page.goto(base_url + "vanishing-gradients/", wait_until="networkidle")
    page.wait_for_timeout(300)
    # Material's script finds no search component to mount, so it starts no worker.
    assert page.locator("[data-md-component=search]").count() == 0
    assert workers(log) == []
    # The index is read once, by Material's search.highlight (it marks the words a result link
    # names in ?h=, and needs the index's word separator for it).
    assert len([url for url in log["requests"] if url.endswith("/search/search_index.json")]) == 1
    assert page.evaluate(OPEN) is False
    page.keyboard.press("/")
    page.wait_for_function(OPEN)
    assert page.evaluate(FOCUSED)
    # Typed at once, before the worker is ready: what is searched is all of it.
    page.keyboard.type("exploding", delay=20)
    page.wait_for_function(SETTLED, polling=100)
    assert len(workers(log)) == 1
    marked = page.locator(".md-search-result__list mark").first.inner_text()
    assert marked.lower().startswith("exploding"), marked
    meta = page.locator(".md-search-result__meta").inner_text()
    count = page.locator(".md-search-result__list > li").count()
    assert count > 0 and meta == f"{count} matching documents"
    assert log["errors"] == [] and log["failed"] == []


def test_results_link_with_the_words_to_highlight_and_keys_move_through_them(context, base_url):
    page = context.new_page()
    log = watch(page)
    page.goto(base_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("dead neurons", delay=20)
    page.wait_for_function(SETTLED, polling=100)
    links = page.locator(".md-search-result__list a[href]").evaluate_all(LINKS)
    assert parse_qs(urlsplit(links[0]).query)["h"] == ["dead neurons"]
    # Down from the field to the first result and back; the list is a list while open.
    assert page.locator(".md-search-result__list").get_attribute("role") == "list"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.href") == links[0]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED)
    # Escape closes the dialog and leaves the field; clicking it opens the same results again.
    page.keyboard.press("Escape")
    page.wait_for_function(CLOSED)
    assert not page.evaluate(FOCUSED)
    assert page.locator(".md-search-result__list").is_hidden()
    box.click()
    page.wait_for_function(OPEN)
    assert page.locator(".md-search-result__list a[href]").evaluate_all(LINKS) == links
    assert len(workers(log)) == 1, "one worker, kept"
    # Enter opens the best result: the first page's link with the highest score (the first of
    # equals).
    scores = page.locator(".md-search-result__list > li:first-child a[href]").evaluate_all(
        "links => links.map(a => [Number(a.firstElementChild.dataset.mdScore), a.href])"
    )
    best = next(href for score, href in scores if score == max(s for s, _ in scores))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == best
    # search.highlight marks the words found on the page it opens (Material's script, once it has
    # the index).
    page.wait_for_function("() => document.querySelectorAll('.md-content mark').length > 0")


def test_an_address_with_q_opens_search_with_its_results(context, base_url):
    page = context.new_page()
    page.goto(base_url + "activations/?q=relu", wait_until="networkidle")
    page.wait_for_function(SETTLED, polling=100)
    assert page.evaluate(OPEN) and page.evaluate(FOCUSED)
    assert page.locator("input.md-search__input").input_value() == "relu"
    page.keyboard.press("Escape")
    page.wait_for_function(CLOSED)
    assert page.url == base_url + "activations/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_search_icon_opens_the_dialog_ready_to_type(new_context, base_url, scheme):
    context = new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(base_url + "dead-neurons/", wait_until="networkidle")
    assert page.evaluate(OPEN) is False
    page.locator("label.md-header__button[for=__search]").tap()
    page.wait_for_function(OPEN)
    page.wait_for_timeout(300)
    assert page.evaluate(OPEN), "the icon opens the dialog and it stays open"
    assert page.evaluate(FOCUSED)
    assert page.locator("input.md-search__input").is_visible()
    page.keyboard.type("relu", delay=20)
    page.wait_for_function(SETTLED, polling=100)
    # With its results open, in either scheme (a11y.css: the count, the marked words, code).
    assert axe_violations(page) == []
    context.close()


def test_shortcuts_reset_and_an_input_methods_enter(context, base_url):
    page = context.new_page()
    page.goto(base_url + "activations/", wait_until="networkidle")
    for key in ("f", "s"):
        page.keyboard.press(key)
        page.wait_for_function(OPEN)
        assert page.evaluate(FOCUSED)
        page.keyboard.press("Tab")
        page.wait_for_function(CLOSED)
    page.keyboard.press("/")
    page.keyboard.type("sigmoid", delay=20)
    page.wait_for_function(SETTLED, polling=100)
    # Enter that picks a word in an input method's composition opens nothing.
    page.evaluate(
        "() => document.querySelector('input.md-search__input').dispatchEvent(new KeyboardEvent("
        "'keydown', {key: 'Enter', isComposing: true, bubbles: true, cancelable: true}))"
    )
    page.wait_for_timeout(300)
    assert page.url == base_url + "activations/" and page.evaluate(OPEN)
    # The reset button empties the field and keeps it, ready for the next query.
    page.locator(".md-search__options button[type=reset]").click()
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent === "
        "'Type to start searching'"
    )
    assert page.evaluate(FOCUSED) and page.evaluate(OPEN)
    assert page.locator(".md-search-result__list > li").count() == 0


def test_a_query_in_the_address_is_shown_as_text(context, base_url):
    page = context.new_page()
    log = watch(page)
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.goto(
        base_url + "?q=relu%20%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", wait_until="networkidle"
    )
    page.wait_for_function(SETTLED, polling=100)
    assert (
        page.locator("input.md-search__input").input_value() == "relu <img src=x onerror=alert(1)>"
    )
    # The words not found are listed as text (Material's "Missing:"), the tag among them.
    missing = " ".join(page.locator(".md-search-result__terms del").all_inner_texts())
    assert "img" in missing and page.locator(".md-search img").count() == 0
    assert alerts == [] and log["errors"] == []


def test_an_index_that_cannot_be_had_is_said_and_asked_for_again(context, base_url):
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    refused = []

    def refuse(route):
        refused.append(route.request.url)
        route.fulfill(status=404, body="")

    page.route("**/search/search_index.json", refuse)
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('could not')"
    )
    page.unroute("**/search/search_index.json")
    page.keyboard.press("Escape")
    box.click()
    box.press_sequentially("relu", delay=20)
    page.wait_for_function(SETTLED, polling=100)
    assert len(refused) == 1
