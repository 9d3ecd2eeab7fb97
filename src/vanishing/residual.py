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
and the forward norm grows far faster. Its backward step is v -> v + alpha W_l^T diag(phi'(z_l)) v
with z_l = W_l h_{l-1}: the slopes are chosen by W_l itself (unit i is on where its row of W_l
points along h_{l-1}), so A_l is not zero-mean and the cross term 2 v.A_l v survives
(`backward_cross_terms`). Given to randomly permuted units, the same slopes lose that link and
the backward growth falls back to the count above.
"""

import dataclasses

import numpy as np

from vanishing.experiments.results import Labelled, SeedSummary, coord, data, first_over_last
from vanishing.initialisation import weight_variance
from vanishing.network import (
    forward,
    init_network,
    layer_statistics,
    loss_and_gradients,
    softmax_cross_entropy,
)

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


def _draw(seed, depth, width, batch):
    """A seed's batch, labels and weights (shared by the variants and by the cross terms)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, width))
    labels = rng.integers(N_CLASSES, size=batch)
    return X, labels, init_network(width, width, depth, N_CLASSES, SCHEME, rng)


def _block_pass(activation, variant, seed, depth, width, batch):
    residual, preactivation = VARIANTS[variant]
    X, labels, params = _draw(seed, depth, width, batch)
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


def backward_cross_terms(
    activation, variant, seed, permute_slopes=False, depth=DEPTH, width=WIDTH, batch=BATCH
):
    """The backward pass of `_block_pass`, block by block as v -> v + A_l v with v = dC/dh_l:

        ends in linear:  A_l v = alpha diag(phi'(h_{l-1})) W_l^T v
        ends in phi:     A_l v = alpha W_l^T diag(phi'(z_l)) v

    Returns (cross, g): cross[k] = 2 v.A_l v / ||v||^2 (summed over the batch) for l = L..1,
    and g[l] = dC/dh_l for l = 0..L. With `permute_slopes` each block's slopes phi'(z_l) are
    given to a random permutation of its units (the same for every example), which keeps how
    many are on and cuts their dependence on W_l.
    """
    residual, preactivation = VARIANTS[variant]
    X, labels, params = _draw(seed, depth, width, batch)
    cache = forward(params, X, activation, residual, preactivation=preactivation)
    _, grad_output = softmax_cross_entropy(cache["output"], labels)
    v = grad_output @ params[-1]["W"]
    rng = np.random.default_rng([seed, 1])
    cross, g = [], [v]
    for i in reversed(range(depth)):
        W, slopes = params[i]["W"], cache["dphi"][i]
        if preactivation:
            Av = residual * (v @ W) * slopes
        else:
            if permute_slopes:
                slopes = slopes[:, rng.permutation(width)]
            Av = residual * (v * slopes) @ W
        cross.append(2 * np.sum(v * Av) / np.sum(v * v))
        v = v + Av
        g.append(v)
    return np.array(cross), g[::-1]


def cross_term_summary(activation, variant, permute_slopes=False, seeds=SEEDS):
    """Over the seeds: the mean cross term per block, and ||dC/dh_1|| / ||dC/dh_L|| (log10)."""
    cross, growth = [], []
    for seed in seeds:
        c, g = backward_cross_terms(activation, variant, seed, permute_slopes)
        cross.append(c.mean())
        growth.append(np.linalg.norm(g[1]) / np.linalg.norm(g[-1]))
    return SeedSummary.of(cross), SeedSummary.of_log10(growth)
