r"""Leaky ReLU and its derivative.

Leaky ReLU (solid) lets a slope \(\alpha\) through for negative inputs, so its derivative
(dashed) is never zero.

Alt: Two curves over x from {{ activations.curve_range }}. The solid line is almost flat but
slightly negative for negative x and rises with slope 1 for positive x. The dashed derivative is
a step from {{ activations.leaky_relu_negative_slope }} for negative x, with a filled dot at (0,
{{ activations.leaky_relu_negative_slope }}) and a hollow dot at (0, 1), to 1 for positive x.
"""

from vanishing_site.figures._curves import X, values, with_derivative
from vanishing_site.style import activation_colour


def figure():
    fig, data = with_derivative("leaky_relu")
    # At this scale the left half looks like ReLU's: an inset shows the small slope there.
    inset = fig.axes[0].inset_axes([0.16, 0.5, 0.36, 0.34])
    left = X <= 0
    colour = activation_colour("leaky_relu")
    for y, style in ((values("leaky_relu"), "-"), (values("leaky_relu", True), "--")):
        inset.plot(X[left], y[left], color=colour, linestyle=style)
    inset.set_xlim(X[0], 0)
    inset.set_ylim(-0.07, 0.02)
    inset.set_xticks([-6, -3, 0])
    inset.set_yticks([-0.06, 0])
    inset.set_title("x < 0, magnified")
    return fig, data
