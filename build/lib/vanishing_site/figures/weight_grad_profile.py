r"""The gradients the weights receive, with the standard initialisation.

\(\lVert\partial C/\partial W_l\rVert\) in the same three networks as the previous figure, with
ReLU under He initialisation (grey) for scale. For the sigmoid network it follows
\(\lVert\delta_l\rVert\) down: the first layers receive almost nothing. For tanh and ReLU it
is flat, because \(\partial C/\partial W_l = \delta_l\, a_{l-1}^\top\) and the activations
\(a_{l-1}\) shrink going forwards as fast as \(\delta_l\) shrinks going backwards. Flat is
not healthy: every layer's gradient is tiny, many orders of magnitude below the He network's.

Alt: A line chart with a logarithmic vertical axis from about 1e-43 to 1e2 and hidden
layers 1 to 50 on the horizontal axis. The sigmoid curve rises almost straight from about
2e-43 at layer 1 to about 0.1 at layer 50. The tanh curve is flat near 6e-13 and the ReLU
curve flat near 4e-20 across all layers. A grey reference curve, ReLU with He
initialisation, lies between about 2 and 15.
"""

from vanishing import experiments
from vanishing_site.figures._curves import activation_lines, per_layer
from vanishing_site.style import MUTED


def figure():
    profile = experiments.gradient_profiles(schemes=("standard",))
    healthy = experiments.gradient_profiles(activations=("relu",), schemes=("he_normal",))
    data, lines = activation_lines(profile, "grad_W")
    data["relu_he_normal"] = healthy["grad_W"][0, 0]
    lines.append(("ReLU, He initialisation", data["layer"], data["relu_he_normal"],
                  {"color": MUTED, "lw": 1.2}))  # fmt: skip
    fig, ax = per_layer(lines, "‖∂C/∂W‖ of the layer")
    ax.legend(loc="lower right")
    return fig, data
