r"""The edge of chaos of tanh networks, with the depth scale around it.

The thick line is where \( \chi_1 = 1 \); thin lines join the weight and bias variances with the
same correlation depth scale \( \xi_c \), which grows without bound towards the edge.

Alt: A chart with the weight variance sigma_w squared from {{ signal_propagation.phase_w_min }}
to {{ signal_propagation.phase_w_max }} across and the bias variance sigma_b squared from 0 to
{{ signal_propagation.phase_b_max }} up. A thick curve rises from sigma_w squared = 1 at zero
bias to about {{ signal_propagation.edge_at_b_max }} at the top, separating the ordered phase on
its left from the chaotic phase on its right. Contour lines of equal depth scale run alongside
it on both sides, labelled with depth scales that are largest next to it and smaller further
away. Three markers at sigma_b squared = {{ signal_propagation.sigma_b2 }} show the ordered,
critical and chaotic networks of the next figure.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.experiments import signal_propagation as signal
from vanishing_site import runs
from vanishing_site.style import MUTED, TEXT, ramp

# Depth scales (layers) drawn as contour lines.
LEVELS = (2, 5, 10, 30)
# The phases of a tanh network, from ordered to chaotic: shades of the tanh's colour.
PHASE_COLORS = dict(zip(signal.PHASES, ramp(3, "tanh"), strict=True))


def figure():
    diagram = runs.signal_phase_diagram()
    grid_w, grid_b = np.meshgrid(diagram.sigma_w2, diagram.sigma_b2)
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    lines = ax.contour(grid_w, grid_b, diagram.xi_c, levels=LEVELS, colors=MUTED, linewidths=0.8)
    ax.clabel(lines, fmt=lambda level: f"ξc = {level:g}")
    ax.plot(diagram.boundary_sigma_w2, diagram.boundary_sigma_b2, color=TEXT, linewidth=2.6)
    middle = len(diagram.boundary_sigma_b2) // 2
    ax.annotate("edge of chaos, χ₁ = 1", (diagram.boundary_sigma_w2[middle],
                diagram.boundary_sigma_b2[middle]), xytext=(8, 0), textcoords="offset points",
                color=TEXT, va="center", fontweight="bold")  # fmt: skip
    ax.text(0.03, 0.95, "ordered phase\nχ₁ < 1", transform=ax.transAxes, color=TEXT, va="top")
    ax.text(0.98, 0.4, "chaotic phase\nχ₁ > 1", transform=ax.transAxes, color=TEXT, va="top",
            ha="right")  # fmt: skip
    for phase, sigma_w2 in signal.phase_sigma_w2().items():
        ax.plot(sigma_w2, signal.SIGMA_B2, "o", color=PHASE_COLORS[phase], markersize=7)
        ax.annotate(phase, (sigma_w2, signal.SIGMA_B2), xytext=(0, -11), textcoords="offset points",
                    color=PHASE_COLORS[phase], ha="center", va="top")  # fmt: skip
    ax.set_xlabel("weight variance σw² (Var(w) = σw² / N)")
    ax.set_ylabel("bias variance σb²")
    ax.set_xlim(diagram.sigma_w2[0], diagram.sigma_w2[-1])
    ax.set_ylim(diagram.sigma_b2[0], diagram.sigma_b2[-1])
    # One table: the grid's points, then the boundary's, where chi_1 = 1 and xi_c is infinite.
    boundary = np.ones_like(diagram.boundary_sigma_w2)
    data = {
        "point": ["grid"] * grid_w.size + ["edge"] * boundary.size,
        "sigma_w2": np.concatenate([grid_w.ravel(), diagram.boundary_sigma_w2]),
        "sigma_b2": np.concatenate([grid_b.ravel(), diagram.boundary_sigma_b2]),
        "chi1": np.concatenate([diagram.chi1.ravel(), boundary]),
        "xi_c": np.concatenate([diagram.xi_c.ravel(), np.inf * boundary]),
    }
    return fig, data
