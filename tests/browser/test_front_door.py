"""The pages a reader arrives on: the home page, the 404 page, and the header on a phone."""

import pytest
from browsing import axe_violations, watch
from conftest import light_context

pytestmark = pytest.mark.browser

SIDEBAR_PAGES = (
    "() => [...new Set([...document.querySelectorAll('.md-sidebar--primary a.md-nav__link[href]')]"
    ".map(a => a.href.split('#')[0]))]"
)
# Reached from elsewhere than a card: the home page itself, the Lab's notebook (from the Lab's
# card) and the page for contributors.
NOT_A_CARD = ("", "lab/gradients/", "how-this-site-is-built/")


def test_home_offers_the_start_the_explorer_the_lab_and_a_card_per_page_in_nav_order(
    context, base_url
):
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    buttons = page.locator(".md-content .md-button")
    assert buttons.evaluate_all("bs => bs.map(b => [b.textContent.trim(), b.href])") == [
        ["Start reading", base_url + "activations/"],
        ["Open the explorer", base_url + "explorer/"],
        ["Run the Lab", base_url + "lab/"],
    ]
    assert "md-button--primary" in buttons.first.get_attribute("class")
    cards = page.locator(".grid.cards > ul > li").evaluate_all(
        "cards => cards.map(c => c.querySelector('a').href)"
    )
    expected = [
        url for url in page.evaluate(SIDEBAR_PAGES) if url[len(base_url) :] not in NOT_A_CARD
    ]
    assert cards == expected
    # The key figure is on the first screen, the edit button is not.
    figure = page.locator(".md-content figure.vg-figure img").first.bounding_box()
    assert figure["y"] < page.viewport_size["height"]
    assert page.locator(".md-content__button").count() == 0


def test_a_missing_page_answers_404_with_search_and_every_readers_page(context, base_url):
    page = context.new_page()
    log = watch(page)
    response = page.goto(base_url + "no/such/page/", wait_until="networkidle")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("input.md-search__input").count() == 1
    assert axe_violations(page) == []
    links = page.locator(".md-content a").evaluate_all("links => links.map(a => a.href)")
    home = context.new_page()
    home.goto(base_url, wait_until="networkidle")
    readers = [url for url in home.evaluate(SIDEBAR_PAGES) if "how-this-site-is-built" not in url]
    assert links == readers
    # Nothing from another host: no repository statistics from api.github.com, for one.
    assert [url for url in log["requests"] if not url.startswith(base_url)] == []
    # The one failure is the missing page itself: everything the 404 page asks for exists.
    assert log["failed"] == [f"{base_url}no/such/page/ (HTTP 404)"]
    assert len(log["errors"]) == 1 and "404" in log["errors"][0]


def test_the_header_title_fits_a_phone(new_context, base_url):
    context = light_context(new_context)
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url, wait_until="networkidle")
    title = page.locator(".md-header__topic .md-ellipsis").first
    assert title.inner_text() == "Vanishing gradients, executed"
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth")
    context.close()
