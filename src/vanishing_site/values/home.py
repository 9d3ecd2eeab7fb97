"""Numbers quoted on the home page, over the seeds of the chapters' profile experiment."""

import numpy as np

from vanishing_site import runs
from vanishing_site.values import mean_spread, sci, value

# The home figure's two networks: sigmoid with Xavier initialisation, ReLU with He's.
SIGMOID = {"activation": "sigmoid", "scheme": "xavier_normal"}
RELU = {"activation": "relu", "scheme": "he_normal"}


def weight_gradients(network: dict) -> np.ndarray:
    """||dC/dW_l|| of one network, shape (seeds, layers)."""
    return runs.profiles_over_seeds().profile(**network).grad_W


@value
def sigmoid_grad_ratio() -> str:
    return mean_spread(runs.profiles_over_seeds().first_over_last("grad_W", **SIGMOID))


@value
def sigmoid_grad_ratio_typical() -> str:
    """The geometric mean over the seeds of the same ratio, to one significant digit."""
    return sci(runs.profiles_over_seeds().first_over_last("grad_W", **SIGMOID).geometric_mean, 1)


@value
def sigmoid_grad_first() -> str:
    return sci(np.exp(np.log(weight_gradients(SIGMOID)[:, 0]).mean()), 1)


@value
def sigmoid_grad_last() -> str:
    return f"{np.exp(np.log(weight_gradients(SIGMOID)[:, -1]).mean()):.1f}"


@value
def relu_grad_ratio() -> str:
    return mean_spread(runs.profiles_over_seeds().first_over_last("grad_W", **RELU))


@value
def relu_grad_layer_factor() -> str:
    """The largest, over the seeds, of max over min of ||dC/dW_l|| across the layers: how far
    apart the layers' gradients are in the worst seed, ReLU with He's initialisation."""
    gradients = weight_gradients(RELU)
    return f"{(gradients.max(axis=1) / gradients.min(axis=1)).max():.1f}"


@value
def relu_grad_typical() -> str:
    """The geometric mean over layers and seeds of ||dC/dW_l||, ReLU with He's initialisation."""
    return f"{np.exp(np.log(weight_gradients(RELU)).mean()):.1f}"


@value
def relu_pytorch_delta_ratio() -> str:
    """||delta_1|| / ||delta_50|| of the ReLU network under PyTorch's default, biases included."""
    return mean_spread(
        runs.profiles_over_seeds().first_over_last(
            "delta", activation="relu", scheme="pytorch_default"
        )
    )
