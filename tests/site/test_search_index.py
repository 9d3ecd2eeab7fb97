"""The search index's view of a page: formulas as TeX, and the spellings readers type."""

import pytest

from vanishing_site.mathml import tex_to_mathml
from vanishing_site.search_index import other_spellings, page_keywords, searchable


def test_a_formula_is_indexed_as_its_tex_not_its_flattened_mathml():
    tex = r"\sigma(x) = \frac{1}{1 + e^{-x}}"
    html = f"<p>The sigmoid, {tex_to_mathml(tex, display=False)}, squashes.</p>"
    indexed = searchable(html)
    assert "<math" not in indexed
    assert r"<code>\sigma(x) = \frac{1}{1 + e^{-x}}</code>" in indexed
    assert indexed.startswith("<p>The sigmoid, ") and indexed.endswith(", squashes.</p>")


def test_the_figure_links_are_left_out_and_the_caption_kept():
    caption = (
        '<figcaption>The sigmoid. <span class="vg-figure-links"><a href="s.csv">Data (CSV)</a>'
        ' · <a href="s.py">Source</a></span></figcaption>'
    )
    assert searchable(caption) == "<figcaption>The sigmoid. </figcaption>"


@pytest.mark.parametrize(
    ("text", "others"),
    [
        ("He initialisation", ["initialization"]),
        ("Batch Normalization and initialized weights", ["normalisation", "initialised"]),
        ("zero-centred, unlike the centre", ["centered", "center"]),
        ("optimisers; the optimiser's step", ["optimizers", "optimizer"]),
        ("a plain sentence about gradients", []),
    ],
)
def test_other_spellings_go_both_ways_each_once(text, others):
    assert other_spellings(text) == others


@pytest.mark.parametrize(
    ("meta", "keywords"),
    [
        ({"search": {"keywords": "dying ReLU"}}, ["dying ReLU"]),
        ({"search": {"keywords": ["dying", "dead"]}}, ["dying", "dead"]),
        ({"search": {"boost": 2}}, []),
        ({}, []),
    ],
)
def test_page_keywords_come_from_the_front_matter(meta, keywords):
    assert page_keywords(meta) == keywords
