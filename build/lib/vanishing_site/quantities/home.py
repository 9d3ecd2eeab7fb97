"""Numbers quoted on the home page."""

from functools import cache

from vanishing import experiments
from vanishing_site.quantities import quantity, sci

# The home figure's two networks: sigmoid with Xavier initialisation, ReLU with He's.
SIGMOID, RELU = ("sigmoid", "xavier_normal"), ("relu", "he_normal")


@cache
def profile(activation: str, scheme: str) -> dict:
    """One cell of experiments.gradient_profiles (seeded per cell, so equal to the same cell
    of the full grid): per-layer statistics of a 50-layer network at initialisation."""
    grid = experiments.gradient_profiles(activations=(activation,), schemes=(scheme,))
    return {key: value[0, 0] for key, value in grid.items() if getattr(value, "ndim", 0) == 3}


def first_over_last(activation: str, scheme: str, statistic: str = "grad_W") -> float:
    """statistic at hidden layer 1 over the same at the last hidden layer."""
    values = profile(activation, scheme)[statistic]
    return float(values[0] / values[-1])


@quantity
def home_depth() -> str:
    return str(len(profile(*SIGMOID)["grad_W"]))


@quantity
def home_sigmoid_grad_ratio() -> str:
    return sci(first_over_last(*SIGMOID))


@quantity
def home_relu_grad_ratio() -> str:
    return f"{first_over_last(*RELU):.2f}"


@quantity
def home_relu_grad_min() -> str:
    return f"{profile(*RELU)['grad_W'].min():.1f}"


@quantity
def home_relu_grad_max() -> str:
    return f"{profile(*RELU)['grad_W'].max():.1f}"
