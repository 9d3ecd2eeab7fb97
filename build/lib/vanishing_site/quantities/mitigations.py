"""Numbers quoted in the chapter on mitigations."""

import functools
import inspect
import math

from vanishing import experiments
from vanishing.activations import leaky_relu
from vanishing.initialisation import weight_variance
from vanishing_site.quantities import quantity, sci
from vanishing_site.quantities.dead_neurons import after_shift
from vanishing_site.quantities.relu_vs_sigmoid import profiles

# The experiments run once per build, with their defaults: the calls the figures make.
zero_gradient = functools.cache(experiments.zero_gradient_units)
batchnorm = functools.cache(experiments.batchnorm_effect)
residual = functools.cache(experiments.residual_effect)

WIDTH = inspect.signature(experiments.gradient_profiles).parameters["width"].default
DEPTH = inspect.signature(experiments.gradient_profiles).parameters["depth"].default
# Exercise 3: a first layer from 784 inputs (28 × 28 pixels) to 100 units.
FAN_IN, FAN_OUT = 784, 100


def ratio(result, key, activation, column) -> float:
    """First over last hidden layer of `key` for one activation and one column of a grid."""
    values = result[key][result["activations"].index(activation), column]
    return float(values[0] / values[-1])


def number(value: float) -> str:
    """Three significant digits, in powers of ten only when they are far from 1."""
    return f"{value:.3g}" if 1e-3 <= abs(value) < 1e3 else sci(value)


@quantity
def mit_width() -> str:
    return str(WIDTH)


@quantity
def mit_depth() -> str:
    return str(DEPTH)


# Initialisation: the variances at the profiles' width


@quantity
def mit_var_standard() -> str:
    return f"{weight_variance('standard', WIDTH, WIDTH):.4f}"


@quantity
def mit_var_lecun() -> str:
    return f"{weight_variance('lecun_normal', WIDTH, WIDTH):.4f}"


@quantity
def mit_var_xavier() -> str:
    return f"{weight_variance('xavier_normal', WIDTH, WIDTH):.4f}"


@quantity
def mit_var_he() -> str:
    return f"{weight_variance('he_normal', WIDTH, WIDTH):.4f}"


@quantity
def mit_std_standard() -> str:
    return f"{math.sqrt(weight_variance('standard', WIDTH, WIDTH)):.4f}"


@quantity
def mit_std_he() -> str:
    return f"{math.sqrt(weight_variance('he_normal', WIDTH, WIDTH)):.4f}"


@quantity
def mit_he_over_standard_std() -> str:
    """sqrt(Var_He / Var_standard) = sqrt 6 at any width."""
    he, standard = (weight_variance(s, WIDTH, WIDTH) for s in ("he_normal", "standard"))
    return f"{math.sqrt(he / standard):.2f}"


@quantity
def mit_exercise_xavier() -> str:
    return f"{weight_variance('xavier_normal', FAN_IN, FAN_OUT):.5f}"


@quantity
def mit_exercise_lecun() -> str:
    return f"{weight_variance('lecun_normal', FAN_IN, FAN_OUT):.5f}"


@quantity
def mit_exercise_ratio() -> str:
    ratio = weight_variance("xavier_normal", FAN_IN, FAN_OUT) / weight_variance(
        "lecun_normal", FAN_IN, FAN_OUT
    )
    return f"{ratio:.2f}"


# The per-layer factor of delta's squared norm: predicted n Var(w) E[ReLU'(z)^2] with
# E[ReLU'(z)^2] = P(z > 0) = 1/2 for symmetric pre-activations, and measured as the geometric
# mean over the 50-layer profile, (||delta_1|| / ||delta_L||)^(2 / (L - 1)).


def relu_factor_predicted(scheme: str) -> float:
    return WIDTH * weight_variance(scheme, WIDTH, WIDTH) / 2


def relu_factor_measured(scheme: str) -> float:
    return delta_ratio("relu", scheme) ** (2 / (DEPTH - 1))


@quantity
def mit_relu_standard_factor_predicted() -> str:
    return f"{relu_factor_predicted('standard'):.3f}"


@quantity
def mit_relu_standard_factor_measured() -> str:
    return f"{relu_factor_measured('standard'):.3f}"


@quantity
def mit_relu_he_factor_measured() -> str:
    return f"{relu_factor_measured('he_normal'):.3f}"


@quantity
def mit_relu_standard_predicted_ratio() -> str:
    """The first/last norm ratio over L - 1 layers that the predicted factor gives."""
    return sci(relu_factor_predicted("standard") ** ((DEPTH - 1) / 2))


@quantity
def mit_relu_standard_measured_ratio() -> str:
    return sci(delta_ratio("relu", "standard"))


# Activation statistics and gradients per scheme (gradient_profiles)


def last_a_std(activation: str, scheme: str) -> float:
    p = profiles()
    return float(p["a_std"][p["activations"].index(activation), p["schemes"].index(scheme), -1])


def delta_ratio(activation: str, scheme: str) -> float:
    return ratio(profiles(), "delta", activation, profiles()["schemes"].index(scheme))


@quantity
def mit_tanh_a_std_standard() -> str:
    return number(last_a_std("tanh", "standard"))


@quantity
def mit_tanh_a_std_xavier() -> str:
    return number(last_a_std("tanh", "xavier_normal"))


