"""Experiments: determinism, the shapes figures rely on, and the key numbers the site prints."""

import dataclasses
import math

import numpy as np
import pytest

from vanishing import experiments
from vanishing.activations import sigmoid_prime, tanh_prime
from vanishing.experiments.results import Labelled, coord, data, first_over_last


def assert_identical(a, b):
    """Equal results (nested dataclasses of arrays, floats and tuples), bit for bit."""
    assert type(a) is type(b)
    if dataclasses.is_dataclass(a):
        for field in dataclasses.fields(a):
            assert_identical(getattr(a, field.name), getattr(b, field.name))
    else:
        np.testing.assert_array_equal(a, b)


SMALL = {
    "gradient_profiles": {"depth": 4, "width": 8, "batch": 6},
    "depth_ratio": {"depths": (2, 3), "width": 8, "batch": 6},
    "activation_statistics": {"depth": 3, "width": 8, "batch": 6},
    "dead_units_after_update": {"depth": 2, "width": 8},
    "dead_units_after_bias_shift": {"depth": 2, "width": 8},
    "saturation_under_large_weights": {"depth": 2, "width": 8, "batch": 6},
    "batchnorm_effect": {"depth": 3, "width": 8, "batch": 6},
    "residual_effect": {"depth": 3, "width": 8, "batch": 6},
    "float_zero_thresholds": {},
    "snippet_fixed_point": {},
    "source_neuron_example": {},
    "relu_vs_sigmoid_training": {"depth": 2, "width": 8, "epochs": 2},
    "learning_speed": {"depth": 2, "width": 8, "epochs": 2},
    "weight_variance_factor": {"depth": 3, "width": 8, "batch": 6},
}


@pytest.mark.parametrize("name", list(SMALL))
def test_experiment_is_deterministic(name):
    run = getattr(experiments, name)
    assert_identical(run(**SMALL[name]), run(**SMALL[name]))


@pytest.mark.parametrize(
    "name", [n for n in SMALL if "seed" in getattr(experiments, n).__code__.co_varnames]
)
def test_experiment_depends_on_its_seed(name):
    run = getattr(experiments, name)
    first, second = run(**SMALL[name], seed=0), run(**SMALL[name], seed=1)
    with pytest.raises(AssertionError):
        assert_identical(first, second)


@pytest.fixture(scope="module")
def profiles():
    return experiments.gradient_profiles()


def test_gradient_profiles_label_their_axes(profiles):
    settings = experiments.profiles
    assert profiles.layers.tolist() == list(range(1, settings.DEPTH + 1))
    assert profiles.labels("activation") == settings.ACTIVATIONS
    assert profiles.labels("scheme") == settings.SCHEMES
    # A cell picked by its labels is the network run alone with those settings.
    alone = experiments.layer_profile(
        "tanh", "he_normal", settings.DEPTH, settings.WIDTH, settings.BATCH, settings.SEED
    )
    cell = profiles.profile(activation="tanh", scheme="he_normal")
    for field in dataclasses.fields(cell):
        np.testing.assert_array_equal(getattr(cell, field.name), getattr(alone, field.name))


def test_relu_with_standard_init_shrinks_as_the_closed_form_says(profiles):
    # n Var(w) E[ReLU'^2] = 1/3 * 1/2 per layer for ||delta||^2, over 49 steps: (1/6)^(49/2),
    # about 8.6e-20. Finite width and one batch move it by a factor that stays within 10 either way.
    ratio = profiles.first_over_last("delta", activation="relu", scheme="standard")
    predicted = (1 / 6) ** (49 / 2)
    assert predicted / 10 < ratio < predicted * 10


def test_he_init_keeps_relu_delta_within_an_order_of_magnitude(profiles):
    assert 0.1 < profiles.first_over_last("delta", activation="relu", scheme="he_normal") < 10


def test_depth_ratio_decays_geometrically_at_the_predicted_rate():
    result = experiments.depth_ratio()
    # Standard init, n Var(w) = 1/3, so per layer ||delta|| shrinks by sqrt(E[phi'^2] / 3):
    # sqrt(1/6) for ReLU, at most sqrt(1/3) for tanh, at most sqrt(1/48) for the sigmoid.
    factor = {a: result.sel(activation=a).factor for a in result.activations}
    assert factor["relu"] == pytest.approx(math.sqrt(1 / 6), rel=0.05)
    assert 0.5 < factor["tanh"] < math.sqrt(1 / 3)
    assert 0.1 < factor["sigmoid"] < math.sqrt(1 / 48)
    assert np.all(np.diff(np.log(result.ratio), axis=1) < 0)


def test_weight_variance_factor_predicts_the_measured_one():
    result = experiments.weight_variance_factor()
    # Each layer's ratio fluctuates by about sqrt(2 / width) = 14%; 19 layers average that down.
    np.testing.assert_allclose(result.measured, result.predicted, rtol=0.1)


