r"""Dead units can come back, unless nothing below them moves.

The 6-layer ReLU network with every hidden bias shifted by −0.5, which kills units in every
layer, then trained by SGD for 30 epochs. Per layer: how many units were dead before training,
and how many of those were alive again after it. A dead unit's own weights get no gradient,
but the layers below it keep learning, so its inputs move and may make it positive again. The
first layer's inputs are the data, which never move: its dead unit stays dead, its weights
bit for bit unchanged.

Alt: A bar chart with hidden layers 1 to 6 across and a number of units (of 64) up the side.
Pale bars give the dead units before training: 1, 10, 13, 18, 20 and 37. Dark bars give how
many of them came back: 0, 0, 4, 8, 8 and 22. Dots give the dead units after training.
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
