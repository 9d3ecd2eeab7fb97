"""Numbers quoted in the chapter on dead neurons."""

import functools
import inspect
import math

import numpy as np

from vanishing import experiments
from vanishing.activations import tanh, tanh_prime
from vanishing_site.quantities import quantity, sci

# The experiments run once per build, with their defaults: the calls the figures make.
example = functools.cache(experiments.source_neuron_example)
after_update = functools.cache(experiments.dead_units_after_update)
after_shift = functools.cache(experiments.dead_units_after_bias_shift)
saturation = functools.cache(experiments.saturation_under_large_weights)
thresholds = functools.cache(experiments.float_zero_thresholds)
recovery = functools.cache(experiments.dead_unit_recovery)

# Exercise 2: one SGD step of this rate with an upstream gradient of 1 (inputs of the page).
EXERCISE_LR = 0.1


def percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"


def at(values, keys, key) -> float:
    """The entry of `values` that belongs to `key` in the parallel sequence `keys`."""
    return float(np.asarray(values)[list(keys).index(key)])


# The source's worked example


@quantity
def dn_z() -> str:
    return f"{example()['z']:g}"


@quantity
def dn_tanh_at_z() -> str:
    return f"{example()['tanh']:.3f}"


@quantity
def dn_tanh_prime_at_z() -> str:
    return f"{example()['tanh_prime']:.3f}"


@quantity
def dn_tanh_at_10_nine_digits() -> str:
    """tanh(10) rounded to nine decimals, as the source's 'approximately 1' really is."""
    return f"{example()['tanh_large'][1]:.9f}"


@quantity
def dn_one_minus_tanh_at_10() -> str:
    return sci(1 - float(tanh(10.0)))


@quantity
def dn_tanh_prime_at_10() -> str:
    return sci(example()["tanh_prime_large"][1])


@quantity
def dn_tanh_prime_at_10_float32() -> str:
    """The same slope at z = +-10 evaluated in float32: exactly zero, both signs."""
    slopes = tanh_prime(example()["z_large"].astype(np.float32))
    return ", ".join(f"{s:g}" for s in slopes)


@quantity
def dn_slope_drop() -> str:
    """How many times smaller tanh's slope is at z = 10 than at z = 1.5."""
    return sci(example()["tanh_prime"] / example()["tanh_prime_large"][1])


@quantity
def dn_relu_grad_w() -> str:
    """The ReLU unit's weight gradient at z = -10: exactly zero, both components."""
    return "(" + ", ".join(f"{g:g}" for g in example()["relu_grad_w"]) + ")"


@quantity
def dn_bias_step() -> str:
    """The bias change of one SGD step (upstream gradient 1) of the tanh unit at z = 10."""
    return sci(EXERCISE_LR * example()["tanh_prime_large"][1])


@quantity
def dn_steps_to_move_one() -> str:
    """Steps of that size needed to move z by 1 (the slope barely changes over that range)."""
    return sci(1 / (EXERCISE_LR * example()["tanh_prime_large"][1]))


# Dead ReLU units after one large step


@quantity
def dn_network_depth() -> str:
    return str(inspect.signature(experiments.dead_units_after_update).parameters["depth"].default)


@quantity
def dn_network_width() -> str:
    return str(inspect.signature(experiments.dead_units_after_update).parameters["width"].default)


@quantity
def dn_dead_before() -> str:
    return percent(after_update()["dead_before"])


@quantity
def dn_dead_at_lr_1() -> str:
    r = after_update()
    return percent(at(r["dead"], r["learning_rates"], 1.0))


@quantity
def dn_dead_at_lr_10() -> str:
    r = after_update()
    return percent(at(r["dead"], r["learning_rates"], 10.0))


@quantity
def dn_dead_last_layer_at_lr_10() -> str:
    r = after_update()
    return percent(at(r["dead_per_layer"][:, -1], r["learning_rates"], 10.0))


# Dead ReLU units after a bias shift


@quantity
def dn_dead_at_shift_1() -> str:
    r = after_shift()
    return percent(at(r["dead"], r["shifts"], -1.0))


@quantity
def dn_dead_at_shift_3() -> str:
    r = after_shift()
    return percent(at(r["dead"], r["shifts"], -3.0))


@quantity
def dn_first_layer_dead_at_shift_3() -> str:
    r = after_shift()
    return percent(at(r["dead_per_layer"][:, 0], r["shifts"], -3.0))


# Saturated tanh and sigmoid units


@quantity
def dn_tanh_saturated_at_4() -> str:
    r = saturation()
    i = r["activations"].index("tanh")
    return percent(at(r["saturated"][i], r["scales"], 4.0))


