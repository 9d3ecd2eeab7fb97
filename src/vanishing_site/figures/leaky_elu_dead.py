r"""Leaky ReLU and ELU keep a gradient where ReLU has none.

Every hidden bias of the dead-neurons network moved by the shift across the bottom, with ReLU,
Leaky ReLU or ELU units and the same weights: left, the fraction of units whose gradient is
exactly zero on every training point; right, \(\lVert\partial C/\partial W_1\rVert\), with
triangles for an exact zero. Compare what still reaches the first layer once a whole ReLU layer
is dead.

Alt: Two charts side by side, both with the bias shift across, from 0 on the left to
increasingly negative values. Left, the fraction of units with zero gradient: the ReLU line
rises from {{ mitigations.relu_no_gradient_at_0 }} at 0 to all units from −1 on; the Leaky ReLU
and ELU lines stay at 0. Right, the norm of the first layer's weight gradient on a logarithmic
axis: ELU falls gently, to {{ mitigations.elu_grad_w1_at_3 }} at the largest shift, Leaky ReLU
steeply, to {{ mitigations.leaky_grad_w1_at_3 }}, and ReLU is exactly 0 from −1 on, drawn as
triangles on the bottom edge.
"""

import numpy as np

from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels


def figure():
    result = runs.zero_gradient()
    shifts = result.shifts
    fig, (left, right) = panels(
        ["units with no gradient", "gradient at layer 1"],
        "",
        height=3.2,
        sharey=False,
        xlabel="bias shift",
    )
    left.set_yscale("linear")
    left.set_ylabel("fraction of hidden units")
    right.set_ylabel("‖∂C/∂W₁‖")
    right.set_ylim(1e-12, 3)
    data = {"shift": shifts}
    for activation in result.activations:
        cell = result.sel(activation=activation)
        style = {**ACTIVATION_STYLE[activation], "marker": "o", "markersize": 3.5}
        zero = data[f"{activation}_zero_gradient"] = cell.zero_gradient
        grad = data[f"{activation}_grad_W1"] = cell.grad_W[:, 0]
        left.plot(shifts, zero, label=label(activation), **style)
        right.plot(shifts, np.where(grad > 0, grad, np.nan), **style)
        exact = grad == 0
        if exact.any():  # an empty unclipped line would upset the layout
            right.plot(
                shifts[exact], np.full(exact.sum(), 1e-12), "v", color=style["color"], clip_on=False
            )
    for ax in (left, right):
        ax.invert_xaxis()
    left.legend(loc="center right")
    return fig, data
