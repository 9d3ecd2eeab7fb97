"""One colour per activation and per initialisation scheme, on every figure and in the explorer.

Each figure is drawn as the build draws it, and every series it labels (a line, a band, a bar or
a direct label in colour) is read back with its colour. A series whose label names one activation
must be drawn in that activation's colour (vanishing_site.style), one that names a scheme and no
activation in the scheme's, unless it is a reference drawn in ink (the grey of the axes and the
text); and a series drawn in an activation's or a scheme's colour must name
it, so that the colour means the same thing wherever a reader meets it.
"""

import re

import matplotlib.colors
import matplotlib.pyplot as plt
import pytest

from vanishing.activations import ACTIVATIONS, LINEAR
from vanishing.initialisation import SCHEMES
from vanishing_site import explorer, gallery, style
from vanishing_site.buildcache import ROOT

# The names a label may give an activation: its label and its symbol ("σ(x)", "LeakyReLU").
_ACTIVATION_NAMES = {
    name: {activation.label, activation.symbol} - {"x"}
    for name, activation in (*ACTIVATIONS.items(), ("linear", LINEAR))
}
_ACTIVATION_NAMES["sigmoid"] |= {"sigmoid"}
_ACTIVATION_NAMES["linear"] |= {"linear"}
# A scheme is named by its label up to the first comma ("He (Kaiming) normal").
_SCHEME_NAMES = {name: {scheme.label.split(",")[0]} for name, scheme in SCHEMES.items()}


def _pattern(names: dict[str, set[str]], flags=0) -> list[tuple[str, re.Pattern]]:
    """(key, pattern) for every name, longest first, matched as a whole word."""
    pairs = [(key, text) for key, texts in names.items() for text in texts]
    pairs.sort(key=lambda pair: -len(pair[1]))
    return [
        (key, re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])", flags)) for key, text in pairs
    ]


_ACTIVATION_PATTERNS = _pattern(_ACTIVATION_NAMES, re.I)
_SCHEME_PATTERNS = _pattern(_SCHEME_NAMES)


def named(label: str) -> tuple[set[str], set[str]]:
    """The activations and the schemes a label names. A longer name is taken first and removed,
    so that "Leaky ReLU" is not also ReLU."""
    found = []
    for patterns in (_ACTIVATION_PATTERNS, _SCHEME_PATTERNS):
        keys, rest = set(), label
        for key, pattern in patterns:
            if pattern.search(rest):
                keys.add(key)
                rest = pattern.sub(" ", rest)
        found.append(keys)
    return found[0], found[1]


def _hex(colour) -> str:
    return matplotlib.colors.to_hex(colour, keep_alpha=False)


def series(fig) -> list[tuple[str, str]]:
    """(label, colour) of every labelled series of a drawn figure: lines, filled areas, bars and
    texts in a colour of their own (direct labels)."""
    found = []
    for ax in fig.axes:
        for line in ax.get_lines():
            if not line.get_label().startswith("_"):
                found.append((line.get_label(), _hex(line.get_color())))
        for collection in ax.collections:
            if not collection.get_label().startswith("_") and len(collection.get_facecolor()):
                found.append((collection.get_label(), _hex(collection.get_facecolor()[0])))
        for container in ax.containers:
            if not container.get_label().startswith("_") and hasattr(container, "patches"):
                found.append((container.get_label(), _hex(container.patches[0].get_facecolor())))
        legend = ax.get_legend()
        for handle, text in zip(legend.legend_handles, legend.texts, strict=True) if legend else ():
            if hasattr(handle, "get_color"):
                found.append((text.get_text(), _hex(handle.get_color())))
        for text in ax.texts:
            colour = _hex(text.get_color())
            if colour not in (style.TEXT, style.MUTED) and text.get_text().strip():
                found.append((text.get_text(), colour))
    return found


ACTIVATION_OF = {light: name for name, (light, _) in style.ACTIVATION_COLOURS.items()}
SCHEME_OF = {light: name for name, (light, _) in style.SCHEME_COLOURS.items()}


