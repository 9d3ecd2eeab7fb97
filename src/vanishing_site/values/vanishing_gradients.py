"""Numbers quoted in the chapter on vanishing gradients."""

import math

import numpy as np

from vanishing import activations
from vanishing.activations import ACTIVATIONS
from vanishing.experiments import first_over_last, profiles
from vanishing.experiments.profiles import FACTOR_DEPTH, SEEDS, WIDTH
from vanishing.experiments.results import SeedSummary
from vanishing.initialisation import SCHEMES, weight_variance
from vanishing_site import runs
from vanishing_site.values import mean_spread, percent, sci, value

# E[phi'(z)^2] where the pre-activations sit near 0, as they do under the standard
# initialisation: sigma'(0)^2 and tanh'(0)^2; ReLU' is 1 on half of a symmetric z and 0 on
# the other half, whatever the spread.
SLOPE_SQUARED_NEAR_0 = {
    "sigmoid": float(activations.sigmoid_prime(0.0)) ** 2,
    "tanh": float(activations.tanh_prime(0.0)) ** 2,
    "relu": 0.5,
}


def standard_profile(activation: str):
    """The per-layer statistics of the 50-layer network under the standard initialisation
    (weights U(+-1/sqrt n), zero biases), one row per seed."""
    return runs.profiles_over_seeds().profile(activation=activation, scheme="standard")


def ratio(activation: str, statistic: str, scheme: str = "standard") -> SeedSummary:
    """statistic at hidden layer 1 over the same at the last, in log10 over the seeds."""
    return runs.profiles_over_seeds().first_over_last(
        statistic, activation=activation, scheme=scheme
    )


def seed_ratio(activation: str, statistic: str, scheme: str = "standard") -> str:
    """ratio as '10^(mean ± spread) over n seeds'."""
    return mean_spread(ratio(activation, statistic, scheme))


def geometric_mean(values) -> float:
    return float(np.exp(np.log(values).mean()))


def first_layer(activation: str, statistic: str, scheme: str = "standard", layer: int = 0) -> str:
    """statistic at hidden layer 1 (or `layer`), geometric mean over the seeds, to one
    significant digit."""
    cell = runs.profiles_over_seeds().profile(activation=activation, scheme=scheme)
    return sci(geometric_mean(getattr(cell, statistic)[:, layer]), 1)


def forward_spread(activation: str, scheme: str) -> SeedSummary:
    """The spread (standard deviation) of the activations of the last hidden layer, over the
    batch and the units, in log10 over the seeds: the size of the a_{l-1} in dC/dW = delta a^T."""
    cell = runs.profiles_over_seeds().profile(activation=activation, scheme=scheme)
    return SeedSummary.of_log10(cell.a_std[:, -1])


def standard_factor(activation: str) -> float:
    """n Var(w) E[phi'(z)^2] for the standard initialisation, with z near 0."""
    return WIDTH * weight_variance("standard", WIDTH, WIDTH) * SLOPE_SQUARED_NEAR_0[activation]


def depth_cells(activation: str) -> list:
    """One activation's depth sweep, once per seed."""
    return [sweep.sel(activation=activation) for sweep in runs.depth_sweep_over_seeds()]


def fitted_factor(activation: str) -> SeedSummary:
    """The depth sweep's fitted factor per layer r, over the seeds."""
    return SeedSummary.of([cell.factor for cell in depth_cells(activation)])


def fitted_r(activation: str) -> str:
    return mean_spread(fitted_factor(activation), 3)


def spread_decimals(summary: SeedSummary) -> int:
    """Decimals that show the spread's first significant digit (at least 3), so that a small
    spread is not printed as "± 0.000"."""
    return max(3, -math.floor(math.log10(summary.spread)))


def measured_factor(activation: str, scheme: str) -> str:
    """The measured factor of delta's squared norm per layer (geometric mean over layers), its
    mean and spread over the seeds."""
    measured = runs.factor_over_seeds(activation, scheme)[1]
    return mean_spread(measured, spread_decimals(measured))


def _speed_ratio() -> np.ndarray:
    """Per epoch, the last hidden layer's speed of learning over the first's."""
    return first_over_last(runs.learning_speed().grad_b[:, ::-1])


def _escape_epoch() -> int:
    """The first epoch at which the training accuracy exceeds 40%: the end of the plateau at
    chance (one in three)."""
    return int(np.argmax(runs.learning_speed().accuracy > 0.4))


