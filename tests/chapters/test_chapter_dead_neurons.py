"""The dead-neurons chapter: the worked example and the floating-point thresholds against
independent computations, the figures against the experiments, and the recovery experiment."""

import math

import numpy as np
import pytest

from vanishing import experiments
from vanishing.activations import relu, sigmoid_prime, tanh_prime
from vanishing.network import forward, loss_and_gradients
from vanishing.training import sgd_step, spirals
from vanishing_site import gallery
from vanishing_site.quantities import dead_neurons as q
from vanishing_site.quantities import sci


def sech2(x: float) -> float:
    """tanh'(x) = 1 / cosh(x)^2, without the cancellation of 1 - tanh(x)^2."""
    return 1 / math.cosh(x) ** 2


@pytest.fixture
def draw(monkeypatch):
    """figure() of a figure module in the site's theme, returning its data; its experiments
    are served from the quantities' cache (the same default calls, computed once)."""
    cached = {
        "source_neuron_example": q.example,
        "dead_units_after_update": q.after_update,
        "dead_units_after_bias_shift": q.after_shift,
        "saturation_under_large_weights": q.saturation,
        "float_zero_thresholds": q.thresholds,
        "dead_unit_recovery": q.recovery,
    }
    for name, function in cached.items():
        monkeypatch.setattr(experiments, name, function)

    return gallery.figure_data


def he_network(shift=0.0, depth=6, width=64):
    """The chapter's network, built here from its description: the spirals of seed 0, then a
    He-normal ReLU network, every hidden bias moved by `shift`."""
    from vanishing.network import init_network

    rng = np.random.default_rng(0)
    X, labels = spirals(rng=rng)
    params = init_network(2, width, depth, 3, "he_normal", rng)
    params = [{**p, "b": p["b"] + shift} for p in params[:-1]] + params[-1:]
    return params, X, labels


def dead_fraction(params, X):
    """Mean over layers of the fraction of units that are zero on every example."""
    return np.mean([np.mean((a == 0).all(axis=0)) for a in forward(params, X, "relu")["a"]])


# The worked example


def test_worked_example_numbers():
    assert q.dn_z() == f"{0.5 * 1 + 0.5 * 1 + 0.5:g}" == "1.5"
    assert q.dn_tanh_at_z() == f"{math.tanh(1.5):.3f}" == "0.905"
    assert q.dn_tanh_prime_at_z() == f"{sech2(1.5):.3f}"
    assert q.dn_tanh_at_10_nine_digits() == f"{math.tanh(10):.9f}"
    assert q.dn_one_minus_tanh_at_10() == sci(2 / (math.exp(20) + 1))
    assert q.dn_tanh_prime_at_10() == sci(sech2(10)) == "8.2 × 10⁻⁹"
    assert q.dn_slope_drop() == sci(sech2(1.5) / sech2(10))
    assert q.dn_relu_grad_w() == "(0, 0)"


def test_in_float32_the_worked_examples_tanh_unit_at_ten_has_slope_exactly_zero():
    assert 1 - np.tanh(np.float32(10)) ** 2 == 0 and 1 - np.tanh(np.float32(-10)) ** 2 == 0
    assert q.dn_tanh_prime_at_10_float32() == "0, 0"


def test_source_neuron_figure_plots_the_library_slopes(draw):
    data = draw("source_neuron")
    np.testing.assert_array_equal(data["tanh_prime"], tanh_prime(data["z"]))
    np.testing.assert_array_equal(data["relu_prime"], (data["z"] > 0).astype(float))


def test_exercise_1_slope_from_the_output():
    y = float(q.dn_tanh_at_z())
    assert f"{1 - y**2:.3f}" == q.dn_tanh_prime_at_z()


def test_exercise_2_one_step_at_z_ten():
    step = 0.1 * sech2(10)
    assert q.EXERCISE_LR == 0.1
    assert q.dn_bias_step() == sci(step) == "8.2 × 10⁻¹⁰"
    assert q.dn_steps_to_move_one() == sci(1 / step)


# Dead ReLU units


def test_dead_units_after_one_step_counted_directly():
    params, X, labels = he_network()
    _, _, grads = loss_and_gradients(params, X, labels, "relu")
    assert q.dn_dead_before() == f"{100 * dead_fraction(params, X):.0f}%"
    assert q.dn_dead_at_lr_1() == f"{100 * dead_fraction(sgd_step(params, grads, 1.0), X):.0f}%"
    assert q.dn_dead_at_lr_10() == f"{100 * dead_fraction(sgd_step(params, grads, 10.0), X):.0f}%"


def test_dead_units_after_a_bias_shift_counted_directly():
    params, X, _ = he_network(shift=-1.0)
    assert q.dn_dead_at_shift_1() == f"{100 * dead_fraction(params, X):.0f}%"


def test_a_dead_units_incoming_weights_get_exactly_zero_gradient():
    params, X, labels = he_network(shift=-0.5)
    cache, grads = loss_and_gradients(params, X, labels, "relu")[1:]
    for a, g in zip(cache["a"], grads[:-1], strict=True):
        dead = (a == 0).all(axis=0)
        assert np.all(g["W"][dead] == 0) and np.all(g["b"][dead] == 0)


