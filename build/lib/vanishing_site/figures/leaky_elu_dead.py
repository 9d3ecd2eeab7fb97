r"""Leaky ReLU and ELU keep a gradient where ReLU has none.

The 6-layer network of the bias-shift experiment, with the same weights and every hidden bias
moved by the shift across the bottom, built from ReLU, Leaky ReLU (slope 0.01 below zero) and
ELU units. Left: the fraction of units whose gradient is exactly zero on every training
point. Right: the gradient that reaches the first layer's weights,
\(\lVert\partial C/\partial W_1\rVert\). From a shift of −1 a whole ReLU layer is dead and
nothing at all gets through (the triangles stand for an exact zero, which a logarithmic axis
cannot show); Leaky ReLU passes a trickle, and ELU, whose slope \(e^z\) fades smoothly, passes
much more.

Alt: Two charts side by side, both with the bias shift from 0 to -3 across. Left, the fraction
of units with zero gradient: the ReLU line rises from about 0.11 at 0 to 1 from -1 on; the
Leaky ReLU and ELU lines stay at 0. Right, the norm of the first layer's weight gradient on a
logarithmic axis: ELU falls from about 0.66 to 3e-4, Leaky ReLU from about 0.41 to about
5e-7 at -1 and 3e-11 at -3, and ReLU, at about 0.41 and 0.017 for the first two shifts, is
exactly 0 from -1 on, drawn as triangles on the bottom edge.
"""

import numpy as np

from vanishing import experiments
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels


def figure():
    result = experiments.zero_gradient_units()
    shifts = result["shifts"]
    fig, (left, right) = panels(
        ["units with no gradient", "gradient reaching layer 1"], "", height=3.2, sharey=False
    )
    left.set_yscale("linear")
    left.set_ylabel("fraction of hidden units")
    right.set_ylabel("‖∂C/∂W₁‖")
    right.set_ylim(1e-12, 3)
    data = {"shift": shifts}
    for i, activation in enumerate(result["activations"]):
        style = {**ACTIVATION_STYLE[activation], "marker": "o", "markersize": 3.5}
        zero = data[f"{activation}_zero_gradient"] = result["zero_gradient"][i]
        grad = data[f"{activation}_grad_W1"] = result["grad_W"][i, :, 0]
        left.plot(shifts, zero, label=label(activation), **style)
        right.plot(shifts, np.where(grad > 0, grad, np.nan), **style)
        exact = grad == 0
        if exact.any():  # an empty unclipped line would upset the layout
            right.plot(
                shifts[exact], np.full(exact.sum(), 1e-12), "v", color=style["color"], clip_on=False
            )
    for ax in (left, right):
        ax.set_xlabel("bias shift")
        ax.invert_xaxis()
    left.legend(loc="center right", fontsize=8)
    return fig, data
