"""The chapter on vanishing gradients: its figures plot the experiments, and its numbers and
exercise answers agree with closed forms and with what the figures show."""

import functools
import math

import numpy as np
import pytest

from vanishing import experiments
from vanishing_site.figures import (
    delta_profile,
    depth_ratio,
    learning_speed,
    snippet_fixed_point,
    variance_factor,
    weight_grad_profile,
)
from vanishing_site.quantities import QUANTITIES, sci
from vanishing_site.quantities import vanishing_gradients as q

NAMES = ("sigmoid", "tanh", "relu")
RUNS = ("gradient_profiles", "depth_ratio", "weight_variance_factor", "learning_speed")


@pytest.fixture(scope="module", autouse=True)
def _run_each_experiment_once():
    """Figures and quantities ask for the same runs: compute each once for the module."""
    with pytest.MonkeyPatch.context() as patch:
        for name in RUNS:
            patch.setattr(experiments, name, functools.cache(getattr(experiments, name)))
        yield


@pytest.fixture(scope="module")
def standard():
    return experiments.gradient_profiles(schemes=("standard",))


def logistic(x):
    return 1 / (1 + math.exp(-x))


def logistic_prime(x):
    return logistic(x) * (1 - logistic(x))


def test_delta_and_weight_gradient_figures_plot_the_standard_initialisation_profiles(standard):
    _, deltas = delta_profile.figure()
    _, weights = weight_grad_profile.figure()
    healthy = experiments.gradient_profiles(activations=("relu",), schemes=("he_normal",))
    assert standard["activations"] == NAMES and standard["schemes"] == ("standard",)
    for i, name in enumerate(NAMES):
        np.testing.assert_array_equal(deltas[name], standard["delta"][i, 0])
        np.testing.assert_array_equal(weights[name], standard["grad_W"][i, 0])
    np.testing.assert_array_equal(weights["relu_he_normal"], healthy["grad_W"][0, 0])
    # The alt texts' key values.
    assert 2e-43 < deltas["sigmoid"][0] < 4e-43 and 3e-20 < deltas["relu"][0] < 6e-20
    assert 5e-13 < deltas["tanh"][0] < 9e-13 and np.all(deltas["sigmoid"][-1:] > 0.1)


def test_depth_ratio_figure_plots_the_ratios_and_their_geometric_fits():
    result = experiments.depth_ratio()
    _, data = depth_ratio.figure()
    np.testing.assert_array_equal(data["depth"], result["depths"])
    for i, name in enumerate(NAMES):
        np.testing.assert_array_equal(data[name], result["ratio"][i])
        np.testing.assert_allclose(data[f"{name}_fit"], result["factor"][i] ** (data["depth"] - 1))
        # Geometric: every point within two orders of magnitude of the fitted line.
        assert np.all(np.abs(np.log10(data[name] / data[f"{name}_fit"])) < 2)
    # The alt text: about 2e-42 (sigmoid), 3e-20 (ReLU) and 1e-12 (tanh) at depth 50.
    at_50 = dict(zip(NAMES, result["ratio"][:, -1], strict=True))
    assert 1.5e-42 < at_50["sigmoid"] < 3e-42 and 2e-20 < at_50["relu"] < 4e-20
    assert 1e-12 < at_50["tanh"] < 2e-12 and result["depths"][-1] == 50


def test_variance_factor_figure_plots_predicted_against_measured():
    result = experiments.weight_variance_factor()
    _, data = variance_factor.figure()
    assert list(zip(data["activation"], data["scheme"], strict=True)) == [
        (a, s) for a in result["activations"] for s in result["schemes"]
    ]
    np.testing.assert_array_equal(data["predicted"], result["predicted"].ravel())
    np.testing.assert_array_equal(data["measured"], result["measured"].ravel())
    # "Every point lies on the diagonal": within 10 %.
    np.testing.assert_allclose(data["measured"], data["predicted"], rtol=0.1)


def test_learning_speed_figure_plots_each_hidden_layer():
    result = experiments.learning_speed()
    _, data = learning_speed.figure()
    assert list(data) == ["epoch", "layer_1", "layer_2", "layer_3", "layer_4"]
    for layer in range(4):
        np.testing.assert_array_equal(data[f"layer_{layer + 1}"], result["grad_b"][:, layer])


def test_snippet_figure_plots_the_iterates_and_the_product_of_largest_slopes():
    result = experiments.snippet_fixed_point()
    _, data = snippet_fixed_point.figure()
    assert data["layer"].tolist() == list(range(1, 11))
    for start, row in zip(result["starts"], result["iterates"], strict=True):
        np.testing.assert_array_equal(data[f"start_{start:g}"], row[1:])
    np.testing.assert_array_equal(data["product_of_max_slopes"], 0.25 ** data["layer"])


@pytest.mark.parametrize(
    ("name", "slope_squared"), [("sigmoid", 1 / 16), ("tanh", 1.0), ("relu", 0.5)]
)
def test_closed_form_factors_of_the_standard_initialisation(name, slope_squared):
    chi = slope_squared / 3  # n Var(w) = n / (3 n) for U(+-1/sqrt n)
    assert QUANTITIES[f"vg_closed_factor_{name}"]() == f"{chi:.4f}"
    assert QUANTITIES[f"vg_closed_r_{name}"]() == f"{math.sqrt(chi):.3f}"
    # The depth experiment's fitted rate agrees with the closed form to within 3 %.
    fitted = float(QUANTITIES[f"vg_fit_r_{name}"]())
    assert fitted == pytest.approx(math.sqrt(chi), rel=0.03)
    assert q.vg_standard_gain() == "0.3333"


