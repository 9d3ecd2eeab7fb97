"""Every experiment at the settings the chapters use, computed once per process.

Figures, values and the explorer take their results from here instead of calling
`vanishing.experiments` with repeated arguments, so one setting means one computation: once
per process (functools.cache) and once per build (buildcache.memo keeps each result on disk,
keyed by the code it depends on, for the other worker processes and the next build).
"""

import functools
import importlib.util
from pathlib import Path

import numpy as np

from vanishing import (
    collapse,
    datasets,
    experiments,
    exploding,
    meanfield,
    propagation,
    recurrent_experiments,
)
from vanishing import residual as residual_blocks_module
from vanishing.experiments import normalisation, real_data
from vanishing.experiments import profiles as profile_settings
from vanishing.experiments import signal_propagation as signal
from vanishing_site import buildcache


def shared(function):
    """An experiment computed once per process and kept on disk for the rest of the build."""
    return functools.cache(buildcache.memo(function))


# The explorer's network variants, as forward options.
VARIANTS = {
    "plain": {},
    "batchnorm": {"batchnorm": True},
    "residual": {"residual": 1.0},
    "batchnorm+residual": {"batchnorm": True, "residual": 1.0},
}


@shared
def profiles_over_seeds() -> experiments.profiles.SeededProfiles:
    """gradient_profiles once per seed (SEEDS), with PyTorch's real default (weights and biases)
    beside the zero-bias schemes; its seed-s cells equal gradient_profiles(seed=s)'s."""
    return experiments.gradient_profiles(
        schemes=("standard", "pytorch_default", "xavier_normal", "he_normal"),
        seeds=profile_settings.SEEDS,
    )


@shared
def factor_over_seeds(activation, scheme) -> tuple:
    """variance_factor's (predicted, measured) factor of one configuration, over SEEDS."""
    return profile_settings.factor_over_seeds(activation, scheme)


@shared
def depth_sweep_over_seeds() -> tuple[experiments.profiles.DepthRatio, ...]:
    """depth_ratio once per seed of SEEDS (network and batch); the explorer retraces the sweep
    of seed SEED."""
    return tuple(experiments.depth_ratio(seed=seed) for seed in profile_settings.SEEDS)


@shared
def variance_factor() -> experiments.profiles.VarianceFactor:
    return experiments.weight_variance_factor()


@shared
def saturation() -> experiments.profiles.Saturation:
    return experiments.saturation_under_large_weights()


@shared
def dead_after_update() -> experiments.dead_units.DeadAfterUpdate:
    return experiments.dead_units_after_update()


@shared
def dead_after_shift() -> experiments.dead_units.DeadAfterShift:
    return experiments.dead_units_after_bias_shift()


@shared
def zero_gradient() -> experiments.dead_units.ZeroGradient:
    return experiments.zero_gradient_units()


@shared
def recovery() -> experiments.dead_units.Recovery:
    return experiments.dead_unit_recovery()


@shared
def thresholds() -> experiments.floating_point.ZeroThresholds:
    return experiments.float_zero_thresholds()


@shared
def snippet() -> experiments.floating_point.FixedPoint:
    return experiments.snippet_fixed_point()


@shared
def neuron() -> experiments.floating_point.NeuronExample:
    return experiments.source_neuron_example()


@shared
def training() -> experiments.training_runs.Comparison:
    return experiments.relu_vs_sigmoid_training()


@shared
def learning_speed() -> experiments.training_runs.History:
    return experiments.learning_speed()


@shared
def learning_speed_over_seeds() -> tuple[experiments.training_runs.History, ...]:
    """learning_speed once per seed of the profiles (network, data and batch order); the seed-0
    run is learning_speed()'s."""
    return tuple(experiments.learning_speed(seed=seed) for seed in profile_settings.SEEDS)


@shared
def explorer_setting(activation, scheme, depth, variant) -> experiments.profiles.LayerStats:
    """One setting of the explorer on the depth sweep's network (64 units, batch 128, seed 0),
    so that the explorer retraces depth_sweep_over_seeds' seed-0 sweep point for point."""
    return experiments.layer_profile(
        activation,
        scheme,
        depth,
        profile_settings.DEPTH_SWEEP_WIDTH,
        profile_settings.BATCH,
        profile_settings.SEED,
        **VARIANTS[variant],
    )


