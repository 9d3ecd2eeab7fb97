r"""The backward signal, layer by layer, with zero biases and weights \(U(\pm 1/\sqrt{n})\).

Read from right to left, the way the signal travels: all three lines fall by a nearly constant
factor per layer, ReLU included (lines: geometric means over {{ vanishing_gradients.n_seeds }}
seeds, bands: their range).

Alt: A line chart with a logarithmic vertical axis and hidden layers 1 to
{{ relu_vs_sigmoid.profile_depth }} on the horizontal axis. Three nearly straight lines, each in
a narrow shaded band, rise from left to right to about the same height at the last layer. The
sigmoid line starts lowest, near {{ vanishing_gradients.delta_first_sigmoid }} at layer 1; the
ReLU line starts near {{ vanishing_gradients.delta_first_relu }}; the tanh line, the shallowest,
starts near {{ vanishing_gradients.delta_first_tanh }}.
"""

import matplotlib.pyplot as plt

from vanishing_site import runs
from vanishing_site.figures._profiles import LAYER_AXIS, seed_bands


def figure():
    profiles = runs.profiles_over_seeds()
    fig, ax = plt.subplots(layout="constrained")
    data = {"layer": profiles.layers} | seed_bands(ax, profiles, "delta", "standard")
    ax.set_yscale("log")
    ax.set_xlabel(LAYER_AXIS)
    ax.set_ylabel("‖δ‖ = ‖∂C/∂z‖ at the layer")
    ax.legend()
    return fig, data