@pytest.mark.parametrize(
    ("figure", "result", "x"),
    [
        ("dead_units_update", "after_update", "learning_rate"),
        ("dead_units_bias", "after_shift", "shift"),
    ],
)
def test_dead_unit_figures_plot_the_experiments(draw, figure, result, x):
    data = draw(figure)
    out = getattr(q, result)()
    np.testing.assert_array_equal(data["dead_mean"], out["dead"])
    for layer in range(out["dead_per_layer"].shape[1]):
        np.testing.assert_array_equal(
            data[f"dead_layer_{layer + 1}"], out["dead_per_layer"][:, layer]
        )
    assert len(data[x]) == len(out["dead"])


# Saturation


def test_saturation_figure_and_numbers(draw):
    data = draw("saturation_weights")
    out = q.saturation()
    np.testing.assert_array_equal(data["tanh"], out["saturated"][0])
    np.testing.assert_array_equal(data["sigmoid"], out["saturated"][1])
    assert q.dn_saturated_at_lecun() == "0%"
    at_16 = list(out["scales"]).index(16.0)
    assert q.dn_tanh_saturated_at_16() == f"{100 * out['saturated'][0][at_16]:.0f}%"


# Floating point


def test_tanh_float_zero_figure_is_zero_exactly_from_the_thresholds(draw):
    data = draw("tanh_float_zero")
    for dtype in ("float32", "float64"):
        np.testing.assert_array_equal(data[dtype], tanh_prime(data["x"].astype(dtype)))
        threshold = q.thresholds()["tanh"][dtype]["threshold"]
        beyond = data["x"].astype(dtype) >= threshold
        assert np.all(data[dtype][beyond] == 0) and np.all(data[dtype][~beyond] > 0)


def test_float32_tanh_reaches_one_at_ten_but_a_correct_rounding_would_sooner():
    ten = np.float32(10)
    assert np.tanh(ten) == 1 and np.tanh(np.nextafter(ten, np.float32(0))) < 1
    assert q.dn_tanh_zero_float32() == "10"
    # Rounding the exact value to float32 gives 1 from 13 ln 2 on: 1 - tanh(x) < 2^-25 there.
    x = 13 * math.log(2)
    assert np.float32(math.tanh(x + 0.01)) == 1 and np.float32(math.tanh(x - 0.01)) < 1
    assert q.dn_tanh_round_float32() == f"{x:.2f}"
    assert q.dn_float32_epsilon() == sci(2.0**-24)


def test_float32_slope_overestimate_near_the_threshold():
    last = np.nextafter(np.float32(10), np.float32(0))
    value = float(tanh_prime(last))
    assert value == 2.0**-23  # 1 - (1 - 2^-24)^2, rounded
    assert q.dn_tanh_float32_overestimate() == f"{value / sech2(10):.0f}"


def test_exercise_3_sigmoid_slope_vanishes_in_float32_from_24_ln_2():
    x = 24 * math.log(2)
    assert sigmoid_prime(np.float32(x + 1e-3)) == 0 and sigmoid_prime(np.float32(x - 1e-3)) > 0
    assert abs(float(q.dn_sigmoid_zero_float32()) - x) < 0.01
    assert q.dn_sigmoid_round_float32() == f"{x:.2f}"
    assert q.dn_sigmoid_true_slope_float32() == sci(math.exp(-x) / (1 + math.exp(-x)) ** 2)


# Recovery


def test_recovery_experiment_is_deterministic_and_small_runs_work():
    small = {"epochs": 2, "depth": 3, "width": 8}
    first, second = experiments.dead_unit_recovery(**small), experiments.dead_unit_recovery(**small)
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])
    assert first["dead_before"].shape == (3,) and first["loss"].shape == (3,)


def test_dead_units_come_back_except_in_the_first_layer(draw):
    out = q.recovery()
    data = draw("dead_unit_recovery")
    np.testing.assert_array_equal(data["revived"], out["revived"])
    assert np.all(out["revived"] <= out["dead_before"])
    assert out["revived"][0] == 0 and out["frozen"][0] >= out["dead_before"][0]
    assert out["revived"][1:].sum() > 0.2 * out["dead_before"][1:].sum()
    assert q.dn_recovery_revived() == str(out["revived"].sum())
    assert q.dn_recovery_dead_before() == str(out["dead_before"].sum())


def test_first_layer_dead_units_are_frozen_by_construction():
    # Counted independently: units of layer 1 dead on the data before training have the same
    # incoming weights after a few SGD steps, because they never get a gradient.
    params, X, labels = he_network(shift=-1.0)
    dead = (relu(X @ params[0]["W"].T + params[0]["b"]) == 0).all(axis=0)
    assert dead.any()
    for _ in range(5):
        params = sgd_step(params, loss_and_gradients(params, X, labels, "relu")[2], 0.5)
    assert (relu(X @ params[0]["W"].T + params[0]["b"]) == 0).all(axis=0)[dead].all()
