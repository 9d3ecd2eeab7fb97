r"""Batch normalisation stops the vanishing, and at initialisation makes gradients grow.

\(\lVert\delta_l\rVert\) per hidden layer in 50-layer networks of 100 units with the standard
initialisation, at initialisation, without (dashed) and with (solid) batch normalisation of
every layer's pre-activations. Without it, every network loses its signal on the way down.
With it, the signal no longer vanishes, but it grows towards the input instead, most of all
with ReLU: a normalised network at initialisation has exploding gradients (Yang et al.,
2019).

Alt: A line chart with hidden layers 1 to 50 across and the norm of delta on a logarithmic
axis from about 1e-43 to 1e4. Three dashed lines, for sigmoid, tanh and ReLU without
normalisation, fall steeply to the left, to about 3e-43, 7e-13 and 4e-20 at layer 1. Three
solid lines, with normalisation, rise to the left instead: the sigmoid's from about 0.11 to
0.5, tanh's from about 0.37 to 35 and ReLU's from about 0.39 to about 3000.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels


def figure():
    result = experiments.batchnorm_effect()
    fig, (ax,) = panels([""], "‖δ_l‖ = ‖∂C/∂z_l‖")
    data = {"layer": result["layers"]}
    for i, activation in enumerate(result["activations"]):
        colour = ACTIVATION_STYLE[activation]["color"]
        for k, batchnorm in enumerate(result["batchnorm"]):
            key = f"{activation}_{'batchnorm' if batchnorm else 'plain'}"
            data[key] = result["delta"][i, k]
            ax.plot(
                data["layer"],
                data[key],
                color=colour,
                ls="-" if batchnorm else "--",
                lw=1.8 if batchnorm else 1.2,
                label=f"{label(activation)}{', BN' if batchnorm else ''}",
            )
    ax.legend(ncols=3, loc="lower right", fontsize=8)
    return fig, data
