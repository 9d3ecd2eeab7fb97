"""Training: the generated task, the SGD step and the recorded history."""

import numpy as np
import pytest

from vanishing.network import init_network, loss_and_gradients
from vanishing.training import (
    adam_init,
    adam_step,
    clip_by_norm,
    evaluate,
    global_norm,
    sgd_step,
    spirals,
    train,
)


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


def mlp_gradients(seed=3, scale=1.0):
    rng = np.random.default_rng(seed)
    params = init_network(2, 8, 2, 3, "he_normal", rng)
    X, labels = spirals(rng=rng)
    grads = loss_and_gradients(params, X, labels, "relu")[2]
    return params, [{k: scale * v for k, v in g.items()} for g in grads]


def flat(grads):
    return np.concatenate([g[k].ravel() for g in grads for k in sorted(g) if k != "delta"])


@pytest.mark.parametrize("max_norm", [1e-3, 0.1, 1e3])
def test_clipping_keeps_the_direction_and_bounds_the_norm(max_norm):
    _, grads = mlp_gradients(scale=10.0)
    clipped, norm = clip_by_norm(grads, max_norm)
    before, after = flat(grads), flat(clipped)
    assert norm == pytest.approx(np.linalg.norm(before), rel=1e-12)
    assert global_norm(clipped) == pytest.approx(min(norm, max_norm), rel=1e-12)
    cosine = before @ after / (np.linalg.norm(before) * np.linalg.norm(after))
    assert cosine == pytest.approx(1, abs=1e-12)
    if max_norm > norm:
        np.testing.assert_array_equal(after, before)
    for g, c in zip(grads, clipped, strict=True):  # the records are not clipped
        if "delta" in g:
            np.testing.assert_array_equal(c["delta"], g["delta"])


def test_clipping_works_on_the_recurrent_nets_dict_of_gradients():
    grads = {"W": np.full((2, 2), 3.0), "b": np.array([4.0, 0.0])}  # ||g|| = sqrt(36 + 16)
    clipped, norm = clip_by_norm(grads, 1.0)
    assert norm == pytest.approx(np.sqrt(52))
    np.testing.assert_allclose(clipped["b"], [4 / np.sqrt(52), 0])


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e6])
def test_adams_first_step_moves_each_parameter_by_lr_times_the_sign_of_its_gradient(scale):
    params, grads = mlp_gradients(scale=scale)
    stepped, state = adam_step(params, grads, adam_init(params), lr=1e-3)
    assert state.step == 1
    moved = flat([{k: p[k] - new[k] for k in p} for p, new in zip(params, stepped, strict=True)])
    g = flat(grads)
    # lr g / (|g| + eps): lr sign(g) within lr eps / |g| wherever |g| >> eps = 1e-8
    np.testing.assert_allclose(moved, 1e-3 * g / (np.abs(g) + 1e-8), rtol=1e-12, atol=1e-18)
    big = np.abs(g) > 1e-4
    assert big.mean() > 0.9
    np.testing.assert_allclose(moved[big], 1e-3 * np.sign(g[big]), rtol=1e-4)


def test_adam_matches_the_algorithm_written_out_for_a_scalar():
    theta, grads = np.array([1.0]), [0.5, -0.2, 0.1]
    params, state = {"w": theta}, adam_init({"w": theta})
    m = v = 0.0
    expected = 1.0
    for t, g in enumerate(grads, start=1):
        params, state = adam_step(params, {"w": np.array([g])}, state, lr=0.01)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        expected -= 0.01 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        assert params["w"][0] == pytest.approx(expected, rel=1e-14)


