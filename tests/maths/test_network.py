"""The network: backpropagation against numerical gradients, the statistics' conventions, and the
physics of deep signal propagation at initialisation."""

import math

import numpy as np
import pytest
from finite_differences import central_differences, relative_error

from vanishing.activations import ACTIVATIONS
from vanishing.network import (
    backward,
    batchnorm_statistics,
    forward,
    init_network,
    layer_statistics,
    loss_and_gradients,
    mean_squared_error,
    softmax_cross_entropy,
    zero_branch_gamma,
)
from vanishing.training import sgd_step

VARIANTS = {
    "plain": {"batchnorm": False, "residual": None},
    "batchnorm": {"batchnorm": True, "residual": None},
    "residual": {"batchnorm": False, "residual": 0.5},
    "batchnorm+residual": {"batchnorm": True, "residual": 0.5},
    "layernorm": {"layernorm": True, "residual": None},
    "layernorm+residual": {"layernorm": True, "residual": 0.5},
}


def numerical_gradients(
    params, X, targets, activation, residual, loss, h=1e-6, bn_statistics=None, preactivation=False
):
    """Central differences of the loss in every parameter entry."""

    def loss_at():
        cache = forward(params, X, activation, residual, bn_statistics, preactivation)
        return loss(cache["output"], targets)[0]

    return [
        {key: central_differences(loss_at, value, h) for key, value in p.items()} for p in params
    ]


def perturb_normalisation(params, rng):
    """Gains and shifts of BN/LN layers moved away from 1 and 0, so that all of them matter."""
    for p in params[:-1]:
        if "gamma" in p or "g" in p:
            for key in set(p) - {"W"}:
                p[key] = p[key] + rng.normal(0, 0.3, p[key].shape)
    return params


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backward_matches_numerical_gradients(activation, variant):
    options = VARIANTS[variant]
    rng = np.random.default_rng(3)
    # n_in != width: the first layer has no shortcut, the others have one.
    norm = {k: v for k, v in options.items() if k != "residual"}
    params = perturb_normalisation(init_network(3, 4, 3, 3, "xavier_normal", rng, **norm), rng)
    X, labels = rng.normal(size=(5, 3)), rng.integers(3, size=5)
    _, _, grads = loss_and_gradients(params, X, labels, activation, options["residual"])
    expected = numerical_gradients(
        params, X, labels, activation, options["residual"], softmax_cross_entropy
    )
    for p, g, n in zip(params, grads, expected, strict=True):
        for key in p:
            assert relative_error(g[key], n[key]) < 1e-6, key


@pytest.mark.parametrize("norm", ["plain", "batchnorm", "layernorm"])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_preactivation_backward_matches_numerical_gradients(activation, norm):
    rng = np.random.default_rng(13)
    # n_in != width: the first layer is plain, the others are blocks h + alpha (W phi(h) + b).
    options = {} if norm == "plain" else {norm: True}
    params = perturb_normalisation(init_network(3, 4, 3, 3, "xavier_normal", rng, **options), rng)
    params = [{k: v + rng.normal(0, 0.1, v.shape) for k, v in p.items()} for p in params]
    X, labels = rng.normal(size=(5, 3)), rng.integers(3, size=5)
    _, _, grads = loss_and_gradients(params, X, labels, activation, 0.7, preactivation=True)
    expected = numerical_gradients(
        params, X, labels, activation, 0.7, softmax_cross_entropy, preactivation=True
    )
    for p, g, n in zip(params, grads, expected, strict=True):
        for key in p:
            assert relative_error(g[key], n[key]) < 1e-6, key


def test_preactivation_block_ends_in_the_linear_layer():
    rng = np.random.default_rng(14)
    params = init_network(3, 4, 3, 5, "he_normal", rng)
    X = rng.normal(size=(6, 3))
    cache = forward(params, X, "relu", residual=0.5, preactivation=True)
    # layer 1 changes width: plain; layers 2 and 3: h_l = h_{l-1} + 0.5 (relu(h_{l-1}) W^T + b)
    np.testing.assert_array_equal(cache["h"][1], np.maximum(cache["z"][0], 0))
    for i in (1, 2):
        h, p = cache["h"][i], params[i]
        np.testing.assert_allclose(
            cache["h"][i + 1], h + 0.5 * (np.maximum(h, 0) @ p["W"].T + p["b"]), rtol=1e-12
        )
    # The default keeps the block that ends in the nonlinearity: a different function.
    assert not np.allclose(forward(params, X, "relu", residual=0.5)["output"], cache["output"])
    # Inference-mode BN statistics follow the same block: they normalise phi(h) W^T.
    bn = init_network(4, 4, 2, 2, "he_normal", rng, batchnorm=True)
    Y = rng.normal(size=(64, 4))
    stats = batchnorm_statistics(bn, Y, "relu", 1.0, preactivation=True)
    fixed = forward(bn, Y, "relu", 1.0, stats, preactivation=True)
    batch = forward(bn, Y, "relu", 1.0, preactivation=True)
    np.testing.assert_allclose(fixed["output"], batch["output"], rtol=1e-3, atol=1e-6)


