"""The chapter on vanishing gradients: its figures plot the experiments, and its numbers and
exercise answers agree with closed forms and with what the figures show."""

import math

import numpy as np
import pytest

from vanishing import experiments
from vanishing_site import runs
from vanishing_site.figures import (
    delta_profile,
    depth_ratio,
    learning_speed,
    snippet_fixed_point,
    variance_factor,
    weight_grad_profile,
)
from vanishing_site.values import sci
from vanishing_site.values import vanishing_gradients as q

NAMES = ("sigmoid", "tanh", "relu")
DEPTH = experiments.profiles.DEPTH


def standard(activation):
    """The per-layer statistics of the 50-layer network under the standard initialisation."""
    return runs.profiles().profile(activation=activation, scheme="standard")


def value(name):
    """The value `name` of the chapter's module."""
    return getattr(q, name)()


def logistic(x):
    return 1 / (1 + math.exp(-x))


def logistic_prime(x):
    return logistic(x) * (1 - logistic(x))


@pytest.fixture(scope="module")
def profile_figures():
    return delta_profile.figure()[1], weight_grad_profile.figure()[1]


def test_delta_and_weight_gradient_figures_plot_the_standard_initialisation_profiles(
    profile_figures,
):
    deltas, weights = profile_figures
    assert runs.profiles().activations == NAMES
    for name in NAMES:
        np.testing.assert_array_equal(deltas[name], standard(name).delta)
        np.testing.assert_array_equal(weights[name], standard(name).grad_W)
    healthy = runs.profiles().profile(activation="relu", scheme="he_normal")
    np.testing.assert_array_equal(weights["relu_he_normal"], healthy.grad_W)


@pytest.mark.snapshot
def test_the_numbers_typed_in_the_profile_figures_alt_texts(profile_figures):
    deltas, _ = profile_figures
    assert 2e-43 < deltas["sigmoid"][0] < 4e-43 and 3e-20 < deltas["relu"][0] < 6e-20
    assert 5e-13 < deltas["tanh"][0] < 9e-13 and np.all(deltas["sigmoid"][-1:] > 0.1)


def test_depth_ratio_figure_plots_the_ratios_and_their_geometric_fits():
    result = runs.depth_sweep()
    _, data = depth_ratio.figure()
    np.testing.assert_array_equal(data["depth"], result.depths)
    for name in NAMES:
        cell = result.sel(activation=name)
        np.testing.assert_array_equal(data[name], cell.ratio)
        np.testing.assert_allclose(data[f"{name}_fit"], cell.factor ** (data["depth"] - 1))
        # Geometric: every point within two orders of magnitude of the fitted line.
        assert np.all(np.abs(np.log10(data[name] / data[f"{name}_fit"])) < 2)


@pytest.mark.snapshot
def test_the_numbers_typed_in_the_depth_figures_alt_text():
    # The alt text: about 2e-42 (sigmoid), 3e-20 (ReLU) and 1e-12 (tanh) at depth 50.
    result = runs.depth_sweep().sel(depth=50)
    at_50 = {name: result.sel(activation=name).ratio for name in NAMES}
    assert 1.5e-42 < at_50["sigmoid"] < 3e-42 and 2e-20 < at_50["relu"] < 4e-20
    assert 1e-12 < at_50["tanh"] < 2e-12


def test_variance_factor_figure_plots_predicted_against_measured():
    result = runs.variance_factor()
    _, data = variance_factor.figure()
    rows = list(zip(data["activation"], data["scheme"], strict=True))
    assert rows == [(a, s) for a in result.activations for s in result.schemes]
    for (a, s), predicted, measured in zip(rows, data["predicted"], data["measured"], strict=True):
        cell = result.sel(activation=a, scheme=s)
        assert (predicted, measured) == (cell.predicted, cell.measured)
    # "Every point lies on the diagonal": within 10 %.
    np.testing.assert_allclose(data["measured"], data["predicted"], rtol=0.1)


def test_learning_speed_figure_plots_each_hidden_layer():
    result = runs.learning_speed()
    _, data = learning_speed.figure()
    depth = experiments.training_runs.SPEED_DEPTH
    assert list(data) == ["epoch", *(f"layer_{layer}" for layer in range(1, depth + 1))]
    for layer in range(depth):
        np.testing.assert_array_equal(data[f"layer_{layer + 1}"], result.grad_b[:, layer])


