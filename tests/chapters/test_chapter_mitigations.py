"""The mitigations chapter: initialisation variances against their papers' formulas, the figures
against the experiments, the new zero-gradient experiment, and the references page's anchors."""

import math
import re
from pathlib import Path

import numpy as np
import pytest

from vanishing import experiments
from vanishing.initialisation import init_weights
from vanishing_site import gallery
from vanishing_site.quantities import mitigations as q
from vanishing_site.quantities import sci

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def draw(monkeypatch):
    """figure() of a figure module in the site's theme, returning its data; its experiments
    are served from the quantities' cache (the same default calls, computed once)."""
    cached = {
        "gradient_profiles": q.profiles,
        "zero_gradient_units": q.zero_gradient,
        "batchnorm_effect": q.batchnorm,
        "residual_effect": q.residual,
    }
    for name, function in cached.items():
        monkeypatch.setattr(experiments, name, function)

    return gallery.figure_data


# Initialisation


def test_variances_at_width_100_are_the_papers_formulas():
    n = 100
    assert q.mit_width() == str(n)
    assert q.mit_var_standard() == f"{1 / (3 * n):.4f}"  # U(+-1/sqrt n): r^2 / 3
    assert q.mit_var_lecun() == f"{1 / n:.4f}" == q.mit_var_xavier()  # 2 / (n + n)
    assert q.mit_var_he() == f"{2 / n:.4f}"


def test_pytorch_linear_default_is_the_standard_scheme():
    # torch.nn.Linear: kaiming_uniform_(a=sqrt 5); gain sqrt(2 / (1 + a^2)), bound gain sqrt(3/n).
    n = 100
    gain = math.sqrt(2 / (1 + 5))
    bound = gain * math.sqrt(3 / n)
    assert bound == pytest.approx(1 / math.sqrt(n))
    assert q.mit_std_standard() == f"{bound / math.sqrt(3):.4f}"
    weights = init_weights("standard", n, n, np.random.default_rng(0))
    assert np.abs(weights).max() <= bound
    assert weights.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)


def test_exercise_1_xavier_and_lecun_differ_when_fan_in_and_fan_out_do():
    assert q.mit_exercise_xavier() == f"{2 / (784 + 100):.5f}"
    assert q.mit_exercise_lecun() == f"{1 / 784:.5f}"
    assert q.mit_exercise_ratio() == f"{2 * 784 / 884:.2f}"


def test_exercise_2_he_over_standard_and_the_relu_factors():
    assert q.mit_he_over_standard_std() == f"{math.sqrt(6):.2f}"
    assert q.mit_relu_standard_factor_predicted() == f"{1 / 6:.3f}"
    assert float(q.mit_relu_standard_factor_measured()) == pytest.approx(1 / 6, rel=0.1)
    assert float(q.mit_relu_he_factor_measured()) == pytest.approx(1, rel=0.1)


def test_initialisation_figures_plot_the_profiles(draw):
    profiles = q.profiles()
    stats, grads = draw("init_activation_stats"), draw("init_gradients")
    for i, activation in enumerate(profiles["activations"]):
        for j, scheme in enumerate(profiles["schemes"]):
            key = f"{activation}_{scheme}"
            np.testing.assert_array_equal(grads[key], profiles["delta"][i, j])
            if activation != "sigmoid":
                np.testing.assert_array_equal(stats[key], profiles["a_std"][i, j])


def test_each_activation_keeps_its_signal_under_its_own_scheme():
    p = q.profiles()

    def ratio(activation, scheme):
        delta = p["delta"][p["activations"].index(activation), p["schemes"].index(scheme)]
        return delta[0] / delta[-1]

    assert 0.1 < ratio("tanh", "xavier_normal") < 10 and 0.1 < ratio("relu", "he_normal") < 10
    assert all(ratio("sigmoid", s) < 1e-20 for s in p["schemes"])
    assert q.mit_sigmoid_delta_best() == sci(max(ratio("sigmoid", s) for s in p["schemes"]))


# Leaky ReLU and ELU