def test_backward_matches_numerical_gradients_for_mean_squared_error():
    rng = np.random.default_rng(4)
    params = init_network(3, 4, 3, 2, "xavier_normal", rng)
    X, targets = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    _, _, grads = loss_and_gradients(params, X, targets, "tanh", loss=mean_squared_error)
    expected = numerical_gradients(params, X, targets, "tanh", None, mean_squared_error)
    for p, g, n in zip(params, grads, expected, strict=True):
        for key in p:
            assert relative_error(g[key], n[key]) < 1e-6, key


def test_delta_obeys_the_printed_recurrence():
    rng = np.random.default_rng(5)
    params = init_network(6, 6, 4, 3, "he_normal", rng)
    X, labels = rng.normal(size=(7, 6)), rng.integers(3, size=7)
    _, cache, grads = loss_and_gradients(params, X, labels, "relu")
    for i in range(3):
        recurrence = (grads[i + 1]["delta"] @ params[i + 1]["W"]) * cache["dphi"][i]
        np.testing.assert_allclose(grads[i]["delta"], recurrence, rtol=1e-12)
        np.testing.assert_allclose(grads[i]["b"], grads[i]["delta"].sum(axis=0), rtol=1e-12)
        np.testing.assert_allclose(grads[i]["W"], grads[i]["delta"].T @ cache["h"][i])


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    logits = np.array([[1e4, 0.0, -1e4], [0.0, 0.0, 0.0]])
    loss, grad = softmax_cross_entropy(logits, np.array([0, 2]))
    assert loss == pytest.approx(np.log(3) / 2)
    np.testing.assert_allclose(grad, np.array([[0, 0, 0], [1, 1, -2]]) / 6, atol=1e-15)


def test_delta_statistic_is_the_rms_per_example_delta():
    rng = np.random.default_rng(6)
    params = init_network(5, 5, 3, 3, "xavier_normal", rng)
    X, labels = rng.normal(size=(8, 5)), rng.integers(3, size=8)
    stats = layer_statistics(*loss_and_gradients(params, X, labels, "tanh")[1:])
    # Without BN the examples are independent, so each one's own delta comes from a batch of one.
    per_example = np.array(
        [
            [np.linalg.norm(g["delta"]) for g in loss_and_gradients(params, x, y, "tanh")[2][:-1]]
            for x, y in zip(X[:, None], labels[:, None], strict=True)
        ]
    )
    np.testing.assert_allclose(stats["delta"], np.sqrt((per_example**2).mean(axis=0)))
    grads = loss_and_gradients(params, X, labels, "tanh")[2]
    np.testing.assert_allclose(stats["grad_b"], [np.linalg.norm(g["b"]) for g in grads[:-1]])
    np.testing.assert_allclose(stats["grad_W"], [np.linalg.norm(g["W"]) for g in grads[:-1]])


def test_dead_counts_units_off_on_every_example_and_saturated_counts_flat_slopes():
    rng = np.random.default_rng(7)
    params = init_network(4, 10, 2, 3, "small", rng)  # |z| << 1 for the other units
    params[0]["b"][:3] = -1e3  # three first-layer units below zero on every input
    X, labels = rng.normal(size=(50, 4)), rng.integers(3, size=50)
    relu = layer_statistics(*loss_and_gradients(params, X, labels, "relu")[1:])
    assert relu["dead"][0] == 0.3
    params[0]["b"][:3] = 1e3  # the same units pinned to tanh's flat top
    tanh = layer_statistics(*loss_and_gradients(params, X, labels, "tanh")[1:])
    assert tanh["saturated"][0] == 0.3 and tanh["dead"][0] == 0.0


def deep_statistics(activation, scheme, depth=50, width=100, batch=100, seed=0):
    rng = np.random.default_rng(seed)
    params = init_network(width, width, depth, 10, scheme, rng)
    X, labels = rng.normal(size=(batch, width)), rng.integers(10, size=batch)
    return layer_statistics(*loss_and_gradients(params, X, labels, activation)[1:])


