"""Numbers quoted in the chapter on ReLU vs sigmoid."""

import math

import numpy as np

from vanishing import meanfield
from vanishing.activations import sigmoid, sigmoid_prime
from vanishing.experiments import profiles, training_runs
from vanishing.experiments.results import SeedSummary
from vanishing_site import runs
from vanishing_site.buildcache import data_file
from vanishing_site.measurements import load
from vanishing_site.values import mean_spread, percent, sci, value

TIMINGS = load(data_file("benchmarks/results/sparse_matmul.json"))


def relu_delta_ratio(scheme: str) -> SeedSummary:
    """||delta_1|| / ||delta_L|| of the 50-layer ReLU network under one initialisation scheme
    (zero biases), in log10 over the seeds of runs.profiles_over_seeds."""
    return runs.profiles_over_seeds().first_over_last("delta", activation="relu", scheme=scheme)


# The trained networks


@value
def depth() -> str:
    return str(training_runs.DEPTH)


@value
def width() -> str:
    return str(training_runs.WIDTH)


@value
def epochs() -> str:
    return str(training_runs.EPOCHS)


@value
def lr() -> str:
    return f"{training_runs.LR:g}"


@value
def batch_size() -> str:
    return str(training_runs.BATCH_SIZE)


# Gradient flow at initialisation, over seeds: Nielsen's speed of learning ||dC/db_l|| per layer.


def speed_ratio(activation: str) -> SeedSummary:
    """||dC/db_1|| / ||dC/db_L|| before training, in log10 over the seeds of runs.initial_speeds."""
    return SeedSummary.of_log10(runs.initial_speeds().first_over_last(activation))


@value
def seeds() -> str:
    return str(len(runs.COLLAPSE_SEEDS))


@value
def sigmoid_grad_ratio() -> str:
    return mean_spread(speed_ratio("sigmoid"))


@value
def sigmoid_factor_per_layer() -> str:
    """The geometric-mean factor by which the gradient shrinks per layer, going down: the
    seeds' mean log10 ratio spread evenly over the L - 1 steps."""
    return f"{10 ** (-speed_ratio('sigmoid').mean / (training_runs.DEPTH - 1)):.1f}"


@value
def relu_grad_ratio() -> str:
    return mean_spread(speed_ratio("relu"))


@value
def steps() -> str:
    """Layers of slopes between the last hidden layer and the first: L - 1."""
    return str(training_runs.DEPTH - 1)


@value
def slope_bound() -> str:
    """(1/4)^(L-1): the most that L - 1 sigmoid slopes alone can pass on."""
    return sci(0.25 ** (training_runs.DEPTH - 1))


@value
def meanfield_grad_ratio() -> str:
    """chi_1^((L-1)/2): each layer multiplies the mean squared gradient by chi_1, so its norm by
    sqrt(chi_1) (Schoenholz et al. 2017)."""
    return sci(chi1("sigmoid") ** ((training_runs.DEPTH - 1) / 2))


# Why the sigmoid network cannot learn: the forward collapse (vanishing.collapse), over seeds.


def chi1(activation: str) -> float:
    result = runs.forward_collapse()
    return float(result.chi1[result.activations.index(activation)])


def cosines(activation: str):
    """(seed, layer) mean pairwise cosine of the hidden vectors h_l, uncentred."""
    result = runs.forward_collapse()
    return result.cosine[result.activations.index(activation)]


def logit_spread(activation: str) -> SeedSummary:
    result = runs.forward_collapse()
    return SeedSummary.of(result.logit_spread[result.activations.index(activation)])


def collapse_rates():
    """Per seed, the geometric mean over layers of (1 - c_{l+1}) / (1 - c_l), c_l the uncentred
    cosine of the hidden vectors: the factor by which the inputs' differences shrink per layer."""
    gap = np.log(1 - cosines("sigmoid"))
    return np.exp(np.mean(np.diff(gap, axis=1), axis=1))


@value
def chi1_sigmoid() -> str:
    return f"{chi1('sigmoid'):.4f}"


@value
def chi1_centred() -> str:
    return f"{chi1('centred_sigmoid'):.4f}"


@value
def chi1_tanh() -> str:
    return f"{chi1('tanh'):g}"


@value
def sigmoid_cosine_first() -> str:
    return mean_spread(SeedSummary.of(cosines("sigmoid")[:, 0]), 3)


@value
def sigmoid_cosine_last() -> str:
    """The last hidden layer's cosine, to six decimals, over the seeds."""
    return mean_spread(SeedSummary.of(cosines("sigmoid")[:, -1]), 6)


@value
def sigmoid_collapsed_layer() -> str:
    """The first hidden layer from which every seed's cosine rounds to 1.000000."""
    collapsed = np.all(np.round(cosines("sigmoid"), 6) == 1, axis=0)
    return str(int(np.argmax(collapsed)) + 1)


@value
def sigmoid_gap_last() -> str:
    """1 - cosine at the last hidden layer, geometric mean over the seeds."""
    return sci(10 ** np.mean(np.log10(1 - cosines("sigmoid")[:, -1])), 1)


