r"""Where tanh's slope becomes exactly zero in floating point.

\(1 - \tanh^2(x)\), the formula every framework uses for tanh's slope, evaluated in float32 and
float64: each curve ends (dashed line) where \(\tanh(x)\) rounds to exactly 1, and the hollow
circles mark the true slope there.

Alt: A chart with x from 0 across and the slope on a logarithmic axis. Both curves fall as
straight lines. The float32 curve flattens at about {{ dead_neurons.tanh_last_slope_float32 }}
shortly before its end and stops at x = {{ dead_neurons.tanh_zero_float32 }}, marked by a dashed
line, with a hollow circle at {{ dead_neurons.tanh_true_slope_float32 }} for the true slope. The
float64 curve continues down to {{ dead_neurons.tanh_last_slope_float64 }} and stops at x =
{{ dead_neurons.tanh_zero_float64 }}, with a hollow circle at
{{ dead_neurons.tanh_true_slope_float64 }}.
"""

import numpy as np

from vanishing.activations import tanh_prime
from vanishing_site import runs
from vanishing_site.figures._profiles import panels
from vanishing_site.style import TEXT, ramp

# Series of one tanh network (or of its kind): shades of the tanh's colour, deepest first.
SHADES = ramp(2, "tanh")[::-1]


def figure():
    thresholds = runs.thresholds()
    x = np.linspace(0, 22, 441)
    data = {"x": x}
    fig, (ax,) = panels([""], "1 − tanh²(x) as computed")
    ax.set_xlabel("x")
    for dtype, colour in (("float32", SHADES[1]), ("float64", SHADES[0])):
        slope = tanh_prime(x.astype(dtype)).astype(np.float64)
        data[dtype] = slope
        # Exact zeros are kept in the data but cannot be drawn on a log axis.
        ax.plot(x, np.where(slope > 0, slope, np.nan), color=colour, label=dtype)
        at = thresholds.sel(activation="tanh", dtype=dtype)
        ax.axvline(at.threshold, color=colour, ls="--", lw=1)
        ax.plot(at.threshold, at.true_slope, "o", mfc="none", color=colour, zorder=3)
        left = dtype == "float64"  # keep the label inside the axes
        ax.annotate(
            f"{dtype}: exactly 0.0\nfrom x = {at.threshold:.4g}",
            (at.threshold, 1e-5 if left else 1e-2),
            xytext=(-5 if left else 5, 0),
            textcoords="offset points",
            ha="right" if left else "left",
            color=TEXT,
        )
    ax.plot([], [], "o", mfc="none", color=TEXT, label="true slope at the threshold")
    ax.set_xlim(0, x[-1])
    ax.set_ylim(1e-17, 2)
    ax.legend(loc="lower left")
    return fig, data
