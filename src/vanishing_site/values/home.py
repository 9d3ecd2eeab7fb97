"""Numbers quoted on the home page."""

from vanishing_site import runs
from vanishing_site.values import sci, value

# The home figure's two networks: sigmoid with Xavier initialisation, ReLU with He's.
SIGMOID = {"activation": "sigmoid", "scheme": "xavier_normal"}
RELU = {"activation": "relu", "scheme": "he_normal"}


@value
def sigmoid_grad_ratio() -> str:
    return sci(runs.profiles().first_over_last("grad_W", **SIGMOID))


@value
def relu_grad_ratio() -> str:
    return f"{runs.profiles().first_over_last('grad_W', **RELU):.2f}"


@value
def relu_grad_min() -> str:
    return f"{runs.profiles().profile(**RELU).grad_W.min():.1f}"


@value
def relu_grad_max() -> str:
    return f"{runs.profiles().profile(**RELU).grad_W.max():.1f}"
