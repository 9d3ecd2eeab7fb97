r"""Deeper networks, exponentially smaller first-layer signals.

The ratio \(\lVert\delta_1\rVert / \lVert\delta_L\rVert\) for networks of 2 to 50 layers
(64 units, zero biases, weights \(U(\pm 1/\sqrt{n})\), seed 0): a geometric decay
\(r^{L-1}\) is a straight line on this logarithmic axis, and the dashed lines are least-squares
fits whose factor \(r\) per layer the legend gives.

Alt: A chart with depth L from 2 to 50 on the horizontal axis and the ratio on a
logarithmic vertical axis. Markers for sigmoid, tanh and ReLU fall along straight dashed
lines: the sigmoid's steepest, reaching about {{ vanishing_gradients.depth50_sigmoid }} at depth
50, ReLU's reaching about {{ vanishing_gradients.depth50_relu }} and tanh's, the shallowest,
about {{ vanishing_gradients.depth50_tanh }}.
"""

import matplotlib.pyplot as plt

from vanishing.activations import ACTIVATIONS
from vanishing_site import runs
from vanishing_site.figures._labels import label_ends
from vanishing_site.style import activation_colour

MARKERS = ("o", "s", "^")


def figure():
    result = runs.depth_sweep()
    depths = result.depths
    data = {"depth": depths}
    fig, ax = plt.subplots(layout="constrained")
    ends = []
    for activation, marker in zip(result.activations, MARKERS, strict=False):
        colour = activation_colour(activation)
        cell = result.sel(activation=activation)
        r = cell.factor
        data[activation] = cell.ratio
        data[f"{activation}_fit"] = r ** (depths - 1.0)
        ax.plot(
            depths,
            data[activation],
            marker,
            color=colour,
            label=ACTIVATIONS[activation].label,
        )
        ends.append((f"{ACTIVATIONS[activation].label}\nr = {r:.3f}", depths[-1],
                     data[activation][-1], colour))  # fmt: skip
        ax.plot(depths, data[f"{activation}_fit"], "--", color=colour, linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel("depth L (hidden layers)")
    ax.set_ylabel("‖δ‖ at layer 1 ÷ ‖δ‖ at layer L")
    label_ends(ax, ends, gap=0.16)
    return fig, data
