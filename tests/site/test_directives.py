"""The Markdown extension: figures, values and maths, code left literal, errors at their line.

Everything here runs Python-Markdown alone, as a site without MkDocs would.
"""

import re

import markdown
import pytest

from vanishing_site import style
from vanishing_site.directives import (
    DirectiveError,
    DirectivesExtension,
    figure_numbers,
    literal_lines,
    with_phone_variants,
)

META = {
    "line0": {
        "title": "A line",
        "caption": "The caption, slope {{ slope }}.",
        "alt": "A straight [test] line of slope {{ slope }}",
        "width": 640,
        "height": 360,
        "phone_width": 400,
        "phone_height": 290,
        "source": "https://example.org/blob/main/line0.py",
    },
    "bad_tex": {
        "title": "Bad",
        "caption": r"It uses \(\nosuchmacro{x}\).",
        "alt": "A figure whose caption has a formula that cannot be typeset",
        "width": 10,
        "height": 10,
        "phone_width": 8,
        "phone_height": 8,
    },
}
VALUES = {"slope": "0.25", "answer": "42", "chapter.delta_ratio": "1.5 × 10⁻⁶"}
MODULES = {"bad_tex": "src/figs/bad_tex.py", "line0": "src/figs/line0.py"}


def render(text: str, page: str = "a.md", **options) -> tuple[str, DirectivesExtension]:
    options = {"figures": META, "values": VALUES, "figure_modules": MODULES} | options
    extension = DirectivesExtension(page=page, **options)
    md = markdown.Markdown(
        extensions=[
            "attr_list",
            "md_in_html",
            "tables",
            "pymdownx.superfences",
            "pymdownx.arithmatex",
            extension,
        ],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    return md.convert(text), extension


def error(text: str, **options) -> str:
    with pytest.raises(DirectiveError) as raised:
        render(text, **options)
    return str(raised.value)


def test_a_figure_becomes_light_and_dark_images_with_caption_and_links():
    html, extension = render("Text\n\n![[line0]]\n", page="chapters/a.md")
    alt = 'alt="A straight [test] line of slope 0.25"'
    light = 'src="../figures/line0.svg#only-light" width="640"'
    assert f'<img {alt} height="360" loading="lazy" {light} />' in html
    assert 'src="../figures/line0.dark.svg#only-dark"' in html
    assert "<strong>A line.</strong> The caption, slope 0.25." in html
    assert '<a href="../figures/line0.csv">Data (CSV)</a>' in html
    assert '<a href="https://example.org/blob/main/line0.py">Source</a>' in html
    assert '<figure class="vg-figure" id="figure-line0">' in html
    assert extension.used == {"slope"}, "a value in a caption counts as used"


def test_narrow_screens_get_each_figure_image_in_its_phone_variant():
    html, _ = render("Text\n\n![[line0]]\n", page="chapters/a.md")
    html = with_phone_variants(html, META)
    for scheme, fragment in (("", "only-light"), (".dark", "only-dark")):
        source = (
            f'<source media="{style.PHONE_MEDIA}" srcset="../figures/line0.phone{scheme}.svg" '
            'width="400" height="290" />'
        )
        assert re.search(
            rf"<picture>{re.escape(source)}<img [^>]*"
            rf'src="\.\./figures/line0{scheme}\.svg#{fragment}"[^>]*></picture>',
            html,
        ), html


def test_values_are_filled_in_including_dotted_names_and_whole_blocks():
    html, extension = render("Slope {{ slope }}, ratio {{chapter.delta_ratio}}.\n")
    assert html == "<p>Slope 0.25, ratio 1.5 × 10⁻⁶.</p>"
    assert extension.used == {"slope", "chapter.delta_ratio"}
    table = {"table": "| a | b |\n| - | - |\n| 1 | 2 |", "answer": "42"}
    html, _ = render("Before.\n\n{{ table }}\n\nAfter {{ answer }}.\n", values=table)
    assert "<td>1</td>" in html and "<p>After 42.</p>" in html


@pytest.mark.parametrize(
    "text",
    [
        "Write `{{ missing }}` and ``a `{{ missing }}` b``.\n",
        "```\n{{ missing }}\n![[nope]]\n```\n",
        "````markdown\n```\n{{ missing }}\n```\n![[nope]]\n````\n",
        "~~~~\n~~~\n{{ missing }}\n~~~~\n",
        "Text.\n\n    {{ missing }}\n    ![[nope]]\n",
        "<!-- {{ missing }}\n\n![[nope]] -->\n",
    ],
    ids=["code spans", "fence", "longer fence", "tilde fence", "indented code", "comment"],
)
def test_code_and_comments_stay_literal(text):
    html, extension = render(text)
    assert "{{ missing }}" in html
    assert extension.used == set()


def test_a_shorter_fence_does_not_close_a_longer_one():
    lines = ["````", "```", "{{ x }}", "```", "````", "{{ x }}"]
    assert literal_lines(lines) == [True, True, True, True, True, False]


def test_indented_text_in_lists_and_admonitions_is_prose_not_code():
    lines = ["- item", "", "    {{ x }}", "", "!!! note", "", "    {{ y }}", "", "        code"]
    assert literal_lines(lines) == [False] * 8 + [True]


def test_an_error_three_lines_below_a_figure_names_its_own_line():
    text = "# T\n\n![[line0]]\n\n\nSee {{ nope }}.\n"
    assert error(text).startswith("docs/a.md:6: no value named 'nope'")
    # Eleven lines of front matter came before the Markdown in the file.
    assert error(text, first_line=12).startswith("docs/a.md:17: ")


def test_unknown_names_come_with_the_closest_known_ones():
    assert error("{{ answr }}\n") == (
        "docs/a.md:1: no value named 'answr' (did you mean 'answer'?)"
    )
    assert "no figure named 'line_0' (did you mean 'line0'?)" in error("\n![[line_0]]\n")
    assert "is not a value name" in error("{{ 1 + 2 }}\n")


@pytest.mark.parametrize(
    ("value", "reason"),
    [(0.25, "is a float, not the text to print"), ("nan and -inf", "holds 'nan'")],
)
def test_a_value_that_is_not_printable_text_fails_naming_it(value, reason):
    message = error("x\n{{ v }}\n", values={"v": value})
    assert message.startswith("docs/a.md:2: value 'v' ") and reason in message


def test_a_bad_formula_below_a_figure_names_its_own_line():
    text = "![[line0]]\n\nfine \\(x\\)\n\n\\(\\nosuchmacro{x}\\)\n"
    assert re.match(r"docs/a\.md:5: .*nosuchmacro", error(text))


def test_the_same_formula_valid_above_and_raw_below_is_found_below():
    text = "Good \\(\\alpha\\).\n\nRaw \\alpha here.\n"
    assert error(text).startswith("docs/a.md:3: raw TeX '\\\\alpha'")


def test_bad_tex_in_a_caption_is_blamed_on_the_figure_module():
    message = error("Intro.\n\n![[bad_tex]]\n", values={})
    assert message.startswith("src/figs/bad_tex.py (figure 'bad_tex', shown at docs/a.md:3): ")
    assert "nosuchmacro" in message


def test_an_unknown_value_in_a_caption_is_blamed_on_the_figure_module():
    message = error("![[line0]]\n", values={"slop": "1"})
    assert message.startswith("src/figs/line0.py (figure 'line0', shown at docs/a.md:1): ")
    assert "no value named 'slope' (did you mean 'slop'?)" in message


def test_an_unclosed_display_formula_fails_at_its_line():
    assert error("Text.\n\n$$\nx^2\n").startswith("docs/a.md:3: '$$' opens display maths")


def test_maths_become_mathml_with_values_inside():
    html, _ = render("A \\(x = {{ slope }}\\).\n")
    assert "<math" in html and 'alttext="x = 0.25"' in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# T\n\nSee ![logo](https://example.org/logo.png).\n",
            "docs/a.md:3: <img> loads https://example.org/logo.png",
        ),
        (
            'Text.\n\n<script src="//cdn.example.org/x.js"></script>\n',
            "docs/a.md:3: <script> loads //cdn.example.org/x.js",
        ),
    ],
    ids=["image", "script"],
)
def test_anything_fetched_from_another_host_fails_at_its_line(text, message):
    assert error(text).startswith(message)


