"""The ReLU vs sigmoid chapter: its figures plot what the library computes, its numbers agree
with independent computations, and the committed matrix-product timings support its claims."""

import itertools
import math
import re

import numpy as np
import pytest

from vanishing.activations import sigmoid_prime
from vanishing.experiments import training_runs
from vanishing.network import init_network, loss_and_gradients, softmax_cross_entropy
from vanishing.training import spirals
from vanishing_site import gallery, runs
from vanishing_site.values import percent, sci, vanishing_gradients
from vanishing_site.values import relu_vs_sigmoid as q
from vanishing_site.values.relu_vs_sigmoid import TIMINGS

draw = gallery.figure_data  # a figure's data, drawn in the site's theme
DEPTH = training_runs.DEPTH


@pytest.fixture(scope="module")
def training():
    return runs.training()


def fresh_network(activation, scheme):
    """The experiment's network before training, built here from its description: the
    spirals of seed 0, then DEPTH hidden layers of WIDTH units."""
    rng = np.random.default_rng(0)
    X, labels = spirals(rng=rng)
    params = init_network(2, training_runs.WIDTH, DEPTH, 3, scheme, rng)
    return params, X, labels


def test_gradient_flow_figure_plots_the_initial_bias_gradients(training):
    data = draw("relu_vs_sigmoid_gradient_flow")
    for activation in ("relu", "sigmoid"):
        np.testing.assert_array_equal(data[activation], training.history(activation).grad_b[0])


def test_sigmoid_gradient_ratio_matches_a_backward_pass_of_the_fresh_network():
    params, X, labels = fresh_network("sigmoid", "xavier_normal")
    _, _, grads = loss_and_gradients(params, X, labels, "sigmoid")
    speed = [np.linalg.norm(g["delta"].sum(axis=0)) for g in grads[:-1]]
    assert q.sigmoid_grad_ratio() == sci(speed[0] / speed[-1])
    per_layer = (speed[0] / speed[-1]) ** (-1 / (DEPTH - 1))
    assert q.sigmoid_factor_per_layer() == f"{per_layer:.1f}"
    assert 4 < per_layer < 5  # a little worse than the slope bound of 4 per layer


def test_exercise_1_slope_bound_is_a_quarter_per_layer_and_the_measurement_is_below_it():
    bound = 0.25 ** (DEPTH - 1)  # sigma' <= sigma'(0) = 1/4 at each of the L - 1 steps
    assert float(sigmoid_prime(0.0)) == 0.25
    assert q.steps() == str(DEPTH - 1)
    assert q.slope_bound() == sci(bound)
    params, X, labels = fresh_network("sigmoid", "xavier_normal")
    grads = loss_and_gradients(params, X, labels, "sigmoid")[2]
    speed = [np.linalg.norm(g["delta"].sum(axis=0)) for g in grads[:-1]]
    assert bound / 10 < speed[0] / speed[-1] < bound


def test_relu_gradient_stays_level_in_the_trained_network(training):
    ratio = training.relu.grad_b[0][0] / training.relu.grad_b[0][-1]
    assert q.relu_grad_ratio() == f"{ratio:.2f}" and 0.5 < ratio < 2


def test_relu_by_init_figure_and_numbers_come_from_the_fifty_layer_profiles():
    data = draw("relu_gradient_by_init")
    for scheme in ("standard", "xavier_normal", "he_normal"):
        cell = runs.profiles().profile(activation="relu", scheme=scheme)
        np.testing.assert_array_equal(data[scheme], cell.delta)
    standard = data["standard"][0] / data["standard"][-1]
    assert vanishing_gradients.delta_ratio_relu() == sci(standard)
    assert q.relu_xavier_ratio() == sci(data["xavier_normal"][0] / data["xavier_normal"][-1])
    # Each of the L - 1 = 49 steps multiplies ||delta||^2 by n Var(w) / 2 = 1/6 for ReLU: the
    # measurement lies within a factor of 3 either way of (1/6)^(49/2), and the orders of
    # magnitude the page quotes are those of the closed form.
    steps = len(data["standard"]) - 1
    predicted = (1 / 6) ** (steps / 2)
    assert predicted / 3 < standard < 3 * predicted
    assert q.relu_standard_orders() == f"{-math.log10(standard):.0f}"
    assert q.relu_standard_orders() == f"{-math.log10(predicted):.0f}"
    # He's initialisation makes the factor n Var(w) / 2 = 1: no trend.
    assert 0.2 < data["he_normal"][0] / data["he_normal"][-1] < 5


