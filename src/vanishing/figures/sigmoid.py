r"""The sigmoid.

The logistic sigmoid \(\sigma(x) = 1/(1+e^{-x})\) squashes every input into the interval
\((0, 1)\) and passes \(1/2\) at \(x = 0\). Far from zero it is flat: it saturates.

Alt: An S-shaped curve over x from -8 to 8 rising from 0 to 1, passing 0.5 at x = 0 and
almost flat beyond x = ±5.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.activations import sigmoid


def figure():
    x = np.linspace(-8, 8, 321)
    data = {"x": x, "sigmoid": sigmoid(x)}
    fig, ax = plt.subplots()
    ax.plot(x, data["sigmoid"], label="σ(x)")
    ax.set_xlabel("x")
    ax.set_ylabel("σ(x)")
    return fig, data
