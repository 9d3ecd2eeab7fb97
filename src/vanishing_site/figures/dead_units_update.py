r"""One large step kills ReLU units.

The fraction of dead units, zero on every training point, in the first and last hidden layers
and on average, after a single full-batch SGD step with the learning rate across the bottom; the
dotted line is the network before the step.

Alt: A line chart with the learning rate on a logarithmic axis and the fraction of dead units
from 0 to 1. The mean over layers is flat at {{ dead_neurons.dead_before }} for small rates and
rises to {{ dead_neurons.dead_at_lr_10 }} at the largest rate. The last layer rises furthest, to
{{ dead_neurons.dead_last_layer_at_lr_10 }}; the first layer stays near 0 throughout. A dotted
line marks the network before the step.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import dead_fractions
from vanishing_site.style import MUTED


def figure():
    result = runs.dead_after_update()
    fig, ax = dead_fractions(
        result.learning_rates,
        result.dead_per_layer,
        "learning rate of the one step",
        log_x=True,
    )
    ax.axhline(result.dead_before, color=MUTED, ls=":", lw=1)
    ax.annotate(
        "before the step",
        (result.learning_rates[0], result.dead_before),
        xytext=(0, 4),
        textcoords="offset points",
        color=MUTED,
    )
    data = {"learning_rate": result.learning_rates, "dead_mean": result.dead}
    data |= {
        f"dead_layer_{i + 1}": result.dead_per_layer[:, i]
        for i in range(result.dead_per_layer.shape[1])
    }
    return fig, data
