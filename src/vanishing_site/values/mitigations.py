"""Numbers quoted in the chapter on mitigations."""

import math

import numpy as np

from vanishing.experiments.profiles import DEPTH, SCHEMES, WIDTH
from vanishing.experiments.results import SeedSummary, first_over_last
from vanishing.initialisation import init_weights, weight_variance
from vanishing.meanfield import edge_of_chaos
from vanishing.residual import DEPTH as RES_DEPTH
from vanishing.residual import SMALL_ALPHA, predicted_growth, relu_chi
from vanishing_site import runs
from vanishing_site.values import mean_spread, number, percent, sci, value

# Exercise 3: a first layer from 784 inputs (28 × 28 pixels) to 100 units.
FAN_IN, FAN_OUT = 784, 100


# Initialisation: the variances at the profiles' width


@value
def var_standard() -> str:
    return f"{weight_variance('standard', WIDTH, WIDTH):.4f}"


@value
def var_lecun() -> str:
    return f"{weight_variance('lecun_normal', WIDTH, WIDTH):.4f}"


@value
def var_xavier() -> str:
    return f"{weight_variance('xavier_normal', WIDTH, WIDTH):.4f}"


@value
def var_orthogonal() -> str:
    return f"{weight_variance('orthogonal', WIDTH, WIDTH):.4f}"


@value
def var_he() -> str:
    return f"{weight_variance('he_normal', WIDTH, WIDTH):.4f}"


@value
def std_standard() -> str:
    return f"{math.sqrt(weight_variance('standard', WIDTH, WIDTH)):.4f}"


@value
def std_he() -> str:
    return f"{math.sqrt(weight_variance('he_normal', WIDTH, WIDTH)):.4f}"


@value
def he_over_standard_std() -> str:
    """sqrt(Var_He / Var_standard) = sqrt 6 at any width."""
    he, standard = (weight_variance(s, WIDTH, WIDTH) for s in ("he_normal", "standard"))
    return f"{math.sqrt(he / standard):.2f}"


@value
def exercise_xavier() -> str:
    return f"{weight_variance('xavier_normal', FAN_IN, FAN_OUT):.5f}"


@value
def exercise_lecun() -> str:
    return f"{weight_variance('lecun_normal', FAN_IN, FAN_OUT):.5f}"


@value
def exercise_ratio() -> str:
    ratio = weight_variance("xavier_normal", FAN_IN, FAN_OUT) / weight_variance(
        "lecun_normal", FAN_IN, FAN_OUT
    )
    return f"{ratio:.2f}"


# The per-layer factor of delta's squared norm: predicted n Var(w) E[ReLU'(z)^2] with
# E[ReLU'(z)^2] = P(z > 0) = 1/2 for symmetric pre-activations, and measured as the geometric
# mean over the 50-layer profile, (||delta_1|| / ||delta_L||)^(2 / (L - 1)).


def relu_factors(scheme: str) -> SeedSummary:
    """(||delta_1|| / ||delta_L||)^(2 / (L - 1)) per seed: the geometric-mean factor per layer."""
    cells = runs.profile_seeds("relu", scheme)
    return SeedSummary.of([first_over_last(c.delta) ** (2 / (DEPTH - 1)) for c in cells])


@value
def relu_standard_factor_predicted() -> str:
    return f"{WIDTH * weight_variance('standard', WIDTH, WIDTH) / 2:.3f}"


@value
def relu_standard_factor_measured() -> str:
    return mean_spread(relu_factors("standard"), 3)


@value
def relu_he_factor_measured() -> str:
    return mean_spread(relu_factors("he_normal"), 3)


# PyTorch's default with its biases (pytorch_default) against its weights alone (standard),
# over seeds


def torch_summary(
    activation: str, scheme: str, statistic: str, batchnorm: bool = False
) -> SeedSummary:
    """statistic's first/last ratio (log10) or, for a_std, its last-layer value over seeds."""
    cells = runs.profile_seeds(activation, scheme, batchnorm)
    if statistic == "a_std":
        return SeedSummary.of_log10([c.a_std[-1] for c in cells])
    return SeedSummary.of_log10([first_over_last(getattr(c, statistic)) for c in cells])


