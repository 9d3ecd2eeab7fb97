r"""Training with clipping by norm.

The clipped runs of the ReLU network at gain {{ exploding_gradients.relu_gain }} over all their
SGD steps: the training loss and the gradient's norm before clipping (lines: medians over
{{ exploding_gradients.seed_count }} seeds, bands: their range), with the clipping threshold
dotted.

Alt: A chart with SGD steps 0 to {{ exploding_gradients.clip_steps }} across and a logarithmic
axis. The gradient-norm band starts around
{{ exploding_gradients.initial_grad_norm_geometric }}, declines unevenly and stays mostly above
the dotted threshold at {{ exploding_gradients.clip_max_norm }} until late in the run, when it
scatters around and below it; the loss band falls from between
{{ exploding_gradients.initial_loss_range }} at the start to a median near
{{ exploding_gradients.clipped_final_loss_median }} at the end.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing_site import runs
from vanishing_site.style import MUTED, ramp

# Series of one relu network (or of its kind): shades of the relu's colour, deepest first.
SHADES = ramp(3, "relu")[::-1]


def figure():
    result = runs.clipping()
    # grad_norm[:, k] belongs to step k + 1; step 0's evaluation is paired with step 1's gradient.
    grad = result.grad_norm[:, np.maximum(result.steps, 1) - 1]
    data = {"step": result.steps}
    fig, ax = plt.subplots(layout="constrained")
    series = (
        ("loss", result.clipped_loss, SHADES[0], "training loss"),
        ("grad_norm", grad, SHADES[2], "gradient norm before clipping"),
    )
    for name, values, colour, text in series:
        median = np.median(values, axis=0)
        low, high = values.min(axis=0), values.max(axis=0)
        data |= {name: median, f"{name}_low": low, f"{name}_high": high}
        ax.fill_between(result.steps, low, high, color=colour, alpha=0.25, lw=0)
        ax.plot(result.steps, median, color=colour, label=text)
    ax.axhline(result.max_norm, color=MUTED, ls=":", lw=1.2, label="clipping threshold")
    ax.set_yscale("log")
    ax.set_xlabel("SGD step")
    ax.legend(loc="lower left")
    return fig, data
