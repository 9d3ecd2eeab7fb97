"""The ReLU vs sigmoid chapter: its figures plot what the library computes, its numbers agree
with independent computations, and the committed matrix-product timings support its claims."""

import math
import re

import numpy as np
import pytest

from vanishing import experiments
from vanishing.activations import sigmoid_prime
from vanishing.network import init_network, loss_and_gradients, softmax_cross_entropy
from vanishing.training import spirals
from vanishing_site import gallery
from vanishing_site.quantities import relu_vs_sigmoid as q
from vanishing_site.quantities import sci
from vanishing_site.quantities.relu_vs_sigmoid import TIMINGS


@pytest.fixture
def draw(monkeypatch):
    """figure() of a figure module, drawn in the site's theme, returning its data. The module's
    experiments are served from the quantities' cache: the same calls, computed once."""
    monkeypatch.setattr(experiments, "relu_vs_sigmoid_training", q.training)
    monkeypatch.setattr(experiments, "gradient_profiles", q.profiles)

    return gallery.figure_data


@pytest.fixture(scope="module")
def training():
    return q.training()


def fresh_network(activation, scheme):
    """The experiment's network before training, built here from its description: the
    spirals of seed 0, then 8 hidden layers of 32 units, as relu_vs_sigmoid_training says."""
    rng = np.random.default_rng(0)
    X, labels = spirals(rng=rng)
    params = init_network(2, 32, 8, 3, scheme, rng)
    return params, X, labels


def test_gradient_flow_figure_plots_the_initial_bias_gradients(draw, training):
    data = draw("relu_vs_sigmoid_gradient_flow")
    for activation in ("relu", "sigmoid"):
        np.testing.assert_array_equal(data[activation], training[activation]["grad_b"][0])


def test_sigmoid_gradient_ratio_matches_a_backward_pass_of_the_fresh_network():
    params, X, labels = fresh_network("sigmoid", "xavier_normal")
    _, _, grads = loss_and_gradients(params, X, labels, "sigmoid")
    speed = [np.linalg.norm(g["delta"].sum(axis=0)) for g in grads[:-1]]
    assert q.rvs_sigmoid_grad_ratio() == sci(speed[0] / speed[-1])
    per_layer = (speed[0] / speed[-1]) ** (-1 / 7)
    assert q.rvs_sigmoid_factor_per_layer() == f"{per_layer:.1f}"
    assert 4 < per_layer < 5  # a little worse than the slope bound of 4 per layer


def test_exercise_1_slope_bound_is_a_quarter_per_layer_and_the_measurement_is_below_it():
    bound = float(sigmoid_prime(0.0)) ** 7
    assert q.rvs_steps() == "7"
    assert q.rvs_slope_bound() == sci(bound) == "6.1 × 10⁻⁵"
    params, X, labels = fresh_network("sigmoid", "xavier_normal")
    grads = loss_and_gradients(params, X, labels, "sigmoid")[2]
    speed = [np.linalg.norm(g["delta"].sum(axis=0)) for g in grads[:-1]]
    assert bound / 10 < speed[0] / speed[-1] < bound


def test_relu_gradient_stays_level_in_the_trained_network(training):
    ratio = training["relu"]["grad_b"][0][0] / training["relu"]["grad_b"][0][-1]
    assert q.rvs_relu_grad_ratio() == f"{ratio:.2f}" and 0.5 < ratio < 2


def test_relu_by_init_figure_and_numbers_come_from_the_fifty_layer_profiles(draw):
    data = draw("relu_gradient_by_init")
    # gradient_profiles seeds every cell alike, so one cell run alone equals the full grid's.
    cell = q.profiles.__wrapped__(activations=("relu",), schemes=("standard",))
    np.testing.assert_array_equal(data["standard"], cell["delta"][0, 0])
    standard = data["standard"][0] / data["standard"][-1]
    assert q.rvs_relu_standard_ratio() == sci(standard)
    assert q.rvs_relu_standard_orders() == "19"
    assert q.rvs_relu_xavier_ratio() == sci(data["xavier_normal"][0] / data["xavier_normal"][-1])
    # Each of the 49 steps multiplies ||delta||^2 by n Var(w) / 2 = 1/6 for ReLU.
    assert standard == pytest.approx((1 / 6) ** (49 / 2), rel=2)
    assert 0.2 < data["he_normal"][0] / data["he_normal"][-1] < 5


