r"""The backward signal, layer by layer, with the standard initialisation.

\(\lVert\delta_l\rVert\), the norm of \(\partial C/\partial z_l\), in 50-layer networks of 100
units initialised with PyTorch's default \(U(\pm 1/\sqrt{n})\), at initialisation on one
random batch. Read from right to left, the direction the signal travels: in all three
networks it shrinks by a nearly constant factor per layer, so each curve is close to a
straight line on this logarithmic axis. ReLU is not spared: its signal falls by about
nineteen orders of magnitude.

Alt: A line chart with a logarithmic vertical axis from about 1e-43 to 1 and hidden layers
1 to 50 on the horizontal axis. Three nearly straight lines rise from left to right to
between 0.1 and 0.6 at layer 50. The sigmoid line starts lowest, near 3e-43 at layer 1; the
ReLU line starts near 4e-20; the tanh line, the shallowest, starts near 7e-13.
"""

from vanishing import experiments
from vanishing_site.figures._curves import activation_lines, per_layer


def figure():
    profile = experiments.gradient_profiles(schemes=("standard",))
    data, lines = activation_lines(profile, "delta")
    fig, _ = per_layer(lines, "‖δ‖ = ‖∂C/∂z‖ at the layer")
    return fig, data
