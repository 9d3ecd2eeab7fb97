"""Initialisation schemes: variances as the papers state them, samples that follow them, the
orthogonal scheme's orthogonality and torch.nn.Linear's default biases."""

import math

import numpy as np
import pytest

from vanishing.initialisation import (
    SCHEMES,
    Scheme,
    init_biases,
    init_weights,
    orthogonal,
    weight_variance,
    zeros,
)
from vanishing.network import init_network

FAN_IN, FAN_OUT = 400, 1200  # unequal, so fan_in and fan_out formulas differ

# The papers' formulas, written out independently of the registry, and the kurtosis E[w^4] /
# E[w^2]^2 of the distribution each draws from (normal 3, uniform 9/5).
PAPER_VARIANCE = {
    "small": 0.01**2,
    "standard": (1 / math.sqrt(FAN_IN)) ** 2 / 3,
    "lecun_normal": 1 / FAN_IN,
    "xavier_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)) ** 2 / 3,
    "xavier_normal": 2 / (FAN_IN + FAN_OUT),
    "he_normal": 2 / FAN_IN,
    "he_uniform": math.sqrt(6 / FAN_IN) ** 2 / 3,
    "pytorch_default": (1 / math.sqrt(FAN_IN)) ** 2 / 3,
}
UNIFORM_BOUND = {
    "standard": 1 / math.sqrt(FAN_IN),
    "xavier_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(6 / FAN_IN),
    # kaiming_uniform_(a=sqrt 5): gain sqrt(2 / (1 + a^2)) times sqrt(3 / fan_in).
    "pytorch_default": math.sqrt(2 / (1 + 5)) * math.sqrt(3 / FAN_IN),
}
KURTOSIS = {name: 1.8 if name in UNIFORM_BOUND else 3.0 for name in PAPER_VARIANCE}


def test_every_registered_scheme_is_checked_here():
    assert set(SCHEMES) == set(PAPER_VARIANCE) | {"orthogonal"}
    for name, scheme in SCHEMES.items():
        assert scheme.name == name and scheme.label


@pytest.mark.parametrize("scheme", list(PAPER_VARIANCE))
def test_variance_formula_is_the_papers(scheme):
    assert weight_variance(scheme, FAN_IN, FAN_OUT) == pytest.approx(PAPER_VARIANCE[scheme])


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_empirical_variance_matches_the_formula(scheme):
    W = init_weights(scheme, FAN_IN, FAN_OUT, np.random.default_rng(0))
    assert W.shape == (FAN_OUT, FAN_IN)
    variance = weight_variance(scheme, FAN_IN, FAN_OUT)
    # Standard error of a sample variance: Var sqrt((kurtosis - 1) / N); allow five of them.
    standard_error = variance * math.sqrt((KURTOSIS.get(scheme, 3.0) - 1) / W.size)
    assert abs(W.var() - variance) < 5 * standard_error
    assert abs(W.mean()) < 5 * math.sqrt(variance / W.size)


@pytest.mark.parametrize("scheme", list(PAPER_VARIANCE))
def test_samples_have_the_named_distribution(scheme):
    W = init_weights(scheme, FAN_IN, FAN_OUT, np.random.default_rng(1))
    kurtosis = np.mean(W**4) / np.mean(W**2) ** 2
    assert kurtosis == pytest.approx(KURTOSIS[scheme], abs=0.05)


@pytest.mark.parametrize("scheme", list(UNIFORM_BOUND))
def test_uniform_schemes_fill_the_papers_interval(scheme):
    W = init_weights(scheme, FAN_IN, FAN_OUT, np.random.default_rng(2))
    bound = UNIFORM_BOUND[scheme]
    assert np.abs(W).max() <= bound
    assert np.abs(W).max() > 0.999 * bound


@pytest.mark.parametrize(("fan_in", "fan_out"), [(300, 300), (400, 100), (100, 400)])
@pytest.mark.parametrize("gain", [1.0, 2.5])
def test_orthogonal_weights_are_orthogonal_times_the_gain(fan_in, fan_out, gain):
    scheme = Scheme("o", "o", lambda i, o: gain**2 / max(i, o), orthogonal(gain), zeros)
    W = scheme.weights(fan_in, fan_out, np.random.default_rng(3))
    assert W.shape == (fan_out, fan_in)
    # Orthonormal rows (a wide W) or columns (a tall one), scaled by the gain.
    gram = W @ W.T if fan_out <= fan_in else W.T @ W
    np.testing.assert_allclose(gram, gain**2 * np.eye(min(fan_in, fan_out)), atol=1e-12)
    # So the squares sum to gain^2 min(fan_in, fan_out) exactly: the mean square is the variance.
    assert np.mean(W**2) == pytest.approx(gain**2 / max(fan_in, fan_out), rel=1e-12)
    assert np.mean(W**2) == pytest.approx(scheme.variance(fan_in, fan_out), rel=1e-12)


def test_orthogonal_draws_are_not_biased_towards_positive_diagonals():
    # Without the sign correction, QR makes R's diagonal positive and Q's columns lean that way;
    # with it, Q is Haar-distributed and each diagonal entry is as often negative as positive.
    rng = np.random.default_rng(4)
    diagonals = np.array([np.diag(SCHEMES["orthogonal"].weights(4, 4, rng)) for _ in range(2000)])
    positive = np.mean(diagonals > 0)
    assert abs(positive - 0.5) < 5 * math.sqrt(0.25 / diagonals.size)


def test_pytorch_default_draws_biases_uniform_in_one_over_root_fan_in():
    b = init_biases("pytorch_default", FAN_IN, 100_000, np.random.default_rng(5))
    bound = 1 / math.sqrt(FAN_IN)
    assert np.abs(b).max() <= bound and np.abs(b).max() > 0.999 * bound
    variance = bound**2 / 3  # of U(-bound, bound)
    assert abs(b.var() - variance) < 5 * variance * math.sqrt(0.8 / b.size)


@pytest.mark.parametrize("scheme", sorted(set(SCHEMES) - {"pytorch_default"}))
def test_other_schemes_start_biases_at_zero_and_draw_nothing_for_them(scheme):
    rng, untouched = np.random.default_rng(6), np.random.default_rng(6)
    np.testing.assert_array_equal(init_biases(scheme, FAN_IN, 7, rng), np.zeros(7))
    assert rng.random() == untouched.random()


def test_networks_get_their_biases_from_the_scheme_weights_first():
    params = init_network(3, 4, 2, 2, "pytorch_default", np.random.default_rng(8))
    rng = np.random.default_rng(8)
    for fan_in, p in zip((3, 4, 4), params, strict=True):
        np.testing.assert_array_equal(
            p["W"], init_weights("pytorch_default", fan_in, len(p["b"]), rng)
        )
        np.testing.assert_array_equal(
            p["b"], init_biases("pytorch_default", fan_in, len(p["b"]), rng)
        )
    assert all(np.all(p["b"] == 0) for p in init_network(3, 4, 2, 2, "he_normal", rng))


def test_an_unknown_scheme_lists_the_valid_names_and_the_closest():
    with pytest.raises(KeyError, match="did you mean 'he_normal'"):
        init_weights("he_norml", 3, 3, np.random.default_rng(0))


def test_a_seed_fixes_the_weights():
    draw = [init_weights("he_normal", 5, 3, np.random.default_rng(7)) for _ in range(2)]
    np.testing.assert_array_equal(*draw)
