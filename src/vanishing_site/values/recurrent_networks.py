"""Values of the recurrent-networks chapter: the gradient through time at initialisation and the
adding problem, each over the seeds of vanishing_site.runs."""

import inspect

import numpy as np

from vanishing.experiments.results import SeedSummary
from vanishing.recurrent import init_lstm, init_rnn
from vanishing.recurrent_experiments import ADDING_BASELINE_MSE, train_adding
from vanishing_site import runs
from vanishing_site.values import mean_spread, number, sci, value

# train_adding's settings, which adding_comparison passes through unchanged
ADDING_OPTIONS = {
    k: v.default
    for k, v in inspect.signature(train_adding).parameters.items()
    if k in ("lr", "batch_size", "max_norm")
}


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


def _solved(model) -> str:
    result = runs.adding()
    count = round(result.solved(model) * len(result.seeds))
    return f"{count} of {len(result.seeds)}"


@value
def rnn_solved() -> str:
    return _solved("rnn")


@value
def lstm_solved() -> str:
    return _solved("lstm")


@value
def gradient_seeds() -> str:
    return str(len(runs.gradient_through_time()))


@value
def forget_1_decay() -> str:
    """sigma(1)^(T-1): the same with the forget-gate bias at 1."""
    return sci((1 / (1 + np.exp(-1.0))) ** (runs.gradient_through_time()[0].T - 1))


def _forget(name: str) -> float:
    """The forget gates' geometric mean per step, averaged (in log) over the seeds."""
    return float(np.exp(np.mean([np.log(g.forget[name]) for g in runs.gradient_through_time()])))


@value
def forget_measured_1() -> str:
    """exp(mean log f) of the LSTM with forget bias 1 at initialisation."""
    return f"{_forget('lstm bias=1'):.3f}"


def _direct_path(name: str) -> str:
    """What the cell's direct path alone carries from c_T to c_1, each unit with its own product
    of gates, over the seeds."""
    ratios = np.array([g.direct[name] for g in runs.gradient_through_time()])
    summary = SeedSummary.of_log10(ratios)
    return f"{sci(summary.geometric_mean)} ({mean_spread(summary)})"


@value
def direct_path_lstm_1() -> str:
    return _direct_path("lstm bias=1")


@value
def direct_path_lstm_5() -> str:
    return _direct_path("lstm bias=5")


@value
def cell_ratio_lstm_1() -> str:
    """||dC/dc_1|| / ||dC/dc_T|| of the LSTM with forget bias 1, over the seeds."""
    ratios = np.array([g.cell_ratios["lstm bias=1"][0] for g in runs.gradient_through_time()])
    summary = SeedSummary.of_log10(ratios)
    return f"{sci(summary.geometric_mean)} ({mean_spread(summary)})"


@value
def rnn_15_grows() -> str:
    """On how many seeds the gradient at rho = 1.5 reaches step 1 larger than it left step T."""
    ratios = first_step_ratios("rnn rho=1.5")
    return f"{int((ratios > 1).sum())} of {len(ratios)}"


@value
def rnn_15_smallest() -> str:
    return sci(float(first_step_ratios("rnn rho=1.5").min()))


@value
def rnn_15_largest() -> str:
    return sci(float(first_step_ratios("rnn rho=1.5").max()))


@value
def lstm_final() -> str:
    """Median and range over seeds of the LSTM's final test error (skewed: a mean misleads)."""
    final = runs.adding().lstm_mse[:, -1]
    return f"{np.median(final):.4f} (from {final.min():.4f} to {final.max():.4f})"


@value
def rnn_lowest() -> str:
    return f"{runs.adding().rnn_mse[:, -1].min():.3f}"


@value
def half_baseline() -> str:
    """The error of a model that remembers only the later marked number: Var(u) = 1/12."""
    return f"{1 / 12:.3f}"


@value
def adding_rate() -> str:
    return f"{ADDING_OPTIONS['lr']:g}"


@value
def adding_batch() -> str:
    return str(ADDING_OPTIONS["batch_size"])


@value
def adding_clip() -> str:
    return f"{ADDING_OPTIONS['max_norm']:g}"


def _count(params) -> int:
    return sum(int(np.size(v)) for v in params.values())


@value
def rnn_parameters() -> str:
    hidden = runs.adding().hidden
    return f"{_count(init_rnn(2, hidden, 1, np.random.default_rng(0))):,}"


@value
def lstm_parameters() -> str:
    hidden = runs.adding().hidden
    return f"{_count(init_lstm(2, hidden, 1, np.random.default_rng(0))):,}"