def test_snippet_figure_plots_the_iterates_and_the_product_of_largest_slopes():
    result = runs.snippet()
    _, data = snippet_fixed_point.figure()
    steps = experiments.floating_point.SNIPPET_STEPS
    assert data["layer"].tolist() == list(range(1, steps + 1))
    for start in result.starts:
        x = start
        for k in range(steps):  # the snippet itself, in math
            x = logistic_prime(x)
            assert data[f"start_{start:g}"][k] == pytest.approx(x, rel=1e-12)
    np.testing.assert_array_equal(data["product_of_max_slopes"], 0.25 ** data["layer"])


@pytest.mark.parametrize(
    ("name", "slope_squared"), [("sigmoid", 1 / 16), ("tanh", 1.0), ("relu", 0.5)]
)
def test_closed_form_factors_of_the_standard_initialisation(name, slope_squared):
    chi = slope_squared / 3  # n Var(w) = n / (3 n) for U(+-1/sqrt n)
    assert value(f"closed_factor_{name}") == f"{chi:.4f}"
    assert value(f"closed_r_{name}") == f"{math.sqrt(chi):.3f}"
    # The depth experiment's fitted rate agrees with the closed form to within 3 %.
    fitted = float(value(f"fit_r_{name}"))
    assert fitted == pytest.approx(math.sqrt(chi), rel=0.03)
    assert q.standard_gain() == f"{1 / 3:.4f}"


def test_measured_factors_show_the_weights_matter_as_much_as_the_slopes():
    factor = {
        (a, s): float(value(f"measured_factor_{a}_{s}"))
        for a, s in [
            ("sigmoid", "standard"),
            ("sigmoid", "he_normal"),
            ("tanh", "he_normal"),
            ("relu", "standard"),
            ("relu", "he_normal"),
        ]
    }
    # ReLU: n Var(w) / 2 exactly in expectation, 1/6 and 1 for the two schemes, within 10 %.
    assert factor["relu", "standard"] == pytest.approx(1 / 6, rel=0.1)
    # The same sigmoid network: about five times the factor with He's weights, still far below 1.
    assert 4 < factor["sigmoid", "he_normal"] / factor["sigmoid", "standard"] < 6
    assert factor["sigmoid", "he_normal"] < 0.1
    # tanh under He's initialisation grows the backward signal; ReLU under He's is level.
    assert factor["tanh", "he_normal"] > 1
    assert factor["relu", "he_normal"] == pytest.approx(1, abs=0.1)


def test_fifty_layer_ratios_are_what_the_delta_figure_shows(profile_figures):
    deltas, weights = profile_figures
    for name in NAMES:
        assert value(f"delta_ratio_{name}") == sci(deltas[name][0] / deltas[name][-1])
        ratio = weights[name][0] / weights[name][-1]
        expected = sci(ratio) if ratio < 1e-3 else f"{ratio:.2f}"
        assert value(f"grad_w_ratio_{name}") == expected


def test_fifty_layer_ratios_match_the_closed_form_factors():
    # Per layer ||delta||^2 shrinks by n Var(w) E[phi'(z)^2] = chi; over 49 steps the ratio is
    # chi^(49/2). ReLU's chi is exactly 1/6 whatever the spread; the sigmoid's and tanh's slopes
    # fall below their values at 0 as the signal spreads, so chi is an upper bound there.
    ratio = {
        n: runs.profiles().first_over_last("delta", activation=n, scheme="standard") for n in NAMES
    }
    steps = DEPTH - 1
    assert (1 / 6) ** (steps / 2) / 3 < ratio["relu"] < 3 * (1 / 6) ** (steps / 2)
    assert ratio["sigmoid"] < (1 / 48) ** (steps / 2) * 10
    assert ratio["tanh"] < (1 / 3) ** (steps / 2) * 10


