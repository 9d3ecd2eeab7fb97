"""Minibatch training on a small classification task generated in code: plain SGD, gradient
clipping by global norm and the Adam optimiser.

Parameters are the MLP's list of dicts of arrays or the recurrent nets' dict of arrays; gradients
come in the same structure. A backward pass's "delta" entries are per-example records, not
gradients of a parameter, and the optimisers and the clipping leave them out.
"""

import math
from dataclasses import dataclass

import numpy as np

from vanishing.network import layer_statistics, loss_and_gradients


def spirals(n_per_class=100, n_classes=3, noise=0.2, rng=None):
    """Interleaved 2-D spirals, one arm per class: returns (X, labels).

    Class k of K has n_per_class points at radii r evenly spaced from 0.05 to 1 and angles
    2 pi k / K + 4 r + noise * N(0, 1); the features are then standardised to zero mean and unit
    variance. Without an rng the data are those of seed 0.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    r = np.tile(np.linspace(0.05, 1, n_per_class), n_classes)
    labels = np.repeat(np.arange(n_classes), n_per_class)
    angle = 2 * math.pi * labels / n_classes + 4 * r + noise * rng.normal(size=r.shape)
    X = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    return (X - X.mean(axis=0)) / X.std(axis=0), labels


def sgd_step(params, grads, lr):
    """One SGD step, theta <- theta - lr dC/dtheta; returns new parameters."""
    return [{k: p[k] - lr * g[k] for k in p} for p, g in zip(params, grads, strict=True)]


RECORDS = {"delta"}  # entries of a backward pass that are not parameter gradients


def _map(fn, params, *others):
    """fn applied leaf by leaf to params and the trees others, which share params' structure (a
    dict of arrays, or a list of such dicts); keys absent from params (RECORDS) are skipped."""
    if isinstance(params, dict):
        return {k: fn(params[k], *(o[k] for o in others)) for k in params}
    return [_map(fn, p, *(o[i] for o in others)) for i, p in enumerate(params)]


def _leaves(grads):
    if isinstance(grads, dict):
        return [v for k, v in grads.items() if k not in RECORDS]
    return [leaf for g in grads for leaf in _leaves(g)]


def global_norm(grads):
    """||g|| = sqrt(sum over every parameter entry of g^2), the norm of the whole gradient."""
    return math.sqrt(sum(float((g**2).sum()) for g in _leaves(grads)))


def clip_by_norm(grads, max_norm):
    """Gradient clipping by global norm (Pascanu, Mikolov & Bengio 2013, algorithm 1):

        g <- g * min(1, max_norm / ||g||),

    which keeps the direction of g and bounds its length by max_norm. Returns (clipped grads,
    ||g|| before clipping); RECORDS entries are passed through unchanged.
    """
    norm = global_norm(grads)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0

    def clip(g):
        return {k: v if k in RECORDS else scale * v for k, v in g.items()}

    return (clip(grads) if isinstance(grads, dict) else [clip(g) for g in grads]), norm


@dataclass(frozen=True)
class AdamState:
    """Adam's moving averages m (of g) and v (of g^2), in the parameters' structure, after `step`
    updates."""

    step: int
    m: list | dict
    v: list | dict


def adam_init(params):
    """Adam's state before the first step: m = v = 0."""
    return AdamState(0, _map(np.zeros_like, params), _map(np.zeros_like, params))


def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step (Kingma & Ba 2015, algorithm 1); returns (new parameters, new state):

        m <- beta1 m + (1 - beta1) g,    v <- beta2 v + (1 - beta2) g^2,
        theta <- theta - lr m_hat / (sqrt(v_hat) + eps),
        m_hat = m / (1 - beta1^t),       v_hat = v / (1 - beta2^t).

    At t = 1, m_hat = g and v_hat = g^2, so each entry moves by lr g / (|g| + eps) ~ lr sign(g)
    whatever the gradient's scale, as long as |g| >> eps. This per-parameter normalisation makes
    up for a layer whose gradient is uniformly tiny or huge; not for entries below eps, and not
    for units that receive identical gradients (a constant initialisation): equal gradients give
    equal steps, so such units stay copies of each other.
    """
    t = state.step + 1
    m = _map(lambda m, g: beta1 * m + (1 - beta1) * g, state.m, grads)
    v = _map(lambda v, g: beta2 * v + (1 - beta2) * g**2, state.v, grads)
    c1, c2 = 1 - beta1**t, 1 - beta2**t
    new = _map(lambda p, m, v: p - lr * (m / c1) / (np.sqrt(v / c2) + eps), params, m, v)
    return new, AdamState(t, m, v)


def evaluate(params, X, labels, activation, residual=None):
    """Loss, accuracy and layer_statistics (per hidden layer) over the whole of (X, labels)."""
    loss, cache, grads = loss_and_gradients(params, X, labels, activation, residual)
    accuracy = (cache["output"].argmax(axis=1) == labels).mean()
    return {"loss": loss, "accuracy": accuracy, **layer_statistics(cache, grads)}


def train(
    params, X, labels, activation, *, lr, epochs, batch_size, rng, residual=None, optimiser="sgd"
):
    """Minibatch SGD (or Adam: optimiser="adam", adam_step with its default betas) with softmax
    cross-entropy for `epochs` passes over shuffled (X, labels).

    Returns (trained parameters, history). history["epoch"] is 0..epochs, and every other entry
    is the `evaluate` record on the whole training set before training and after each epoch:
    "loss", "accuracy" (length epochs + 1) and the layer statistics, e.g. "grad_b" (Nielsen's
    speed of learning), "dead" and "saturated", of shape (epochs + 1, L).
    """
    records = [evaluate(params, X, labels, activation, residual)]
    state = adam_init(params)
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            _, _, grads = loss_and_gradients(params, X[batch], labels[batch], activation, residual)
            if optimiser == "adam":
                params, state = adam_step(params, grads, state, lr)
            else:
                params = sgd_step(params, grads, lr)
        records.append(evaluate(params, X, labels, activation, residual))
    history = {k: np.array([r[k] for r in records]) for k in records[0]}
    return params, {"epoch": np.arange(epochs + 1), **history}
