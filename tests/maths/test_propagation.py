"""Finite random networks against the mean-field theory: q, c and chi_1 within 0.1 decade at
width 256 and more, and the Jacobian spectra of orthogonal and Gaussian networks."""

import numpy as np
import pytest

from vanishing import meanfield as mf
from vanishing import propagation as pr
from vanishing.activations import LINEAR

WIDTH = 256
DECADE = 0.1

CASES = [  # (activation, sigma_w^2, sigma_b^2): ordered, chaotic and critical
    ("tanh", 0.8, 0.05),
    ("tanh", 2.5, 0.05),
    ("relu", 2.0, 0.0),
    ("sigmoid", 1.0, 0.0),
]


def decades(measured, predicted):
    return np.abs(np.log10(np.asarray(measured) / np.asarray(predicted)))


def test_inputs_have_the_requested_length_and_cosine():
    X = pr.inputs_with(64, 1.7, 0.3, 5, np.random.default_rng(0))
    np.testing.assert_allclose((X**2).sum(axis=1) / 64, 1.7, rtol=1e-12)
    assert pr.mean_pairwise_cosine(X) == pytest.approx(0.3, rel=1e-12)


def test_mean_pairwise_cosine_centred_and_uncentred():
    H = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.5], [1.0, 1.0, 1.2]])
    unit = H / np.linalg.norm(H, axis=1, keepdims=True)
    pairs = [unit[0] @ unit[1], unit[0] @ unit[2], unit[1] @ unit[2]]
    assert pr.mean_pairwise_cosine(H) == pytest.approx(np.mean(pairs), rel=1e-14)
    pearson = np.corrcoef(H)[np.triu_indices(3, 1)].mean()
    assert pr.mean_pairwise_cosine(H, centred=True) == pytest.approx(pearson, rel=1e-12)


@pytest.mark.parametrize("weights", pr.WEIGHTS)
def test_weights_have_variance_sigma_w2_over_width(weights):
    (W, b), *_ = pr.random_layers(512, 2, 1.7, 0.3, np.random.default_rng(0), weights)
    assert W.var() * 512 == pytest.approx(1.7, rel=0.01)
    assert b.var() == pytest.approx(0.3, rel=0.2)


def test_orthogonal_weights_are_orthogonal():
    ((W, _),) = pr.random_layers(64, 1, 2.0, 0.0, np.random.default_rng(0), "orthogonal")
    np.testing.assert_allclose(W @ W.T, 2.0 * np.eye(64), atol=1e-12)


@pytest.mark.parametrize(("activation", "sigma_w2", "sigma_b2"), CASES)
def test_length_and_correlation_follow_the_mean_field_maps(activation, sigma_w2, sigma_b2):
    # 16 inputs whose every pair has cosine c0: the prediction holds for each of the 120 pairs,
    # and their mean is steadier than one pair's (chaotic tanh carries finite-width noise
    # through about xi_c layers).
    c0, depth = 0.2, 12
    X = pr.inputs_with(WIDTH, 1.0, c0, 16, np.random.default_rng(100))
    measured = pr.measure_signal(activation, sigma_w2, sigma_b2, X, depth, seeds=range(8))
    predicted = mf.signal_profile(activation, sigma_w2, sigma_b2, depth, 1.0, 1.0, c0)
    assert decades(measured.q_mean, predicted.q_a).max() < DECADE
    assert decades(measured.cosine_mean, predicted.c).max() < DECADE


def test_ordered_sigmoid_distance_between_inputs_shrinks_as_predicted():
    # 1 - c_l, the distance the forward collapse removes, against the theory, layer by layer.
    X = pr.inputs_with(WIDTH, 1.0, 0.0, 2, np.random.default_rng(1))
    measured = pr.measure_signal("sigmoid", 1.0, 0.0, X, 4, seeds=range(8))
    predicted = mf.signal_profile("sigmoid", 1.0, 0.0, 4, 1.0, 1.0, 0.0)
    assert decades(1 - measured.cosine_mean, 1 - predicted.c).max() < DECADE


@pytest.mark.parametrize(("activation", "sigma_w2"), [("tanh", 0.8), ("tanh", 2.5), ("relu", 2.0)])
def test_gradient_factor_per_layer_is_chi1(activation, sigma_w2):
    # Inputs whose first layer already sits at q*: sigma_w^2 x.x/N = q* (no biases).
    q_star = float(mf.length_fixed_point(activation, sigma_w2, 0.0))
    length = max(q_star, 1.0 if activation == "relu" else 0.0) / sigma_w2
    if activation == "tanh" and sigma_w2 < 1:
        length = 1e-6 / sigma_w2  # q* = 0: start close to it
    X = pr.inputs_with(WIDTH, length, 0.5, 16, np.random.default_rng(2))
    measured = pr.gradient_factor(activation, sigma_w2, 0.0, X, 10, seeds=range(8))
    chi1 = mf.slope_factor(activation, sigma_w2, sigma_w2 * length)
    assert decades(measured.factor.mean(axis=0), chi1).max() < DECADE
    assert decades(measured.geometric_mean, chi1) < 0.02


def test_orthogonal_linear_network_has_all_singular_values_one():
    spectrum = pr.jacobian_spectrum(LINEAR, 1.0, 0.0, 128, 50, "orthogonal", seeds=range(2))
    np.testing.assert_allclose(spectrum.singular_values, 1.0, atol=1e-12)


def test_gaussian_linear_network_spreads_its_singular_values():
    spectrum = pr.jacobian_spectrum(LINEAR, 1.0, 0.0, 128, 50, "gaussian", seeds=range(8))
    # The mean squared singular value is chi_1^L = 1 in expectation (heavy-tailed over seeds),
    # yet the singular values span many decades.
    assert decades(spectrum.mean_squared, 1.0) < 0.3
    assert spectrum.log10_spread > 1


def test_critical_tanh_is_nearly_isometric_only_with_orthogonal_weights():
    # Near sigma_b^2 = 0 the edge of chaos has small q*, where tanh is almost linear.
    sigma_b2 = 1e-5
    sigma_w2 = float(mf.edge_of_chaos("tanh", sigma_b2))
    q0 = float(mf.length_fixed_point("tanh", sigma_w2, sigma_b2))
    spread = {
        w: pr.jacobian_spectrum("tanh", sigma_w2, sigma_b2, WIDTH, 32, w, q0, range(4))
        for w in pr.WEIGHTS
    }
    assert spread["orthogonal"].log10_spread < 0.1
    assert spread["gaussian"].log10_spread > 10 * spread["orthogonal"].log10_spread
    # Both keep the mean squared singular value near chi_1^L = 1; only the spread differs.
    assert decades(spread["orthogonal"].mean_squared, 1.0) < DECADE
