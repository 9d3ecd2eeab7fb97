"""Normalisation and symmetry: BatchNorm's train/inference gap against the batch size, LayerNorm's
independence of the batch, constant initialisation under SGD and Adam, and the per-layer size of
SGD's and Adam's steps in a network whose gradient vanishes.
"""

import dataclasses
import itertools

import numpy as np

from vanishing.network import (
    batchnorm_statistics,
    forward,
    init_network,
    loss_and_gradients,
    zero_branch_gamma,
)
from vanishing.training import adam_init, adam_step, sgd_step, spirals, train

SEEDS = tuple(range(8))
# batch_size_gap: ReLU, He, 10 BN (or LN) layers of 64 units, 256 Gaussian inputs of 32 features.
GAP_DEPTH, GAP_WIDTH, GAP_INPUTS, GAP_FEATURES = 10, 64, 256, 32
BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128)
# gap_against_depth: the same gap at batches of DEPTH_BATCH for networks of GAP_DEPTHS layers.
GAP_DEPTHS, DEPTH_BATCH = (1, 3, 10), 32
# step_sizes: sigmoid, PyTorch's default initialisation, 32 units, one step at rate LR.
STEP_DEPTHS, STEP_WIDTH, STEP_LR, STEP_BATCH = (10, 25), 32, 1e-3, 32
# identity_blocks: the same network with BLOCKS_DEPTH layers as pre-activation residual blocks.
BLOCKS_DEPTH = 50
# constant_symmetry: every weight 0.1 and every bias 0, tanh, 4 layers of 16 units, spirals.
CONSTANT, SYM_DEPTH, SYM_WIDTH, SYM_EPOCHS = 0.1, 4, 16, 30
SYM_LR = {"sgd": 0.1, "adam": 0.01}


def _gaussian_network(seed, norm, depth=GAP_DEPTH):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(GAP_INPUTS, GAP_FEATURES))
    params = init_network(GAP_FEATURES, GAP_WIDTH, depth, 10, "he_normal", rng, **{norm: True})
    return params, X


def _batched_output(params, X, batch_size, bn_statistics=None):
    """The readout of X computed batch by batch (training mode unless statistics are given)."""
    chunks = [X[i : i + batch_size] for i in range(0, len(X), batch_size)]
    return np.concatenate(
        [forward(params, c, "relu", None, bn_statistics)["output"] for c in chunks]
    )


def relative_gap(params, X, batch_size, bn_statistics):
    """||y_batch - y_inference|| / ||y_inference|| over X: how far the outputs in training mode
    (each batch's own statistics) are from those in inference mode (the data set's)."""
    reference = forward(params, X, "relu", None, bn_statistics)["output"]
    gap = _batched_output(params, X, batch_size) - reference
    return float(np.linalg.norm(gap) / np.linalg.norm(reference))


@dataclasses.dataclass(frozen=True)
class BatchSizeGap:
    """batchnorm: relative_gap, (seed, batch size); layernorm: the largest |difference| between
    LN outputs computed in batches of each size and one example at a time, (seed, batch size)."""

    batch_sizes: tuple
    batchnorm: np.ndarray
    layernorm: np.ndarray


def batch_size_gap(seeds=SEEDS, batch_sizes=BATCH_SIZES):
    """BN's training-mode outputs against inference mode, and LN's in batches against alone,
    for each batch size, at initialisation."""
    bn, ln = [], []
    for seed in seeds:
        params, X = _gaussian_network(seed, "batchnorm")
        statistics = batchnorm_statistics(params, X, "relu")
        bn.append([relative_gap(params, X, b, statistics) for b in batch_sizes])
        params, X = _gaussian_network(seed, "layernorm")
        alone = _batched_output(params, X, 1)
        ln.append([np.abs(_batched_output(params, X, b) - alone).max() for b in batch_sizes])
    return BatchSizeGap(tuple(batch_sizes), np.array(bn), np.array(ln))


