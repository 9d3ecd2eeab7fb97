"""Where the textbook slope formulas round to exactly 0, the popular x <- sigma'(x) snippet, and
the source's one-neuron worked example."""

import dataclasses
import math

import numpy as np

from vanishing.activations import relu, relu_prime, sigmoid, sigmoid_prime, tanh, tanh_prime
from vanishing.experiments.results import Labelled, coord, data

SNIPPET_STARTS = (-10.0, -1.0, 0.0, 0.5, 1.0, 10.0)
SNIPPET_STEPS = 10


def _first_float_where(predicate, lo, hi):
    """The smallest float x in (lo, hi] for which predicate(x) holds, exactly.

    lo and hi are positive floats of one dtype with predicate false at lo and true at hi; the
    predicate is taken to be monotone. Positive floats are ordered like their bit patterns read as
    integers, so bisection on the integers walks the float grid itself.
    """
    dtype = lo.dtype
    ints = np.dtype(f"i{dtype.itemsize}")
    lo_bits, hi_bits = int(lo.view(ints)), int(hi.view(ints))
    while hi_bits - lo_bits > 1:
        mid = (lo_bits + hi_bits) // 2
        if predicate(np.array(mid, ints).view(dtype)):
            hi_bits = mid
        else:
            lo_bits = mid
    return np.array(hi_bits, ints).view(dtype)


@dataclasses.dataclass(frozen=True)
class ZeroThresholds(Labelled):
    """Per activation and float dtype: the smallest x > 0 where the slope formula gives exactly
    0.0 ("threshold"), the float just below it ("previous"), the formula's last nonzero value
    there ("slope_at_previous") and the exact derivative at the threshold ("true_slope")."""

    activations: tuple = coord("activation")
    dtypes: tuple = coord("dtype")
    threshold: np.ndarray = data("activation", "dtype")
    previous: np.ndarray = data("activation", "dtype")
    slope_at_previous: np.ndarray = data("activation", "dtype")
    true_slope: np.ndarray = data("activation", "dtype")


def float_zero_thresholds() -> ZeroThresholds:
    """The smallest x > 0 at which 1 - tanh(x)^2 and s (1 - s), s = sigma(x), evaluate to exactly
    0.0, in float32 and in float64; the true slope, e.g. sech^2(x) = 4 e^-2x / (1 + e^-2x)^2, is
    evaluated in float64 without cancellation."""
    exact = {
        "tanh": lambda x: 4 * math.exp(-2 * x) / (1 + math.exp(-2 * x)) ** 2,
        "sigmoid": lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2,
    }
    formulas = {"tanh": tanh_prime, "sigmoid": sigmoid_prime}
    dtypes = (np.float32, np.float64)
    rows = []
    for name, df in formulas.items():
        row = []
        for dtype in dtypes:
            one, far = np.array(1, dtype), np.array(100, dtype)
            x = _first_float_where(lambda x, df=df: df(x) == 0, one, far)
            previous = np.nextafter(x, dtype(0))
            row.append((float(x), float(previous), float(df(previous)), exact[name](float(x))))
        rows.append(row)
    threshold, previous, slope_at_previous, true_slope = np.moveaxis(np.array(rows), 2, 0)
    return ZeroThresholds(
        activations=tuple(formulas),
        dtypes=tuple(d.__name__ for d in dtypes),
        threshold=threshold,
        previous=previous,
        slope_at_previous=slope_at_previous,
        true_slope=true_slope,
    )


@dataclasses.dataclass(frozen=True)
class FixedPoint(Labelled):
    """The snippet's iterates per start (steps + 1 values, the start first), the fixed point x*
    and the contraction |d sigma'(x)/dx| at x*."""

    starts: np.ndarray = coord("start")
    iterates: np.ndarray = data("start", "step")
    fixed_point: float
    contraction: float


def snippet_fixed_point(starts=SNIPPET_STARTS, steps=SNIPPET_STEPS) -> FixedPoint:
    """The popular snippet x <- sigma'(x), which feeds a gradient in as the next layer's input.

    Every start converges to the fixed point x* = sigma'(x*), so the snippet shows a contraction
    onto a constant, nothing about depth. x* is found to the last float: the float at which
    sigma'(x) - x changes sign with the smaller residual; the contraction is the factor by which
    each step shrinks the distance to x*.
    """
    iterates = [np.asarray(starts, dtype=np.float64)]
    for _ in range(steps):
        iterates.append(sigmoid_prime(iterates[-1]))
    # sigma'(x) - x decreases through 0 on (0, 1/4]: sigma'(0) = 1/4 > 0 and sigma'(1/4) < 1/4.
    above = _first_float_where(lambda x: sigmoid_prime(x) <= x, np.array(1e-3), np.array(0.25))
    below = np.nextafter(above, 0.0)
    fixed_point = min((below, above), key=lambda x: abs(sigmoid_prime(x) - x))
    s = sigmoid(fixed_point)
    return FixedPoint(
        starts=np.asarray(starts, dtype=np.float64),
        iterates=np.stack(iterates, axis=1),
        fixed_point=float(fixed_point),
        # d/dx [s (1 - s)] = s (1 - s) (1 - 2 s)
        contraction=float(abs(sigmoid_prime(fixed_point) * (1 - 2 * s))),
    )


@dataclasses.dataclass(frozen=True)
class NeuronExample:
    """One tanh neuron (w, b, x, z and tanh, tanh' at z; then at z_large), and a ReLU unit at
    relu_z with its slope and its weight gradient for an upstream gradient of 1."""

    w: np.ndarray
    b: float
    x: np.ndarray
    z: float
    tanh: float
    tanh_prime: float
    z_large: np.ndarray
    tanh_large: np.ndarray
    tanh_prime_large: np.ndarray
    relu_z: float
    relu: float
    relu_prime: float
    relu_grad_w: np.ndarray


def source_neuron_example() -> NeuronExample:
    """One tanh neuron: weights (0.5, 0.5), bias 0.5, input (1, 1), so z = 1.5; then z = +-10
    after a large update, and a ReLU unit at z = -10 (its dC/dw = relu'(z) x is exactly zero)."""
    w, b, x = np.array([0.5, 0.5]), 0.5, np.array([1.0, 1.0])
    z = float(w @ x + b)
    z_large = np.array([-10.0, 10.0])
    relu_z = -10.0
    return NeuronExample(
        w=w,
        b=b,
        x=x,
        z=z,
        tanh=float(tanh(z)),
        tanh_prime=float(tanh_prime(z)),
        z_large=z_large,
        tanh_large=tanh(z_large),
        tanh_prime_large=tanh_prime(z_large),
        relu_z=relu_z,
        relu=float(relu(relu_z)),
        relu_prime=float(relu_prime(relu_z)),
        relu_grad_w=relu_prime(relu_z) * x,
    )
