r"""Deeper networks, exponentially smaller first-layer signals.

The ratio \(\lVert\delta_1\rVert / \lVert\delta_L\rVert\) against the depth \(L\): a geometric
decay \(r^{L-1}\) is a straight line on this logarithmic axis, and the legend gives the factor
\(r\) per layer of each dashed least-squares fit.

Alt: A chart with the depth L across and the ratio on a logarithmic vertical axis. Markers for
sigmoid, tanh and ReLU fall along straight dashed lines: the sigmoid's steepest, reaching about
{{ vanishing_gradients.depth50_sigmoid }} at the greatest depth, ReLU's reaching about
{{ vanishing_gradients.depth50_relu }} and tanh's, the shallowest, about
{{ vanishing_gradients.depth50_tanh }}.
"""

import matplotlib.pyplot as plt

from vanishing.activations import ACTIVATIONS
from vanishing_site import runs
from vanishing_site.style import COLORS

MARKERS = ("o", "s", "^")


def figure():
    result = runs.depth_sweep()
    depths = result.depths
    data = {"depth": depths}
    fig, ax = plt.subplots(layout="constrained")
    for activation, colour, marker in zip(result.activations, COLORS, MARKERS, strict=False):
        cell = result.sel(activation=activation)
        r = cell.factor
        data[activation] = cell.ratio
        data[f"{activation}_fit"] = r ** (depths - 1.0)
        ax.plot(
            depths,
            data[activation],
            marker,
            color=colour,
            label=f"{ACTIVATIONS[activation].label}: r = {r:.3f}",
        )
        ax.plot(depths, data[f"{activation}_fit"], "--", color=colour, linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel("depth L (hidden layers)")
    ax.set_ylabel("‖δ‖ at layer 1 ÷ ‖δ‖ at layer L")
    ax.legend(title="fitted factor per layer")
    return fig, data
