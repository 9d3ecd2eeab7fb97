"""The chapter on activation functions: its figures draw the library's functions, and its
numbers, table and exercise answers agree with closed forms computed here from `math`."""

import importlib
import math
import re
from pathlib import Path

import numpy as np
import pytest

from vanishing import activations
from vanishing.activations import ACTIVATIONS
from vanishing.network import SATURATION
from vanishing_site.figures import _curves
from vanishing_site.values import activations as q

ROOT = Path(__file__).resolve().parents[2]

# figure module -> (activation, derivative?) for the figures that draw one curve.
SINGLE = {
    "sigmoid": ("sigmoid", False),
    "sigmoid_dx": ("sigmoid", True),
    "relu": ("relu", False),
    "relu_dx": ("relu", True),
}
PAIRS = ("tanh", "leaky_relu", "elu")


def draw(name):
    return importlib.import_module(f"vanishing_site.figures.{name}").figure()


def normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


def normal_pdf(x):
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def logistic(x):
    return 1 / (1 + math.exp(-x))


def bisect(f, lo, hi, steps=200):
    """A root of f in [lo, hi], where f changes sign."""
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (f(mid) > 0) == (f(lo) > 0) else (lo, mid)
    return (lo + hi) / 2


def test_the_grid_puts_zero_exactly_on_a_point():
    assert 0.0 in _curves.X and _curves.X[0] == -6 and _curves.X[-1] == 6


@pytest.mark.parametrize("name", SINGLE)
def test_single_curve_figures_plot_the_library_function(name):
    activation, derivative = SINGLE[name]
    _, data = draw(name)
    act = ACTIVATIONS[activation]
    expected = (act.df if derivative else act.f)(data["x"])
    key = f"{activation}_prime" if derivative else activation
    np.testing.assert_array_equal(data[key], expected)
    assert data[key].shape == (241,)


@pytest.mark.parametrize("name", PAIRS)
def test_function_and_derivative_figures_plot_both(name):
    _, data = draw(name)
    np.testing.assert_array_equal(data[name], ACTIVATIONS[name].f(data["x"]))
    np.testing.assert_array_equal(data[f"{name}_prime"], ACTIVATIONS[name].df(data["x"]))


def test_gelu_silu_and_slopes_figures_plot_the_library_functions():
    _, data = draw("gelu_silu")
    for name in ("gelu", "silu"):
        np.testing.assert_array_equal(data[name], ACTIVATIONS[name].f(data["x"]))
        np.testing.assert_array_equal(data[f"{name}_prime"], ACTIVATIONS[name].df(data["x"]))
    _, data = draw("activation_slopes")
    assert [k for k in data if k != "x"] == ["sigmoid_prime", "tanh_prime", "relu_prime"]
    for name in ("sigmoid", "tanh", "relu"):
        np.testing.assert_array_equal(data[f"{name}_prime"], ACTIVATIONS[name].df(data["x"]))


def test_relu_derivative_is_drawn_as_a_step_with_its_value_at_zero_marked():
    fig, _ = draw("relu_dx")
    lines = fig.axes[0].get_lines()
    dots = [(line.get_xdata()[0], line.get_ydata()[0], line.get_markerfacecolor())
            for line in lines if line.get_marker() == "o"]  # fmt: skip
    # ReLU'(0) = 0 (filled dot); the limit from the right, 1, is a hollow dot.
    assert [(x, y) for x, y, _ in dots] == [(0.0, 0.0), (0.0, 1.0)]
    assert dots[0][2] != "none" and dots[1][2] == "none"
    # No segment of the curve joins 0 and 1: the step is not drawn as a steep slope.
    for line in lines:
        y = np.asarray(line.get_ydata(), dtype=float)
        if len(y) > 2:
            assert np.all(np.abs(np.diff(y)) < 0.2)


def test_derivative_figures_label_the_largest_slope_from_the_registry():
    fig, _ = draw("sigmoid_dx")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["largest slope 0.25 at x = 0"]


def test_sigmoid_numbers():
    assert q.sigmoid_prime_max() == "0.25" and q.sigmoid_at_0() == "0.5"
    assert q.sigmoid_prime_at_6() == f"{math.exp(-6) / (1 + math.exp(-6)) ** 2:.4f}"
    assert q.saturation_level() == f"{100 * SATURATION:.0f}%"