@quantity
def dn_tanh_saturated_at_16() -> str:
    r = saturation()
    i = r["activations"].index("tanh")
    return percent(at(r["saturated"][i], r["scales"], 16.0))


@quantity
def dn_sigmoid_saturated_at_16() -> str:
    r = saturation()
    i = r["activations"].index("sigmoid")
    return percent(at(r["saturated"][i], r["scales"], 16.0))


@quantity
def dn_saturated_at_lecun() -> str:
    """Saturated units at s = 1, LeCun's scale, the larger of the two activations."""
    r = saturation()
    return percent(max(at(row, r["scales"], 1.0) for row in r["saturated"]))


# Where 1 - tanh^2 is exactly zero in floating point


def tanh_threshold(dtype: str, key: str) -> float:
    return thresholds()["tanh"][dtype][key]


@quantity
def dn_tanh_zero_float32() -> str:
    return f"{tanh_threshold('float32', 'threshold'):g}"


@quantity
def dn_tanh_zero_float64() -> str:
    return f"{tanh_threshold('float64', 'threshold'):.4f}"


@quantity
def dn_tanh_last_float32() -> str:
    """The last float32 below the threshold, written to float32's precision."""
    return f"{tanh_threshold('float32', 'previous'):.7f}"


@quantity
def dn_tanh_last_slope_float32() -> str:
    return sci(tanh_threshold("float32", "slope_at_previous"))


@quantity
def dn_tanh_true_slope_float32() -> str:
    return sci(tanh_threshold("float32", "true_slope"))


@quantity
def dn_tanh_float32_overestimate() -> str:
    """How much larger the formula's last nonzero float32 value is than the true slope."""
    ratio = tanh_threshold("float32", "slope_at_previous") / tanh_threshold("float32", "true_slope")
    return f"{ratio:.0f}"


@quantity
def dn_tanh_last_slope_float64() -> str:
    return sci(tanh_threshold("float64", "slope_at_previous"))


@quantity
def dn_tanh_true_slope_float64() -> str:
    return sci(tanh_threshold("float64", "true_slope"))


@quantity
def dn_tanh_round_float32() -> str:
    """Where a correctly rounded float32 tanh reaches 1: 1 - tanh(x) ~ 2 e^-2x falls below half
    the gap 2^-24 under 1, at x = 13 ln 2."""
    return f"{13 * math.log(2):.2f}"


@quantity
def dn_sigmoid_round_float32() -> str:
    """Where 1 + e^-x rounds to 1 in float32 (the floats above 1 are 2^-23 apart): x = 24 ln 2."""
    return f"{24 * math.log(2):.2f}"


@quantity
def dn_sigmoid_true_slope_float32() -> str:
    return sci(thresholds()["sigmoid"]["float32"]["true_slope"])


@quantity
def dn_float32_epsilon() -> str:
    """The gap between 1 and the next float32 below it, 2^-24."""
    return sci(1 - float(np.nextafter(np.float32(1), np.float32(0))))


@quantity
def dn_sigmoid_zero_float32() -> str:
    return f"{thresholds()['sigmoid']['float32']['threshold']:.2f}"


# Can a dead unit come back?


@quantity
def dn_recovery_shift() -> str:
    shift = inspect.signature(experiments.dead_unit_recovery).parameters["shift"].default
    return f"{shift:g}".replace("-", "−")


@quantity
def dn_recovery_epochs() -> str:
    return str(inspect.signature(experiments.dead_unit_recovery).parameters["epochs"].default)


@quantity
def dn_recovery_dead_before() -> str:
    return str(int(recovery()["dead_before"].sum()))


@quantity
def dn_recovery_revived() -> str:
    return str(int(recovery()["revived"].sum()))


@quantity
def dn_recovery_first_layer_dead() -> str:
    return str(int(recovery()["dead_before"][0]))


@quantity
def dn_recovery_first_layer_revived() -> str:
    return str(int(recovery()["revived"][0]))


@quantity
def dn_recovery_first_layer_frozen() -> str:
    return str(int(recovery()["frozen"][0]))


@quantity
def dn_recovery_last_layer() -> str:
    """'22 of 37': the last layer's revived units of those dead before training."""
    r = recovery()
    return f"{r['revived'][-1]} of {r['dead_before'][-1]}"


@quantity
def dn_recovery_dead_after() -> str:
    return str(int(recovery()["dead_after"].sum()))


@quantity
def dn_recovery_accuracy() -> str:
    return percent(recovery()["accuracy"][-1])
