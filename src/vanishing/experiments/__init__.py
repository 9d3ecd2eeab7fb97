"""The experiments behind the site's figures and numbers, one module per topic.

Each experiment is seeded and deterministic and returns a named result (a frozen dataclass, see
`results`) whose arrays carry labelled axes; the settings the site quotes are the modules' named
constants.
"""

from vanishing.experiments.dead_units import (
    dead_unit_recovery,
    dead_units_after_bias_shift,
    dead_units_after_update,
    zero_gradient_units,
)
from vanishing.experiments.floating_point import (
    float_zero_thresholds,
    snippet_fixed_point,
    source_neuron_example,
)
from vanishing.experiments.profiles import (
    activation_statistics,
    batchnorm_effect,
    depth_ratio,
    gradient_profiles,
    layer_profile,
    residual_effect,
    saturation_under_large_weights,
    weight_variance_factor,
)
from vanishing.experiments.results import first_over_last
from vanishing.experiments.training_runs import learning_speed, relu_vs_sigmoid_training

__all__ = [
    "activation_statistics",
    "batchnorm_effect",
    "dead_unit_recovery",
    "dead_units_after_bias_shift",
    "dead_units_after_update",
    "depth_ratio",
    "first_over_last",
    "float_zero_thresholds",
    "gradient_profiles",
    "layer_profile",
    "learning_speed",
    "relu_vs_sigmoid_training",
    "residual_effect",
    "saturation_under_large_weights",
    "snippet_fixed_point",
    "source_neuron_example",
    "weight_variance_factor",
    "zero_gradient_units",
]
