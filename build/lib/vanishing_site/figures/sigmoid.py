r"""The sigmoid.

The logistic sigmoid \(\sigma(x) = 1/(1+e^{-x})\) squashes every input into the interval
\((0, 1)\) and passes \(1/2\) at \(x = 0\). Far from zero it is flat: it saturates, and its
output sits next to 0 or 1 whatever the input does.

Alt: An S-shaped curve over x from -6 to 6 rising from almost 0 to almost 1, passing 0.5 at
x = 0, steepest there and nearly flat beyond x = ±4.
"""

from vanishing_site.figures._curves import curve


def figure():
    return curve("sigmoid")
