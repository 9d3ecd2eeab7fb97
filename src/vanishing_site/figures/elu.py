r"""ELU and its derivative.

ELU (solid) bends smoothly towards \(-\alpha\) on the left, and its slope there, \(e^{x}\)
(dashed), fades without ever reaching zero.

Alt: Two curves over x from {{ activations.curve_range }}. The solid curve rises with slope 1
for positive x and for negative x bends smoothly towards -1, reaching
{{ activations.elu_at_minus_6 }} at the left edge. The dashed derivative is 1 for positive x and
decays like e to the x for negative x, nearly 0 at the left edge, with no jump at the origin.
"""

from vanishing_site.figures._curves import with_derivative


def figure():
    return with_derivative("elu")
