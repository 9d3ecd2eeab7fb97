r"""Nielsen's experiment: how fast each layer learns during training.

A sigmoid network with four hidden layers of 30 units (LeCun normal initialisation) trained by
SGD on the three-class spirals. Each curve is one hidden layer's speed of learning, the norm
of \(\partial C/\partial b_l\) over the training set, after each epoch. The layer next to the
output learns fastest and each layer nearer the input more slowly: the gap is widest at the
start, and it persists throughout training.

Alt: A line chart with epochs 0 to 30 on the horizontal axis and the gradient norm on a
logarithmic vertical axis. Four jagged curves, one per hidden layer, are stacked in order:
layer 4 on top, near 0.1 at the start, and layer 1 at the bottom, near 0.001 at the start,
about a hundred times lower; the curves move closer together as training goes on but keep
their order.
"""

import matplotlib.pyplot as plt

from vanishing import experiments
from vanishing_site.style import COLORS


def figure():
    result = experiments.learning_speed()
    layers = range(1, result["grad_b"].shape[1] + 1)
    data = {"epoch": result["epoch"]}
    data |= {f"layer_{layer}": result["grad_b"][:, layer - 1] for layer in layers}
    fig, ax = plt.subplots(layout="constrained")
    # Drawn from the output side down, so the legend lists the layers top to bottom as plotted.
    for layer in reversed(layers):
        ax.plot(data["epoch"], data[f"layer_{layer}"], color=COLORS[layer - 1],
                label=f"hidden layer {layer}")  # fmt: skip
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("speed of learning ‖∂C/∂b‖")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1), ncols=4, fontsize=8.5)
    return fig, data
