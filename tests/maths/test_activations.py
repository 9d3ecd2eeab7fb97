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


@given(x=st.floats(-20, 20))
def test_tanh_agrees_with_pythons_math_tanh(x):
    # math.tanh is the C library's, an implementation independent of numpy's.
    assert tanh(x) == pytest.approx(math.tanh(x), rel=4e-16, abs=1e-300)


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


def _bisect(f, lo, hi):
    """A root of f in [lo, hi], where f changes sign, to float64's resolution (math only)."""
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (f(mid) < 0) == (f(lo) < 0) else (lo, mid)
    return (lo + hi) / 2


@pytest.mark.parametrize("name", NAMES)
def test_stated_output_range_matches_the_function(name):
    act = ACTIVATIONS[name]
    lo, hi = act.output_range.lower, act.output_range.upper
    y = act.f(GRID)
    assert all(v in act.output_range for v in y[np.isfinite(y)])
    # Each end is the limit at the infinities (open) or the function's least value (closed).
    if act.output_range.lower_closed:
        assert y.min() == pytest.approx(lo, abs=1e-9)
    else:
        assert act.f(-math.inf) == lo == act.limits[0]
    assert not act.output_range.upper_closed and act.f(math.inf) == hi == act.limits[1]


def test_gelu_and_silu_minima_solve_their_stationarity_conditions():
    # GELU' = Phi(x) + x phi(x) and SiLU' = s (1 + x (1 - s)) vanish at the minimum.
    phi = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    Phi = lambda x: 0.5 * math.erfc(-x / math.sqrt(2))  # noqa: E731
    s = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    x = _bisect(lambda x: Phi(x) + x * phi(x), -2.0, 0.0)
    assert ACTIVATIONS["gelu"].output_range.lower == pytest.approx(x * Phi(x), rel=1e-14)
    x = _bisect(lambda x: s(x) * (1 + x * (1 - s(x))), -3.0, 0.0)
    assert ACTIVATIONS["silu"].output_range.lower == pytest.approx(x * s(x), rel=1e-14)
    # SiLU'' = s (1 - s) (2 + x (1 - 2 s)) vanishes at the steepest point.
    x = _bisect(lambda x: 2 + x * (1 - 2 * s(x)), 1.0, 4.0)
    assert ACTIVATIONS["silu"].max_slope_on.lower == pytest.approx(x, rel=1e-14)
    assert ACTIVATIONS["silu"].max_slope == pytest.approx(s(x) * (1 + x * (1 - s(x))), rel=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_stated_maximum_slope_and_its_location_match_the_function(name):
    act = ACTIVATIONS[name]
    slope = act.df(GRID)
    assert slope.max() == pytest.approx(act.max_slope, rel=1e-8)
    where = act.max_slope_on
    if where is None:  # approached, never attained
        assert np.all(slope < act.max_slope)
    elif where.lower == where.upper:  # one point
        assert act.df(where.lower) == pytest.approx(act.max_slope, rel=1e-14)
        assert abs(GRID[slope.argmax()] - where.lower) <= 1e-4  # the grid's step
    else:  # a half-line
        inside = np.array([x in where for x in GRID])
        assert np.all(slope[inside] == act.max_slope)
        assert np.all(slope[~inside] < act.max_slope)


def test_interval_text_follows_its_numbers():
    assert str(ACTIVATIONS["relu"].output_range) == "[0, ∞)"
    assert str(ACTIVATIONS["leaky_relu"].output_range) == "(−∞, ∞)"
    assert str(
        ACTIVATIONS["gelu"].output_range
    ) == f"[≈ {ACTIVATIONS['gelu'].output_range.lower:.3f}, ∞)".replace("-", "−")
    assert ACTIVATIONS["elu"].max_slope_on.describe() == "x ≥ 0"
    assert ACTIVATIONS["relu"].max_slope_on.describe() == "x > 0"
    assert ACTIVATIONS["gelu"].max_slope_on.describe() == "x = √2"
    assert ACTIVATIONS["silu"].max_slope_on.describe() == "x ≈ 2.399"


def test_an_unknown_activation_lists_the_valid_names_and_the_closest():
    with pytest.raises(KeyError) as error:
        ACTIVATIONS["rleu"]
    message = str(error.value)
    assert "did you mean 'relu'?" in message
    assert all(name in message for name in NAMES)


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


def test_registry_entries_are_filed_under_their_names_with_distinct_labels():
    assert all(name == act.name for name, act in ACTIVATIONS.items())
    assert len({a.label for a in ACTIVATIONS.values()}) == len(ACTIVATIONS)
    assert len({a.symbol for a in ACTIVATIONS.values()}) == len(ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
def test_stated_limits_are_approached_by_large_finite_inputs(name):
    act = ACTIVATIONS[name]
    for x, limit, slope in zip((-1e4, 1e4), act.limits, act.slope_limits, strict=True):
        value = act.f(x)
        assert (
            value == pytest.approx(limit, abs=1e-12)
            if math.isfinite(limit)
            else (np.sign(value) == np.sign(limit) and abs(value) >= 1e2)
        )
        assert act.df(x) == pytest.approx(slope, abs=1e-12)


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
    (f_lo, f_hi), (df_lo, df_hi) = act.limits, act.slope_limits
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
