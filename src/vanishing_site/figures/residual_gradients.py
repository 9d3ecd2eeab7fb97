r"""Where a residual branch ends decides how much the gradient grows.

The block of He et al., its branch ending in a linear layer (solid), grows gently towards the
input, while the block that ends in \(\phi\) grows by orders of magnitude with ReLU and the
plain networks' signal falls out of the panel (lines: geometric means over
{{ mitigations.res_seeds }} seeds, bands: one standard deviation of log10 either side).

Alt: Three line charts side by side, for sigmoid, tanh and ReLU, each with hidden layers 1 to
{{ relu_vs_sigmoid.profile_depth }} across and the norm of delta on a shared logarithmic axis.
In each, the plain network's line falls steeply to the left and leaves the chart at the bottom.
The line of the block ending in a linear layer rises gently to the left, by
{{ mitigations.res_linear_relu_geo }} for ReLU; the line of the block ending in phi rises more
steeply, by {{ mitigations.res_phi_relu_geo }} for ReLU; the line of the linear block with alpha
= {{ mitigations.res_alpha_small }} is nearly flat and lies lower.
"""

import numpy as np
from matplotlib.lines import Line2D

from vanishing.residual import SMALL_ALPHA
from vanishing_site import runs
from vanishing_site.figures._profiles import label, panels
from vanishing_site.style import MUTED, ramp

# A block's form is its line style; the colour is the panel's activation, a shade per form.
STYLES = {
    "plain": ("plain", 0, "--"),
    "ends_in_phi": ("h + φ(Wh + b)", 1, ":"),
    "ends_in_linear": ("h + Wφ(h) + b", 3, "-"),
    "ends_in_linear_small": ("h + α(Wφ(h) + b), α = {}", 2, "-."),
}
YLIM = (1e-5, 1e6)


def figure():
    result = runs.residual_blocks()
    alpha = f"{SMALL_ALPHA:g}"
    fig, axes = panels([label(a) for a in result.activations], "‖δₗ‖ = ‖∂C/∂zₗ‖")
    data = {"layer": result.layers}
    for ax, activation in zip(axes, result.activations, strict=True):
        shades = ramp(len(STYLES), activation)
        for variant in result.labels("variant"):
            _, shade, ls = STYLES[variant]
            colour = shades[shade]
            logs = np.log10(result.sel(activation=activation, variant=variant).delta)
            mean, spread = logs.mean(axis=0), logs.std(axis=0, ddof=1)
            key = f"{activation}_{variant}"
            data[key] = 10**mean
            data[f"{key}_low"], data[f"{key}_high"] = 10 ** (mean - spread), 10 ** (mean + spread)
            ax.fill_between(
                data["layer"],
                data[f"{key}_low"],
                data[f"{key}_high"],
                color=colour,
                alpha=0.2,
                lw=0,
            )
            ax.plot(data["layer"], data[key], color=colour, ls=ls)
    # The plain lines fall tens of orders of magnitude; clipping them keeps the residual
    # blocks' gentle growth visible.
    axes[0].set_ylim(*YLIM)
    handles = [Line2D([], [], color=MUTED, ls=ls, label=text.format(alpha))
               for text, _, ls in STYLES.values()]  # fmt: skip
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig, data
