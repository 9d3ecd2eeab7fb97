"""Numbers quoted in the chapter on exploding gradients."""

import math

import numpy as np

from vanishing import exploding, meanfield
from vanishing.experiments import first_over_last
from vanishing.experiments.results import SeedSummary
from vanishing_site import runs
from vanishing_site.values import mean_spread, number, percent, sci, value


def relu_ratios() -> np.ndarray:
    """||delta_1|| / ||delta_L|| per seed at initialisation, ReLU network at gain g."""
    return first_over_last(runs.clipping().delta_at_init)


def tanh_factors() -> np.ndarray:
    """Per seed, the geometric mean over layers of the measured factor of ||delta||^2."""
    return np.exp(np.log(runs.tanh_chaotic().factor).mean(axis=1))


def relu_random_ratios(width: int) -> np.ndarray:
    """||delta_1|| / ||delta_L|| per seed for random vectors back-propagated through the ReLU
    network at the given width: the square root of the product of the per-layer factors."""
    return np.sqrt(np.prod(runs.relu_random_vectors()[width].factor, axis=1))


def product(n: int, sigma2: float) -> exploding.RandomProduct:
    return runs.random_products()[runs.RANDOM_PRODUCTS.index((n, sigma2))]


def n2_product() -> exploding.RandomProduct:
    return product(2, 1.0)


def float_range(dtype: str) -> float:
    """ln of the largest finite number of NumPy's dtype."""
    return math.log(np.finfo(dtype).max)


def float_layers(dtype: str) -> np.ndarray:
    """The first layer with an inf entry, per seed."""
    return np.array([limit.layer for limit in runs.float_limits()[dtype]])


def float_growth() -> float:
    """The exact mean log-growth per layer of the float-limit product."""
    limit = runs.FLOAT_LIMIT
    return exploding.log_growth_per_layer(limit["n"], limit["sigma2"])[0]


# Nielsen's chain


@value
def chain_factor() -> str:
    """w sigma'(z) at every layer of the chain: d a_L/d b_l over d a_L/d b_(l+1)."""
    chain = runs.nielsen_chain()
    return f"{chain.dadb[0] / chain.dadb[1]:.0f}"


@value
def chain_window() -> str:
    """The width of the inputs a for which w sigma'(w a + b) >= 1 at the chain's weight."""
    return f"{exploding.unstable_window(runs.nielsen_chain().weights[0]):.3f}"


@value
def chain_gradient_b1() -> str:
    return f"{runs.nielsen_chain().dadb[0]:,.0f}"


@value
def chain_gradient_b_last() -> str:
    return f"{runs.nielsen_chain().dadb[-1]:g}"


# The plain networks at initialisation


@value
def seed_count() -> str:
    return str(len(runs.EXPLODING_SEEDS))


@value
def relu_gain() -> str:
    return f"{runs.clipping().gain:g}"


@value
def relu_depth() -> str:
    return str(runs.clipping().depth)


@value
def relu_width() -> str:
    return str(runs.clipping().width)


@value
def relu_sigma_w2() -> str:
    """He's 2 times the gain squared."""
    return f"{2 * runs.clipping().gain ** 2:g}"


@value
def relu_chi() -> str:
    """sigma_w^2 / 2: ReLU passes half of the squared signal."""
    return f"{runs.clipping().gain ** 2:g}"


@value
def relu_ratio_predicted() -> str:
    result = runs.clipping()
    return f"{result.gain ** (result.depth - 1):.1f}"


@value
def relu_ratio_measured() -> str:
    return mean_spread(SeedSummary.of_log10(relu_ratios()))


@value
def relu_ratio_geometric() -> str:
    return f"{SeedSummary.of_log10(relu_ratios()).geometric_mean:.0f}"


@value
def relu_factor_measured() -> str:
    """The per-layer factor of the norm: the ratio's (L-1)-th root, geometric mean over seeds."""
    steps = runs.clipping().depth - 1
    return f"{SeedSummary.of_log10(relu_ratios()).geometric_mean ** (1 / steps):.2f}"


@value
def tanh_sigma_w2() -> str:
    return f"{runs.TANH_CHAOTIC['sigma_w2']:g}"


@value
def tanh_width() -> str:
    return str(runs.TANH_CHAOTIC["width"])


@value
def tanh_critical() -> str:
    """The edge of chaos of tanh at sigma_b^2 = 0: chi_1 = 1."""
    return f"{float(meanfield.edge_of_chaos('tanh', runs.TANH_CHAOTIC['sigma_b2'])):.3f}"


@value
def tanh_q_star() -> str:
    s = runs.TANH_CHAOTIC
    return f"{float(meanfield.length_fixed_point('tanh', s['sigma_w2'], s['sigma_b2'])):.2f}"


@value
def tanh_chi1() -> str:
    return f"{runs.tanh_chaotic_chi1():.3f}"


@value
def tanh_factor_measured() -> str:
    return mean_spread(SeedSummary.of(tanh_factors()), 3)


