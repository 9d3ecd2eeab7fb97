"""Weight and bias initialisation schemes, named as their papers (or libraries) name them.

Most schemes draw weights from a zero-mean normal or uniform distribution fixed by its variance; a
uniform U(-r, r) has variance r^2 / 3, so it is drawn with r = sqrt(3 Var). The orthogonal scheme
draws a (semi-)orthogonal matrix instead. Biases start at zero except under `pytorch_default`,
which draws them as torch.nn.Linear does.
"""

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from vanishing.registry import Registry

# draw(fan_in, fan_out, rng) -> array: a (fan_out, fan_in) weight matrix or a (fan_out,) bias.
Draw = Callable[[int, int, np.random.Generator], np.ndarray]


class Scheme(NamedTuple):
    """An initialisation: Var(w) as a function of (fan_in, fan_out), and how weights and biases
    are drawn. Each draw takes (fan_in, fan_out, rng); weights are drawn before the bias."""

    name: str
    label: str
    variance: Callable[[int, int], float]
    weights: Draw
    biases: Draw


def normal(variance: Callable[[int, int], float]) -> Draw:
    """Weights from N(0, variance(fan_in, fan_out))."""

    def draw(fan_in, fan_out, rng):
        return rng.normal(0.0, math.sqrt(variance(fan_in, fan_out)), (fan_out, fan_in))

    return draw


def uniform(variance: Callable[[int, int], float]) -> Draw:
    """Weights from U(-r, r) with r = sqrt(3 variance(fan_in, fan_out))."""

    def draw(fan_in, fan_out, rng):
        bound = math.sqrt(3 * variance(fan_in, fan_out))
        return rng.uniform(-bound, bound, (fan_out, fan_in))

    return draw


def orthogonal(gain: float = 1.0) -> Draw:
    """gain times a (semi-)orthogonal matrix: the Q of the QR factorisation of a Gaussian matrix,
    its columns' signs set by R's diagonal so that Q is uniform (Haar) over orthogonal matrices
    (Saxe, McClelland & Ganguli 2014; torch.nn.init.orthogonal_). Rows are orthonormal when
    fan_out <= fan_in, columns otherwise, so each weight has variance gain^2 / max(fan_in, fan_out).
    """

    def draw(fan_in, fan_out, rng):
        flat = rng.normal(size=(max(fan_in, fan_out), min(fan_in, fan_out)))
        q, r = np.linalg.qr(flat)
        q = q * np.sign(np.diag(r))
        return gain * (q.T if fan_out < fan_in else q)

    return draw


def zeros(fan_in, fan_out, rng):
    """Biases of zero; draws nothing from rng."""
    return np.zeros(fan_out)


def fan_in_uniform(fan_in, fan_out, rng):
    """Biases from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), torch.nn.Linear's default."""
    bound = 1 / math.sqrt(fan_in)
    return rng.uniform(-bound, bound, fan_out)


def _scheme(name, label, variance, draw=normal, biases=zeros) -> Scheme:
    return Scheme(name, label, variance, draw(variance), biases)


def _standard(fan_in, fan_out):
    return 1 / (3 * fan_in)


def _xavier(fan_in, fan_out):
    return 2 / (fan_in + fan_out)


def _he(fan_in, fan_out):
    return 2 / fan_in


SCHEMES = Registry(
    "initialisation scheme",
    (
        # Krizhevsky, Sutskever & Hinton 2012 (weights from N(0, 0.01²)).
        _scheme("small", "Small random, N(0, 0.01²)", lambda fan_in, fan_out: 0.01**2),
        # Glorot & Bengio 2010, eq. 1.
        _scheme("standard", "Standard, U(±1/√fan_in)", _standard, uniform),
        # LeCun, Bottou, Orr & Müller 1998, Efficient BackProp.
        _scheme("lecun_normal", "LeCun normal, N(0, 1/fan_in)", lambda fan_in, fan_out: 1 / fan_in),
        # Glorot & Bengio 2010, eq. 16 (normalized initialization) and eq. 12 (its variance).
        _scheme(
            "xavier_uniform",
            "Xavier (Glorot) uniform, U(±√(6/(fan_in + fan_out)))",
            _xavier,
            uniform,
        ),
        _scheme("xavier_normal", "Xavier (Glorot) normal, N(0, 2/(fan_in + fan_out))", _xavier),
        # He, Zhang, Ren & Sun 2015, eq. 10, drawn from a normal and from a uniform distribution.
        _scheme("he_normal", "He (Kaiming) normal, N(0, 2/fan_in)", _he),
        _scheme("he_uniform", "He (Kaiming) uniform, U(±√(6/fan_in))", _he, uniform),
        # Saxe, McClelland & Ganguli 2014, gain 1.
        Scheme(
            "orthogonal",
            "Orthogonal",
            lambda fan_in, fan_out: 1 / max(fan_in, fan_out),
            orthogonal(1.0),
            zeros,
        ),
        # torch.nn.Linear.reset_parameters: kaiming_uniform_(a=√5), whose bound
        # sqrt(2 / (1 + a^2)) sqrt(3 / fan_in) is 1/sqrt(fan_in), and biases U(±1/√fan_in).
        _scheme(
            "pytorch_default",
            "PyTorch default, U(±1/√fan_in), biases too",
            _standard,
            uniform,
            fan_in_uniform,
        ),
    ),
)


def weight_variance(scheme, fan_in, fan_out):
    """Var(w) of the scheme, e.g. 2 / (fan_in + fan_out) for Xavier, 2 / fan_in for He."""
    return float(SCHEMES[scheme].variance(fan_in, fan_out))


def init_weights(scheme, fan_in, fan_out, rng):
    """A (fan_out, fan_in) weight matrix drawn from the scheme."""
    return SCHEMES[scheme].weights(fan_in, fan_out, rng)


def init_biases(scheme, fan_in, fan_out, rng):
    """A (fan_out,) bias vector drawn from the scheme (zeros for all but pytorch_default)."""
    return SCHEMES[scheme].biases(fan_in, fan_out, rng)
