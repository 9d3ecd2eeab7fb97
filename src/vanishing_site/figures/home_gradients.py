r"""How much gradient each layer's weights receive, in two 50-layer networks.

The weight gradient's norm per hidden layer in a sigmoid network with Xavier initialisation and
a ReLU network with He initialisation (lines: geometric means over
{{ vanishing_gradients.n_seeds }} seeds, bands: their range): follow the sigmoid's line down to
the first layer, which receives about {{ home.sigmoid_grad_ratio_typical }} of what the last one
does, while ReLU's stays level.

Alt: A line chart with a logarithmic vertical axis and hidden layers 1 to
{{ relu_vs_sigmoid.profile_depth }} on the horizontal axis, each line inside a shaded band. The
sigmoid network's line rises almost straight from about {{ home.sigmoid_grad_first }} at layer 1
to about {{ home.sigmoid_grad_last }} at the last layer. The ReLU network's line stays level
near {{ home.relu_grad_typical }} across all the layers.
"""

import matplotlib.pyplot as plt

from vanishing_site import runs
from vanishing_site.figures._labels import label_ends
from vanishing_site.figures._profiles import LAYER_AXIS, seed_band
from vanishing_site.style import activation_colour

NETWORKS = (
    ("sigmoid", "xavier_normal", "sigmoid,\nXavier normal"),
    ("relu", "he_normal", "ReLU,\nHe normal"),
)


def figure():
    profiles = runs.profiles_over_seeds()
    data = {"layer": profiles.layers}
    fig, ax = plt.subplots(layout="constrained")
    for activation, scheme, text in NETWORKS:
        per_seed = profiles.profile(activation=activation, scheme=scheme).grad_W
        style = {"color": activation_colour(activation)}
        columns = seed_band(ax, profiles.layers, per_seed, text, style)
        data |= {f"{activation}_{scheme}{edge}": column for edge, column in columns.items()}
    ax.set_yscale("log")
    ax.set_xlabel(LAYER_AXIS)
    ax.set_ylabel("gradient norm ‖∂C/∂W‖ of the layer")
    label_ends(ax, ax.get_lines(), gap=0.16)
    return fig, data
