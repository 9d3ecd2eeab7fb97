r"""Training the same network with ReLU and with sigmoid units.

The training loss (cross-entropy on the spirals) after each epoch of SGD, for the networks of
[[fig:relu_vs_sigmoid_gradient_flow]] drawn from seed 0: compare the ReLU line with the sigmoid
line, which never leaves \(\ln 3\), the loss of a uniform guess.

Alt: A line chart with epochs 0 to {{ relu_vs_sigmoid.epochs }} across and the training loss on
a logarithmic axis. The sigmoid line stays flat on a dotted line marking the loss of a uniform
guess, {{ relu_vs_sigmoid.chance_loss }}, ending at {{ relu_vs_sigmoid.sigmoid_final_loss }}.
The ReLU line starts near it, falls unevenly with a few spikes, and ends at
{{ relu_vs_sigmoid.relu_final_loss }}.
"""

import math

from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels
from vanishing_site.style import MUTED


def figure():
    result = runs.training()
    data = {"epoch": result.epoch}
    fig, (ax,) = panels([""], "training loss (cross-entropy)")
    for activation in ("relu", "sigmoid"):
        data[activation] = result.history(activation).loss
        ax.plot(
            data["epoch"], data[activation], label=label(activation), **ACTIVATION_STYLE[activation]
        )
    n_classes = 3  # the spirals' classes
    ax.axhline(math.log(n_classes), color=MUTED, ls=":", lw=1, label="ln 3: a uniform guess")
    ax.set_xlabel("epoch")
    ax.legend()
    return fig, data
