r"""What the popular snippet actually computes.

The snippet's values \(x_k = \sigma'(x_{k-1})\) from several starts \(x_0\): see them settle
within a few steps on the fixed point \(x^* = \sigma'(x^*)\) (dotted line), while the product of
slopes at their best, \(4^{-k}\) (grey), falls away.

Alt: A line chart with the snippet's layer k across and the value on a linear vertical axis.
Lines for several starts x0, symmetric about zero, all reach a horizontal dotted line at about
{{ vanishing_gradients.fixed_point }} within three layers and stay on it (the lines for the
largest starts begin near 0). A grey dashed curve, a quarter to the power k, starts at
{{ activations.sigmoid_prime_max }} and drops to almost 0 within a few layers.
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
