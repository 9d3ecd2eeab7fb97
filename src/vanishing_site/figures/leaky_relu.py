r"""Leaky ReLU and its derivative.

Leaky ReLU keeps ReLU's identity for \(x > 0\) but lets a small slope through for
\(x < 0\) (the library's default, as in PyTorch, is 0.01). Its derivative is never zero,
so no unit can stop receiving gradient altogether.

Alt: Two curves over x from -6 to 6. The solid line is almost flat but slightly negative
for negative x (-0.06 at x = -6) and rises with slope 1 for positive x. The dashed
derivative is a step from 0.01 for negative x, with a filled dot at (0, 0.01) and a hollow
dot at (0, 1), to 1 for positive x.
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
