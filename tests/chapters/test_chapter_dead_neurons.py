"""The dead-neurons chapter: the worked example and the floating-point thresholds against
independent computations, the figures against the experiments, and the recovery experiment."""

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from vanishing import escape, experiments
from vanishing.activations import relu, sigmoid_prime, tanh_prime
from vanishing.experiments import dead_units
from vanishing.network import forward, init_network, loss_and_gradients
from vanishing.training import evaluate, sgd_step, spirals
from vanishing_site import gallery, runs
from vanishing_site.values import dead_neurons as q
from vanishing_site.values import percent, sci

ROOT = Path(__file__).resolve().parents[2]


def sech2(x: float) -> float:
    """tanh'(x) = 1 / cosh(x)^2, without the cancellation of 1 - tanh(x)^2."""
    return 1 / math.cosh(x) ** 2


draw = gallery.figure_data  # a figure's data, drawn in the site's theme


def he_network(shift=0.0, depth=dead_units.DEPTH, width=dead_units.WIDTH):
    """The chapter's network, built here from its description: the spirals of seed 0, then a
    He-normal ReLU network, every hidden bias moved by `shift`."""
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
    assert q.z() == f"{0.5 * 1 + 0.5 * 1 + 0.5:g}"
    assert q.tanh_at_z() == f"{math.tanh(1.5):.3f}"
    assert q.tanh_prime_at_z() == f"{sech2(1.5):.3f}"
    assert q.tanh_at_10_nine_digits() == f"{math.tanh(10):.9f}"
    assert q.one_minus_tanh_at_10() == sci(2 / (math.exp(20) + 1))
    assert q.tanh_prime_at_10() == sci(sech2(10))
    assert q.slope_drop() == sci(sech2(1.5) / sech2(10))
    assert q.relu_grad_w() == "(0, 0)"


def test_in_float32_the_worked_examples_tanh_unit_at_ten_has_slope_exactly_zero():
    assert 1 - np.tanh(np.float32(10)) ** 2 == 0 and 1 - np.tanh(np.float32(-10)) ** 2 == 0
    assert q.tanh_prime_at_10_float32() == "0, 0"


def test_source_neuron_figure_plots_the_library_slopes():
    data = draw("source_neuron")
    np.testing.assert_array_equal(data["tanh_prime"], tanh_prime(data["z"]))
    np.testing.assert_array_equal(data["relu_prime"], (data["z"] > 0).astype(float))


def test_exercise_1_slope_from_the_output():
    y = float(q.tanh_at_z())
    assert f"{1 - y**2:.3f}" == q.tanh_prime_at_z()


def test_exercise_2_one_step_at_z_ten():
    step = 0.1 * sech2(10)  # the exercise's rate times the slope, upstream gradient 1
    assert q.bias_step() == sci(step)
    assert q.steps_bias_only() == sci(1 / step)
    # Weights and bias both move z: x = (1, 1) gives ||x||^2 + 1 = 3 times the bias's share.
    assert q.z_step() == sci(3 * step)


def test_exercise_2_steps_from_the_closed_form_integral():
    # N = [z/2 + sinh(2z)/4] from 9 to 10, over lr (||x||^2 + 1) = 0.3.
    def antiderivative(z):
        return z / 2 + math.sinh(2 * z) / 4

    closed = (antiderivative(10) - antiderivative(9)) / 0.3
    assert q.steps_to_move_one() == sci(closed)
    assert 1.6e8 < closed < 1.8e8
    # The old answer, the bias alone at a fixed slope, overestimates it about sevenfold.
    assert q.steps_bias_only() == sci(1 / (0.1 * sech2(10)))
    assert 1 / (0.1 * sech2(10)) > 6 * closed


def test_exercise_2_flow_counts_the_sgd_steps_themselves():
    # Where running SGD is affordable (z from 3 to 2), the integral predicts the step count.
    x = np.ones(2)
    simulated = escape.sgd_steps([1.0, 1.0], 1.0, x, 0.1, 2.0)
    assert escape.steps_to_move(3.0, 2.0, 0.1, x) == pytest.approx(simulated, abs=2)
    # Moving only the bias (x = 0 drops the weights' share) takes three times as many steps.
    bias_only = escape.sgd_steps([0.0, 0.0], 3.0, np.zeros(2), 0.1, 2.0)
    assert bias_only == pytest.approx(3 * simulated, rel=0.02)


# Dead ReLU units


def test_dead_units_after_one_step_counted_directly():
    params, X, labels = he_network()
    _, _, grads = loss_and_gradients(params, X, labels, "relu")
    assert q.dead_before() == percent(dead_fraction(params, X))
    assert q.dead_at_lr_1() == percent(dead_fraction(sgd_step(params, grads, 1.0), X))
    assert q.dead_at_lr_10() == percent(dead_fraction(sgd_step(params, grads, 10.0), X))


