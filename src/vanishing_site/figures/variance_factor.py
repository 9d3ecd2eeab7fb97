r"""What one layer does to the backward signal: predicted and measured.

Each point is one activation under one initialisation, the prediction
\(n\,\mathrm{Var}(w)\,\mathbb{E}[\varphi'(z)^2]\) across and the measured factor of
\(\lVert\delta\rVert^2\) per layer up (means over {{ vanishing_gradients.n_seeds }} seeds, bars:
one standard deviation): look for points off the diagonal, and left of the dotted
line at 1, where the signal shrinks at every layer.

Alt: A log-log scatter plot of measured against predicted factor, with a diagonal line. All nine
points lie on or very near the diagonal. Sigmoid points (circles of one colour) sit lowest,
between {{ vanishing_gradients.scatter_sigmoid }}; tanh points between
{{ vanishing_gradients.scatter_tanh }}; ReLU points between
{{ vanishing_gradients.scatter_relu }}. Marker shapes tell the initialisations apart: standard
lowest, then Xavier normal, then He normal, which reaches about 1 for tanh and ReLU.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from vanishing.activations import ACTIVATIONS
from vanishing.experiments import profiles
from vanishing.initialisation import SCHEMES
from vanishing_site import runs
from vanishing_site.style import MUTED, activation_colour

MARKERS = ("o", "s", "^")


def figure():
    activations, schemes = profiles.ACTIVATIONS, profiles.SCHEMES
    cells = {(a, s): runs.factor_over_seeds(a, s) for a in activations for s in schemes}
    fig, ax = plt.subplots(layout="constrained")
    span = np.array([0.01, 2.0])
    ax.plot(span, span, color=MUTED, linewidth=1)
    ax.axvline(1, linestyle=":", linewidth=1, color=MUTED)
    for activation in activations:
        colour = activation_colour(activation)
        for scheme, marker in zip(schemes, MARKERS, strict=False):
            predicted, measured = cells[activation, scheme]
            ax.errorbar(predicted.mean, measured.mean, xerr=predicted.spread,
                        yerr=measured.spread, fmt=marker, color=colour, markersize=7)  # fmt: skip
        # Each activation named beside its cluster: below and right of its lowest point.
        own = [cells[activation, scheme] for scheme in schemes]
        predicted, measured = min(own, key=lambda cell: cell[1].mean)
        ax.annotate(ACTIVATIONS[activation].label, (predicted.mean, measured.mean),
                    xytext=(8, -4), textcoords="offset points", color=colour,
                    va="top")  # fmt: skip
    # The markers tell the schemes apart; the colours are the activations'.
    handles = [Line2D([], [], color=MUTED, marker=m, ls="", label=SCHEMES[s].label.split(",")[0])
               for s, m in zip(schemes, MARKERS, strict=True)]  # fmt: skip
    ax.legend(handles=handles, loc="upper left")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*span)
    ax.set_ylim(*span)
    ax.set_xlabel("predicted  n·Var(w)·E[φ′(z)²]")
    ax.set_ylabel("measured  ‖δ‖² at layer l ÷ at layer l + 1")
    data = {
        "activation": np.array([a for a, _ in cells]),
        "scheme": np.array([s for _, s in cells]),
        "predicted": np.array([p.mean for p, _ in cells.values()]),
        "predicted_spread": np.array([p.spread for p, _ in cells.values()]),
        "measured": np.array([m.mean for _, m in cells.values()]),
        "measured_spread": np.array([m.spread for _, m in cells.values()]),
    }
    return fig, data