# The closed-form factor n Var(w) E[phi'(z)^2] per activation, and its square root, the
# per-layer factor of the norm.


def scatter_range(activation: str) -> str:
    """The lowest and highest measured factor of one activation's points in the variance-factor
    figure (each a mean over the seeds)."""
    measured = [runs.factor_over_seeds(activation, s)[1].mean for s in profiles.SCHEMES]
    return f"{min(measured):.2f} and {max(measured):.2f}"


@value
def scatter_sigmoid() -> str:
    return scatter_range("sigmoid")


@value
def scatter_tanh() -> str:
    return scatter_range("tanh")


@value
def scatter_relu() -> str:
    return scatter_range("relu")


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


def depth50(activation: str) -> str:
    """The depth sweep's ratio at its deepest network, geometric mean over the seeds (the
    figure's point), to one significant digit."""
    return sci(geometric_mean([cell.ratio[-1] for cell in depth_cells(activation)]), 1)


@value
def depth50_sigmoid() -> str:
    return depth50("sigmoid")


@value
def depth50_tanh() -> str:
    return depth50("tanh")


@value
def depth50_relu() -> str:
    return depth50("relu")


@value
def fit_r_sigmoid() -> str:
    return fitted_r("sigmoid")


@value
def fit_r_tanh() -> str:
    return fitted_r("tanh")


@value
def fit_r_relu() -> str:
    return fitted_r("relu")


@value
def n_seeds() -> str:
    return str(len(SEEDS))


# First over last hidden layer in 50 layers, weights U(+-1/sqrt n): zero biases ("standard")
# and PyTorch's biases ("pytorch_default"), over the seeds.


@value
def delta_ratio_sigmoid_seeds() -> str:
    return seed_ratio("sigmoid", "delta")


@value
def delta_ratio_tanh_seeds() -> str:
    return seed_ratio("tanh", "delta")


@value
def delta_ratio_relu_seeds() -> str:
    return seed_ratio("relu", "delta")


@value
def delta_ratio_tanh_pytorch_seeds() -> str:
    """The same with PyTorch's biases: they move chi only through the slopes."""
    return seed_ratio("tanh", "delta", "pytorch_default")


@value
def delta_first_sigmoid() -> str:
    return first_layer("sigmoid", "delta")


@value
def delta_first_tanh() -> str:
    return first_layer("tanh", "delta")


@value
def delta_first_relu() -> str:
    return first_layer("relu", "delta")


@value
def grad_w_ratio_sigmoid() -> str:
    return seed_ratio("sigmoid", "grad_W")


@value
def grad_w_ratio_tanh() -> str:
    return seed_ratio("tanh", "grad_W")


@value
def grad_w_ratio_relu() -> str:
    return seed_ratio("relu", "grad_W")


@value
def grad_w_ratio_tanh_pytorch() -> str:
    return seed_ratio("tanh", "grad_W", "pytorch_default")


@value
def grad_w_ratio_relu_pytorch() -> str:
    return seed_ratio("relu", "grad_W", "pytorch_default")


@value
def grad_w_first_sigmoid() -> str:
    return first_layer("sigmoid", "grad_W")


@value
def grad_w_last_sigmoid() -> str:
    return first_layer("sigmoid", "grad_W", layer=-1)


@value
def grad_w_last_tanh_pytorch() -> str:
    return first_layer("tanh", "grad_W", "pytorch_default", layer=-1)


@value
def grad_w_last_relu_pytorch() -> str:
    return first_layer("relu", "grad_W", "pytorch_default", layer=-1)


@value
def grad_w_first_tanh_pytorch() -> str:
    return first_layer("tanh", "grad_W", "pytorch_default")


@value
def grad_w_first_relu_pytorch() -> str:
    return first_layer("relu", "grad_W", "pytorch_default")


@value
def sigmoid_a_mean_last() -> str:
    """The mean activation of the sigmoid network's last hidden layer, zero biases, over the
    batch, the units and the seeds: near sigma(0) = 1/2, not shrinking with depth."""
    return f"{standard_profile('sigmoid').a_mean[:, -1].mean():.2f}"


@value
def grad_w_ratio_sigmoid_pytorch() -> str:
    return seed_ratio("sigmoid", "grad_W", "pytorch_default")


