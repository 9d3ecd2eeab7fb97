"""Numbers quoted in the chapter on vanishing gradients."""

import math

import numpy as np

from vanishing import activations
from vanishing.activations import ACTIVATIONS
from vanishing.experiments import first_over_last
from vanishing.experiments.profiles import WIDTH
from vanishing.initialisation import SCHEMES, weight_variance
from vanishing_site import runs
from vanishing_site.values import sci, value

# E[phi'(z)^2] where the pre-activations sit near 0, as they do under the standard
# initialisation: sigma'(0)^2 and tanh'(0)^2; ReLU' is 1 on half of a symmetric z and 0 on
# the other half, whatever the spread.
SLOPE_SQUARED_NEAR_0 = {
    "sigmoid": float(activations.sigmoid_prime(0.0)) ** 2,
    "tanh": float(activations.tanh_prime(0.0)) ** 2,
    "relu": 0.5,
}


def standard_profile(activation: str):
    """The per-layer statistics of the 50-layer network under the standard initialisation: the
    run the chapter's two per-layer figures draw."""
    return runs.profiles().profile(activation=activation, scheme="standard")


def standard_ratio(activation: str, statistic: str) -> str:
    """statistic at hidden layer 1 over the same at the last, standard initialisation: a power
    of ten when it is tiny, else two decimals."""
    ratio = runs.profiles().first_over_last(statistic, activation=activation, scheme="standard")
    return sci(ratio) if ratio < 1e-3 else f"{ratio:.2f}"


def standard_factor(activation: str) -> float:
    """n Var(w) E[phi'(z)^2] for the standard initialisation, with z near 0."""
    return WIDTH * weight_variance("standard", WIDTH, WIDTH) * SLOPE_SQUARED_NEAR_0[activation]


def fitted_r(activation: str) -> str:
    """The depth sweep's fitted factor per layer."""
    return f"{runs.depth_sweep().sel(activation=activation).factor:.3f}"


def measured_factor(activation: str, scheme: str) -> str:
    """The measured factor of delta's squared norm per layer (geometric mean over layers)."""
    return f"{runs.variance_factor().sel(activation=activation, scheme=scheme).measured:.3f}"


def _speed_ratio() -> np.ndarray:
    """Per epoch, the last hidden layer's speed of learning over the first's."""
    return first_over_last(runs.learning_speed().grad_b[:, ::-1])


# The closed-form factor n Var(w) E[phi'(z)^2] per activation, and its square root, the
# per-layer factor of the norm.


@value
def closed_factor_sigmoid() -> str:
    return f"{standard_factor('sigmoid'):.4f}"


@value
def closed_factor_tanh() -> str:
    return f"{standard_factor('tanh'):.4f}"


@value
def closed_factor_relu() -> str:
    return f"{standard_factor('relu'):.4f}"


@value
def closed_r_sigmoid() -> str:
    return f"{math.sqrt(standard_factor('sigmoid')):.3f}"


@value
def closed_r_tanh() -> str:
    return f"{math.sqrt(standard_factor('tanh')):.3f}"


@value
def closed_r_relu() -> str:
    return f"{math.sqrt(standard_factor('relu')):.3f}"


@value
def fit_r_sigmoid() -> str:
    return fitted_r("sigmoid")


@value
def fit_r_tanh() -> str:
    return fitted_r("tanh")


@value
def fit_r_relu() -> str:
    return fitted_r("relu")


# First over last hidden layer in 50 layers, standard initialisation.


@value
def delta_ratio_sigmoid() -> str:
    return standard_ratio("sigmoid", "delta")


@value
def delta_ratio_tanh() -> str:
    return standard_ratio("tanh", "delta")


@value
def delta_ratio_relu() -> str:
    return standard_ratio("relu", "delta")


@value
def grad_w_ratio_sigmoid() -> str:
    return standard_ratio("sigmoid", "grad_W")


@value
def grad_w_ratio_tanh() -> str:
    return standard_ratio("tanh", "grad_W")


