r"""The derivative of ReLU.

\(\mathrm{ReLU}'(x)\) is a step: 0 for \(x < 0\) and 1 for \(x > 0\). At the kink \(x = 0\)
the library, like PyTorch, takes the value 0 (filled dot). A unit passes back all of the
gradient it receives or none of it.

Alt: A step function over x from -6 to 6: flat at 0 for negative x, with a filled dot at
(0, 0) and a hollow dot at (0, 1), then flat at 1 for positive x; a dotted line at 1 is
labelled "largest slope 1 at x > 0".
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("relu", derivative=True)
