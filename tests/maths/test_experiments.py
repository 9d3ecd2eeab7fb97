"""Experiments: determinism, the shapes figures rely on, and the key numbers the site prints."""

import math

import numpy as np
import pytest

from vanishing import experiments
from vanishing.activations import sigmoid_prime, tanh_prime


def assert_identical(a, b):
    """Equal nested dicts of arrays, floats and tuples, bit for bit."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            assert_identical(a[key], b[key])
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


def test_gradient_profiles_shapes(profiles):
    assert profiles["layers"].tolist() == list(range(1, 51))
    for key in ("delta", "grad_W", "grad_b", "a_std", "saturated", "dead"):
        assert profiles[key].shape == (3, 3, 50)


def test_relu_with_standard_init_loses_about_nineteen_orders_of_magnitude(profiles):
    i, j = profiles["activations"].index("relu"), profiles["schemes"].index("standard")
    delta = profiles["delta"][i, j]
    assert 1e-21 < delta[0] / delta[-1] < 1e-17


def test_he_init_keeps_relu_delta_within_an_order_of_magnitude(profiles):
    i, j = profiles["activations"].index("relu"), profiles["schemes"].index("he_normal")
    delta = profiles["delta"][i, j]
    assert 0.1 < delta[0] / delta[-1] < 10


def test_depth_ratio_decays_geometrically_at_the_predicted_rate():
    result = experiments.depth_ratio()
    # Standard init, n Var(w) = 1/3, so per layer ||delta|| shrinks by sqrt(E[phi'^2] / 3):
    # sqrt(1/6) for ReLU, at most sqrt(1/3) for tanh, at most sqrt(1/48) for the sigmoid.
    factor = dict(zip(result["activations"], result["factor"], strict=True))
    assert factor["relu"] == pytest.approx(math.sqrt(1 / 6), rel=0.05)
    assert 0.5 < factor["tanh"] < math.sqrt(1 / 3)
    assert 0.1 < factor["sigmoid"] < math.sqrt(1 / 48)
    assert np.all(np.diff(np.log(result["ratio"]), axis=1) < 0)


def test_weight_variance_factor_predicts_the_measured_one():
    result = experiments.weight_variance_factor()
    # Each layer's ratio fluctuates by about sqrt(2 / width) = 14%; 19 layers average that down.
    np.testing.assert_allclose(result["measured"], result["predicted"], rtol=0.1)


def test_glorot_statistics_shrink_with_standard_init_more_than_with_xavier():
    result = experiments.activation_statistics()
    standard, xavier = result["a_std"]
    assert np.all(np.diff(standard) < 0)
    assert standard[-1] / standard[0] < 0.5 * xavier[-1] / xavier[0]
    assert result["a_percentiles"].shape == (2, 5, 5)
    assert np.all(np.diff(result["a_percentiles"], axis=2) >= 0)


def test_a_large_step_kills_relu_units():
    result = experiments.dead_units_after_update()
    assert result["dead"][0] == pytest.approx(result["dead_before"], abs=0.02)
    assert result["dead"][-1] > result["dead_before"] + 0.2


def test_a_negative_bias_shift_kills_relu_units():
    result = experiments.dead_units_after_bias_shift()
    assert np.all(np.diff(result["dead"]) >= 0)
    assert result["dead"][-1] > 0.9


def test_larger_weights_saturate_more_units():
    result = experiments.saturation_under_large_weights()
    saturated = result["saturated"]
    assert np.all(saturated[:, 0] == 0) and np.all(saturated[:, -1] > 0.5)
    assert np.all(np.diff(saturated, axis=1) >= 0)


def test_batchnorm_stops_the_vanishing_and_makes_gradients_grow_toward_the_input():
    result = experiments.batchnorm_effect()
    delta = result["delta"]  # (activation, [plain, batchnorm], layer)
    ratio = delta[:, :, 0] / delta[:, :, -1]
    assert np.all(ratio[:, 0] < 1e-10)
    i, j = result["activations"].index("tanh"), result["activations"].index("relu")
    assert ratio[i, 1] > 10 and ratio[j, 1] > 10  # Yang et al. 2019: explosion at initialisation


def test_scaled_residual_branches_keep_delta_flat():
    result = experiments.residual_effect()
    assert result["residual"] == (None, 1.0, 0.1)
    ratio = result["delta"][:, :, 0] / result["delta"][:, :, -1]
    assert np.all(ratio[:, 0] < 1e-10)
    np.testing.assert_allclose(ratio[:, 2], 1, rtol=0.5)


@pytest.fixture(scope="module")
def thresholds():
    return experiments.float_zero_thresholds()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, df", [("tanh", tanh_prime), ("sigmoid", sigmoid_prime)])
def test_float_zero_threshold_is_exact(thresholds, name, df, dtype):
    result = thresholds[name][dtype.__name__]
    t = dtype(result["threshold"])
    assert df(t) == 0 and df(np.nextafter(t, dtype(0))) != 0
    assert result["previous"] == np.nextafter(t, dtype(0))
    assert 0 < result["true_slope"] < result["slope_at_previous"]


@pytest.mark.parametrize("name, df", [("tanh", tanh_prime), ("sigmoid", sigmoid_prime)])
def test_float32_threshold_is_the_first_zero_of_its_binade(thresholds, name, df):
    t = np.float32(thresholds[name]["float32"]["threshold"])
    start = np.float32(2.0 ** math.floor(math.log2(t)))
    bits = np.arange(start.view(np.int32), t.view(np.int32), dtype=np.int32)
    assert np.all(df(bits.view(np.float32)) != 0)  # every float32 from 2^k up to t


def test_float_zero_thresholds_are_where_the_analysis_puts_them(thresholds):
    # s rounds to 1 once e^-x < 2^-53 (float64) or 2^-24 (float32): x = 53 ln 2, 24 ln 2.
    assert thresholds["sigmoid"]["float64"]["threshold"] == pytest.approx(53 * math.log(2), 1e-9)
    assert thresholds["sigmoid"]["float32"]["threshold"] == pytest.approx(24 * math.log(2), 1e-6)
    assert 9 < thresholds["tanh"]["float32"]["threshold"] <= 10
    assert 18.5 < thresholds["tanh"]["float64"]["threshold"] < 19.5


def test_the_snippet_converges_to_the_fixed_point_whatever_the_start():
    result = experiments.snippet_fixed_point()
    x = result["fixed_point"]
    assert abs(sigmoid_prime(x) - x) <= 1e-15
    assert 0.2462 < x < 0.2463
    np.testing.assert_allclose(result["iterates"][:, -1], x, rtol=1e-12)
    assert result["contraction"] == pytest.approx(0.0302, abs=1e-4)


def test_source_neuron_example_numbers():
    result = experiments.source_neuron_example()
    assert result["z"] == 1.5
    assert result["tanh"] == pytest.approx(0.9051482536, abs=1e-10)
    assert result["tanh_prime"] == pytest.approx(1 - 0.9051482536448664**2, rel=1e-12)
    true_slope = 4 * math.exp(-20) / (1 + math.exp(-20)) ** 2  # sech^2(10), about 8.2e-9
    np.testing.assert_allclose(result["tanh_prime_large"], true_slope, rtol=1e-6)
    assert result["relu"] == 0 and result["relu_prime"] == 0
    np.testing.assert_array_equal(result["relu_grad_w"], [0.0, 0.0])


def test_relu_learns_where_the_sigmoid_network_stalls():
    result = experiments.relu_vs_sigmoid_training()
    relu, sigmoid = result["relu"], result["sigmoid"]
    assert relu["loss"][-1] < 0.1 and relu["accuracy"][-1] > 0.95
    assert sigmoid["loss"][-1] > 0.9 * sigmoid["loss"][0]
    assert np.all(sigmoid["grad_b"][:, 0] < 1e-3 * sigmoid["grad_b"][:, -1])
    assert np.all((0.2 < result["relu_sparsity"]) & (result["relu_sparsity"] < 0.8))


def test_learning_speed_grows_layer_by_layer_toward_the_output():
    result = experiments.learning_speed()
    assert result["grad_b"].shape == (31, 4)
    assert np.all(np.diff(result["grad_b"][0]) > 0)
    assert result["grad_b"][0, -1] > 20 * result["grad_b"][0, 0]
