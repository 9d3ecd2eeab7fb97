"""A deep fully connected network: forward pass, backpropagation and per-layer statistics.

A batch is a matrix X with one example per row. Hidden layer l = 1..L computes

    z_l = h_{l-1} W_l^T + b_l                 (plain), or
    z_l = gamma_l * BN(h_{l-1} W_l^T) + beta_l (batch normalisation of the pre-activations), or
    z_l = g_l * LN(h_{l-1} W_l^T) + b_l       (layer normalisation, Ba, Kiros & Hinton 2016),
    a_l = phi(z_l),
    h_l = a_l                                 (plain), or
    h_l = h_{l-1} + alpha a_l                 (residual: the identity shortcut of He et al. 2016,
                                               used wherever h_{l-1} and a_l have the same width),

or, with `preactivation`, a residual branch that ends in the linear layer instead of the
nonlinearity (the pre-activation block of He et al. 2016b, with one weight layer):

    z_l = phi(h_{l-1}) W_l^T + b_l  (or its BN/LN form),    h_l = h_{l-1} + alpha z_l,

whose branch adds zero-mean values when W_l is, where alpha phi(z_l) with ReLU adds non-negative
ones that accumulate. In such a layer the cache's "a" and "dphi" are phi(h_{l-1}) and
phi'(h_{l-1}), the branch's activation and slope, and delta_l = dC/dz_l = alpha dC/dh_l.

with h_0 = X, and a linear readout gives the output y = h_L W_{L+1}^T + b_{L+1} (the logits).
BN(u) = (u - mean) / sqrt(var + BN_EPS), with the batch's mean and (biased) variance per unit, as in
training mode; in inference mode (`bn_statistics`) with fixed per-unit statistics of a data set.
LN(u) = (u - mean) / sqrt(var + LN_EPS) with the mean and (biased) variance of each example's own
n_l pre-activations: it normalises across units, not across the batch, so an example's output does
not depend on the rest of the batch and training and inference compute the same function.

Parameters are a list of L + 1 dicts, one per layer: {"W", "b"}, or {"W", "gamma", "beta"} for a
batch-normalised layer (beta replaces the bias, which the normalisation would subtract away), or
{"W", "g", "b"} for a layer-normalised one (Ba et al.'s gain g and bias b, applied after LN).
W_l has shape (n_l, n_{l-1}). Gradients come back in the same structure.

Backpropagation: with C the loss (the batch mean of the examples' losses C_i; L is the depth),
delta_l = dC/dz_l is a (batch, n_l) matrix whose column sums are dC/db_l (dC/dbeta_l with BN).
In the plain network

    delta_l = (delta_{l+1} W_{l+1}) * phi'(z_l),    dC/dW_l = delta_l^T h_{l-1},

the row-batch form of delta_l = (W_{l+1}^T delta_{l+1}) ⊙ phi'(z_l). In a pre-activation block
dC/dh_{l-1} = dC/dh_l + (delta_l W_l) * phi'(h_{l-1}) and dC/dW_l = delta_l^T phi(h_{l-1}).
"""

import itertools

import numpy as np

from vanishing.activations import ACTIVATIONS
from vanishing.initialisation import init_biases, init_weights

BN_EPS = 1e-5  # PyTorch's default
LN_EPS = 1e-5  # PyTorch's default
SATURATION = 0.01  # a unit is saturated where |phi'(z)| < 1% of phi's maximum slope


def init_network(n_in, width, depth, n_out, scheme, rng, batchnorm=False, layernorm=False):
    """Parameters of `depth` hidden layers of `width` units and a linear readout to `n_out`.

    Weights and biases are drawn from the initialisation `scheme` (biases are 0 under most
    schemes), each layer's weights before its bias; BN/LN shifts start at 0, BN/LN scales at 1.
    At most one of `batchnorm` and `layernorm`.
    """
    if batchnorm and layernorm:
        raise ValueError("a layer is batch- or layer-normalised, not both")
    sizes = [n_in] + [width] * depth
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        W = init_weights(scheme, fan_in, fan_out, rng)
        if batchnorm:
            params.append({"W": W, "gamma": np.ones(fan_out), "beta": np.zeros(fan_out)})
        elif layernorm:
            params.append({"W": W, "g": np.ones(fan_out), "b": np.zeros(fan_out)})
        else:
            params.append({"W": W, "b": init_biases(scheme, fan_in, fan_out, rng)})
    W = init_weights(scheme, width, n_out, rng)
    params.append({"W": W, "b": init_biases(scheme, width, n_out, rng)})
    return params


