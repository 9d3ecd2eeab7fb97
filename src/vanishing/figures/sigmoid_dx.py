r"""The derivative of the sigmoid.

\(\sigma'(x) = \sigma(x)\,(1-\sigma(x))\) is largest at \(x = 0\), where it is exactly
\(1/4\), and falls towards zero on both sides: a unit far from zero passes almost no
gradient back.

Alt: A bell-shaped curve over x from -8 to 8 that peaks at 0.25 at x = 0, marked by a
dotted line, and is close to zero beyond x = ±6.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.activations import sigmoid_prime
from vanishing.style import MUTED


def figure():
    x = np.linspace(-8, 8, 321)
    data = {"x": x, "sigmoid_prime": sigmoid_prime(x)}
    fig, ax = plt.subplots()
    ax.plot(x, data["sigmoid_prime"], label="σ′(x)", color="#d55e00")
    ax.axhline(0.25, linestyle=":", linewidth=1, color=MUTED)
    ax.annotate("maximum 1/4 at x = 0", (0, 0.25), xytext=(1.5, 0.22))
    ax.set_xlabel("x")
    ax.set_ylabel("σ′(x)")
    return fig, data
