r"""Zeros do not make a dense matrix product faster.

The best time on one core of one layer's product \(h W^\top\), shapes
{{ relu_vs_sigmoid.matmul_shape }}, with a fraction of the entries of \(h\) exactly zero at
random places (left bar of each pair) and with that fraction of its columns removed (right bar):
compare the left bars with each other.

Alt: A bar chart with the fraction of zeros ({{ relu_vs_sigmoid.matmul_zero_fractions }}) across
and milliseconds up the side. The dense bars are all about the same height. The bars for the
product with the zero columns removed shrink with the fraction of columns that is left, down to
about 1/{{ relu_vs_sigmoid.matmul_dropped_speedup }} of the dense bar at
{{ relu_vs_sigmoid.matmul_zero_largest }}.
"""

import numpy as np

from vanishing_site.buildcache import data_file
from vanishing_site.figures._profiles import panels
from vanishing_site.measurements import load
from vanishing_site.style import ramp

# Series of one relu network (or of its kind): shades of the relu's colour, deepest first.
SHADES = ramp(3, "relu")[::-1]

TIMINGS = load(data_file("benchmarks/results/sparse_matmul.json"))


def figure():
    fractions = np.asarray(TIMINGS["zero_fractions"])
    dense = 1e3 * np.asarray(TIMINGS["dense_seconds"])
    dropped = 1e3 * np.asarray(TIMINGS["dropped_seconds"])
    x = np.arange(len(fractions))
    fig, (ax,) = panels([""], "milliseconds per product", log=False)
    ax.bar(x - 0.2, dense, width=0.4, color=SHADES[0], label="dense product, zeros kept")
    ax.bar(x + 0.2, dropped, width=0.4, color=SHADES[2], label="zero columns removed")
    ax.set_xticks(x, [f"{f:.0%}" for f in fractions])
    ax.set_xlabel("fraction of the activations h exactly 0")
    ax.grid(axis="x", visible=False)
    ax.set_ylim(0, 1.1 * dense.max())
    fig.legend(loc="outside lower center", ncols=1)
    return fig, {"zero_fraction": fractions, "dense_ms": dense, "dropped_ms": dropped}
