"""Numbers quoted in the chapter on dead neurons."""

import math

import numpy as np

from vanishing.activations import tanh, tanh_prime
from vanishing.escape import steps_to_move
from vanishing.experiments import dead_units
from vanishing.experiments.profiles import SATURATION_DEPTH, SATURATION_WIDTH
from vanishing.experiments.training_runs import SEED, spirals_network
from vanishing.training import evaluate
from vanishing_site import runs
from vanishing_site.values import percent, sci, value

# Exercise 2: one SGD step of this rate with an upstream gradient of 1 (inputs of the page).
EXERCISE_LR = 0.1


# The source's worked example


@value
def z() -> str:
    return f"{runs.neuron().z:g}"


@value
def tanh_at_z() -> str:
    return f"{runs.neuron().tanh:.3f}"


@value
def tanh_prime_at_z() -> str:
    return f"{runs.neuron().tanh_prime:.3f}"


@value
def tanh_at_10_nine_digits() -> str:
    """tanh(10) rounded to nine decimals, as the source's 'approximately 1' really is."""
    return f"{runs.neuron().tanh_large[1]:.9f}"


@value
def one_minus_tanh_at_10() -> str:
    return sci(1 - float(tanh(10.0)))


@value
def tanh_prime_at_10() -> str:
    return sci(runs.neuron().tanh_prime_large[1])


@value
def tanh_prime_at_10_float32() -> str:
    """The same slope at z = +-10 evaluated in float32: exactly zero, both signs."""
    slopes = tanh_prime(runs.neuron().z_large.astype(np.float32))
    return ", ".join(f"{s:g}" for s in slopes)


@value
def slope_drop() -> str:
    """How many times smaller tanh's slope is at z = 10 than at z = 1.5."""
    return sci(runs.neuron().tanh_prime / runs.neuron().tanh_prime_large[1])


@value
def relu_grad_w() -> str:
    """The ReLU unit's weight gradient at z = -10: exactly zero, both components."""
    return "(" + ", ".join(f"{g:g}" for g in runs.neuron().relu_grad_w) + ")"


@value
def bias_step() -> str:
    """The bias change of one SGD step (upstream gradient 1) of the tanh unit at z = 10."""
    return sci(EXERCISE_LR * runs.neuron().tanh_prime_large[1])


@value
def steps_bias_only() -> str:
    """Steps of that size to move z by 1 if only the bias moved z and the slope stayed fixed."""
    return sci(1 / (EXERCISE_LR * runs.neuron().tanh_prime_large[1]))


@value
def z_step() -> str:
    """How far one step moves z: weights and bias together, lr (||x||^2 + 1) tanh'(10)."""
    neuron = runs.neuron()
    return sci(EXERCISE_LR * (neuron.x @ neuron.x + 1) * neuron.tanh_prime_large[1])


@value
def steps_to_move_one() -> str:
    """Steps to move z from 10 to 9 with weights and bias trained and the slope growing as z
    falls (escape.steps_to_move)."""
    neuron = runs.neuron()
    z_from = float(neuron.z_large[1])
    return sci(steps_to_move(z_from, z_from - 1, EXERCISE_LR, neuron.x))


# Dead ReLU units after one large step


@value
def network_depth() -> str:
    return str(dead_units.DEPTH)


@value
def network_width() -> str:
    return str(dead_units.WIDTH)


@value
def dead_before() -> str:
    return percent(runs.dead_after_update().dead_before)


# Large weights alone: ReLU(c z) = c ReLU(z) for c > 0, so scaling every weight of a network with
# zero biases scales each pre-activation without changing its sign.
LARGE_WEIGHT_SCALE = 16


def dead_with_weights_scaled(scale: float) -> np.ndarray:
    """Dead units per layer of the dead-units network with every weight multiplied by `scale`."""
    params, X, labels, _ = spirals_network(
        "relu", "he_normal", dead_units.DEPTH, dead_units.WIDTH, SEED
    )
    scaled = [{**p, "W": scale * p["W"]} for p in params]
    return evaluate(scaled, X, labels, "relu")["dead"]


@value
def large_weight_scale() -> str:
    return str(LARGE_WEIGHT_SCALE)


@value
def dead_at_large_weights() -> str:
    return percent(dead_with_weights_scaled(LARGE_WEIGHT_SCALE).mean())


@value
def dead_at_lr_1() -> str:
    return percent(runs.dead_after_update().sel(learning_rate=1.0).dead)


@value
def dead_at_lr_10() -> str:
    return percent(runs.dead_after_update().sel(learning_rate=10.0).dead)


@value
def dead_last_layer_at_lr_10() -> str:
    return percent(runs.dead_after_update().sel(learning_rate=10.0).dead_per_layer[-1])


# Dead ReLU units after a bias shift


@value
def dead_at_shift_1() -> str:
    return percent(runs.dead_after_shift().sel(shift=-1.0).dead)


@value
def dead_at_shift_3() -> str:
    return percent(runs.dead_after_shift().sel(shift=-3.0).dead)


@value
def first_layer_dead_at_shift_3() -> str:
    return percent(runs.dead_after_shift().sel(shift=-3.0).dead_per_layer[0])