@dataclasses.dataclass(frozen=True)
class IdentityBlocks:
    """Pre-activation residual blocks with BN, h_l = h_{l-1} + gamma BN(relu(h_{l-1}) W^T) + beta,
    at initialisation, with every gamma at 1 and with the blocks' gamma at 0 (zero_branch_gamma),
    per (variant, seed): growth, the RMS of h_L over that of h_1 (the signal the first layer
    hands to the blocks), and gradient_ratio, ||dC/dz|| at the first block over the last's."""

    variants: tuple
    growth: np.ndarray
    gradient_ratio: np.ndarray


def identity_blocks(seeds=SEEDS, depth=BLOCKS_DEPTH):
    """ReLU, He-normal weights, BN, GAP_WIDTH units, batch of GAP_INPUTS Gaussian inputs with
    random labels (cross-entropy); layers 2..depth are the residual blocks (residual = 1)."""
    growth, ratio = [], []
    for seed in seeds:
        params, X = _gaussian_network(seed, "batchnorm", depth)
        labels = np.random.default_rng(seed).integers(0, 10, len(X))
        row_g, row_r = [], []
        for variant in (params, zero_branch_gamma(params)):
            _, cache, grads = loss_and_gradients(variant, X, labels, "relu", 1.0,
                                                 preactivation=True)  # fmt: skip
            h = cache["h"]
            row_g.append(np.sqrt(np.mean(h[-1] ** 2) / np.mean(h[1] ** 2)))
            row_r.append(np.linalg.norm(grads[1]["delta"]) / np.linalg.norm(grads[-2]["delta"]))
        growth.append(row_g)
        ratio.append(row_r)
    return IdentityBlocks(("gamma_one", "gamma_zero"), np.array(growth).T, np.array(ratio).T)


def gap_against_depth(seeds=SEEDS, depths=GAP_DEPTHS, batch_size=DEPTH_BATCH):
    """relative_gap at one batch size for BN networks of each depth, at initialisation:
    a (seed, depth) array. Each layer's noisy statistics act on an input the layers below have
    already perturbed."""
    gaps = []
    for seed in seeds:
        row = []
        for depth in depths:
            params, X = _gaussian_network(seed, "batchnorm", depth)
            statistics = batchnorm_statistics(params, X, "relu")
            row.append(relative_gap(params, X, batch_size, statistics))
        gaps.append(row)
    return np.array(gaps)


def rms_steps(before, after):
    """Per hidden layer, the root-mean-square change of the weights: sqrt(mean (dW)^2)."""
    return np.array(
        [
            np.sqrt(np.mean((a["W"] - b["W"]) ** 2))
            for b, a in zip(before[:-1], after[:-1], strict=True)
        ]
    )


@dataclasses.dataclass(frozen=True)
class StepSizes:
    """One step of SGD and of Adam at the same rate from the same network and batch: per-layer
    RMS weight change, (depth index, seed, layer) padded with NaN beyond each depth, the
    per-layer RMS gradient of the same batch, and adam_output, the change ||y' - y||_F of the
    batch's logits when Adam's step is applied to that layer's weights alone."""

    depths: tuple
    sgd: np.ndarray
    adam: np.ndarray
    grad: np.ndarray
    adam_output: np.ndarray


def step_sizes(depths=STEP_DEPTHS, seeds=SEEDS):
    """The first step of SGD and Adam (whose entries move by lr g / (|g| + eps)) on one batch of
    the spirals, sigmoid networks of each depth."""
    shape = (len(depths), len(seeds), max(depths))
    sgd, adam, grad, output = (np.full(shape, np.nan) for _ in range(4))
    for d, depth in enumerate(depths):
        for s, seed in enumerate(seeds):
            rng = np.random.default_rng(seed)
            X, labels = spirals(rng=rng)
            params = init_network(2, STEP_WIDTH, depth, 3, "standard", rng)
            batch = rng.choice(len(X), STEP_BATCH, replace=False)
            _, _, grads = loss_and_gradients(params, X[batch], labels[batch], "sigmoid")
            sgd[d, s, :depth] = rms_steps(params, sgd_step(params, grads, STEP_LR))
            stepped = adam_step(params, grads, adam_init(params), STEP_LR)[0]
            adam[d, s, :depth] = rms_steps(params, stepped)
            grad[d, s, :depth] = [np.sqrt(np.mean(g["W"] ** 2)) for g in grads[:-1]]
            y = forward(params, X[batch], "sigmoid")["output"]
            for layer in range(depth):
                one = [dict(p) for p in params]
                one[layer]["W"] = stepped[layer]["W"]
                y_one = forward(one, X[batch], "sigmoid")["output"]
                output[d, s, layer] = np.linalg.norm(y_one - y)
    return StepSizes(tuple(depths), sgd, adam, grad, output)


