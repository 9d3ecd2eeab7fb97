r"""A negative bias shift kills ReLU units.

The fraction of dead units in the first and last hidden layers and on average when every hidden
bias is moved by the shift across the bottom (for scale: He's initialisation gives the
pre-activations a spread near \(\sqrt 2\)); watch the last layer die first.

Alt: A line chart with the bias shift across, from 0 on the left to increasingly negative
values, and the fraction of dead units from 0 to 1. The mean over layers rises from
{{ dead_neurons.dead_before }} at 0 to {{ dead_neurons.dead_at_shift_1 }} at a shift of −1 and
{{ dead_neurons.dead_at_shift_3 }} at the largest shift. The last layer reaches 1 at a shift of
−1, while the first layer rises slowly, to {{ dead_neurons.first_layer_dead_at_shift_3 }} at the
largest shift.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import dead_fractions


def figure():
    result = runs.dead_after_shift()
    fig, ax = dead_fractions(
        result.shifts, result.dead_per_layer, "shift added to every hidden bias"
    )
    ax.invert_xaxis()
    data = {"shift": result.shifts, "dead_mean": result.dead}
    data |= {
        f"dead_layer_{i + 1}": result.dead_per_layer[:, i]
        for i in range(result.dead_per_layer.shape[1])
    }
    return fig, data
