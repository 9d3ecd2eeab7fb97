"""Figure captions and alt texts: short, and quoting what the data say as values.

A caption says what to look at, in at most two sentences; the chapter's prose argues. Neither a
caption nor an alt text types a number read off the data (a ratio, an accuracy, a crossing): it
quotes a ``{{ page.value }}``, as the prose does, or says what the shape does in words.
"""

import importlib
import re

import pytest

from vanishing_site import gallery

FIGURES = gallery.names()

PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
TEX = re.compile(r"\\\(.*?\\\)|\$[^$]+\$", re.S)
# Where a full stop does not end a sentence.
ABBREVIATIONS = re.compile(r"\b(?:et al|e\.g|i\.e|cf|vs)\.")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
# A number written out: digits not glued to a word (float32, log10, chi_1 and δ_1 are names),
# with its decimals, exponent and sign.
NUMBER = re.compile(r"(?<![\w.])[-−+±]?\d+(?:\.\d+)?(?:e[-+−]?\d+)?(?![\w])")
# Zero and one, outside formulas, are the structure a description needs (the first layer, a
# fraction from 0 to 1, a slope of 1), never a reading off the data.
STRUCTURAL = {"0", "1"}
# Inside a formula: the maths' own small integers (1/4, e^{x} - 1, 4^{-k}) are definitions; a
# decimal or a number of two digits or more is a reading.
TEX_READING = re.compile(r"(?<![\w.\\])\d+\.\d+|(?<![\w.\\])\d{2,}")


def docstring(name: str) -> dict:
    module = importlib.import_module(f"vanishing_site.figures.{name}")
    return gallery.parse_docstring(module.__doc__, module.__file__)


def sentences(text: str) -> int:
    """How many sentences ``text`` has, its formulas and values counted as words."""
    text = ABBREVIATIONS.sub("x", TEX.sub("x", PLACEHOLDER.sub("x", text)))
    return len(SENTENCE_END.findall(text.strip()))


def typed_numbers(text: str) -> list[str]:
    """The numbers ``text`` types outside its values that are not structure (see above)."""
    text = PLACEHOLDER.sub(" ", text)
    formulas = [m[0] for m in TEX.finditer(text)]
    prose = TEX.sub(" ", text)
    found = [n for n in NUMBER.findall(prose) if n.lstrip("-−+±") not in STRUCTURAL]
    return found + [n for formula in formulas for n in TEX_READING.findall(formula)]


def test_the_checks_catch_what_they_are_for():
    assert sentences("One \\(x = 1.5\\) here, e.g. now. Two, by He et al. (2016). ") == 2
    assert sentences("One {{ a.b }}. Two? Three!") == 3
    assert typed_numbers("Falls to 0.04 at layer 50, ratio {{ a.b }}, float32, 1e-7.") == [
        "0.04",
        "50",
        "1e-7",
    ]
    assert typed_numbers("From 0 to 1, \\(1/4\\), \\(e^{x} - 1\\), \\(x = 10\\) \\(z = 1.5\\)") == [
        "10",
        "1.5",
    ]


@pytest.mark.parametrize("name", FIGURES)
def test_a_caption_has_at_most_two_sentences(name):
    caption = docstring(name)["caption"]
    assert 1 <= sentences(caption) <= 2, f"{name}: {caption}"


@pytest.mark.parametrize("name", FIGURES)
@pytest.mark.parametrize("part", ["caption", "alt"])
def test_no_caption_or_alt_text_types_a_result(name, part):
    text = docstring(name)[part]
    assert typed_numbers(text) == [], f"{name} {part}: quote these as values: {text}"
