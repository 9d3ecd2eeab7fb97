r"""The gradients the weights receive, with zero biases (left) and with PyTorch's biases (right).

Both panels use weights \(U(\pm 1/\sqrt{n})\) (lines: geometric means over
{{ vanishing_gradients.n_seeds }} seeds, bands: their range; grey: ReLU with He's
initialisation, for scale); compare the tanh and ReLU lines, which start at the same first layer
in both panels but rise towards the output only on the right.

Alt: Two line charts side by side sharing a logarithmic vertical axis, hidden layers 1 to
{{ relu_vs_sigmoid.profile_depth }} across. Left, zero biases: the sigmoid line rises almost
straight from about {{ vanishing_gradients.grad_w_first_sigmoid }} at layer 1 to about
{{ vanishing_gradients.grad_w_last_sigmoid }} at the last layer, while the tanh and ReLU lines
are flat near {{ vanishing_gradients.grad_w_tanh_typical }} and
{{ vanishing_gradients.grad_w_relu_typical }}. Right, PyTorch's biases: the sigmoid line is
unchanged, and the tanh and ReLU lines start where they did on the left, at about
{{ vanishing_gradients.grad_w_first_tanh_pytorch }} and
{{ vanishing_gradients.grad_w_first_relu_pytorch }} at layer 1, but now rise to about
{{ vanishing_gradients.grad_w_last_tanh_pytorch }} and
{{ vanishing_gradients.grad_w_last_relu_pytorch }} at the last layer. In both panels a grey
line, ReLU with He initialisation, stays level near {{ home.relu_grad_typical }}.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import panels, seed_band, seed_bands
from vanishing_site.style import MUTED

SCHEMES = {"standard": "zero biases", "pytorch_default": "PyTorch's biases U(±1/√n)"}


def figure():
    profiles = runs.profiles_over_seeds()
    fig, axes = panels(list(SCHEMES.values()), "‖∂C/∂W‖ of the layer")
    data = {"layer": profiles.layers}
    healthy = profiles.profile(activation="relu", scheme="he_normal").grad_W
    for ax, scheme in zip(axes, SCHEMES, strict=True):
        data |= seed_bands(ax, profiles, "grad_W", scheme, suffix=f"_{scheme}")
    for ax in axes:
        columns = seed_band(ax, profiles.layers, healthy, "ReLU, He", {"color": MUTED, "lw": 1.2})
    data |= {f"relu_he_normal{edge}": column for edge, column in columns.items()}
    axes[1].legend(loc="lower right")
    return fig, data
