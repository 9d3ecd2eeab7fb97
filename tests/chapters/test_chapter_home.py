"""The home page: its figure plots the experiment, and its numbers are what the figure shows."""

import math

import numpy as np
import pytest

from vanishing import experiments
from vanishing_site import runs
from vanishing_site.figures import home_gradients
from vanishing_site.values import home, sci


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


def test_figure_plots_each_networks_weight_gradients(drawn):
    _, data = drawn
    assert data["layer"].tolist() == list(range(1, experiments.profiles.DEPTH + 1))
    for network in (home.SIGMOID, home.RELU):
        np.testing.assert_array_equal(
            data[f"{network['activation']}_{network['scheme']}"],
            runs.profiles().profile(**network).grad_W,
        )


def test_sigmoid_ratio_is_what_the_figure_shows_and_what_the_per_layer_factor_predicts(drawn):
    _, data = drawn
    column = data["sigmoid_xavier_normal"]
    ratio = column[0] / column[-1]
    assert home.sigmoid_grad_ratio() == sci(ratio)
    # Independently: the per-layer factor chi measured in 20-layer networks, compounded over
    # the 49 steps of this one (the norm shrinks by sqrt(chi) per layer), within a factor 30.
    chi = runs.variance_factor().sel(activation="sigmoid", scheme="xavier_normal").measured
    predicted = chi ** ((experiments.profiles.DEPTH - 1) / 2)
    assert abs(math.log10(ratio) - math.log10(predicted)) < 1.5


@pytest.mark.snapshot
def test_the_numbers_typed_in_the_caption_and_alt_text(drawn):
    # The caption says "about 10^-31", the alt text "about 3e-32 at layer 1, 0.3 at layer 50"
    # and "between about 2 and 15" for ReLU.
    _, data = drawn
    column = data["sigmoid_xavier_normal"]
    assert round(math.log10(column[0] / column[-1])) == -31
    assert 2e-32 < column[0] < 4e-32 and 0.25 < column[-1] < 0.35
    relu = data["relu_he_normal"]
    assert 2 <= relu.min() and relu.max() <= 15


def test_relu_with_he_keeps_every_layers_gradient_within_a_factor_ten_of_each_other(drawn):
    _, data = drawn
    column = data["relu_he_normal"]
    assert home.relu_grad_min() == f"{column.min():.1f}"
    assert home.relu_grad_max() == f"{column.max():.1f}"
    assert home.relu_grad_ratio() == f"{column[0] / column[-1]:.2f}"
    # He's initialisation keeps n Var(w) E[ReLU'^2] = 1 per layer: no trend over 50 layers.
    assert column.max() / column.min() < 10


def test_figure_has_two_labelled_curves_on_a_log_axis(drawn):
    fig, _ = drawn
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == [
        "sigmoid units, Xavier normal initialisation",
        "ReLU units, He normal initialisation",
    ]
