r"""Batch normalisation stops the vanishing, and at initialisation makes gradients grow.

\(\lVert\delta_l\rVert\) per hidden layer in 50-layer networks of 100 units at PyTorch's
weight scale, at initialisation, without (dashed) and with (solid) batch normalisation of every
layer's pre-activations. Compare the direction of the lines: without it the signal falls
towards the input, with it the signal grows towards the input, most with ReLU (Yang et al.,
2019).

Alt: A line chart with hidden layers 1 to 50 across and the norm of delta on a logarithmic
axis. Three dashed lines, for sigmoid, tanh and ReLU without normalisation, fall steeply to
the left, the sigmoid's furthest, by tens of orders of magnitude. Three solid lines, with
normalisation, rise to the left instead: the sigmoid's least, tanh's more and ReLU's most, by
about {{ mitigations.bn_relu_ratio_typical }} over the fifty layers.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels


def figure():
    result = runs.batchnorm()
    fig, (ax,) = panels([""], "‖δₗ‖ = ‖∂C/∂zₗ‖")
    data = {"layer": result.layers}
    for activation in result.activations:
        colour = ACTIVATION_STYLE[activation]["color"]
        for batchnorm in result.labels("batchnorm"):
            key = f"{activation}_{'batchnorm' if batchnorm else 'plain'}"
            data[key] = result.profile(activation=activation, batchnorm=batchnorm).delta
            ax.plot(
                data["layer"],
                data[key],
                color=colour,
                ls="-" if batchnorm else "--",
                lw=1.8 if batchnorm else 1.2,
                label=f"{label(activation)}{', BN' if batchnorm else ''}",
            )
    fig.legend(loc="outside lower center", ncols=3)  # below the plot, clear of the lines
    return fig, data