def test_dead_units_after_a_bias_shift_counted_directly():
    params, X, _ = he_network(shift=-1.0)
    assert q.dead_at_shift_1() == percent(dead_fraction(params, X))


def test_a_dead_units_incoming_weights_get_exactly_zero_gradient():
    params, X, labels = he_network(shift=-0.5)
    cache, grads = loss_and_gradients(params, X, labels, "relu")[1:]
    for a, g in zip(cache["a"], grads[:-1], strict=True):
        dead = (a == 0).all(axis=0)
        assert np.all(g["W"][dead] == 0) and np.all(g["b"][dead] == 0)


@pytest.mark.parametrize(
    ("figure", "result", "x"),
    [
        ("dead_units_update", runs.dead_after_update, "learning_rate"),
        ("dead_units_bias", runs.dead_after_shift, "shift"),
    ],
)
def test_dead_unit_figures_plot_the_experiments(figure, result, x):
    data = draw(figure)
    out = result()
    np.testing.assert_array_equal(data["dead_mean"], out.dead)
    for layer in range(out.dead_per_layer.shape[1]):
        np.testing.assert_array_equal(data[f"dead_layer_{layer + 1}"], out.dead_per_layer[:, layer])
    assert len(data[x]) == len(out.dead)


# Saturation


def test_saturation_figure_and_numbers():
    data = draw("saturation_weights")
    out = runs.saturation()
    for activation in ("tanh", "sigmoid"):
        np.testing.assert_array_equal(data[activation], out.sel(activation=activation).saturated)
    # At LeCun's scale z is about N(0, 1); tanh' < 1% of its peak needs |z| > 3 (P = 0.27%), and
    # sigma' < 1% of 1/4 needs |z| > 5.3: both round to 0%.
    assert 1 - math.erf(3 / math.sqrt(2)) < 0.005
    assert q.saturated_at_lecun() == percent(0)
    # A scale of 16 puts most pre-activations far beyond those onsets.
    assert float(q.tanh_saturated_at_16().rstrip("%")) > 50


# Floating point


def test_tanh_float_zero_figure_is_zero_exactly_from_the_thresholds():
    data = draw("tanh_float_zero")
    for dtype in ("float32", "float64"):
        np.testing.assert_array_equal(data[dtype], tanh_prime(data["x"].astype(dtype)))
        threshold = runs.thresholds().sel(activation="tanh", dtype=dtype).threshold
        beyond = data["x"].astype(dtype) >= threshold
        assert np.all(data[dtype][beyond] == 0) and np.all(data[dtype][~beyond] > 0)


def test_float32_tanh_reaches_one_at_ten_but_a_correct_rounding_would_sooner():
    ten = np.float32(10)
    assert np.tanh(ten) == 1 and np.tanh(np.nextafter(ten, np.float32(0))) < 1
    assert q.tanh_zero_float32() == "10"
    # Rounding the exact value to float32 gives 1 from 13 ln 2 on: 1 - tanh(x) < 2^-25 there.
    x = 13 * math.log(2)
    assert np.float32(math.tanh(x + 0.01)) == 1 and np.float32(math.tanh(x - 0.01)) < 1
    assert q.tanh_round_float32() == f"{x:.2f}"
    assert q.float32_epsilon() == sci(2.0**-24)


def test_float64_thresholds_are_numpys_not_tanhs():
    # A correctly rounded float64 tanh (the C library's, through math.tanh) reaches 1 from
    # 27.5 ln 2 on, where 2 e^-2x < 2^-54; NumPy's reaches it at a different float, so a
    # threshold quoted without saying whose tanh would be wrong for the other.
    x = 27.5 * math.log(2)
    assert math.tanh(x + 0.01) == 1 and math.tanh(x - 0.01) < 1
    assert q.tanh_round_float64() == f"{x:.2f}"
    numpy_threshold = runs.thresholds().sel(activation="tanh", dtype="float64").threshold
    assert abs(numpy_threshold - x) > 0.01
    assert np.tanh(np.float64(numpy_threshold)) == 1


def test_float32_slope_overestimate_near_the_threshold():
    last = np.nextafter(np.float32(10), np.float32(0))
    value = float(tanh_prime(last))
    assert value == 2.0**-23  # 1 - (1 - 2^-24)^2, rounded
    assert q.tanh_float32_overestimate() == f"{value / sech2(10):.0f}"