def constant_network(n_in, width, depth, n_out, value=CONSTANT):
    """Every weight equal to `value` and every bias 0: all units of a layer are copies."""
    sizes = [n_in] + [width] * depth + [n_out]
    return [{"W": np.full((m, n), value), "b": np.zeros(m)} for n, m in itertools.pairwise(sizes)]


def unit_spread(params):
    """The largest difference between two units of any hidden layer: max over layers of the
    spread of each column of W (incoming weights, unit by unit) and of b."""
    return max(float(np.ptp(p["W"], axis=0).max() + np.ptp(p["b"])) for p in params[:-1])


@dataclasses.dataclass(frozen=True)
class Symmetry:
    """Constant initialisation trained on the spirals: unit_spread after training and final
    training accuracy, per optimiser ("sgd", "adam") and seed (the seed orders the batches)."""

    optimisers: tuple
    spread: np.ndarray
    accuracy: np.ndarray
    random_accuracy: np.ndarray  # the same network from Xavier-normal weights, SGD


def constant_symmetry(seeds=SEEDS, optimisers=("sgd", "adam")):
    X, labels = spirals()
    spread, accuracy, random = [], [], []
    for optimiser in optimisers:
        row_s, row_a = [], []
        for seed in seeds:
            params = constant_network(2, SYM_WIDTH, SYM_DEPTH, 3)
            rng = np.random.default_rng(seed)
            params, history = train(params, X, labels, "tanh", lr=SYM_LR[optimiser],
                                    epochs=SYM_EPOCHS, batch_size=32, rng=rng,
                                    optimiser=optimiser)  # fmt: skip
            row_s.append(unit_spread(params))
            row_a.append(history["accuracy"][-1])
        spread.append(row_s)
        accuracy.append(row_a)
    for seed in seeds:
        rng = np.random.default_rng(seed)
        params = init_network(2, SYM_WIDTH, SYM_DEPTH, 3, "xavier_normal", rng)
        _, history = train(
            params, X, labels, "tanh", lr=0.1, epochs=SYM_EPOCHS, batch_size=32, rng=rng
        )
        random.append(history["accuracy"][-1])
    return Symmetry(tuple(optimisers), np.array(spread), np.array(accuracy), np.array(random))


def above(grad, level):
    """A mask of the layers whose RMS gradient exceeds `level`."""
    return grad > level


def span(steps, mask):
    """Largest over smallest step among the masked layers, per seed."""
    return np.array([s[m].max() / s[m].min() for s, m in zip(steps, mask, strict=True)])


def random_readout_symmetry(seed=0):
    """The constant network with a random (Xavier-normal) readout, trained by SGD like
    constant_symmetry: the unit spread of each hidden layer, a (depth,) array."""
    X, labels = spirals()
    rng = np.random.default_rng(seed)
    params = constant_network(2, SYM_WIDTH, SYM_DEPTH, 3)
    params[-1]["W"] = rng.normal(scale=np.sqrt(2 / (SYM_WIDTH + 3)), size=(3, SYM_WIDTH))
    params, _ = train(params, X, labels, "tanh", lr=SYM_LR["sgd"], epochs=SYM_EPOCHS,
                      batch_size=32, rng=rng)  # fmt: skip
    return np.array([unit_spread([p, params[-1]]) for p in params[:-1]])
