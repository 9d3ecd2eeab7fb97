"""Activation functions phi and their derivatives phi', stable over the whole float range.

Every function takes a Python number or an array, returns an array of the input's float dtype
(float32 in, float32 out; integers become float64), gives NaN for NaN, the limits for +-inf and
finite values for finite inputs, without overflow or invalid-operation warnings.
"""

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

# Beyond |x| = 40 the Gaussian density e^(-x^2/2) is below the smallest float64 (e^-800 < 5e-324),
# so clipping there changes no result and keeps x^2 finite.
_GAUSSIAN_TAIL = 40.0


def _floating(x):
    """x as an array of its own float dtype, or of float64 if it is not floating point."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x), computed as e^x / (1 + e^x) for x < 0 so exp never overflows."""
    x = _floating(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)


def sigmoid_prime(x):
    """sigma'(x) = s (1 - s) with s = sigma(x).

    This is the textbook formula: once s rounds to 1 (x above about 17 in float32, 37 in float64)
    it returns exactly 0 although the true slope e^-x is still representable.
    """
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x)."""
    return np.tanh(_floating(x))


def tanh_prime(x):
    """tanh'(x) = 1 - tanh(x)^2.

    This is the textbook formula: once numpy's tanh(x) rounds to 1 (from x = 10 in float32 and
    about 18.99 in float64; experiments.float_zero_thresholds finds the exact floats) it returns
    exactly 0 although the true slope 4 e^-2x is still representable.
    """
    return 1 - tanh(x) ** 2


def relu(x):
    """ReLU(x) = max(x, 0)."""
    return np.maximum(_floating(x), 0)


def relu_prime(x):
    """ReLU'(x) = 1 for x > 0, else 0; ReLU'(0) = 0 as in PyTorch."""
    return np.heaviside(_floating(x), 0)


def leaky_relu(x, slope=0.01):
    """LeakyReLU(x) = x for x > 0, else slope * x."""
    x = _floating(x)
    return np.where(x > 0, x, slope * x)


def leaky_relu_prime(x, slope=0.01):
    """LeakyReLU'(x) = 1 for x > 0, else slope; LeakyReLU'(0) = slope as in PyTorch."""
    x = _floating(x)
    # heaviside(x, slope) is 1 above 0, slope at 0 and NaN at NaN; below 0 the slope takes over.
    return np.where(x < 0, slope, np.heaviside(x, slope))


def elu(x, alpha=1.0):
    """ELU(x) = x for x > 0, else alpha (e^x - 1)."""
    x = _floating(x)
    # expm1 only sees x <= 0, where it cannot overflow, and keeps precision near 0.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def elu_prime(x, alpha=1.0):
    """ELU'(x) = 1 for x > 0, else alpha e^x; ELU'(0) = alpha as in PyTorch (1 at the default)."""
    x = _floating(x)
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0)))


# numpy has no erf; Python's math.erfc, applied element by element, is float64-accurate.
_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def _normal_cdf(x):
    """Phi(x) = erfc(-x / sqrt 2) / 2, computed in float64 and returned in x's dtype.

    erfc rather than 1 + erf keeps full relative precision in the lower tail, where 1 + erf cancels.
    """
    return (0.5 * _erfc(-x.astype(np.float64) / math.sqrt(2))).astype(x.dtype)


def _normal_pdf(x):
    """phi(x) = e^(-x^2 / 2) / sqrt(2 pi)."""
    return np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def gelu(x):
    """GELU(x) = x Phi(x), the exact form, Phi being the standard normal CDF.

    Phi(x) = erfc(-x / sqrt 2) / 2 uses math.erfc vectorised over the array (numpy has no erf),
    so it is accurate to float64 precision.
    """
    # Below -40, x Phi(x) underflows to 0 anyway; clipping avoids -inf * 0 = NaN at x = -inf.
    x = np.maximum(_floating(x), -_GAUSSIAN_TAIL)
    return x * _normal_cdf(x)


def gelu_prime(x):
    """GELU'(x) = Phi(x) + x phi(x), with phi the standard normal density."""
    x = np.clip(_floating(x), -_GAUSSIAN_TAIL, _GAUSSIAN_TAIL)
    return _normal_cdf(x) + x * _normal_pdf(x)


def silu(x):
    """SiLU(x) = x sigma(x) (also called swish)."""
    x = _floating(x)
    # -inf * sigma(-inf) would be -inf * 0 = NaN; from the most negative float the limit 0 follows.
    x = np.maximum(x, np.finfo(x.dtype).min)
    return x * sigmoid(x)


def silu_prime(x):
    """SiLU'(x) = s (1 + x (1 - s)) with s = sigma(x)."""
    x = _floating(x)
    info = np.finfo(x.dtype)
    # At +-inf, x (1 - s) or s (1 + x (1 - s)) is inf * 0; the extreme finite floats give the limit.
    x = np.clip(x, info.min, info.max)
    s = sigmoid(x)
    return s * (1 + x * (1 - s))


class Activation(NamedTuple):
    """An activation phi with its derivative and the facts the site's comparison table prints.

    output_range: the set of values of phi, as text. max_slope: the maximum of phi'; max_slope_at:
    where it is attained, as text. zero_centred: E[phi(Z)] = 0 for Z ~ N(0, 1). saturates: phi'
    tends to 0 as x goes to -inf or +inf without being exactly 0 there. can_die: phi' is exactly
    0 on a half-line, so a unit whose pre-activations all fall there never gets a gradient again.
    """

    name: str
    label: str
    f: Callable
    df: Callable
    output_range: str
    max_slope: float
    max_slope_at: str
    zero_centred: bool
    saturates: bool
    can_die: bool


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", "Sigmoid", sigmoid, sigmoid_prime, "(0, 1)", 0.25, "x = 0",
                   zero_centred=False, saturates=True, can_die=False),
        Activation("tanh", "tanh", tanh, tanh_prime, "(−1, 1)", 1.0, "x = 0",
                   zero_centred=True, saturates=True, can_die=False),
        Activation("relu", "ReLU", relu, relu_prime, "[0, ∞)", 1.0, "x > 0",
                   zero_centred=False, saturates=False, can_die=True),
        Activation("leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_prime, "(−∞, ∞)", 1.0,
                   "x > 0", zero_centred=False, saturates=False, can_die=False),
        Activation("elu", "ELU", elu, elu_prime, "(−1, ∞)", 1.0, "x ≥ 0",
                   zero_centred=False, saturates=True, can_die=False),
        # GELU'' = phi(x) (2 - x^2) vanishes at x = sqrt 2: Phi(sqrt 2) + sqrt 2 phi(sqrt 2).
        Activation("gelu", "GELU", gelu, gelu_prime, "[≈ −0.170, ∞)",
                   0.5 * math.erfc(-1.0) + math.exp(-1.0) / math.sqrt(math.pi), "x = √2",
                   zero_centred=False, saturates=True, can_die=False),
        # SiLU's steepest point solves a transcendental equation; found numerically.
        Activation("silu", "SiLU", silu, silu_prime, "[≈ −0.278, ∞)", 1.0998393201288668,
                   "x ≈ 2.399", zero_centred=False, saturates=True, can_die=False),
    )
}  # fmt: skip
