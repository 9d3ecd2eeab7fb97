"""Numbers quoted in the chapter on ReLU vs sigmoid."""

import functools
import inspect
import math

import numpy as np

from vanishing import experiments
from vanishing.activations import sigmoid
from vanishing.network import SATURATION
from vanishing_site.buildcache import data_file
from vanishing_site.measurements import load
from vanishing_site.quantities import quantity, sci

TIMINGS = load(data_file("benchmarks/results/sparse_matmul.json"))

# The experiments run once per build, with their defaults: the calls the figures make.
training = functools.cache(experiments.relu_vs_sigmoid_training)
profiles = functools.cache(experiments.gradient_profiles)
thresholds = functools.cache(experiments.float_zero_thresholds)


def default(function, name):
    """The default value of one of an experiment's parameters."""
    return inspect.signature(function).parameters[name].default


def percent(fraction: float, decimals: int = 0) -> str:
    return f"{100 * fraction:.{decimals}f}%"


def first_to_last(values) -> float:
    """The first hidden layer's value over the last one's."""
    return float(values[0] / values[-1])


def relu_delta_ratio(scheme: str) -> float:
    """||delta_1|| / ||delta_L|| of the 50-layer ReLU network under one initialisation scheme."""
    p = profiles()
    return first_to_last(p["delta"][p["activations"].index("relu"), p["schemes"].index(scheme)])


# The trained networks


@quantity
def rvs_depth() -> str:
    return str(default(experiments.relu_vs_sigmoid_training, "depth"))


@quantity
def rvs_width() -> str:
    return str(default(experiments.relu_vs_sigmoid_training, "width"))


@quantity
def rvs_epochs() -> str:
    return str(default(experiments.relu_vs_sigmoid_training, "epochs"))


@quantity
def rvs_lr() -> str:
    return f"{default(experiments.relu_vs_sigmoid_training, 'lr'):g}"


@quantity
def rvs_batch_size() -> str:
    return str(default(experiments.relu_vs_sigmoid_training, "batch_size"))


# Gradient flow at initialisation: Nielsen's speed of learning ||dC/db_l|| per layer.


@quantity
def rvs_sigmoid_grad_ratio() -> str:
    return sci(first_to_last(training()["sigmoid"]["grad_b"][0]))


@quantity
def rvs_sigmoid_factor_per_layer() -> str:
    """The geometric-mean factor by which the gradient shrinks per layer, going down."""
    grad_b = training()["sigmoid"]["grad_b"][0]
    return f"{first_to_last(grad_b) ** (-1 / (len(grad_b) - 1)):.1f}"


@quantity
def rvs_relu_grad_ratio() -> str:
    return f"{first_to_last(training()['relu']['grad_b'][0]):.2f}"


@quantity
def rvs_steps() -> str:
    """Layers of slopes between the last hidden layer and the first: L - 1."""
    return str(default(experiments.relu_vs_sigmoid_training, "depth") - 1)


@quantity
def rvs_slope_bound() -> str:
    """(1/4)^(L-1): the most that L - 1 sigmoid slopes alone can pass on."""
    return sci(0.25 ** (default(experiments.relu_vs_sigmoid_training, "depth") - 1))


# ReLU and initialisation (the 50-layer networks of gradient_profiles)


@quantity
def rvs_profile_depth() -> str:
    return str(default(experiments.gradient_profiles, "depth"))


@quantity
def rvs_profile_width() -> str:
    return str(default(experiments.gradient_profiles, "width"))


@quantity
def rvs_relu_standard_ratio() -> str:
    return sci(relu_delta_ratio("standard"))


@quantity
def rvs_relu_standard_orders() -> str:
    """How many orders of magnitude the standard-initialised ReLU network loses."""
    return f"{-math.log10(relu_delta_ratio('standard')):.0f}"


@quantity
def rvs_relu_xavier_ratio() -> str:
    return sci(relu_delta_ratio("xavier_normal"))


@quantity
def rvs_relu_he_ratio() -> str:
    return f"{relu_delta_ratio('he_normal'):.1f}"


# Convergence


@quantity
def rvs_chance_loss() -> str:
    """ln 3: the cross-entropy of predicting each of the three classes with probability 1/3."""
    return f"{math.log(3):.4f}"


@quantity
def rvs_relu_final_loss() -> str:
    return sci(training()["relu"]["loss"][-1])


@quantity
def rvs_relu_final_accuracy() -> str:
    return percent(training()["relu"]["accuracy"][-1])


@quantity
def rvs_relu_epochs_to_all_correct() -> str:
    """The first epoch after which every training point is classified correctly."""
    return str(int(np.argmax(training()["relu"]["accuracy"] == 1)))


@quantity
def rvs_sigmoid_final_loss() -> str:
    return f"{training()['sigmoid']['loss'][-1]:.4f}"


@quantity
def rvs_sigmoid_best_accuracy() -> str:
    return percent(training()["sigmoid"]["accuracy"].max())


@quantity
def rvs_relu_worst_jump() -> str:
    """The largest factor by which the ReLU network's loss rises from one epoch to the next."""
    loss = training()["relu"]["loss"]
    return f"{np.max(loss[1:] / loss[:-1]):.1f}"


# Sparsity


@quantity
def rvs_relu_zeros_init() -> str:
    return percent(training()["relu_sparsity_init"].mean())


@quantity
def rvs_relu_zeros_trained() -> str:
    return percent(training()["relu_sparsity"].mean())


@quantity
def rvs_relu_zeros_range() -> str:
    """The smallest and largest per-layer fraction of zeros, before and after training."""
    both = np.concatenate([training()["relu_sparsity_init"], training()["relu_sparsity"]])
    return f"{percent(both.min())} to {percent(both.max())}"


