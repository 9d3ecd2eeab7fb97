r"""GELU and SiLU, the smooth relatives of ReLU.

Both follow ReLU (grey) far from the origin but are smooth through it and dip below zero for
negative inputs; their slopes (right) rise above the dotted line at 1 only away from the origin.

Alt: Two panels over x from {{ activations.curve_range }}. Left: the functions. GELU (solid) and
SiLU (dashed) follow ReLU (grey) for large |x|, with shallow dips below zero just left of the
origin, to {{ activations.gelu_minimum }} for GELU and {{ activations.silu_minimum }} for SiLU.
Right: their derivatives, which start near 0 on the left, dip slightly below zero, pass one half
at x = 0, cross 1 at about x = {{ activations.gelu_slope_above_one_from }} and
{{ activations.silu_slope_above_one_from }}, peak a little above 1 (at
{{ activations.gelu_max_slope }} and {{ activations.silu_max_slope }}) and settle back to 1; a
dotted line marks slope 1.
"""

import matplotlib.pyplot as plt

from vanishing_site.figures._curves import X, formula, values
from vanishing_site.figures._labels import label_ends
from vanishing_site.style import MUTED, activation_colour


def figure():
    data = {"x": X}
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 3.2), layout="constrained")
    left.plot(X, values("relu"), color=MUTED, linewidth=1, label=formula("relu"))
    right.axhline(1, linestyle=":", linewidth=1, color=MUTED)
    for name, style in (("gelu", "-"), ("silu", "--")):
        colour = activation_colour(name)
        data[name], data[f"{name}_prime"] = values(name), values(name, derivative=True)
        left.plot(X, data[name], color=colour, linestyle=style, label=formula(name))
        right.plot(X, data[f"{name}_prime"], color=colour, linestyle=style,
                   label=formula(name, derivative=True))  # fmt: skip
    # Close in on the origin, where the two dip below zero and part from ReLU.
    left.set_xlim(-4, 2)
    left.set_ylim(-0.4, 2)
    left.set_title("the functions, near 0")
    right.set_title("their slopes")
    for ax in (left, right):
        ax.set_xlabel("x")
    at = X <= 2
    label_ends(left, [(line.get_label(), 2, line.get_ydata()[at][-1], line.get_color())
                      for line in left.get_lines()], gap=0.11)  # fmt: skip
    label_ends(right, right.get_lines()[1:], gap=0.11)
    return fig, data