def test_links_to_other_hosts_and_local_images_are_fine():
    html, _ = render("[PyTorch](https://pytorch.org) ![a](figures/x.svg)\n")
    assert 'href="https://pytorch.org"' in html


# Chapter 3 (chapters/a.md) shows line0 then line1; the home page shows home0, unnumbered.
NUMBERS = figure_numbers(
    [("index.md", None, ["home0"]), ("chapters/a.md", 3, ["line0", "line1"]), ("b.md", 4, [])]
)
NUMBERED = META | {
    "line1": META["line0"] | {"caption": "Unlike [[fig:line0]], this one is second."},
    "home0": META["line0"],
}


def numbered(text: str, page: str, **options):
    return render(text, page=page, figures=NUMBERED, numbers=NUMBERS, **options)


def test_figure_numbers_count_the_chapter_and_the_place_on_its_page():
    shown = {name: [(n.page, n.number) for n in places] for name, places in NUMBERS.items()}
    assert shown == {
        "home0": [("index.md", None)],
        "line0": [("chapters/a.md", "3.1")],
        "line1": [("chapters/a.md", "3.2")],
    }


def test_a_figure_shown_in_two_chapters_has_a_number_in_each():
    numbers = figure_numbers([("a.md", 1, ["line1", "line0"]), ("b.md", 2, ["line0"])])
    html, _ = render("![[line0]]\n\n[[fig:line0]], [[fig:line1]]\n", page="b.md", numbers=numbers)
    assert "Figure 2.1</strong>" in html, "numbered as a figure of the page it is on"
    assert '<a href="#figure-line0">Figure 2.1</a>' in html
    assert '<a href="a.md#figure-line1">Figure 1.1</a>' in html
    html, _ = render("[[fig:line0]]\n", page="c.md", numbers=numbers)
    assert html == '<p><a href="a.md#figure-line0">Figure 1.2</a></p>', "the first chapter's"


