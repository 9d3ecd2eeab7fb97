"""Drawing shared by the activation-curve figures: phi and phi' over x, with their jumps and
their steepest slope marked."""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.activations import ACTIVATIONS
from vanishing_site.figures._labels import label_ends
from vanishing_site.style import MUTED, activation_colour

# -6 to 6, 0.05 apart, with 0 exactly on the grid: kinks, jumps and peaks at 0 are drawn there.
X = np.arange(-120, 121) / 20

# A jump in phi' bigger than this between neighbouring grid points is a discontinuity, not a slope.
_JUMP = 0.2


def formula(name: str, derivative: bool = False) -> str:
    """'σ(x)' or 'σ′(x)', from the registry's symbol."""
    return f"{ACTIVATIONS[name].symbol}{'′' if derivative else ''}(x)"


def values(name: str, derivative: bool = False) -> np.ndarray:
    """phi or phi' of the ACTIVATIONS registry over X."""
    activation = ACTIVATIONS[name]
    return (activation.df if derivative else activation.f)(X)


def draw(ax, y, **style) -> None:
    """Plot y over X, broken at jumps: a filled dot marks the value at the jump, a hollow one
    the limit from the other side, so a step is not drawn as a steep slope."""
    breaks = np.flatnonzero(np.abs(np.diff(y)) > _JUMP) + 1
    colour = style["color"]
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
    where = activation.max_slope_on
    ax.axhline(activation.max_slope, linestyle=":", linewidth=1, color=MUTED)
    # Under the line at the left, where every slope is still small: clear of the curves and of
    # the top of the axes.
    ax.annotate(
        f"largest slope {activation.max_slope:.3g} "
        + ("approached, never attained" if where is None else f"at {where.describe()}"),
        (X[0], activation.max_slope),
        xytext=(2, -4),
        textcoords="offset points",
        va="top",
        color=MUTED,
    )


def curve(name: str, derivative: bool = False):
    """One activation, or its derivative, alone: (fig, data) for the single-curve figures."""
    y = values(name, derivative)
    fig, ax = plt.subplots(figsize=(6.4, 3.0), layout="constrained")
    draw(ax, y, color=activation_colour(name), linestyle="--" if derivative else "-",
         label=formula(name, derivative))  # fmt: skip
    if derivative:
        mark_steepest(ax, name)
    ax.set_xlabel("x (the unit's pre-activation)")
    ax.set_ylabel(formula(name, derivative))
    key = f"{name}_prime" if derivative else name
    return fig, {"x": X, key: y}


def with_derivative(name: str):
    """An activation and its derivative on one axis: (fig, data)."""
    f, df = values(name), values(name, derivative=True)
    fig, ax = plt.subplots(layout="constrained")
    draw(ax, f, color=activation_colour(name), label=formula(name))
    draw(ax, df, color=activation_colour(name), linestyle="--", label=formula(name, True))
    mark_steepest(ax, name)
    ax.set_xlabel("x (the unit's pre-activation)")
    label_ends(ax, [(formula(name), X[-1], f[-1], activation_colour(name)),
                    (formula(name, True), X[-1], df[-1], activation_colour(name))])  # fmt: skip
    return fig, {"x": X, name: f, f"{name}_prime": df}
