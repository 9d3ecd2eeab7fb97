r"""Large weights saturate tanh and sigmoid units.

The fraction of saturated units (slope below {{ activations.saturation_level }} of the
function's largest) at initialisation, with weights drawn from \(N(0, s^2/n_\text{in})\) for the
scale \(s\) across the bottom; the dotted line is LeCun's initialisation, \(s = 1\).

Alt: A line chart with the weight scale s on a logarithmic axis, from below LeCun's scale to far
above it, and the fraction of saturated units from 0 to 1. Both curves are at or near 0
up to s = 1 (at most {{ dead_neurons.saturated_at_lecun }}). The tanh curve rises to
{{ dead_neurons.tanh_saturated_at_4 }} at four times LeCun's scale and
{{ dead_neurons.tanh_saturated_at_16 }} at sixteen times; the sigmoid curve rises later, to
{{ dead_neurons.sigmoid_saturated_at_16 }} at sixteen times. A dotted line marks s = 1.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, label, panels
from vanishing_site.style import MUTED


def figure():
    result = runs.saturation()
    data = {"scale": result.scales}
    fig, (ax,) = panels([""], "fraction of saturated units", log=False)
    for activation in result.activations:
        data[activation] = result.sel(activation=activation).saturated
        ax.plot(
            data["scale"],
            data[activation],
            marker="o",
            markersize=4,
            label=label(activation),
            **ACTIVATION_STYLE[activation],
        )
    ax.axvline(1, color=MUTED, ls=":", lw=1)
    ax.annotate("LeCun", (1, 0.95), xytext=(4, 0), textcoords="offset points", color=MUTED)
    ax.set_xscale("log", base=2)
    ax.set_xticks(data["scale"], [f"{s:g}" for s in data["scale"]])
    ax.set_xlabel("weight scale s (weights ~ N(0, s²/nᵢₙ))")
    ax.set_ylim(0, 1.02)
    ax.legend(loc="center left")
    return fig, data