def misused(pairs: list[tuple[str, str]]) -> list[str]:
    """What breaks the one-colour rule among (label, colour) pairs, one line each."""
    wrong = []
    for label, colour in pairs:
        activations, schemes = named(label)
        if colour in style.INK:
            continue
        if len(activations) == 1:
            (name,) = activations
            if colour != style.activation_colour(name):
                wrong.append(f"{label!r} is {colour}, not {name}'s {style.activation_colour(name)}")
        elif not activations and len(schemes) == 1:
            (name,) = schemes
            if colour != style.scheme_colour(name):
                wrong.append(f"{label!r} is {colour}, not {name}'s {style.scheme_colour(name)}")
        if colour in ACTIVATION_OF and ACTIVATION_OF[colour] not in activations:
            wrong.append(f"{label!r} is in {ACTIVATION_OF[colour]}'s colour {colour}")
        if colour in SCHEME_OF and (activations or SCHEME_OF[colour] not in schemes):
            wrong.append(f"{label!r} is in {SCHEME_OF[colour]}'s colour {colour}")
    return wrong


def test_labels_name_activations_and_schemes_longest_first():
    assert named("Leaky ReLU") == ({"leaky_relu"}, set())
    assert named("LeakyReLU(x)") == ({"leaky_relu"}, set())
    assert named("ReLU′(z)") == ({"relu"}, set())
    assert named("σ(x)") == ({"sigmoid"}, set())
    assert named("GELU(x)") == ({"gelu"}, set())
    assert named("ReLU, He (Kaiming) normal") == ({"relu"}, {"he_normal"})
    assert named("Xavier (Glorot) normal") == (set(), {"xavier_normal"})
    assert named("training loss") == (set(), set())
    assert named("tanh′(z) = 1 − tanh²(z)") == ({"tanh"}, set())


def test_the_rule_catches_a_swapped_colour_and_a_borrowed_one():
    relu, tanh = style.activation_colour("relu"), style.activation_colour("tanh")
    assert (
        misused([("ReLU", relu), ("tanh", tanh), ("Standard", style.scheme_colour("standard"))])
        == []
    )
    assert misused([("ReLU", tanh)]) == [
        f"'ReLU' is {tanh}, not relu's {relu}",
        f"'ReLU' is in tanh's colour {tanh}",
    ]
    assert misused([("training loss", relu)]) == [f"'training loss' is in relu's colour {relu}"]
    assert misused([("He (Kaiming) normal", style.activation_colour("sigmoid"))]) != []


def test_every_activation_and_scheme_has_a_colour_of_its_own_in_both_schemes():
    for palette in (style.ACTIVATION_COLOURS, style.SCHEME_COLOURS):
        assert set(palette) >= (
            set(ACTIVATIONS) | {"linear"} if palette is style.ACTIVATION_COLOURS else set(SCHEMES)
        )
    pairs = [*style.ACTIVATION_COLOURS.values(), *style.SCHEME_COLOURS.values()]
    for variant in (0, 1):
        colours = [pair[variant] for pair in pairs]
        assert len(set(colours)) == len(colours), "two meanings share a colour"
    assert all(style.DARK[light] == dark for light, dark in pairs)


@pytest.mark.parametrize("name", gallery.names())
def test_figure_gives_each_activation_and_scheme_its_colour(name):
    fig, _ = gallery.draw(name)
    try:
        pairs = series(fig)
    finally:
        plt.close(fig)
    assert misused(pairs) == []


def test_explorer_draws_each_activation_in_shades_of_its_colour_from_its_data():
    colours = explorer.colours()
    assert set(colours) == set(explorer.ACTIVATION_NAMES)
    for name, pairs in colours.items():
        assert pairs["light"] == style.ramp(2, name)[::-1]
        assert pairs["dark"] == [style.DARK[c] for c in pairs["light"]]
    # The figure the explorer replaces draws the default setting in the same shades.
    fig, _ = gallery.draw(explorer.FIGURE)
    try:
        drawn = {colour for _, colour in series(fig)}
    finally:
        plt.close(fig)
    assert drawn == set(colours[explorer.DEFAULT["activation"]]["light"])
    # The page's script takes them from the data, and the stylesheet has no colour of its own.
    script = (ROOT / "docs" / "assets" / "javascripts" / "explorer.js").read_text()
    css = (ROOT / "docs" / "assets" / "stylesheets" / "explorer.css").read_text()
    assert "paint(widget, d.colours[state.activation])" in script
    assert re.findall(r"--vg-c\d: (#[0-9a-f]{6})", css) == []
