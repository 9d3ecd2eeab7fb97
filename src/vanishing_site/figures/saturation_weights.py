r"""Large weights saturate tanh and sigmoid units.

The fraction of saturated units (slope below 1% of the function's largest slope) in 5-layer
networks of 128 units, at initialisation, when the weights are drawn from
\(N(0, s^2/n_\text{in})\) for the scale \(s\) across the bottom; \(s = 1\) is LeCun's
initialisation. Doubling the weights a few times is enough to push most tanh units into the
flat tails, where they pass back almost no gradient; the sigmoid, whose slope falls more
gently, needs larger weights for the same.

Alt: A line chart with the weight scale s on a logarithmic axis from 0.25 to 32 and the
fraction of saturated units from 0 to 1. Both curves are at 0 up to s = 1. The tanh curve
rises to about 0.41 at s = 4, 0.85 at 16 and 0.92 at 32; the sigmoid curve rises later, to
about 0.04 at 4, 0.6 at 16 and 0.79 at 32. A dotted line marks s = 1.
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
