r"""The derivative of the sigmoid.

\(\sigma'(x) = \sigma(x)\,(1-\sigma(x))\) is largest at \(x = 0\), where it is exactly
\(1/4\), and falls towards zero on both sides: a sigmoid unit never passes back more than a
quarter of the gradient it receives, and a unit far from zero passes almost none.

Alt: A bell-shaped curve over x from -6 to 6 that peaks at 0.25 at x = 0, marked by a dotted
line labelled "largest slope 0.25 at x = 0", and is close to zero near x = ±6.
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("sigmoid", derivative=True)
