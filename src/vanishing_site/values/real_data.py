"""Numbers quoted in the chapter on training with real data (the 8 × 8 digits)."""

from fractions import Fraction

import numpy as np

from vanishing.experiments import real_data as settings
from vanishing.experiments.results import SeedSummary
from vanishing.initialisation import weight_variance
from vanishing_site import runs
from vanishing_site.figures.digits_diagnostics import EPOCH
from vanishing_site.values import mean_spread, percent, sci, value

NAMES = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu_he": "ReLU with He initialisation",
    "relu_he_batchnorm": "ReLU with He initialisation and BatchNorm",
    "relu_he_residual": "ReLU with He initialisation and residual connections",
}


@value
def depth() -> str:
    return str(settings.DEPTH)


@value
def width() -> str:
    return str(settings.WIDTH)


@value
def epochs() -> str:
    return str(settings.EPOCHS)


@value
def learning_rate() -> str:
    return f"{settings.LR:g}"


@value
def batch_size() -> str:
    return str(settings.BATCH_SIZE)


@value
def residual_alpha() -> str:
    return f"{settings.RESIDUAL_ALPHA:g}"


@value
def n_seeds() -> str:
    return str(len(settings.SEEDS))


@value
def n_test() -> str:
    return f"{settings.TEST_SIZE:,}"


@value
def n_train() -> str:
    return f"{runs.digits_size() - settings.TEST_SIZE:,}"


@value
def n_images() -> str:
    return f"{runs.digits_size():,}"


def _accuracy(config) -> str:
    """Final test accuracy in percent, mean ± standard deviation over the seeds."""
    summary = SeedSummary.of(100 * runs.digits().final(config))
    return f"{summary.mean:.1f}% ± {summary.spread:.1f}% over {summary.n} seeds"


@value
def accuracy_sigmoid() -> str:
    return _accuracy("sigmoid")


@value
def accuracy_tanh() -> str:
    return _accuracy("tanh")


@value
def accuracy_relu_he() -> str:
    return _accuracy("relu_he")


@value
def accuracy_relu_he_batchnorm() -> str:
    return _accuracy("relu_he_batchnorm")


@value
def accuracy_relu_he_residual() -> str:
    return _accuracy("relu_he_residual")


def _best() -> str:
    result = runs.digits()
    return max(result.configs, key=lambda c: result.final(c).mean())


@value
def best_accuracy() -> str:
    """The best configuration's mean final test accuracy."""
    return percent(runs.digits().final(_best()).mean(), 1)


@value
def best_network() -> str:
    return NAMES[_best()]


@value
def remainder() -> str:
    """How many training images are left over after the full batches of an epoch."""
    return str((runs.digits_size() - settings.TEST_SIZE) % settings.BATCH_SIZE)


@value
def n_batches() -> str:
    return str((runs.digits_size() - settings.TEST_SIZE) // settings.BATCH_SIZE)


def _after_remainder(config) -> str:
    result = runs.digits()
    summary = SeedSummary.of(100 * result.small_batch_accuracy[result.configs.index(config)])
    return f"{summary.mean:.1f}% ± {summary.spread:.1f}%"


@value
def batchnorm_after_remainder() -> str:
    """The trained BN network's test accuracy after one more step on a batch of the remainder."""
    return _after_remainder("relu_he_batchnorm")


@value
def residual_after_remainder() -> str:
    return _after_remainder("relu_he_residual")


@value
def relu_after_remainder() -> str:
    return _after_remainder("relu_he")


@value
def relu_worst_after_remainder() -> str:
    """The plain ReLU network's lowest test accuracy over seeds after that step."""
    result = runs.digits()
    return percent(result.small_batch_accuracy[result.configs.index("relu_he")].min(), 0)


def _ratio(config, layer) -> float:
    """Geometric mean over seeds of the update-to-weight ratio after the first epoch."""
    ratios = runs.digits().update_ratio[runs.digits().configs.index(config), :, EPOCH, layer]
    return float(10 ** np.log10(ratios).mean())


@value
def sigmoid_ratio_first() -> str:
    return sci(_ratio("sigmoid", 0))


@value
def sigmoid_ratio_last() -> str:
    return sci(_ratio("sigmoid", -1))


@value
def sigmoid_speed_span() -> str:
    """How many times faster the last hidden layer's biases learn than the first's, after the
    first epoch (geometric mean over seeds)."""
    grad_b = runs.digits().grad_b[0, :, EPOCH]
    return sci(float(10 ** np.log10(grad_b[:, -1] / grad_b[:, 0]).mean()), 1)


@value
def relu_ratio_range() -> str:
    """The He-initialised plain ReLU net's smallest and largest layer ratio."""
    ratios = [_ratio("relu_he", layer) for layer in range(settings.DEPTH)]
    return f"{sci(min(ratios), 1)} to {sci(max(ratios), 1)}"


@value
def tanh_ratio_range() -> str:
    ratios = [_ratio("tanh", layer) for layer in range(settings.DEPTH)]
    return f"{sci(min(ratios), 1)} to {sci(max(ratios), 1)}"


@value
def rule_of_thumb() -> str:
    """CS231n's healthy update-to-weight ratio."""
    return sci(1e-3, 1)


@value
def residual_ratio_range() -> str:
    ratios = [_ratio("relu_he_residual", layer) for layer in range(settings.DEPTH)]
    return f"{sci(min(ratios), 1)} to {sci(max(ratios), 1)}"


def _loss(epoch) -> float:
    """The sigmoid network's training loss after `epoch` epochs, mean over seeds."""
    return float(runs.digits().train_loss[0, :, epoch].mean())


@value
def sigmoid_loss_start() -> str:
    return f"{_loss(0):.3f}"


@value
def sigmoid_loss_end() -> str:
    return f"{_loss(-1):.3f}"


def _steps() -> int:
    return settings.EPOCHS * ((runs.digits_size() - settings.TEST_SIZE) // settings.BATCH_SIZE)


@value
def n_steps() -> str:
    """SGD steps in one run: epochs × ceil(training images / batch size)."""
    return f"{_steps():,}"


@value
def sigmoid_first_layer_moved() -> str:
    return sci(_steps() * _ratio("sigmoid", 0), 1)


@value
def log_ten() -> str:
    """The cross-entropy of a uniform guess among ten classes."""
    return f"{np.log(10):.3f}"


@value
def standard_sigma_w2() -> str:
    """sigma_w^2 = n Var(w) of the "standard" scheme between hidden layers, as a fraction."""
    n = settings.WIDTH
    return str(Fraction(n * weight_variance("standard", n, n)).limit_denominator(100))


@value
def ratio_seed_spread() -> str:
    """The largest standard deviation over seeds of log10 of a layer's update-to-weight ratio
    after the first epoch, over every configuration and layer."""
    logs = np.log10(runs.digits().update_ratio[:, :, EPOCH])  # (config, seed, layer)
    return f"{logs.std(axis=1, ddof=1).max():.1f}"


@value
def speed_span_spread() -> str:
    """sigmoid_speed_span's seed spread, in log10."""
    grad_b = runs.digits().grad_b[0, :, EPOCH]
    return mean_spread(SeedSummary.of_log10(grad_b[:, -1] / grad_b[:, 0]))
