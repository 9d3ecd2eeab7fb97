r"""Deeper networks, exponentially smaller first-layer signals.

The ratio \(\lVert\delta_1\rVert / \lVert\delta_L\rVert\) against the depth \(L\): a geometric
decay \(r^{L-1}\) is a straight line on this logarithmic axis (markers: geometric means over
{{ vanishing_gradients.n_seeds }} seeds, bars: their range), and the label beside each gives the
factor \(r\) per layer of its dashed least-squares fit.

Alt: A chart with the depth L across and the ratio on a logarithmic vertical axis. Markers for
sigmoid, tanh and ReLU fall along straight dashed lines: the sigmoid's steepest, reaching about
{{ vanishing_gradients.depth50_sigmoid }} at the greatest depth, ReLU's reaching about
{{ vanishing_gradients.depth50_relu }} and tanh's, the shallowest, about
{{ vanishing_gradients.depth50_tanh }}.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.activations import ACTIVATIONS
from vanishing_site import runs
from vanishing_site.figures._labels import label_ends
from vanishing_site.style import activation_colour

MARKERS = ("o", "s", "^")


def figure():
    sweeps = runs.depth_sweep_over_seeds()
    depths = sweeps[0].depths
    data = {"depth": depths}
    fig, ax = plt.subplots(layout="constrained")
    ends = []
    for activation, marker in zip(sweeps[0].activations, MARKERS, strict=False):
        colour = activation_colour(activation)
        cells = [sweep.sel(activation=activation) for sweep in sweeps]
        per_seed = np.array([cell.ratio for cell in cells])  # (seeds, depths)
        r = np.exp(np.log([cell.factor for cell in cells]).mean())
        data[activation] = np.exp(np.log(per_seed).mean(axis=0))
        data[f"{activation}_min"], data[f"{activation}_max"] = per_seed.min(0), per_seed.max(0)
        data[f"{activation}_fit"] = r ** (depths - 1.0)
        ax.errorbar(
            depths,
            data[activation],
            yerr=[data[activation] - data[f"{activation}_min"],
                  data[f"{activation}_max"] - data[activation]],
            fmt=marker,
            color=colour,
            capsize=2,
            label=ACTIVATIONS[activation].label,
        )  # fmt: skip
        ends.append((f"{ACTIVATIONS[activation].label}\nr = {r:.3f}", depths[-1],
                     data[activation][-1], colour))  # fmt: skip
        ax.plot(depths, data[f"{activation}_fit"], "--", color=colour, linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel("depth L (hidden layers)")
    ax.set_ylabel("‖δ‖ at layer 1 ÷ ‖δ‖ at layer L")
    label_ends(ax, ends, gap=0.16)
    return fig, data
