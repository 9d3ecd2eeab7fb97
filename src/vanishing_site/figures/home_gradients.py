r"""How much gradient each layer's weights receive, in two 50-layer networks.

The same 50-layer network of 100 units per layer, at initialisation, on one random batch.
With sigmoid units and Xavier initialisation (blue) the gradient shrinks by a roughly
constant factor at every layer on its way back, so the layers near the input receive about
\(10^{-31}\) of what the last layer receives: they cannot learn. With ReLU units and He
initialisation (orange) every layer receives a gradient of the same order. The axis is
logarithmic: equal steps up it are equal factors.

Alt: A line chart with a logarithmic vertical axis from about 1e-32 to 1e2 and hidden
layers 1 to 50 on the horizontal axis. The sigmoid network's curve rises almost as a
straight line from about 3e-32 at layer 1 to about 0.3 at layer 50. The ReLU network's
curve stays between about 2 and 15 across all fifty layers.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import per_layer
from vanishing_site.style import COLORS

NETWORKS = (
    ("sigmoid", "xavier_normal", "sigmoid units, Xavier normal initialisation"),
    ("relu", "he_normal", "ReLU units, He normal initialisation"),
)


def figure():
    data, lines = {}, []
    for (activation, scheme, text), colour in zip(NETWORKS, COLORS, strict=False):
        profiles = runs.profiles()
        data["layer"] = profiles.layers
        data[f"{activation}_{scheme}"] = profiles.profile(
            activation=activation, scheme=scheme
        ).grad_W
        lines.append((text, data["layer"], data[f"{activation}_{scheme}"], {"color": colour}))
    fig, ax = per_layer(lines, "gradient norm ‖∂C/∂W‖ of the layer")
    ax.legend(loc="lower right")
    return fig, data