@value
def tanh_cosine_last() -> str:
    return mean_spread(SeedSummary.of(cosines("tanh")[:, -1]), 4)


@value
def centred_cosine_last() -> str:
    return mean_spread(SeedSummary.of(cosines("centred_sigmoid")[:, -1]), 4)


@value
def collapse_rate() -> str:
    return mean_spread(SeedSummary.of(collapse_rates()), 4)


@value
def sigmoid_logit_spread() -> str:
    summary = logit_spread("sigmoid")
    return f"{sci(summary.mean)} ± {sci(summary.spread)} over {summary.n} seeds"


@value
def tanh_logit_spread() -> str:
    return mean_spread(logit_spread("tanh"))


@value
def collapse_epochs() -> str:
    return str(runs.COLLAPSE_EPOCHS)


@value
def long_epochs() -> str:
    return str(runs.LONG_EPOCHS)


@value
def collapse_rates_list() -> str:
    rates = [f"{r:g}" for r in runs.COLLAPSE_RATES]
    return f"{', '.join(rates[:-1])} and {rates[-1]}"


@value
def rate_span() -> str:
    return f"{max(runs.COLLAPSE_RATES) / min(runs.COLLAPSE_RATES):g}"


@value
def tanh_rate() -> str:
    return f"{runs.TANH_RATE:g}"


@value
def sigmoid_outcome_best() -> str:
    """The best training accuracy any sigmoid run reached, at any rate, seed and epoch."""
    return percent(runs.sigmoid_outcome().accuracy.max(), 2)


@value
def tanh_outcome_final() -> str:
    mean, spread = runs.tanh_outcome().final_accuracy
    n = len(runs.tanh_outcome().seeds)
    return f"{percent(mean[0, 0], 1)} ± {percent(spread[0, 0], 1)} over {n} seeds"


@value
def tanh_epochs_to_all_correct() -> str:
    """The epoch by which every seed's tanh network classifies every training point."""
    accuracy = runs.tanh_outcome().accuracy[0, 0]
    return str(int(np.argmax(np.all(accuracy == 1, axis=0))))


# The sigmoid's phase: its edge of chaos and the gain that would match Xavier's derivation.


@value
def sigmoid_edge() -> str:
    return f"{runs.sigmoid_edge_of_chaos():.0f}"


@value
def sigmoid_matched_gain() -> str:
    """1 / sigma'(0): the gain that gives the sigmoid, near 0, tanh's slope of 1."""
    return f"{1 / float(sigmoid_prime(0.0)):g}"


@value
def sigmoid_matched_variance() -> str:
    """sigma_w^2 = gain^2 at fan_in = fan_out."""
    return f"{(1 / float(sigmoid_prime(0.0))) ** 2:g}"


@value
def sigmoid_chi1_at_matched_gain() -> str:
    return f"{float(meanfield.chi1('sigmoid', (1 / float(sigmoid_prime(0.0))) ** 2, 0.0)):.2f}"


# ReLU and initialisation (the 50-layer networks of gradient_profiles)


@value
def profile_depth() -> str:
    return str(profiles.DEPTH)


@value
def profile_width() -> str:
    return str(profiles.WIDTH)


@value
def relu_standard_orders() -> str:
    """How many orders of magnitude the standard-initialised ReLU network loses, seeds' mean."""
    return f"{-relu_delta_ratio('standard').mean:.0f}"


@value
def relu_xavier_ratio() -> str:
    return mean_spread(relu_delta_ratio("xavier_normal"))


@value
def relu_xavier_typical() -> str:
    """The same ratio's geometric mean over the seeds, for the figure's alt text."""
    return sci(relu_delta_ratio("xavier_normal").geometric_mean)


# Convergence


@value
def chance_loss() -> str:
    """ln 3: the cross-entropy of predicting each of the three classes with probability 1/3."""
    return f"{math.log(3):.4f}"


@value
def relu_final_loss() -> str:
    return sci(runs.training().relu.loss[-1])


@value
def relu_final_accuracy() -> str:
    return percent(runs.training().relu.accuracy[-1])


@value
def relu_epochs_to_all_correct() -> str:
    """The first epoch after which every training point is classified correctly."""
    return str(int(np.argmax(runs.training().relu.accuracy == 1)))


@value
def sigmoid_final_loss() -> str:
    return f"{runs.training().sigmoid.loss[-1]:.4f}"


@value
def sigmoid_best_accuracy() -> str:
    return percent(runs.training().sigmoid.accuracy.max())


# Sparsity


@value
def relu_zeros_init() -> str:
    return percent(runs.training().relu_sparsity_init.mean())


@value
def relu_zeros_trained() -> str:
    return percent(runs.training().relu_sparsity.mean())


@value
def relu_zeros_range() -> str:
    """The smallest and largest per-layer fraction of zeros, before and after training."""
    both = np.concatenate([runs.training().relu_sparsity_init, runs.training().relu_sparsity])
    return f"{percent(both.min())} to {percent(both.max())}"