def test_zero_gradient_units_is_deterministic_on_a_small_network():
    small = {"depth": 2, "width": 8, "shifts": (0.0, -2.0)}
    first, second = (
        experiments.zero_gradient_units(**small),
        experiments.zero_gradient_units(**small),
    )
    for key in ("zero_gradient", "zero_gradient_per_layer", "grad_W"):
        np.testing.assert_array_equal(first[key], second[key])
    assert first["grad_W"].shape == (3, 2, 2)


def test_relu_units_without_gradient_include_every_dead_one():
    result = q.zero_gradient()
    relu = result["activations"].index("relu")
    dead = experiments.dead_units_after_bias_shift(shifts=(0.0, -0.5))["dead_per_layer"]
    no_gradient = result["zero_gradient_per_layer"][relu, :2]
    # A dead unit gets no gradient; so does a live one whose every path upwards is switched off
    # on exactly the examples where it is on. Without a shift there is none of the latter.
    np.testing.assert_array_equal(no_gradient[0], dead[0])
    assert np.all(no_gradient >= dead) and np.any(no_gradient > dead)
    cut_off = result["shifts"] <= -1
    assert np.all(result["zero_gradient"][relu, cut_off] == 1)
    assert np.all(result["grad_W"][relu, cut_off] == 0)


def test_leaky_relu_and_elu_never_have_a_unit_without_gradient():
    result = q.zero_gradient()
    for activation in ("leaky_relu", "elu"):
        i = result["activations"].index(activation)
        assert np.all(result["zero_gradient"][i] == 0) and np.all(result["grad_W"][i] > 0)
    leaky, elu = (result["activations"].index(a) for a in ("leaky_relu", "elu"))
    assert np.all(result["grad_W"][elu, 2:, 0] > 100 * result["grad_W"][leaky, 2:, 0])
    assert q.mit_leaky_slope() == "0.01"


def test_leaky_elu_figure_plots_the_experiment(draw):
    data = draw("leaky_elu_dead")
    result = q.zero_gradient()
    for i, activation in enumerate(result["activations"]):
        np.testing.assert_array_equal(
            data[f"{activation}_zero_gradient"], result["zero_gradient"][i]
        )
        np.testing.assert_array_equal(data[f"{activation}_grad_W1"], result["grad_W"][i, :, 0])


# Batch normalisation and residual connections


def test_batchnorm_figure_and_numbers(draw):
    data = draw("batchnorm_gradients")
    result = q.batchnorm()
    relu = result["activations"].index("relu")
    np.testing.assert_array_equal(data["relu_batchnorm"], result["delta"][relu, 1])
    np.testing.assert_array_equal(data["relu_plain"], result["delta"][relu, 0])
    ratio = data["relu_batchnorm"][0] / data["relu_batchnorm"][-1]
    assert q.mit_bn_relu_ratio() == sci(ratio) and ratio > 100
    assert q.mit_bn_relu_factor_per_layer() == f"{ratio ** (1 / 49):.3f}"
    assert q.mit_bn_relu_dead() == "0%"


def test_residual_figure_and_exercise_3(draw):
    data = draw("residual_gradients")
    result = q.residual()
    ratios = []
    for i, activation in enumerate(result["activations"]):
        np.testing.assert_array_equal(data[f"{activation}_plain"], result["delta"][i, 0])
        np.testing.assert_array_equal(data[f"{activation}_alpha_0.1"], result["delta"][i, 2])
        ratios.append(data[f"{activation}_alpha_0.1"][0] / data[f"{activation}_alpha_0.1"][-1])
    assert q.mit_res_small_range() == f"{min(ratios):.2f} to {max(ratios):.2f}"
    assert all(0.9 < r < 1.5 for r in ratios)


# The references page


AGREED = ["glorot-bengio-2010", "he-2015", "ioffe-szegedy-2015", "he-2016", "he-2016b"]
AGREED += ["nielsen-2015", "lecun-1998", "saxe-2014"]


def test_references_page_defines_every_anchor_the_chapters_cite():
    references = (ROOT / "docs" / "references.md").read_text(encoding="utf-8")
    defined = set(re.findall(r"^\{ #([\w-]+) \}$", references, re.M))
    cited = set()
    for page in (ROOT / "docs").glob("*.md"):
        cited |= set(re.findall(r"references\.md#([\w-]+)", page.read_text(encoding="utf-8")))
    assert set(AGREED) <= defined
    assert cited <= defined