# The exploding-gradients chapter: eight seeds wherever a ratio is quoted.
EXPLODING_SEEDS = tuple(range(8))
EXPLODING_DEPTH = 10  # hidden layers of both networks above the critical variance
EXPLODING_GAIN = 1.5  # the ReLU network's weights: He's standard deviation times this
TANH_CHAOTIC = {"sigma_w2": 4.0, "sigma_b2": 0.0, "width": 256, "batch": 32}
# (width n, sigma_w^2) of the random products: sigma^2 = 1 at n = 2, the critical value at n = 2,
# and sigma^2 = 1 at a width where it is nearly critical.
RANDOM_PRODUCTS = ((2, 1.0), (2, exploding.critical_sigma2(2)), (64, 1.0))
RANDOM_PRODUCT_DEPTH = 200
FLOAT_LIMIT = {"n": 64, "sigma2": 4.0, "depth": 1200}
NIELSEN_DEPTH = 4


@shared
def clipping() -> exploding.ClippingComparison:
    """The ReLU network at gain 1.5 trained 1000 steps with and without clipping, evaluated every
    25 steps."""
    return exploding.clipping_comparison(
        gain=EXPLODING_GAIN, depth=EXPLODING_DEPTH, seeds=EXPLODING_SEEDS, eval_every=25
    )


@shared
def clipping_first_steps() -> exploding.ClippingComparison:
    """The same runs' first 12 steps, evaluated after every step: how the unclipped one diverges."""
    return exploding.clipping_comparison(
        gain=EXPLODING_GAIN,
        depth=EXPLODING_DEPTH,
        seeds=EXPLODING_SEEDS,
        n_steps=12,
        eval_every=1,
    )


@shared
def tanh_chaotic() -> propagation.GradientFactor:
    """Back-propagation through 10 tanh layers at sigma_w^2 = 4 (above the critical 1), the inputs
    scaled so that z_1 starts at the length's fixed point q*."""
    s = TANH_CHAOTIC
    q_star = float(meanfield.length_fixed_point("tanh", s["sigma_w2"], s["sigma_b2"]))
    # z_1 = W_1 x has length sigma_w^2 (x.x / n): x at q* / sigma_w^2 puts z_1 at q*.
    X = propagation.inputs_with(
        s["width"], q_star / s["sigma_w2"], 0.0, s["batch"], np.random.default_rng(100)
    )
    return propagation.gradient_factor(
        "tanh", s["sigma_w2"], s["sigma_b2"], X, EXPLODING_DEPTH, EXPLODING_SEEDS
    )


@shared
def tanh_chaotic_profile() -> np.ndarray:
    """||delta_l|| / ||delta_L|| per seed (rows) and layer l = 1..L (columns) of tanh_chaotic: the
    square root of the product of the per-layer factors of the squared norm from l up to L."""
    factor = tanh_chaotic().factor
    above = np.cumprod(factor[:, ::-1], axis=1)[:, ::-1]  # prod_{k >= l} factor_k
    return np.sqrt(np.concatenate([above, np.ones((len(factor), 1))], axis=1))


RELU_WIDTHS = (32, 256)  # the ReLU network's width and tanh's: does width set the scatter?


@shared
def relu_random_vectors() -> dict[int, propagation.GradientFactor]:
    """The ReLU network at EXPLODING_GAIN (zero biases) measured like tanh_chaotic:
    random vectors back-propagated through EXPLODING_DEPTH layers on a batch of random inputs,
    at each width of RELU_WIDTHS. ReLU is scale-invariant, so the inputs' length does not
    matter."""
    s, sigma_w2 = TANH_CHAOTIC, 2 * EXPLODING_GAIN**2
    return {
        width: propagation.gradient_factor(
            "relu",
            sigma_w2,
            0.0,
            propagation.inputs_with(width, 1.0, 0.0, s["batch"], np.random.default_rng(100)),
            EXPLODING_DEPTH,
            EXPLODING_SEEDS,
        )
        for width in RELU_WIDTHS
    }