def test_glorot_statistics_shrink_with_standard_init_more_than_with_xavier():
    result = experiments.activation_statistics()
    standard, xavier = (result.sel(scheme=s).a_std for s in ("standard", "xavier_uniform"))
    assert np.all(np.diff(standard) < 0)
    assert standard[-1] / standard[0] < 0.5 * xavier[-1] / xavier[0]
    assert np.all(np.diff(result.a_percentiles, axis=2) >= 0)


def test_a_large_step_kills_relu_units():
    result = experiments.dead_units_after_update()
    smallest, largest = min(result.learning_rates), max(result.learning_rates)
    assert result.sel(learning_rate=smallest).dead == pytest.approx(result.dead_before, abs=0.02)
    assert result.sel(learning_rate=largest).dead > result.dead_before + 0.2


def test_a_negative_bias_shift_kills_relu_units():
    result = experiments.dead_units_after_bias_shift()
    assert np.all(np.diff(result.dead) >= 0)  # the shifts go down from 0
    assert result.sel(shift=-3.0).dead > 0.9


def test_larger_weights_saturate_more_units():
    result = experiments.saturation_under_large_weights()
    saturated = result.saturated
    assert np.all(saturated[:, 0] == 0) and np.all(saturated[:, -1] > 0.5)
    assert np.all(np.diff(saturated, axis=1) >= 0)


def test_batchnorm_stops_the_vanishing_and_makes_gradients_grow_toward_the_input():
    result = experiments.batchnorm_effect()
    for a in result.activations:
        assert result.first_over_last("delta", activation=a, batchnorm=False) < 1e-10
    # Yang et al. 2019: gradients explode at initialisation with batch normalisation.
    for a in ("tanh", "relu"):
        assert result.first_over_last("delta", activation=a, batchnorm=True) > 10


def test_scaled_residual_branches_keep_delta_flat():
    result = experiments.residual_effect()
    assert result.labels("residual") == (None, *experiments.profiles.ALPHAS)
    for a in result.activations:
        assert result.first_over_last("delta", activation=a, residual=None) < 1e-10
        assert result.first_over_last("delta", activation=a, residual=0.1) == pytest.approx(
            1, rel=0.5
        )


@pytest.fixture(scope="module")
def thresholds():
    return experiments.float_zero_thresholds()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, df", [("tanh", tanh_prime), ("sigmoid", sigmoid_prime)])
def test_float_zero_threshold_is_exact(thresholds, name, df, dtype):
    result = thresholds.sel(activation=name, dtype=dtype.__name__)
    t = dtype(result.threshold)
    assert df(t) == 0 and df(np.nextafter(t, dtype(0))) != 0
    assert result.previous == np.nextafter(t, dtype(0))
    assert 0 < result.true_slope < result.slope_at_previous


@pytest.mark.parametrize("name, df", [("tanh", tanh_prime), ("sigmoid", sigmoid_prime)])
def test_float32_threshold_is_the_first_zero_of_its_binade(thresholds, name, df):
    t = np.float32(thresholds.sel(activation=name, dtype="float32").threshold)
    start = np.float32(2.0 ** math.floor(math.log2(t)))
    bits = np.arange(start.view(np.int32), t.view(np.int32), dtype=np.int32)
    assert np.all(df(bits.view(np.float32)) != 0)  # every float32 from 2^k up to t


def test_float_zero_thresholds_are_where_the_analysis_puts_them(thresholds):
    # s rounds to 1 once e^-x < 2^-53 (float64) or 2^-24 (float32): x = 53 ln 2, 24 ln 2.
    def threshold(name, dtype):
        return thresholds.sel(activation=name, dtype=dtype).threshold

    assert threshold("sigmoid", "float64") == pytest.approx(53 * math.log(2), 1e-9)
    assert threshold("sigmoid", "float32") == pytest.approx(24 * math.log(2), 1e-6)
    # 1 - tanh(x) ~ 2 e^-2x falls below half the gap under 1, 2^-25 (float32) or 2^-54
    # (float64), near x = 13 ln 2 and 27 ln 2; numpy's tanh is not correctly rounded, so the
    # first exact zero of 1 - tanh^2 lies within a unit of those.
    assert abs(threshold("tanh", "float32") - 13 * math.log(2)) < 1.1
    assert abs(threshold("tanh", "float64") - 27 * math.log(2)) < 1


def test_the_snippet_converges_to_the_fixed_point_whatever_the_start():
    result = experiments.snippet_fixed_point()
    x = result.fixed_point
    assert abs(sigmoid_prime(x) - x) <= 1e-15
    # x* is one of the two floats between which sigma'(x) - x changes sign.
    below, above = np.nextafter(x, 0.0), np.nextafter(x, 1.0)
    crossing = [(below, x), (x, above)]
    assert any(sigmoid_prime(lo) > lo and sigmoid_prime(hi) <= hi for lo, hi in crossing)
    np.testing.assert_allclose(result.iterates[:, -1], x, rtol=1e-12)
    # |d sigma'(x)/dx| = s (1 - s) |1 - 2 s| at x*, from s(x*) with math's exp.
    s = 1 / (1 + math.exp(-x))
    assert result.contraction == pytest.approx(s * (1 - s) * abs(1 - 2 * s), rel=1e-12)


