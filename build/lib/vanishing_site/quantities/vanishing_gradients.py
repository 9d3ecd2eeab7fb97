"""Numbers quoted in the chapter on vanishing gradients."""

import inspect
import math
from functools import cache

import numpy as np

from vanishing import activations, experiments
from vanishing.activations import ACTIVATIONS
from vanishing.initialisation import SCHEMES, weight_variance
from vanishing_site.quantities import quantity, sci
from vanishing_site.quantities.home import first_over_last

NAMES = ("sigmoid", "tanh", "relu")
# E[phi'(z)^2] where the pre-activations sit near 0, as they do under the standard
# initialisation: sigma'(0)^2 and tanh'(0)^2; ReLU' is 1 on half of a symmetric z and 0 on
# the other half, whatever the spread.
SLOPE_SQUARED_NEAR_0 = {
    "sigmoid": float(activations.sigmoid_prime(0.0)) ** 2,
    "tanh": float(activations.tanh_prime(0.0)) ** 2,
    "relu": 0.5,
}


# The width and the initialisations of weight_variance_factor (gradient_profiles has the same).
_DEFAULTS = inspect.signature(experiments.weight_variance_factor).parameters
WIDTH, MEASURED_SCHEMES = _DEFAULTS["width"].default, _DEFAULTS["schemes"].default


@cache
def _standard() -> dict:
    """gradient_profiles under the standard initialisation: the run the chapter's two
    per-layer figures draw."""
    return experiments.gradient_profiles(schemes=("standard",))


def standard_profile(activation: str, statistic: str) -> np.ndarray:
    result = _standard()
    return result[statistic][result["activations"].index(activation), 0]


def standard_ratio(activation: str, statistic: str) -> float:
    """statistic at hidden layer 1 over the same at the last, standard initialisation."""
    values = standard_profile(activation, statistic)
    return float(values[0] / values[-1])


@cache
def _depth_ratio() -> dict:
    return experiments.depth_ratio()


@cache
def _variance_factor() -> dict:
    return experiments.weight_variance_factor()


@cache
def _snippet() -> dict:
    return experiments.snippet_fixed_point()


@cache
def _learning_speed() -> dict:
    return experiments.learning_speed()


def standard_factor(activation: str) -> float:
    """n Var(w) E[phi'(z)^2] for the standard initialisation, with z near 0."""
    gain = WIDTH * weight_variance("standard", WIDTH, WIDTH)
    return gain * SLOPE_SQUARED_NEAR_0[activation]


def measured_factor(activation: str, scheme: str) -> float:
    result = _variance_factor()
    i, j = result["activations"].index(activation), result["schemes"].index(scheme)
    return float(result["measured"][i, j])


def fitted_r(activation: str) -> float:
    result = _depth_ratio()
    return float(result["factor"][result["activations"].index(activation)])


def _speed_ratio() -> np.ndarray:
    """Per epoch, the last hidden layer's speed of learning over the first's."""
    grad_b = _learning_speed()["grad_b"]
    return grad_b[:, -1] / grad_b[:, 0]


def _register(name: str, function) -> None:
    """Register a quantity generated in a loop under its own name."""
    function.__name__ = name
    quantity(function)


def _ratio(value: float) -> str:
    """A first-over-last ratio: a power of ten when it is tiny, else two decimals."""
    return sci(value) if value < 1e-3 else f"{value:.2f}"


# Per activation, under the standard initialisation: the closed-form factor, its square root
# (the per-layer factor of the norm), the depth experiment's fitted rate and the
# first-over-last ratios of delta and of dC/dW in 50 layers; and the measured factor under
# every initialisation of weight_variance_factor.
for _a in NAMES:
    _register(f"vg_closed_factor_{_a}", lambda a=_a: f"{standard_factor(a):.4f}")
    _register(f"vg_closed_r_{_a}", lambda a=_a: f"{math.sqrt(standard_factor(a)):.3f}")
    _register(f"vg_fit_r_{_a}", lambda a=_a: f"{fitted_r(a):.3f}")
    _register(f"vg_delta_ratio_{_a}", lambda a=_a: _ratio(standard_ratio(a, "delta")))
    _register(f"vg_grad_w_ratio_{_a}", lambda a=_a: _ratio(standard_ratio(a, "grad_W")))
    for _s in MEASURED_SCHEMES:
        _register(
            f"vg_measured_factor_{_a}_{_s}", lambda a=_a, s=_s: f"{measured_factor(a, s):.3f}"
        )