def test_measured_factors_show_the_weights_matter_as_much_as_the_slopes():
    factor = {
        (a, s): float(QUANTITIES[f"vg_measured_factor_{a}_{s}"]())
        for a, schemes in q.SHOWN_MEASURED.items()
        for s in schemes
    }
    # The same sigmoid network: about five times the factor with He's weights, still far below 1.
    assert 4 < factor["sigmoid", "he_normal"] / factor["sigmoid", "standard"] < 6
    assert factor["sigmoid", "he_normal"] < 0.1
    # tanh under He's initialisation grows the backward signal; ReLU under He's is level.
    assert factor["tanh", "he_normal"] > 1
    assert factor["relu", "he_normal"] == pytest.approx(1, abs=0.1)


def test_fifty_layer_ratios_are_what_the_delta_figure_shows(standard):
    for i, name in enumerate(NAMES):
        delta, grad_w = standard["delta"][i, 0], standard["grad_W"][i, 0]
        assert QUANTITIES[f"vg_delta_ratio_{name}"]() == sci(delta[0] / delta[-1])
        ratio = grad_w[0] / grad_w[-1]
        expected = sci(ratio) if ratio < 1e-3 else f"{ratio:.2f}"
        assert QUANTITIES[f"vg_grad_w_ratio_{name}"]() == expected
    assert (
        QUANTITIES["vg_delta_ratio_relu"]() == "1.2 × 10⁻¹⁹"
    )  # "about nineteen orders of magnitude"
    assert QUANTITIES["vg_delta_ratio_sigmoid"]().endswith("10⁻⁴²")


def test_tanh_and_relu_weight_gradients_are_level_but_tiny(standard):
    for name in ("tanh", "relu"):
        grad_w = standard["grad_W"][NAMES.index(name), 0]
        # Level: within a factor of four across fifty layers, where delta spans 10^12 or more.
        assert 0.3 < grad_w[0] / grad_w[-1] < 3
        assert grad_w.max() / grad_w.min() < 4
    assert q.vg_grad_w_tanh_typical() == "5 × 10⁻¹³"
    assert q.vg_grad_w_relu_typical() == "3 × 10⁻²⁰"


def test_exercise_1_relu_prediction_is_within_a_factor_of_two_of_the_measurement(standard):
    predicted = (1 / 6) ** (49 / 2)
    assert q.vg_relu_predicted_ratio() == sci(predicted) == "8.6 × 10⁻²⁰"
    delta = standard["delta"][2, 0]
    assert 0.5 < (delta[0] / delta[-1]) / predicted < 2


def test_exercise_2_he_variance_keeps_relu_level():
    assert q.vg_he_variance() == "0.02"  # 2 / n with n = 100
    healthy = experiments.gradient_profiles(activations=("relu",), schemes=("he_normal",))
    delta = healthy["delta"][0, 0]
    assert QUANTITIES["vg_delta_ratio_relu_he"]() == f"{delta[0] / delta[-1]:.1f}"
    assert 0.1 < delta[0] / delta[-1] < 10


def test_snippet_fixed_point_and_contraction_from_first_principles():
    x = 0.25
    for _ in range(200):  # sigma' is a contraction on (0, 1/4]
        x = logistic_prime(x)
    assert x == pytest.approx(logistic_prime(x), abs=1e-15)
    assert q.vg_fixed_point() == f"{x:.4f}" == "0.2462"
    assert q.vg_fixed_point_full() == f"{x:.10f}"
    contraction = logistic_prime(x) * abs(1 - 2 * logistic(x))
    assert q.vg_snippet_contraction() == f"{contraction:.4f}"
    assert q.vg_snippet_shrink() == f"{1 / contraction:.0f}" == "33"


def test_exercise_3_three_steps_bring_every_start_within_the_quoted_gap():
    gaps = []
    for start in (-10.0, -1.0, 0.0, 0.5, 1.0, 10.0):
        x = start
        for _ in range(3):
            x = logistic_prime(x)
        gaps.append(abs(x - float(q.vg_fixed_point_full())))
    assert q.vg_snippet_gap_after_3() == sci(max(gaps), 1) == "1 × 10⁻⁴"
    assert q.vg_sigmoid_prime_at_10() == sci(logistic_prime(10.0))
    assert q.vg_quarter_power_10() == sci(0.25**10)


def test_learning_speeds_keep_their_order_and_the_quoted_ratios():
    result = experiments.learning_speed()
    grad_b = result["grad_b"]
    # "ordered exactly as the product predicts ... the order never changes"
    assert np.all(np.diff(grad_b, axis=1) > 0)
    ratio = grad_b[:, -1] / grad_b[:, 0]
    assert ratio.argmax() == 0  # the gap is widest at the start
    assert q.vg_speed_ratio_start() == f"{ratio[0]:.0f}"
    assert q.vg_speed_ratio_median() == f"{np.median(ratio):.0f}"
    assert q.vg_speed_ratio_end() == f"{ratio[-1]:.0f}"
    assert q.vg_speed_final_accuracy() == f"{result['accuracy'][-1]:.0%}"
    assert q.vg_speed_best_accuracy() == f"{result['accuracy'].max():.0%}"


def test_factor_table_lists_predicted_and_measured_for_every_cell():
    result = experiments.weight_variance_factor()
    lines = q.vg_factor_table().splitlines()
    assert lines[0] == "| Activation | Standard | Xavier (Glorot) normal | He (Kaiming) normal |"
    cells = [line.strip("|").split("|")[1:] for line in lines[2:]]
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            predicted, measured = (float(v) for v in cell.split("/"))
            assert predicted == round(result["predicted"][i, j], 3)
            assert measured == round(result["measured"][i, j], 3)
