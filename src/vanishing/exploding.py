"""Exploding gradients: the same product of per-layer factors as the vanishing gradient, above 1.

Backpropagation multiplies delta by W_l^T diag(phi'(z_l)) at every layer. For ReLU with weights
N(0, sigma_w^2 / n) each factor multiplies E||delta||^2 by sigma_w^2 / 2 (He et al. 2015): below
sigma_w^2 = 2 the gradient vanishes toward the input, above it explodes. With sigma_w^2 = 2 g^2
("gain" g over He's initialisation) the gradient's norm grows by g per layer.

This module measures four faces of it:
- Nielsen's chain of one sigmoid neuron per layer, whose factors w_l sigma'(z_l) exceed 1 for
  large weights;
- a network whose per-layer factor exceeds 1 trained with plain SGD, with and without gradient
  clipping by norm (Pascanu, Mikolov & Bengio 2013);
- the product of L random Gaussian matrices applied to a vector, against its exact growth rate;
- the layer at which that product overflows the floating-point range, in float32 and float64.
"""

import math
import time
from dataclasses import dataclass

import numpy as np

from vanishing.network import init_network, layer_statistics, loss_and_gradients
from vanishing.training import clip_by_norm, evaluate, sgd_step, spirals

EULER_GAMMA = 0.5772156649015329


@dataclass(frozen=True)
class ScalarChain:
    """A chain of one sigmoid neuron per layer, a_l = sigma(z_l), z_l = w_l a_{l-1} + b_l from
    a_0 = x (Nielsen, Neural Networks and Deep Learning, chapter 5). z, a: (L,) layer 1 first;
    dadb: (L,) the derivatives of the last activation a_L in each bias,

        d a_L / d b_l = sigma'(z_l) * prod_{k > l} w_k sigma'(z_k),

    one factor w_k sigma'(z_k) per later layer: below 1 in size they vanish toward layer 1,
    above 1 they explode."""

    weights: np.ndarray
    biases: np.ndarray
    z: np.ndarray
    a: np.ndarray
    dadb: np.ndarray


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


def scalar_chain(weights, biases, x=1.0):
    """The forward pass of the chain and d a_L / d b_l by the product above, for every l."""
    weights, biases = np.asarray(weights, float), np.asarray(biases, float)
    z, a = np.zeros(len(weights)), np.zeros(len(weights))
    previous = x
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z[layer] = w * previous + b
        a[layer] = previous = _sigmoid(z[layer])
    slope = a * (1 - a)  # sigma'(z) = sigma(z) (1 - sigma(z))
    later = np.append(np.cumprod((weights * slope)[:0:-1])[::-1], 1.0)  # prod over k > l
    return ScalarChain(weights, biases, z, a, slope * later)


def exploding_chain(depth, weight=100.0, x=1.0):
    """Nielsen's exploding chain: every w_l = weight and each bias chosen so that z_l = 0, where
    sigma' takes its largest value 1/4: every factor is w / 4 (25 for w = 100), and
    d a_L / d b_1 = (1/4) (w/4)^(L-1)."""
    weights = np.full(depth, weight)
    # z_1 = w x + b_1 = 0, and a_l = sigma(0) = 1/2 afterwards: z_l = w / 2 + b_l = 0.
    biases = np.concatenate([[-weight * x], np.full(depth - 1, -weight / 2)])
    return scalar_chain(weights, biases, x)


def unstable_window(weight):
    """The width of the set of inputs a for which one link of the chain has |w sigma'(w a + b)|
    >= 1 (Nielsen, chapter 5, problem "unstable gradient"): 0 for |w| < 4, else

        (2 / |w|) ln( |w| (1 + sqrt(1 - 4 / |w|)) / 2 - 1 ),

    whatever the bias b. sigma'(z) = sigma (1 - sigma) >= 1 / |w| for sigma between
    (1 -+ s) / 2, s = sqrt(1 - 4 / |w|), that is for |z| <= ln((1 + s) / (1 - s)), which is the
    logarithm above; z = w a + b turns a width in z into a width in a divided by |w|. A large
    weight makes a large factor possible but only in a window of inputs that shrinks like
    (2 ln |w|) / |w|."""
    w = abs(weight)
    if w < 4:
        return 0.0
    return 2 / w * math.log(w * (1 + math.sqrt(1 - 4 / w)) / 2 - 1)


