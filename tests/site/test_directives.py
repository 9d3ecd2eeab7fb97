"""The Markdown directives: figures and quantities, with errors that name page and line."""

import pytest

from vanishing_site import pages

META = {
    "line0": {
        "title": "A line",
        "caption": "The caption.",
        "alt": "A straight [test] line",
        "width": 640,
        "height": 360,
    }
}


def url(name):
    return f"https://example.org/blob/main/{name}.py"


def test_figure_reference_becomes_light_and_dark_images_with_caption_and_links():
    out = pages.expand("Text\n\n![[line0]]\n", "chapters/a.md", META, {}, url)
    assert "![A straight (test) line](../figures/line0.svg#only-light)" in out
    assert "![A straight (test) line](../figures/line0.dark.svg#only-dark)" in out
    assert 'width="640" height="360"' in out
    assert "**A line.** The caption." in out
    assert "[Data (CSV)](../figures/line0.csv)" in out
    assert "[Source](https://example.org/blob/main/line0.py)" in out
    assert 'id="figure-line0"' in out


def test_quantities_are_filled_in():
    out = pages.expand("slope {{ s }} and {{t}}.\n", "a.md", {}, {"s": "0.25", "t": "1"}, url)
    assert out == "slope 0.25 and 1.\n"


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("one\ntwo\n![[nope]]\n", r"a\.md:3: no figure named 'nope'"),
        ("one\n{{ missing }}\n", r"a\.md:2: no quantity named 'missing'"),
    ],
)
def test_unknown_names_stop_with_page_and_line(markdown, message):
    with pytest.raises(pages.PageError, match=message):
        pages.expand(markdown, "a.md", META, {}, url)


def test_code_blocks_are_left_alone():
    markdown = "```\n![[nope]]\n{{ missing }}\n```\n"
    assert pages.expand(markdown, "a.md", {}, {}, url) == markdown
    assert pages.figures_used(markdown) == []


def test_figures_used_lists_line_numbers():
    assert pages.figures_used("# T\n\n![[a]]\ntext ![[inline]] text\n  ![[b]]\n") == [
        (3, "a"),
        (5, "b"),
    ]


def test_tidy_html_names_the_search_dialog_and_stops_star_fetching():
    html = (
        '<a href="x" class="md-source" data-md-component="source">'
        '<div class="md-search" data-md-component="search" role="dialog">'
    )
    out = pages.tidy_html(html)
    assert 'role="dialog" aria-label="Search"' in out
    assert 'data-md-component="source"' not in out


def test_pages_with_maths_preload_the_math_font_relative_to_the_page():
    html = "<html><head></head><body><math></math></body></html>"
    out = pages.tidy_html(html, "..")
    assert '<link rel="preload" href="../assets/fonts/vanishing-math.woff2" as="font"' in out
    assert "preload" not in pages.tidy_html("<html><head></head><body>no maths</body></html>")
