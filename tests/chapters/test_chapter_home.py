"""The home page: its figure plots the experiment, and its numbers are what the figure shows."""

import math

import numpy as np
import pytest
from seed_spread import assert_seed_spread

from vanishing import experiments
from vanishing.experiments.results import SeedSummary
from vanishing_site import runs, style
from vanishing_site.figures import home_gradients
from vanishing_site.values import home, mean_spread, sci


@pytest.fixture(scope="module")
def drawn():
    fig, data = home_gradients.figure()
    return fig, data


def test_a_single_cell_of_gradient_profiles_equals_that_cell_of_the_full_grid():
    # The figures and values share the full grid and read single cells of it; a one-cell run
    # must give the same numbers, which holds only if every cell is seeded on its own.
    small = {"depth": 4, "width": 8, "batch": 6}
    grid = experiments.gradient_profiles(**small)
    cell = experiments.gradient_profiles(activations=("relu",), schemes=("he_normal",), **small)
    for statistic in ("grad_W", "delta"):
        np.testing.assert_array_equal(
            getattr(cell.profile(activation="relu", scheme="he_normal"), statistic),
            getattr(grid.profile(activation="relu", scheme="he_normal"), statistic),
        )


def test_figure_plots_each_networks_weight_gradients_over_the_seeds(drawn):
    _, data = drawn
    assert data["layer"].tolist() == list(range(1, experiments.profiles.DEPTH + 1))
    for network in (home.SIGMOID, home.RELU):
        per_seed = runs.profiles_over_seeds().profile(**network).grad_W
        assert per_seed.shape == (len(experiments.profiles.SEEDS), experiments.profiles.DEPTH)
        name = f"{network['activation']}_{network['scheme']}"
        np.testing.assert_allclose(data[name], np.exp(np.log(per_seed).mean(axis=0)), rtol=1e-12)
        np.testing.assert_array_equal(data[f"{name}_min"], per_seed.min(axis=0))
        np.testing.assert_array_equal(data[f"{name}_max"], per_seed.max(axis=0))


def log10_ratios(network):
    grad_w = runs.profiles_over_seeds().profile(**network).grad_W
    return np.log10(grad_w[:, 0] / grad_w[:, -1])


def test_sigmoid_ratio_is_a_seed_mean_and_what_the_per_layer_factor_predicts(drawn):
    _, data = drawn
    logs = log10_ratios(home.SIGMOID)
    assert home.sigmoid_grad_ratio() == mean_spread(SeedSummary.of_log10(10.0**logs))
    assert "over 8 seeds" in home.sigmoid_grad_ratio()
    assert home.sigmoid_grad_ratio_typical() == sci(10 ** logs.mean(), 1)
    column = data["sigmoid_xavier_normal"]
    assert home.sigmoid_grad_first() == sci(column[0], 1)
    assert home.sigmoid_grad_last() == f"{column[-1]:.1f}"
    # Independently: the per-layer factor chi measured in 20-layer networks, compounded over
    # the 49 steps of this one (the norm shrinks by sqrt(chi) per layer), within a factor 30.
    chi = runs.factor_over_seeds("sigmoid", "xavier_normal")[1].mean
    predicted = chi ** ((experiments.profiles.DEPTH - 1) / 2)
    assert abs(logs.mean() - math.log10(predicted)) < 1.5


def test_relu_with_he_keeps_every_layers_gradient_within_a_factor_ten_in_every_seed():
    grad_w = runs.profiles_over_seeds().profile(**home.RELU).grad_W
    spread = grad_w.max(axis=1) / grad_w.min(axis=1)
    assert home.relu_grad_layer_factor() == f"{spread.max():.1f}"
    # He's initialisation keeps n Var(w) E[ReLU'^2] = 1 per layer: no trend over 50 layers.
    assert spread.max() < 10
    logs = log10_ratios(home.RELU)
    assert home.relu_grad_ratio() == mean_spread(SeedSummary.of_log10(10.0**logs))
    assert abs(logs.mean()) < 2 * logs.std(ddof=1)
    assert home.relu_grad_typical() == f"{np.exp(np.log(grad_w).mean()):.1f}"


def test_pytorch_default_relu_signal_is_a_seed_mean_and_biases_do_not_rescue_it():
    delta = runs.profiles_over_seeds().profile(activation="relu", scheme="pytorch_default").delta
    logs = np.log10(delta[:, 0] / delta[:, -1])
    assert home.relu_pytorch_delta_ratio() == mean_spread(SeedSummary.of_log10(10.0**logs))
    # chi = 1/6 per layer whatever the biases: (1/6)^(49/2), within two spreads.
    assert abs(logs.mean() - 24.5 * math.log10(1 / 6)) < 2 * logs.std(ddof=1)


def test_figure_has_two_labelled_curves_on_a_log_axis(drawn):
    fig, _ = drawn
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    # Each curve is named at its end, in its own colour.
    labels = [(text.get_text(), text.get_color()) for text in ax.texts]
    assert labels == [
        ("sigmoid,\nXavier normal", style.activation_colour("sigmoid")),
        ("ReLU,\nHe normal", style.activation_colour("relu")),
    ]
    assert [line.get_color() for line in ax.get_lines()] == [colour for _, colour in labels]


@pytest.mark.parametrize(
    "name", ["sigmoid_grad_ratio", "relu_grad_ratio", "relu_pytorch_delta_ratio"]
)
def test_ratios_of_a_configuration_are_printed_with_their_seed_spread(name):
    assert_seed_spread(getattr(home, name)())