@dataclass(frozen=True)
class ClippingComparison:
    """ReLU networks at gain g (sigma_w^2 = 2 g^2) trained on the spirals with SGD, per seed,
    without clipping and with clipping by global norm at `max_norm`.

    steps: the SGD steps at which the whole training set was evaluated (0 = before training);
    unclipped_loss, clipped_loss, unclipped_accuracy, clipped_accuracy: (seeds, evaluations), NaN
    after a run's loss stopped being finite; diverged_at: per seed, the first step whose
    minibatch loss was inf or NaN in the unclipped run (-1 if none); grad_norm: (seeds, steps) the
    gradient's global norm before clipping in the clipped run; delta_at_init: (seeds, depth) the
    layer statistic delta (vanishing.network.layer_statistics) at initialisation, layer 1 first;
    cpu_seconds: process CPU time of the whole comparison.
    """

    gain: float
    depth: int
    width: int
    lr: float
    max_norm: float
    seeds: tuple
    steps: np.ndarray
    unclipped_loss: np.ndarray
    clipped_loss: np.ndarray
    unclipped_accuracy: np.ndarray
    clipped_accuracy: np.ndarray
    diverged_at: np.ndarray
    grad_norm: np.ndarray
    delta_at_init: np.ndarray
    cpu_seconds: float


def _gained_network(seed, gain, depth, width):
    rng = np.random.default_rng(seed)
    X, labels = spirals(rng=rng)
    params = init_network(2, width, depth, 3, "he_normal", rng)
    for p in params[:-1]:  # He's variance 2/n times gain^2 in every hidden layer
        p["W"] = gain * p["W"]
    return params, X, labels, rng


def _sgd_run(seed, gain, depth, width, lr, n_steps, batch_size, eval_every, max_norm):
    params, X, labels, rng = _gained_network(seed, gain, depth, width)
    records, norms, diverged_at = [evaluate(params, X, labels, "relu")], [], -1
    for step in range(1, n_steps + 1):
        batch = rng.choice(len(X), batch_size, replace=False)
        loss, _, grads = loss_and_gradients(params, X[batch], labels[batch], "relu")
        if not np.isfinite(loss):
            diverged_at = step
            break
        if max_norm is not None:
            grads, norm = clip_by_norm(grads, max_norm)
            norms.append(norm)
        params = sgd_step(params, grads, lr)
        if step % eval_every == 0:
            records.append(evaluate(params, X, labels, "relu"))
    n_evals = n_steps // eval_every + 1
    loss = np.full(n_evals, np.nan)
    accuracy = np.full(n_evals, np.nan)
    loss[: len(records)] = [r["loss"] for r in records]
    accuracy[: len(records)] = [r["accuracy"] for r in records]
    return loss, accuracy, diverged_at, np.array(norms)


def clipping_comparison(
    gain=1.5,
    depth=10,
    width=32,
    lr=0.05,
    n_steps=1000,
    max_norm=1.0,
    batch_size=32,
    eval_every=100,
    seeds=(0, 1, 2, 3, 4),
):
    """The same network, data and minibatches per seed, trained by SGD with and without clipping.

    Overflow in the unclipped runs is the phenomenon measured, so numpy's floating-point warnings
    are silenced inside; a run stops at its first non-finite minibatch loss.
    """
    start = time.process_time()
    runs = {False: [], True: []}
    deltas = []
    with np.errstate(over="ignore", invalid="ignore"):
        for seed in seeds:
            params, X, labels, _ = _gained_network(seed, gain, depth, width)
            deltas.append(layer_statistics(*loss_and_gradients(params, X, labels, "relu")[1:]))
            for clipped in (False, True):
                clip = max_norm if clipped else None
                runs[clipped].append(
                    _sgd_run(seed, gain, depth, width, lr, n_steps, batch_size, eval_every, clip)
                )
    return ClippingComparison(
        gain,
        depth,
        width,
        lr,
        max_norm,
        tuple(seeds),
        np.arange(0, n_steps + 1, eval_every),
        np.array([r[0] for r in runs[False]]),
        np.array([r[0] for r in runs[True]]),
        np.array([r[1] for r in runs[False]]),
        np.array([r[1] for r in runs[True]]),
        np.array([r[2] for r in runs[False]]),
        np.array([r[3] for r in runs[True]]),
        np.array([d["delta"] for d in deltas]),
        time.process_time() - start,
    )


def digamma_half_integer(n):
    """psi(n/2) for an integer n >= 1, exactly: psi(m) = -gamma + sum_{k<m} 1/k and
    psi(m + 1/2) = -gamma - 2 log 2 + sum_{k=1..m} 2/(2k - 1)."""
    m, odd = divmod(n, 2)
    if odd:
        return -EULER_GAMMA - 2 * math.log(2) + sum(2 / (2 * k - 1) for k in range(1, m + 1))
    return -EULER_GAMMA + sum(1 / k for k in range(1, m))


def trigamma_half_integer(n):
    """psi'(n/2) for an integer n >= 1: psi'(m) = pi^2/6 - sum_{k<m} 1/k^2 and
    psi'(m + 1/2) = pi^2/2 - 4 sum_{k=1..m} 1/(2k - 1)^2."""
    m, odd = divmod(n, 2)
    if odd:
        return math.pi**2 / 2 - 4 * sum(1 / (2 * k - 1) ** 2 for k in range(1, m + 1))
    return math.pi**2 / 6 - sum(1 / k**2 for k in range(1, m))


