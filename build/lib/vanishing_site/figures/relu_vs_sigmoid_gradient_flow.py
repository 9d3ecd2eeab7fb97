r"""Gradient flow in the two networks we train.

Nielsen's "speed of learning" of each hidden layer, \(\lVert\partial C/\partial b_l\rVert\) on
the whole training set, before the first step of training: the same 8-layer network of 32
units, once with sigmoid units (Xavier normal initialisation) and once with ReLU units (He
normal). Going down from the output, the sigmoid network's gradient shrinks by a similar
factor at every layer; the ReLU network's stays within a factor of two.

Alt: A line chart with hidden layers 1 to 8 across and the gradient norm on a logarithmic
axis from about 1e-6 to 1. The ReLU line is nearly flat between 0.08 and 0.16. The sigmoid
line rises steadily from about 1e-6 at layer 1 to about 0.04 at layer 8, a straight line on
this axis.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels


def figure():
    result = experiments.relu_vs_sigmoid_training()
    layers = range(1, result["relu"]["grad_b"].shape[1] + 1)
    data = {"layer": list(layers)}
    fig, (ax,) = panels([""], "‖∂C/∂b_l‖ before training")
    for activation in ("relu", "sigmoid"):
        data[activation] = result[activation]["grad_b"][0]
        ax.plot(
            layers,
            data[activation],
            marker="o",
            label=label(activation),
            **ACTIVATION_STYLE[activation],
        )
    ax.legend()
    return fig, data
