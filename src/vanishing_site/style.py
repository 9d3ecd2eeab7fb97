"""The look shared by every figure: one palette, drawn light, recoloured for dark mode.

Figures are drawn once, in the light palette, on a transparent background. The dark
variant is the same SVG with each palette colour swapped for its dark twin, so both
variants always show the same data and cost one computation. The figures and the Lab's plots
share this module's SVG steps: ``clean_svg``, ``dark_variant`` and ``svg_size``.
"""

import re
from contextlib import contextmanager

import matplotlib
import matplotlib.text
import matplotlib.ticker

# What a colour means is fixed site-wide: one hue per activation and one per initialisation
# scheme, on every figure, in the Lab and in the explorer (which reads them from its data). Each
# light colour (at least 3:1 against white) has a dark twin (at least 3:1 against Material's
# "slate" background) of the same hue. Activations take Okabe & Ito's colour-blind-safe hues;
# schemes take darker, duller ones so that a scheme is never read as an activation.
ACTIVATION_COLOURS = {
    "sigmoid": ("#0072b2", "#56b4e9"),  # blue
    "tanh": ("#d55e00", "#ff9a5c"),  # vermilion
    "relu": ("#009e73", "#4fd1a5"),  # bluish green
    "leaky_relu": ("#b8458f", "#f0a6cf"),  # reddish purple
    "elu": ("#a87a00", "#f5c04a"),  # amber
    "gelu": ("#6a3d9a", "#b99ae0"),  # purple
    "silu": ("#8c564b", "#d9a38f"),  # brown
    "linear": ("#4d4d4d", "#c8c8c8"),  # neutral grey
}
SCHEME_COLOURS = {
    "small": ("#7a7a7a", "#a3a3a3"),
    "standard": ("#882255", "#e58fbd"),  # wine
    "lecun_normal": ("#7a6a1e", "#d8c878"),
    "xavier_uniform": ("#2f7d6d", "#7fd6c8"),
    "xavier_normal": ("#6b6b1f", "#cfcf6a"),  # olive
    "he_normal": ("#332288", "#a397f2"),  # indigo
    "he_uniform": ("#4b6ea8", "#9fbbe8"),
    "orthogonal": ("#1b7f86", "#6cc9cf"),
    "pytorch_default": ("#44546a", "#a3b3c9"),
}
# Series that are neither an activation nor a scheme (an optimiser, a cell type, a phase).
# They take the activation hues in this order; a figure never mixes them with activations.
SERIES = dict(ACTIVATION_COLOURS.values())
INK = {
    "#1f2328": "#e6edf3",  # text, ticks, axis lines
    "#57606a": "#9198a1",  # secondary lines (references, spines)
    "#d0d7de": "#3d444d",  # grid
}
DARK = SERIES | dict(SCHEME_COLOURS.values()) | INK
COLORS = list(SERIES)
TEXT, MUTED, GRID = INK
# Material's system font stack (mkdocs.yml has `font: false`): the figures' text is set in the
# page's own font. Layout is measured with DejaVu Sans, which ships with matplotlib (so builds are
# the same everywhere) and is wider than these fonts, so the text never outgrows its place.
PAGE_FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
# Sizes in points. A figure is drawn 6.4 in wide and shown at its natural 614 px on a desktop, so
# 9.5 pt is 12.7 px there; a phone gets a variant drawn PHONE_WIDTH wide with text at least
# PHONE_TEXT, shown on a 390 px screen at 358 px: 10 pt is 12.4 px there.
TEXT_SIZE = 9.5
WIDTH = 6.4
PHONE_WIDTH = 4.0
PHONE_TEXT = 10.0
# The widest screen (CSS px) that gets the phone variant.
PHONE_MEDIA = "(max-width: 600px)"


def activation_colour(name: str) -> str:
    """The colour of an activation on every figure (light variant). An activation new to the
    registry is drawn in ink until it gets a colour here (tests/site/test_figure_colours.py
    asks for one), so that one registry entry is still all its figures need."""
    return ACTIVATION_COLOURS.get(name, (TEXT,))[0]


def scheme_colour(name: str) -> str:
    """The colour of an initialisation scheme on every figure (light variant)."""
    return SCHEME_COLOURS[name][0]


def _mix(colour: str, other: str, t: float) -> str:
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (colour, other))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def ramp(n: int, activation: str = "linear") -> list[str]:
    """n shades of one hue for an ordered series (layers, depths, sizes): from a pale tint of
    the activation's colour to a deeper shade of it, never the colour itself (which names the
    activation). Each shade is registered with its dark twin, faint to bright over the dark
    background, so both variants read alike."""
    light, dark = ACTIVATION_COLOURS[activation]
    shades = []
    for i in range(n):
        t = 0.35 - 0.75 * i / max(n - 1, 1)  # > 0: towards the background, < 0: away from it
        shade = _mix(light, "#ffffff", t) if t > 0 else _mix(light, "#000000", -t)
        DARK.setdefault(shade, _mix(dark, "#1e2129", t) if t > 0 else _mix(dark, "#ffffff", -t))
        shades.append(shade)
    return shades


