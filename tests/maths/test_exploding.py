"""Exploding gradients: divergence without clipping and training with it, the product of random
matrices against its exact growth rate, and the float range it leaves."""

import math

import numpy as np
import pytest

from vanishing.exploding import (
    EULER_GAMMA,
    clipping_comparison,
    critical_sigma2,
    digamma_half_integer,
    exploding_chain,
    float_limit,
    log_growth_per_layer,
    random_product,
    scalar_chain,
    trigamma_half_integer,
)


@pytest.fixture(scope="module")
def comparison():
    return clipping_comparison()


def test_unclipped_sgd_diverges_on_every_seed(comparison):
    assert (comparison.diverged_at > 0).all()
    assert np.isnan(comparison.unclipped_loss[:, -1]).all()


def test_clipped_sgd_trains_on_every_seed(comparison):
    loss, accuracy = comparison.clipped_loss, comparison.clipped_accuracy
    assert np.isfinite(loss).all()
    assert (loss[:, -1] < 0.01 * loss[:, 0]).all()
    assert (accuracy[:, -1] > 0.95).all()  # three classes: chance is 1/3
    # the clip was active: the pre-clip gradient norm started far above max_norm
    assert (comparison.grad_norm[:, 0] > 100 * comparison.max_norm).all()


def test_both_runs_start_from_the_same_network(comparison):
    np.testing.assert_array_equal(comparison.unclipped_loss[:, 0], comparison.clipped_loss[:, 0])


def test_delta_grows_by_the_gain_per_layer_toward_the_input(comparison):
    # ReLU, Var(w) = 2 g^2 / n: E||delta_l||^2 = g^2 E||delta_{l+1}||^2.
    log_delta = np.log(comparison.delta_at_init)
    per_layer = (log_delta[:, 0] - log_delta[:, -1]) / (comparison.depth - 1)
    assert per_layer.mean() == pytest.approx(math.log(comparison.gain), abs=0.1)


def test_digamma_and_trigamma_at_half_integers_match_known_values():
    assert digamma_half_integer(2) == pytest.approx(-EULER_GAMMA)  # psi(1)
    assert digamma_half_integer(1) == pytest.approx(-EULER_GAMMA - 2 * math.log(2))  # psi(1/2)
    assert trigamma_half_integer(2) == pytest.approx(math.pi**2 / 6)
    assert trigamma_half_integer(1) == pytest.approx(math.pi**2 / 2)
    # the asymptotic series psi(x) ~ log x - 1/(2x) - 1/(12 x^2), psi'(x) ~ 1/x + 1/(2x^2)
    x = 50.0
    assert digamma_half_integer(100) == pytest.approx(
        math.log(x) - 1 / (2 * x) - 1 / (12 * x**2), abs=1e-8
    )
    assert trigamma_half_integer(101) == pytest.approx(
        1 / 50.5 + 1 / (2 * 50.5**2) + 1 / (6 * 50.5**3), abs=1e-8
    )


def test_log_growth_matches_monte_carlo_of_chi_squared():
    rng = np.random.default_rng(0)
    for n in (1, 2, 7, 64):
        samples = 0.5 * np.log(3.0 / n * rng.chisquare(n, size=400_000))
        mean, var = log_growth_per_layer(n, 3.0)
        assert samples.mean() == pytest.approx(mean, abs=5 * math.sqrt(var / 400_000))
        assert samples.var() == pytest.approx(var, rel=0.02)


@pytest.mark.parametrize("n, sigma2", [(2, 1.0), (4, 2.0), (32, 1.0)])
def test_random_product_grows_at_the_exact_rate(n, sigma2):
    result = random_product(n, sigma2, 1000)
    standard_error = math.sqrt(result.exact_var / (1000 * 10))
    assert abs(result.measured_mean - result.exact_mean) < 4 * standard_error
    # the spread of log ||W_L...W_1 v|| over seeds: variance L * var
    assert result.log_norms[:, -1].var(ddof=1) == pytest.approx(1000 * result.exact_var, rel=0.8)


def test_the_naive_rate_half_log_sigma2_misses_at_small_width():
    result = random_product(2, 1.0, 2000)
    standard_error = math.sqrt(result.exact_var / (2000 * 10))
    # sigma2 = 1 is not critical at n = 2: the product shrinks by exp(-gamma / 2) per layer.
    assert result.exact_mean == pytest.approx(-EULER_GAMMA / 2)
    assert result.measured_mean < -20 * standard_error
    assert critical_sigma2(2) == pytest.approx(math.exp(EULER_GAMMA))
    assert log_growth_per_layer(2, critical_sigma2(2))[0] == pytest.approx(0, abs=1e-14)
    assert 1 < critical_sigma2(1000) < 1 + 1.01 / 1000


@pytest.mark.parametrize("sigma2", [16.0, 4.0, 1 / 16])
def test_float32_leaves_its_range_where_the_float64_trajectory_says(sigma2):
    single, double = (
        float_limit(64, sigma2, "float32", 1200),
        float_limit(64, sigma2, "float64", 1200),
    )
    for result in (single, double):
        assert result.layer > 0 and abs(result.layer - result.predicted) <= 1
    # the layer is the log of the format's range over the growth rate per layer
    growth = log_growth_per_layer(64, sigma2)[0]

    def log_range(dtype):
        info = np.finfo(dtype)
        return math.log(info.max) if growth > 0 else math.log(2) - math.log(info.smallest_subnormal)

    assert single.layer == pytest.approx(log_range("float32") / abs(growth), rel=0.1)
    assert double.layer == pytest.approx(log_range("float64") / abs(growth), rel=0.1)


def test_scalar_chain_derivatives_match_central_differences():
    rng = np.random.default_rng(0)
    weights, biases = rng.normal(0, 3, 6), rng.normal(0, 1, 6)
    chain = scalar_chain(weights, biases, 0.7)
    for layer in range(6):
        up, down = biases.copy(), biases.copy()
        up[layer] += 1e-6
        down[layer] -= 1e-6
        numeric = (
            scalar_chain(weights, up, 0.7).a[-1] - scalar_chain(weights, down, 0.7).a[-1]
        ) / 2e-6
        assert chain.dadb[layer] == pytest.approx(numeric, rel=1e-6, abs=1e-9)  # round-off


def test_nielsens_chain_explodes_by_twenty_five_per_layer():
    chain = exploding_chain(10)
    np.testing.assert_allclose(chain.z, 0, atol=1e-12)
    np.testing.assert_allclose(chain.dadb, 0.25 * 25.0 ** np.arange(9, -1, -1), rtol=1e-12)


def test_a_chain_of_unit_weights_vanishes_by_at_least_four_per_layer():
    rng = np.random.default_rng(1)
    chain = scalar_chain(np.ones(20), rng.normal(size=20))
    ratios = chain.dadb[:-1] / chain.dadb[1:]  # one factor w sigma'(z) <= 1/4 each
    assert (ratios <= 0.25).all()
