"""Numbers quoted in the chapter on normalisation, symmetry and optimisers."""

import numpy as np

from vanishing.experiments import normalisation as settings
from vanishing.experiments.normalisation import above, span
from vanishing.experiments.results import SeedSummary
from vanishing_site import runs
from vanishing_site.figures.adam_steps import EPS
from vanishing_site.values import mean_spread, percent, sci, value

CLEAR = 100  # "far above epsilon": RMS gradient above 100 eps


@value
def gap_depth() -> str:
    return str(settings.GAP_DEPTH)


@value
def gap_width() -> str:
    return str(settings.GAP_WIDTH)


@value
def smallest_batch() -> str:
    return str(settings.BATCH_SIZES[0])


@value
def largest_batch() -> str:
    return str(settings.BATCH_SIZES[-1])


@value
def gap_smallest() -> str:
    return mean_spread(SeedSummary.of(runs.batch_size_gap().batchnorm[:, 0]))


@value
def gap_largest() -> str:
    return mean_spread(SeedSummary.of(runs.batch_size_gap().batchnorm[:, -1]))


@value
def layernorm_gap() -> str:
    """LayerNorm: the largest difference between batched and one-at-a-time outputs."""
    return sci(float(runs.batch_size_gap().layernorm.max()), 1)


@value
def depth_short() -> str:
    return str(settings.STEP_DEPTHS[0])


@value
def depth_long() -> str:
    return str(settings.STEP_DEPTHS[1])


@value
def step_width() -> str:
    return str(settings.STEP_WIDTH)


@value
def step_batch() -> str:
    return str(settings.STEP_BATCH)


@value
def step_lr() -> str:
    return sci(settings.STEP_LR, 1)


@value
def eps() -> str:
    return sci(EPS, 1)


@value
def clear_level() -> str:
    return sci(CLEAR * EPS, 1)


def _spans(steps):
    result = runs.step_sizes()
    depth = settings.STEP_DEPTHS[0]
    mask = above(result.grad[0, :, :depth], CLEAR * EPS)
    return span(steps[0, :, :depth], mask)


@value
def adam_span() -> str:
    """Largest over smallest Adam step among the short net's layers with gradient > 100 eps."""
    return mean_spread(SeedSummary.of(_spans(runs.step_sizes().adam)), 3)


@value
def sgd_span() -> str:
    return mean_spread(SeedSummary.of_log10(_spans(runs.step_sizes().sgd)))


@value
def adam_intended_long() -> str:
    """Adam's first step at the long net's first layer as arithmetic gives it,
    lr g / (|g| + eps) ~ lr g / eps, for the geometric-mean RMS gradient."""
    grad = 10 ** np.log10(runs.step_sizes().grad[1, :, 0]).mean()
    return sci(float(settings.STEP_LR * grad / EPS), 1)


@value
def adam_frozen_long() -> str:
    """On how many seeds the long net's first layer does not change at all in float64."""
    moved = runs.step_sizes().adam[1, :, 0]
    return f"{int((moved == 0).sum())} of {len(moved)}"


@value
def grad_first_layer_long() -> str:
    return sci(float(10 ** np.log10(runs.step_sizes().grad[1, :, 0]).mean()), 1)


@value
def sym_depth() -> str:
    return str(settings.SYM_DEPTH)


@value
def sym_width() -> str:
    return str(settings.SYM_WIDTH)


@value
def sym_epochs() -> str:
    return str(settings.SYM_EPOCHS)


@value
def sym_constant() -> str:
    return f"{settings.CONSTANT:g}"


@value
def unit_spread() -> str:
    """The largest difference between two units after training from constants, any optimiser."""
    return f"{runs.constant_symmetry().spread.max():g}"


def _accuracy(values) -> str:
    s = SeedSummary.of(np.asarray(values) * 100)
    return f"{s.mean:.0f}% ± {s.spread:.0f}% over {s.n} seeds"


@value
def constant_accuracy_sgd() -> str:
    return _accuracy(runs.constant_symmetry().accuracy[0])


@value
def constant_accuracy_adam() -> str:
    return _accuracy(runs.constant_symmetry().accuracy[1])


@value
def random_accuracy() -> str:
    return _accuracy(runs.constant_symmetry().random_accuracy)


@value
def exercise_small() -> str:
    """Adam's first step for a gradient entry of 1e-10: lr g / (|g| + eps), in units of lr."""
    return percent(1e-10 / (1e-10 + EPS), 1)


@value
def exercise_large() -> str:
    return percent(1e-3 / (1e-3 + EPS), 4)


@value
def exercise_g_small() -> str:
    return sci(1e-10, 1)


