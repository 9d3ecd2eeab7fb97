"""Per-layer statistics of freshly initialised networks on a random batch: how the gradient's
size changes from layer to layer, under each activation, initialisation and network variant.

Per-layer arrays run over hidden layers 1..L, input side first; the statistics are those of
`network.layer_statistics`.
"""

import dataclasses

import numpy as np

from vanishing.experiments.results import (
    MIN_SEEDS,
    Labelled,
    SeedSummary,
    coord,
    data,
    first_over_last,
)
from vanishing.initialisation import weight_variance
from vanishing.network import init_network, layer_statistics, loss_and_gradients

N_CLASSES = 10  # readout size for the random batches
# The profile figures' networks: 50 hidden layers of 100 units, a batch of 128, seed 0.
DEPTH, WIDTH, BATCH, SEED = 50, 100, 128, 0
ACTIVATIONS = ("sigmoid", "tanh", "relu")
SCHEMES = ("standard", "xavier_normal", "he_normal")
# The seeds over which a ratio is averaged when it is quoted as a property of a configuration.
SEEDS = tuple(range(MIN_SEEDS))
# The depth sweep's networks, which the explorer shares: 64 units.
DEPTHS, DEPTH_SWEEP_WIDTH = (2, 5, 10, 20, 30, 40, 50), 64
# The variance factor is measured over 20 layers.
FACTOR_DEPTH = 20
# Saturation against the weight scale: 5 layers of 128 units, LeCun normal scaled by s.
SCALES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
SATURATION_DEPTH, SATURATION_WIDTH = 5, 128
# Residual branch scales alpha of h_l = h_{l-1} + alpha phi(z_l).
ALPHAS = (1.0, 0.1)
# What the second axis of a Profiles can vary.
SETTINGS = ("scheme", "batchnorm", "residual")


@dataclasses.dataclass(frozen=True)
class LayerStats(Labelled):
    """network.layer_statistics as named arrays over hidden layers (trailing axis)."""

    delta: np.ndarray = data("layer")
    grad_W: np.ndarray = data("layer")
    grad_b: np.ndarray = data("layer")
    z_mean: np.ndarray = data("layer")
    z_std: np.ndarray = data("layer")
    a_mean: np.ndarray = data("layer")
    a_std: np.ndarray = data("layer")
    saturated: np.ndarray = data("layer")
    dead: np.ndarray = data("layer")

    @classmethod
    def stack(cls, rows) -> "LayerStats":
        """One LayerStats from a nested list of them, the list's nesting becoming leading axes."""

        def arrays(name, item):
            if isinstance(item, LayerStats):
                return getattr(item, name)
            return np.array([arrays(name, i) for i in item])

        return cls(**{f.name: arrays(f.name, rows) for f in dataclasses.fields(cls)})


@dataclasses.dataclass(frozen=True)
class Profiles(Labelled):
    """Layer statistics per activation × one setting, which `setting` names: "scheme" (the
    initialisation, gradient_profiles), "batchnorm" (False, True: batchnorm_effect) or "residual"
    (the branch scale alpha, None for the plain network: residual_effect). stats has shape
    (n_activations, n_settings, depth)."""

    setting: str
    activations: tuple = coord("activation")
    settings: tuple = coord("setting")
    layers: np.ndarray = data("layer")
    stats: LayerStats = data("activation", "setting", "layer")

    def labels(self, dim: str) -> tuple:
        if dim in SETTINGS and dim != self.setting:
            raise KeyError(f"these profiles vary {self.setting!r}, not {dim!r}")
        return super().labels("setting" if dim == self.setting else dim)

    def sel(self, **labels) -> "Profiles":
        if self.setting in labels:
            labels["setting"] = labels.pop(self.setting)
        return super().sel(**labels)

    def profile(self, **labels) -> LayerStats:
        """The per-layer statistics of one network, e.g. profile(activation="relu",
        scheme="he_normal")."""
        return self.sel(**labels).stats

    def first_over_last(self, statistic: str, **labels) -> float:
        """statistic at hidden layer 1 over the same at the last hidden layer, for one network."""
        return float(first_over_last(getattr(self.profile(**labels), statistic)))


@dataclasses.dataclass(frozen=True)
class SeededProfiles(Profiles):
    """Profiles with one network per seed: stats has shape (n_activations, n_settings, n_seeds,
    depth), and the cell of seed s equals the same cell of a one-seed Profiles run with seed s."""

    stats: LayerStats = data("activation", "setting", "seed", "layer")
    seeds: tuple = coord("seed")

    def first_over_last(self, statistic: str, **labels) -> SeedSummary:
        """statistic at hidden layer 1 over the same at the last, per seed, summarised in log10
        (mean and sample spread over the seeds) for one configuration."""
        return SeedSummary.of_log10(first_over_last(getattr(self.profile(**labels), statistic)))


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


def layer_profile(activation, scheme, depth, width, batch, seed, **options) -> LayerStats:
    """Per-layer statistics (network.layer_statistics) of one forward and backward pass of a
    random batch through a freshly initialised network; options: batchnorm, residual,
    weight_scale."""
    cache, grads = _random_pass(activation, scheme, depth, width, batch, seed, **options)
    return LayerStats(**layer_statistics(cache, grads))