@value
def torch_relu_delta_standard() -> str:
    return mean_spread(torch_summary("relu", "standard", "delta"))


@value
def torch_relu_delta_default() -> str:
    return mean_spread(torch_summary("relu", "pytorch_default", "delta"))


@value
def torch_tanh_a_std_default() -> str:
    return mean_spread(torch_summary("tanh", "pytorch_default", "a_std"))


@value
def torch_tanh_delta_standard() -> str:
    return mean_spread(torch_summary("tanh", "standard", "delta"))


@value
def torch_tanh_delta_default() -> str:
    return mean_spread(torch_summary("tanh", "pytorch_default", "delta"))


@value
def torch_relu_a_std_default() -> str:
    return mean_spread(torch_summary("relu", "pytorch_default", "a_std"))


# Orthogonal initialisation (Saxe et al. 2014): the singular values of a product of layers


ORTHOGONAL_SEEDS = range(8)


def product_singular_values(scheme: str, seed: int) -> np.ndarray:
    """Singular values of W_L ... W_1, the input-output map of a deep linear network of the
    profiles' depth and width, each W from `scheme`."""
    rng = np.random.default_rng(seed)
    product = np.eye(WIDTH)
    for _ in range(DEPTH):
        product = init_weights(scheme, WIDTH, WIDTH, rng) @ product
    return np.linalg.svd(product, compute_uv=False)


def gaussian_product_ratios() -> list[float]:
    """Largest over median singular value of the product under LeCun's normal scheme, per seed.
    (The median, not the smallest: the smallest falls below float64's resolution of the
    product, 1e-16 of its largest.)"""
    ratios = []
    for seed in ORTHOGONAL_SEEDS:
        values = product_singular_values("lecun_normal", seed)
        ratios.append(values.max() / np.median(values))
    return ratios


@value
def gaussian_product_spread() -> str:
    return mean_spread(SeedSummary.of_log10(gaussian_product_ratios()))


@value
def orthogonal_product_deviation() -> str:
    """The largest distance from 1 of any singular value of the orthogonal product, any seed."""
    deviation = max(
        np.abs(product_singular_values("orthogonal", seed) - 1).max() for seed in ORTHOGONAL_SEEDS
    )
    return sci(deviation, 1)


def tanh_jacobian_ratios(weights: str) -> SeedSummary:
    """Largest over median singular value of the tanh network's Jacobian, per seed (log10)."""
    values = runs.tanh_jacobian(weights).singular_values
    return SeedSummary.of_log10(values[:, 0] / np.median(values, axis=1))


@value
def tanh_jacobian_gaussian() -> str:
    return mean_spread(tanh_jacobian_ratios("gaussian"))


@value
def tanh_jacobian_orthogonal() -> str:
    return mean_spread(tanh_jacobian_ratios("orthogonal"))


# Activation statistics and gradients per scheme (gradient_profiles)


def last_a_std(activation: str, scheme: str) -> SeedSummary:
    """The spread of the last hidden layer's activations over the seeds (log10)."""
    return torch_summary(activation, scheme, "a_std")


@value
def tanh_a_std_standard() -> str:
    return mean_spread(last_a_std("tanh", "standard"))


@value
def tanh_a_std_xavier() -> str:
    return mean_spread(last_a_std("tanh", "xavier_normal"))


@value
def relu_a_std_standard() -> str:
    return mean_spread(last_a_std("relu", "standard"))


@value
def relu_a_std_he() -> str:
    return mean_spread(last_a_std("relu", "he_normal"))


@value
def tanh_delta_xavier() -> str:
    return mean_spread(torch_summary("tanh", "xavier_normal", "delta"))


@value
def relu_delta_he() -> str:
    return mean_spread(torch_summary("relu", "he_normal", "delta"))


def sigmoid_best_scheme() -> str:
    """The scheme under which the sigmoid network keeps most of its signal, by the seed mean."""
    return max(SCHEMES, key=lambda s: torch_summary("sigmoid", s, "delta").mean)


