"""Numbers quoted in the chapter on signal propagation: the mean-field theory of tanh networks
against measurements, the sigmoid's edge of chaos, and the Jacobian's singular values."""

import functools
import math

from vanishing import meanfield
from vanishing.collapse import DEPTH as SPIRALS_DEPTH
from vanishing.collapse import WIDTH as SPIRALS_WIDTH
from vanishing.experiments import signal_propagation as signal
from vanishing.initialisation import weight_variance
from vanishing_site import runs
from vanishing_site.values import mean_spread, number, percent, sci, value


@functools.cache
def _phase(name):
    return signal.phase_sigma_w2()[name]


# Settings


@value
def width() -> str:
    return str(signal.WIDTH)


@value
def depth() -> str:
    return str(signal.DEPTH)


@value
def seeds() -> str:
    return str(len(signal.SEEDS))


@value
def inputs() -> str:
    return str(signal.INPUT_COUNT)


@value
def input_cosine() -> str:
    return f"{signal.INPUT_COSINE:g}"


@value
def sigma_b2() -> str:
    return f"{signal.SIGMA_B2:g}"


@value
def small_sigma_b2() -> str:
    return sci(signal.SMALL_SIGMA_B2, 1)


@value
def sigma_w2_ordered() -> str:
    return f"{_phase('ordered'):g}"


@value
def sigma_w2_chaotic() -> str:
    return f"{_phase('chaotic'):g}"


@value
def linear_depth() -> str:
    return str(signal.LINEAR_DEPTH)


@value
def linear_width() -> str:
    return str(signal.LINEAR_WIDTH)


@value
def tanh_depth() -> str:
    return str(signal.TANH_DEPTH)


@value
def gradient_depth() -> str:
    return str(signal.GRADIENT_DEPTH)


# The phase diagram


@value
def phase_w_min() -> str:
    return f"{signal.PHASE_SIGMA_W2[0]:g}"


@value
def phase_w_max() -> str:
    return f"{signal.PHASE_SIGMA_W2[-1]:g}"


@value
def phase_b_max() -> str:
    return f"{signal.PHASE_SIGMA_B2[-1]:g}"


@value
def edge_at_b_max() -> str:
    return f"{runs.signal_phase_diagram().boundary_sigma_w2[-1]:.2f}"


@value
def edge_zero_bias() -> str:
    """tanh's edge of chaos at sigma_b^2 = 0: sigma_w^2 = 1 (q* = 0, tanh'(0) = 1)."""
    return f"{signal.critical_sigma_w2(0.0):.3f}"


@value
def sigma_w2_critical() -> str:
    return f"{_phase('critical'):.3f}"


@value
def chi1_ordered() -> str:
    return f"{meanfield.chi1(signal.ACTIVATION, _phase('ordered'), signal.SIGMA_B2):.3f}"


@value
def chi1_chaotic() -> str:
    return f"{meanfield.chi1(signal.ACTIVATION, _phase('chaotic'), signal.SIGMA_B2):.3f}"


@functools.cache
def _q_star(phase):
    return float(meanfield.length_fixed_point(signal.ACTIVATION, _phase(phase), signal.SIGMA_B2))


@value
def q_star_ordered() -> str:
    return f"{_q_star('ordered'):.3f}"


@value
def q_star_critical() -> str:
    return f"{_q_star('critical'):.3f}"


@value
def q_star_chaotic() -> str:
    return f"{_q_star('chaotic'):.3f}"


@value
def c_star_chaotic() -> str:
    c = meanfield.correlation_fixed_point(signal.ACTIVATION, _phase("chaotic"), signal.SIGMA_B2)
    return f"{float(c):.2f}"


@functools.cache
def _xi(phase):
    return meanfield.depth_scales(signal.ACTIVATION, _phase(phase), signal.SIGMA_B2)


@value
def xi_c_ordered() -> str:
    return f"{float(_xi('ordered')[1]):.1f}"


@value
def xi_c_chaotic() -> str:
    return f"{float(_xi('chaotic')[1]):.1f}"


@value
def xi_q_ordered() -> str:
    return f"{float(_xi('ordered')[0]):.2f}"


@value
def xi_q_chaotic() -> str:
    return f"{float(_xi('chaotic')[0]):.2f}"


# Prediction against measurement


@value
def worst_error_q() -> str:
    """The largest ratio, either way, of measured mean to predicted length, as a percentage."""
    return percent(10 ** runs.signal_maps().worst_decades()[0] - 1, 1)


@value
def worst_error_c() -> str:
    return percent(10 ** runs.signal_maps().worst_decades()[1] - 1, 1)


@value
def relative_scatter_ordered() -> str:
    """Seed scatter of the last layer's cosine over its mean 1 - c, ordered network."""
    return percent(runs.signal_maps().relative_scatter("ordered"))


@value
def relative_scatter_critical() -> str:
    return percent(runs.signal_maps().relative_scatter("critical"))


@value
def relative_scatter_chaotic() -> str:
    return percent(runs.signal_maps().relative_scatter("chaotic"))


@value
def last_cosine_spread_critical() -> str:
    """Standard deviation over seeds of the last layer's mean cosine at the edge."""
    maps = runs.signal_maps()
    return f"{maps.measured_c[maps.phases.index('critical'), :, -1].std(ddof=1):.2f}"


@value
def gradient_factor_ordered() -> str:
    return mean_spread(runs.gradient_factors().summary("ordered"), 3)


