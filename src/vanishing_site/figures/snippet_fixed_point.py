r"""What the popular snippet actually computes.

The snippet feeds each layer's \(\sigma'(x)\) back in as the next layer's \(x\). Whatever the
start \(x_0\), the values settle within three steps on the fixed point \(x^* = \sigma'(x^*)\)
(dotted line), and stay there: the snippet draws a constant, not a vanishing gradient. What
it meant to show is the product of slopes: even with every slope at its largest, \(1/4\),
that product (grey) falls as \(4^{-k}\).

Alt: A line chart with the snippet's layer k from 1 to 10 on the horizontal axis and the
value on a linear vertical axis from 0 to 0.26. Lines for starts x0 = 0, ±0.5, ±1 and ±10
all reach a horizontal dotted line at about {{ vanishing_gradients.fixed_point }} by layer 3
and stay on it (the line for ±10 starts near 0 at layer 1). A grey dashed curve, 1/4 to the
power k, starts at 0.25 and drops to almost 0 by layer 4.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing_site import runs
from vanishing_site.style import MUTED, ramp


def figure():
    result = runs.snippet()
    iterates = result.iterates[:, 1:]  # x_0 is the start itself
    layers = np.arange(1, iterates.shape[1] + 1)
    data = {"layer": layers}
    fig, ax = plt.subplots(layout="constrained")
    ax.axhline(result.fixed_point, linestyle=":", linewidth=1, color=MUTED)
    ax.annotate(f"fixed point x* = σ′(x*) = {result.fixed_point:.4f}",
                (layers[-1], result.fixed_point), xytext=(0, -14),
                textcoords="offset points", ha="right", color=MUTED)  # fmt: skip
    # sigma' is even, so x_0 and -x_0 give the same iterates: one line for each |x_0|.
    sizes = np.abs(result.starts)
    # The snippet is a chain of sigmoid slopes: its starts are shades of the sigmoid's colour.
    for colour, size in zip(ramp(len(np.unique(sizes)), "sigmoid"), np.unique(sizes), strict=True):
        row = iterates[np.flatnonzero(sizes == size)[0]]
        for start in result.starts[sizes == size]:
            data[f"start_{start:g}"] = result.sel(start=start).iterates[1:]
        sign = "±" if size else ""
        ax.plot(layers, row, "o-", color=colour, markersize=4, label=f"x₀ = {sign}{size:g}")
    data["product_of_max_slopes"] = 0.25**layers
    ax.plot(layers, data["product_of_max_slopes"], "--", color=MUTED,
            label="(1/4)ᵏ: k largest slopes multiplied")  # fmt: skip
    ax.set_ylim(0, 0.27)
    ax.set_xlabel("layer k of the snippet's loop")
    ax.set_ylabel("value the snippet computes")
    ax.legend(loc="center right")
    return fig, data
