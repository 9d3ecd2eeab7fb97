r"""Each initialisation keeps the forward signal alive for one kind of unit.

The spread (standard deviation) of the activations \(a_l\) per hidden layer at initialisation,
with zero biases, tanh left and ReLU right, under three schemes (lines: geometric means over
{{ vanishing_gradients.n_seeds }} seeds, bands: their range): follow each
activation's own scheme, Xavier's for tanh and He's for ReLU, and compare it with the standard
line, PyTorch's weight scale.

Alt: Two line charts side by side, tanh on the left and ReLU on the right, each with hidden
layers 1 to {{ relu_vs_sigmoid.profile_depth }} across and the standard deviation of the
activations on a shared logarithmic axis. For tanh, the He line stays level, the Xavier line
falls slowly and the standard line falls steeply all the way. For ReLU, the He line wanders
around a level value, while the Xavier line falls by several orders of magnitude and the
standard line by many more.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import scheme_panels


def figure():
    shown = ("tanh", "relu")
    fig, axes, data = scheme_panels(
        runs.profiles_over_seeds(), shown, "a_std", "std of the activations aₗ"
    )
    axes[0].legend(loc="lower right")
    return fig, data