def _profiles(setting, activations, settings, run, depth) -> Profiles:
    """run(activation, setting) for every pair, stacked into a Profiles."""
    rows = [[run(a, s) for s in settings] for a in activations]
    return Profiles(
        setting,
        tuple(activations),
        tuple(settings),
        np.arange(1, depth + 1),
        LayerStats.stack(rows),
    )


def gradient_profiles(
    activations=ACTIVATIONS,
    schemes=SCHEMES,
    depth=DEPTH,
    width=WIDTH,
    batch=BATCH,
    seed=SEED,
    seeds=None,
) -> Profiles:
    """Per-layer statistics at initialisation for every activation × initialisation scheme.

    Each network is seeded alike, so one cell equals the same cell of a larger grid. With
    `seeds` (e.g. SEEDS) every cell is run once per seed instead of once with `seed`, and the
    result is a SeededProfiles whose seed-s cells equal gradient_profiles(seed=s)'s.
    """
    if seeds is None:
        return _profiles(
            "scheme",
            activations,
            schemes,
            lambda a, s: layer_profile(a, s, depth, width, batch, seed),
            depth,
        )
    seeds = tuple(seeds)
    rows = [
        [[layer_profile(a, s, depth, width, batch, r) for r in seeds] for s in schemes]
        for a in activations
    ]
    return SeededProfiles(
        "scheme",
        tuple(activations),
        tuple(schemes),
        np.arange(1, depth + 1),
        LayerStats.stack(rows),
        seeds,
    )


def batchnorm_effect(
    activations=ACTIVATIONS, scheme="standard", depth=DEPTH, width=WIDTH, batch=BATCH, seed=SEED
) -> Profiles:
    """Per-layer statistics at initialisation without and with batch normalisation (setting
    "batchnorm": False, True)."""
    return _profiles(
        "batchnorm",
        activations,
        (False, True),
        lambda a, bn: layer_profile(a, scheme, depth, width, batch, seed, batchnorm=bn),
        depth,
    )


def residual_effect(
    activations=ACTIVATIONS,
    alphas=ALPHAS,
    scheme="standard",
    depth=DEPTH,
    width=WIDTH,
    batch=BATCH,
    seed=SEED,
) -> Profiles:
    """Per-layer statistics at initialisation for the plain network and residual ones,
    h_l = h_{l-1} + alpha phi(z_l), for each branch scale alpha (setting "residual": None for
    the plain network, then the alphas)."""
    return _profiles(
        "residual",
        activations,
        (None, *alphas),
        lambda a, r: layer_profile(a, scheme, depth, width, batch, seed, residual=r),
        depth,
    )


@dataclasses.dataclass(frozen=True)
class DepthRatio(Labelled):
    """delta_1 / delta_L ("ratio") and ||dC/dW_1|| / ||dC/dW_L|| ("grad_W_ratio") per activation
    and depth L, and the fitted factor per layer r of ratio = r^(L-1) per activation."""

    activations: tuple = coord("activation")
    depths: np.ndarray = coord("depth")
    ratio: np.ndarray = data("activation", "depth")
    grad_W_ratio: np.ndarray = data("activation", "depth")
    factor: np.ndarray = data("activation")


def depth_ratio(
    activations=ACTIVATIONS,
    depths=DEPTHS,
    scheme="standard",
    width=DEPTH_SWEEP_WIDTH,
    batch=BATCH,
    seed=SEED,
) -> DepthRatio:
    """First over last hidden layer, delta_1 / delta_L, against the depth L, per activation.

    Geometric decay, ratio = r^(L-1), is a straight line on a log axis; r is fitted by least squares
    of log(ratio) on L - 1.
    """
    rows = [[layer_profile(a, scheme, d, width, batch, seed) for d in depths] for a in activations]
    ratio = np.array([[first_over_last(s.delta) for s in row] for row in rows])
    steps = np.asarray(depths) - 1.0
    return DepthRatio(
        activations=tuple(activations),
        depths=np.asarray(depths),
        ratio=ratio,
        grad_W_ratio=np.array([[first_over_last(s.grad_W) for s in row] for row in rows]),
        factor=np.exp(np.log(ratio) @ steps / (steps @ steps)),
    )


@dataclasses.dataclass(frozen=True)
class VarianceFactor(Labelled):
    """The factor by which one layer multiplies delta's squared norm, measured and predicted, per
    activation, scheme and layer (1..depth-1), and their geometric means over layers."""

    activations: tuple = coord("activation")
    schemes: tuple = coord("scheme")
    layers: np.ndarray = data("layer")
    measured_per_layer: np.ndarray = data("activation", "scheme", "layer")
    predicted_per_layer: np.ndarray = data("activation", "scheme", "layer")
    measured: np.ndarray = data("activation", "scheme")
    predicted: np.ndarray = data("activation", "scheme")


