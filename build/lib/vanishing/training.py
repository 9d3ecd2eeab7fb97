"""Plain minibatch SGD on a small classification task generated in code."""

import math

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


def evaluate(params, X, labels, activation, residual=None):
    """Loss, accuracy and layer_statistics (per hidden layer) over the whole of (X, labels)."""
    loss, cache, grads = loss_and_gradients(params, X, labels, activation, residual)
    accuracy = (cache["output"].argmax(axis=1) == labels).mean()
    return {"loss": loss, "accuracy": accuracy, **layer_statistics(cache, grads)}


def train(params, X, labels, activation, *, lr, epochs, batch_size, rng, residual=None):
    """Minibatch SGD with softmax cross-entropy for `epochs` passes over shuffled (X, labels).

    Returns (trained parameters, history). history["epoch"] is 0..epochs, and every other entry
    is the `evaluate` record on the whole training set before training and after each epoch:
    "loss", "accuracy" (length epochs + 1) and the layer statistics, e.g. "grad_b" (Nielsen's
    speed of learning), "dead" and "saturated", of shape (epochs + 1, L).
    """
    records = [evaluate(params, X, labels, activation, residual)]
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            _, _, grads = loss_and_gradients(params, X[batch], labels[batch], activation, residual)
            params = sgd_step(params, grads, lr)
        records.append(evaluate(params, X, labels, activation, residual))
    history = {k: np.array([r[k] for r in records]) for k in records[0]}
    return params, {"epoch": np.arange(epochs + 1), **history}
