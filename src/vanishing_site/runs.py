"""Every experiment at the settings the chapters use, computed once per process.

Figures, values and the explorer take their results from here instead of calling
`vanishing.experiments` with repeated arguments, so one setting means one computation.
"""

import functools

from vanishing import experiments
from vanishing.experiments import profiles as profile_settings

# The explorer's network variants, as forward options.
VARIANTS = {
    "plain": {},
    "batchnorm": {"batchnorm": True},
    "residual": {"residual": 1.0},
    "batchnorm+residual": {"batchnorm": True, "residual": 1.0},
}


@functools.cache
def profiles() -> experiments.profiles.Profiles:
    """gradient_profiles: 50 layers × 3 activations × 3 schemes. Each cell is seeded alike, so it
    also serves the figures that show one cell or one scheme."""
    return experiments.gradient_profiles()


@functools.cache
def profiles_over_seeds() -> experiments.profiles.SeededProfiles:
    """gradient_profiles once per seed (SEEDS), with PyTorch's real default (weights and biases)
    beside the zero-bias schemes; its seed-0 cells equal profiles()'s."""
    return experiments.gradient_profiles(
        schemes=("standard", "pytorch_default", "xavier_normal", "he_normal"),
        seeds=profile_settings.SEEDS,
    )


@functools.cache
def factor_over_seeds(activation, scheme) -> tuple:
    """variance_factor's (predicted, measured) factor of one configuration, over SEEDS."""
    return profile_settings.factor_over_seeds(activation, scheme)


@functools.cache
def depth_sweep() -> experiments.profiles.DepthRatio:
    return experiments.depth_ratio()


@functools.cache
def variance_factor() -> experiments.profiles.VarianceFactor:
    return experiments.weight_variance_factor()


@functools.cache
def batchnorm() -> experiments.profiles.Profiles:
    return experiments.batchnorm_effect()


@functools.cache
def residual() -> experiments.profiles.Profiles:
    return experiments.residual_effect()


@functools.cache
def saturation() -> experiments.profiles.Saturation:
    return experiments.saturation_under_large_weights()


@functools.cache
def dead_after_update() -> experiments.dead_units.DeadAfterUpdate:
    return experiments.dead_units_after_update()


@functools.cache
def dead_after_shift() -> experiments.dead_units.DeadAfterShift:
    return experiments.dead_units_after_bias_shift()


@functools.cache
def zero_gradient() -> experiments.dead_units.ZeroGradient:
    return experiments.zero_gradient_units()


@functools.cache
def recovery() -> experiments.dead_units.Recovery:
    return experiments.dead_unit_recovery()


@functools.cache
def thresholds() -> experiments.floating_point.ZeroThresholds:
    return experiments.float_zero_thresholds()


@functools.cache
def snippet() -> experiments.floating_point.FixedPoint:
    return experiments.snippet_fixed_point()


@functools.cache
def neuron() -> experiments.floating_point.NeuronExample:
    return experiments.source_neuron_example()


@functools.cache
def training() -> experiments.training_runs.Comparison:
    return experiments.relu_vs_sigmoid_training()


@functools.cache
def learning_speed() -> experiments.training_runs.History:
    return experiments.learning_speed()


@functools.cache
def learning_speed_over_seeds() -> tuple[experiments.training_runs.History, ...]:
    """learning_speed once per seed of the profiles (network, data and batch order); the seed-0
    run is learning_speed()'s."""
    return tuple(experiments.learning_speed(seed=seed) for seed in profile_settings.SEEDS)


@functools.cache
def explorer_setting(activation, scheme, depth, variant) -> experiments.profiles.LayerStats:
    """One setting of the explorer on the depth sweep's network (64 units, batch 128, seed 0),
    so that the explorer retraces depth_sweep point for point."""
    return experiments.layer_profile(
        activation,
        scheme,
        depth,
        profile_settings.DEPTH_SWEEP_WIDTH,
        profile_settings.BATCH,
        profile_settings.SEED,
        **VARIANTS[variant],
    )
