"""Drawing shared by the figures of the first three chapters: activation curves and
per-layer profiles."""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.activations import ACTIVATIONS
from vanishing_site.style import COLORS, MUTED

# -6 to 6, 0.05 apart, with 0 exactly on the grid: kinks, jumps and peaks at 0 are drawn there.
X = np.arange(-120, 121) / 20

SYMBOL = {
    "sigmoid": "σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "elu": "ELU",
    "gelu": "GELU",
    "silu": "SiLU",
}
# A jump in phi' bigger than this between neighbouring grid points is a discontinuity, not a slope.
_JUMP = 0.2


def label(name: str, derivative: bool = False) -> str:
    """'σ(x)' or 'σ′(x)'."""
    return f"{SYMBOL[name]}{'′' if derivative else ''}(x)"


def values(name: str, derivative: bool = False) -> np.ndarray:
    """phi or phi' of the ACTIVATIONS registry over X."""
    activation = ACTIVATIONS[name]
    return (activation.df if derivative else activation.f)(X)


def draw(ax, y, **style) -> None:
    """Plot y over X, broken at jumps: a filled dot marks the value at the jump, a hollow one
    the limit from the other side, so a step is not drawn as a steep slope."""
    breaks = np.flatnonzero(np.abs(np.diff(y)) > _JUMP) + 1
    colour = style.setdefault("color", COLORS[0])
    for i, (xs, ys) in enumerate(zip(np.split(X, breaks), np.split(y, breaks), strict=True)):
        ax.plot(xs, ys, **(style if i == 0 else {**style, "label": None}))
    for b in breaks:
        # The grid point at the jump takes one side's value; its neighbour shows the other.
        at, other = (b - 1, b) if X[b - 1] == 0 else (b, b - 1)
        ax.plot(X[at], y[at], "o", color=colour, markersize=5, zorder=3)
        ax.plot(X[at], y[other], "o", color=colour, markerfacecolor="none", markersize=5, zorder=3)


def mark_steepest(ax, name: str) -> None:
    """Label phi' with its maximum slope and where it is attained, from the registry's facts."""
    activation = ACTIVATIONS[name]
    ax.axhline(activation.max_slope, linestyle=":", linewidth=1, color=MUTED)
    ax.annotate(
        f"largest slope {activation.max_slope:.3g} at {activation.max_slope_at}",
        (X[0], activation.max_slope),
        xytext=(0, 4),
        textcoords="offset points",
        color=MUTED,
    )


def curve(name: str, derivative: bool = False):
    """One activation, or its derivative, alone: (fig, data) for the single-curve figures."""
    y = values(name, derivative)
    fig, ax = plt.subplots(figsize=(6.4, 3.0), layout="constrained")
    draw(ax, y, color=COLORS[1] if derivative else COLORS[0], label=label(name, derivative))
    if derivative:
        mark_steepest(ax, name)
    ax.set_xlabel("x (the unit's pre-activation)")
    ax.set_ylabel(label(name, derivative))
    key = f"{name}_prime" if derivative else name
    return fig, {"x": X, key: y}


def with_derivative(name: str):
    """An activation and its derivative on one axis: (fig, data)."""
    f, df = values(name), values(name, derivative=True)
    fig, ax = plt.subplots(layout="constrained")
    draw(ax, f, color=COLORS[0], label=label(name))
    draw(ax, df, color=COLORS[1], linestyle="--", label=label(name, derivative=True))
    mark_steepest(ax, name)
    ax.set_xlabel("x (the unit's pre-activation)")
    ax.legend(loc="lower right")
    return fig, {"x": X, name: f, f"{name}_prime": df}


def per_layer(lines, ylabel: str):
    """Per-layer profiles on a log axis: lines is a list of (label, layers, values, style)."""
    fig, ax = plt.subplots(layout="constrained")
    for text, layers, y, style in lines:
        ax.plot(layers, y, label=text, **style)
    ax.set_yscale("log")
    ax.set_xlabel("hidden layer l (1 = next to the input)")
    ax.set_ylabel(ylabel)
    ax.legend()
    return fig, ax


LINE_STYLES = ("-", "-.", "--")


def activation_lines(profile: dict, statistic: str) -> tuple[dict, list]:
    """Columns and ``per_layer`` lines for one statistic of each activation of a
    ``experiments.gradient_profiles`` result, with its first initialisation scheme."""
    data = {"layer": profile["layers"]}
    lines = []
    for i, (activation, colour, style) in enumerate(
        zip(profile["activations"], COLORS, LINE_STYLES, strict=False)
    ):
        data[activation] = profile[statistic][i, 0]
        label = ACTIVATIONS[activation].label
        lines.append((label, data["layer"], data[activation], {"color": colour, "ls": style}))
    return data, lines
