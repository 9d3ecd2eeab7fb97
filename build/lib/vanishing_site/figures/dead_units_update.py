r"""One large step kills ReLU units.

The fraction of dead units (zero on all 300 training points) in a 6-layer ReLU network of 64
units, He-initialised, after a single full-batch SGD step with the learning rate across the
bottom. Before the step some units are already dead (the dotted line). Small steps leave them
as they are; from a rate of about 0.3 the step pushes more and more biases and weights to where
the unit is negative on every input. Deeper layers die first.

Alt: A line chart with the learning rate on a logarithmic axis from 0.01 to 10 and the
fraction of dead units from 0 to 1. The mean over layers is flat at about 0.11 up to a rate of
0.1 and rises to about 0.4 at 10. The last layer rises from about 0.2 to 0.56, the first layer
stays at 0 and reaches about 0.03 at a rate of 10. A dotted line at 0.11 marks the network
before the step.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import dead_fractions
from vanishing_site.style import MUTED


def figure():
    result = experiments.dead_units_after_update()
    fig, ax = dead_fractions(
        result["learning_rates"],
        result["dead_per_layer"],
        "learning rate of the one step",
        log_x=True,
    )
    ax.axhline(result["dead_before"], color=MUTED, ls=":", lw=1)
    ax.annotate(
        "before the step",
        (result["learning_rates"][0], result["dead_before"]),
        xytext=(0, 4),
        textcoords="offset points",
        color=MUTED,
    )
    data = {"learning_rate": result["learning_rates"], "dead_mean": result["dead"]}
    data |= {
        f"dead_layer_{i + 1}": result["dead_per_layer"][:, i]
        for i in range(result["dead_per_layer"].shape[1])
    }
    return fig, data