def zero_branch_gamma(params):
    """A copy of `params` with gamma = 0 in every batch-normalised layer whose W is square, the
    layers that carry an identity shortcut when the network runs with `residual` (Goyal et al.
    2017's zero-initialised last BN scale of each residual block). With `preactivation` and
    beta = 0 every such branch adds gamma * BN(.) + beta = 0: each block starts as the identity,
    h_l = h_{l-1}, and back-propagates dC/dh_{l-1} = dC/dh_l. The gradient of gamma,
    sum over the batch of delta * zhat, is not zero, so the branches grow from the first step."""
    return [
        {**p, "gamma": np.zeros_like(p["gamma"])} if "gamma" in p and _has_shortcut(p["W"], 1)
        else dict(p)
        for p in params
    ]  # fmt: skip


def _has_shortcut(W, residual):
    return residual is not None and W.shape[0] == W.shape[1]


def _normalise(u, axis, eps):
    """(u - mean) / sqrt(var + eps) along `axis`, and 1 / sqrt(var + eps)."""
    inv_std = 1 / np.sqrt(u.var(axis=axis, keepdims=True) + eps)
    return (u - u.mean(axis=axis, keepdims=True)) * inv_std, inv_std


def _normalise_backward(dzhat, zhat, inv_std, axis):
    """dC/du from dC/dzhat for zhat = _normalise(u, axis): the mean and variance along `axis`
    depend on every entry there, hence the two subtracted projections."""
    mean = dzhat.mean(axis=axis, keepdims=True)
    return inv_std * (dzhat - mean - zhat * (dzhat * zhat).mean(axis=axis, keepdims=True))


def _fixed(bn_statistics, i):
    return bn_statistics is not None and bn_statistics[i] is not None


def forward(params, X, activation="tanh", residual=None, bn_statistics=None, preactivation=False):
    """The forward pass; returns the cache that `backward` and `layer_statistics` read.

    `activation` is a key of ACTIVATIONS; `residual` is None for a plain network or the branch
    scale alpha of h_l = h_{l-1} + alpha phi(z_l). `bn_statistics` is None (BN in training mode,
    the batch's statistics) or the list `batchnorm_statistics` returns (inference mode); a BN
    layer whose entry is None uses the batch's statistics. `preactivation` makes every residual
    branch alpha (phi(h_{l-1}) W_l^T + b_l) instead of alpha phi(z_l). The cache holds lists over
    hidden layers of "h" (h_0 = X to h_L), "z", "a", "dphi" (phi'(z)), "zhat" and "inv_std" (BN
    and LN only, else None; inv_std is per unit for BN and per example, (B, 1), for LN), and
    "output" (the readout y).
    """
    act = ACTIVATIONS[activation]
    cache = {"activation": act, "residual": residual, "h": [X], "bn_fixed": bn_statistics}
    cache["preactivation"] = preactivation
    cache.update({k: [] for k in ("z", "a", "dphi", "zhat", "inv_std")})
    h = X
    for i, p in enumerate(params[:-1]):
        pre = preactivation and _has_shortcut(p["W"], residual)
        x = act.f(h) if pre else h  # the input of the layer's linear map
        u = x @ p["W"].T
        if "gamma" in p and _fixed(bn_statistics, i):
            mean, var = bn_statistics[i]
            inv_std = 1 / np.sqrt(var + BN_EPS)
            zhat = (u - mean) * inv_std
            z = p["gamma"] * zhat + p["beta"]
        elif "gamma" in p:
            zhat, inv_std = _normalise(u, 0, BN_EPS)
            z = p["gamma"] * zhat + p["beta"]
        elif "g" in p:
            zhat, inv_std = _normalise(u, 1, LN_EPS)
            z = p["g"] * zhat + p["b"]
        else:
            zhat = inv_std = None
            z = u + p["b"]
        if pre:
            a, dphi, h = x, act.df(h), h + residual * z
        else:
            a, dphi = act.f(z), act.df(z)
            h = h + residual * a if _has_shortcut(p["W"], residual) else a
        layer = {"h": h, "z": z, "a": a, "dphi": dphi, "zhat": zhat, "inv_std": inv_std}
        for key, value in layer.items():
            cache[key].append(value)
    cache["output"] = h @ params[-1]["W"].T + params[-1]["b"]
    return cache


def backward(params, cache, grad_output):
    """Backpropagation of grad_output = dC/dy; returns the gradients in the parameters' structure.

    Each hidden layer's dict also carries "delta", the matrix dC/dz_l.
    """
    readout = params[-1]
    grads = [{"W": grad_output.T @ cache["h"][-1], "b": grad_output.sum(axis=0)}]
    g = grad_output @ readout["W"]  # dC/dh_L
    for i in reversed(range(len(params) - 1)):
        p = params[i]
        shortcut = _has_shortcut(p["W"], cache["residual"])
        pre = shortcut and cache["preactivation"]
        if pre:  # z_l is added to h_l as it is
            delta = cache["residual"] * g
        else:
            delta = (cache["residual"] * g if shortcut else g) * cache["dphi"][i]
        zhat, inv_std = cache["zhat"][i], cache["inv_std"][i]
        if "gamma" in p:
            grad = {"gamma": (delta * zhat).sum(axis=0), "beta": delta.sum(axis=0)}
            dzhat = delta * p["gamma"]
            if _fixed(cache["bn_fixed"], i):  # fixed statistics: an affine map per unit
                du = dzhat * inv_std
            else:  # the batch's mean and variance, which depend on every example
                du = _normalise_backward(dzhat, zhat, inv_std, 0)
        elif "g" in p:
            grad = {"g": (delta * zhat).sum(axis=0), "b": delta.sum(axis=0)}
            du = _normalise_backward(delta * p["g"], zhat, inv_std, 1)
        else:
            grad = {"b": delta.sum(axis=0)}
            du = delta
        x = cache["a"][i] if pre else cache["h"][i]  # the input of the linear map
        grad["W"] = du.T @ x
        grad["delta"] = delta
        grads.append(grad)
        dx = du @ p["W"]
        if pre:
            g = g + dx * cache["dphi"][i]
        else:
            g = dx + g if shortcut else dx
    return grads[::-1]


