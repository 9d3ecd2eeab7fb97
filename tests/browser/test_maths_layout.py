"""The MathML that vanishing_site.mathml writes, laid out by Chromium with the site's math.css:
aligned columns meet at the relation, paired bars hug their content, an underbrace spans its
whole body, a formula of \\qquad-separated parts stacks its parts on a phone, and a number in
running text keeps the text's font.

The page is a local file with the formulas and the stylesheet only, so no site build is needed.
Chromium paints a stretched brace glyph wrongly only with more than one device pixel per CSS
pixel, so the page is shown at 2, as on a phone.
"""

import io
import itertools

import pytest
from PIL import Image

from vanishing_site.mathml import render_arithmatex

pytestmark = pytest.mark.browser

CSS = "docs/assets/stylesheets/math.css"
FORMULAS = {
    "aligned": r"\[\begin{aligned} z &= w^\top x + b = 1.5,\\ \tanh'(z) &= 0.18 \end{aligned}\]",
    "bars": r"\( |x| \approx 3 \)",
    "number": r"\( x \approx -0.75 \)",
    "stop": r"\[ y = 0.181. \]",
    "norm": r"\( \|v\| = 1 \)",
    "brace": r"\[\underbrace{n\,\mathrm{Var}(w)\,\mathbb{E}\left[\varphi'(z_l)^2\right]}_{\chi}\]",
    "parts": r"\[\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1, \qquad"
    r" \tanh'(x) = 1 - \tanh^2(x).\]",
}


@pytest.fixture(scope="module")
def formulas_page(tmp_path_factory):
    """A page with each formula of FORMULAS in a <div id=name>, and the site's math.css."""
    from vanishing_site.serving import ROOT

    wrap = {"\\[": '<div class="arithmatex">{}</div>', "\\(": '<span class="arithmatex">{}</span>'}
    body = "".join(
        f'<div id="{name}" class="md-typeset">'
        + render_arithmatex(wrap[tex[:2]].format(tex))
        + "</div>"
        for name, tex in FORMULAS.items()
    )
    page = tmp_path_factory.mktemp("maths") / "formulas.html"
    page.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{(ROOT / CSS).as_uri()}"></head>'
        '<body style="margin: 16px; font: 16px var(--md-text-font-family);'
        f' --md-text-font-family: Arial, sans-serif">{body}</body></html>',
        encoding="utf-8",
    )
    return page.as_uri()


@pytest.fixture
def open_page(browser, formulas_page):
    """Open the formulas page in a window ``width`` CSS pixels wide, 2 device pixels each."""
    contexts = []

    def open_at(width: int):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, device_scale_factor=2
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(formulas_page)
        page.evaluate("document.fonts.ready")
        return page

    yield open_at
    for context in contexts:
        context.close()


BOXES = """(selector) => [...document.querySelectorAll(selector)].map((e) => {
  const box = e.getBoundingClientRect();
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          text: e.textContent};
})"""


def test_aligned_left_column_is_right_aligned_against_the_relation(open_page):
    page = open_page(800)
    cells = page.evaluate(BOXES, '#aligned mtd[columnalign="right"]')
    contents = page.evaluate(
        """() => [...document.querySelectorAll('#aligned mtd[columnalign="right"]')].map((cell) => {
            const boxes = [...cell.children].map((child) => child.getBoundingClientRect());
            return Math.max(...boxes.map((box) => box.right));
        })"""
    )
    assert [cell["text"] for cell in cells] == ["z", "tanh\N{FUNCTION APPLICATION}′(z)"]
    # Both left-hand sides end at their cell's right edge (TeX's aligned), 'z' included.
    for cell, right in zip(cells, contents, strict=True):
        assert right == pytest.approx(cell["right"], abs=0.5)
    assert cells[0]["right"] == pytest.approx(cells[1]["right"], abs=0.5)


def test_a_full_stop_touches_the_number_before_it(open_page):
    number, stop = open_page(800).evaluate(BOXES, "#stop mn, #stop mo")[-2:]
    assert (number["text"], stop["text"]) == ("0.181", ".")
    assert stop["left"] - number["right"] == pytest.approx(0, abs=0.5)


@pytest.mark.parametrize(("name", "bar"), [("bars", "|"), ("norm", "‖")])
def test_paired_bars_touch_their_content(open_page, name, bar):
    page = open_page(800)
    tokens = page.evaluate(BOXES, f"#{name} mo, #{name} mi")
    opening, inside, closing = (t for t in tokens[:3])
    assert (opening["text"], closing["text"]) == (bar, bar)
    assert inside["left"] - opening["right"] == pytest.approx(0, abs=0.5)
    assert closing["left"] - inside["right"] == pytest.approx(0, abs=0.5)


def test_underbrace_is_drawn_under_its_whole_body(open_page):
    page = open_page(800)
    body = page.locator("#brace mrow.vg-underbrace")
    box = page.evaluate(BOXES, "#brace mrow.vg-underbrace")[0]
    label = page.evaluate(BOXES, "#brace munder > :last-child")[0]
    # The label χ sits under the middle of the body.
    middle = (box["left"] + box["right"]) / 2
    assert (label["left"] + label["right"]) / 2 == pytest.approx(middle, abs=1)
    shot = Image.open(io.BytesIO(body.screenshot())).convert("L")
    width, height = shot.size
    band = shot.crop((0, height - height // 5, width, height))  # the brace, under the body
    inked = [
        x for x in range(width) if min(band.getpixel((x, y)) for y in range(band.height)) < 128
    ]
    assert inked, "no brace under the body"
    # Ink from the first tenth of the body to its last tenth, with no gap wider than the tip.
    assert inked[0] < width / 10 and inked[-1] > width * 9 / 10
    assert max(b - a for a, b in itertools.pairwise(inked)) < width / 20


@pytest.mark.parametrize(("width", "stacked"), [(390, True), (1280, False)])
def test_qquad_parts_share_a_row_on_a_desktop_and_stack_on_a_phone(open_page, width, stacked):
    page = open_page(width)
    first, second = page.evaluate(BOXES, "#parts math")
    assert (second["left"] < first["right"]) is stacked  # on a row of its own
    assert (second["top"] >= first["bottom"]) is stacked
    document = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert document[0] <= document[1]


def test_a_number_in_running_text_is_in_the_text_font_and_in_display_maths_the_maths_font(
    open_page,
):
    page = open_page(800)
    sign, inline, display, text, relation = page.evaluate(
        """() => [
            getComputedStyle(document.querySelector('#number mo[form="prefix"]')).fontFamily,
            getComputedStyle(document.querySelector('#number mn')).fontFamily,
            getComputedStyle(document.querySelector('#aligned mn')).fontFamily,
            getComputedStyle(document.body).fontFamily,
            getComputedStyle(document.querySelector('#number mo')).fontFamily,
        ]"""
    )
    assert sign == inline == text == "Arial, sans-serif"
    assert relation.startswith('"Vanishing Math"')  # the ≈ stays a maths symbol
    assert display.startswith('"Vanishing Math"')
