r"""The backward signal under each initialisation.

\(\lVert\delta_l\rVert = \lVert\partial C/\partial z_l\rVert\) per hidden layer in the same
zero-bias networks, for sigmoid, tanh and ReLU units under three schemes: look for the lines
that stay within an order of magnitude, Xavier's for tanh, He's for ReLU, none for the sigmoid.

Alt: Three line charts side by side, for sigmoid, tanh and ReLU, each with hidden layers 1 to
{{ relu_vs_sigmoid.profile_depth }} across and the norm of delta on a shared logarithmic axis.
Every sigmoid line falls steeply to the left, by many orders of magnitude. For tanh, the He and
Xavier lines stay within about an order of magnitude of their value at the last layer, while the
standard line falls steeply. For ReLU, only the He line stays level; the Xavier line falls by
several orders of magnitude and the standard line by many more.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import scheme_panels


def figure():
    result = runs.profiles_over_seeds()
    fig, axes, data = scheme_panels(result, result.activations, "delta", "‖δₗ‖ = ‖∂C/∂zₗ‖")
    axes[-1].legend(loc="lower right")
    return fig, data
