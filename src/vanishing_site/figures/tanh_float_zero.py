r"""Where tanh's slope becomes exactly zero in floating point.

\(1 - \tanh^2(x)\), the formula every framework uses for tanh's slope, evaluated in float32 and
in float64 and drawn on a logarithmic axis. Each curve ends where \(\tanh(x)\) rounds to
exactly 1 and the slope to exactly 0.0 (dashed lines): at \(x = 10\) in float32 and near
\(x = 19\) in float64. The hollow circles mark the true slope at those points, which is small
but far from the smallest representable number. In float32 the last nonzero values sit on a
plateau: \(\tanh(x)\) stays at the float just below 1 for a while before it jumps to 1.

Alt: A chart with x from 0 to 22 across and the slope on a logarithmic axis from 1e-17 to 1.
Both curves fall as straight lines. The float32 curve flattens at about 1e-7 from x near 8.7
and stops at x = 10, marked by a dashed line, with a hollow circle at about 8e-9 for the true
slope. The float64 curve continues down to about 2e-16 and stops just before x = 19, with a
hollow circle at about 1.3e-16.
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
