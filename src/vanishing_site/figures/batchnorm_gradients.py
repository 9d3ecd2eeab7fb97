r"""Batch normalisation stops the vanishing, and at initialisation makes gradients grow.

\(\lVert\delta_l\rVert\) per hidden layer at PyTorch's weight scale, at initialisation, without
(dashed) and with (solid) batch normalisation of every layer's pre-activations: compare the
directions of the lines, and how far each solid line climbs towards the input.

Alt: A line chart with hidden layers 1 to {{ relu_vs_sigmoid.profile_depth }} across and the
norm of delta on a logarithmic axis. Three dashed lines, for sigmoid, tanh and ReLU without
normalisation, fall steeply to the left, the sigmoid's furthest, by tens of orders of magnitude.
Three solid lines, with normalisation, rise to the left instead: the sigmoid's least, tanh's
more and ReLU's most, by about {{ mitigations.bn_relu_ratio_typical }} over all the layers.
"""

import numpy as np

from vanishing.experiments.profiles import ACTIVATIONS, DEPTH
from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels, seed_band


def figure():
    fig, (ax,) = panels([""], "‖δₗ‖ = ‖∂C/∂zₗ‖")
    data = {"layer": np.arange(1, DEPTH + 1)}
    for activation in ACTIVATIONS:
        colour = ACTIVATION_STYLE[activation]["color"]
        for batchnorm in (False, True):
            per_seed = np.array(
                [c.delta for c in runs.profile_seeds(activation, "standard", batchnorm)]
            )
            style = {
                "color": colour,
                "ls": "-" if batchnorm else "--",
                "lw": 1.8 if batchnorm else 1.2,
            }
            text = f"{label(activation)}{', BN' if batchnorm else ''}"
            columns = seed_band(ax, data["layer"], per_seed, text, style)
            key = f"{activation}_{'batchnorm' if batchnorm else 'plain'}"
            data |= {key + edge: column for edge, column in columns.items()}
    fig.legend(loc="outside lower center", ncols=3)  # below the plot, clear of the lines
    return fig, data