def log_per_layer_ratio(values):
    """log of the geometric mean of values[l + 1] / values[l]."""
    return math.log(values[-1] / values[0]) / (len(values) - 1)


# At finite width the log of a ReLU layer's mean square activation random-walks (cf. Hanin &
# Rolnick 2018). Measured over 40 seeds with He init at width 100, its change over the 49 layers
# has mean -1.2 and standard deviation 1.5: per layer -0.024 +- 0.030. Hence the tolerance:
PER_LAYER_TOLERANCE = 0.1


def test_he_init_keeps_relu_mean_square_activation_constant_over_50_layers():
    # Var(w) = 2/n: Var(z_l) = n Var(w) E[a_{l-1}^2] = 2 Var(z_{l-1}) / 2 (He et al. 2015).
    stats = deep_statistics("relu", "he_normal")
    mean_square = stats["a_mean"] ** 2 + stats["a_std"] ** 2
    assert abs(log_per_layer_ratio(mean_square)) < PER_LAYER_TOLERANCE
    assert abs(log_per_layer_ratio(stats["z_std"] ** 2)) < PER_LAYER_TOLERANCE


def test_xavier_init_halves_relu_mean_square_activation_each_layer():
    # fan_in = fan_out = n: Var(w) = 1/n, so Var(z_l) = n Var(w) E[a_{l-1}^2] = Var(z_{l-1}) / 2.
    stats = deep_statistics("relu", "xavier_normal")
    mean_square = stats["a_mean"] ** 2 + stats["a_std"] ** 2
    assert abs(log_per_layer_ratio(mean_square) - math.log(0.5)) < PER_LAYER_TOLERANCE
    assert abs(log_per_layer_ratio(stats["z_std"] ** 2) - math.log(0.5)) < PER_LAYER_TOLERANCE
    assert mean_square[-1] / mean_square[0] < 1e-12  # 0.5^49 = 1.8e-15


def test_sigmoid_delta_decays_geometrically_toward_the_input():
    log_delta = np.log(deep_statistics("sigmoid", "xavier_normal")["delta"])
    layers = np.arange(len(log_delta))
    slope, intercept = np.polyfit(layers, log_delta, 1)
    residual = log_delta - (slope * layers + intercept)
    assert slope > 0  # delta grows from the input side toward the output: it decays backward
    assert 1 - residual.var() / log_delta.var() > 0.99  # a straight line on a log axis


def test_relu_with_standard_init_collapses_delta_by_about_nineteen_orders_over_50_layers():
    # Each layer multiplies E||delta||^2 by n Var(w) E[relu'^2] = n (1/3n) (1/2) = 1/6.
    delta = deep_statistics("relu", "standard")["delta"]
    assert 1e-21 < delta[0] / delta[-1] < 1e-17


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_weight_gradient_stays_flat_while_delta_vanishes(activation):
    # dL/dW_l = delta_l^T h_{l-1}: the inputs shrink forward as fast as delta shrinks backward.
    stats = deep_statistics(activation, "standard")
    assert stats["delta"][0] / stats["delta"][-1] < 1e-10
    assert 0.1 < stats["grad_W"][0] / stats["grad_W"][-1] < 10


def test_forward_pass_shapes_and_residual_form():
    rng = np.random.default_rng(8)
    params = init_network(3, 4, 2, 5, "xavier_normal", rng)
    X = rng.normal(size=(6, 3))
    cache = forward(params, X, "tanh", residual=0.3)
    assert cache["output"].shape == (6, 5)
    # layer 1 changes width (no shortcut), layer 2 keeps it: h_2 = h_1 + 0.3 tanh(z_2)
    np.testing.assert_array_equal(cache["h"][1], cache["a"][0])
    np.testing.assert_allclose(cache["h"][2], cache["h"][1] + 0.3 * np.tanh(cache["z"][1]))
    grads = backward(params, cache, np.ones((6, 5)))
    assert [set(g) for g in grads] == [{"W", "b", "delta"}] * 2 + [{"W", "b"}]


def normalised_network(kind, seed=9):
    rng = np.random.default_rng(seed)
    params = init_network(6, 8, 3, 3, "he_normal", rng, **{kind: True})
    return perturb_normalisation(params, rng), rng.normal(size=(64, 6))


def test_layernorm_normalises_each_example_across_its_units():
    params, X = normalised_network("layernorm")
    for p in params[:-1]:
        p["g"], p["b"] = np.ones_like(p["g"]), np.zeros_like(p["b"])
    cache = forward(params, X, "relu")
    for z in cache["z"]:
        np.testing.assert_allclose(z.mean(axis=1), 0, atol=1e-12)
        np.testing.assert_allclose(z.var(axis=1), 1, rtol=1e-3)  # var / (var + eps)


