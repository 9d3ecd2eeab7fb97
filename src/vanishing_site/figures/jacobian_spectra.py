r"""Singular values of the input–output Jacobian, orthogonal against Gaussian weights.

Each curve is the singular values from largest to smallest, at each rank the median over
{{ signal_propagation.seeds }} networks with a band from the smallest to the largest; below the
grey line, float64 rounding swamps them.

Alt: Two charts with the singular values on a logarithmic axis against their rank. Left, linear
networks of {{ signal_propagation.linear_depth }} layers: with orthogonal weights every singular
value is 1, a flat line; with Gaussian weights they fall steeply from above 1 through many
decades into the rounding floor. Right, tanh networks of {{ signal_propagation.tanh_depth }}
layers at the edge of chaos: orthogonal weights with a near-zero bias variance stay close to 1;
orthogonal weights with bias variance {{ signal_propagation.sigma_b2 }} and Gaussian weights
both fall over many decades.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.experiments import signal_propagation as signal
from vanishing_site import runs
from vanishing_site.style import MUTED, ramp

# Each panel's networks in shades of its activation's colour (linear, tanh), deepest first.
LINEAR = ramp(2, "linear")[::-1]
TANH = ramp(3, "tanh")[::-1]

PANELS = {
    "linear units": ("linear_orthogonal", "linear_gaussian"),
    "tanh at the edge of chaos": (
        "tanh_small_bias_orthogonal",
        "tanh_bias_orthogonal",
        "tanh_small_bias_gaussian",
    ),
}
STYLE = {
    "linear_orthogonal": (LINEAR[0], "orthogonal"),
    "linear_gaussian": (LINEAR[1], "Gaussian"),
    "tanh_small_bias_orthogonal": (TANH[0], "orthogonal, σb² ≈ 0"),
    "tanh_bias_orthogonal": (TANH[2], f"orthogonal, σb² = {signal.SIGMA_B2:g}"),
    "tanh_small_bias_gaussian": (TANH[1], "Gaussian, σb² ≈ 0"),
}
# Every curve is drawn at these quantiles of the rank, so networks of different widths share
# one column of the data.
RANKS = np.linspace(0.0, 1.0, 65)


def figure():
    spectra = runs.jacobian_spectra()
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4), sharey=True, layout="constrained")
    data = {"rank_fraction": RANKS}
    for ax, (title, names) in zip(axes, PANELS.items(), strict=True):
        for name in names:
            case, values = spectra.sel(name)
            colour, label = STYLE[name]
            # Singular values are sorted descending per seed; pick each seed's value at RANKS.
            picked = values[:, np.round(RANKS * (case.width - 1)).astype(int)]
            median = np.median(picked, axis=0)
            ax.fill_between(RANKS, picked.min(axis=0), picked.max(axis=0), color=colour,
                            alpha=0.25, linewidth=0)  # fmt: skip
            ax.plot(RANKS, median, color=colour, label=f"{label}, {case.depth} layers")
            data |= {f"{name}_median": median, f"{name}_min": picked.min(axis=0),
                     f"{name}_max": picked.max(axis=0)}  # fmt: skip
        ax.axhline(signal.FLOAT_FLOOR, color=MUTED, linestyle=":", linewidth=1)
        ax.set_yscale("log")
        ax.set_ylim(signal.FLOAT_FLOOR / 1e3, 1e2)
        ax.set_title(title)
        ax.set_xlabel("rank ÷ width")

    axes[0].set_ylabel("singular value of J")
    # One legend under both panels, where the curves cannot run into it.
    fig.legend(loc="outside lower center", ncols=1)
    return fig, data
