"""Activations: derivatives, known values, the comparison-table facts and the whole float range."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanishing.activations import (
    ACTIVATIONS,
    elu_prime,
    gelu,
    leaky_relu,
    leaky_relu_prime,
    relu_prime,
    sigmoid_prime,
    tanh,
    tanh_prime,
)

NAMES = list(ACTIVATIONS)
KINKED = {"relu", "leaky_relu", "elu"}  # a derivative jumps at 0 (ELU's second one)
GRID = np.linspace(-8, 8, 160_001)  # step 1e-4, wide enough for every maximum and minimum


def central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences_on_a_grid(name):
    act = ACTIVATIONS[name]
    x = np.linspace(-20, 20, 4001)
    if name in KINKED:
        x = x[np.abs(x) > 1e-3]
    np.testing.assert_allclose(act.df(x), central_difference(act.f, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", NAMES)
@given(x=st.floats(-50, 50))
def test_derivative_matches_central_differences_anywhere(name, x):
    if name in KINKED and abs(x) < 1e-3:
        x += 1.0  # step off the kink at 0
    act = ACTIVATIONS[name]
    assert act.df(x) == pytest.approx(central_difference(act.f, x), rel=1e-6, abs=1e-8)


def test_sigmoid_derivative_peaks_at_quarter():
    assert sigmoid_prime(0.0) == 0.25
    assert sigmoid_prime(GRID).max() == 0.25


def test_tanh_derivative_is_one_at_zero():
    assert tanh_prime(0.0) == 1.0


def test_tanh_of_one_and_a_half():
    assert tanh(1.5) == pytest.approx(0.9051482536448664, rel=1e-15)


def test_derivative_conventions_at_zero_follow_pytorch():
    assert relu_prime(0.0) == 0.0
    assert leaky_relu_prime(0.0) == 0.01
    assert leaky_relu_prime(0.0, slope=0.2) == 0.2
    assert elu_prime(0.0) == 1.0
    assert elu_prime(0.0, alpha=2.0) == 2.0


def test_leaky_relu_uses_its_slope():
    assert leaky_relu(-3.0, slope=0.2) == pytest.approx(-0.6)
    assert leaky_relu_prime(-3.0, slope=0.2) == 0.2


@given(x=st.floats(-60, 60))
def test_gelu_is_x_times_the_exact_normal_cdf(x):
    assert gelu(x) == pytest.approx(x * 0.5 * math.erfc(-x / math.sqrt(2)), rel=1e-15, abs=1e-300)


def test_textbook_derivative_formulas_round_to_zero_while_the_true_slope_does_not():
    # The formulas the site discusses: 1 - tanh^2 and s (1 - s) lose everything once f rounds to 1.
    assert tanh_prime(20.0) == 0.0 and 4 * math.exp(-40) > 0
    assert sigmoid_prime(40.0) == 0.0 and math.exp(-40) > 0


def _bound(text):
    """A bound of an output-range text: (value, decimals if approximate else None)."""
    text = text.strip().replace("−", "-")
    if text.endswith("∞"):
        return (-math.inf if text.startswith("-") else math.inf), None
    if text.startswith("≈"):
        number = text[1:].strip()
        return float(number), len(number.split(".")[1])
    return float(text), None


@pytest.mark.parametrize("name", NAMES)
def test_stated_output_range_matches_the_function(name):
    act = ACTIVATIONS[name]
    text = act.output_range
    (lo, lo_decimals), (hi, hi_decimals) = (_bound(t) for t in text[1:-1].split(","))
    y = act.f(GRID)
    if lo == -math.inf:
        assert act.f(-math.inf) == -math.inf
    elif text[0] == "(":  # approached but not attained
        assert y.min() > lo and act.f(-math.inf) == lo
    elif lo_decimals is None:
        assert y.min() == lo
    else:
        assert abs(y.min() - lo) <= 0.5 * 10.0**-lo_decimals
    if hi == math.inf:
        assert act.f(math.inf) == math.inf
    else:
        assert text[-1] == ")" and hi_decimals is None
        assert y.max() < hi and act.f(math.inf) == hi


@pytest.mark.parametrize("name", NAMES)
def test_stated_maximum_slope_and_its_location_match_the_function(name):
    act = ACTIVATIONS[name]
    slope = act.df(GRID)
    assert slope.max() == pytest.approx(act.max_slope, rel=1e-8)
    _, relation, value = act.max_slope_at.split()
    x0 = math.sqrt(float(value[1:])) if value.startswith("√") else float(value)
    steepest = GRID[slope.argmax()]
    if relation == "=":
        assert act.df(x0) == pytest.approx(act.max_slope, rel=1e-14)
        assert abs(steepest - x0) <= 1e-4  # the grid's step
    elif relation == "≈":
        assert abs(steepest - x0) <= 0.5 * 10.0 ** -len(value.split(".")[1]) + 1e-4
    else:  # attained on the whole half-line x > x0 or x >= x0
        assert np.all(slope[GRID > x0] == act.max_slope)
        assert np.all(slope[GRID < x0] < act.max_slope)
        assert (act.df(x0) == act.max_slope) == (relation == "≥")


@pytest.mark.parametrize("name", NAMES)
def test_zero_centred_means_zero_mean_output_for_standard_normal_input(name):
    act = ACTIVATIONS[name]
    x, dx = np.linspace(-12, 12, 240_001, retstep=True)
    mean = (act.f(x) * np.exp(-(x**2) / 2)).sum() * dx / math.sqrt(2 * math.pi)
    assert (abs(mean) < 1e-3) == act.zero_centred


@pytest.mark.parametrize("name", NAMES)
def test_can_die_means_exactly_zero_slope_on_the_negative_half_line(name):
    act = ACTIVATIONS[name]
    assert np.all(act.df(np.linspace(-30, -1e-3, 1000)) == 0) == act.can_die


@pytest.mark.parametrize("name", NAMES)
def test_saturates_means_the_slope_fades_without_reaching_zero_exactly(name):
    act = ACTIVATIONS[name]
    fades = min(abs(act.df(-30.0)), abs(act.df(30.0))) < 1e-6 * act.max_slope
    assert act.saturates == (fades and not act.can_die)


def test_registry_names_and_labels():
    assert NAMES == ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu"]
    assert all(name == act.name for name, act in ACTIVATIONS.items())
    assert ACTIVATIONS["leaky_relu"].label == "Leaky ReLU"


# f(-inf), f(+inf), f'(-inf), f'(+inf)
LIMITS = {
    "sigmoid": (0, 1, 0, 0),
    "tanh": (-1, 1, 0, 0),
    "relu": (0, math.inf, 0, 1),
    "leaky_relu": (-math.inf, math.inf, 0.01, 1),
    "elu": (-1, math.inf, 0, 1),
    "gelu": (0, math.inf, 0, 1),
    "silu": (0, math.inf, 0, 1),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_keep_dtype_and_give_the_limits(name, dtype):
    act = ACTIVATIONS[name]
    big = np.finfo(dtype).max
    huge = [-1e308, 1e308] if dtype == np.float64 else []  # beyond float32's range
    finite = np.array([-big, -1e4, -1000, 1000, 1e4, big, *huge], dtype)
    special = np.array([-np.inf, np.inf, np.nan], dtype)
    for f in (act.f, act.df):
        assert f(finite).dtype == dtype and np.all(np.isfinite(f(finite)))
        assert f(special).dtype == dtype
    f_lo, f_hi, df_lo, df_hi = LIMITS[name]
    np.testing.assert_array_equal(act.f(special), np.array([f_lo, f_hi, np.nan], dtype))
    np.testing.assert_array_equal(act.df(special), np.array([df_lo, df_hi, np.nan], dtype))


@pytest.mark.parametrize("name", NAMES)
@given(x32=st.floats(width=32), x64=st.floats())
def test_any_float_gives_a_finite_result_or_nan_for_nan(name, x32, x64):
    act = ACTIVATIONS[name]
    for x in (np.float32(x32), np.float64(x64)):
        for f in (act.f, act.df):
            y = f(x)
            assert y.dtype == x.dtype
            assert np.isnan(y) == np.isnan(x)
            assert np.isfinite(y) or not np.isfinite(x)


@pytest.mark.parametrize("name", NAMES)
def test_python_scalars_and_zero_d_arrays_work(name):
    act = ACTIVATIONS[name]
    for f in (act.f, act.df):
        expected = f(np.array([0.5, 2.0]))
        assert f(0.5) == expected[0] and f(np.array(0.5)) == expected[0]
        assert f(2).dtype == np.float64 and f(2) == expected[1]
