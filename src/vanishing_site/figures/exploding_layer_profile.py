r"""Backward signals that grow toward the input.

The backward signal \(\lVert\delta_l\rVert\) relative to the last hidden layer's, at
initialisation, for the ReLU network at gain {{ exploding_gradients.relu_gain }} and for tanh at
\(\sigma_w^2 = {{ exploding_gradients.tanh_sigma_w2 }}\): compare each line with its dashed
prediction (lines: geometric means over {{ exploding_gradients.seed_count }} seeds, bands: one
standard deviation of the log either side).

Alt: A chart with hidden layers 1 to {{ exploding_gradients.relu_depth }} across and the ratio
on a logarithmic axis, 1 at the last layer. Both measured lines rise toward layer 1 along their
dashed predictions, ReLU's to about {{ exploding_gradients.relu_ratio_geometric }} and tanh's to
about {{ exploding_gradients.tanh_ratio_geometric }}; ReLU's band is wide, spanning a factor of
several at layer 1, and tanh's is barely wider than its line.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from vanishing_site import runs
from vanishing_site.figures._profiles import LAYER_AXIS
from vanishing_site.style import MUTED, activation_colour


def bands(profiles):
    """Geometric mean over seeds (rows) and one standard deviation of the log either side."""
    logs = np.log(profiles)
    mean, spread = logs.mean(axis=0), logs.std(axis=0, ddof=1)
    return np.exp(mean), np.exp(mean - spread), np.exp(mean + spread)


def figure():
    relu = runs.clipping().delta_at_init
    relu = relu / relu[:, -1:]
    tanh = runs.tanh_chaotic_profile()
    depth = relu.shape[1]
    layers = np.arange(1, depth + 1)
    steps = depth - layers  # layers between l and L
    predictions = {
        # ReLU at gain g: E||delta||^2 grows by g^2 per layer, the norm by g.
        "relu": runs.clipping().gain ** steps,
        # tanh: chi_1 per layer for the squared norm (mean-field, Schoenholz et al. 2017).
        "tanh": runs.tanh_chaotic_chi1() ** (steps / 2),
    }
    labels = {
        "relu": f"ReLU, gain {runs.clipping().gain:g}",
        "tanh": f"tanh, n·Var(w) = {runs.TANH_CHAOTIC['sigma_w2']:g}",
    }
    data = {"layer": layers}
    fig, ax = plt.subplots(layout="constrained")
    for name, profiles in (("relu", relu), ("tanh", tanh)):
        colour = activation_colour(name)
        mean, low, high = bands(profiles)
        data |= {name: mean, f"{name}_low": low, f"{name}_high": high}
        data[f"{name}_predicted"] = predictions[name]
        ax.fill_between(layers, low, high, color=colour, alpha=0.25, linewidth=0)
        ax.plot(layers, mean, "o-", color=colour, markersize=4, label=labels[name])
        ax.plot(layers, predictions[name], "--", color=colour, linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel(LAYER_AXIS)
    ax.set_ylabel("‖δ‖ at layer l ÷ at the last")
    ax.set_xticks(layers)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color=MUTED, ls="--", lw=1, label="predicted"))
    ax.legend(handles=handles)
    return fig, data