@value
def grad_w_ratio_relu() -> str:
    return standard_ratio("relu", "grad_W")


@value
def delta_ratio_relu_he() -> str:
    """The same ratio for ReLU under He's initialisation."""
    return f"{runs.profiles().first_over_last('delta', activation='relu', scheme='he_normal'):.1f}"


# The measured factor under the initialisations the chapter discusses.


@value
def measured_factor_sigmoid_standard() -> str:
    return measured_factor("sigmoid", "standard")


@value
def measured_factor_sigmoid_he_normal() -> str:
    return measured_factor("sigmoid", "he_normal")


@value
def measured_factor_tanh_he_normal() -> str:
    return measured_factor("tanh", "he_normal")


@value
def measured_factor_relu_standard() -> str:
    return measured_factor("relu", "standard")


@value
def measured_factor_relu_he_normal() -> str:
    return measured_factor("relu", "he_normal")


@value
def standard_gain() -> str:
    """n Var(w) for U(+-1/sqrt n): 1/3."""
    return f"{WIDTH * weight_variance('standard', WIDTH, WIDTH):.4f}"


@value
def quarter_power_10() -> str:
    return sci(float(activations.sigmoid_prime(0.0)) ** 10)


@value
def grad_w_tanh_typical() -> str:
    """The geometric mean over layers of ||dC/dW_l||, tanh, standard initialisation."""
    return sci(math.exp(np.log(standard_profile("tanh").grad_W).mean()), 1)


@value
def grad_w_relu_typical() -> str:
    return sci(math.exp(np.log(standard_profile("relu").grad_W).mean()), 1)


@value
def factor_table() -> str:
    """Predicted and measured factor per activation (rows) and initialisation (columns)."""
    result = runs.variance_factor()
    rows = [
        # The labels without their formulas, e.g. "He (Kaiming) normal".
        "| Activation | "
        + " | ".join(SCHEMES[s].label.split(",")[0] for s in result.schemes)
        + " |",
        "| --- |" + " ---: |" * len(result.schemes),
    ]
    for a in result.activations:
        cells = (
            f"{cell.predicted:.3f} / {cell.measured:.3f}"
            for cell in (result.sel(activation=a, scheme=s) for s in result.schemes)
        )
        rows.append(f"| {ACTIVATIONS[a].label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


@value
def fixed_point() -> str:
    return f"{runs.snippet().fixed_point:.4f}"


@value
def fixed_point_full() -> str:
    return f"{runs.snippet().fixed_point:.10f}"


@value
def snippet_contraction() -> str:
    return f"{runs.snippet().contraction:.4f}"


@value
def snippet_shrink() -> str:
    return f"{1 / runs.snippet().contraction:.0f}"


@value
def snippet_gap_after_3() -> str:
    """The largest distance from the fixed point, over all starts, after three steps."""
    result = runs.snippet()
    return sci(np.abs(result.iterates[:, 3] - result.fixed_point).max(), 3)


@value
def sigmoid_prime_at_10() -> str:
    return sci(float(activations.sigmoid_prime(10.0)))


@value
def speed_ratio_start() -> str:
    return f"{_speed_ratio()[0]:.0f}"


@value
def speed_ratio_end() -> str:
    return f"{_speed_ratio()[-1]:.0f}"


@value
def speed_ratio_median() -> str:
    return f"{np.median(_speed_ratio()):.0f}"


@value
def speed_final_accuracy() -> str:
    return f"{runs.learning_speed().accuracy[-1]:.0%}"


@value
def speed_best_accuracy() -> str:
    return f"{runs.learning_speed().accuracy.max():.0%}"


@value
def relu_predicted_ratio() -> str:
    """(1/6)^(49/2): the closed-form ReLU factor per layer, over the 49 steps of 50 layers."""
    steps = len(standard_profile("relu").delta) - 1
    return sci(standard_factor("relu") ** (steps / 2))


@value
def he_variance() -> str:
    return f"{weight_variance('he_normal', WIDTH, WIDTH):g}"