RC = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, searchable
    "svg.hashsalt": "vanishing-gradients",  # fixed clip-path and marker ids
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10.0,
    "axes.labelsize": 10.0,
    "xtick.labelsize": TEXT_SIZE,
    "ytick.labelsize": TEXT_SIZE,
    "legend.fontsize": TEXT_SIZE,
    "legend.title_fontsize": TEXT_SIZE,
    "figure.figsize": (WIDTH, 3.6),
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": TEXT,
    "axes.titlecolor": TEXT,
    "axes.titlesize": 10.0,
    "axes.grid": True,
    "axes.formatter.use_mathtext": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.8,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": TEXT,
    "ytick.labelcolor": TEXT,
    "legend.frameon": False,
    "legend.labelcolor": TEXT,
    "text.color": TEXT,
    "mathtext.fontset": "dejavusans",
    "path.simplify": True,
}


@contextmanager
def theme():
    """Apply the site's rcParams for the duration of a figure. (The backend is the caller's
    choice: the build's workers draw with matplotlib's file-only "svg" backend.)"""
    with matplotlib.rc_context(RC):
        yield


_SUPERSCRIPT = str.maketrans("-−0123456789", "⁻⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(text: str) -> str:
    """An exponent such as '-32' in superscript characters, '⁻³²'."""
    return text.translate(_SUPERSCRIPT)


def power_label(text: str) -> str:
    """A log axis's mathtext label, e.g. '$\\mathdefault{2\\times10^{-3}}$', as plain text with
    a real superscript, '2×10⁻³': one text at the tick labels' size, in the page's font."""
    body = re.fullmatch(r"\$\\mathdefault\{(.*)\}\$", text)
    if body is None:
        return text
    body = body.group(1).replace(r"\times", "×").replace(r"\;", "")
    return re.sub(r"\^\{([^}]*)\}", lambda m: superscript(m.group(1)), body)


class PowerFormatter(matplotlib.ticker.LogFormatterSciNotation):
    """Matplotlib's decade labels (10⁻³, 2×10⁻¹) without mathtext: mathtext sets the exponent
    at 70 % of the label's size, too small to read on a phone."""

    def __call__(self, x, pos=None):
        return power_label(super().__call__(x, pos))


def small_text(fig) -> list[str]:
    """The texts of a figure set smaller than TEXT_SIZE (with their sizes), once it is saved
    (its tick labels exist from then on)."""
    return [
        f"{t.get_text()!r} at {t.get_fontsize():g} pt"
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip() and t.get_fontsize() < TEXT_SIZE - 1e-9
    ]


def finish(fig) -> None:
    """What every figure gets after its module drew it: decade labels without mathtext."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatters = (axis.get_major_formatter(), axis.get_minor_formatter())
            for setter, formatter in zip(
                (axis.set_major_formatter, axis.set_minor_formatter), formatters, strict=True
            ):
                if type(formatter) is matplotlib.ticker.LogFormatterSciNotation:
                    setter(
                        PowerFormatter(
                            base=formatter._base,
                            labelOnlyBase=formatter.labelOnlyBase,
                            minor_thresholds=formatter.minor_thresholds,
                            linthresh=formatter._linthresh,
                        )
                    )


def for_phone(fig) -> None:
    """Turn a drawn figure into its phone variant: PHONE_WIDTH wide, no text below PHONE_TEXT.
    Its layout engine places everything again when it is saved."""
    height = fig.get_size_inches()[1]
    columns = max((ax.get_gridspec().ncols for ax in fig.axes if ax.get_gridspec()), default=1)
    fig.set_size_inches(PHONE_WIDTH, height * (0.85 if columns == 1 else 1.0))
    for ax in fig.axes:
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            for which in ("major", "minor"):
                ticks = axis.get_major_ticks() if which == "major" else axis.get_minor_ticks()
                size = ticks[0].label1.get_fontsize() if ticks else TEXT_SIZE
                ax.tick_params(axis=name, which=which, labelsize=max(size, PHONE_TEXT))
    for text in fig.findobj(matplotlib.text.Text):
        text.set_fontsize(max(text.get_fontsize(), PHONE_TEXT))
    # A legend in a corner of its axes takes the corner the narrower plot leaves freest of
    # lines (matplotlib's "best" does not see texts: axes with notes keep their corner).
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend and legend.get_bbox_to_anchor() is ax.bbox and not ax.texts:
            legend.set_loc("best")


_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def dark_variant(svg: str) -> str:
    """Swap every palette colour of a light SVG for its dark twin.

    Raises ValueError for a colour outside the palette: a figure that hard-codes
    one would otherwise be unreadable in one of the two modes.
    """

    def swap(match: re.Match) -> str:
        colour = match.group(0).lower()
        if colour not in DARK:
            raise ValueError(f"colour {colour} is not in the palette of vanishing_site.style")
        return DARK[colour]

    return _HEX.sub(swap, svg)


def clean_svg(svg: str) -> str:
    """Drop what a web page does not need (the XML prolog, DTD and RDF metadata), and set the
    text in the page's font."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    return re.sub(r"font-family: '[^']*'(, sans-serif)?", f"font-family: {PAGE_FONT}", svg)


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height in CSS pixels, read from the SVG's point size."""
    width, height = (
        float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    )
    return round(width * 4 / 3), round(height * 4 / 3)
