"""Residual blocks at initialisation: the (1 + chi) growth per block against a direct count."""

import numpy as np
import pytest

from vanishing import residual
from vanishing.network import forward, init_network, loss_and_gradients


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


@pytest.mark.parametrize("variant", ["ends_in_phi", "ends_in_linear", "ends_in_linear_small"])
def test_backward_cross_terms_replay_network_backward(variant):
    # The block-by-block replay v -> v + A_l v must give network.backward's delta_l: alpha g_l
    # for a branch ending in the linear layer, alpha g_l phi'(z_l) for one ending in phi.
    depth, width, batch = 5, 12, 7
    cross, g = residual.backward_cross_terms(
        "relu", variant, 3, depth=depth, width=width, batch=batch
    )
    X, labels, params = residual._draw(3, depth, width, batch)
    alpha, pre = residual.VARIANTS[variant]
    _, cache, grads = loss_and_gradients(params, X, labels, "relu", alpha, preactivation=pre)
    for layer in range(depth):
        expected = alpha * g[layer + 1] * (1 if pre else cache["dphi"][layer])
        np.testing.assert_allclose(grads[layer]["delta"], expected, rtol=1e-10, atol=1e-15)
    # cross[k] is the block's own 2 v.A v / ||v||^2 with A v = g_{l-1} - g_l.
    for k, layer in enumerate(reversed(range(depth))):
        v, Av = g[layer + 1], g[layer] - g[layer + 1]
        assert cross[k] == pytest.approx(2 * np.sum(v * Av) / np.sum(v * v))


def test_permuting_the_slopes_changes_the_blocks_not_the_loss_gradient():
    # permute_slopes acts inside the blocks only: dC/dh_L, before any block, is the same.
    _, g_perm = residual.backward_cross_terms("relu", "ends_in_phi", 0, True, 4, 10, 6)
    _, g = residual.backward_cross_terms("relu", "ends_in_phi", 0, False, 4, 10, 6)
    np.testing.assert_array_equal(g_perm[-1], g[-1])  # dC/dh_L: no block crossed yet
    assert not np.allclose(g_perm[0], g[0])
