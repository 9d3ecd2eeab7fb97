r"""The rectified linear unit.

\(\mathrm{ReLU}(x) = \max(x, 0)\) is zero for every negative input and the identity for every
positive one; its output is never negative and has no upper bound.

Alt: A line over x from -6 to 6 that lies flat at 0 for negative x and rises with slope 1
for positive x, reaching 6 at x = 6, with a kink at the origin.
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("relu")
