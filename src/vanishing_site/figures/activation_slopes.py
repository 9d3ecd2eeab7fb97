r"""The slopes of sigmoid, tanh and ReLU side by side.

The three derivatives on one axis: compare the sigmoid's low bell with tanh's narrow peak and
ReLU's step, both reaching 1.

Alt: Three derivative curves over x from {{ activations.curve_range }}. The sigmoid's (solid) is
a low, wide bell with its top at {{ activations.sigmoid_prime_max }} at x = 0. The tanh's
(dash-dot) is a narrow bell reaching 1 at x = 0 and nearly 0 beyond x =
±{{ activations.tanh_saturation_onset }}. ReLU's (dashed) is a step from 0 to 1 at the origin,
with a filled dot at (0, 0) and a hollow dot at (0, 1).
"""

import matplotlib.pyplot as plt

from vanishing_site.figures._curves import X, draw, formula, values
from vanishing_site.style import activation_colour

CURVES = (("sigmoid", "-"), ("tanh", "-."), ("relu", "--"))


def figure():
    data = {"x": X}
    fig, ax = plt.subplots(layout="constrained")
    for name, style in CURVES:
        data[f"{name}_prime"] = values(name, derivative=True)
        draw(ax, data[f"{name}_prime"], color=activation_colour(name), linestyle=style,
             label=formula(name, derivative=True))  # fmt: skip
    ax.set_xlabel("x (the unit's pre-activation)")
    ax.set_ylabel("slope φ′(x)")
    ax.legend(loc="upper left")
    return fig, data