def test_a_figure_of_a_chapter_gets_its_number_in_bold_before_the_title():
    html, _ = numbered("![[line0]]\n\n![[line1]]\n", page="chapters/a.md")
    first = '<strong class="vg-figure-number">Figure 3.1</strong> · <strong>A line.</strong>'
    assert first in html and "Figure 3.2</strong>" in html
    # A caption refers to another figure by number too.
    assert 'Unlike <a href="#figure-line0">Figure 3.1</a>, this one is second.' in html
    home, _ = numbered("![[home0]]\n", page="index.md")
    assert "vg-figure-number" not in home and "<strong>A line.</strong> The caption" in home


def test_a_reference_links_to_the_figure_on_its_own_page_or_on_another():
    html, _ = numbered("See [[fig:line1]], and [[fig:line0]].\n", page="chapters/a.md")
    assert html == (
        '<p>See <a href="#figure-line1">Figure 3.2</a>, '
        'and <a href="#figure-line0">Figure 3.1</a>.</p>'
    )
    html, _ = numbered("As [[fig:line1]] shows.\n", page="b.md")
    assert html == '<p>As <a href="chapters/a.md#figure-line1">Figure 3.2</a> shows.</p>'
    html, _ = numbered("Code `[[fig:nope]]` stays.\n", page="b.md")
    assert "<code>[[fig:nope]]</code>" in html


def test_a_reference_to_an_unknown_or_unnumbered_figure_fails_at_its_line():
    message = error("# T\n\nSee [[fig:line2]].\n", page="b.md", figures=NUMBERED, numbers=NUMBERS)
    assert message == (
        "docs/b.md:3: no figure named 'line2' on any page (did you mean 'line1' or 'line0'?)"
    )
    message = error("\nSee [[fig:home0]].\n", page="b.md", figures=NUMBERED, numbers=NUMBERS)
    assert message == "docs/b.md:2: figure 'home0' has no number: docs/index.md is not a chapter"
    # A reference in a caption is blamed on the figure's module.
    broken = NUMBERED | {"line0": META["line0"] | {"caption": "See [[fig:nine]]."}}
    message = error("![[line0]]\n", page="b.md", figures=broken, numbers=NUMBERS)
    assert message.startswith("src/figs/line0.py (figure 'line0', shown at docs/b.md:1): ")
