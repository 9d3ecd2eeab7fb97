"""Training: the generated task, the SGD step and the recorded history."""

import numpy as np
import pytest

from vanishing.network import init_network, loss_and_gradients
from vanishing.training import evaluate, sgd_step, spirals, train


def test_spirals_are_balanced_standardised_and_seeded():
    X, labels = spirals(50, 4, rng=np.random.default_rng(0))
    assert X.shape == (200, 2) and np.bincount(labels).tolist() == [50] * 4
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1)
    np.testing.assert_array_equal(X, spirals(50, 4, rng=np.random.default_rng(0))[0])
    assert not np.array_equal(X, spirals(50, 4, rng=np.random.default_rng(1))[0])


def test_sgd_step_moves_against_the_gradient_and_leaves_the_old_parameters_alone():
    rng = np.random.default_rng(1)
    params = init_network(2, 8, 2, 3, "he_normal", rng)
    X, labels = spirals(rng=rng)
    loss, _, grads = loss_and_gradients(params, X, labels, "relu")
    before = [{k: v.copy() for k, v in p.items()} for p in params]
    stepped = sgd_step(params, grads, 1e-3)
    for p, old, new, g in zip(params, before, stepped, grads, strict=True):
        for k in p:
            np.testing.assert_array_equal(p[k], old[k])
            np.testing.assert_allclose(new[k], old[k] - 1e-3 * g[k])
    assert loss_and_gradients(stepped, X, labels, "relu")[0] < loss


def run(seed, epochs=15, activation="relu", scheme="he_normal"):
    rng = np.random.default_rng(seed)
    X, labels = spirals(rng=rng)
    params = init_network(2, 32, 3, 3, scheme, rng)
    return train(params, X, labels, activation, lr=0.1, epochs=epochs, batch_size=32, rng=rng)


def test_training_is_deterministic_given_a_seed():
    (_, first), (_, second) = run(0), run(0)
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])
    assert not np.array_equal(first["loss"], run(1)[1]["loss"])


def test_history_records_every_epoch_and_every_layer():
    params, history = run(0, epochs=4)
    assert history["epoch"].tolist() == [0, 1, 2, 3, 4]
    assert history["loss"].shape == history["accuracy"].shape == (5,)
    for key in ("grad_b", "grad_W", "delta", "dead", "saturated"):
        assert history[key].shape == (5, 3)
    X, labels = spirals(rng=np.random.default_rng(0))  # same draw as inside run(0)
    assert history["loss"][-1] == evaluate(params, X, labels, "relu")["loss"]


def test_a_relu_network_learns_the_spirals():
    _, history = run(0, epochs=40)
    assert history["loss"][-1] < 0.3 * history["loss"][0]
    assert history["accuracy"][-1] > 0.9


@pytest.mark.parametrize("lr, dead", [(0.01, False), (2.0, True)])
def test_a_large_learning_rate_kills_relu_units(lr, dead):
    rng = np.random.default_rng(2)
    X, labels = spirals(rng=rng)
    params = init_network(2, 32, 3, 3, "he_normal", rng)
    before = evaluate(params, X, labels, "relu")["dead"].mean()
    params, history = train(params, X, labels, "relu", lr=lr, epochs=1, batch_size=32, rng=rng)
    assert (history["dead"][-1].mean() > before + 0.2) == dead