def closed_form_onsets(c=SATURATION):
    """Where the slope falls to c times its peak: sigma'(x) = c/4 and tanh'(x) = c."""
    s = (1 + math.sqrt(1 - c)) / 2  # the larger root of s (1 - s) = c / 4
    return math.log(s / (1 - s)), math.atanh(math.sqrt(1 - c))


def test_saturation_onsets_match_closed_forms_and_differ_by_exactly_two():
    sigmoid_x, tanh_x = closed_form_onsets()
    assert q.sigmoid_saturation_onset() == f"{sigmoid_x:.2f}"
    assert q.tanh_saturation_onset() == f"{tanh_x:.2f}"
    assert sigmoid_x == pytest.approx(2 * tanh_x, rel=1e-12)
    assert q.saturation_onset_ratio() == f"{2:.6f}"
    assert q.saturation_onset("sigmoid") == pytest.approx(sigmoid_x, abs=1e-12)


def test_exercise_1_tanh_is_a_stretched_sigmoid():
    for x in np.linspace(-6, 6, 25):
        assert math.tanh(x) == pytest.approx(2 * logistic(2 * x) - 1, abs=1e-15)
    assert activations.tanh_prime(0.0) == 4 * activations.sigmoid_prime(0.0) == 1
    assert float(q.tanh_sigmoid_identity_error().split(" ")[0]) <= 9
    assert q.tanh_sigmoid_identity_error().endswith("10⁻¹⁶")


def test_sigmoid_formula_slope_is_exactly_zero_where_the_page_says():
    # s = sigma(x) rounds to 1 once e^-x is below half the gap under 1: 2^-24 (float32) and
    # 2^-53 (float64), so s (1 - s) is 0 from x = 24 ln 2 and 53 ln 2 on.
    assert q.sigmoid_slope_zero_float32() == f"{24 * math.log(2):.1f}"
    assert q.sigmoid_slope_zero_float64() == f"{53 * math.log(2):.1f}"
    assert activations.sigmoid_prime(np.float64(36.8)) == 0
    assert activations.sigmoid_prime(np.float64(36.6)) > 0
    assert activations.sigmoid_prime(np.float32(16.7)) == 0
    assert activations.sigmoid_prime(np.float32(16.5)) > 0


def test_leaky_relu_and_elu_numbers():
    assert q.leaky_relu_negative_slope() == "0.01"  # PyTorch's negative_slope default
    assert q.elu_at_minus_6() == f"{math.expm1(-6):.4f}"


def test_gelu_and_silu_minima_solve_their_first_order_conditions():
    gelu_x = bisect(lambda x: normal_cdf(x) + x * normal_pdf(x), -2, -0.1)
    silu_x = bisect(lambda x: logistic(x) * (1 + x * (1 - logistic(x))), -3, -0.1)
    assert q.gelu_minimum() == f"{gelu_x * normal_cdf(gelu_x):.3f}"
    assert q.gelu_minimum_at() == f"{gelu_x:.2f}"
    assert q.silu_minimum() == f"{silu_x * logistic(silu_x):.3f}"
    assert q.silu_minimum_at() == f"{silu_x:.2f}"


def test_exercise_3_gelu_slope_extremes_and_their_symmetry():
    peak = normal_cdf(math.sqrt(2)) + math.sqrt(2) * normal_pdf(math.sqrt(2))
    assert q.gelu_max_slope() == f"{peak:.4f}"
    assert q.gelu_min_slope() == f"{1 - peak:.4f}"
    for x in np.linspace(0, 6, 13):
        left = normal_cdf(-x) - x * normal_pdf(-x)
        assert left + normal_cdf(x) + x * normal_pdf(x) == pytest.approx(1, abs=1e-15)
    assert q.gelu_slope_symmetry_error().endswith("10⁻¹⁶")


def test_silu_steepest_point_solves_silu_second_derivative_zero():
    # SiLU'' = sigma' (2 + x (1 - 2 sigma)).
    x = bisect(lambda x: 2 + x * (1 - 2 * logistic(x)), 1, 4)
    slope = logistic(x) * (1 + x * (1 - logistic(x)))
    assert q.silu_max_slope() == f"{slope:.4f}"
    assert q.silu_max_slope_at() == f"{x:.3f}"