def test_loss_figure_and_convergence_numbers(draw, training):
    data = draw("relu_vs_sigmoid_loss")
    np.testing.assert_array_equal(data["relu"], training["relu"]["loss"])
    np.testing.assert_array_equal(data["sigmoid"], training["sigmoid"]["loss"])
    accuracy = training["relu"]["accuracy"]
    first = next(epoch for epoch, a in enumerate(accuracy) if a == 1)
    assert q.rvs_relu_epochs_to_all_correct() == str(first)
    assert q.rvs_relu_final_accuracy() == "100%"
    assert q.rvs_sigmoid_best_accuracy() == "33%"


def test_chance_loss_is_the_cross_entropy_of_a_uniform_guess(training):
    labels = np.array([0, 1, 2])
    loss, _ = softmax_cross_entropy(np.zeros((3, 3)), labels)
    assert q.rvs_chance_loss() == f"{loss:.4f}"
    assert training["sigmoid"]["loss"][-1] == pytest.approx(loss, rel=0.02)


def test_sparsity_figure_and_exercise_2_about_half_are_zero(draw, training):
    data = draw("relu_sparsity")
    np.testing.assert_array_equal(data["zeros_before"], training["relu_sparsity_init"])
    np.testing.assert_array_equal(data["dead_after"], training["relu"]["dead"][-1])
    params, X, labels = fresh_network("relu", "he_normal")
    cache = loss_and_gradients(params, X, labels, "relu")[1]
    zeros = np.mean([np.mean(a == 0) for a in cache["a"]])
    assert q.rvs_relu_zeros_init() == f"{100 * zeros:.0f}%"
    assert 0.45 < zeros < 0.55


def test_sigmoid_is_zero_only_where_the_exponential_underflows():
    assert q.rvs_sigmoid_zero_float64() == str(max(z for z in range(-800, 0) if math.exp(z) == 0))
    with np.errstate(under="ignore"):
        float32_zero = max(z for z in range(-200, 0) if np.exp(np.float32(z)) == 0)
    assert q.rvs_sigmoid_zero_float32() == str(float32_zero)
    assert q.rvs_sigmoid_slope_zero_float32() == f"{24 * math.log(2):.1f}"


def test_the_sigmoid_network_is_not_saturated(training):
    assert np.all(training["sigmoid"]["saturated"] == 0)
    assert q.rvs_sigmoid_saturated() == "0%"


def test_matmul_figure_plots_the_committed_timings(draw):
    data = draw("sparse_matmul")
    np.testing.assert_allclose(data["dense_ms"], 1e3 * np.array(TIMINGS["dense_seconds"]))
    np.testing.assert_allclose(data["dropped_ms"], 1e3 * np.array(TIMINGS["dropped_seconds"]))


def test_committed_timings_support_the_page():
    fractions = TIMINGS["zero_fractions"]
    assert fractions == [0.0, 0.5, 0.9]
    assert len(TIMINGS["dense_seconds"]) == len(TIMINGS["dropped_seconds"]) == len(fractions)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", TIMINGS["date"])
    dense, dropped = np.array(TIMINGS["dense_seconds"]), np.array(TIMINGS["dropped_seconds"])
    # Zeros do not speed up the dense product; removing columns does, roughly in proportion.
    assert dense.max() / dense.min() < 1.2
    assert dense[-1] / dropped[-1] > 4
    assert TIMINGS["relu_seconds"] < TIMINGS["sigmoid_seconds"] < dense.min()


def test_exercise_3_multiply_adds():
    macs = TIMINGS["batch"] * TIMINGS["fan_in"] * TIMINGS["fan_out"]
    assert q.rvs_matmul_macs().replace(" ", "") == str(macs) == "268435456"
    assert q.rvs_matmul_macs_nonzero().replace(" ", "") == str(round(macs / 10))
    speedup = TIMINGS["dense_seconds"][-1] / TIMINGS["dropped_seconds"][-1]
    assert q.rvs_matmul_dropped_speedup() == f"{speedup:.0f}"
