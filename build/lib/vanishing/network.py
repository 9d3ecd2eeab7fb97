"""A deep fully connected network: forward pass, backpropagation and per-layer statistics.

A batch is a matrix X with one example per row. Hidden layer l = 1..L computes

    z_l = h_{l-1} W_l^T + b_l                 (plain), or
    z_l = gamma_l * BN(h_{l-1} W_l^T) + beta_l (batch normalisation of the pre-activations),
    a_l = phi(z_l),
    h_l = a_l                                 (plain), or
    h_l = h_{l-1} + alpha a_l                 (residual: the identity shortcut of He et al. 2016,
                                               used wherever h_{l-1} and a_l have the same width),

with h_0 = X, and a linear readout gives the output y = h_L W_{L+1}^T + b_{L+1} (the logits).
BN(u) = (u - mean) / sqrt(var + BN_EPS), with the batch's mean and (biased) variance per unit, as in
training mode.

Parameters are a list of L + 1 dicts, one per layer: {"W", "b"}, or {"W", "gamma", "beta"} for a
batch-normalised layer (beta replaces the bias, which the normalisation would subtract away).
W_l has shape (n_l, n_{l-1}). Gradients come back in the same structure.

Backpropagation: with C the loss (the batch mean of the examples' losses C_i; L is the depth),
delta_l = dC/dz_l is a (batch, n_l) matrix whose column sums are dC/db_l (dC/dbeta_l with BN).
In the plain network

    delta_l = (delta_{l+1} W_{l+1}) * phi'(z_l),    dC/dW_l = delta_l^T h_{l-1},

the row-batch form of delta_l = (W_{l+1}^T delta_{l+1}) ⊙ phi'(z_l).
"""

import itertools

import numpy as np

from vanishing.activations import ACTIVATIONS
from vanishing.initialisation import init_weights

BN_EPS = 1e-5  # PyTorch's default
SATURATION = 0.01  # a unit is saturated where |phi'(z)| < 1% of phi's maximum slope


def init_network(n_in, width, depth, n_out, scheme, rng, batchnorm=False):
    """Parameters of `depth` hidden layers of `width` units and a linear readout to `n_out`.

    Weights are drawn from the initialisation `scheme`; biases and BN shifts start at 0, BN scales
    at 1.
    """
    sizes = [n_in] + [width] * depth
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        W = init_weights(scheme, fan_in, fan_out, rng)
        if batchnorm:
            params.append({"W": W, "gamma": np.ones(fan_out), "beta": np.zeros(fan_out)})
        else:
            params.append({"W": W, "b": np.zeros(fan_out)})
    params.append({"W": init_weights(scheme, width, n_out, rng), "b": np.zeros(n_out)})
    return params


def _has_shortcut(W, residual):
    return residual is not None and W.shape[0] == W.shape[1]


def forward(params, X, activation="tanh", residual=None):
    """The forward pass; returns the cache that `backward` and `layer_statistics` read.

    `activation` is a key of ACTIVATIONS; `residual` is None for a plain network or the branch
    scale alpha of h_l = h_{l-1} + alpha phi(z_l). The cache holds lists over hidden layers of
    "h" (h_0 = X to h_L), "z", "a", "dphi" (phi'(z)), "zhat" and "inv_std" (BN only, else None),
    and "output" (the readout y).
    """
    act = ACTIVATIONS[activation]
    cache = {"activation": act, "residual": residual, "h": [X]}
    cache.update({k: [] for k in ("z", "a", "dphi", "zhat", "inv_std")})
    h = X
    for p in params[:-1]:
        u = h @ p["W"].T
        if "gamma" in p:
            inv_std = 1 / np.sqrt(u.var(axis=0) + BN_EPS)
            zhat = (u - u.mean(axis=0)) * inv_std
            z = p["gamma"] * zhat + p["beta"]
        else:
            zhat = inv_std = None
            z = u + p["b"]
        a = act.f(z)
        h = h + residual * a if _has_shortcut(p["W"], residual) else a
        layer = {"h": h, "z": z, "a": a, "dphi": act.df(z), "zhat": zhat, "inv_std": inv_std}
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
        delta = (cache["residual"] * g if shortcut else g) * cache["dphi"][i]
        if "gamma" in p:
            zhat, inv_std = cache["zhat"][i], cache["inv_std"][i]
            grad = {"gamma": (delta * zhat).sum(axis=0), "beta": delta.sum(axis=0)}
            # Backward through BN: the batch mean and variance depend on every example.
            dzhat = delta * p["gamma"]
            du = inv_std * (dzhat - dzhat.mean(axis=0) - zhat * (dzhat * zhat).mean(axis=0))
        else:
            grad = {"b": delta.sum(axis=0)}
            du = delta
        grad["W"] = du.T @ cache["h"][i]
        grad["delta"] = delta
        grads.append(grad)
        dh = du @ p["W"]
        g = dh + g if shortcut else dh
    return grads[::-1]


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
    params, X, targets, activation="tanh", residual=None, loss=softmax_cross_entropy
):
    """Forward pass, loss and backward pass: returns (loss value, cache, grads).

    `loss` is softmax_cross_entropy (targets are integer labels) or mean_squared_error.
    """
    cache = forward(params, X, activation, residual)
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