def test_comparison_table_has_one_row_per_registry_entry_with_its_facts():
    lines = q.activation_table().splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == ["Activation", "Output range", "Largest slope", "Attained at",
                      "Zero-centred", "Saturates", "Can die"]  # fmt: skip
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]
    assert len(rows) == len(ACTIVATIONS)
    for row, act in zip(rows, ACTIVATIONS.values(), strict=True):
        label, output_range, slope, where, centred, saturates, dies = row
        # The range stays on one line: its spaces are no-break spaces.
        assert (label, output_range) == (act.label, str(act.output_range).replace(" ", "\xa0"))
        assert where == act.max_slope_on.describe()
        assert float(re.sub(r"^≈ ", "", slope)) == pytest.approx(act.max_slope, abs=5e-4)
        assert [centred, saturates, dies] == [
            "yes" if fact else "no" for fact in (act.zero_centred, act.saturates, act.can_die)
        ]
    by_label = {row[0]: row for row in rows}
    assert by_label["Sigmoid"][2] == "0.25" and by_label["ReLU"][6] == "yes"
    assert by_label["tanh"][4] == "yes" and by_label["Leaky ReLU"][6] == "no"


def test_a_new_activation_is_one_registry_entry_even_when_its_slope_is_never_attained(
    monkeypatch,
):
    # Softplus, log(1 + e^x): slope sigma(x) tends to 1 as x -> inf without reaching it. One
    # registry entry is all the figures, the comparison table and the maths tests read.
    def softplus(x):
        return np.logaddexp(0, np.asarray(x, dtype=float))

    entry = activations.Activation(
        "softplus", "Softplus", "softplus", softplus, activations.sigmoid,
        activations.Interval(0.0, math.inf), 1.0, None, (0.0, math.inf), (0.0, 1.0),
        zero_centred=False, saturates=True, can_die=False,
    )  # fmt: skip
    registry = activations.Registry("activation", [*ACTIVATIONS.values(), entry])
    for module in (activations, _curves, q):
        monkeypatch.setattr(module, "ACTIVATIONS", registry)
    fig, data = _curves.curve("softplus", derivative=True)
    assert [t.get_text() for t in fig.axes[0].texts] == [
        "largest slope 1 approached, never attained"
    ]
    np.testing.assert_array_equal(data["softplus_prime"], activations.sigmoid(_curves.X))
    row = q.activation_table().splitlines()[-1]
    assert row == "| Softplus | (0,\xa0∞) | 1 | nowhere (approached) | no | yes | no |"


def test_gelu_and_silu_slopes_exceed_one_only_well_right_of_the_origin():
    # The old claim "just right of the origin": both slopes are 1/2 at 0 and stay below 1 up to
    # the crossings, found here from the closed-form derivatives.
    gelu_x = bisect(lambda x: normal_cdf(x) + x * normal_pdf(x) - 1, 0.1, math.sqrt(2))
    silu_x = bisect(lambda x: logistic(x) * (1 + x * (1 - logistic(x))) - 1, 0.1, 2.3)
    assert q.gelu_slope_above_one_from() == f"{gelu_x:.2f}"
    assert q.silu_slope_above_one_from() == f"{silu_x:.2f}"
    for name, crossing in (("gelu", gelu_x), ("silu", silu_x)):
        below = np.linspace(0, crossing - 1e-6, 200)
        assert np.all(ACTIVATIONS[name].df(below) < 1)
        assert crossing > 0.7


def test_sigmoid_inputs_tie_the_weight_gradients_signs_per_example_not_per_batch():
    # dC/dw_j = delta a_j with a_j = sigma(.) > 0: on one example every sign is delta's; over a
    # batch whose deltas differ in sign the averaged gradients can disagree.
    rng = np.random.default_rng(0)
    sigmoid = ACTIVATIONS["sigmoid"].f
    a = sigmoid(rng.normal(size=(2, 50)))
    delta = np.array([1.0, -1.0])
    for i in range(2):
        assert np.all(np.sign(delta[i] * a[i]) == np.sign(delta[i]))
    batch = (delta[:, None] * a).mean(axis=0)
    assert (batch > 0).any() and (batch < 0).any()
    page = (ROOT / "docs" / "activations.md").read_text(encoding="utf-8")
    assert "can only all grow or all shrink together in one step" not in page
