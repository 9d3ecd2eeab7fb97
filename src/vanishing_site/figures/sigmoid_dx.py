r"""The derivative of the sigmoid.

\(\sigma'(x) = \sigma(x)\,(1-\sigma(x))\) is largest at the origin (dotted line) and falls
towards zero on both sides.

Alt: A bell-shaped curve over x from {{ activations.curve_range }} that peaks at
{{ activations.sigmoid_prime_max }} at x = 0, marked by a dotted line labelled with that largest
slope, and is close to zero at both ends.
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("sigmoid", derivative=True)