def test_source_neuron_example_numbers():
    result = experiments.source_neuron_example()
    assert result.z == 0.5 * 1 + 0.5 * 1 + 0.5
    assert result.tanh == pytest.approx(math.tanh(1.5), rel=1e-15)
    assert result.tanh_prime == pytest.approx(1 / math.cosh(1.5) ** 2, rel=1e-12)
    true_slope = 4 * math.exp(-20) / (1 + math.exp(-20)) ** 2  # sech^2(10), about 8.2e-9
    np.testing.assert_allclose(result.tanh_prime_large, true_slope, rtol=1e-6)
    assert result.relu == 0 and result.relu_prime == 0
    np.testing.assert_array_equal(result.relu_grad_w, [0.0, 0.0])


def test_relu_learns_where_the_sigmoid_network_stalls():
    result = experiments.relu_vs_sigmoid_training()
    relu, sigmoid = result.relu, result.sigmoid
    assert relu.loss[-1] < 0.1 and relu.accuracy[-1] > 0.95
    assert sigmoid.loss[-1] > 0.9 * sigmoid.loss[0]
    assert np.all(sigmoid.grad_b[:, 0] < 1e-3 * sigmoid.grad_b[:, -1])
    assert np.all((0.2 < result.relu_sparsity) & (result.relu_sparsity < 0.8))


def test_learning_speed_grows_layer_by_layer_toward_the_output():
    result = experiments.learning_speed()
    grad_b = result.grad_b  # (epoch, layer)
    assert np.all(np.diff(grad_b[0]) > 0)
    assert grad_b[0, -1] > 20 * grad_b[0, 0]


@dataclasses.dataclass(frozen=True)
class Grid(Labelled):
    rows: tuple = coord("row")
    columns: np.ndarray = coord("column")
    value: np.ndarray = data("row", "column", "layer")


GRID = Grid(("a", "b"), np.array([0.5, -1.0]), np.arange(12.0).reshape(2, 2, 3))


def test_sel_picks_by_label_along_named_axes():
    np.testing.assert_array_equal(GRID.sel(row="b").value, [[6, 7, 8], [9, 10, 11]])
    np.testing.assert_array_equal(GRID.sel(column=-1.0).value, [[3, 4, 5], [9, 10, 11]])
    cell = GRID.sel(row="a", column=-1.0)
    np.testing.assert_array_equal(cell.value, [3, 4, 5])
    assert cell.rows == "a" and cell.columns == -1.0


def test_sel_rejects_unknown_labels_dimensions_and_a_second_selection():
    with pytest.raises(KeyError, match=r"no row 'c'.*'a', 'b'"):
        GRID.sel(row="c")
    with pytest.raises(KeyError, match="no dimension 'depth'"):
        GRID.sel(depth=1)
    with pytest.raises(KeyError, match="already selected"):
        GRID.sel(row="a").sel(row="a")


def test_profiles_name_the_setting_they_vary():
    result = experiments.batchnorm_effect(("relu",), depth=2, width=4, batch=3)
    assert result.labels("batchnorm") == (False, True)
    with pytest.raises(KeyError, match="vary 'batchnorm', not 'scheme'"):
        result.profile(activation="relu", scheme="standard")


def test_successive_selections_pick_the_remaining_axes():
    np.testing.assert_array_equal(GRID.sel(row="b").sel(column=0.5).value, [6, 7, 8])
    np.testing.assert_array_equal(GRID.sel(column=0.5).sel(row="b").value, [6, 7, 8])


def test_first_over_last_divides_along_the_last_axis():
    np.testing.assert_array_equal(
        first_over_last(GRID.value + 1), (GRID.value[..., 0] + 1) / (GRID.value[..., -1] + 1)
    )
    assert first_over_last([8.0, 3.0, 2.0]) == 4.0


def test_seed_summary_is_the_sample_mean_and_standard_deviation():
    from vanishing.experiments.results import SeedSummary

    summary = SeedSummary.of([1.0, 2.0, 3.0, 4.0])
    assert summary.mean == 2.5 and summary.n == 4
    assert summary.spread == pytest.approx(math.sqrt(5 / 3), rel=1e-15)  # sum of squares 5, n-1 = 3
    ratios = SeedSummary.of_log10([0.1, 10.0])
    assert ratios.log10 and ratios.mean == pytest.approx(0.0, abs=1e-15)
    assert ratios.spread == pytest.approx(math.sqrt(2), rel=1e-15)
    assert ratios.geometric_mean == pytest.approx(1.0)
    with pytest.raises(ValueError):
        SeedSummary.of([1.0])
