"""Every built page, in a real Chromium: it loads cleanly and only from 127.0.0.1, its figures and
formulas show in both colour schemes, and axe-core finds nothing to fault.

The pages come from the built site (``survey`` in conftest.py), so a new chapter is checked as
soon as it exists. Each test asserts one property of every page and names the pages that fail.
"""

from urllib.parse import urlsplit

import pytest
from browsing import RAW_TEX, formulas_in_source

pytestmark = pytest.mark.browser

PHASES = {"light": "default", "dark": "slate", "light_again": "default"}
FRAGMENT = {"default": "#only-light", "slate": "#only-dark"}


def assert_every_page(survey: dict, check) -> None:
    """Fail, naming every page (by URL path) and its problems, if ``check(record)`` lists any."""
    assert "" in survey, f"the home page was not found among the built pages {list(survey)}"
    problems = {path: found for path, record in survey.items() if (found := check(record))}
    assert not problems, "\n".join(
        f"/{path}:\n" + "\n".join(f"    {problem}" for problem in found)
        for path, found in problems.items()
    )


def test_no_page_logs_a_console_error(survey):
    assert_every_page(survey, lambda record: record["errors"])


def test_no_request_fails(survey):
    assert_every_page(survey, lambda record: record["failed"])


def test_every_request_goes_to_the_local_server(survey, base_url):
    def elsewhere(record):
        assert record["requests"], "a page that requests nothing was not loaded"
        return [
            url
            for url in record["requests"]
            if not url.startswith(base_url) and urlsplit(url).scheme not in {"data", "blob"}
        ]

    assert_every_page(survey, elsewhere)


def test_every_image_is_decoded_in_the_scheme_that_shows_it(survey):
    def undecoded(record):
        return [
            f"{phase}: {image['src']} has naturalWidth 0"
            for phase in ("light", "dark")
            for image in record[phase]["images"]
            if image["visible"] and image["width"] == 0
        ]

    assert any(record["light"]["images"] for record in survey.values()), "no page has an image"
    assert_every_page(survey, undecoded)


def test_every_figure_image_has_alt_text(survey):
    def without_alt(record):
        images = record["light"]["images"]
        return [i["src"] for i in images if i["in_figure"] and not (i["alt"] or "").strip()]

    assert any(record["light"]["figures"] for record in survey.values()), "no page has a figure"
    assert_every_page(survey, without_alt)


def test_every_formula_is_rendered_as_mathml(survey):
    def unrendered(record):
        light = record["light"]
        wanted = formulas_in_source(record["path"])
        found = [f"laid out with no width: {m}" for m in light["math_unrendered"]]
        if light["math"] < wanted:
            found.append(f"{light['math']} <math> elements for {wanted} formulas in the source")
        return found

    assert sum(record["light"]["math"] for record in survey.values()) > 0, "no page has maths"
    assert_every_page(survey, unrendered)


def test_no_raw_tex_is_visible(survey):
    def raw(record):
        text = record["light"]["text"]
        return [text[max(m.start() - 30, 0) : m.end() + 30] for m in RAW_TEX.finditer(text)]

    assert_every_page(survey, raw)


def test_palette_toggle_swaps_every_figure_to_its_dark_variant_and_back(survey):
    def unswapped(record):
        problems = []
        for phase, scheme in PHASES.items():
            state = record[phase]
            if state["scheme"] != scheme:
                problems.append(f"{phase}: the page is in scheme {state['scheme']!r}")
            # The live explorer draws in the page's colours; it has no image to swap.
            for figure in (f for f in state["figures"] if not f["live"]):
                shown = figure["shown"]
                if len(shown) != 1 or not shown[0].endswith(FRAGMENT[scheme]):
                    problems.append(f"{phase} ({scheme}): figure {figure['id']} shows {shown}")
        return problems

    assert_every_page(survey, unswapped)


@pytest.mark.parametrize("phase", ["light", "dark"])
def test_axe_finds_no_violations(survey, phase):
    assert_every_page(survey, lambda record: record[phase]["axe"])
