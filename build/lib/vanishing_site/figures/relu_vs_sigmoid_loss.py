r"""Training the same network with ReLU and with sigmoid units.

The training loss (cross-entropy on the 300 spiral points) after each epoch of SGD, for the
8-layer networks of the figure above. The ReLU network drives the loss down by three orders of
magnitude, with a few setbacks on the way; the sigmoid network stays at \(\ln 3\), the loss of
guessing each of the three classes with probability 1/3, for the whole run.

Alt: A line chart with epochs 0 to 30 across and the training loss on a logarithmic axis. The
sigmoid line stays flat at about 1.1, on a dotted line marking ln 3. The ReLU line starts at
about 1.2, falls unevenly with spikes near epochs 5, 9, 12 and 17, and from epoch 18
declines smoothly to about 0.001 at epoch 30.
"""

import math

from vanishing import experiments
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels
from vanishing_site.style import MUTED


def figure():
    result = experiments.relu_vs_sigmoid_training()
    data = {"epoch": result["epoch"]}
    fig, (ax,) = panels([""], "training loss (cross-entropy)")
    for activation in ("relu", "sigmoid"):
        data[activation] = result[activation]["loss"]
        ax.plot(
            data["epoch"], data[activation], label=label(activation), **ACTIVATION_STYLE[activation]
        )
    n_classes = 3  # the spirals' classes
    ax.axhline(math.log(n_classes), color=MUTED, ls=":", lw=1, label="ln 3: a uniform guess")
    ax.set_xlabel("epoch")
    ax.legend()
    return fig, data
