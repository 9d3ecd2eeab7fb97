r"""How alike the hidden vectors of different inputs are, layer by layer.

The mean cosine between the hidden vectors \(h_l\) of two training points (left) and its
distance from 1 (right), before training, for sigmoid, tanh and centred-sigmoid \(\sigma - 1/2\)
units (mean ± one standard deviation over {{ relu_vs_sigmoid.seeds }} seeds): follow the
sigmoid's distance down its dashed line of slope \(\chi_1\), drawn a decade above, while the
zero-centred units stay apart.

Alt: Two line charts with hidden layers 1 to {{ relu_vs_sigmoid.depth }} across. Left, the mean
cosine: the sigmoid starts at {{ relu_vs_sigmoid.sigmoid_cosine_first }} and sits at 1 from the
second layer, while tanh and the centred sigmoid stay flat near 0. Right, one minus the cosine
on a logarithmic axis: the sigmoid's falls along a straight dashed line of slope chi_1, to
{{ relu_vs_sigmoid.sigmoid_gap_last }} at the last layer; tanh's and the centred sigmoid's stay
flat at about 1.
"""

import numpy as np

from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels
from vanishing_site.style import MUTED, activation_colour

# The centred sigmoid is a sigmoid: its colour, dotted.
STYLE = ACTIVATION_STYLE | {"centred_sigmoid": {"color": activation_colour("sigmoid"), "ls": ":"}}


def figure():
    result = runs.forward_collapse()
    data = {"layer": result.layers}
    fig, (similar, apart) = panels(
        ["cosine of two inputs' hₗ", "1 − cosine"], "", log=False, sharey=False
    )
    apart.set_yscale("log")
    for i, activation in enumerate(result.activations):
        style = STYLE[activation]
        text = label(activation) if activation != "centred_sigmoid" else "σ − ½ (centred)"
        cosine = result.cosine[i]
        mean, spread = cosine.mean(axis=0), cosine.std(axis=0)
        data[activation] = mean
        data[f"{activation}_spread"] = spread
        similar.plot(result.layers, mean, marker="o", markersize=3, label=text, **style)
        similar.fill_between(result.layers, mean - spread, mean + spread, color=style["color"],
                             alpha=0.2, lw=0)  # fmt: skip
        # The gap 1 - c spans ten orders of magnitude: mean and spread in log10.
        gap = np.log10(1 - cosine)
        mean, spread = gap.mean(axis=0), gap.std(axis=0)
        data[f"{activation}_gap"] = 10**mean
        apart.plot(result.layers, 10**mean, marker="o", markersize=3, **style)
        apart.fill_between(result.layers, 10 ** (mean - spread), 10 ** (mean + spread),
                           color=style["color"], alpha=0.2, lw=0)  # fmt: skip
    sigmoid = result.activations.index("sigmoid")
    # A reference of slope chi_1, drawn a decade above the sigmoid's line so both stay visible.
    data["chi1_line"] = 10 * data["sigmoid_gap"][0] * result.chi1[sigmoid] ** (result.layers - 1)
    apart.plot(result.layers, data["chi1_line"], color=MUTED, ls="--", lw=1, label="× χ₁ per layer")
    similar.set_ylim(-0.1, 1.1)
    similar.legend(loc="center right")
    apart.legend(loc="lower left")
    return fig, data