def test_layernorm_output_does_not_depend_on_the_batch_and_batchnorm_does():
    ln, X = normalised_network("layernorm")
    bn, _ = normalised_network("batchnorm")
    whole = {k: forward(p, X, "tanh")["output"] for k, p in (("ln", ln), ("bn", bn))}
    for size in (1, 2, 16):
        alone = np.concatenate([forward(ln, X[i : i + size], "tanh")["output"] for i in (0, 16)])
        np.testing.assert_allclose(
            alone, np.concatenate([whole["ln"][:size], whole["ln"][16 : 16 + size]]), rtol=1e-12
        )
    # BN in training mode: an example's output moves with the other examples of its batch.
    small_batch = forward(bn, X[:16], "tanh")["output"]
    assert np.abs(small_batch - whole["bn"][:16]).max() > 0.01


def test_batchnorm_inference_uses_the_data_sets_statistics():
    bn, X = normalised_network("batchnorm")
    statistics = batchnorm_statistics(bn, X, "tanh")
    # On the data set the statistics came from, inference equals training mode exactly.
    np.testing.assert_allclose(
        forward(bn, X, "tanh", bn_statistics=statistics)["output"],
        forward(bn, X, "tanh")["output"],
        rtol=1e-10,
    )
    # One example in inference mode: its output no longer depends on a batch; in training mode a
    # batch of one normalises every pre-activation to zero and erases the input.
    one = forward(bn, X[:1], "tanh", bn_statistics=statistics)["output"]
    np.testing.assert_allclose(one, forward(bn, X, "tanh")["output"][:1], rtol=1e-10)
    np.testing.assert_allclose(forward(bn, X[:1], "tanh")["z"][0], [bn[0]["beta"]], atol=1e-12)


def test_batchnorm_inference_gradients_match_numerical_gradients():
    bn, X = normalised_network("batchnorm")
    statistics = batchnorm_statistics(bn, X, "tanh")
    X, labels = X[:5], np.arange(5) % 3
    cache = forward(bn, X, "tanh", bn_statistics=statistics)
    grads = backward(bn, cache, softmax_cross_entropy(cache["output"], labels)[1])
    expected = numerical_gradients(
        bn, X, labels, "tanh", None, softmax_cross_entropy, bn_statistics=statistics
    )
    for p, g, n in zip(bn, grads, expected, strict=True):
        for key in p:
            assert relative_error(g[key], n[key]) < 1e-6, key


def test_a_layer_is_not_both_batch_and_layer_normalised():
    with pytest.raises(ValueError):
        init_network(2, 3, 2, 2, "he_normal", np.random.default_rng(0), True, True)


def test_zero_branch_gamma_makes_every_preactivation_block_the_identity():
    rng = np.random.default_rng(12)
    params = zero_branch_gamma(init_network(5, 6, 4, 3, "he_normal", rng, batchnorm=True))
    # the first layer changes width (5 -> 6) and keeps its scale; the three blocks start at 0
    assert np.all(params[0]["gamma"] == 1)
    assert all(np.all(p["gamma"] == 0) for p in params[1:-1])
    X, labels = rng.normal(size=(16, 5)), np.arange(16) % 3
    cache = forward(params, X, "relu", 1.0, preactivation=True)
    for i in (2, 3, 4):
        np.testing.assert_array_equal(cache["h"][i], cache["h"][1])
    _, cache, grads = loss_and_gradients(params, X, labels, "relu", 1.0, preactivation=True)
    deltas = [np.linalg.norm(g["delta"]) for g in grads[1:-1]]
    np.testing.assert_allclose(deltas, deltas[-1], rtol=1e-12)  # dC/dh unchanged through blocks
    for g in grads[1:-1]:
        np.testing.assert_array_equal(g["W"], 0)  # nothing reaches W through gamma = 0 ...
        assert np.linalg.norm(g["gamma"]) > 1e-3  # ... but gamma itself has a gradient
    expected = numerical_gradients(
        params, X, labels, "relu", 1.0, softmax_cross_entropy, preactivation=True
    )
    for g, n in zip(grads, expected, strict=True):
        for key in n:
            np.testing.assert_allclose(g[key], n[key], atol=1e-7)
    # one SGD step moves the gammas off zero, and then the blocks are no longer the identity
    stepped = sgd_step(params, grads, 0.1)
    after = forward(stepped, X, "relu", 1.0, preactivation=True)
    assert np.abs(after["h"][4] - after["h"][1]).max() > 1e-3