def test_loss_figure_and_convergence_numbers(training):
    data = draw("relu_vs_sigmoid_loss")
    np.testing.assert_array_equal(data["relu"], training.relu.loss)
    np.testing.assert_array_equal(data["sigmoid"], training.sigmoid.loss)
    accuracy = training.relu.accuracy
    first = next(epoch for epoch, a in enumerate(accuracy) if a == 1)
    assert q.relu_epochs_to_all_correct() == str(first)
    # The page: the ReLU network classifies every training point, and keeps doing so.
    assert np.all(accuracy[first:] == 1) and q.relu_final_accuracy() == percent(1)
    # The stalled sigmoid network predicts one class for every point: one in three of the
    # spirals' balanced classes, never better.
    assert q.sigmoid_best_accuracy() == percent(1 / 3)


def test_chance_loss_is_the_cross_entropy_of_a_uniform_guess(training):
    labels = np.array([0, 1, 2])
    loss, _ = softmax_cross_entropy(np.zeros((3, 3)), labels)
    assert loss == pytest.approx(math.log(3), rel=1e-15)
    assert q.chance_loss() == f"{loss:.4f}"
    assert training.sigmoid.loss[-1] == pytest.approx(loss, rel=0.02)


def test_sparsity_figure_and_exercise_2_about_half_are_zero(training):
    data = draw("relu_sparsity")
    np.testing.assert_array_equal(data["zeros_before"], training.relu_sparsity_init)
    np.testing.assert_array_equal(data["dead_after"], training.relu.dead[-1])
    params, X, labels = fresh_network("relu", "he_normal")
    cache = loss_and_gradients(params, X, labels, "relu")[1]
    zeros = np.mean([np.mean(a == 0) for a in cache["a"]])
    assert q.relu_zeros_init() == f"{100 * zeros:.0f}%"
    assert 0.45 < zeros < 0.55


def test_sigmoid_is_zero_only_where_the_exponential_underflows():
    assert q.sigmoid_zero_float64() == str(max(z for z in range(-800, 0) if math.exp(z) == 0))
    with np.errstate(under="ignore"):
        float32_zero = max(z for z in range(-200, 0) if np.exp(np.float32(z)) == 0)
    assert q.sigmoid_zero_float32() == str(float32_zero)


def test_the_sigmoid_network_is_not_saturated(training):
    assert np.all(training.sigmoid.saturated == 0)
    assert q.sigmoid_saturated() == percent(0)


def test_matmul_figure_plots_the_committed_timings():
    data = draw("sparse_matmul")
    np.testing.assert_allclose(data["dense_ms"], 1e3 * np.array(TIMINGS["dense_seconds"]))
    np.testing.assert_allclose(data["dropped_ms"], 1e3 * np.array(TIMINGS["dropped_seconds"]))


def test_committed_timings_support_the_page():
    fractions = TIMINGS["zero_fractions"]
    # The page compares each fraction with none: the first is 0, the others rise below 1.
    assert fractions[0] == 0 and all(a < b < 1 for a, b in itertools.pairwise(fractions))
    assert len(TIMINGS["dense_seconds"]) == len(TIMINGS["dropped_seconds"]) == len(fractions)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", TIMINGS["date"])
    dense, dropped = np.array(TIMINGS["dense_seconds"]), np.array(TIMINGS["dropped_seconds"])
    # Zeros do not speed up the dense product; removing columns does, roughly in proportion.
    assert dense.max() / dense.min() < 1.2
    assert dense[-1] / dropped[-1] > 4
    assert TIMINGS["relu_seconds"] < TIMINGS["sigmoid_seconds"] < dense.min()


def test_exercise_3_multiply_adds():
    macs = TIMINGS["batch"] * TIMINGS["fan_in"] * TIMINGS["fan_out"]
    assert q.matmul_macs().replace(" ", "") == str(macs)
    kept = 1 - TIMINGS["zero_fractions"][-1]
    assert q.matmul_macs_nonzero().replace(" ", "") == str(round(macs * kept))
    speedup = TIMINGS["dense_seconds"][-1] / TIMINGS["dropped_seconds"][-1]
    assert q.matmul_dropped_speedup() == f"{speedup:.0f}"
