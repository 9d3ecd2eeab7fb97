r"""The backward signal under each initialisation.

\(\lVert\delta_l\rVert = \lVert\partial C/\partial z_l\rVert\) per hidden layer in the same
50-layer networks as above, for sigmoid, tanh and ReLU units under three schemes. No scheme
rescues the sigmoid, whose slope is at most 1/4 at every layer. tanh keeps its signal within
about an order of magnitude under Xavier's scale and ReLU under He's, each the scheme derived
for it;
the standard scale loses tens of orders of magnitude with every activation.

Alt: Three line charts side by side, for sigmoid, tanh and ReLU, each with hidden layers 1 to
50 across and the norm of delta on a shared logarithmic axis from about 1e-43 to 10. Every
sigmoid line falls steeply to the left, reaching between about 8e-26 and 3e-43 at layer 1. For
tanh, the He and Xavier lines stay within about an order of magnitude of their value at layer
50, while the standard line falls to about 7e-13. For ReLU, only the He line stays level; the
Xavier line falls to about 5e-8 and the standard line to about 4e-20.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import SCHEME_STYLE, label, panels


def figure():
    result = experiments.gradient_profiles()
    fig, axes = panels([label(a) for a in result["activations"]], "‖δ_l‖ = ‖∂C/∂z_l‖")
    data = {"layer": result["layers"]}
    for i, (ax, activation) in enumerate(zip(axes, result["activations"], strict=True)):
        for j, scheme in enumerate(result["schemes"]):
            data[f"{activation}_{scheme}"] = result["delta"][i, j]
            ax.plot(
                data["layer"],
                data[f"{activation}_{scheme}"],
                label=label(scheme),
                **SCHEME_STYLE[scheme],
            )
    axes[-1].legend(loc="lower right", fontsize=8)
    return fig, data
