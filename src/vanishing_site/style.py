"""The look shared by every figure: one palette, drawn light, recoloured for dark mode.

Figures are drawn once, in the light palette, on a transparent background. The dark
variant is the same SVG with each palette colour swapped for its dark twin, so both
variants always show the same data and cost one computation. The figures and the Lab's plots
share this module's SVG steps: ``clean_svg``, ``dark_variant`` and ``svg_size``.
"""

import re
from contextlib import contextmanager

import matplotlib

# Okabe & Ito's colour-blind-safe hues, each paired with a lighter twin that keeps
# contrast on Material's dark ("slate") background.
SERIES = {
    "#0072b2": "#56b4e9",
    "#d55e00": "#ff9a5c",
    "#009e73": "#4fd1a5",
    "#cc79a7": "#f0a6cf",
    "#e69f00": "#f5c04a",
    "#6a3d9a": "#b99ae0",
}
INK = {
    "#1f2328": "#e6edf3",  # text, ticks, axis lines
    "#57606a": "#9198a1",  # secondary lines (references, spines)
    "#d0d7de": "#3d444d",  # grid
}
DARK = SERIES | INK
COLORS = list(SERIES)
TEXT, MUTED, GRID = INK

RC = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, searchable
    "svg.hashsalt": "vanishing-gradients",  # fixed clip-path and marker ids
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10.0,
    "figure.figsize": (6.4, 3.6),
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": TEXT,
    "axes.titlecolor": TEXT,
    "axes.titlesize": 10.5,
    "axes.grid": True,
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
    """Drop what a web page does not need: the XML prolog, DTD and RDF metadata."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height in CSS pixels, read from the SVG's point size."""
    width, height = (
        float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    )
    return round(width * 4 / 3), round(height * 4 / 3)
