"""Numbers quoted in the chapter on ReLU vs sigmoid."""

import math

import numpy as np

from vanishing.activations import sigmoid
from vanishing.experiments import first_over_last, profiles, training_runs
from vanishing_site import runs
from vanishing_site.buildcache import data_file
from vanishing_site.measurements import load
from vanishing_site.values import percent, sci, value

TIMINGS = load(data_file("benchmarks/results/sparse_matmul.json"))


def relu_delta_ratio(scheme: str) -> float:
    """||delta_1|| / ||delta_L|| of the 50-layer ReLU network under one initialisation scheme."""
    return runs.profiles().first_over_last("delta", activation="relu", scheme=scheme)


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


# Gradient flow at initialisation: Nielsen's speed of learning ||dC/db_l|| per layer.


@value
def sigmoid_grad_ratio() -> str:
    return sci(first_over_last(runs.training().sigmoid.grad_b[0]))


@value
def sigmoid_factor_per_layer() -> str:
    """The geometric-mean factor by which the gradient shrinks per layer, going down."""
    grad_b = runs.training().sigmoid.grad_b[0]
    return f"{first_over_last(grad_b) ** (-1 / (len(grad_b) - 1)):.1f}"


@value
def relu_grad_ratio() -> str:
    return f"{first_over_last(runs.training().relu.grad_b[0]):.2f}"


@value
def steps() -> str:
    """Layers of slopes between the last hidden layer and the first: L - 1."""
    return str(training_runs.DEPTH - 1)


@value
def slope_bound() -> str:
    """(1/4)^(L-1): the most that L - 1 sigmoid slopes alone can pass on."""
    return sci(0.25 ** (training_runs.DEPTH - 1))


# ReLU and initialisation (the 50-layer networks of gradient_profiles)


@value
def profile_depth() -> str:
    return str(profiles.DEPTH)


@value
def profile_width() -> str:
    return str(profiles.WIDTH)


@value
def relu_standard_orders() -> str:
    """How many orders of magnitude the standard-initialised ReLU network loses."""
    return f"{-math.log10(relu_delta_ratio('standard')):.0f}"


@value
def relu_xavier_ratio() -> str:
    return sci(relu_delta_ratio("xavier_normal"))


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


@value
def relu_worst_jump() -> str:
    """The largest factor by which the ReLU network's loss rises from one epoch to the next."""
    loss = runs.training().relu.loss
    return f"{np.max(loss[1:] / loss[:-1]):.1f}"


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
