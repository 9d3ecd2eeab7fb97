"""Initialisation schemes: variances as the papers state them, and samples that follow them."""

import math

import numpy as np
import pytest

from vanishing.initialisation import SCHEMES, init_weights, weight_variance

FAN_IN, FAN_OUT = 400, 1200  # unequal, so fan_in and fan_out formulas differ
KURTOSIS = {"normal": 3.0, "uniform": 1.8}

# The papers' formulas, written out independently of the registry.
PAPER_VARIANCE = {
    "small": 0.01**2,
    "standard": (1 / math.sqrt(FAN_IN)) ** 2 / 3,
    "lecun_normal": 1 / FAN_IN,
    "xavier_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)) ** 2 / 3,
    "xavier_normal": 2 / (FAN_IN + FAN_OUT),
    "he_normal": 2 / FAN_IN,
    "he_uniform": math.sqrt(6 / FAN_IN) ** 2 / 3,
}
UNIFORM_BOUND = {
    "standard": 1 / math.sqrt(FAN_IN),
    "xavier_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(6 / FAN_IN),
}


def test_registry_holds_the_papers_schemes_with_labels_and_citations():
    assert set(SCHEMES) == set(PAPER_VARIANCE)
    for name, scheme in SCHEMES.items():
        assert scheme.name == name and scheme.label and scheme.citation
    assert "Glorot & Bengio 2010" in SCHEMES["xavier_uniform"].citation
    assert "He, Zhang, Ren & Sun 2015" in SCHEMES["he_normal"].citation


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_variance_formula_is_the_papers(scheme):
    assert weight_variance(scheme, FAN_IN, FAN_OUT) == pytest.approx(PAPER_VARIANCE[scheme])


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_empirical_variance_matches_the_formula(scheme):
    W = init_weights(scheme, FAN_IN, FAN_OUT, np.random.default_rng(0))
    assert W.shape == (FAN_OUT, FAN_IN)
    variance = weight_variance(scheme, FAN_IN, FAN_OUT)
    # Standard error of a sample variance: Var sqrt((kurtosis - 1) / N); allow five of them.
    kurtosis = KURTOSIS[SCHEMES[scheme].distribution]
    standard_error = variance * math.sqrt((kurtosis - 1) / W.size)
    assert abs(W.var() - variance) < 5 * standard_error
    assert abs(W.mean()) < 5 * math.sqrt(variance / W.size)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_samples_have_the_named_distribution(scheme):
    W = init_weights(scheme, FAN_IN, FAN_OUT, np.random.default_rng(1))
    kurtosis = np.mean(W**4) / np.mean(W**2) ** 2
    assert kurtosis == pytest.approx(KURTOSIS[SCHEMES[scheme].distribution], abs=0.05)


@pytest.mark.parametrize("scheme", list(UNIFORM_BOUND))
def test_uniform_schemes_fill_the_papers_interval(scheme):
    W = init_weights(scheme, FAN_IN, FAN_OUT, np.random.default_rng(2))
    bound = UNIFORM_BOUND[scheme]
    assert np.abs(W).max() <= bound
    assert np.abs(W).max() > 0.999 * bound


def test_a_seed_fixes_the_weights():
    draw = [init_weights("he_normal", 5, 3, np.random.default_rng(7)) for _ in range(2)]
    np.testing.assert_array_equal(*draw)
