"""Values of the recurrent-networks chapter: the gradient through time at initialisation and the
adding problem, each over the seeds of vanishing_site.runs."""

import numpy as np

from vanishing.experiments.results import SeedSummary
from vanishing.recurrent_experiments import ADDING_BASELINE_MSE
from vanishing_site import runs
from vanishing_site.values import mean_spread, number, percent, sci, value


def first_step_ratios(name: str) -> np.ndarray:
    """||dC/dh_1|| / ||dC/dh_T|| of the configuration `name`, one per seed."""
    return np.array([g.ratios[name][0] for g in runs.gradient_through_time()])


def _ratio(name: str) -> str:
    summary = SeedSummary.of_log10(first_step_ratios(name))
    return f"{sci(summary.geometric_mean)} ({mean_spread(summary)})"


@value
def steps() -> str:
    return str(runs.gradient_through_time()[0].T)


@value
def width() -> str:
    return str(runs.RECURRENT_WIDTH)


@value
def ratio_rnn_09() -> str:
    return _ratio("rnn rho=0.9")


@value
def ratio_rnn_1() -> str:
    return _ratio("rnn rho=1")


@value
def ratio_rnn_15() -> str:
    return _ratio("rnn rho=1.5")


@value
def ratio_lstm_1() -> str:
    return _ratio("lstm bias=1")


@value
def ratio_lstm_5() -> str:
    return _ratio("lstm bias=5")


@value
def linear_09() -> str:
    """The linear RNN's closed form rho^(T-1) at rho = 0.9."""
    return sci(0.9 ** (runs.gradient_through_time()[0].T - 1))


@value
def forget_1() -> str:
    """sigma(1): the forget gate's value at bias 1 with zero input."""
    return f"{1 / (1 + np.exp(-1.0)):.3f}"


@value
def forget_5() -> str:
    return f"{1 / (1 + np.exp(-5.0)):.4f}"


@value
def forget_5_decay() -> str:
    """sigma(5)^(T-1): what a forget gate fixed at its initial value leaves after T - 1 steps."""
    return number((1 / (1 + np.exp(-5.0))) ** (runs.gradient_through_time()[0].T - 1))


@value
def adding_length() -> str:
    return str(runs.adding().T)


@value
def adding_hidden() -> str:
    return str(runs.adding().hidden)


@value
def adding_iterations() -> str:
    return str(runs.adding().iterations)


@value
def adding_seeds() -> str:
    return str(len(runs.adding().seeds))


@value
def baseline() -> str:
    return f"{ADDING_BASELINE_MSE:.3f}"


@value
def solved_below() -> str:
    return f"{runs.adding().solved_below:.4f}"


@value
def rnn_final() -> str:
    return mean_spread(SeedSummary.of(runs.adding().rnn_mse[:, -1]), 3)


@value
def lstm_final() -> str:
    return mean_spread(SeedSummary.of(runs.adding().lstm_mse[:, -1]), 4)


@value
def rnn_solved() -> str:
    return percent(runs.adding().solved("rnn"))


@value
def lstm_solved() -> str:
    return percent(runs.adding().solved("lstm"))


@value
def gradient_seeds() -> str:
    return str(len(runs.gradient_through_time()))


@value
def forget_1_decay() -> str:
    """sigma(1)^(T-1): the same with the forget-gate bias at 1."""
    return sci((1 / (1 + np.exp(-1.0))) ** (runs.gradient_through_time()[0].T - 1))