@value
def gradient_factor_chaotic() -> str:
    return mean_spread(runs.gradient_factors().summary("chaotic"), 3)


# The sigmoid's forward collapse


@value
def sigmoid_chi1_xavier() -> str:
    """chi_1 of the 8 x 32 Xavier-normal sigmoid net's hidden layers: sigma_w^2 = 1, no biases."""
    return f"{float(meanfield.chi1('sigmoid', 1.0, 0.0)):.3f}"


@functools.cache
def _sigmoid_edge():
    return float(meanfield.edge_of_chaos("sigmoid", 0.0))


@value
def sigmoid_edge() -> str:
    return f"{_sigmoid_edge():.1f}"


@value
def spirals_depth() -> str:
    return str(SPIRALS_DEPTH)


@value
def spirals_width() -> str:
    return str(SPIRALS_WIDTH)


@value
def sigmoid_edge_variance() -> str:
    """Var(w) = sigma_w^2 / n at the sigmoid's edge of chaos, n = the spirals net's width."""
    return f"{_sigmoid_edge() / SPIRALS_WIDTH:.2f}"


@value
def xavier_variance() -> str:
    return f"{weight_variance('xavier_normal', SPIRALS_WIDTH, SPIRALS_WIDTH):.4g}"


# Exercise: how far a difference travels in the ordered network


def _ordered_xi_c():
    return float(_xi("ordered")[1])


@value
def exercise_xi_c() -> str:
    """-1 / log chi_1 of the ordered network, from the library's depth scales."""
    return f"{_ordered_xi_c():.2f}"


@value
def exercise_shrink() -> str:
    """1 - c shrinks by chi_1 per layer near c = 1: chi_1 ** DEPTH."""
    chi1 = float(meanfield.chi1(signal.ACTIVATION, _phase("ordered"), signal.SIGMA_B2))
    return number(chi1**signal.DEPTH)


@value
def exercise_shrink_layers() -> str:
    """Layers for 1 - c to shrink tenfold: ln 10 xi_c."""
    return f"{math.log(10) * _ordered_xi_c():.1f}"


# Dynamical isometry


@value
def linear_orthogonal_deviation() -> str:
    """The largest |s - 1| over the orthogonal linear network's singular values and seeds."""
    _, values = runs.jacobian_spectra().sel("linear_orthogonal")
    return sci(float(abs(values - 1).max()), 1)


def _within(name):
    return runs.jacobian_spectra().within_decade(name)


@value
def within_decade_linear_gaussian() -> str:
    s = _within("linear_gaussian")
    return f"{percent(s.mean)} ± {percent(s.spread, 1)}"


@value
def within_decade_tanh_gaussian() -> str:
    s = _within("tanh_small_bias_gaussian")
    return f"{percent(s.mean)} ± {percent(s.spread, 1)}"


@value
def within_decade_tanh_bias_orthogonal() -> str:
    s = _within("tanh_bias_orthogonal")
    return f"{percent(s.mean)} ± {percent(s.spread, 1)}"


@value
def unresolved_linear_gaussian() -> str:
    """The fraction of singular values below the float floor, over all seeds."""
    return percent(1 - runs.jacobian_spectra().resolved("linear_gaussian").mean())


@value
def within_decade_tanh_orthogonal() -> str:
    return percent(_within("tanh_small_bias_orthogonal").mean)


@value
def spread_tanh_orthogonal() -> str:
    return mean_spread(runs.jacobian_spectra().log10_spread("tanh_small_bias_orthogonal"), 3)


@value
def edge_small_bias() -> str:
    return f"{signal.critical_sigma_w2(signal.SMALL_SIGMA_B2):.3f}"


def _jacobian_q_star(name):
    spectra = runs.jacobian_spectra()
    return spectra.q_star[[c.name for c in spectra.cases].index(name)]


@value
def q_star_small_bias() -> str:
    return f"{_jacobian_q_star('tanh_small_bias_orthogonal'):.3f}"


@value
def mean_squared_tanh_orthogonal() -> str:
    return mean_spread(runs.jacobian_spectra().mean_squared("tanh_small_bias_orthogonal"), 3)


@value
def mean_squared_tanh_gaussian() -> str:
    return mean_spread(runs.jacobian_spectra().mean_squared("tanh_small_bias_gaussian"), 2)


@value
def predicted_variance_tanh_orthogonal() -> str:
    return f"{runs.jacobian_spectra().predicted_squared_variance('tanh_small_bias_orthogonal'):.3f}"


@value
def measured_variance_tanh_orthogonal() -> str:
    return mean_spread(runs.jacobian_spectra().squared_variance("tanh_small_bias_orthogonal"), 3)


@value
def predicted_variance_tanh_bias_orthogonal() -> str:
    return f"{runs.jacobian_spectra().predicted_squared_variance('tanh_bias_orthogonal'):.1f}"


@value
def measured_variance_tanh_bias_orthogonal() -> str:
    return mean_spread(runs.jacobian_spectra().squared_variance("tanh_bias_orthogonal"), 1)


@value
def predicted_variance_tanh_gaussian() -> str:
    return f"{runs.jacobian_spectra().predicted_squared_variance('tanh_small_bias_gaussian'):.0f}"


@value
def measured_variance_tanh_gaussian() -> str:
    return mean_spread(runs.jacobian_spectra().squared_variance("tanh_small_bias_gaussian"), 0)