@value
def sigmoid_delta_best() -> str:
    return mean_spread(torch_summary("sigmoid", sigmoid_best_scheme(), "delta"))


@value
def sigmoid_edge_of_chaos() -> str:
    """sigma_w^2 = n Var(w) at which the sigmoid's chi_1 = 1 with zero biases (mean field)."""
    return f"{float(edge_of_chaos('sigmoid', 0.0)):.0f}"


# Leaky ReLU and ELU after a bias shift (zero_gradient_units)


def at_shift(activation: str, shift: float):
    return runs.zero_gradient().sel(activation=activation, shift=shift)


@value
def relu_no_gradient_at_0() -> str:
    return percent(at_shift("relu", 0.0).zero_gradient)


@value
def relu_no_gradient_at_half() -> str:
    return percent(at_shift("relu", -0.5).zero_gradient)


@value
def relu_dead_at_half() -> str:
    return percent(runs.dead_after_shift().sel(shift=-0.5).dead)


@value
def relu_no_gradient_at_1() -> str:
    return percent(at_shift("relu", -1.0).zero_gradient)


@value
def relu_grad_w1_at_0() -> str:
    """||dC/dW_1|| of the ReLU network without a shift: the scale the others compare with."""
    return number(at_shift("relu", 0.0).grad_W[0])


@value
def relu_grad_w1_at_1() -> str:
    return f"{at_shift('relu', -1.0).grad_W[0]:g}"


@value
def leaky_grad_w1_at_1() -> str:
    return number(at_shift("leaky_relu", -1.0).grad_W[0])


@value
def elu_grad_w1_at_1() -> str:
    return number(at_shift("elu", -1.0).grad_W[0])


@value
def leaky_grad_w1_at_3() -> str:
    return number(at_shift("leaky_relu", -3.0).grad_W[0])


@value
def elu_grad_w1_at_3() -> str:
    return number(at_shift("elu", -3.0).grad_W[0])


# Batch normalisation


def batchnorm_ratio(activation: str) -> SeedSummary:
    return torch_summary(activation, "standard", "delta", batchnorm=True)


@value
def plain_sigmoid_ratio() -> str:
    """The sigmoid network's first/last ratio without normalisation, over the same seeds."""
    return mean_spread(torch_summary("sigmoid", "standard", "delta"))


@value
def bn_sigmoid_ratio() -> str:
    return mean_spread(batchnorm_ratio("sigmoid"))


@value
def bn_tanh_ratio() -> str:
    return mean_spread(batchnorm_ratio("tanh"))


@value
def bn_relu_ratio() -> str:
    return mean_spread(batchnorm_ratio("relu"))


@value
def bn_relu_ratio_typical() -> str:
    """The geometric mean over seeds of the ReLU network's first/last ratio with BN."""
    return number(batchnorm_ratio("relu").geometric_mean)


@value
def bn_relu_factor_per_layer() -> str:
    """The geometric-mean growth of ||delta|| per layer, going down, with BN and ReLU."""
    return f"{batchnorm_ratio('relu').geometric_mean ** (1 / (DEPTH - 1)):.3f}"


def relu_summary(statistic: str, batchnorm: bool) -> SeedSummary:
    """statistic of the ReLU network's last hidden layer (standard scheme), or for "dead" the
    fraction of dead units averaged over the layers, once per seed."""
    cells = runs.profile_seeds("relu", "standard", batchnorm)
    if statistic == "dead":
        return SeedSummary.of([c.dead.mean() for c in cells])
    return SeedSummary.of([getattr(c, statistic)[-1] for c in cells])


def percent_spread(summary: SeedSummary) -> str:
    """A SeedSummary of fractions as 'mean% ± spread% over n seeds'."""
    return f"{percent(summary.mean)} ± {percent(summary.spread)} over {summary.n} seeds"


@value
def bn_relu_a_std() -> str:
    """The spread of the last hidden layer's ReLU activations with batch normalisation."""
    return mean_spread(relu_summary("a_std", batchnorm=True))