def _layer_factors(activation, scheme, depth, width, batch, seed) -> np.ndarray:
    """Per layer 1..depth-1, the measured factor ||delta_l||^2 / ||delta_{l+1}||^2 and the
    predicted n Var(w) E[phi'(z_l)^2], as an array of shape (2, depth - 1)."""
    cache, grads = _random_pass(activation, scheme, depth, width, batch, seed)
    delta = layer_statistics(cache, grads)["delta"]
    slope_sq = np.array([np.mean(d**2) for d in cache["dphi"][:-1]])
    return np.array(
        [(delta[:-1] / delta[1:]) ** 2, width * weight_variance(scheme, width, width) * slope_sq]
    )


def factor_over_seeds(
    activation, scheme, seeds=SEEDS, depth=FACTOR_DEPTH, width=WIDTH, batch=BATCH
) -> tuple[SeedSummary, SeedSummary]:
    """weight_variance_factor's predicted and measured factors (geometric means over layers) of
    one configuration, once per seed: (predicted, measured), each a mean and sample spread over
    the seeds."""
    per_seed = np.array([_layer_factors(activation, scheme, depth, width, batch, r) for r in seeds])
    measured, predicted = np.exp(np.log(per_seed).mean(axis=2)).T
    return SeedSummary.of(predicted), SeedSummary.of(measured)


def weight_variance_factor(
    activations=ACTIVATIONS,
    schemes=SCHEMES,
    depth=FACTOR_DEPTH,
    width=WIDTH,
    batch=BATCH,
    seed=SEED,
) -> VarianceFactor:
    """The factor by which one layer multiplies delta's squared norm, measured and predicted.

    Measured: ||delta_l||^2 / ||delta_{l+1}||^2. Predicted: n Var(w) E[phi'(z_l)^2], from
    delta_l = (delta_{l+1} W_{l+1}) * phi'(z_l) with independent weights of variance Var(w), the
    expectation taken over layer l's actual pre-activations.
    """

    measured, predicted = np.moveaxis(
        np.array(
            [
                [_layer_factors(a, s, depth, width, batch, seed) for s in schemes]
                for a in activations
            ]
        ),
        2,
        0,
    )
    return VarianceFactor(
        activations=tuple(activations),
        schemes=tuple(schemes),
        layers=np.arange(1, depth),
        measured_per_layer=measured,
        predicted_per_layer=predicted,
        measured=np.exp(np.log(measured).mean(axis=2)),
        predicted=np.exp(np.log(predicted).mean(axis=2)),
    )


@dataclasses.dataclass(frozen=True)
class Saturation(Labelled):
    """Fraction of saturated units per activation and weight scale, per layer and its mean."""

    activations: tuple = coord("activation")
    scales: np.ndarray = coord("scale")
    saturated: np.ndarray = data("activation", "scale")
    saturated_per_layer: np.ndarray = data("activation", "scale", "layer")


def saturation_under_large_weights(
    activations=("tanh", "sigmoid"),
    scales=SCALES,
    depth=SATURATION_DEPTH,
    width=SATURATION_WIDTH,
    batch=BATCH,
    seed=SEED,
) -> Saturation:
    """Fraction of saturated units (|phi'(z)| < 1% of the maximum slope) against the weight scale.

    Weights are N(0, scale^2 / fan_in): scale 1 is LeCun's initialisation.
    """
    per_layer = np.array(
        [
            [
                layer_profile(
                    a, "lecun_normal", depth, width, batch, seed, weight_scale=s
                ).saturated
                for s in scales
            ]
            for a in activations
        ]
    )
    return Saturation(
        activations=tuple(activations),
        scales=np.asarray(scales),
        saturated=per_layer.mean(axis=2),
        saturated_per_layer=per_layer,
    )


@dataclasses.dataclass(frozen=True)
class Distributions(Labelled):
    """Per scheme and layer, the mean, spread and percentiles of the activations a_l ("a_...")
    and of the examples' back-propagated gradients dC_i/dz_l ("delta_...")."""

    schemes: tuple = coord("scheme")
    layers: np.ndarray = data("layer")
    percentiles: np.ndarray = data("percentile")
    a_mean: np.ndarray = data("scheme", "layer")
    a_std: np.ndarray = data("scheme", "layer")
    a_percentiles: np.ndarray = data("scheme", "layer", "percentile")
    delta_mean: np.ndarray = data("scheme", "layer")
    delta_std: np.ndarray = data("scheme", "layer")
    delta_percentiles: np.ndarray = data("scheme", "layer", "percentile")


def activation_statistics(
    activation="tanh",
    schemes=("standard", "xavier_uniform"),
    depth=5,
    width=256,
    batch=256,
    seed=SEED,
    percentiles=(2, 16, 50, 84, 98),
) -> Distributions:
    """Distributions, per layer, of the activations a_l and of the back-propagated gradients
    dC_i/dz_l of each example (Glorot & Bengio 2010, figures 6 and 7), per scheme."""

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
    return Distributions(
        schemes=tuple(schemes),
        layers=np.arange(1, depth + 1),
        percentiles=np.asarray(percentiles),
        **{k: np.array([r[k] for r in results]) for k in results[0]},
    )
