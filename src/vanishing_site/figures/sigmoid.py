r"""The sigmoid.

The logistic sigmoid \(\sigma(x) = 1/(1+e^{-x})\) squashes every input into \((0, 1)\); look at
how flat it is far from the origin, where it saturates.

Alt: An S-shaped curve over x from {{ activations.curve_range }} rising from almost 0 to almost
1, passing {{ activations.sigmoid_at_0 }} at x = 0, steepest there and nearly flat towards both
ends.
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("sigmoid")
