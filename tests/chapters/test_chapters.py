"""The chapters cover the sources, quote only computed numbers, and keep their promises."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHAPTERS = [
    "index.md",
    "activations.md",
    "vanishing-gradients.md",
    "relu-vs-sigmoid.md",
    "dead-neurons.md",
    "mitigations.md",
    "references.md",
    "real-data.md",
    "normalisation-and-symmetry.md",
    "exploding-gradients.md",
    "signal-propagation.md",
    "recurrent-networks.md",
]


def read(page: str) -> tuple[dict, str]:
    """A page's front matter and its Markdown body."""
    text = (DOCS / page).read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return (yaml.safe_load(match.group(1)) or {}, text[match.end() :]) if match else ({}, text)


# Every topic, worked example and figure of the two source explanations has a place: (what the
# source has, the page that takes it up, a pattern that page must contain).
SOURCE = [
    ("chain rule through the layers", "vanishing-gradients.md", r"chain rule"),
    (
        "backward product, corrected with weights",
        "vanishing-gradients.md",
        r"W_\{?l\s*\+\s*1\}?\^\{?\\top",
    ),
    (
        "sigmoid derivative at most 1/4",
        "activations.md",
        r"\{\{\s*activations\.sigmoid_prime_max\s*\}\}|1/4|\\frac\{1\}\{4\}",
    ),
    ("tanh derivative below 1", "activations.md", r"1\s*-\s*\\tanh\^2"),
    ("products of small factors shrink", "vanishing-gradients.md", r"!\[\[depth_ratio\]\]"),
    (
        "the source's snippet and its fixed point",
        "vanishing-gradients.md",
        r"!\[\[snippet_fixed_point\]\]",
    ),
    (
        "sigmoid example network",
        "vanishing-gradients.md",
        r"sigmoid network with four hidden layers|\{\{\s*vanishing_gradients\.speed_ratio_start",
    ),
    ("ReLU: definition and gradient", "activations.md", r"!\[\[relu\]\]"),
    ("figure relu", "activations.md", r"!\[\[relu\]\]"),
    ("figure relu_dx", "activations.md", r"!\[\[relu_dx\]\]"),
    ("figure sigmoid", "activations.md", r"!\[\[sigmoid\]\]"),
    ("figure sigmoid_dx", "activations.md", r"!\[\[sigmoid_dx\]\]"),
    ("tanh: definition and saturation", "activations.md", r"!\[\[tanh\]\]"),
    ("Leaky ReLU and ELU", "activations.md", r"Leaky ReLU[\s\S]*ELU"),
    ("ReLU vs sigmoid: gradient flow", "relu-vs-sigmoid.md", r"(?i)gradient flow"),
    ("ReLU vs sigmoid: sparse activation", "relu-vs-sigmoid.md", r"(?i)spars"),
    ("ReLU vs sigmoid: faster convergence", "relu-vs-sigmoid.md", r"(?i)converge"),
    ("ReLU vs sigmoid: cost of computing", "relu-vs-sigmoid.md", r"(?i)cost"),
    (
        "sigmoid outputs always positive, never sparse",
        "relu-vs-sigmoid.md",
        r"(?i)always active|never (exactly )?zero",
    ),
    ("dead ReLU neurons", "dead-neurons.md", r"(?i)dead"),
    ("tanh does not die but saturates", "dead-neurons.md", r"(?i)saturat"),
    (
        "worked example: weights [0.5, 0.5], bias 0.5, input [1, 1]",
        "dead-neurons.md",
        r"w = \(0\.5, 0\.5\) \\\), bias \\\( b = 0\.5 \\\)",
    ),
    ("worked example: tanh(1.5)", "dead-neurons.md", r"\{\{\s*dead_neurons\.tanh_at_z\s*\}\}"),
    (
        "worked example: z = ±10 after a large update",
        "dead-neurons.md",
        r"z = 10 \\\) \(or \\\( -10",
    ),
    (
        "tanh's gradient is exactly zero in floating point",
        "dead-neurons.md",
        r"(?i)float32[\s\S]*float64",
    ),
    ("can a dead unit come back", "dead-neurons.md", r"(?i)recover|come back"),
    ("mitigation: initialisation (Xavier/Glorot, He)", "mitigations.md", r"Xavier[\s\S]*He"),
    ("mitigation: activation functions", "mitigations.md", r"Leaky ReLU"),
    ("mitigation: batch normalisation", "mitigations.md", r"(?i)batch normali[sz]ation"),
    ("mitigation: residual networks", "mitigations.md", r"(?i)residual"),
    ("summary", "references.md", r"(?i)summary"),
]


@pytest.mark.parametrize(("topic", "page", "pattern"), SOURCE, ids=[s[0] for s in SOURCE])
def test_every_source_topic_has_a_place(topic, page, pattern):
    assert re.search(pattern, read(page)[1]), f"{page} should take up: {topic}"


# A computed result is written as {{ module.value }}; only numbers a page states as given (inputs,
# parameters) may be typed, and the page lists them in its front matter under `inputs:`.
NUMBER = re.compile(
    r"(?<![\w.{])(?:\d+\.\d+|\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*[×x]\s*10\^?|10\^\{?[-−]?\d+|\d+e[-+]?\d+)"
)


def _without_code_and_placeholders(body: str) -> str:
    body = re.sub(r"^(```|~~~).*?^\1", "", body, flags=re.S | re.M)
    body = re.sub(r"`[^`\n]*`", "", body)
    body = re.sub(r"\{\{.*?\}\}", "", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    return re.sub(r"<!--.*?-->", "", body, flags=re.S)


@pytest.mark.parametrize("page", CHAPTERS)
def test_results_are_quoted_from_code_not_typed(page):
    meta, body = read(page)
    allowed = {str(v) for v in meta.get("inputs", [])}
    typed = sorted(
        {m.group(0).strip() for m in NUMBER.finditer(_without_code_and_placeholders(body))}
    )
    assert [n for n in typed if n not in allowed] == [], (
        f"{page}: write computed numbers as {{{{ module.value }}}}; list inputs under 'inputs:'"
    )


MISCONCEPTIONS = {
    "vanishing-gradients.md": 2,  # the snippet; the backward product without weights
    "relu-vs-sigmoid.md": 2,  # ReLU has no vanishing gradient; sparsity makes it fast
    "dead-neurons.md": 2,  # tanh's gradient is never zero; a dead ReLU never recovers
    "mitigations.md": 1,  # Xavier vs LeCun naming
    "normalisation-and-symmetry.md": 1,  # Adam does not solve vanishing gradients
    "real-data.md": 1,  # a falling loss does not mean every layer learns
    "exploding-gradients.md": 1,  # exploding gradients belong to recurrent networks
    "signal-propagation.md": 1,  # at the edge of chaos every network trains
    "recurrent-networks.md": 1,  # an LSTM cannot have vanishing gradients
}


@pytest.mark.parametrize(("page", "count"), MISCONCEPTIONS.items())
def test_misconceptions_are_called_out(page, count):
    found = re.findall(r'^!!! \w+ "Common misconception', read(page)[1], re.M)
    assert len(found) >= count


@pytest.mark.parametrize("page", [p for p in CHAPTERS if p not in ("index.md", "references.md")])
def test_each_chapter_has_two_exercises_with_hidden_answers(page):
    body = read(page)[1]
    exercises = re.findall(r'^\?\?\?\+? question "Exercise', body, re.M)
    answers = re.findall(r'^\s*\?\?\? success "Answer', body, re.M)
    assert len(exercises) >= 2 and len(answers) >= len(exercises)
