r"""tanh and its derivative.

\(\tanh\) has the sigmoid's S shape, stretched to \((-1, 1)\) and centred on the origin. Its
slope \(1 - \tanh^2 x\) reaches 1 at \(x = 0\), four times the sigmoid's best, but it
saturates sooner: beyond \(|x| \approx 3\) it is below a hundredth.

Alt: Two curves over x from -6 to 6. The solid S-shaped curve tanh(x) rises from -1 to 1
through the origin. The dashed bell-shaped curve, its derivative, peaks at 1 at x = 0
(dotted line labelled "largest slope 1 at x = 0") and is almost 0 beyond x = ±3.
"""

from vanishing_site.figures._curves import with_derivative


def figure():
    return with_derivative("tanh")
