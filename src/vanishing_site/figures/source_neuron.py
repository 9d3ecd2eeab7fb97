r"""The worked example on the slope curves.

The slopes of tanh and ReLU on a logarithmic axis, with the example neuron's pre-activation
marked before the large update (\(z = {{ dead_neurons.z }}\)) and after it: compare tanh's two
slopes, and see the triangle at the bottom stand for ReLU's exact zero, which a logarithmic axis
cannot show.

Alt: A chart of slope against the pre-activation z, symmetric about 0, on a logarithmic vertical
axis spanning many decades. The tanh slope is a peak of height 1 at z = 0 falling steeply
towards both ends; dots mark {{ dead_neurons.tanh_prime_at_z }} at z = {{ dead_neurons.z }} and
{{ dead_neurons.tanh_prime_at_10 }} at the two large pre-activations after the update, one on
each side. The ReLU slope is a flat line at 1 for z > 0; a triangle at the bottom edge, at the
large negative pre-activation, marks its slope of exactly 0.
"""

import numpy as np

from vanishing.activations import relu_prime, tanh_prime
from vanishing_site import runs
from vanishing_site.figures._profiles import ACTIVATION_STYLE, panels
from vanishing_site.style import TEXT, superscript


def figure():
    example = runs.neuron()
    z = np.linspace(-12, 12, 241)
    data = {"z": z, "tanh_prime": tanh_prime(z), "relu_prime": relu_prime(z)}
    fig, (ax,) = panels([""], "slope φ′(z)")
    ax.set_xlabel("pre-activation z")
    ax.plot(z, data["tanh_prime"], label="tanh′(z) = 1 − tanh²(z)", **ACTIVATION_STYLE["tanh"])
    positive = z > 0  # ReLU's slope is 0 elsewhere, which a log axis cannot draw
    ax.plot(z[positive], data["relu_prime"][positive], label="ReLU′(z)", **ACTIVATION_STYLE["relu"])
    ax.set_ylim(1e-11, 10)
    points = [(example.z, example.tanh_prime)]
    points += list(zip(example.z_large, example.tanh_prime_large, strict=True))
    for zi, slope in points:
        ax.plot(zi, slope, "o", color=ACTIVATION_STYLE["tanh"]["color"], zorder=3)
        mantissa, exponent = f"{slope:.1e}".split("e")
        value = (
            f"{slope:.2f}" if slope > 0.01 else f"{mantissa}×10{superscript(str(int(exponent)))}"
        )
        # Each label goes under the curves, which leave the middle of the plot free: the one
        # near the peak straight below it, with an arrow, the others beside their points.
        text = f"z = {zi:g}".replace("-", "−") + f"\nslope {value}"
        if zi == example.z:
            ax.annotate(text, (zi, slope), xytext=(zi, 1e-4), ha="center", va="top", color=TEXT,
                        arrowprops={"arrowstyle": "-", "color": TEXT, "lw": 0.8})  # fmt: skip
        else:
            ax.annotate(text, (zi, slope), xytext=(-10 if zi > 0 else 10, -4),
                        textcoords="offset points", ha="right" if zi > 0 else "left", va="top",
                        color=TEXT)  # fmt: skip
    bottom = ax.get_ylim()[0]
    relu = ACTIVATION_STYLE["relu"]["color"]
    ax.plot(example.relu_z, bottom, "v", color=relu, clip_on=False, zorder=3)
    ax.annotate(
        f"ReLU′({example.relu_z:g}) = {example.relu_prime:g} exactly".replace("-", "−"),
        (example.relu_z, bottom),
        xytext=(0.5, 0.03),  # at the bottom, between the labels of the two far points
        textcoords="axes fraction",
        ha="center",
        color=TEXT,
        arrowprops={"arrowstyle": "-", "color": TEXT, "lw": 0.8, "shrinkB": 6},
    )
    # The curves named beside them, in their colours.
    tanh = ACTIVATION_STYLE["tanh"]["color"]
    ax.annotate("tanh′(z)", (-4, tanh_prime(-4.0)), xytext=(-8, 6), textcoords="offset points",
                ha="right", color=tanh)  # fmt: skip
    ax.annotate("ReLU′(z)", (z[-1], 1), xytext=(0, 5), textcoords="offset points", ha="right",
                va="bottom", color=relu)  # fmt: skip
    return fig, data
