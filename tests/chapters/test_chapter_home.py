"""The home page: its figure plots the experiment, and its numbers are what the figure shows."""

import functools
import math

import numpy as np
import pytest

from vanishing import experiments
from vanishing_site.figures import home_gradients
from vanishing_site.quantities import home, sci


@pytest.fixture(scope="module", autouse=True)
def _run_each_experiment_once():
    """The figure and the quantities ask for the same runs: compute each once."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("gradient_profiles", "weight_variance_factor"):
            patch.setattr(experiments, name, functools.cache(getattr(experiments, name)))
        yield


@pytest.fixture(scope="module")
def drawn():
    fig, data = home_gradients.figure()
    return fig, data


def test_a_single_cell_of_gradient_profiles_equals_that_cell_of_the_full_grid():
    # The home figure and quantities compute only the cells they show; that is only right if
    # every cell is seeded on its own.
    small = {"depth": 4, "width": 8, "batch": 6}
    grid = experiments.gradient_profiles(**small)
    cell = experiments.gradient_profiles(activations=("relu",), schemes=("he_normal",), **small)
    i, j = grid["activations"].index("relu"), grid["schemes"].index("he_normal")
    np.testing.assert_array_equal(cell["grad_W"][0, 0], grid["grad_W"][i, j])
    np.testing.assert_array_equal(cell["delta"][0, 0], grid["delta"][i, j])


def test_figure_plots_each_networks_weight_gradients(drawn):
    _, data = drawn
    assert data["layer"].tolist() == list(range(1, 51))
    for activation, scheme in (home.SIGMOID, home.RELU):
        np.testing.assert_array_equal(
            data[f"{activation}_{scheme}"], home.profile(activation, scheme)["grad_W"]
        )


def test_sigmoid_ratio_is_what_the_figure_shows_and_what_the_per_layer_factor_predicts(drawn):
    _, data = drawn
    column = data["sigmoid_xavier_normal"]
    ratio = column[0] / column[-1]
    assert home.home_sigmoid_grad_ratio() == sci(ratio)
    # Independently: the per-layer factor chi measured in 20-layer networks, compounded over
    # the 49 steps of this one (the norm shrinks by sqrt(chi) per layer).
    chi = experiments.weight_variance_factor(activations=("sigmoid",), schemes=("xavier_normal",))
    predicted = chi["measured"][0, 0] ** (49 / 2)
    assert abs(math.log10(ratio) - math.log10(predicted)) < 1.5
    # The caption says "about 10^-31", the alt text "about 3e-32 at layer 1, 0.3 at layer 50".
    assert round(math.log10(ratio)) == -31
    assert 2e-32 < column[0] < 4e-32 and 0.25 < column[-1] < 0.35


def test_relu_with_he_keeps_every_layers_gradient_within_the_quoted_range(drawn):
    _, data = drawn
    column = data["relu_he_normal"]
    assert home.home_relu_grad_min() == f"{column.min():.1f}"
    assert home.home_relu_grad_max() == f"{column.max():.1f}"
    assert home.home_relu_grad_ratio() == f"{column[0] / column[-1]:.2f}"
    # The alt text: "between about 2 and 15".
    assert 2 <= column.min() and column.max() <= 15


def test_home_depth_is_the_experiments_default():
    assert home.home_depth() == "50"


def test_figure_has_two_labelled_curves_on_a_log_axis(drawn):
    fig, _ = drawn
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == [
        "sigmoid units, Xavier normal initialisation",
        "ReLU units, He normal initialisation",
    ]
