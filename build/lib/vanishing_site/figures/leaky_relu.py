r"""Leaky ReLU and its derivative.

Leaky ReLU keeps ReLU's identity for \(x > 0\) but lets a small slope through for
\(x < 0\) (the library's default, as in PyTorch, is 0.01). Its derivative is never zero,
so no unit can stop receiving gradient altogether.

Alt: Two curves over x from -6 to 6. The solid line is almost flat but slightly negative
for negative x (-0.06 at x = -6) and rises with slope 1 for positive x. The dashed
derivative is a step from 0.01 for negative x, with a filled dot at (0, 0.01) and a hollow
dot at (0, 1), to 1 for positive x.
"""

from vanishing_site.figures._curves import with_derivative


def figure():
    return with_derivative("leaky_relu")
