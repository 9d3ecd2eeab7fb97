"""Numbers quoted in the chapter on activation functions."""

from functools import cache

import numpy as np

from vanishing import activations
from vanishing.activations import ACTIVATIONS
from vanishing.network import SATURATION
from vanishing_site import runs
from vanishing_site.figures._curves import X
from vanishing_site.values import percent, sci, value

# The interval the chapter's figures draw, on a grid fine enough for three-digit minima.
_GRID = np.linspace(-6, 6, 120_001)


def saturation_onset(name: str) -> float:
    """The x > 0 beyond which phi'(x) stays below SATURATION times phi's largest slope,
    found by bisection on the library's phi' (which falls monotonically there)."""
    activation = ACTIVATIONS[name]
    level = SATURATION * activation.max_slope
    lo, hi = 0.0, 100.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if activation.df(mid) < level else (mid, hi)
    return hi


@cache
def _lowest(name: str, derivative: bool = False) -> tuple[float, float]:
    """(minimum, where) of phi, or of phi', of ACTIVATIONS[name] sampled on _GRID."""
    activation = ACTIVATIONS[name]
    values = (activation.df if derivative else activation.f)(_GRID)
    i = int(np.argmin(values))
    return float(values[i]), float(_GRID[i])


def _slope(slope: float) -> str:
    """A largest slope as the table prints it: exact when it is a short decimal."""
    return f"{slope:g}" if round(slope, 2) == slope else f"≈ {slope:.3f}"


@value
def sigmoid_prime_max() -> str:
    return f"{activations.sigmoid_prime(0.0):g}"


@value
def curve_range() -> str:
    """The inputs the activation figures are drawn over."""
    return f"{X[0]:g} to {X[-1]:g}".replace("-", "−")


@value
def sigmoid_at_0() -> str:
    return f"{activations.sigmoid(0.0):g}"


@value
def saturation_level() -> str:
    """The slope, as a share of the largest, below which the library calls a unit saturated."""
    return percent(SATURATION)


@value
def sigmoid_saturation_onset() -> str:
    return f"{saturation_onset('sigmoid'):.2f}"


@value
def tanh_saturation_onset() -> str:
    return f"{saturation_onset('tanh'):.2f}"


@value
def saturation_onset_ratio() -> str:
    return f"{saturation_onset('sigmoid') / saturation_onset('tanh'):.6f}"


@value
def sigmoid_prime_at_6() -> str:
    return f"{activations.sigmoid_prime(6.0):.4f}"


@value
def sigmoid_slope_zero_float32() -> str:
    """Where s (1 - s) first evaluates to exactly 0.0 in float32."""
    return f"{runs.thresholds().sel(activation='sigmoid', dtype='float32').threshold:.1f}"


@value
def sigmoid_slope_zero_float64() -> str:
    return f"{runs.thresholds().sel(activation='sigmoid', dtype='float64').threshold:.1f}"


@value
def tanh_sigmoid_identity_error() -> str:
    """Largest gap between tanh(x) and 2 sigma(2x) - 1 on the chapter's interval."""
    gap = np.abs(activations.tanh(_GRID) - (2 * activations.sigmoid(2 * _GRID) - 1)).max()
    return sci(gap, 1)


@value
def leaky_relu_negative_slope() -> str:
    return f"{activations.leaky_relu_prime(-1.0):g}"


@value
def elu_at_minus_6() -> str:
    return f"{activations.elu(-6.0):.4f}"


@value
def gelu_minimum() -> str:
    return f"{_lowest('gelu')[0]:.3f}"


@value
def gelu_minimum_at() -> str:
    return f"{_lowest('gelu')[1]:.2f}"


@value
def silu_minimum() -> str:
    return f"{_lowest('silu')[0]:.3f}"


@value
def silu_minimum_at() -> str:
    return f"{_lowest('silu')[1]:.2f}"


@value
def gelu_max_slope() -> str:
    return f"{ACTIVATIONS['gelu'].max_slope:.4f}"


@value
def silu_max_slope() -> str:
    return f"{ACTIVATIONS['silu'].max_slope:.4f}"


@value
def silu_max_slope_at() -> str:
    return f"{ACTIVATIONS['silu'].max_slope_on.lower:.3f}"


def slope_reaches_one(name: str) -> float:
    """The x > 0 where phi'(x) first exceeds 1, for GELU and SiLU: phi' - 1 is negative at 0
    (phi'(0) = 1/2) and positive at the steepest point, and phi' rises in between, so bisection
    on that bracket finds the one crossing (to float64 resolution)."""
    act = ACTIVATIONS[name]
    low, high = 0.0, act.max_slope_on.lower
    while high - low > 1e-12:
        middle = (low + high) / 2
        low, high = (middle, high) if act.df(middle) < 1 else (low, middle)
    return (low + high) / 2


@value
def gelu_slope_above_one_from() -> str:
    return f"{slope_reaches_one('gelu'):.2f}"


@value
def silu_slope_above_one_from() -> str:
    return f"{slope_reaches_one('silu'):.2f}"


@value
def gelu_min_slope() -> str:
    return f"{_lowest('gelu', derivative=True)[0]:.4f}"


@value
def gelu_slope_symmetry_error() -> str:
    """Largest gap from 1 of GELU'(x) + GELU'(-x) on the chapter's interval."""
    total = activations.gelu_prime(_GRID) + activations.gelu_prime(-_GRID)
    return sci(np.abs(total - 1).max(), 1)


@value
def activation_table() -> str:
    """The comparison table, one row per activation, written from the registry's facts."""
    yes = {True: "yes", False: "no"}
    rows = [
        "| Activation | Output range | Largest slope | Attained at | Zero-centred "
        "| Saturates | Can die |",
        "| --- | --- | ---: | --- | --- | --- | --- |",
    ]
    for a in ACTIVATIONS.values():
        where = "nowhere (approached)" if a.max_slope_on is None else a.max_slope_on.describe()
        range_ = str(a.output_range).replace(" ", "\N{NO-BREAK SPACE}")  # one line: [≈ −0.170, ∞)
        cells = (a.label, range_, _slope(a.max_slope), where,
                 yes[a.zero_centred], yes[a.saturates], yes[a.can_die])  # fmt: skip
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows)
