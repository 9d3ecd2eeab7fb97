"""The normalisation chapter: BatchNorm's batch dependence against its mechanism (batch
statistics), LayerNorm's independence, symmetry kept exactly under SGD and Adam, and Adam's
first step against its closed form lr g / (|g| + eps)."""

import numpy as np
import pytest

from vanishing.experiments import normalisation as settings
from vanishing.experiments.results import SeedSummary
from vanishing.network import batchnorm_statistics, forward, init_network, loss_and_gradients
from vanishing.training import adam_init, adam_step, spirals
from vanishing_site import gallery, runs
from vanishing_site.figures.adam_steps import EPS
from vanishing_site.values import mean_spread
from vanishing_site.values import normalisation_and_symmetry as q


def test_batchnorm_gap_shrinks_with_the_batch_and_vanishes_with_population_statistics():
    gap = runs.batch_size_gap().batchnorm
    assert gap.shape[0] >= 8
    mean = gap.mean(axis=0)
    # below B = 4 the gap saturates near the output's own size; above it, it falls steadily
    assert np.all(np.diff(mean[1:]) < 0) and mean[0] > 2 * mean[-1]
    # the mechanism: a "batch" that is the whole data set has the population's statistics
    params, X = settings._gaussian_network(0, "batchnorm")
    statistics = batchnorm_statistics(params, X, "relu")
    assert settings.relative_gap(params, X, len(X), statistics) < 1e-12