def test_adam_trains_the_relu_network_on_the_spirals():
    rng = np.random.default_rng(4)
    X, labels = spirals(rng=rng)
    params = init_network(2, 32, 3, 3, "he_normal", rng)
    state = adam_init(params)
    first = loss_and_gradients(params, X, labels, "relu")[0]
    for _ in range(300):
        _, _, grads = loss_and_gradients(params, X, labels, "relu")
        params, state = adam_step(params, grads, state, lr=0.01)
    assert evaluate(params, X, labels, "relu")["accuracy"] > 0.95
    assert evaluate(params, X, labels, "relu")["loss"] < 0.1 * first


def test_train_with_adam_equals_the_adam_steps_written_out():
    rng = np.random.default_rng(5)
    X, labels = spirals(rng=rng)
    params = init_network(2, 8, 2, 3, "he_normal", rng)
    trained, history = train(
        params,
        X,
        labels,
        "relu",
        lr=0.01,
        epochs=2,
        batch_size=100,
        rng=np.random.default_rng(6),
        optimiser="adam",
    )
    order_rng, state, expected = np.random.default_rng(6), adam_init(params), params
    for _ in range(2):
        order = order_rng.permutation(len(X))
        for start in range(0, len(X), 100):
            batch = order[start : start + 100]
            grads = loss_and_gradients(expected, X[batch], labels[batch], "relu")[2]
            expected, state = adam_step(expected, grads, state, 0.01)
    for p, q in zip(trained, expected, strict=True):
        for k in p:
            np.testing.assert_array_equal(p[k], q[k])
    assert history["loss"][-1] < history["loss"][0]


def test_adam_cannot_break_the_symmetry_of_a_constant_initialisation():
    # Equal incoming and outgoing weights give every unit of a layer the same gradient, and Adam's
    # per-entry normalisation maps equal gradients to equal steps: the units stay copies.
    rng = np.random.default_rng(7)
    X, labels = spirals(rng=rng)
    params = init_network(2, 16, 3, 3, "he_normal", rng)
    for p in params:
        p["W"] = np.full_like(p["W"], 0.3)
    params, history = train(
        params, X, labels, "tanh", lr=0.01, epochs=20, batch_size=32, rng=rng, optimiser="adam"
    )
    for p in params[:-1]:
        spread = np.abs(p["W"] - p["W"][0]).max()
        assert spread <= 1e-12 * np.abs(p["W"]).max()
        assert np.abs(p["b"] - p["b"][0]).max() <= 1e-12 * max(np.abs(p["b"]).max(), 1e-300)
    assert np.abs(params[0]["W"] - 0.3).max() > 0.01  # the weights moved, all together
    # One unit's worth of features: the spirals stay far from learned.
    assert history["accuracy"][-1] < 0.7


def test_adams_first_step_is_about_the_same_size_in_every_layer_where_sgds_vanishes():
    # A deep sigmoid network: the gradient shrinks by orders of magnitude toward the input, yet
    # Adam's first step is lr g / (|g| + eps) in every entry whatever the layer.
    rng = np.random.default_rng(8)
    params = init_network(2, 32, 10, 3, "xavier_normal", rng)
    X, labels = spirals(rng=rng)
    grads = loss_and_gradients(params, X, labels, "sigmoid")[2]

    def step_rms(new):  # the root-mean-square change of a weight, per hidden layer
        pairs = zip(new[:-1], params[:-1], strict=True)
        return np.array([np.sqrt(((n["W"] - p["W"]) ** 2).mean()) for n, p in pairs])

    sgd = step_rms(sgd_step(params, grads, 0.1))
    adam = step_rms(adam_step(params, grads, adam_init(params), lr=1e-3)[0])
    assert sgd[-1] / sgd[0] > 1e4
    assert adam[-1] / adam[0] < 2
    # Short of lr only where |g| is not >> eps = 1e-8: the first layer's gradient entries are
    # that small. With a negligible eps every layer's step is lr in every entry.
    assert adam[0] < 0.9e-3
    exact = step_rms(adam_step(params, grads, adam_init(params), lr=1e-3, eps=1e-30)[0])
    np.testing.assert_allclose(exact, 1e-3, rtol=1e-6)