@quantity
def mit_relu_a_std_standard() -> str:
    return number(last_a_std("relu", "standard"))


@quantity
def mit_relu_a_std_he() -> str:
    return number(last_a_std("relu", "he_normal"))


@quantity
def mit_tanh_delta_xavier() -> str:
    return number(delta_ratio("tanh", "xavier_normal"))


@quantity
def mit_relu_delta_he() -> str:
    return number(delta_ratio("relu", "he_normal"))


@quantity
def mit_sigmoid_delta_best() -> str:
    """The sigmoid network's best first/last ratio over the three schemes."""
    return number(max(delta_ratio("sigmoid", s) for s in profiles()["schemes"]))


# Leaky ReLU and ELU


@quantity
def mit_leaky_slope() -> str:
    return f"{inspect.signature(leaky_relu).parameters['slope'].default:g}"


def at_shift(key: str, activation: str, shift: float, layer: int | None = None) -> float:
    r = zero_gradient()
    values = r[key][r["activations"].index(activation), list(r["shifts"]).index(shift)]
    return float(values if layer is None else values[layer])


@quantity
def mit_relu_no_gradient_at_0() -> str:
    return f"{100 * at_shift('zero_gradient', 'relu', 0.0):.0f}%"


@quantity
def mit_relu_no_gradient_at_half() -> str:
    return f"{100 * at_shift('zero_gradient', 'relu', -0.5):.0f}%"


@quantity
def mit_relu_dead_at_half() -> str:
    r = after_shift()
    return f"{100 * r['dead'][list(r['shifts']).index(-0.5)]:.0f}%"


@quantity
def mit_relu_no_gradient_at_1() -> str:
    return f"{100 * at_shift('zero_gradient', 'relu', -1.0):.0f}%"


@quantity
def mit_relu_grad_w1_at_1() -> str:
    return f"{at_shift('grad_W', 'relu', -1.0, 0):g}"


@quantity
def mit_leaky_grad_w1_at_1() -> str:
    return number(at_shift("grad_W", "leaky_relu", -1.0, 0))


@quantity
def mit_elu_grad_w1_at_1() -> str:
    return number(at_shift("grad_W", "elu", -1.0, 0))


@quantity
def mit_leaky_grad_w1_at_3() -> str:
    return number(at_shift("grad_W", "leaky_relu", -3.0, 0))


@quantity
def mit_elu_grad_w1_at_3() -> str:
    return number(at_shift("grad_W", "elu", -3.0, 0))


# Batch normalisation (column 0 without, 1 with)


@quantity
def mit_bn_sigmoid_ratio() -> str:
    return number(ratio(batchnorm(), "delta", "sigmoid", 1))


@quantity
def mit_bn_tanh_ratio() -> str:
    return number(ratio(batchnorm(), "delta", "tanh", 1))


@quantity
def mit_bn_relu_ratio() -> str:
    return number(ratio(batchnorm(), "delta", "relu", 1))


@quantity
def mit_plain_sigmoid_ratio() -> str:
    return number(ratio(batchnorm(), "delta", "sigmoid", 0))


@quantity
def mit_bn_relu_factor_per_layer() -> str:
    """The geometric-mean growth of ||delta|| per layer, going down, with BN and ReLU."""
    return f"{ratio(batchnorm(), 'delta', 'relu', 1) ** (1 / (DEPTH - 1)):.3f}"


# Residual connections (column 0 plain, then one per branch scale alpha)


def residual_ratio(activation: str, alpha: float) -> float:
    return ratio(residual(), "delta", activation, residual()["residual"].index(alpha))


@quantity
def mit_res_relu_alpha_1() -> str:
    return number(residual_ratio("relu", 1.0))


@quantity
def mit_res_tanh_alpha_1() -> str:
    return number(residual_ratio("tanh", 1.0))


@quantity
def mit_res_sigmoid_alpha_1() -> str:
    return number(residual_ratio("sigmoid", 1.0))


@quantity
def mit_res_alpha_small() -> str:
    return f"{residual()['residual'][-1]:g}"


@quantity
def mit_res_small_range() -> str:
    """The first/last ratios with the small branch scale, smallest to largest over activations."""
    ratios = [residual_ratio(a, residual()["residual"][-1]) for a in residual()["activations"]]
    return f"{min(ratios):.2f} to {max(ratios):.2f}"


@quantity
def mit_bn_relu_a_std() -> str:
    """The spread of the last hidden layer's ReLU activations with batch normalisation."""
    r = batchnorm()
    return number(float(r["a_std"][r["activations"].index("relu"), 1, -1]))


@quantity
def mit_plain_relu_dead() -> str:
    """Dead units (zero on the whole batch) in the plain ReLU network, mean over layers."""
    r = batchnorm()
    return f"{100 * r['dead'][r['activations'].index('relu'), 0].mean():.0f}%"


@quantity
def mit_bn_relu_dead() -> str:
    r = batchnorm()
    return f"{100 * r['dead'][r['activations'].index('relu'), 1].mean():.0f}%"


@quantity
def mit_res_relu_a_std_alpha_1() -> str:
    """The spread of the last layer's activations in the residual ReLU network with alpha = 1."""
    r = residual()
    return number(float(r["a_std"][r["activations"].index("relu"), r["residual"].index(1.0), -1]))
