"""Weight initialisation schemes, named as their papers name them.

Each scheme is a zero-mean normal or uniform distribution fixed by its variance; a uniform
U(-r, r) has variance r^2 / 3, so it is drawn with r = sqrt(3 Var). Biases start at zero.
"""

import math
from collections.abc import Callable
from typing import NamedTuple


class Scheme(NamedTuple):
    """An initialisation: Var(w) as a function of (fan_in, fan_out), and its distribution."""

    name: str
    label: str
    citation: str
    distribution: str  # "normal" or "uniform"
    variance: Callable[[int, int], float]


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme(
            "small",
            "Small random, N(0, 0.01²)",
            "Krizhevsky, Sutskever & Hinton 2012, ImageNet classification with deep "
            "convolutional neural networks (weights from N(0, 0.01²))",
            "normal",
            lambda fan_in, fan_out: 0.01**2,
        ),
        Scheme(
            "standard",
            "Standard, U(±1/√fan_in)",
            "Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward "
            "neural networks, eq. 1; PyTorch nn.Linear's default weight initialisation",
            "uniform",
            lambda fan_in, fan_out: 1 / (3 * fan_in),
        ),
        Scheme(
            "lecun_normal",
            "LeCun normal, N(0, 1/fan_in)",
            "LeCun, Bottou, Orr & Müller 1998, Efficient BackProp",
            "normal",
            lambda fan_in, fan_out: 1 / fan_in,
        ),
        Scheme(
            "xavier_uniform",
            "Xavier (Glorot) uniform, U(±√(6/(fan_in + fan_out)))",
            "Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward "
            "neural networks, eq. 16 (normalized initialization)",
            "uniform",
            lambda fan_in, fan_out: 2 / (fan_in + fan_out),
        ),
        Scheme(
            "xavier_normal",
            "Xavier (Glorot) normal, N(0, 2/(fan_in + fan_out))",
            "Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward "
            "neural networks, eq. 12 (the variance), drawn from a normal distribution",
            "normal",
            lambda fan_in, fan_out: 2 / (fan_in + fan_out),
        ),
        Scheme(
            "he_normal",
            "He (Kaiming) normal, N(0, 2/fan_in)",
            "He, Zhang, Ren & Sun 2015, Delving deep into rectifiers: surpassing human-level "
            "performance on ImageNet classification, eq. 10",
            "normal",
            lambda fan_in, fan_out: 2 / fan_in,
        ),
        Scheme(
            "he_uniform",
            "He (Kaiming) uniform, U(±√(6/fan_in))",
            "He, Zhang, Ren & Sun 2015, Delving deep into rectifiers, eq. 10's variance 2/fan_in "
            "drawn from a uniform distribution",
            "uniform",
            lambda fan_in, fan_out: 2 / fan_in,
        ),
    )
}


def weight_variance(scheme, fan_in, fan_out):
    """Var(w) of the scheme, e.g. 2 / (fan_in + fan_out) for Xavier, 2 / fan_in for He."""
    return float(SCHEMES[scheme].variance(fan_in, fan_out))


def init_weights(scheme, fan_in, fan_out, rng):
    """A (fan_out, fan_in) weight matrix drawn from the scheme: N(0, Var) or U(-sqrt(3 Var), +)."""
    variance = weight_variance(scheme, fan_in, fan_out)
    shape = (fan_out, fan_in)
    if SCHEMES[scheme].distribution == "normal":
        return rng.normal(0.0, math.sqrt(variance), shape)
    bound = math.sqrt(3 * variance)
    return rng.uniform(-bound, bound, shape)
