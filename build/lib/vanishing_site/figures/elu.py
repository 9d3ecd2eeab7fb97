r"""ELU and its derivative.

The exponential linear unit is \(x\) for \(x > 0\) and \(e^{x} - 1\) below (with the
default \(\alpha = 1\)). It bends smoothly down towards \(-1\) instead of stopping at 0, so
its mean output is closer to zero than ReLU's; its slope \(e^{x}\) on the left is never
exactly zero, but it does fade, as the sigmoid's does.

Alt: Two curves over x from -6 to 6. The solid curve rises with slope 1 for positive x and
for negative x bends smoothly towards -1 (about -0.998 at x = -6). The dashed derivative is
1 for positive x and decays like e to the x for negative x, reaching about 0.0025 at x = -6,
with no jump at the origin.
"""

from vanishing_site.figures._curves import with_derivative


def figure():
    return with_derivative("elu")
