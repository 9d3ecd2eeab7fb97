"""The experiments behind the site's figures and numbers.

Each function is seeded and deterministic and returns a plain dict of numpy arrays, floats and
tuples of names. Per-layer arrays run over hidden layers 1..L, input side first; the statistics
are those of `network.layer_statistics` ("delta", "grad_W", "grad_b", "z_mean", "z_std",
"a_mean", "a_std", "saturated", "dead").
"""

import math

import numpy as np

from vanishing.activations import (
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    tanh,
    tanh_prime,
)
from vanishing.initialisation import weight_variance
from vanishing.network import forward, init_network, layer_statistics, loss_and_gradients
from vanishing.training import evaluate, sgd_step, spirals, train

N_CLASSES = 10  # readout size for the random batches


def _random_pass(
    activation, scheme, depth, width, batch, seed, batchnorm=False, residual=None, weight_scale=1
):
    """Forward and backward pass of a fresh network on a random batch; returns (cache, grads).

    Inputs are N(0, 1) with as many features as units, so every hidden layer is square, and labels
    are uniform over N_CLASSES. A seed fixes the batch and the underlying random draws, so
    configurations run with one seed differ only in what is being compared.
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, width))
    labels = rng.integers(N_CLASSES, size=batch)
    params = init_network(width, width, depth, N_CLASSES, scheme, rng, batchnorm)
    params = [{**p, "W": weight_scale * p["W"]} for p in params]
    _, cache, grads = loss_and_gradients(params, X, labels, activation, residual)
    return cache, grads


def layer_profile(activation, scheme, depth, width, batch, seed, **options):
    """Per-layer statistics (network.layer_statistics) of one forward and backward pass of a
    random batch through a freshly initialised network; options: batchnorm, residual,
    weight_scale."""
    return layer_statistics(*_random_pass(activation, scheme, depth, width, batch, seed, **options))


def _grid(rows, columns, run):
    """run(row, column) for every pair, each dict entry stacked to shape (rows, columns, ...)."""
    results = [[run(r, c) for c in columns] for r in rows]
    return {k: np.array([[res[k] for res in row] for row in results]) for k in results[0][0]}


def gradient_profiles(
    activations=("sigmoid", "tanh", "relu"),
    schemes=("standard", "xavier_normal", "he_normal"),
    depth=50,
    width=100,
    batch=128,
    seed=0,
):
    """Per-layer statistics at initialisation for every activation × initialisation scheme.

    Returns "layers" (1..depth), "activations", "schemes", and each layer statistic with shape
    (n_activations, n_schemes, depth).
    """
    stats = _grid(activations, schemes, lambda a, s: layer_profile(a, s, depth, width, batch, seed))
    return {
        "layers": np.arange(1, depth + 1),
        "activations": tuple(activations),
        "schemes": tuple(schemes),
        **stats,
    }


def depth_ratio(
    activations=("sigmoid", "tanh", "relu"),
    depths=(2, 5, 10, 20, 30, 40, 50),
    scheme="standard",
    width=64,
    batch=128,
    seed=0,
):
    """First over last hidden layer, delta_1 / delta_L, against the depth L, per activation.

    Geometric decay, ratio = r^(L-1), is a straight line on a log axis; r is fitted by least squares
    of log(ratio) on L - 1. Returns "depths", "activations", "ratio" and "grad_W_ratio" (the same
    ratio of ||dC/dW||), shape (n_activations, n_depths), and "factor" r, shape (n_activations,).
    """

    def run(activation, depth):
        stats = layer_profile(activation, scheme, depth, width, batch, seed)
        return {
            "ratio": stats["delta"][0] / stats["delta"][-1],
            "grad_W_ratio": stats["grad_W"][0] / stats["grad_W"][-1],
        }

    out = _grid(activations, depths, run)
    steps = np.asarray(depths) - 1.0
    factor = np.exp(np.log(out["ratio"]) @ steps / (steps @ steps))
    return {
        "depths": np.asarray(depths),
        "activations": tuple(activations),
        **out,
        "factor": factor,
    }


def activation_statistics(
    activation="tanh",
    schemes=("standard", "xavier_uniform"),
    depth=5,
    width=256,
    batch=256,
    seed=0,
    percentiles=(2, 16, 50, 84, 98),
):
    """Distributions, per layer, of the activations a_l and of the back-propagated gradients
    dC_i/dz_l of each example (Glorot & Bengio 2010, figures 6 and 7), per scheme.

    Returns "layers", "schemes", "percentiles" and, with shape (n_schemes, depth), "a_mean",
    "a_std", "delta_mean", "delta_std", and with shape (n_schemes, depth, n_percentiles),
    "a_percentiles" and "delta_percentiles".
    """

    def run(scheme):
        cache, grads = _random_pass(activation, scheme, depth, width, batch, seed)
        # dC_i/dz_l = B dC/dz_l for the batch-mean loss C.
        values = {
            "a": np.stack(cache["a"]).reshape(depth, -1),
            "delta": batch * np.stack([g["delta"] for g in grads[:-1]]).reshape(depth, -1),
        }
        out = {}
        for name, v in values.items():
            out[f"{name}_mean"] = v.mean(axis=1)
            out[f"{name}_std"] = v.std(axis=1)
            out[f"{name}_percentiles"] = np.percentile(v, percentiles, axis=1).T
        return out

    results = [run(s) for s in schemes]
    return {
        "layers": np.arange(1, depth + 1),
        "schemes": tuple(schemes),
        "percentiles": np.asarray(percentiles),
        **{k: np.array([r[k] for r in results]) for k in results[0]},
    }


def _spirals_network(activation, scheme, depth, width, seed):
    """The spirals training set and a fresh network for it: (params, X, labels, rng)."""
    rng = np.random.default_rng(seed)
    X, labels = spirals(rng=rng)
    params = init_network(X.shape[1], width, depth, labels.max() + 1, scheme, rng)
    return params, X, labels, rng


def dead_units_after_update(
    learning_rates=(0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0), depth=6, width=64, seed=0
):
    """Fraction of dead ReLU units after one full-batch SGD step of rate lr on the spirals task.

    A unit is dead when its activation is 0 on every training example. The network is He-normal
    initialised. Returns "learning_rates", "dead_before" (float), "dead" (mean over layers, per
    rate) and "dead_per_layer" (n_rates, depth).
    """
    params, X, labels, _ = _spirals_network("relu", "he_normal", depth, width, seed)
    before = evaluate(params, X, labels, "relu")
    _, _, grads = loss_and_gradients(params, X, labels, "relu")
    dead = np.array(
        [evaluate(sgd_step(params, grads, lr), X, labels, "relu")["dead"] for lr in learning_rates]
    )
    return {
        "learning_rates": np.asarray(learning_rates),
        "dead_before": float(before["dead"].mean()),
        "dead": dead.mean(axis=1),
        "dead_per_layer": dead,
    }


def dead_units_after_bias_shift(
    shifts=(0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0), depth=6, width=64, seed=0
):
    """Fraction of dead ReLU units on the spirals task when every hidden bias is shifted by s.

    He-normal initialisation puts the pre-activations' standard deviation near sqrt 2, so the
    shifts are in those units' own scale. Returns "shifts", "dead" (mean over layers, per shift)
    and "dead_per_layer" (n_shifts, depth).
    """
    params, X, labels, _ = _spirals_network("relu", "he_normal", depth, width, seed)
    dead = np.array(
        [
            evaluate(
                [{**p, "b": p["b"] + s} for p in params[:-1]] + params[-1:], X, labels, "relu"
            )["dead"]
            for s in shifts
        ]
    )
    return {"shifts": np.asarray(shifts), "dead": dead.mean(axis=1), "dead_per_layer": dead}


def saturation_under_large_weights(
    activations=("tanh", "sigmoid"),
    scales=(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0),
    depth=5,
    width=128,
    batch=128,
    seed=0,
):
    """Fraction of saturated units (|phi'(z)| < 1% of the maximum slope) against the weight scale.

    Weights are N(0, scale^2 / fan_in): scale 1 is LeCun's initialisation. Returns "scales",
    "activations", "saturated" (mean over layers), shape (n_activations, n_scales), and
    "saturated_per_layer", shape (n_activations, n_scales, depth).
    """
    out = _grid(
        activations,
        scales,
        lambda a, s: layer_profile(a, "lecun_normal", depth, width, batch, seed, weight_scale=s),
    )
    return {
        "scales": np.asarray(scales),
        "activations": tuple(activations),
        "saturated": out["saturated"].mean(axis=2),
        "saturated_per_layer": out["saturated"],
    }


def _variants(activations, variants, scheme, depth, width, batch, seed):
    """Layer statistics per activation × network variant (a dict of forward options)."""
    stats = _grid(
        activations, variants, lambda a, v: layer_profile(a, scheme, depth, width, batch, seed, **v)
    )
    return {"layers": np.arange(1, depth + 1), "activations": tuple(activations), **stats}


def batchnorm_effect(
    activations=("sigmoid", "tanh", "relu"),
    scheme="standard",
    depth=50,
    width=100,
    batch=128,
    seed=0,
):
    """Per-layer statistics at initialisation without and with batch normalisation.

    Returns "layers", "activations", "batchnorm" = (False, True) and each layer statistic with
    shape (n_activations, 2, depth).
    """
    variants = ({"batchnorm": False}, {"batchnorm": True})
    return {
        "batchnorm": (False, True),
        **_variants(activations, variants, scheme, depth, width, batch, seed),
    }


def residual_effect(
    activations=("sigmoid", "tanh", "relu"),
    alphas=(1.0, 0.1),
    scheme="standard",
    depth=50,
    width=100,
    batch=128,
    seed=0,
):
    """Per-layer statistics at initialisation for the plain network and residual ones,
    h_l = h_{l-1} + alpha phi(z_l), for each branch scale alpha.

    Returns "layers", "activations", "residual" = (None, *alphas) and each layer statistic with
    shape (n_activations, 1 + n_alphas, depth).
    """
    residual = (None, *alphas)
    variants = [{"residual": r} for r in residual]
    return {
        "residual": residual,
        **_variants(activations, variants, scheme, depth, width, batch, seed),
    }


def _first_float_where(predicate, lo, hi):
    """The smallest float x in (lo, hi] for which predicate(x) holds, exactly.

    lo and hi are positive floats of one dtype with predicate false at lo and true at hi; the
    predicate is taken to be monotone. Positive floats are ordered like their bit patterns read as
    integers, so bisection on the integers walks the float grid itself.
    """
    dtype = lo.dtype
    ints = np.dtype(f"i{dtype.itemsize}")
    lo_bits, hi_bits = int(lo.view(ints)), int(hi.view(ints))
    while hi_bits - lo_bits > 1:
        mid = (lo_bits + hi_bits) // 2
        if predicate(np.array(mid, ints).view(dtype)):
            hi_bits = mid
        else:
            lo_bits = mid
    return np.array(hi_bits, ints).view(dtype)


def float_zero_thresholds():
    """The smallest x > 0 at which 1 - tanh(x)^2 and s (1 - s), s = sigma(x), evaluate to exactly
    0.0, in float32 and in float64.

    Returns {"tanh": {...}, "sigmoid": {...}}, each {"float32": {...}, "float64": {...}} holding
    "threshold" (that x), "previous" (the float just below), "slope_at_previous" (the formula's
    last nonzero value) and "true_slope" (the exact derivative at the threshold, e.g.
    sech^2(x) = 4 e^-2x / (1 + e^-2x)^2, evaluated in float64 without cancellation).
    """
    exact = {
        "tanh": lambda x: 4 * math.exp(-2 * x) / (1 + math.exp(-2 * x)) ** 2,
        "sigmoid": lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2,
    }
    formulas = {"tanh": tanh_prime, "sigmoid": sigmoid_prime}
    out = {}
    for name, df in formulas.items():
        out[name] = {}
        for dtype in (np.float32, np.float64):
            one, far = np.array(1, dtype), np.array(100, dtype)
            x = _first_float_where(lambda x, df=df: df(x) == 0, one, far)
            previous = np.nextafter(x, dtype(0))
            out[name][dtype.__name__] = {
                "threshold": float(x),
                "previous": float(previous),
                "slope_at_previous": float(df(previous)),
                "true_slope": exact[name](float(x)),
            }
    return out


def snippet_fixed_point(starts=(-10.0, -1.0, 0.0, 0.5, 1.0, 10.0), steps=10):
    """The popular snippet x <- sigma'(x), which feeds a gradient in as the next layer's input.

    Every start converges to the fixed point x* = sigma'(x*), so the snippet shows a contraction
    onto a constant, nothing about depth. Returns "starts", "iterates" (n_starts, steps + 1),
    "fixed_point" (x* to the last float: the float at which sigma'(x) - x changes sign with the
    smaller residual) and "contraction" |d sigma'(x)/dx| at x*, the factor by which each step
    shrinks the distance to x*.
    """
    iterates = [np.asarray(starts, dtype=np.float64)]
    for _ in range(steps):
        iterates.append(sigmoid_prime(iterates[-1]))
    # sigma'(x) - x decreases through 0 on (0, 1/4]: sigma'(0) = 1/4 > 0 and sigma'(1/4) < 1/4.
    above = _first_float_where(lambda x: sigmoid_prime(x) <= x, np.array(1e-3), np.array(0.25))
    below = np.nextafter(above, 0.0)
    fixed_point = min((below, above), key=lambda x: abs(sigmoid_prime(x) - x))
    s = sigmoid(fixed_point)
    return {
        "starts": np.asarray(starts, dtype=np.float64),
        "iterates": np.stack(iterates, axis=1),
        "fixed_point": float(fixed_point),
        # d/dx [s (1 - s)] = s (1 - s) (1 - 2 s)
        "contraction": float(abs(sigmoid_prime(fixed_point) * (1 - 2 * s))),
    }


def source_neuron_example():
    """One tanh neuron: weights (0.5, 0.5), bias 0.5, input (1, 1), so z = 1.5; then z = +-10
    after a large update, and a ReLU unit at z = -10.

    Returns "w", "b", "x", "z", "tanh", "tanh_prime", "z_large" = (-10, 10), "tanh_large",
    "tanh_prime_large", and for the ReLU unit "relu_z", "relu", "relu_prime" and "relu_grad_w"
    (dC/dw for an upstream gradient of 1: relu'(z) x, exactly zero).
    """
    w, b, x = np.array([0.5, 0.5]), 0.5, np.array([1.0, 1.0])
    z = float(w @ x + b)
    z_large = np.array([-10.0, 10.0])
    relu_z = -10.0
    return {
        "w": w,
        "b": b,
        "x": x,
        "z": z,
        "tanh": float(tanh(z)),
        "tanh_prime": float(tanh_prime(z)),
        "z_large": z_large,
        "tanh_large": tanh(z_large),
        "tanh_prime_large": tanh_prime(z_large),
        "relu_z": relu_z,
        "relu": float(relu(relu_z)),
        "relu_prime": float(relu_prime(relu_z)),
        "relu_grad_w": relu_prime(relu_z) * x,
    }


def _train_spirals(activation, scheme, depth, width, epochs, lr, batch_size, seed):
    """SGD on the spirals from a fresh network: (initial params, trained params, history, X)."""
    params, X, labels, rng = _spirals_network(activation, scheme, depth, width, seed)
    trained, history = train(
        params, X, labels, activation, lr=lr, epochs=epochs, batch_size=batch_size, rng=rng
    )
    return params, trained, history, X


def relu_vs_sigmoid_training(depth=8, width=32, epochs=30, lr=0.1, batch_size=32, seed=0):
    """The same deep network trained on the spirals by SGD, with ReLU (He normal) and with
    sigmoid (Xavier normal) units.

    Returns "epoch", and "relu" and "sigmoid", each the `train` history ("loss", "accuracy",
    per-layer "grad_b", ...) without "epoch", plus "relu_sparsity_init" and "relu_sparsity": per
    layer, the fraction of exactly-zero ReLU activations over the training set before and after.
    """
    out = {}
    for activation, scheme in (("relu", "he_normal"), ("sigmoid", "xavier_normal")):
        initial, trained, history, X = _train_spirals(
            activation, scheme, depth, width, epochs, lr, batch_size, seed
        )
        out["epoch"] = history.pop("epoch")
        out[activation] = history
        if activation == "relu":
            for key, params in (("relu_sparsity_init", initial), ("relu_sparsity", trained)):
                out[key] = np.array([np.mean(a == 0) for a in forward(params, X, "relu")["a"]])
    return out


def learning_speed(
    depth=4, width=30, epochs=30, lr=1.0, batch_size=32, scheme="lecun_normal", seed=0
):
    """Nielsen's speed of learning per hidden layer, ||dC/db_l|| on the whole training set,
    over SGD training of a sigmoid network on the spirals.

    Returns "epoch" (0..epochs), "grad_b" (epochs + 1, depth), "loss" and "accuracy".
    """
    _, _, history, _ = _train_spirals("sigmoid", scheme, depth, width, epochs, lr, batch_size, seed)
    return {k: history[k] for k in ("epoch", "grad_b", "loss", "accuracy")}


def weight_variance_factor(
    activations=("sigmoid", "tanh", "relu"),
    schemes=("standard", "xavier_normal", "he_normal"),
    depth=20,
    width=100,
    batch=128,
    seed=0,
):
    """The factor by which one layer multiplies delta's squared norm, measured and predicted.

    Measured: ||delta_l||^2 / ||delta_{l+1}||^2. Predicted: n Var(w) E[phi'(z_l)^2], from
    delta_l = (delta_{l+1} W_{l+1}) * phi'(z_l) with independent weights of variance Var(w), the
    expectation taken over layer l's actual pre-activations. Returns "layers" (1..depth-1),
    "activations", "schemes", "measured_per_layer" and "predicted_per_layer" of shape
    (n_activations, n_schemes, depth - 1), and "measured" and "predicted", their geometric means
    over layers, of shape (n_activations, n_schemes).
    """

    def run(activation, scheme):
        cache, grads = _random_pass(activation, scheme, depth, width, batch, seed)
        delta = layer_statistics(cache, grads)["delta"]
        slope_sq = np.array([np.mean(d**2) for d in cache["dphi"][:-1]])
        return {
            "measured_per_layer": (delta[:-1] / delta[1:]) ** 2,
            "predicted_per_layer": width * weight_variance(scheme, width, width) * slope_sq,
        }

    out = _grid(activations, schemes, run)
    geometric_mean = {
        k.removesuffix("_per_layer"): np.exp(np.log(v).mean(axis=2)) for k, v in out.items()
    }
    return {
        "layers": np.arange(1, depth),
        "activations": tuple(activations),
        "schemes": tuple(schemes),
        **out,
        **geometric_mean,
    }


def _shift_hidden_biases(params, shift):
    """The parameters with every hidden bias moved by `shift`; the readout is left alone."""
    return [{**p, "b": p["b"] + shift} for p in params[:-1]] + params[-1:]


def zero_gradient_units(
    activations=("relu", "leaky_relu", "elu"),
    shifts=(0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0),
    depth=6,
    width=64,
    seed=0,
):
    """The bias shift of dead_units_after_bias_shift for ReLU and the variants meant to cure it:
    how many units get no gradient at all, and how much gradient reaches each layer.

    Every activation gets the same He-normal weights (one seed), with each hidden bias shifted by
    s, and one full-batch backward pass on the spirals. A unit gets no gradient when its column of
    delta_l = dC/dz_l is exactly 0 on every example: then dC/dW_l and dC/db_l are 0 in its row.
    Returns "shifts", "activations", "zero_gradient" (mean over layers) of shape
    (n_activations, n_shifts), and "zero_gradient_per_layer" and "grad_W" (||dC/dW_l||_F), of
    shape (n_activations, n_shifts, depth).
    """

    def run(activation, shift):
        params, X, labels, _ = _spirals_network(activation, "he_normal", depth, width, seed)
        params = _shift_hidden_biases(params, shift)
        _, cache, grads = loss_and_gradients(params, X, labels, activation)
        return {
            "zero_gradient_per_layer": np.array(
                [np.mean((g["delta"] == 0).all(axis=0)) for g in grads[:-1]]
            ),
            "grad_W": layer_statistics(cache, grads)["grad_W"],
        }

    out = _grid(activations, shifts, run)
    return {
        "shifts": np.asarray(shifts),
        "activations": tuple(activations),
        "zero_gradient": out["zero_gradient_per_layer"].mean(axis=2),
        **out,
    }


def dead_unit_recovery(shift=-0.5, epochs=30, lr=0.1, batch_size=32, depth=6, width=64, seed=0):
    """ReLU units killed by a bias shift, then trained by SGD: which of them come back?

    The He-normal ReLU network on the spirals has every hidden bias shifted by `shift`, as in
    dead_units_after_bias_shift, and is then trained by minibatch SGD. A unit is dead when its
    activation is 0 on every training example. Returns, per hidden layer ("layers" 1..depth):
    "dead_before" and "dead_after" (counts of dead units), "revived" (units dead before and alive
    after), "frozen" (units whose incoming weights and bias end bit for bit as they started); and
    the training's "epoch", "loss" and "accuracy".
    """
    params, X, labels, rng = _spirals_network("relu", "he_normal", depth, width, seed)
    params = _shift_hidden_biases(params, shift)
    trained, history = train(
        params, X, labels, "relu", lr=lr, epochs=epochs, batch_size=batch_size, rng=rng
    )

    def dead(p):
        return [(a == 0).all(axis=0) for a in forward(p, X, "relu")["a"]]

    before, after = dead(params), dead(trained)
    frozen = [
        np.sum((p["W"] == q["W"]).all(axis=1) & (p["b"] == q["b"]))
        for p, q in zip(params[:-1], trained[:-1], strict=True)
    ]
    return {
        "layers": np.arange(1, depth + 1),
        "dead_before": np.array([m.sum() for m in before]),
        "dead_after": np.array([m.sum() for m in after]),
        "revived": np.array([(b & ~a).sum() for b, a in zip(before, after, strict=True)]),
        "frozen": np.array(frozen),
        **{k: history[k] for k in ("epoch", "loss", "accuracy")},
    }