@value
def plain_relu_dead() -> str:
    """Dead units (zero on the whole batch) in the plain ReLU network, mean over layers."""
    return percent_spread(relu_summary("dead", batchnorm=False))


@value
def bn_relu_dead() -> str:
    return percent_spread(relu_summary("dead", batchnorm=True))


# Residual connections: the block that ends in phi against the one that ends in a linear layer,
# over the seeds of residual.residual_blocks


def blocks_growth(activation: str, variant: str):
    return runs.residual_blocks().backward_growth(activation, variant)


@value
def res_seeds() -> str:
    return str(len(runs.residual_blocks().seeds))


@value
def res_alpha_small() -> str:
    return f"{SMALL_ALPHA:g}"


@value
def res_chi_relu() -> str:
    """chi = n Var(w) / 2 for ReLU at PyTorch's weight scale: 1/6."""
    return f"{relu_chi():.3f}"


@value
def res_relu_predicted_backward() -> str:
    """(1 + chi)^((L - 1) / 2): from delta_L down to delta_1 through L - 1 blocks."""
    return number(predicted_growth(relu_chi(), RES_DEPTH - 1))


@value
def res_relu_predicted_forward() -> str:
    """(1 + chi)^(L / 2): from h_0 up to h_L through L blocks."""
    return number(predicted_growth(relu_chi(), RES_DEPTH))


@value
def res_linear_relu_geo() -> str:
    return number(blocks_growth("relu", "ends_in_linear").geometric_mean)


@value
def res_phi_relu_geo() -> str:
    return number(blocks_growth("relu", "ends_in_phi").geometric_mean)


@value
def res_linear_relu() -> str:
    return mean_spread(blocks_growth("relu", "ends_in_linear"))


@value
def res_linear_tanh() -> str:
    return mean_spread(blocks_growth("tanh", "ends_in_linear"))


@value
def res_linear_sigmoid() -> str:
    return mean_spread(blocks_growth("sigmoid", "ends_in_linear"))


@value
def res_phi_relu() -> str:
    return mean_spread(blocks_growth("relu", "ends_in_phi"))


@value
def res_phi_tanh() -> str:
    return mean_spread(blocks_growth("tanh", "ends_in_phi"))


@value
def res_phi_sigmoid() -> str:
    return mean_spread(blocks_growth("sigmoid", "ends_in_phi"))


@value
def res_linear_relu_forward() -> str:
    """||h_L|| / ||h_0|| for the ReLU block that ends in a linear layer."""
    return mean_spread(runs.residual_blocks().forward_growth("relu", "ends_in_linear"))


@value
def res_phi_relu_forward() -> str:
    return mean_spread(runs.residual_blocks().forward_growth("relu", "ends_in_phi"))


@value
def res_small_range() -> str:
    """The geometric-mean first/last ratios with the small branch scale, smallest to largest over
    the activations."""
    blocks = runs.residual_blocks()
    ratios = [blocks_growth(a, "ends_in_linear_small").geometric_mean for a in blocks.activations]
    return f"{min(ratios):.2f} to {max(ratios):.2f}"


@value
def res_small_spread() -> str:
    """The largest seed spread (in log10) of those ratios."""
    blocks = runs.residual_blocks()
    return f"{max(blocks_growth(a, 'ends_in_linear_small').spread for a in blocks.activations):.3f}"


# Why the block that ends in phi grows backwards: the cross term 2 v.A v / ||v||^2 per block


@value
def res_linear_cross() -> str:
    return mean_spread(runs.residual_cross_terms("ends_in_linear")[0], 3)


@value
def res_phi_cross() -> str:
    return mean_spread(runs.residual_cross_terms("ends_in_phi")[0], 3)


@value
def res_phi_permuted() -> str:
    """||dC/dh_1|| / ||dC/dh_L|| with the slopes of each block given to permuted units."""
    return mean_spread(runs.residual_cross_terms("ends_in_phi", permute_slopes=True)[1])
