"""TeX to MathML at build time, so pages need no maths script and no third-party host.

latex2mathml parses the TeX; the passes here repair what it gets wrong for a browser's
MathML Core renderer (primes, operator names, styled alphabets, named spaces) and refuse
what it would otherwise pass through silently (unknown commands and environments,
unbalanced braces, missing arguments).
"""

import html
import itertools
import re
import unicodedata
from xml.etree.ElementTree import Element, tostring

from latex2mathml import commands
from latex2mathml.converter import convert_to_element


class MathError(ValueError):
    """A formula that cannot be typeset faithfully; `tex` holds the formula."""

    def __init__(self, tex: str, reason: str) -> None:
        super().__init__(f"{reason} in {tex!r}")
        self.tex = tex


# latex2mathml's tables plus `aligned`. Numbered `align` would restart at (1) in every
# formula, so every align flavour becomes the unnumbered `align*`, as MathJax shows it.
_ENVIRONMENTS = {matrix[1:] for matrix in commands.MATRICES} | {"aligned"}
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{([^}]*)\}")
_ALIGN = re.compile(r"\\(begin|end)\s*\{(?:aligned|align\*?)\}")
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")

# Elements whose children are positional arguments rather than a row.
_ARITY = {
    "mfrac": 2,
    "mroot": 2,
    "msub": 2,
    "msup": 2,
    "msubsup": 3,
    "munder": 2,
    "mover": 2,
    "munderover": 3,
}
_ROWS = {"math", "mrow", "mtd", "mstyle", "msqrt", "mpadded", "mphantom", "menclose"}

# Tokens latex2mathml files under the wrong element, which gives them operator spacing
# they should not have (or none where they need it).
_RETAG = {
    ("mi", "~"): ("mo", "\N{TILDE OPERATOR}"),
    ("mi", "±"): ("mo", "±"),
    ("mo", "∞"): ("mi", "∞"),
    ("mo", "∂"): ("mi", "∂"),
    ("mo", "⊤"): ("mi", "⊤"),
}
# MathML Core dropped the named spaces, so browsers read these widths as zero.
_SPACES = {
    "negativethinmathspace": "-0.1667em",
    "negativemediummathspace": "-0.2222em",
    "negativethickmathspace": "-0.2778em",
    "thinmathspace": "0.1667em",
    "mediummathspace": "0.2222em",
    "thickmathspace": "0.2778em",
}
# Browsers honour only mathvariant="normal", so other styles become Unicode math letters.
_ALPHABETS = {
    "bold": "BOLD",
    "italic": "ITALIC",
    "bold-italic": "BOLD ITALIC",
    "double-struck": "DOUBLE-STRUCK",
    "script": "SCRIPT",
    "bold-script": "BOLD SCRIPT",
    "fraktur": "FRAKTUR",
    "bold-fraktur": "BOLD FRAKTUR",
    "sans-serif": "SANS-SERIF",
    "bold-sans-serif": "SANS-SERIF BOLD",
    "sans-serif-italic": "SANS-SERIF ITALIC",
    "monospace": "MONOSPACE",
}
_LETTER = re.compile(r"(?:LATIN|GREEK) (SMALL|CAPITAL) LETTER (.+)|GREEK (.+ SYMBOL)|(DIGIT .+)")

_FUNCTIONS = {function[1:] for function in commands.FUNCTIONS}
_OPERATOR_NAME = re.compile(r"[A-Za-z][A-Za-z\u2006\u2009]*")
# Scripts that TeX sets as limits: always on big operators (browsers move them aside in
# inline maths), in display maths on these operator names.
_LIMITS = {"msub": "munder", "msup": "mover", "msubsup": "munderover"}
_BIG_OPERATORS = set("∑∏∐⋃⋂")
_NAMES_WITH_LIMITS = {
    "lim",
    "lim inf",
    "lim sup",
    "max",
    "min",
    "sup",
    "inf",
    "arg max",
    "arg min",
    "det",
}
_PRIMES = re.compile("[′″‴⁗]+")
_THIN = "0.1667em"
# Browsers stretch these to the height of their whole row unless told otherwise; TeX only
# stretches a delimiter for \left, \right or \big, where latex2mathml says so.
_DELIMITERS = set("()[]{}|‖⟨⟩⌈⌉⌊⌋/∣∥")
# \left ... \right around none of these needs no stretching.
_TALL = {"mfrac", "munder", "mover", "munderover", "msqrt", "mroot", "mtable"}
_LARGE_OPERATORS = set("∑∏∫∬∮")
# After one of these (or an operand) a + or - is binary; elsewhere it is a sign.
_CLOSERS = set(")]}⟩⌉⌋|‖′″‴⁗")
_SIGNS = set("+−±∓")
# Bars that TeX pairs by \lvert/\rvert; written as plain |x| or \|v\|, browsers space the
# second bar of a pair as a binary operator ("|x |").
_BARS = set("|‖")
# A display formula of parts side by side, `a = b, \qquad c = d`, becomes one formula per part,
# laid out in a row that wraps on a narrow screen (math.css, .vg-math-parts).
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.DOTALL)
_OPENING = {"{", r"\left", r"\begin"}
_CLOSING = {"}", r"\right", r"\end"}

