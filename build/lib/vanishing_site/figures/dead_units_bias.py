r"""A negative bias shift kills ReLU units.

The same 6-layer ReLU network, with every hidden bias moved by the shift across the bottom
(for scale: He's initialisation gives the pre-activations a spread near \(\sqrt 2\)). A
shift of −1 already kills most units of the upper layers; the deepest layers die completely
first, and once a whole layer is dead no gradient passes it at all.

Alt: A line chart with the bias shift from 0 to -3 across (0 on the left) and the fraction
of dead units from 0 to 1. The mean over layers rises from about 0.11 at 0 to about 0.64 at
-1 and 0.95 at -3. The last layer reaches 1 at a shift of -1, the first layer rises slowly to
about 0.72 at -3.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import dead_fractions


def figure():
    result = experiments.dead_units_after_bias_shift()
    fig, ax = dead_fractions(
        result["shifts"], result["dead_per_layer"], "shift added to every hidden bias"
    )
    ax.invert_xaxis()
    data = {"shift": result["shifts"], "dead_mean": result["dead"]}
    data |= {
        f"dead_layer_{i + 1}": result["dead_per_layer"][:, i]
        for i in range(result["dead_per_layer"].shape[1])
    }
    return fig, data
