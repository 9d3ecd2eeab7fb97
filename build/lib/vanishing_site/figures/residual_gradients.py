r"""The identity path of a residual network carries the gradient.

\(\lVert\delta_l\rVert\) per hidden layer in 50-layer networks of 100 units (standard
initialisation), plain and residual, \(h_l = h_{l-1} + \alpha\,\phi(z_l)\), at
initialisation. In the plain networks the signal vanishes. The shortcut adds the identity to
every layer's backward step, so the signal cannot vanish; with branches at full strength
(\(\alpha = 1\)) it grows instead, because each branch adds to the forward signal and the
gradient grows with it. Branches scaled down to \(\alpha = 0.1\) keep it nearly level.

Alt: Three line charts side by side, for sigmoid, tanh and ReLU, each with hidden layers 1 to
50 across and the norm of delta on a shared logarithmic axis from about 1e-43 to 1e4. In each,
the plain network's line falls steeply to the left; the residual line with alpha = 1 rises to
the left, to about 5, 20 and 14000 times its value at layer 50 for sigmoid, tanh and ReLU; the
residual line with alpha = 0.1 is nearly flat.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import label, panels
from vanishing_site.style import COLORS

STYLES = {None: ("plain", COLORS[5], "--"), 1.0: ("residual, α = 1", COLORS[1], "-")}
SMALL = ("residual, α = {}", COLORS[0], "-.")


def figure():
    result = experiments.residual_effect()
    fig, axes = panels([label(a) for a in result["activations"]], "‖δ_l‖ = ‖∂C/∂z_l‖")
    data = {"layer": result["layers"]}
    for i, (ax, activation) in enumerate(zip(axes, result["activations"], strict=True)):
        for k, alpha in enumerate(result["residual"]):
            text, colour, ls = STYLES.get(alpha, SMALL)
            key = f"{activation}_{'plain' if alpha is None else f'alpha_{alpha:g}'}"
            data[key] = result["delta"][i, k]
            ax.plot(
                data["layer"],
                data[key],
                color=colour,
                ls=ls,
                label=text.format(f"{alpha:g}" if alpha else ""),
            )
    axes[-1].legend(loc="lower right", fontsize=8)
    return fig, data