@shared
def tanh_chaotic_chi1() -> float:
    """The mean-field chi_1 of tanh_chaotic's network: its predicted per-layer factor."""
    s = TANH_CHAOTIC
    return float(meanfield.chi1("tanh", s["sigma_w2"], s["sigma_b2"]))


@shared
def random_products() -> tuple[exploding.RandomProduct, ...]:
    return tuple(exploding.random_product(n, s, RANDOM_PRODUCT_DEPTH) for n, s in RANDOM_PRODUCTS)


@shared
def float_limits() -> dict[str, tuple[exploding.FloatLimit, ...]]:
    """Where the product of Gaussian layers at n = 64, sigma^2 = 4 overflows, by NumPy dtype,
    once per seed of EXPLODING_SEEDS."""
    return {
        dtype: tuple(
            exploding.float_limit(dtype=dtype, seed=seed, **FLOAT_LIMIT) for seed in EXPLODING_SEEDS
        )
        for dtype in ("float32", "float64")
    }


@shared
def nielsen_chain() -> exploding.ScalarChain:
    return exploding.exploding_chain(NIELSEN_DEPTH)


@shared
def residual_blocks() -> residual_blocks_module.ResidualBlocks:
    """The two residual blocks (ending in phi, ending in a linear layer) over eight seeds."""
    return residual_blocks_module.residual_blocks()


@shared
def profile_seeds(activation: str, scheme: str, batchnorm: bool = False) -> tuple:
    """The profile networks (50 × 100, batch 128) once per seed of SEEDS, one LayerStats each:
    the seed spread of gradient_profiles' and batchnorm_effect's ratios. Without batch
    normalisation they are profiles_over_seeds()'s cells, computed once for both."""
    if not batchnorm and scheme in profiles_over_seeds().labels("scheme"):
        cells = profiles_over_seeds().sel(activation=activation, scheme=scheme)
        return tuple(cells.profile(seed=seed) for seed in cells.labels("seed"))
    return tuple(
        experiments.layer_profile(
            activation,
            scheme,
            profile_settings.DEPTH,
            profile_settings.WIDTH,
            profile_settings.BATCH,
            seed,
            batchnorm=batchnorm,
        )
        for seed in profile_settings.SEEDS
    )


@shared
def signal_phase_diagram() -> meanfield.PhaseDiagram:
    """tanh's (sigma_w^2, sigma_b^2) phase diagram on the signal-propagation chapter's grid."""
    return meanfield.phase_diagram(
        signal.ACTIVATION, signal.PHASE_SIGMA_W2, signal.PHASE_SIGMA_B2, signal.BOUNDARY_POINTS
    )


@shared
def signal_maps() -> signal.SignalMaps:
    return signal.signal_maps()


@shared
def gradient_factors() -> signal.GradientFactors:
    return signal.gradient_factors()


@shared
def jacobian_spectra() -> signal.JacobianSpectra:
    return signal.jacobian_spectra()


# The ReLU vs sigmoid chapter: why the deep sigmoid network cannot learn, over 8 seeds.
COLLAPSE_SEEDS = range(8)
# Long enough for every tanh seed to reach 100% at rate 0.1; the rates span thirtyfold. A slow
# test trains the sigmoid network for LONG_EPOCHS, beyond the build's budget.
COLLAPSE_EPOCHS, COLLAPSE_RATES, TANH_RATE, LONG_EPOCHS = 40, (0.1, 1.0, 3.0), 0.1, 300


@shared
def initial_speeds() -> experiments.training_runs.InitialSpeeds:
    return experiments.training_runs.initial_speeds(COLLAPSE_SEEDS)


@shared
def forward_collapse() -> collapse.ForwardCollapse:
    return collapse.forward_collapse(seeds=COLLAPSE_SEEDS)


@shared
def sigmoid_outcome() -> collapse.TrainingOutcome:
    """The sigmoid network at three learning rates: none of them gets it off chance."""
    return collapse.training_outcome(
        ("sigmoid",), COLLAPSE_RATES, epochs=COLLAPSE_EPOCHS, seeds=COLLAPSE_SEEDS
    )


