r"""tanh and its derivative.

\(\tanh\) (solid) and its slope \(1 - \tanh^2 x\) (dashed): compare the slope's peak at the
origin with the sigmoid's, and see how soon it falls away.

Alt: Two curves over x from {{ activations.curve_range }}. The solid S-shaped curve tanh(x)
rises from -1 to 1 through the origin. The dashed bell-shaped curve, its derivative, peaks at 1
at x = 0 (dotted line labelled "largest slope 1 at x = 0") and is almost 0 beyond x =
±{{ activations.tanh_saturation_onset }}.
"""

from vanishing_site.figures._curves import with_derivative


def figure():
    return with_derivative("tanh")
