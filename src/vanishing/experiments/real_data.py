"""Deep networks trained by minibatch SGD on the 8 × 8 handwritten digits (`vanishing.datasets`).

Five configurations of the same depth and width, after Nielsen's chapter 5 experiment on MNIST:
sigmoid and tanh with PyTorch's default initialisation, ReLU with He's, ReLU with He's and batch
normalisation, and ReLU with He's and identity shortcuts. Per epoch: test accuracy, and on the
whole training set each layer's speed of learning ||dC/db_l|| and the update-to-weight ratio

    lr ||dC/dW_l||_F / ||W_l||_F,

the relative change one SGD step of the full-batch gradient makes to W_l (CS231n's diagnostic,
healthy near 1e-3).
"""

import dataclasses

import numpy as np

from vanishing.network import forward, init_network, loss_and_gradients, statistics_of
from vanishing.training import sgd_step

DEPTH, WIDTH, EPOCHS, LR, BATCH_SIZE = 10, 32, 10, 0.1, 32
SEEDS = tuple(range(8))
TEST_SIZE, SPLIT_SEED = 450, 0  # a fixed split: 1,347 training and 450 test images
RESIDUAL_ALPHA = 0.25  # h_l = h_{l-1} + 0.25 relu(z_l)
# name: (activation, scheme, batchnorm, residual)
CONFIGS = {
    "sigmoid": ("sigmoid", "standard", False, None),
    "tanh": ("tanh", "standard", False, None),
    "relu_he": ("relu", "he_normal", False, None),
    "relu_he_batchnorm": ("relu", "he_normal", True, None),
    "relu_he_residual": ("relu", "he_normal", False, RESIDUAL_ALPHA),
}


def split(X, labels, test_size=TEST_SIZE, seed=SPLIT_SEED):
    """A fixed random split (X_train, y_train, X_test, y_test), the inputs centred by the
    training set's per-pixel mean."""
    order = np.random.default_rng(seed).permutation(len(X))
    test, train_ = order[:test_size], order[test_size:]
    mean = X[train_].mean(axis=0)
    return X[train_] - mean, labels[train_], X[test] - mean, labels[test]


def accuracy(params, X, labels, activation, residual=None, bn_statistics=None):
    """The fraction of X classified correctly (BN layers in inference mode if given statistics)."""
    output = forward(params, X, activation, residual, bn_statistics)["output"]
    return float((output.argmax(axis=1) == labels).mean())


def _record(params, X, labels, X_test, y_test, activation, residual):
    """One training-mode pass over the whole training set gives the loss, the gradients and
    the BN statistics that inference on the test set uses."""
    loss, cache, grads = loss_and_gradients(params, X, labels, activation, residual)
    ratio = [
        LR * np.linalg.norm(g["W"]) / np.linalg.norm(p["W"])
        for p, g in zip(params[:-1], grads[:-1], strict=True)
    ]
    stats = statistics_of(params, cache)
    return {
        "test_accuracy": accuracy(params, X_test, y_test, activation, residual, stats),
        "train_loss": loss,
        "grad_b": np.array([np.linalg.norm(g["delta"].sum(axis=0)) for g in grads[:-1]]),
        "update_ratio": np.array(ratio),
    }


def batches(order, batch_size=BATCH_SIZE):
    """The minibatches of one epoch: consecutive slices of `order` of exactly `batch_size`
    examples. The remainder (len(order) mod batch_size, 3 images here) is left out, a different
    few each epoch, as a data loader's drop_last does: BatchNorm would normalise a batch of 3
    with its own mean and variance, so noisy that one such step per epoch undoes the training."""
    return [order[s : s + batch_size] for s in range(0, len(order) - batch_size + 1, batch_size)]


def train_digits(data, config, seed, epochs=EPOCHS):
    """One run of `config` on data = split(...): per epoch (0 = before training) test accuracy
    (BN layers in inference mode, with the training set's statistics), training loss, and per
    layer grad_b and update_ratio on the whole training set. Also returns the trained
    parameters."""
    activation, scheme, batchnorm, residual = CONFIGS[config]
    X, labels, X_test, y_test = data
    rng = np.random.default_rng(seed)
    params = init_network(X.shape[1], WIDTH, DEPTH, 10, scheme, rng, batchnorm=batchnorm)
    records = [_record(params, X, labels, X_test, y_test, activation, residual)]
    for _ in range(epochs):
        for batch in batches(rng.permutation(len(X))):
            _, _, grads = loss_and_gradients(params, X[batch], labels[batch], activation, residual)
            params = sgd_step(params, grads, LR)
        records.append(_record(params, X, labels, X_test, y_test, activation, residual))
    return {k: np.array([r[k] for r in records]) for k in records[0]}, params


def after_small_batch(data, config, params, seed):
    """The test accuracy of trained `params` after one more SGD step on a batch of the size that
    `batches` leaves out (len(X) mod BATCH_SIZE images, drawn by `seed`): the step that training
    with the remainder would take once per epoch."""
    activation, _, _, residual = CONFIGS[config]
    X, labels, X_test, y_test = data
    batch = np.random.default_rng(seed).choice(len(X), len(X) % BATCH_SIZE, replace=False)
    _, _, grads = loss_and_gradients(params, X[batch], labels[batch], activation, residual)
    params = sgd_step(params, grads, LR)
    _, cache, _ = loss_and_gradients(params, X, labels, activation, residual)
    stats = statistics_of(params, cache)
    return accuracy(params, X_test, y_test, activation, residual, stats)


@dataclasses.dataclass(frozen=True)
class DigitsRuns:
    """train_digits for every configuration and seed: test_accuracy and train_loss are
    (config, seed, epoch), grad_b and update_ratio (config, seed, epoch, layer), and
    small_batch_accuracy (config, seed) the test accuracy after_small_batch."""

    configs: tuple
    seeds: tuple
    epoch: np.ndarray
    test_accuracy: np.ndarray
    train_loss: np.ndarray
    grad_b: np.ndarray
    update_ratio: np.ndarray
    small_batch_accuracy: np.ndarray

    def final(self, config):
        """The test accuracy after the last epoch, one per seed."""
        return self.test_accuracy[self.configs.index(config), :, -1]


def digits_comparison(data, seeds=SEEDS, epochs=EPOCHS):
    """Every configuration of CONFIGS trained from each seed on data = split(...)."""
    fields = ("test_accuracy", "train_loss", "grad_b", "update_ratio")
    arrays = {f: [] for f in (*fields, "small_batch_accuracy")}
    for config in CONFIGS:
        rows = {f: [] for f in arrays}
        for seed in seeds:
            record, params = train_digits(data, config, seed, epochs)
            for f in fields:
                rows[f].append(record[f])
            rows["small_batch_accuracy"].append(after_small_batch(data, config, params, seed))
        for f in arrays:
            arrays[f].append(rows[f])
    arrays = {f: np.array(v) for f, v in arrays.items()}
    return DigitsRuns(tuple(CONFIGS), tuple(seeds), np.arange(epochs + 1), **arrays)
