r"""Dead units can come back, unless nothing below them moves.

Per hidden layer, the units dead before training (pale bars), how many of them were alive again
after it (dark bars) and the units dead after training (dots), for the network with every hidden
bias shifted by {{ dead_neurons.recovery_shift }} and trained for
{{ dead_neurons.recovery_epochs }} epochs.

Alt: A bar chart with the hidden layers across and a number of units (of
{{ dead_neurons.network_width }}) up the side. Pale bars give the dead units before training:
{{ dead_neurons.recovery_dead_per_layer }}. Dark bars give how many of them came back:
{{ dead_neurons.recovery_revived_per_layer }}. Dots give the dead units after training.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import panels
from vanishing_site.style import TEXT, ramp

# Series of one relu network (or of its kind): shades of the relu's colour, deepest first.
SHADES = ramp(3, "relu")[::-1]


def figure():
    result = runs.recovery()
    layers = result.layers
    fig, (ax,) = panels([""], "units (of 64)", log=False)
    ax.bar(
        layers - 0.2,
        result.dead_before,
        width=0.4,
        color=SHADES[2],
        alpha=0.55,
        label="dead before training",
    )
    ax.bar(
        layers + 0.2,
        result.revived,
        width=0.4,
        color=SHADES[2],
        label="of those, alive after training",
    )
    ax.plot(layers, result.dead_after, "o", color=TEXT, markersize=4, label="dead after training")
    ax.set_xticks(layers)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left")
    keys = ("dead_before", "revived", "dead_after", "frozen")
    return fig, {"layer": layers, **{k: getattr(result, k) for k in keys}}
