r"""The rectified linear unit.

\(\mathrm{ReLU}(x) = \max(x, 0)\): zero for every negative input, the identity for every
positive one, never negative and unbounded above.

Alt: A line over x from {{ activations.curve_range }} that lies flat at 0 for negative x and
rises with slope 1 for positive x, with a kink at the origin.
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("relu")
