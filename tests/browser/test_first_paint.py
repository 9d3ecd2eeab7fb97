"""A page is first drawn as it stays: the classes Material's script puts on <html> ("js" for
"no-js", its focus-visible polyfill's mark) are set by overrides/main.html before the content is
parsed, so Material's script, which sets them again, restyles nothing (a class change on <html>
restyles every element, as Material's stylesheet has rules that depend on an ancestor's classes);
without JavaScript the page keeps Material's "no-js" styles."""

import pytest
from browsing import record_changes, watch

pytestmark = pytest.mark.browser

PAGE = "vanishing-gradients/"
BUNDLE = "**/assets/javascripts/bundle.*.min.js"

HEADER = """() => {
  const box = (selector) => {
    const element = document.querySelector(selector);
    const rect = element.getBoundingClientRect();
    return element.checkVisibility() ? [Math.round(rect.left), Math.round(rect.width)] : null;
  };
  return {
    search: box(".md-search__form"),
    toggle: box("form[data-vg-palette] label:not([hidden])"),
  };
}"""


def test_html_has_materials_classes_before_the_content_and_keeps_them(new_context, base_url):
    context = new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    record_changes(page, ["class"])
    log = watch(page)
    page.goto(base_url + PAGE, wait_until="networkidle")
    changes = [
        [state, classes]
        for state, what, classes in page.evaluate("window.vgChanges")
        if what == "HTML class"
    ]
    # Set while the document loads; once it is parsed, Material's script sets the same classes
    # again (a change record, with the same value), which restyles nothing.
    assert changes[0][0] == "loading", changes
    assert {classes for _, classes in changes} == {"js js-focus-visible"}, changes
    assert log["errors"] == [] and log["failed"] == []
    context.close()


def test_the_header_is_drawn_as_it_stays_before_materials_script_runs(new_context, base_url):
    """With Material's script held back, the header already has its search field, and the
    colour toggle sits where it will stay."""
    context = new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    final = page.evaluate(HEADER)
    page.close()
    context.route(BUNDLE, lambda route: route.abort())
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    assert page.evaluate("typeof window.component$") == "undefined", "Material's script ran"
    first = page.evaluate(HEADER)
    assert final["search"] is not None and final["toggle"] is not None, final
    assert first == final
    context.close()


def test_without_javascript_the_page_keeps_materials_no_js_styles(new_context, base_url):
    context = new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    assert page.evaluate("document.documentElement.className") == "no-js"
    # Material hides the search field, which needs its script, from a page without one.
    assert page.locator(".md-search").is_hidden()
    context.close()