# Saturated tanh and sigmoid units


@value
def tanh_saturated_at_4() -> str:
    return percent(runs.saturation().sel(activation="tanh", scale=4.0).saturated)


@value
def tanh_saturated_at_16() -> str:
    return percent(runs.saturation().sel(activation="tanh", scale=16.0).saturated)


@value
def sigmoid_saturated_at_16() -> str:
    return percent(runs.saturation().sel(activation="sigmoid", scale=16.0).saturated)


@value
def saturated_at_lecun() -> str:
    """Saturated units at s = 1, LeCun's scale, the larger of the two activations."""
    return percent(max(runs.saturation().sel(scale=1.0).saturated))


# Where 1 - tanh^2 is exactly zero in floating point


def tanh_threshold(dtype: str, key: str) -> float:
    return getattr(runs.thresholds().sel(activation="tanh", dtype=dtype), key)


@value
def tanh_zero_float32() -> str:
    return f"{tanh_threshold('float32', 'threshold'):g}"


@value
def tanh_zero_float64() -> str:
    return f"{tanh_threshold('float64', 'threshold'):.4f}"


@value
def tanh_last_float32() -> str:
    """The last float32 below the threshold, written to float32's precision."""
    return f"{tanh_threshold('float32', 'previous'):.7f}"


@value
def tanh_last_slope_float32() -> str:
    return sci(tanh_threshold("float32", "slope_at_previous"))


@value
def tanh_true_slope_float32() -> str:
    return sci(tanh_threshold("float32", "true_slope"))


@value
def tanh_float32_overestimate() -> str:
    """How much larger the formula's last nonzero float32 value is than the true slope."""
    ratio = tanh_threshold("float32", "slope_at_previous") / tanh_threshold("float32", "true_slope")
    return f"{ratio:.0f}"


@value
def tanh_last_slope_float64() -> str:
    return sci(tanh_threshold("float64", "slope_at_previous"))


@value
def tanh_true_slope_float64() -> str:
    return sci(tanh_threshold("float64", "true_slope"))


@value
def tanh_round_float32() -> str:
    """Where a correctly rounded float32 tanh reaches 1: 1 - tanh(x) ~ 2 e^-2x falls below half
    the gap 2^-24 under 1, at x = 13 ln 2."""
    return f"{13 * math.log(2):.2f}"


@value
def tanh_round_float64() -> str:
    """Where a correctly rounded float64 tanh reaches 1: 2 e^-2x falls below half the gap 2^-53
    under 1, at x = 27.5 ln 2."""
    return f"{27.5 * math.log(2):.2f}"


@value
def sigmoid_round_float32() -> str:
    """Where 1 + e^-x rounds to 1 in float32 (the floats above 1 are 2^-23 apart): x = 24 ln 2."""
    return f"{24 * math.log(2):.2f}"


@value
def sigmoid_true_slope_float32() -> str:
    return sci(runs.thresholds().sel(activation="sigmoid", dtype="float32").true_slope)


@value
def float32_epsilon() -> str:
    """The gap between 1 and the next float32 below it, 2^-24."""
    return sci(1 - float(np.nextafter(np.float32(1), np.float32(0))))


@value
def sigmoid_zero_float32() -> str:
    return f"{runs.thresholds().sel(activation='sigmoid', dtype='float32').threshold:.2f}"


# Can a dead unit come back?


@value
def recovery_shift() -> str:
    return f"{dead_units.RECOVERY_SHIFT:g}".replace("-", "−")


@value
def recovery_epochs() -> str:
    return str(dead_units.EPOCHS)


@value
def recovery_dead_before() -> str:
    return str(int(runs.recovery().dead_before.sum()))


@value
def recovery_revived() -> str:
    return str(int(runs.recovery().revived.sum()))


@value
def recovery_first_layer_dead() -> str:
    return str(int(runs.recovery().dead_before[0]))


@value
def recovery_first_layer_revived() -> str:
    return str(int(runs.recovery().revived[0]))


@value
def recovery_first_layer_frozen() -> str:
    return str(int(runs.recovery().frozen[0]))


@value
def recovery_last_layer() -> str:
    """'22 of 37': the last layer's revived units of those dead before training."""
    r = runs.recovery()
    return f"{r.revived[-1]} of {r.dead_before[-1]}"


@value
def saturation_depth() -> str:
    return str(SATURATION_DEPTH)


@value
def saturation_width() -> str:
    return str(SATURATION_WIDTH)


def _per_layer(counts) -> str:
    """'1, 10, 13 and 37': one count per hidden layer, first to last."""
    *first, last = (str(int(count)) for count in counts)
    return f"{', '.join(first)} and {last}"


@value
def recovery_dead_per_layer() -> str:
    return _per_layer(runs.recovery().dead_before)


@value
def recovery_revived_per_layer() -> str:
    return _per_layer(runs.recovery().revived)


@value
def recovery_dead_after() -> str:
    return str(int(runs.recovery().dead_after.sum()))


@value
def recovery_accuracy() -> str:
    return percent(runs.recovery().accuracy[-1])