@value
def spread_tanh_zero_bias() -> str:
    return mean_spread(forward_spread("tanh", "standard"))


@value
def spread_tanh_pytorch() -> str:
    return mean_spread(forward_spread("tanh", "pytorch_default"))


@value
def spread_relu_zero_bias() -> str:
    return mean_spread(forward_spread("relu", "standard"))


@value
def spread_relu_pytorch() -> str:
    return mean_spread(forward_spread("relu", "pytorch_default"))


@value
def delta_ratio_relu_he_seeds() -> str:
    """The same ratio for ReLU under He's initialisation."""
    return seed_ratio("relu", "delta", "he_normal")


@value
def delta_ratio_relu_he_range() -> str:
    """The lowest and highest of the seeds' ratios, ReLU under He's initialisation."""
    cell = runs.profiles_over_seeds().profile(activation="relu", scheme="he_normal")
    ratios = first_over_last(cell.delta)
    return f"{ratios.min():.2f} to {ratios.max():.2f}"


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
    """The geometric mean over layers and seeds of ||dC/dW_l||, tanh, standard
    initialisation."""
    return sci(geometric_mean(standard_profile("tanh").grad_W), 1)


@value
def grad_w_relu_typical() -> str:
    return sci(geometric_mean(standard_profile("relu").grad_W), 1)