@value
def tanh_ratio_geometric() -> str:
    ratios = runs.tanh_chaotic_profile()[:, 0]
    return f"{SeedSummary.of_log10(ratios).geometric_mean:.1f}"


@value
def tanh_ratio_measured() -> str:
    return mean_spread(SeedSummary.of_log10(runs.tanh_chaotic_profile()[:, 0]))


@value
def tanh_ratio_predicted() -> str:
    return f"{runs.tanh_chaotic_chi1() ** ((runs.EXPLODING_DEPTH - 1) / 2):.1f}"


# The product of random matrices


@value
def product_seed_count() -> str:
    return str(len(n2_product().log_norms))


@value
def product_depth() -> str:
    return str(runs.RANDOM_PRODUCT_DEPTH)


@value
def product_n2_exact() -> str:
    """-gamma / 2: E log(||Wv|| / ||v||) at n = 2, sigma^2 = 1."""
    return f"{n2_product().exact_mean:.4f}".replace("-", "−")


@value
def product_n2_measured() -> str:
    """The measured mean increment and its standard error over seeds and layers."""
    result = n2_product()
    error = math.sqrt(result.exact_var / result.log_norms[:, 1:].size)
    return f"{result.measured_mean:.3f} ± {error:.3f}".replace("-", "−")


@value
def product_n2_typical_factor() -> str:
    return f"{math.exp(n2_product().exact_mean):.3f}"


@value
def product_n2_at_depth() -> str:
    """The mean over seeds of ln ||W_L ... W_1 v|| at the last depth."""
    return f"{n2_product().log_norms[:, -1].mean():.0f}".replace("-", "−")


@value
def product_n2_largest() -> str:
    """The largest ||W_L ... W_1 v|| over the seeds at the last depth, while E||.||^2 = 1."""
    return sci(math.exp(n2_product().log_norms[:, -1].max()), 1)


@value
def product_n2_spread() -> str:
    """sqrt(L Var): the exact standard deviation of ln ||W_L ... W_1 v|| at the last depth."""
    return f"{math.sqrt(runs.RANDOM_PRODUCT_DEPTH * n2_product().exact_var):.1f}"


@value
def product_n2_spread_measured() -> str:
    """The seeds' standard deviation of ln ||W_L ... W_1 v|| at the last depth."""
    return f"{np.std(n2_product().log_norms[:, -1], ddof=1):.1f}"


@value
def critical_n2() -> str:
    return f"{exploding.critical_sigma2(2):.3f}"


@value
def critical_n64() -> str:
    return f"{exploding.critical_sigma2(64):.4f}"


@value
def product_n64_exact() -> str:
    return f"{product(64, 1.0).exact_mean:.5f}".replace("-", "−")


@value
def jensen_gap_n2() -> str:
    """(1/2) log sigma^2 minus the exact mean log: the gap between the log of the mean and the
    mean of the log, per layer, at n = 2."""
    result = n2_product()
    return f"{0.5 * math.log(result.sigma2) - result.exact_mean:.4f}"


# Float overflow


@value
def float_n() -> str:
    return str(runs.FLOAT_LIMIT["n"])


@value
def float_sigma2() -> str:
    return f"{runs.FLOAT_LIMIT['sigma2']:g}"


@value
def float_growth_per_layer() -> str:
    return f"{float_growth():.4f}"


@value
def float_factor_per_layer() -> str:
    return f"{math.exp(float_growth()):.3f}"


@value
def float32_max() -> str:
    return sci(float(np.finfo("float32").max))


@value
def float64_max() -> str:
    return sci(float(np.finfo("float64").max))


@value
def float32_log_max() -> str:
    return f"{float_range('float32'):.2f}"


@value
def float64_log_max() -> str:
    return f"{float_range('float64'):.2f}"


@value
def float32_predicted() -> str:
    return f"{float_range('float32') / float_growth():.1f}"


@value
def float64_predicted() -> str:
    return f"{float_range('float64') / float_growth():.1f}"


@value
def float32_layer() -> str:
    return mean_spread(SeedSummary.of(float_layers("float32")), 1)


@value
def float64_layer() -> str:
    return mean_spread(SeedSummary.of(float_layers("float64")), 1)


# Clipping in training


@value
def clip_max_norm() -> str:
    return f"{runs.clipping().max_norm:g}"


@value
def clip_steps() -> str:
    return str(runs.clipping().steps[-1])


@value
def clip_lr() -> str:
    return f"{runs.clipping().lr:g}"


@value
def diverged_steps() -> str:
    """The steps at which the unclipped runs first met a non-finite minibatch loss."""
    steps = runs.clipping().diverged_at
    low, high = steps.min(), steps.max()
    return f"{low}" if low == high else f"{low} to {high}"


@value
def diverged_count() -> str:
    result = runs.clipping()
    return f"{int((result.diverged_at > 0).sum())} of {len(result.seeds)}"


