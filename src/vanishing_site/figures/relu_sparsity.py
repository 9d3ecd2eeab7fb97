r"""How sparse a ReLU network's activations are.

In each hidden layer of the {{ relu_vs_sigmoid.depth }}-layer ReLU network, the fraction of
activations that are exactly zero over the training points, before and after training, and
(dots) the fraction of units that are zero on every point, dead units. Compare the bars with the
dotted line at one half, what a symmetric pre-activation distribution gives.

Alt: A bar chart with hidden layers 1 to {{ relu_vs_sigmoid.depth }} across and a fraction from 0
to 1 up the side. Each layer has two bars, before and after training, between
{{ relu_vs_sigmoid.relu_zeros_range }}, around a dotted line at one half. Dots near the bottom mark
the fraction of dead units per layer after training, {{ relu_vs_sigmoid.relu_dead_trained }} over
all layers.
"""

import numpy as np

from vanishing_site import runs
from vanishing_site.figures._profiles import panels
from vanishing_site.style import MUTED, TEXT, ramp

# Series of one relu network (or of its kind): shades of the relu's colour, deepest first.
SHADES = ramp(3, "relu")[::-1]


def figure():
    result = runs.training()
    before, after = result.relu_sparsity_init, result.relu_sparsity
    dead = result.relu.dead[-1]
    layers = np.arange(1, len(before) + 1)
    fig, (ax,) = panels([""], "fraction of activations", log=False)
    ax.bar(
        layers - 0.2, before, width=0.4, color=SHADES[2], alpha=0.55, label="zeros, before training"
    )
    ax.bar(layers + 0.2, after, width=0.4, color=SHADES[2], label="zeros, after training")
    ax.plot(layers + 0.2, dead, "o", color=TEXT, markersize=4, label="dead units, after training")
    ax.axhline(0.5, color=MUTED, ls=":", lw=1)
    ax.set_xticks(layers)
    ax.set_ylim(0, 1)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper right")
    return fig, {"layer": layers, "zeros_before": before, "zeros_after": after, "dead_after": dead}