_ARITHMATEX = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<block>.*?)\\\]</div>',
    re.DOTALL,
)
_VERBATIM = re.compile(r"<(math|code|pre|script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
# `$...$` follows Pandoc's rule (no space inside the dollars, no digit after) so that
# prices such as "$5 and $6" are not mistaken for maths.
_RAW_TEX = re.compile(
    r"\$\$.+?\$\$|\$(?=\S)[^$\n]+?(?<=\S)\$(?!\d)|\\[()\[\]]|\\[A-Za-z]+", re.DOTALL
)


def tex_to_mathml(tex: str, display: bool) -> str:
    """One TeX formula as a <math> element (display="block" for display maths).

    Raises MathError, naming the formula and the reason, for anything it cannot typeset.
    """
    _check_source(tex)
    try:
        math = convert_to_element(_prepare(tex), display="block" if display else "inline")
    except Exception as error:  # latex2mathml signals bad input with many exception types
        name = type(error).__name__.removesuffix("Error")
        reason = str(error) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()
        raise MathError(tex, f"cannot convert: {reason}") from error
    for element in math.iter():
        element.text = html.unescape(element.text) if element.text else element.text
    _check_output(tex, math)
    _fix_tokens(math)
    if r"\nolimits" not in tex:
        _fix_limits(math, display)
    _draw_underbraces(math)
    for row in [element for element in math.iter() if element.tag in _ROWS]:
        _pair_bars(row)
    for row in [element for element in math.iter() if element.tag in _ROWS]:
        _fix_primes(row)
        _fix_operator_names(row)
        _fix_signs(row)
    _merge_upright_runs(math)
    _unstretch_low_fences(math)
    math.set("alttext", tex)
    return tostring(math, encoding="us-ascii").decode()


def render_arithmatex(html_text: str) -> str:
    """Replace pymdownx.arithmatex's generic `\\(..\\)` and `\\[..\\]` wrappers with MathML.

    The wrappers keep their `arithmatex` class, which Material already lays out (centred,
    scrolling) for display maths. A display formula whose parts are set apart by a top-level
    `\\qquad` becomes one formula per part in a `vg-math-parts` block, so that a narrow screen
    stacks the parts instead of scrolling sideways.
    """

    def render(match: re.Match[str]) -> str:
        if match["inline"] is not None:
            math = tex_to_mathml(html.unescape(match["inline"].strip()), False)
            return f'<span class="arithmatex">{math}</span>'
        parts = display_parts(html.unescape(match["block"].strip()))
        maths = "".join(tex_to_mathml(part, True) for part in parts)
        kind = "arithmatex vg-math-parts" if len(parts) > 1 else "arithmatex"
        return f'<div class="{kind}">{maths}</div>'

    return _ARITHMATEX.sub(render, html_text)


def display_parts(tex: str) -> list[str]:
    """A display formula split at each `\\qquad` outside braces, `\\left..\\right` and
    environments: `a, \\qquad b` gives ['a,', 'b']. A formula without one is one part."""
    parts, part, depth = [], [], 0
    for token in _TOKEN.findall(tex):
        depth += (token in _OPENING) - (token in _CLOSING)
        if token == r"\qquad" and depth == 0:
            parts.append("".join(part).strip())
            part = []
        else:
            part.append(token)
    parts.append("".join(part).strip())
    return [part for part in parts if part]


def find_raw_tex(html_or_text: str) -> list[str]:
    """TeX left unrendered outside <math>, <code> and <pre>: `$..$`, `\\(`, `\\[`, `\\frac`..."""
    return _RAW_TEX.findall(_VERBATIM.sub("", html_or_text))


def _check_source(tex: str) -> None:
    depth = 0
    for token in re.findall(r"\\.|[{}]", tex):
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            raise MathError(tex, "unbalanced braces, unexpected '}'")
    if depth:
        raise MathError(tex, "unbalanced braces, missing '}'")
    for name in _ENVIRONMENT.findall(tex):
        if name not in _ENVIRONMENTS:
            raise MathError(tex, f"unknown environment \\begin{{{name}}}")


def _prepare(tex: str) -> str:
    # latex2mathml turns a one-letter \mathrm{d} into a bare "d", which browsers then
    # italicise; with a space it takes the path that marks the letter upright.
    return _ALIGN.sub(r"\\\1{align*}", tex.replace(r"\mathrm{", r"\mathrm {"))


def _check_output(tex: str, math: Element) -> None:
    for element in math.iter():
        command = _COMMAND.search(" ".join([element.text or "", *element.attrib.values()]))
        if command:
            raise MathError(tex, f"unknown command {command[0]}")
        if element.tag in _ARITY and len(element) != _ARITY[element.tag]:
            raise MathError(tex, f"missing argument, <{element.tag}> is incomplete")
        if element.tag == "mspace" and element.get("linebreak"):
            raise MathError(tex, r"line break \\ outside an environment")
        if element.tag == "mo" and not element.text and element.get("fence") != "true":
            raise MathError(tex, "empty operator (an unsupported \\operatorname form?)")


def _fix_tokens(math: Element) -> None:
    for element in math.iter():
        element.tag, element.text = _RETAG.get(
            (element.tag, element.text), (element.tag, element.text)
        )
        if element.tag == "mo" and element.text in _DELIMITERS:
            element.attrib.setdefault("stretchy", "false")
        # Ordinary in TeX; browsers space "/" as binary and "." (absent from their operator
        # dictionary) as an unknown operator, which leaves a gap before a formula's full stop.
        if element.tag == "mo" and element.text in ("/", "."):
            element.attrib.update(lspace="0", rspace="0")
        if element.tag == "mspace" and element.get("width") in _SPACES:
            element.set("width", _SPACES[element.get("width")])
        variant = element.get("mathvariant")
        if element.tag in ("mi", "mn", "mo") and variant in _ALPHABETS:
            element.text = "".join(_styled(char, _ALPHABETS[variant]) for char in element.text)
            del element.attrib["mathvariant"]
        # TeX sets capital Greek upright; browsers would italicise a lone letter.
        if element.tag == "mi" and len(element.text or "") == 1 and "Α" <= element.text <= "Ω":
            element.set("mathvariant", "normal")


def _styled(char: str, style: str) -> str:
    """The Unicode math letter for char in style ('BOLD ITALIC'), or char if none exists."""
    match = _LETTER.fullmatch(unicodedata.name(char, ""))
    if not match:
        return char
    case, letter, symbol, digit = match.groups()
    name = f"{case} {letter}" if case else symbol or digit
    # A few letters live in Letterlike Symbols, e.g. SCRIPT CAPITAL B and DOUBLE-STRUCK CAPITAL R.
    for candidate in (f"MATHEMATICAL {style} {name}", f"{style} {name}"):
        try:
            return unicodedata.lookup(candidate)
        except KeyError:
            continue
    return char


def _fix_limits(math: Element, display: bool) -> None:
    """Limits under and over: latex2mathml writes \\sum_{i} (though not \\sum_i) and
    \\max_x as subscripts."""
    for element in math.iter():
        if element.tag in _LIMITS and element[0].tag == "mo":
            name = re.sub("[\u2006\u2009]", " ", element[0].text or "")
            if name in _BIG_OPERATORS or (display and name in _NAMES_WITH_LIMITS):
                element.tag = _LIMITS[element.tag]


def _fix_primes(row: Element) -> None:
    """f' as <mi>f</mi><mo>′</mo>: the font's prime is already raised, so a superscript
    would shrink and lift it a second time."""
    children = []
    for child in row:
        if child.tag not in ("msup", "msubsup") or not _is_primes(child[-1]):
            children.append(child)
            continue
        primed = [child[0], _element("mo", "".join(child[-1].itertext()))]
        if child.tag == "msup":
            children.extend(primed)
        else:  # f'_l becomes {f'}_l: the prime beside f, the index below
            base = _element("mrow")
            base.extend(primed)
            child[:] = [base, child[1]]
            child.tag = "msub"
            children.append(child)
    row[:] = children


def _is_primes(script: Element) -> bool:
    tokens = all(element.tag in ("mi", "mo", "mrow") for element in script.iter())
    return tokens and bool(_PRIMES.fullmatch("".join(script.itertext())))


def _fix_operator_names(row: Element) -> None:
    """max(0, x) as <mi>max</mi><mo>&#x2061;</mo>..., spaced like TeX's \\mathop.

    latex2mathml writes some names as <mo>, which browsers pad as unknown operators,
    and others as bare <mi>, which run into their argument (log x reads "logx").
    """
    children = []
    for child in row:
        scripted = child.tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover")
        core = child[0] if scripted else child
        name = _operator_name(core)
        if name is None:
            children.append(child)
            continue
        core.tag, core.text, core.attrib = "mi", name, {}
        if len(name) == 1:
            core.set("mathvariant", "normal")
        if children and _is_operand(children[-1]):
            children.append(_element("mspace", width=_THIN))
        children.extend([child, _element("mo", "\N{FUNCTION APPLICATION}")])
    row[:] = children
    # A thin space after the name unless an operator or fence follows, as TeX spaces Op atoms.
    for child, following in itertools.pairwise(row):
        if child.text == "\N{FUNCTION APPLICATION}" and not _starts_with_operator(following):
            child.set("rspace", _THIN)


def _fix_signs(row: Element) -> None:
    """-x after an operator or an opening bracket as a sign: TeX leaves it unspaced, while
    browsers, judging by position alone, space any minus not first in its row as binary."""
    for previous, child in itertools.pairwise(row):
        if child.tag == "mo" and child.text in _SIGNS and not _is_operand(previous):
            child.set("form", "prefix")


def _is_operand(element: Element) -> bool:
    if element.tag not in ("mo", "mspace"):
        return True
    return element.text in _CLOSERS and element.get("form") != "prefix"


def _bar(element: Element) -> str | None:
    """The bar an element is or ends in (`|`, or `‖` with a script as in \\|W\\|_2), if any."""
    scripted = element.tag in ("msub", "msup", "msubsup") and len(element)
    core = element[0] if scripted else element
    if core.tag == "mo" and core.text in _BARS and core.get("fence") != "true":
        return core.text
    return None


def _pair_bars(row: Element) -> None:
    """|x| and \\|v\\| as an <mrow> from bar to bar, the first bar prefix, the second postfix,
    neither spaced, as TeX sets \\lvert x \\rvert. A row with an odd number of one kind of
    bar is left as written: which bar pairs with which is then not evident."""
    for kind in _BARS:
        bars = [index for index, child in enumerate(row) if _bar(child) == kind]
        if len(bars) % 2:
            continue
        for opening, closing in reversed(list(zip(bars[::2], bars[1::2], strict=True))):
            pair = _element("mrow")
            pair.extend(row[opening : closing + 1])
            for bar, form in ((pair[0], "prefix"), (pair[-1], "postfix")):
                core = bar[0] if bar.tag != "mo" else bar
                core.attrib.update(form=form, lspace="0", rspace="0")
            row[opening : closing + 1] = [pair]


def _draw_underbraces(math: Element) -> None:
    """\\underbrace{body} as <mrow class="vg-underbrace">body</mrow>, its brace drawn by
    math.css: Chromium paints a stretched horizontal brace glyph short and off-centre on
    screens with more than one device pixel per CSS pixel (phones, zoomed pages)."""
    for parent in list(math.iter()):
        for index, child in enumerate(parent):
            if (
                child.tag == "munder"
                and len(child) == 2
                and child[1].text == "\N{BOTTOM CURLY BRACKET}"
            ):
                body = child[0] if child[0].tag == "mrow" else _element("mrow")
                if body is not child[0]:
                    body.append(child[0])
                body.set("class", "vg-underbrace")
                parent[index] = body


def _operator_name(token: Element) -> str | None:
    text = token.text or ""
    if token.tag == "mo" and _OPERATOR_NAME.fullmatch(text):
        return text
    if token.tag == "mi" and text in _FUNCTIONS and not token.get("mathvariant"):
        return text
    return None


def _starts_with_operator(element: Element) -> bool:
    while element.tag == "mrow" and len(element):
        element = element[0]
    return element.tag == "mo"


def _merge_upright_runs(math: Element) -> None:
    """\\mathrm{Var} as one <mi>Var</mi> (multi-letter mi is upright) not three letters."""
    for element in list(math.iter("mrow")):
        letters = [child for child in element if child.tag == "mi"]
        if len(letters) > 1 and len(letters) == len(element):
            if all(child.get("mathvariant") == "normal" for child in letters):
                element[:] = [_element("mi", "".join(child.text or "" for child in letters))]


def _unstretch_low_fences(math: Element) -> None:
    """\\left( x \\right) around a body no taller than a line gets plain delimiters, as TeX
    would draw them: Chromium pads a stretchy delimiter to the width of its largest
    variant even when it does not stretch (crbug.com/40254692)."""
    for row in math.iter("mrow"):
        if len(row) < 2 or row[0].get("fence") != "true":
            continue
        if not any(e.tag in _TALL or e.text in _LARGE_OPERATORS for e in row.iter()):
            for fence in (row[0], row[-1]):
                fence.set("stretchy", "false")


def _element(tag: str, text: str | None = None, **attributes: str) -> Element:
    element = Element(tag, attributes)
    element.text = text
    return element