@value
def exercise_g_large() -> str:
    return sci(1e-3, 1)


@value
def readout_last_spread() -> str:
    return sci(float(runs.readout_symmetry()[-1]), 1)


@value
def readout_below_spread() -> str:
    return f"{runs.readout_symmetry()[-2]:g}"


@value
def layers_above_clear() -> str:
    """How many of the short net's layers have an RMS gradient above CLEAR * EPS, over seeds."""
    depth = settings.STEP_DEPTHS[0]
    counts = above(runs.step_sizes().grad[0, :, :depth], CLEAR * EPS).sum(axis=1)
    return f"{counts.min()} to {counts.max()} of {depth}"


@value
def adam_output_span() -> str:
    """Over the same layers, the largest change of the logits that Adam's step of one layer
    makes, divided by the smallest."""
    return mean_spread(SeedSummary.of_log10(_spans(runs.step_sizes().adam_output)))


@value
def blocks_depth() -> str:
    return str(settings.BLOCKS_DEPTH)


@value
def blocks_growth_one() -> str:
    """RMS of h_L over h_1 with every gamma at 1."""
    return mean_spread(SeedSummary.of(runs.identity_blocks().growth[0]), 1)


@value
def blocks_gradient_one() -> str:
    """||dC/dz|| at the first block over the last's, every gamma at 1."""
    return mean_spread(SeedSummary.of(runs.identity_blocks().gradient_ratio[0]), 1)


@value
def blocks_zero() -> str:
    """Both measurements with the blocks' gamma at 0, every seed: exactly one number."""
    result = runs.identity_blocks()
    (value,) = set(result.growth[1]) | set(result.gradient_ratio[1])
    return f"{value:g}"


def _adam_accuracy(rate_index) -> str:
    return _accuracy(runs.sigmoid_adam_outcome().accuracy[0, rate_index, :, -1])


@value
def adam_rate_low() -> str:
    return sci(runs.ADAM_RATES[0], 1)


@value
def adam_rate_high() -> str:
    return sci(runs.ADAM_RATES[1], 1)


@value
def adam_collapse_epochs() -> str:
    return str(runs.COLLAPSE_EPOCHS)


@value
def adam_long_epochs() -> str:
    return str(runs.ADAM_LONG_EPOCHS)


@value
def adam_collapse_low() -> str:
    """The collapsed sigmoid network's final training accuracy under Adam at the lower rate."""
    return _adam_accuracy(0)


@value
def adam_collapse_high() -> str:
    return _adam_accuracy(1)


@value
def adam_centred_low() -> str:
    """The centred cosine (correlation) of the last hidden layer's inputs after Adam at the
    lower rate, over seeds. (The uncentred cosine of sigmoid activations, all near one half, is
    close to 1 even for inputs that are told apart, so it cannot show the collapse.)"""
    return mean_spread(SeedSummary.of(runs.sigmoid_adam_outcome().final_cosine_centred[0, 0]), 2)


@value
def adam_centred_high() -> str:
    """The centred cosine (correlation) of the last hidden layer's inputs after Adam at the
    higher rate."""
    return mean_spread(SeedSummary.of(runs.sigmoid_adam_outcome().final_cosine_centred[0, 1]))


@value
def collapse_centred_init() -> str:
    """The same correlation at initialisation (forward_collapse, the sigmoid row)."""
    result = runs.forward_collapse()
    centred = result.cosine_centred[result.activations.index("sigmoid"), :, -1]
    return mean_spread(SeedSummary.of(centred), 3)


@value
def gap_inputs() -> str:
    return str(settings.GAP_INPUTS)


@value
def depth_batch() -> str:
    return str(settings.DEPTH_BATCH)


@value
def gap_by_depth() -> str:
    """The relative gap at batches of DEPTH_BATCH per depth, as
    '0.20 ± 0.02 with 1 layer, 0.34 ± 0.01 with 3 and 0.85 ± 0.07 with 10 (8 seeds)'."""
    gaps = runs.gap_against_depth()
    parts = [
        f"{SeedSummary.of(gaps[:, i]).mean:.2f} ± {SeedSummary.of(gaps[:, i]).spread:.2f}"
        f" with {depth}" + (" layer" if i == 0 else "")
        for i, depth in enumerate(settings.GAP_DEPTHS)
    ]
    return f"{', '.join(parts[:-1])} and {parts[-1]} ({len(gaps)} seeds)"


@value
def keras_eps() -> str:
    """The epsilon of tf.keras.optimizers.Adam, added to the uncorrected root of v."""
    return sci(1e-7, 1)