@value
def initial_loss_range() -> str:
    loss = runs.clipping().clipped_loss[:, 0]
    return f"{loss.min():.0f} and {loss.max():.0f}"


@value
def unclipped_highest_loss() -> str:
    return sci(float(np.nanmax(runs.clipping_first_steps().unclipped_loss)), 1)


@value
def unclipped_last_finite_steps() -> str:
    """The last step after which the unclipped runs' training loss was finite, over seeds."""
    loss = runs.clipping_first_steps().unclipped_loss
    last = [int(np.flatnonzero(np.isfinite(row))[-1]) for row in loss]
    return f"{min(last)}" if min(last) == max(last) else f"{min(last)} or {max(last)}"


@value
def initial_grad_norm_geometric() -> str:
    return number(SeedSummary.of_log10(runs.clipping().grad_norm[:, 0]).geometric_mean)


@value
def clipped_final_loss_median() -> str:
    return number(float(np.median(runs.clipping().clipped_loss[:, -1])))


@value
def initial_grad_norm() -> str:
    """The gradient's norm at the first step (before clipping), in log10 over seeds."""
    return mean_spread(SeedSummary.of_log10(runs.clipping().grad_norm[:, 0]))


@value
def first_step_length() -> str:
    """lr ||g||: how far the first unclipped step moves the parameters (geometric mean)."""
    result = runs.clipping()
    return f"{result.lr * SeedSummary.of_log10(result.grad_norm[:, 0]).geometric_mean:.0f}"


@value
def first_step_relative() -> str:
    """lr ||g|| over the norm of the initial parameters, per seed, in percent."""
    result = runs.clipping()
    norms = []
    for seed in result.seeds:
        params = exploding._gained_network(seed, result.gain, result.depth, result.width)[0]
        norms.append(math.sqrt(sum(np.sum(p[k] ** 2) for p in params for k in ("W", "b"))))
    relative = 100 * result.lr * result.grad_norm[:, 0] / np.array(norms)
    summary = SeedSummary.of(relative)
    return f"{summary.mean:.0f}% ± {summary.spread:.0f}% over {summary.n} seeds"


@value
def clipped_step_length() -> str:
    result = runs.clipping()
    return f"{result.lr * result.max_norm:g}"


@value
def clipped_fraction() -> str:
    """The fraction of steps at which the clip was active, mean and spread over seeds."""
    active = (runs.clipping().grad_norm > runs.clipping().max_norm).mean(axis=1)
    summary = SeedSummary.of(100 * active)
    return f"{summary.mean:.0f}% ± {summary.spread:.0f}% over {summary.n} seeds"


@value
def clipped_final_loss() -> str:
    return mean_spread(SeedSummary.of_log10(runs.clipping().clipped_loss[:, -1]))


@value
def clipped_final_loss_geometric() -> str:
    return number(SeedSummary.of_log10(runs.clipping().clipped_loss[:, -1]).geometric_mean)


@value
def clipped_final_accuracy() -> str:
    accuracy = runs.clipping().clipped_accuracy[:, -1]
    summary = SeedSummary.of(100 * accuracy)
    return f"{summary.mean:.1f}% ± {summary.spread:.1f}% over {summary.n} seeds"


@value
def clipped_worst_accuracy() -> str:
    return percent(runs.clipping().clipped_accuracy[:, -1].min(), 1)


@value
def float_layer_ratio() -> str:
    return mean_spread(SeedSummary.of(float_layers("float64") / float_layers("float32")), 2)


@value
def float_log_ratio() -> str:
    return f"{float_range('float64') / float_range('float32'):.2f}"


@value
def float16_max() -> str:
    return f"{float(np.finfo('float16').max):g}"


@value
def relu_log_spread() -> str:
    return f"{SeedSummary.of_log10(relu_ratios()).spread:.2f}"


@value
def tanh_log_spread() -> str:
    return f"{SeedSummary.of_log10(runs.tanh_chaotic_profile()[:, 0]).spread:.3f}"


@value
def relu_random_spread_narrow() -> str:
    """The seeds' standard deviation of log10 ||delta_1|| / ||delta_L||, random vectors, the
    ReLU network's own width."""
    return f"{relu_random_spreads()[0]:.2f}"


@value
def relu_random_spread_wide() -> str:
    """The same at tanh's width."""
    return f"{relu_random_spreads()[1]:.3f}"


def relu_random_spreads() -> tuple[float, float]:
    return tuple(SeedSummary.of_log10(relu_random_ratios(w)).spread for w in runs.RELU_WIDTHS)


@value
def relu_random_spread_drop() -> str:
    narrow, wide = relu_random_spreads()
    return f"{narrow / wide:.1f}"


@value
def sqrt_width_ratio() -> str:
    """What a spread proportional to 1/sqrt(n) would fall by between the two widths."""
    narrow, wide = runs.RELU_WIDTHS
    return f"{math.sqrt(wide / narrow):.1f}"