@value
def relu_dead_trained() -> str:
    """Units that are zero on every training example after training, over all layers."""
    return percent(runs.training().relu.dead[-1].mean())


@value
def sigmoid_saturated() -> str:
    """Sigmoid units (example, unit pairs) with slope under 1% of 1/4, over training."""
    return percent(runs.training().sigmoid.saturated.max())


def sigmoid_zero_below(dtype) -> int:
    """The largest integer z at which the library's sigmoid returns exactly 0.0 in `dtype`."""
    z = np.arange(-1000, 1, dtype=dtype)
    return int(z[sigmoid(z) == 0].max())


@value
def sigmoid_zero_float64() -> str:
    return str(sigmoid_zero_below(np.float64))


@value
def sigmoid_zero_float32() -> str:
    return str(sigmoid_zero_below(np.float32))


# Cost: the timings of benchmarks/sparse_matmul.py


def milliseconds(seconds: float) -> str:
    return f"{1e3 * seconds:.1f} ms"


@value
def matmul_batch() -> str:
    return str(TIMINGS["batch"])


@value
def matmul_fan_in() -> str:
    return str(TIMINGS["fan_in"])


@value
def matmul_fan_out() -> str:
    return str(TIMINGS["fan_out"])


@value
def matmul_same_product_gap() -> str:
    """Dense and 'columns removed' at zero fraction 0 time the same product: their gap is noise."""
    dense, dropped = TIMINGS["dense_seconds"][0], TIMINGS["dropped_seconds"][0]
    return percent(abs(dense / dropped - 1))


@value
def matmul_shape() -> str:
    return (
        f"({TIMINGS['batch']} × {TIMINGS['fan_in']}) · ({TIMINGS['fan_in']} × {TIMINGS['fan_out']})"
    )


@value
def matmul_machine() -> str:
    machine = TIMINGS["machine"]
    return (
        f"{machine['cpu']}, {machine['cores']} cores ({TIMINGS['threads']} thread used); "
        f"{machine['system']}; Python {machine['python']}, NumPy {TIMINGS['numpy']}; "
        f"{TIMINGS['blas']}"
    )


@value
def matmul_date() -> str:
    return TIMINGS["date"]


@value
def matmul_repeats() -> str:
    return str(TIMINGS["repeats"])


@value
def matmul_dense_times() -> str:
    """The dense product's times, one per zero fraction: '16.9 ms, 16.1 ms and 15.5 ms'."""
    times = [milliseconds(t) for t in TIMINGS["dense_seconds"]]
    return f"{', '.join(times[:-1])} and {times[-1]}"


@value
def matmul_zero_fractions() -> str:
    fractions = [percent(f) for f in TIMINGS["zero_fractions"]]
    return f"{', '.join(fractions[:-1])} and {fractions[-1]}"


@value
def matmul_dense_spread() -> str:
    """How far apart the slowest and fastest dense products are, relative to the fastest."""
    times = TIMINGS["dense_seconds"]
    return percent(max(times) / min(times) - 1)


@value
def matmul_dropped_speedup() -> str:
    """Dense product with the most zeros over the same product with those columns removed."""
    return f"{TIMINGS['dense_seconds'][-1] / TIMINGS['dropped_seconds'][-1]:.0f}"


@value
def matmul_macs() -> str:
    """Multiply-adds of one dense product, whatever the zeros: batch × fan_in × fan_out."""
    return f"{TIMINGS['batch'] * TIMINGS['fan_in'] * TIMINGS['fan_out']:,}".replace(",", " ")


@value
def matmul_macs_nonzero() -> str:
    """Multiply-adds left if every zero of the sparsest h were skipped."""
    macs = TIMINGS["batch"] * TIMINGS["fan_in"] * TIMINGS["fan_out"]
    return f"{round(macs * (1 - TIMINGS['zero_fractions'][-1])):,}".replace(",", " ")


@value
def matmul_zero_largest() -> str:
    return percent(TIMINGS["zero_fractions"][-1])


@value
def relu_time() -> str:
    return f"{1e3 * TIMINGS['relu_seconds']:.2f} ms"


@value
def sigmoid_time() -> str:
    return f"{1e3 * TIMINGS['sigmoid_seconds']:.2f} ms"


@value
def sigmoid_over_relu_time() -> str:
    return f"{TIMINGS['sigmoid_seconds'] / TIMINGS['relu_seconds']:.0f}"


@value
def relu_share_of_layer() -> str:
    """ReLU's time as a share of the layer's product plus activation."""
    dense = TIMINGS["dense_seconds"][0]
    return percent(TIMINGS["relu_seconds"] / (dense + TIMINGS["relu_seconds"]), 1)


@value
def sigmoid_share_of_layer() -> str:
    dense = TIMINGS["dense_seconds"][0]
    return percent(TIMINGS["sigmoid_seconds"] / (dense + TIMINGS["sigmoid_seconds"]), 1)
