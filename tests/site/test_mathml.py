"""Build-time TeX to MathML, the bundled math font and its stylesheet."""

import itertools
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import markdown
import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from vanishing_site.mathml import (
    MathError,
    display_parts,
    find_raw_tex,
    render_arithmatex,
    tex_to_mathml,
)

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "docs/assets/fonts/vanishing-math.woff2"
CSS = ROOT / "docs/assets/stylesheets/math.css"
SOURCE_FONT = Path("/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf")
FONT_BUDGET = 60_000  # bytes


def mathml(tex: str, display: bool = False) -> ElementTree.Element:
    """The converted formula as a tree, tags without their namespace."""
    math = ElementTree.fromstring(tex_to_mathml(tex, display))
    for element in math.iter():
        element.tag = element.tag.rpartition("}")[2]
    return math


def tokens(math: ElementTree.Element) -> list[tuple[str, str]]:
    """(tag, text) of every token element, in document order."""
    return [(e.tag, e.text or "") for e in math.iter() if e.tag in ("mi", "mn", "mo", "mtext")]


def followed_by(math: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    """The sibling after the token (tag, text)."""
    for parent in math.iter():
        for child, after in itertools.pairwise(parent):
            if child.tag == tag and child.text == text:
                return after
    raise AssertionError(f"no <{tag}>{text}</{tag}> with a following sibling")


def arithmatex(source: str) -> str:
    """What Markdown with pymdownx.arithmatex (generic mode) really writes."""
    return markdown.markdown(
        source,
        extensions=["pymdownx.arithmatex", "pymdownx.superfences"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def test_display_formula_is_a_block_math_element_with_its_tex_as_alttext():
    math = mathml(r"\frac{a}{b}", display=True)
    assert math.tag == "math"
    assert math.get("display") == "block"
    assert math.get("alttext") == r"\frac{a}{b}"
    assert mathml("x").get("display") == "inline"


@pytest.mark.parametrize(
    ("tex", "base", "prime"),
    [("f'(x)", "f", "′"), ("f''", "f", "″"), (r"\sigma'(x)", "σ", "′"), (r"x^\prime", "x", "′")],
)
def test_prime_is_an_operator_beside_its_base_not_a_superscript(tex, base, prime):
    math = mathml(tex)
    assert not list(math.iter("msup"))
    assert followed_by(math, "mi", base).tag == "mo"
    assert followed_by(math, "mi", base).text == prime


def test_prime_with_a_subscript_stays_beside_the_base():
    msub = next(mathml(r"\phi'_l").iter("msub"))
    primed, index = msub
    assert [(e.tag, e.text) for e in primed] == [("mi", "ϕ"), ("mo", "′")]
    assert (index.tag, index.text) == ("mi", "l")


@pytest.mark.parametrize(
    ("tex", "name"),
    [
        (r"\max(0, x)", "max"),
        (r"\min(a, b)", "min"),
        (r"\log x", "log"),
        (r"\exp(x)", "exp"),
        (r"\tanh(x)", "tanh"),
        (r"\operatorname{ReLU}(x)", "ReLU"),
    ],
)
def test_operator_name_is_an_identifier_followed_by_function_application(tex, name):
    math = mathml(tex)
    assert ("mi", name) in tokens(math)
    assert followed_by(math, "mi", name).text == "\N{FUNCTION APPLICATION}"
    assert ("mo", name) not in tokens(math)


def test_operator_name_is_thin_spaced_from_an_operand_but_not_from_a_bracket():
    assert followed_by(mathml(r"\log x"), "mi", "log").get("rspace") == "0.1667em"
    assert followed_by(mathml(r"\max(0, x)"), "mi", "max").get("rspace") is None
    math = mathml(r"2\log x")
    assert followed_by(math, "mn", "2").tag == "mspace"


def test_max_takes_its_limit_below_in_display_and_as_a_subscript_inline():
    assert next(mathml(r"\max_x f(x)", display=True).iter("munder"))[0].text == "max"
    assert next(mathml(r"\max_x f(x)").iter("msub"))[0].text == "max"


@pytest.mark.parametrize(
    ("tex", "tag", "operator"),
    [
        (r"\sum_{i=1}^n x_i", "munderover", "∑"),
        (r"\prod_{k=1}^{L} a_k", "munderover", "∏"),
        (r"\sum_{j} x_j", "munder", "∑"),
    ],
)
def test_sum_and_product_take_limits(tex, tag, operator):
    for display in (True, False):
        element = next(mathml(tex, display).iter(tag))
        assert (element[0].tag, element[0].text) == ("mo", operator)


def test_cases_brace_stretches_over_a_left_aligned_table():
    math = mathml(r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}", display=True)
    brace = next(e for e in math.iter("mo") if e.text == "{")
    assert brace.get("stretchy") == "true"
    assert followed_by(math, "mo", "{").tag == "mtable"
    assert len(list(math.iter("mtr"))) == 2
    assert {cell.get("columnalign") for cell in math.iter("mtd")} == {"left"}
    assert ("mtext", "otherwise") in tokens(math)


def test_text_keeps_its_words_and_spaces():
    assert ("mtext", "if\N{NO-BREAK SPACE}") in tokens(mathml(r"\text{if } x > 0"))


@pytest.mark.parametrize(
    ("tex", "token"),
    [
        (r"a \odot b", ("mo", "⊙")),
        (r"a \cdot b", ("mo", "·")),
        (r"\partial L", ("mi", "∂")),
        (r"a \approx b", ("mo", "≈")),
        (r"a \le b", ("mo", "≤")),
        (r"a \leq b", ("mo", "≤")),
        (r"a \ge b", ("mo", "≥")),
        (r"x \in X", ("mo", "∈")),
        (r"w \sim p", ("mo", "∼")),
        (r"n \to \infty", ("mo", "→")),
        (r"n \to \infty", ("mi", "∞")),
        (r"a \pm b", ("mo", "±")),
        (r"1, \ldots, n", ("mi", "…")),
        (r"1, \dots, n", ("mo", "…")),
        (r"\mathbb{E}[x]", ("mi", "𝔼")),
        (r"\mathbb{R}^n", ("mi", "ℝ")),
        (r"\mathcal{N}(0, 1)", ("mi", "𝒩")),
        (r"\mathcal{U}(-a, a)", ("mi", "𝒰")),
        (r"\mathbf{W}", ("mi", "𝐖")),
        (r"\boldsymbol{x}", ("mi", "𝒙")),
        (r"\boldsymbol{\delta}", ("mi", "𝜹")),
        (r"\mathrm{d}x", ("mi", "d")),
        (r"\mathrm{Var}[x]", ("mi", "Var")),
        (r"\Delta W", ("mi", "Δ")),
    ],
)
def test_symbol_converts_to_its_token(tex, token):
    assert token in tokens(mathml(tex))


def test_styled_letters_carry_no_mathvariant_browsers_would_ignore():
    variants = {
        e.get("mathvariant")
        for tex in (r"\mathbf{W}", r"\boldsymbol{x}", r"\mathbb{E}", r"\mathcal{N}", r"\mathrm{d}")
        for e in mathml(tex).iter()
    }
    assert variants <= {None, "normal"}


def test_upright_letters_are_marked_normal_so_browsers_do_not_italicise_them():
    assert next(mathml(r"\mathrm{d}x").iter("mi")).get("mathvariant") == "normal"
    assert next(mathml(r"\Delta W").iter("mi")).get("mathvariant") == "normal"


@pytest.mark.parametrize(
    ("tex", "tag"),
    [(r"W^\top", "msup"), (r"W^{\top}", "msup"), (r"W_{l+1}^\top", "msubsup")],
)
def test_transpose_is_a_superscript_identifier(tex, tag):
    script = next(mathml(tex).iter(tag))[-1]
    assert ("mi", "⊤") in tokens(script)


def test_fractions_and_roots():
    math = mathml(r"\sqrt{\frac{2}{n}} + \tfrac{1}{2} + \dfrac{1}{2}", display=True)
    assert len(list(math.iter("mfrac"))) == 3
    assert next(math.iter("msqrt")).find(".//mfrac") is not None
    styles = [e.get("displaystyle") for e in math.iter("mstyle")]
    assert styles == ["false", "true"]


def test_left_right_stretch_only_around_something_tall():
    low = [e for e in mathml(r"\left( W_{l+1}^\top \delta \right)").iter("mo") if e.get("fence")]
    tall = [e for e in mathml(r"\left( \frac{1}{4} \right)").iter("mo") if e.get("fence")]
    assert [e.get("stretchy") for e in low] == ["false", "false"]
    assert [e.get("stretchy") for e in tall] == ["true", "true"]


@pytest.mark.parametrize(("tex", "mark"), [("1/(1+e^{-x})", "/"), ("y = 0.181.", ".")])
def test_slash_and_full_stop_are_unspaced_as_in_tex(tex, mark):
    token = next(e for e in mathml(tex).iter("mo") if e.text == mark)
    assert (token.get("lspace"), token.get("rspace")) == ("0", "0")


def test_plain_delimiters_never_stretch():
    math = mathml(r"\lVert W \rVert + (x) + |y|")
    assert {e.get("stretchy") for e in math.iter("mo") if e.text in "‖()|"} == {"false"}


@pytest.mark.parametrize(
    ("tex", "width"), [(r"a \quad b", "1em"), (r"a \, b", "0.167em"), (r"a \! b", "-0.1667em")]
)
def test_spaces_have_lengths_browsers_understand(tex, width):
    assert next(mathml(tex).iter("mspace")).get("width") == width


def test_underbrace_is_a_classed_body_with_its_label_under_it_and_no_brace_glyph():
    math = mathml(r"\underbrace{n\,\mathrm{Var}(w)}_{\chi} + \underbrace{a}", display=True)
    braced = [e for e in math.iter("mrow") if e.get("class") == "vg-underbrace"]
    assert len(braced) == 2
    outer = next(math.iter("munder"))
    assert outer[0] is braced[0] and (outer[1][0].tag, outer[1][0].text) == ("mi", "χ")
    assert [(e.tag, e.text) for e in braced[0][:2]] == [("mi", "n"), ("mspace", None)]
    assert [(e.tag, e.text) for e in braced[1]] == [("mi", "a")]
    assert "⏟" not in "".join(math.itertext())


@pytest.mark.parametrize(
    ("tex", "bar", "inside"),
    [
        (r"|x| \approx 3", "|", ["x"]),
        (r"\|v\| = 1", "‖", ["v"]),
        (r"\frac{2}{|w|}", "|", ["w"]),
        (r"\|W\|_2 - |y|", "‖", ["W"]),
    ],
)
def test_paired_bars_enclose_their_content_unspaced_as_prefix_and_postfix(tex, bar, inside):
    math = mathml(tex)
    pair = next(
        row
        for row in math.iter("mrow")
        if len(row) > 2 and row[0].tag == "mo" and row[0].text == bar
    )
    opening = pair[0]
    closing = pair[-1] if pair[-1].tag == "mo" else pair[-1][0]
    assert [e.text for e in pair[1:-1]] == inside
    assert (opening.get("form"), closing.get("form")) == ("prefix", "postfix")
    assert {e.get(side) for e in (opening, closing) for side in ("lspace", "rspace")} == {"0"}


def test_minus_after_an_opening_bar_is_a_sign_and_after_a_closing_one_is_binary():
    math = mathml(r"|-x| - 1")
    minus = [e for e in math.iter("mo") if e.text == "−"]
    assert [m.get("form") for m in minus] == ["prefix", None]


def test_an_odd_number_of_bars_is_left_as_written():
    math = mathml(r"p(a | b)")
    bar = next(e for e in math.iter("mo") if e.text == "|")
    assert bar.get("form") is None and not [r for r in math.iter("mrow") if r[0] is bar]


@pytest.mark.parametrize(
    ("tex", "parts"),
    [
        (r"a = 1, \qquad b = 2.", ["a = 1,", "b = 2."]),
        (r"a \qquad b \qquad c", ["a", "b", "c"]),
        (r"\left( a \qquad b \right) \qquad c", [r"\left( a \qquad b \right)", "c"]),
        (r"\frac{a \qquad b}{2}", [r"\frac{a \qquad b}{2}"]),
        (
            r"\begin{aligned} a &= b, \qquad c \end{aligned}",
            [r"\begin{aligned} a &= b, \qquad c \end{aligned}"],
        ),
        (r"a \qquadx", [r"a \qquadx"]),
    ],
)
def test_display_formula_splits_into_parts_at_top_level_qquad_only(tex, parts):
    assert display_parts(tex) == parts


def test_render_arithmatex_sets_the_parts_of_a_display_formula_as_one_block_of_formulas():
    rendered = render_arithmatex(arithmatex("$$\na = 1, \\qquad b = \\frac{1}{2}.\n$$\n"))
    block = re.fullmatch(r'<div class="arithmatex vg-math-parts">(.*)</div>', rendered, re.DOTALL)
    assert block, rendered
    maths = re.findall(r"<math .*?</math>", block[1], re.DOTALL)
    alttexts = [ElementTree.fromstring(m).get("alttext") for m in maths]
    assert alttexts == ["a = 1,", r"b = \frac{1}{2}."]
    assert {ElementTree.fromstring(m).get("display") for m in maths} == {"block"}


@pytest.mark.parametrize("environment", ["aligned", "align", "align*"])
def test_align_environments_are_unnumbered_right_left_tables(environment):
    tex = rf"\begin{{{environment}}} a &= b \\ c &\le d \end{{{environment}}}"
    math = mathml(tex, display=True)
    rows = list(math.iter("mtr"))
    assert len(rows) == 2
    assert [cell.get("columnalign") for cell in rows[0]] == ["right", "left"]
    assert not [text for tag, text in tokens(math) if tag == "mtext"]


def test_minus_after_a_relation_is_a_sign_and_between_operands_is_binary():
    assert followed_by(mathml("L = -x"), "mo", "=").get("form") == "prefix"
    assert followed_by(mathml("a - b"), "mi", "a").get("form") is None


def test_backprop_recurrence_converts():
    math = mathml(r"\delta_l = (W_{l+1}^\top \delta_{l+1}) \odot \phi'(z_l)", display=True)
    assert {("mo", "⊙"), ("mi", "⊤"), ("mo", "′"), ("mi", "δ")} <= set(tokens(math))
    assert followed_by(math, "mi", "ϕ").text == "′"


@pytest.mark.parametrize(
    ("tex", "named"),
    [
        (r"\foo", r"\foo"),
        (r"\fracc{a}{b}", r"\fracc"),
        (r"x^\foo", r"\foo"),
        (r"\text{\foo}", r"\foo"),
        (r"\mathrm{\foo}", r"\foo"),
        (r"\operatorname{\foo}", r"\foo"),
        (r"\left\foo x \right)", r"\foo"),
        (r"\begin{foo} a \end{foo}", r"\begin{foo}"),
    ],
)
def test_unknown_command_or_environment_raises_naming_it(tex, named):
    with pytest.raises(MathError, match=re.escape(named)):
        tex_to_mathml(tex, display=False)


@pytest.mark.parametrize("tex", ["{a", "a}", r"\frac{1}{2", r"x^{2"])
def test_unbalanced_braces_raise(tex):
    with pytest.raises(MathError, match="unbalanced braces"):
        tex_to_mathml(tex, display=False)


@pytest.mark.parametrize(
    "tex", [r"\frac{a}", r"\left( x", r"x \right)", "x^", r"\begin{cases} a", r"a \\ b"]
)
def test_malformed_formula_raises_math_error_naming_it(tex):
    with pytest.raises(MathError) as raised:
        tex_to_mathml(tex, display=True)
    assert isinstance(raised.value, ValueError)
    assert raised.value.tex == tex
    assert repr(tex) in str(raised.value)


TEX_PIECES = st.sampled_from(
    ["x", "2", "+", "-", "=", "'", "^", "_", "{", "}", "(", ")", "&", r"\\", " ", r"\frac",
     r"\sqrt", r"\left(", r"\right)", r"\max", r"\text{a}", r"\foo", r"\begin{cases}",
     r"\end{cases}", r"\mathbb{E}", r"\sum", r"\alpha", r"\,", "<"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(TEX_PIECES, max_size=12).map("".join))
def test_any_input_gives_mathml_without_commands_or_a_math_error(tex):
    try:
        math = mathml(tex)
    except MathError:
        return
    assert math.tag == "math"
    assert not [text for _, text in tokens(math) if "\\" in text]


def test_render_arithmatex_converts_inline_and_display_maths_with_escaped_characters():
    source = r"""Inline $a < b$ and \(x^2\).

$$
\begin{aligned} a &= b \\ c &< d \end{aligned}
$$
"""
    html = arithmatex(source)
    assert "&lt;" in html and "&amp;" in html  # the escaping this has to undo
    rendered = render_arithmatex(html)
    assert find_raw_tex(rendered) == []
    inline = re.findall(r'<span class="arithmatex">(<math .*?</math>)</span>', rendered)
    block = re.findall(r'<div class="arithmatex">(<math .*?</math>)</div>', rendered, re.DOTALL)
    assert len(inline) == 2 and len(block) == 1
    alttexts = [ElementTree.fromstring(m).get("alttext") for m in [*inline, *block]]
    assert alttexts[0] == "a < b"
    assert "a &= b" in alttexts[2]
    assert ElementTree.fromstring(block[0]).get("display") == "block"


def test_render_arithmatex_is_deterministic_and_leaves_other_html_alone():
    html = arithmatex("Text $x$ and `$code$`.\n\n```\n$$ not maths $$\n```\n")
    assert render_arithmatex(html) == render_arithmatex(html)
    assert "<code>$code$</code>" in render_arithmatex(html)


def test_render_arithmatex_names_the_formula_it_cannot_convert():
    with pytest.raises(MathError, match=re.escape(r"\foo")) as raised:
        render_arithmatex(arithmatex(r"Broken $x < \foo$ here."))
    assert raised.value.tex == r"x < \foo"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Raw $x^2$ here", ["$x^2$"]),
        ("Raw $$x$$ here", ["$$x$$"]),
        (r"Raw \(x\) here", [r"\(", r"\)"]),
        (r"Raw \[x\] here", [r"\[", r"\]"]),
        (r"Raw \frac{a}{b} here", [r"\frac"]),
        ("Costs $5 and $6 today", []),
        (r"<code>$x$ \frac</code><pre>\[x\]</pre>", []),
        (tex_to_mathml(r"\frac{a}{b}", True), []),
    ],
)
def test_find_raw_tex_reports_leftovers_outside_code_and_math(text, found):
    assert find_raw_tex(text) == found


def test_font_is_a_small_woff2_with_a_math_table_and_the_glyphs_the_maths_uses():
    assert FONT.stat().st_size < FONT_BUDGET
    font = TTFont(FONT)
    assert font.flavor == "woff2"
    assert "MATH" in font
    assert font["MATH"].table.MathVariants.VertGlyphCoverage is not None
    cmap = font.getBestCmap()
    assert set(map(ord, "x𝑥𝜎′″⁡∑∏√⊙⊤𝔼ℝ𝒩𝒰𝐖𝒙{}()")) <= set(cmap)
    assert (FONT.parent / "GUST-FONT-LICENSE.txt").is_file()


def test_stylesheet_loads_the_font_by_a_relative_url():
    css = CSS.read_text()
    url = re.search(r'@font-face\s*{[^}]*src:\s*url\("([^"]+)"\)', css)[1]
    assert not re.match(r"[a-z]+:|/", url)
    assert (CSS.parent / url).resolve() == FONT
    family = re.search(r'@font-face\s*{[^}]*font-family:\s*"([^"]+)"', css)[1]
    assert family == TTFont(FONT)["name"].getDebugName(1)
    assert re.search(rf'math\s*{{[^}}]*font-family:\s*"{family}", math;', css)


@pytest.mark.skipif(
    not SOURCE_FONT.exists(),
    reason="source font absent: apt-get install fonts-lmodern to check the subset reproduces",
)
def test_subset_script_reproduces_the_committed_font_byte_for_byte(tmp_path):
    output = tmp_path / "font.woff2"
    script = ROOT / "scripts/subset_math_font.py"
    subprocess.run([sys.executable, script, SOURCE_FONT, output], check=True, capture_output=True)
    assert output.read_bytes() == FONT.read_bytes()
