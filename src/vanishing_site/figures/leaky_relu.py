r"""Leaky ReLU and its derivative.

Leaky ReLU (solid) lets a slope \(\alpha\) through for negative inputs, so its derivative
(dashed) is never zero.

Alt: Two curves over x from {{ activations.curve_range }}. The solid line is almost flat but
slightly negative for negative x and rises with slope 1 for positive x. The dashed derivative is
a step from {{ activations.leaky_relu_negative_slope }} for negative x, with a filled dot at (0,
{{ activations.leaky_relu_negative_slope }}) and a hollow dot at (0, 1), to 1 for positive x.
"""

from vanishing_site.figures._curves import with_derivative


def figure():
    return with_derivative("leaky_relu")