def test_layernorm_outputs_do_not_depend_on_the_batch():
    assert runs.batch_size_gap().layernorm.max() < 1e-12
    params, X = settings._gaussian_network(1, "layernorm")
    X_other = X.copy()
    X_other[1:] *= 3  # change every other example of the batch
    first = forward(params, X, "relu")["output"][0]
    assert np.allclose(first, forward(params, X_other, "relu")["output"][0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("optimiser", [0, 1])
def test_constant_initialisation_stays_exactly_symmetric(optimiser):
    result = runs.constant_symmetry()
    assert result.optimisers == ("sgd", "adam")
    assert np.all(result.spread[optimiser] == 0)
    assert result.accuracy[optimiser].mean() < result.random_accuracy.mean() - 0.3


def test_a_random_readout_frees_only_the_last_hidden_layer():
    spread = runs.readout_symmetry()
    assert spread[-1] > 0.01 and np.all(spread[:-1] == 0)


def test_adam_first_step_is_lr_g_over_abs_g_plus_eps():
    rng = np.random.default_rng(3)
    X, labels = spirals(rng=rng)
    params = init_network(2, 16, 6, 3, "standard", rng)
    _, _, grads = loss_and_gradients(params, X[:32], labels[:32], "sigmoid")
    new, _ = adam_step(params, grads, adam_init(params), 1e-3)
    for p, g, n in zip(params, grads, new, strict=True):
        expected = p["W"] - 1e-3 * g["W"] / (np.abs(g["W"]) + EPS)
        assert np.allclose(n["W"], expected, rtol=0, atol=1e-15)


def test_adam_levels_the_steps_where_the_gradient_clears_eps_and_sgd_does_not():
    result = runs.step_sizes()
    depth = settings.STEP_DEPTHS[0]
    mask = settings.above(result.grad[0, :, :depth], 100 * EPS)
    assert mask.sum(axis=1).min() >= 3
    assert settings.span(result.adam[0, :, :depth], mask).max() < 2
    assert settings.span(result.sgd[0, :, :depth], mask).min() > 10
    # SGD's step is lr times the gradient, layer by layer
    assert np.allclose(result.sgd, settings.STEP_LR * result.grad, equal_nan=True)


def test_below_eps_adam_asks_for_less_than_float64_can_represent():
    result = runs.step_sizes()
    intended = settings.STEP_LR * result.grad[1, :, 0] / EPS
    assert np.all(intended < np.spacing(0.1))  # the weights are of order 1/sqrt(32)
    assert int(q.adam_frozen_long().split()[0]) >= 1


def test_values_and_figures_quote_the_runs():
    gap = runs.batch_size_gap().batchnorm
    assert q.gap_smallest().startswith(f"{gap[:, 0].mean():.2f} ± ")
    assert q.exercise_small() == f"{100 * 1e-10 / (1e-10 + 1e-8):.1f}%"
    data = gallery.figure_data("batchnorm_batch_size")
    assert np.allclose(data["gap_mean"], gap.mean(axis=0))
    steps = gallery.figure_data("adam_steps")
    assert np.allclose(steps["adam_10"][9], 10 ** np.log10(runs.step_sizes().adam[0, :, 9]).mean())
    # the step-size networks' width and batch, which the prose states
    assert (q.step_width(), q.step_batch()) == ("32", "32")
    assert (settings.STEP_WIDTH, settings.STEP_BATCH) == (32, 32)


def test_blocks_with_zero_gamma_are_the_identity_and_with_gamma_one_grow():
    result = runs.identity_blocks()
    np.testing.assert_array_equal(result.growth[1], 1)
    np.testing.assert_array_equal(result.gradient_ratio[1], 1)
    assert q.blocks_zero() == "1"
    assert np.all(result.growth[0] > 5) and np.all(result.gradient_ratio[0] > 5)
    assert len(result.growth[0]) >= 8


def test_equal_adam_steps_move_the_output_by_orders_of_magnitude_apart():
    result = runs.step_sizes()
    depth = settings.STEP_DEPTHS[0]
    mask = settings.above(result.grad[0, :, :depth], 100 * EPS)
    steps = settings.span(result.adam[0, :, :depth], mask)
    outputs = settings.span(result.adam_output[0, :, :depth], mask)
    assert np.all(steps < 1.1) and np.all(outputs > 30)
    assert np.all(mask.sum(axis=1) < depth)  # the lower layers are below the level
    assert np.all(result.grad[0, :, 0] < EPS)  # and the first layer is below eps


def test_adam_leaves_the_collapsed_sigmoid_network_far_behind_tanh():
    adam = runs.sigmoid_adam_outcome()
    assert adam.optimiser == "adam" and len(adam.seeds) >= 8
    final = adam.accuracy[0, :, :, -1]
    assert np.all(final > 0.34) and np.all(final < 0.7)  # above chance, far from tanh's 100%
    assert np.all(runs.tanh_outcome().accuracy[0, 0, :, -1] == 1)
    # at the lower rate the last layer's inputs stay collapsed; at the higher, Adam's steps
    # in the early layers pull them partly apart
    # (measured by the correlation, the cosine after centring each vector over its units: the
    # uncentred cosine of sigmoid activations is near 1 whatever the inputs)
    low, high = adam.final_cosine_centred[0]
    assert low.mean() > 0.9 and np.all(low > 0.85)
    assert np.all(high < 0.7) and high.mean() < low.mean() - 0.3
    assert q.adam_centred_low() == mean_spread(SeedSummary.of(low), 2)


@pytest.mark.slow
def test_with_more_epochs_adam_gets_the_sigmoid_network_past_half():
    from vanishing import collapse

    long = collapse.training_outcome(("sigmoid",), runs.ADAM_RATES[1:],
                                     epochs=runs.ADAM_LONG_EPOCHS, seeds=runs.COLLAPSE_SEEDS,
                                     optimiser="adam")  # fmt: skip
    final = long.accuracy[0, 0, :, -1]
    assert np.median(final) > 0.6 and final.mean() > 0.6
    assert q.adam_long_epochs() == str(runs.ADAM_LONG_EPOCHS)


def test_the_batchnorm_gap_grows_with_depth():
    gaps = runs.gap_against_depth()
    assert gaps.shape == (len(settings.SEEDS), len(settings.GAP_DEPTHS)) and len(gaps) >= 8
    assert np.all(np.diff(gaps, axis=1) > 0)  # on every seed, deeper means a larger gap
    # the deepest column is the batch-size experiment's network at the same batch size
    column = settings.BATCH_SIZES.index(settings.DEPTH_BATCH)
    np.testing.assert_allclose(gaps[:, -1], runs.batch_size_gap().batchnorm[:, column])
