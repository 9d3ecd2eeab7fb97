"""Residual blocks at initialisation: the (1 + chi) growth per block against a direct count."""

import numpy as np
import pytest

from vanishing import residual
from vanishing.network import forward, init_network


def test_predicted_growth_is_the_square_root_of_one_plus_chi_per_block():
    assert residual.relu_chi("standard", 100) == pytest.approx(1 / 6)
    assert residual.relu_chi("he_normal", 100) == pytest.approx(1)
    assert residual.predicted_growth(1 / 6, 2) == pytest.approx(7 / 6)
    assert residual.predicted_growth(1 / 6, 2, alpha=0.1) == pytest.approx(1 + 0.01 / 6)


def test_one_linear_block_multiplies_the_squared_norm_by_one_plus_chi_on_average():
    # Wide layer, many draws: E||h + W relu(h)||^2 = ||h||^2 + n Var(w) ||relu(h)||^2.
    rng = np.random.default_rng(0)
    n = 400
    h = rng.normal(size=(1, n))
    gains = []
    for _ in range(50):
        params = init_network(n, n, 1, 2, "standard", rng)
        out = forward(params, h, "relu", 1.0, preactivation=True)["h"][1]
        gains.append(np.sum(out**2) / np.sum(h**2))
    # n Var(w) = 1/3 times the branch input's share ||relu(h)||^2 / ||h||^2 (about 1/2).
    expected = 1 + np.sum(np.maximum(h, 0) ** 2) / (3 * np.sum(h**2))
    assert np.mean(gains) == pytest.approx(expected, rel=0.01)


def test_residual_blocks_labels_and_summaries():
    result = residual.residual_blocks(
        activations=("relu",), seeds=(0, 1, 2), depth=6, width=16, batch=8
    )
    assert result.delta.shape == (1, len(residual.VARIANTS), 3, 6)
    summary = result.backward_growth("relu", "plain")
    cell = result.sel(activation="relu", variant="plain")
    np.testing.assert_allclose(
        summary.mean, np.mean(np.log10(cell.delta[:, 0] / cell.delta[:, -1]))
    )
    assert summary.n == 3 and summary.log10