def test_tanh_and_relu_weight_gradients_are_level_but_tiny():
    for name in ("tanh", "relu"):
        grad_w = standard(name).grad_W
        # Level: within a factor of four across fifty layers, where delta spans 10^12 or more.
        assert 0.3 < grad_w[0] / grad_w[-1] < 3
        assert grad_w.max() / grad_w.min() < 4
        # The typical value is the geometric mean, so it lies between the extremes.
        typical = float(
            value(f"grad_w_{name}_typical")
            .replace(" × 10", "e")
            .translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
        )
        assert grad_w.min() / 1.5 < typical < grad_w.max() * 1.5
        # "Tiny": far below the weights' own scale 1/sqrt(n) = 0.1.
        assert typical < 1e-10


def test_exercise_1_relu_prediction_is_within_a_factor_of_two_of_the_measurement():
    predicted = (1 / 6) ** ((DEPTH - 1) / 2)
    assert q.relu_predicted_ratio() == sci(predicted)
    delta = standard("relu").delta
    assert 0.5 < (delta[0] / delta[-1]) / predicted < 2


def test_exercise_2_he_variance_keeps_relu_level():
    assert q.he_variance() == f"{2 / experiments.profiles.WIDTH:g}"  # 2 / n
    delta = runs.profiles().profile(activation="relu", scheme="he_normal").delta
    assert q.delta_ratio_relu_he() == f"{delta[0] / delta[-1]:.1f}"
    assert 0.1 < delta[0] / delta[-1] < 10


def test_snippet_fixed_point_and_contraction_from_first_principles():
    x = 0.25
    for _ in range(200):  # sigma' is a contraction on (0, 1/4]
        x = logistic_prime(x)
    assert x == pytest.approx(logistic_prime(x), abs=1e-15)
    assert q.fixed_point() == f"{x:.4f}"
    assert q.fixed_point_full() == f"{x:.10f}"
    contraction = logistic_prime(x) * abs(1 - 2 * logistic(x))
    assert q.snippet_contraction() == f"{contraction:.4f}"
    assert q.snippet_shrink() == f"{1 / contraction:.0f}"


def test_exercise_3_three_steps_bring_every_start_within_the_quoted_gap():
    gaps = []
    for start in (-10.0, -1.0, 0.0, 0.5, 1.0, 10.0):
        x = start
        for _ in range(3):
            x = logistic_prime(x)
        gaps.append(abs(x - float(q.fixed_point_full())))
    # Three significant digits: "within 1 × 10⁻⁴" (one digit) understated the 1.14e-4 gap.
    assert q.snippet_gap_after_3() == sci(max(gaps), 3)
    assert max(gaps) > 1.1e-4 and q.snippet_gap_after_3() != sci(1e-4, 1)
    assert q.sigmoid_prime_at_10() == sci(logistic_prime(10.0))
    assert q.quarter_power_10() == sci(0.25**10)


def test_learning_speeds_keep_their_order_and_the_quoted_ratios():
    result = runs.learning_speed()
    grad_b = result.grad_b
    # "ordered exactly as the product predicts ... the order never changes"
    assert np.all(np.diff(grad_b, axis=1) > 0)
    ratio = grad_b[:, -1] / grad_b[:, 0]
    assert ratio.argmax() == 0  # the gap is widest at the start
    start, median, end = (
        float(v()) for v in (q.speed_ratio_start, q.speed_ratio_median, q.speed_ratio_end)
    )
    assert start >= median >= end > 1
    # At the start, 3 sigmoid slopes of at most 1/4 and LeCun weights of norm about 1 each
    # separate the last layer from the first: at least 4^3 / 3, within a factor of 10.
    assert 4**3 / 30 < start < 4**3 * 10
    # The sigmoid network at rate 1 learns only part of the three-class task.
    assert 1 / 3 <= float(q.speed_best_accuracy().rstrip("%")) / 100 < 1


def test_factor_table_lists_predicted_and_measured_for_every_cell():
    result = runs.variance_factor()
    lines = q.factor_table().splitlines()
    assert lines[0] == "| Activation | Standard | Xavier (Glorot) normal | He (Kaiming) normal |"
    cells = [line.strip("|").split("|")[1:] for line in lines[2:]]
    for a, row in zip(result.activations, cells, strict=True):
        for s, cell in zip(result.schemes, row, strict=True):
            predicted, measured = (float(v) for v in cell.split("/"))
            # Both sides of each cell estimate one factor (figure: within 10 %).
            assert measured == pytest.approx(predicted, rel=0.1)
            assert measured == round(result.sel(activation=a, scheme=s).measured, 3)