@quantity
def rvs_relu_dead_trained() -> str:
    """Units that are zero on every training example after training, over all layers."""
    return percent(training()["relu"]["dead"][-1].mean())


@quantity
def rvs_saturation_level() -> str:
    """The slope, as a share of the largest, below which the library calls a unit saturated."""
    return percent(SATURATION)


@quantity
def rvs_sigmoid_saturated() -> str:
    """Sigmoid units (example, unit pairs) with slope under 1% of 1/4, over training."""
    return percent(training()["sigmoid"]["saturated"].max())


def sigmoid_zero_below(dtype) -> int:
    """The largest integer z at which the library's sigmoid returns exactly 0.0 in `dtype`."""
    z = np.arange(-1000, 1, dtype=dtype)
    return int(z[sigmoid(z) == 0].max())


@quantity
def rvs_sigmoid_zero_float64() -> str:
    return str(sigmoid_zero_below(np.float64))


@quantity
def rvs_sigmoid_zero_float32() -> str:
    return str(sigmoid_zero_below(np.float32))


@quantity
def rvs_sigmoid_slope_zero_float32() -> str:
    return f"{thresholds()['sigmoid']['float32']['threshold']:.1f}"


@quantity
def rvs_sigmoid_slope_zero_float64() -> str:
    return f"{thresholds()['sigmoid']['float64']['threshold']:.1f}"


# Cost: the timings of benchmarks/sparse_matmul.py


def milliseconds(seconds: float) -> str:
    return f"{1e3 * seconds:.1f} ms"


@quantity
def rvs_matmul_batch() -> str:
    return str(TIMINGS["batch"])


@quantity
def rvs_matmul_fan_in() -> str:
    return str(TIMINGS["fan_in"])


@quantity
def rvs_matmul_fan_out() -> str:
    return str(TIMINGS["fan_out"])


@quantity
def rvs_matmul_same_product_gap() -> str:
    """Dense and 'columns removed' at zero fraction 0 time the same product: their gap is noise."""
    dense, dropped = TIMINGS["dense_seconds"][0], TIMINGS["dropped_seconds"][0]
    return percent(abs(dense / dropped - 1))


@quantity
def rvs_matmul_shape() -> str:
    return (
        f"({TIMINGS['batch']} × {TIMINGS['fan_in']}) · ({TIMINGS['fan_in']} × {TIMINGS['fan_out']})"
    )


@quantity
def rvs_matmul_machine() -> str:
    machine = TIMINGS["machine"]
    return (
        f"{machine['cpu']}, {machine['cores']} cores ({TIMINGS['threads']} thread used); "
        f"{machine['system']}; Python {machine['python']}, NumPy {TIMINGS['numpy']}; "
        f"{TIMINGS['blas']}"
    )


@quantity
def rvs_matmul_date() -> str:
    return TIMINGS["date"]


@quantity
def rvs_matmul_repeats() -> str:
    return str(TIMINGS["repeats"])


@quantity
def rvs_matmul_dense_times() -> str:
    """The dense product's times, one per zero fraction: '16.9 ms, 16.1 ms and 15.5 ms'."""
    times = [milliseconds(t) for t in TIMINGS["dense_seconds"]]
    return f"{', '.join(times[:-1])} and {times[-1]}"


@quantity
def rvs_matmul_zero_fractions() -> str:
    fractions = [percent(f) for f in TIMINGS["zero_fractions"]]
    return f"{', '.join(fractions[:-1])} and {fractions[-1]}"


@quantity
def rvs_matmul_dense_spread() -> str:
    """How far apart the slowest and fastest dense products are, relative to the fastest."""
    times = TIMINGS["dense_seconds"]
    return percent(max(times) / min(times) - 1)


@quantity
def rvs_matmul_dropped_speedup() -> str:
    """Dense product with the most zeros over the same product with those columns removed."""
    return f"{TIMINGS['dense_seconds'][-1] / TIMINGS['dropped_seconds'][-1]:.0f}"


@quantity
def rvs_matmul_macs() -> str:
    """Multiply-adds of one dense product, whatever the zeros: batch × fan_in × fan_out."""
    return f"{TIMINGS['batch'] * TIMINGS['fan_in'] * TIMINGS['fan_out']:,}".replace(",", " ")


@quantity
def rvs_matmul_macs_nonzero() -> str:
    """Multiply-adds left if every zero of the sparsest h were skipped."""
    macs = TIMINGS["batch"] * TIMINGS["fan_in"] * TIMINGS["fan_out"]
    return f"{round(macs * (1 - TIMINGS['zero_fractions'][-1])):,}".replace(",", " ")


@quantity
def rvs_matmul_zero_largest() -> str:
    return percent(TIMINGS["zero_fractions"][-1])


@quantity
def rvs_relu_time() -> str:
    return f"{1e3 * TIMINGS['relu_seconds']:.2f} ms"


@quantity
def rvs_sigmoid_time() -> str:
    return f"{1e3 * TIMINGS['sigmoid_seconds']:.2f} ms"


@quantity
def rvs_sigmoid_over_relu_time() -> str:
    return f"{TIMINGS['sigmoid_seconds'] / TIMINGS['relu_seconds']:.0f}"


@quantity
def rvs_relu_share_of_layer() -> str:
    """ReLU's time as a share of the layer's product plus activation."""
    dense = TIMINGS["dense_seconds"][0]
    return percent(TIMINGS["relu_seconds"] / (dense + TIMINGS["relu_seconds"]), 1)


@quantity
def rvs_sigmoid_share_of_layer() -> str:
    dense = TIMINGS["dense_seconds"][0]
    return percent(TIMINGS["sigmoid_seconds"] / (dense + TIMINGS["sigmoid_seconds"]), 1)
