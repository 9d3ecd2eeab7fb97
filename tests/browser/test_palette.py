"""The colour toggle (overrides/partials/palette.html and javascripts/palette.html): the scheme
is set in the header, before the content exists, from the reader's last choice or else the
system's preference; a page load then changes nothing on <body>, where any change restyles the
whole page."""

import pytest
from browsing import record_changes, scheme, toggle_scheme, watch

pytestmark = pytest.mark.browser

PAGE = "vanishing-gradients/"
OTHER = "mitigations/"

# The attributes on <body> that set the scheme.
SCHEME_ATTRIBUTES = [
    "data-md-color-scheme",
    "data-md-color-primary",
    "data-md-color-accent",
    "data-md-color-media",
    "data-md-color-switching",
]
COLOR_SCHEME_META = "[...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.content)"


@pytest.mark.parametrize(
    ("system", "expected", "meta"), [("light", "default", "light"), ("dark", "slate", "dark")]
)
def test_the_system_preference_sets_the_scheme_before_the_content_is_parsed(
    new_context, base_url, system, expected, meta
):
    context = new_context(color_scheme=system, viewport={"width": 390, "height": 844})
    page = context.new_page()
    record_changes(page, SCHEME_ATTRIBUTES)
    log = watch(page)
    page.goto(base_url + PAGE, wait_until="networkidle")
    assert scheme(page) == expected
    assert page.evaluate(COLOR_SCHEME_META) == [meta]
    changes = page.evaluate("window.vgChanges")
    # Set while the document loads, and only then: nothing restyles the page once it is parsed.
    assert changes and all(state == "loading" for state, *_ in changes), changes
    assert not any(what == "BODY data-md-color-switching" for _, what, _ in changes), changes
    assert log["errors"] == [] and log["failed"] == []
    context.close()


def test_the_readers_choice_holds_on_every_page_and_survives_a_reload(context, base_url):
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    assert scheme(page) == "default"
    toggle_scheme(page)
    assert scheme(page) == "slate"
    assert page.evaluate(COLOR_SCHEME_META) == ["dark"]
    for path in (OTHER, PAGE):
        page.goto(base_url + path, wait_until="networkidle")
        assert scheme(page) == "slate", path
        # The visible label offers the other scheme.
        assert (
            page.locator("form[data-vg-palette] label:not([hidden])").get_attribute("title")
            == "Switch to light mode"
        )
    toggle_scheme(page)
    page.reload(wait_until="networkidle")
    assert scheme(page) == "default"


def test_enter_on_the_toggle_moves_to_the_next_scheme_and_keeps_focus_there(context, base_url):
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    page.focus("#__palette_0")
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate("document.activeElement.id") == "__palette_1"
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    assert page.evaluate("document.activeElement.id") == "__palette_0"