@quantity
def vg_standard_gain() -> str:
    """n Var(w) for U(+-1/sqrt n): 1/3."""
    return f"{WIDTH * weight_variance('standard', WIDTH, WIDTH):.4f}"


@quantity
def vg_quarter_power_10() -> str:
    return sci(float(activations.sigmoid_prime(0.0)) ** 10)


@quantity
def vg_grad_w_tanh_typical() -> str:
    """The geometric mean over layers of ||dC/dW_l||, tanh, standard initialisation."""
    return sci(math.exp(np.log(standard_profile("tanh", "grad_W")).mean()), 1)


@quantity
def vg_grad_w_relu_typical() -> str:
    return sci(math.exp(np.log(standard_profile("relu", "grad_W")).mean()), 1)


@quantity
def vg_factor_table() -> str:
    """Predicted and measured factor per activation (rows) and initialisation (columns)."""
    result = _variance_factor()
    schemes = result["schemes"]
    rows = [
        # The labels without their formulas, e.g. "He (Kaiming) normal".
        "| Activation | " + " | ".join(SCHEMES[s].label.split(",")[0] for s in schemes) + " |",
        "| --- |" + " ---: |" * len(schemes),
    ]
    for i, a in enumerate(result["activations"]):
        cells = (
            f"{result['predicted'][i, j]:.3f} / {result['measured'][i, j]:.3f}"
            for j in range(len(schemes))
        )
        rows.append(f"| {ACTIVATIONS[a].label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


@quantity
def vg_fixed_point() -> str:
    return f"{_snippet()['fixed_point']:.4f}"


@quantity
def vg_fixed_point_full() -> str:
    return f"{_snippet()['fixed_point']:.10f}"


@quantity
def vg_snippet_contraction() -> str:
    return f"{_snippet()['contraction']:.4f}"


@quantity
def vg_snippet_shrink() -> str:
    return f"{1 / _snippet()['contraction']:.0f}"


@quantity
def vg_snippet_gap_after_3() -> str:
    """The largest distance from the fixed point, over all starts, after three steps."""
    result = _snippet()
    return sci(np.abs(result["iterates"][:, 3] - result["fixed_point"]).max(), 1)


@quantity
def vg_sigmoid_prime_at_10() -> str:
    return sci(float(activations.sigmoid_prime(10.0)))


@quantity
def vg_speed_ratio_start() -> str:
    return f"{_speed_ratio()[0]:.0f}"


@quantity
def vg_speed_ratio_end() -> str:
    return f"{_speed_ratio()[-1]:.0f}"


@quantity
def vg_speed_ratio_median() -> str:
    return f"{np.median(_speed_ratio()):.0f}"


@quantity
def vg_speed_final_accuracy() -> str:
    return f"{_learning_speed()['accuracy'][-1]:.0%}"


@quantity
def vg_speed_best_accuracy() -> str:
    return f"{_learning_speed()['accuracy'].max():.0%}"


@quantity
def vg_relu_predicted_ratio() -> str:
    """(1/6)^(49/2): the closed-form ReLU factor per layer, over the 49 steps of 50 layers."""
    steps = len(standard_profile("relu", "delta")) - 1
    return sci(standard_factor("relu") ** (steps / 2))


@quantity
def vg_he_variance() -> str:
    return f"{weight_variance('he_normal', WIDTH, WIDTH):g}"


@quantity
def vg_delta_ratio_relu_he() -> str:
    return f"{first_over_last('relu', 'he_normal', 'delta'):.1f}"