@value
def factor_table() -> str:
    """Predicted and measured factor per activation (rows) and initialisation (columns), each the
    mean over the seeds, the measured one with its spread."""
    schemes = profiles.SCHEMES
    rows = [
        # The labels without their formulas, e.g. "He (Kaiming) normal".
        "| Activation | " + " | ".join(SCHEMES[s].label.split(",")[0] for s in schemes) + " |",
        "| --- |" + " ---: |" * len(schemes),
    ]
    for a in profiles.ACTIVATIONS:
        cells = (
            f"{predicted.mean:.{d}f} / {measured.mean:.{d}f} ± {measured.spread:.{d}f}"
            for predicted, measured in (runs.factor_over_seeds(a, s) for s in schemes)
            for d in (spread_decimals(measured),)
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


def gap_after_3() -> float:
    """The largest distance from the fixed point, over all starts, after three steps."""
    result = runs.snippet()
    return float(np.abs(result.iterates[:, 3] - result.fixed_point).max())


def round_up(x: float, digits: int = 2) -> float:
    """x rounded up to `digits` significant digits, so that "within" it stays true."""
    scale = 10.0 ** (math.floor(math.log10(x)) - digits + 1)
    return math.ceil(x / scale) * scale


def steepest_contraction() -> float:
    """max |sigma''| on (0, 1/4], where the first step lands: sigma'' = sigma'(1 - 2 sigma) grows
    in size from 0 at x = 0 to its value at x = 1/4 (sigma'' is monotone on [0, 1.3])."""
    s = activations.sigmoid(0.25)
    return float(abs(activations.sigmoid_prime(0.25) * (1 - 2 * s)))


def three_step_bound() -> float:
    """After one step x_1 is in (0, 1/4], at most x* from x*; two more steps each multiply the
    distance by at most steepest_contraction (mean value theorem)."""
    return runs.snippet().fixed_point * steepest_contraction() ** 2


@value
def snippet_gap_after_3() -> str:
    return sci(gap_after_3(), 3)


@value
def snippet_gap_within() -> str:
    """The largest gap after three steps, rounded up: every start is within it."""
    return sci(round_up(gap_after_3()), 2)


@value
def snippet_steepest_contraction() -> str:
    return f"{steepest_contraction():.4f}"


@value
def snippet_three_step_bound() -> str:
    return sci(three_step_bound(), 2)


@value
def sigmoid_prime_at_10() -> str:
    return sci(float(activations.sigmoid_prime(10.0)))


@value
def speed_epochs() -> str:
    return str(runs.learning_speed().epoch[-1])


@value
def speed_ratio_start() -> str:
    return f"{_speed_ratio()[0]:.0f}"


@value
def speed_plateau_end() -> str:
    return str(_escape_epoch())


@value
def speed_plateau_ratio_end() -> str:
    """The last layer's speed over the first's when the accuracy leaves chance."""
    return f"{_speed_ratio()[_escape_epoch()]:.0f}"


@value
def speed_cross_epoch() -> str:
    """The first epoch at which the first hidden layer learns faster than the last."""
    return str(int(np.argmax(_speed_ratio() < 1)))


@value
def speed_first_90() -> str:
    """The first epoch at which the training accuracy reaches 90%."""
    return str(int(np.argmax(runs.learning_speed().accuracy >= 0.9)))


@value
def speed_late_reversal() -> str:
    """The first hidden layer's speed over the last's, median over the last 20 epochs."""
    return f"{1 / np.median(_speed_ratio()[-20:]):.1f}"


# The same run repeated over the seeds: the stages recur, at different epochs.


def speed_ratios_over_seeds() -> list[np.ndarray]:
    """Per seed, per epoch, the last hidden layer's speed of learning over the first's."""
    return [first_over_last(h.grad_b[:, ::-1]) for h in runs.learning_speed_over_seeds()]


def first_epochs(condition) -> np.ndarray:
    """Per seed, the first epoch at which condition(accuracy) holds (every seed reaches it)."""
    hits = [condition(h.accuracy) for h in runs.learning_speed_over_seeds()]
    if not all(hit.any() for hit in hits):
        raise ValueError("a seed never reaches the threshold")
    return np.array([int(np.argmax(hit)) for hit in hits])


@value
def speed_ratio_start_seeds() -> str:
    return mean_spread(SeedSummary.of_log10([r[0] for r in speed_ratios_over_seeds()]))


@value
def speed_plateau_end_range() -> str:
    epochs = first_epochs(lambda accuracy: accuracy > 0.4)
    return f"{epochs.min()} and {epochs.max()}"


@value
def speed_first_90_range() -> str:
    epochs = first_epochs(lambda accuracy: accuracy >= 0.9)
    return f"{epochs.min()} and {epochs.max()}"


def late_reversals() -> np.ndarray:
    """Per seed, the first hidden layer's speed over the last's, median over the last 20 epochs."""
    return np.array([1 / np.median(r[-20:]) for r in speed_ratios_over_seeds()])


@value
def speed_reversal_count() -> str:
    return str(int(np.sum(late_reversals() > 1)))


@value
def speed_late_reversal_range() -> str:
    return f"{late_reversals().min():.1f} to {late_reversals().max():.1f}"


@value
def speed_final_accuracy_range() -> str:
    final = [h.accuracy[-1] for h in runs.learning_speed_over_seeds()]
    return f"{percent(min(final), 1)} to {percent(max(final), 1)}"


@value
def float64_resolution() -> str:
    """The spacing of float64 numbers relative to their size: 2^-52."""
    return sci(float(np.finfo(np.float64).eps), 1)


@value
def speed_final_accuracy() -> str:
    return percent(runs.learning_speed().accuracy[-1])


def relu_steps() -> int:
    """The steps from the last hidden layer to the first: 49 in 50 layers."""
    return standard_profile("relu").delta.shape[-1] - 1


def relu_own_factors() -> np.ndarray:
    """Per seed, the 50-layer ReLU network's own factor per layer of ||delta||^2:
    (||delta_1|| / ||delta_50||)^(2/49)."""
    return first_over_last(standard_profile("relu").delta) ** (2 / relu_steps())


@value
def relu_predicted_ratio() -> str:
    """(1/6)^(49/2): the closed-form ReLU factor per layer, over the 49 steps of 50 layers."""
    return sci(standard_factor("relu") ** (relu_steps() / 2))


@value
def relu_predicted_log10() -> str:
    """The same prediction as a power of ten, written as the seed means are."""
    exponent = math.log10(standard_factor("relu")) * relu_steps() / 2
    return f"10^({exponent:.2f})".replace("-", "−")


@value
def relu_seed0_ratio() -> str:
    return sci(first_over_last(standard_profile("relu").delta[SEEDS.index(0)]))


@value
def relu_seed0_factor() -> str:
    return f"{relu_own_factors()[SEEDS.index(0)]:.3f}"


@value
def relu_own_factor_range() -> str:
    factors = relu_own_factors()
    return f"{factors.min():.3f} to {factors.max():.3f}"


@value
def relu_20_layer_factor() -> str:
    """The table's measured factor for ReLU, standard initialisation: 20-layer networks, mean
    and spread over the seeds."""
    return measured_factor("relu", "standard")


@value
def factor_depth() -> str:
    return str(FACTOR_DEPTH)


@value
def he_variance() -> str:
    return f"{weight_variance('he_normal', WIDTH, WIDTH):g}"
