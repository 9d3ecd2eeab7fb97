"""Every experiment at the settings the chapters use, computed once per process.

Figures, values and the explorer take their results from here instead of calling
`vanishing.experiments` with repeated arguments, so one setting means one computation.
"""

import functools

from vanishing import experiments, propagation
from vanishing import residual as residual_blocks_module
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


@functools.cache
def residual_blocks() -> residual_blocks_module.ResidualBlocks:
    """The two residual blocks (ending in phi, ending in a linear layer) over eight seeds."""
    return residual_blocks_module.residual_blocks()


@functools.cache
def profile_seeds(activation: str, scheme: str, batchnorm: bool = False) -> tuple:
    """The profile networks (50 × 100, batch 128) once per seed of residual.SEEDS, one
    LayerStats each: the seed spread of gradient_profiles' and batchnorm_effect's ratios."""
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
        for seed in residual_blocks_module.SEEDS
    )


@functools.cache
def residual_cross_terms(variant: str, permute_slopes: bool = False) -> tuple:
    """The ReLU blocks' backward cross terms and growth over eight seeds (cross_term_summary)."""
    return residual_blocks_module.cross_term_summary("relu", variant, permute_slopes)


@functools.cache
def tanh_jacobian(weights: str):
    """The input-output Jacobian of a tanh network of the profiles' depth and width at LeCun's
    variance (sigma_w^2 = 1), zero biases, one input of unit mean square, over 8 seeds."""
    depth, width = profile_settings.DEPTH, profile_settings.WIDTH
    return propagation.jacobian_spectrum("tanh", 1.0, 0.0, width, depth, weights)