def log_growth_per_layer(n, sigma2):
    """E log(||W v|| / ||v||) for W with iid N(0, sigma2 / n) entries, exactly, and its variance.

    Wv ~ N(0, (sigma2 / n) ||v||^2 I_n) whatever v, so ||W v||^2 / ||v||^2 = (sigma2 / n) chi^2_n,
    and E log chi^2_n = psi(n/2) + log 2, Var log chi^2_n = psi'(n/2). Hence

        mean = (1/2) [log sigma2 - log n + psi(n/2) + log 2]  ~  (1/2) log sigma2 - 1/(2n),
        var  = (1/4) psi'(n/2)                                 ~  1/(2n).

    The layers of a product W_L ... W_1 v are independent (rotation invariance of each W_l), so
    log ||W_L ... W_1 v|| is a sum of L such terms: mean L * mean, variance L * var.
    """
    mean = 0.5 * (math.log(sigma2) - math.log(n) + digamma_half_integer(n) + math.log(2))
    return mean, 0.25 * trigamma_half_integer(n)


def critical_sigma2(n):
    """The sigma2 at which the product neither grows nor shrinks at width n:
    n / (2 exp(psi(n/2))), slightly above 1 (1 + 1/n + ...), tending to 1 as n -> infinity."""
    return n / (2 * math.exp(digamma_half_integer(n)))


@dataclass(frozen=True)
class RandomProduct:
    """log ||W_l ... W_1 v|| for l = 0..depth (log_norms: (seeds, depth + 1), from ||v|| = 1) for
    Gaussian W_l with N(0, sigma2 / n) entries, computed in float64 with the norm factored out
    at every layer so that it cannot overflow. exact_mean, exact_var: log_growth_per_layer;
    approximate_mean: (1/2) log sigma2 - 1/(2n); measured_mean: the mean per-layer increment."""

    n: int
    sigma2: float
    depth: int
    log_norms: np.ndarray
    measured_mean: float
    exact_mean: float
    exact_var: float
    approximate_mean: float


def _gaussian_layers(n, sigma2, depth, rng):
    for _ in range(depth):
        yield rng.normal(0, math.sqrt(sigma2 / n), (n, n))


def random_product(n, sigma2, depth, seeds=range(10)):
    """The growth of ||W_L ... W_1 v|| over `depth` Gaussian layers of width n, per seed."""
    log_norms = np.zeros((len(seeds), depth + 1))
    for row, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        v = rng.normal(size=n)
        v /= np.linalg.norm(v)
        for layer, W in enumerate(_gaussian_layers(n, sigma2, depth, rng), start=1):
            v = W @ v
            norm = np.linalg.norm(v)
            log_norms[row, layer] = log_norms[row, layer - 1] + math.log(norm)
            v /= norm
    mean, var = log_growth_per_layer(n, sigma2)
    measured = float(log_norms[:, -1].mean() / depth)
    return RandomProduct(
        n, sigma2, depth, log_norms, measured, mean, var, 0.5 * math.log(sigma2) - 1 / (2 * n)
    )


@dataclass(frozen=True)
class FloatLimit:
    """The first layer l at which W_l ... W_1 v, computed in `dtype`, leaves the float range:
    `layer` is where an entry becomes inf (growth) or every entry becomes 0 (decay), -1 if it
    never happens within `depth`. `predicted` is the first layer at which the same product,
    computed in float64 with the norm factored out, has its largest entry beyond the dtype's
    largest finite value (growth) or below half its smallest subnormal (decay, where rounding to
    nearest gives 0). log_max_entry: (depth + 1,) log of that largest entry, layer 0 first."""

    dtype: str
    n: int
    sigma2: float
    layer: int
    predicted: int
    log_max_entry: np.ndarray


def float_limit(n, sigma2, dtype, depth, seed=0):
    """Where the product of `depth` Gaussian N(0, sigma2 / n) layers overflows (sigma2 above the
    critical value) or underflows to zero (below it) in `dtype` ("float32" or "float64")."""
    rng = np.random.default_rng(seed)
    v64 = rng.normal(size=n)
    v64 /= np.linalg.norm(v64)
    v = v64.astype(dtype)
    log_scale, log_max = 0.0, [math.log(np.abs(v64).max())]
    layer = -1
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for index, W in enumerate(_gaussian_layers(n, sigma2, depth, rng), start=1):
            v = W.astype(dtype) @ v
            if layer < 0 and (not np.isfinite(v).all() or not v.any()):
                layer = index
            v64 = W @ v64
            norm = np.linalg.norm(v64)
            log_scale += math.log(norm)
            v64 /= norm
            log_max.append(log_scale + math.log(np.abs(v64).max()))
    info = np.finfo(dtype)
    growing = sigma2 > critical_sigma2(n)
    beyond = (
        np.array(log_max) > math.log(info.max)
        if growing
        else np.array(log_max) < math.log(info.smallest_subnormal) - math.log(2)
    )
    predicted = int(np.argmax(beyond)) if beyond.any() else -1
    return FloatLimit(dtype, n, sigma2, layer, predicted, np.array(log_max))