def test_exercise_3_sigmoid_slope_vanishes_in_float32_from_24_ln_2():
    x = 24 * math.log(2)
    assert sigmoid_prime(np.float32(x + 1e-3)) == 0 and sigmoid_prime(np.float32(x - 1e-3)) > 0
    assert abs(float(q.sigmoid_zero_float32()) - x) < 0.01
    assert q.sigmoid_round_float32() == f"{x:.2f}"
    assert q.sigmoid_true_slope_float32() == sci(math.exp(-x) / (1 + math.exp(-x)) ** 2)


# Recovery


def test_recovery_experiment_is_deterministic_and_small_runs_work():
    small = {"epochs": 2, "depth": 3, "width": 8}
    first, second = experiments.dead_unit_recovery(**small), experiments.dead_unit_recovery(**small)
    for field in dataclasses.fields(first):
        np.testing.assert_array_equal(getattr(first, field.name), getattr(second, field.name))
    assert first.dead_before.shape == (3,) and first.loss.shape == (3,)


def test_dead_units_come_back_except_in_the_first_layer():
    out = runs.recovery()
    data = draw("dead_unit_recovery")
    np.testing.assert_array_equal(data["revived"], out.revived)
    assert np.all(out.revived <= out.dead_before)
    assert out.revived[0] == 0 and out.frozen[0] >= out.dead_before[0]
    assert out.revived[1:].sum() > 0.2 * out.dead_before[1:].sum()
    assert q.recovery_revived() == str(out.revived.sum())
    assert q.recovery_dead_before() == str(out.dead_before.sum())


def test_first_layer_dead_units_are_frozen_by_construction():
    # Counted independently: units of layer 1 dead on the data before training have the same
    # incoming weights after a few SGD steps, because they never get a gradient.
    params, X, labels = he_network(shift=-1.0)
    dead = (relu(X @ params[0]["W"].T + params[0]["b"]) == 0).all(axis=0)
    assert dead.any()
    for _ in range(5):
        params = sgd_step(params, loss_and_gradients(params, X, labels, "relu")[2], 0.5)
    assert (relu(X @ params[0]["W"].T + params[0]["b"]) == 0).all(axis=0)[dead].all()


def test_large_weights_do_not_kill_relu_units():
    # Positive homogeneity: with zero biases, scaling every weight by c > 0 scales each z by a
    # positive number, so exactly the same units are dead at any scale...
    base = q.dead_with_weights_scaled(1.0)
    for scale in (0.1, 4.0, float(q.large_weight_scale())):
        np.testing.assert_array_equal(q.dead_with_weights_scaled(scale), base)
    assert q.dead_at_large_weights() == q.dead_before()
    # ...while a negative bias, which moves z relative to zero, does kill them.
    params, X, labels, _ = experiments.training_runs.spirals_network(
        "relu", "he_normal", dead_units.DEPTH, dead_units.WIDTH, experiments.training_runs.SEED
    )
    shifted = dead_units.shift_hidden_biases(params, -1.0)
    assert evaluate(shifted, X, labels, "relu")["dead"].mean() > base.mean() + 0.2


def test_deep_narrow_relu_networks_are_born_dead_with_fixed_width():
    # Lu et al. (2020): at a fixed width, the probability that some layer is zero on every
    # input (so the output is constant) tends to one with depth. Width 3, N(0, 1) weights and
    # biases, inputs on a grid of the plane.
    rng = np.random.default_rng(0)
    grid = np.stack(np.meshgrid(np.linspace(-3, 3, 15), np.linspace(-3, 3, 15)), -1).reshape(-1, 2)

    def born_dead(depth):
        h = grid
        for _ in range(depth):
            h = np.maximum(h @ rng.normal(size=(h.shape[1], 3)) + rng.normal(size=3), 0)
            if not h.any():
                return True
        return False

    shallow = np.mean([born_dead(2) for _ in range(300)])
    deep = np.mean([born_dead(40) for _ in range(300)])
    assert shallow < 0.3 < 0.8 < deep
    page = (ROOT / "docs" / "dead-neurons.md").read_text(encoding="utf-8")
    assert "of fixed width" in page


def test_the_float_thresholds_are_said_to_be_numpys():
    # Issue 11, point 7: PyTorch's correctly rounded tanh has other thresholds, so the page names
    # whose tanh its thresholds belong to, in the sentence that quotes them.
    page = (ROOT / "docs" / "dead-neurons.md").read_text(encoding="utf-8")
    quoted = page.index("{{ dead_neurons.tanh_zero_float32 }}")
    sentence = page[page.rindex(". ", 0, quoted) : quoted]
    assert "NumPy's tanh" in sentence
    assert "property of NumPy's tanh" in page
    numpy32 = runs.thresholds().sel(activation="tanh", dtype="float32").threshold
    assert float(q.tanh_round_float32()) < numpy32  # a correctly rounded tanh reaches 1 sooner