@shared
def tanh_outcome() -> collapse.TrainingOutcome:
    """The same network with tanh units: it learns."""
    return collapse.training_outcome(
        ("tanh",), (TANH_RATE,), epochs=COLLAPSE_EPOCHS, seeds=COLLAPSE_SEEDS
    )


# Adam on the same sigmoid network, at its default rate and ten times it, for the same epochs;
# a slow test trains it for ADAM_LONG_EPOCHS, beyond the build's budget.
ADAM_RATES, ADAM_LONG_EPOCHS = (1e-3, 1e-2), 150


@shared
def sigmoid_adam_outcome() -> collapse.TrainingOutcome:
    """The collapsed sigmoid network trained by Adam instead of SGD, over 8 seeds."""
    return collapse.training_outcome(
        ("sigmoid",), ADAM_RATES, epochs=COLLAPSE_EPOCHS, seeds=COLLAPSE_SEEDS, optimiser="adam"
    )


@shared
def sigmoid_edge_of_chaos() -> float:
    """The sigma_w^2 at which the sigmoid's chi_1 = 1 with zero biases."""
    return float(meanfield.edge_of_chaos("sigmoid", 0.0))


def digits_path() -> Path:
    """scikit-learn's copy of the 8 × 8 digits, found without importing scikit-learn (only the
    file is read; the docs extra installs the package)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None:
        raise ModuleNotFoundError("the real-data chapter reads its digits from scikit-learn")
    return Path(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz")


@shared
def digits() -> real_data.DigitsRuns:
    """The real-data chapter's comparison: every configuration, every seed, on the fixed split."""
    return real_data.digits_comparison(real_data.split(*datasets.digits(digits_path())))


@shared
def digits_size() -> int:
    """How many images the digits file holds."""
    return len(datasets.digits(digits_path())[1])


@shared
def batch_size_gap() -> normalisation.BatchSizeGap:
    return normalisation.batch_size_gap()


@shared
def step_sizes() -> normalisation.StepSizes:
    return normalisation.step_sizes()


@shared
def gap_against_depth() -> np.ndarray:
    return normalisation.gap_against_depth()


@shared
def identity_blocks() -> normalisation.IdentityBlocks:
    return normalisation.identity_blocks()


@shared
def constant_symmetry() -> normalisation.Symmetry:
    return normalisation.constant_symmetry()


@shared
def readout_symmetry():
    return normalisation.random_readout_symmetry()


@shared
def residual_cross_terms(variant: str, permute_slopes: bool = False) -> tuple:
    """The ReLU blocks' backward cross terms and growth over eight seeds (cross_term_summary)."""
    return residual_blocks_module.cross_term_summary("relu", variant, permute_slopes)


@shared
def tanh_jacobian(weights: str):
    """The input-output Jacobian of a tanh network of the profiles' depth and width at LeCun's
    variance (sigma_w^2 = 1), zero biases, one input of unit mean square, over 8 seeds."""
    depth, width = profile_settings.DEPTH, profile_settings.WIDTH
    return propagation.jacobian_spectrum("tanh", 1.0, 0.0, width, depth, weights)


# The recurrent-networks chapter: gradient through time at initialisation, T = 100, width 32,
# over 8 seeds; the adding problem at T = 30 for 300 Adam steps over 8 seeds, short enough that
# both models and all seeds fit the chapter's CPU budget and long enough that the RNN fails.
RECURRENT_SEEDS = tuple(range(8))


RECURRENT_WIDTH = 32


@shared
def gradient_through_time() -> tuple:
    """vanishing.recurrent_experiments.gradient_through_time for each of RECURRENT_SEEDS."""
    return tuple(
        recurrent_experiments.gradient_through_time(hidden=RECURRENT_WIDTH, seed=s)
        for s in RECURRENT_SEEDS
    )


@shared
def adding() -> recurrent_experiments.AddingComparison:
    """The RNN and the LSTM trained on the adding problem, T = 30, 300 steps, 8 seeds."""
    return recurrent_experiments.adding_comparison(
        T=30, iterations=300, seeds=RECURRENT_SEEDS, eval_every=25
    )