def batchnorm_statistics(params, X, activation="tanh", residual=None, preactivation=False):
    """The per-unit mean and (biased) variance of each BN layer's input u = h_{l-1} W_l^T over the
    whole data set X, layer by layer as inference sees them: a list with (mean, var) for each BN
    layer and None for the others, for `forward(..., bn_statistics=...)`.

    These are the population statistics that the running averages of a BN implementation
    estimate during training. One forward pass in training mode over all of X computes them: there
    every BN layer normalises with the statistics of X itself, so each layer's input is the one
    inference with these statistics gives it.
    """
    return statistics_of(params, forward(params, X, activation, residual, None, preactivation))


def statistics_of(params, cache):
    """batchnorm_statistics from the cache of a training-mode forward pass over the data set."""
    statistics = [None] * (len(params) - 1)
    for i, p in enumerate(params[:-1]):
        if "gamma" in p:
            pre = cache["preactivation"] and _has_shortcut(p["W"], cache["residual"])
            u = (cache["a"][i] if pre else cache["h"][i]) @ p["W"].T
            statistics[i] = (u.mean(axis=0), u.var(axis=0))
    return statistics


def softmax_cross_entropy(logits, labels):
    """C = -(1/B) sum_i log softmax(y_i)[label_i] and dC/dy = (softmax(y) - onehot(label)) / B."""
    rows = np.arange(len(labels))
    shifted = logits - logits.max(axis=1, keepdims=True)  # exp cannot overflow
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    grad = np.exp(log_p)
    grad[rows, labels] -= 1
    return -log_p[rows, labels].mean(), grad / len(labels)


def mean_squared_error(output, target):
    """C = (1/2B) sum_i ||y_i - t_i||^2 and dC/dy = (y - t) / B."""
    diff = output - target
    return 0.5 * (diff**2).sum() / len(diff), diff / len(diff)


def loss_and_gradients(
    params,
    X,
    targets,
    activation="tanh",
    residual=None,
    loss=softmax_cross_entropy,
    preactivation=False,
):
    """Forward pass, loss and backward pass: returns (loss value, cache, grads).

    `loss` is softmax_cross_entropy (targets are integer labels) or mean_squared_error;
    `preactivation` as in `forward`.
    """
    cache = forward(params, X, activation, residual, preactivation=preactivation)
    value, grad_output = loss(cache["output"], targets)
    return value, cache, backward(params, cache, grad_output)


def layer_statistics(cache, grads):
    """Per hidden layer l = 1..L (arrays of length L), for the batch in the cache:

    delta: sqrt(B) ||dC/dz_l||_F for the batch-mean loss C; without BN this is
      sqrt(mean_i ||dC_i/dz_l||^2), the root-mean-square norm of the examples' own deltas;
    grad_W: ||dC/dW_l||_F and grad_b: ||dC/db_l||_2 (dC/dbeta_l with BN), the gradients SGD
      applies; grad_b is Nielsen's "speed of learning" of the layer;
    z_mean, z_std, a_mean, a_std: over all examples and units of z_l and a_l = phi(z_l);
    saturated: fraction of (example, unit) pairs with |phi'(z)| < 1% of phi's maximum slope;
    dead: fraction of units whose activation a is exactly 0 on every example of the batch.
    """
    threshold = SATURATION * cache["activation"].max_slope
    rows = []
    for z, a, dphi, grad in zip(cache["z"], cache["a"], cache["dphi"], grads[:-1], strict=True):
        delta = grad["delta"]
        rows.append(
            {
                "delta": np.sqrt(len(delta)) * np.linalg.norm(delta),
                "grad_W": np.linalg.norm(grad["W"]),
                "grad_b": np.linalg.norm(delta.sum(axis=0)),
                "z_mean": z.mean(),
                "z_std": z.std(),
                "a_mean": a.mean(),
                "a_std": a.std(),
                "saturated": np.mean(np.abs(dphi) < threshold),
                "dead": np.mean((a == 0).all(axis=0)),
            }
        )
    return {k: np.array([r[k] for r in rows]) for k in rows[0]}
