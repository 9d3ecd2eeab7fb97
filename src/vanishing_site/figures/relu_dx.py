r"""The derivative of ReLU.

\(\mathrm{ReLU}'(x)\) is a step from 0 to 1; at the kink \(x = 0\) the library, like PyTorch,
takes 0 (filled dot).

Alt: A step function over x from {{ activations.curve_range }}: flat at 0 for negative x, with a
filled dot at (0, 0) and a hollow dot at (0, 1), then flat at 1 for positive x; a dotted line at
1 is labelled "largest slope 1 at x > 0".
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("relu", derivative=True)
