"""Residual blocks at initialisation: which block keeps the signal's growth at (1 + chi)^(L/2).

Two blocks add a branch to the identity (network.forward):

    ends in phi:     h_l = h_{l-1} + alpha phi(W_l h_{l-1} + b_l)
    ends in linear:  h_l = h_{l-1} + alpha (W_l phi(h_{l-1}) + b_l)   (pre-activation, He 2016b)

The second is the form of He et al. 2016 and 2016b, whose branches end in a weight layer. Its
branch is zero-mean when W_l is, and at initialisation W_l is independent of the signal it
multiplies, so the cross term of the squared norm vanishes in expectation:

    E||h_l||^2 = ||h_{l-1}||^2 + alpha^2 n Var(w) E||phi(h_{l-1})||^2          (forward)
    E||(I + A) v||^2 = ||v||^2 + E||A v||^2 = ||v||^2 (1 + alpha^2 chi)         (backward)

with A = alpha diag(phi'(h_{l-1})) W_l^T and chi = n Var(w) E[phi'(h)^2]. For ReLU and zero
biases, E[phi(h)^2] = E[h^2] / 2 and E[phi'^2] = 1/2 for symmetric h, so both norms grow by
sqrt(1 + chi) per block with chi = n Var(w) / 2: (1 + chi)^(L/2) over L blocks forward and
(1 + chi)^((L-1)/2) from delta_L down to delta_1. A ReLU branch that ends in phi adds
non-negative values instead, which are correlated from block to block: their mean accumulates
and the norm grows far faster.
"""

import dataclasses

import numpy as np

from vanishing.experiments.results import Labelled, SeedSummary, coord, data, first_over_last
from vanishing.initialisation import weight_variance
from vanishing.network import init_network, layer_statistics, loss_and_gradients

# The mitigations chapter's networks: 50 blocks of 100 units, PyTorch's default weight scale
# with zero biases, a batch of 128 N(0, 1) inputs and uniform labels over 10 classes.
DEPTH, WIDTH, BATCH, N_CLASSES, SCHEME = 50, 100, 128, 10, "standard"
SEEDS = tuple(range(8))
ACTIVATIONS = ("sigmoid", "tanh", "relu")
SMALL_ALPHA = 0.1
# Each variant: (residual branch scale alpha or None for no shortcut, preactivation).
VARIANTS = {
    "plain": (None, False),
    "ends_in_phi": (1.0, False),
    "ends_in_linear": (1.0, True),
    "ends_in_linear_small": (SMALL_ALPHA, True),
}


@dataclasses.dataclass(frozen=True)
class ResidualBlocks(Labelled):
    """||delta_l|| (the backward signal entering each block's branch, network.layer_statistics)
    and ||h_l|| (the forward signal, over the batch) per activation, variant and seed; layers
    run over hidden layers 1..L."""

    activations: tuple = coord("activation")
    variants: tuple = coord("variant")
    seeds: tuple = coord("seed")
    layers: np.ndarray = data("layer")
    delta: np.ndarray = data("activation", "variant", "seed", "layer")
    h_norm: np.ndarray = data("activation", "variant", "seed", "layer")
    input_norm: np.ndarray = data("activation", "variant", "seed")

    def backward_growth(self, activation: str, variant: str) -> SeedSummary:
        """||delta_1|| / ||delta_L|| over the seeds, in log10."""
        cell = self.sel(activation=activation, variant=variant)
        return SeedSummary.of_log10(first_over_last(cell.delta))

    def forward_growth(self, activation: str, variant: str) -> SeedSummary:
        """||h_L|| / ||h_0|| over the seeds, in log10."""
        cell = self.sel(activation=activation, variant=variant)
        return SeedSummary.of_log10(cell.h_norm[:, -1] / cell.input_norm)


def relu_chi(scheme: str = SCHEME, width: int = WIDTH) -> float:
    """chi = n Var(w) E[ReLU'(z)^2] = n Var(w) / 2 for a square layer."""
    return width * weight_variance(scheme, width, width) / 2


def predicted_growth(chi: float, steps: int, alpha: float = 1.0) -> float:
    """A norm's growth over `steps` blocks ending in a linear layer, (1 + alpha^2 chi)^(steps/2)."""
    return (1 + alpha**2 * chi) ** (steps / 2)


def _block_pass(activation, variant, seed, depth, width, batch):
    residual, preactivation = VARIANTS[variant]
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, width))
    labels = rng.integers(N_CLASSES, size=batch)
    params = init_network(width, width, depth, N_CLASSES, SCHEME, rng)
    _, cache, grads = loss_and_gradients(
        params, X, labels, activation, residual, preactivation=preactivation
    )
    h_norm = [np.linalg.norm(h) for h in cache["h"][1:]]
    return layer_statistics(cache, grads)["delta"], h_norm, np.linalg.norm(X)


def residual_blocks(
    activations=ACTIVATIONS,
    variants=tuple(VARIANTS),
    seeds=SEEDS,
    depth=DEPTH,
    width=WIDTH,
    batch=BATCH,
) -> ResidualBlocks:
    """One forward and backward pass of a random batch per activation × variant × seed; a seed
    fixes the batch and the weights, so the variants of one seed share them."""
    runs = [
        [[_block_pass(a, v, s, depth, width, batch) for s in seeds] for v in variants]
        for a in activations
    ]
    return ResidualBlocks(
        tuple(activations),
        tuple(variants),
        tuple(seeds),
        np.arange(1, depth + 1),
        np.array([[[r[0] for r in row] for row in per_a] for per_a in runs]),
        np.array([[[r[1] for r in row] for row in per_a] for per_a in runs]),
        np.array([[[r[2] for r in row] for row in per_a] for per_a in runs]),
    )
