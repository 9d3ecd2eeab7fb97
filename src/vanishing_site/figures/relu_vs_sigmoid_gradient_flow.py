r"""Gradient flow in the two networks we train.

Nielsen's speed of learning \(\lVert\partial C/\partial b_l\rVert\) of each hidden layer on the
whole training set before training, for the sigmoid network (Xavier normal) and the ReLU network
(He normal), with geometric means and the spread over {{ relu_vs_sigmoid.seeds }} seeds: follow
each line down from the output.

Alt: A line chart with hidden layers 1 to {{ relu_vs_sigmoid.depth }} across and the gradient
norm on a logarithmic axis. The ReLU line is nearly flat. The sigmoid line rises steadily from
layer 1 to layer {{ relu_vs_sigmoid.depth }}, a straight line on this axis: the first layer's
gradient is {{ relu_vs_sigmoid.sigmoid_grad_ratio }} times the last one's.
"""

import numpy as np

from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels


def figure():
    result = runs.initial_speeds()
    layers = np.arange(1, result.grad_b.shape[2] + 1)
    data = {"layer": layers}
    fig, (ax,) = panels([""], "‖∂C/∂bₗ‖ before training")
    for activation in ("relu", "sigmoid"):
        speed = np.log10(result.grad_b[result.activations.index(activation)])
        mean, spread = speed.mean(axis=0), speed.std(axis=0)
        data[activation] = 10**mean
        style = ACTIVATION_STYLE[activation]
        ax.plot(layers, data[activation], marker="o", label=label(activation), **style)
        ax.fill_between(layers, 10 ** (mean - spread), 10 ** (mean + spread), color=style["color"],
                        alpha=0.2, lw=0)  # fmt: skip
    ax.legend()
    return fig, data
