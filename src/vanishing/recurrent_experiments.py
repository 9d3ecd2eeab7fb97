"""Experiments with the recurrent networks: the gradient through time at initialisation, and the
adding problem, a task that needs a memory of T steps, learned by an LSTM and not by a vanilla RNN.
"""

import time
from dataclasses import dataclass

import numpy as np

from vanishing.recurrent import (
    init_lstm,
    init_rnn,
    lstm_forward,
    lstm_loss_and_gradients,
    rnn_forward,
    rnn_loss_and_gradients,
    step_norms,
)
from vanishing.training import adam_init, adam_step, clip_by_norm

# Always answering 1, the mean of the target u_a + u_b, scores Var(u_a + u_b) = 2 / 12.
ADDING_BASELINE_MSE = 1 / 6


def adding_problem(n, T, rng):
    """n sequences of the adding problem (Hochreiter & Schmidhuber 1997, experiment 4, in the form
    of Le, Jaitly & Hinton 2015): returns (X, targets) of shapes (n, T, 2) and (n, 1).

    Channel 0 holds T values u_t ~ U(0, 1); channel 1 marks two steps with 1, a uniformly in the
    first half (t < T // 2) and b in the second; the target is u_a + u_b. Answering it needs a
    memory of u_a over at least T - b, and up to T, steps.
    """
    X = np.zeros((n, T, 2))
    X[:, :, 0] = rng.uniform(size=(n, T))
    rows = np.arange(n)
    X[rows, rng.integers(0, T // 2, n), 1] = 1
    X[rows, rng.integers(T // 2, T, n), 1] = 1
    return X, (X[:, :, 0] * X[:, :, 1]).sum(axis=1, keepdims=True)


MODELS = {
    "rnn": (rnn_forward, rnn_loss_and_gradients),
    "lstm": (lstm_forward, lstm_loss_and_gradients),
}


def _init(model, hidden, rng):
    if model == "rnn":  # orthogonal W at spectral radius 1: the best case for BPTT at the start
        return init_rnn(2, hidden, 1, rng, spectral_radius=1.0, kind="orthogonal")
    return init_lstm(2, hidden, 1, rng, forget_bias=1.0)


@dataclass(frozen=True)
class AddingRun:
    """One training run: test mean squared error (u_a + u_b - y)^2 at `steps` (0 = before
    training) and the process CPU seconds the run took."""

    model: str
    seed: int
    steps: np.ndarray
    test_mse: np.ndarray
    cpu_seconds: float


def train_adding(
    model,
    T,
    *,
    hidden=16,
    iterations=600,
    batch_size=32,
    lr=0.01,
    max_norm=1.0,
    eval_every=50,
    n_test=500,
    seed=0,
):
    """Train "rnn" or "lstm" on fresh adding-problem batches with Adam and clipping by norm.

    Each iteration draws a batch of `batch_size` new sequences; the loss is the mean squared error
    C = (1/2B) sum (y - target)^2 of vanishing.network; the gradient is clipped to `max_norm`
    (clip_by_norm) before the Adam step. The test set of `n_test` sequences is fixed by the seed.
    """
    start = time.process_time()
    forward, loss_and_gradients = MODELS[model]
    rng = np.random.default_rng(seed)
    X_test, y_test = adding_problem(n_test, T, np.random.default_rng([seed, 1]))
    params = _init(model, hidden, rng)
    state = adam_init(params)

    def test_mse():
        return float(((forward(params, X_test).output - y_test) ** 2).mean())

    steps, mse = [0], [test_mse()]
    for k in range(1, iterations + 1):
        X, y = adding_problem(batch_size, T, rng)
        grads, _ = clip_by_norm(loss_and_gradients(params, X, y)[2].params, max_norm)
        params, state = adam_step(params, grads, state, lr)
        if k % eval_every == 0:
            steps.append(k)
            mse.append(test_mse())
    return AddingRun(model, seed, np.array(steps), np.array(mse), time.process_time() - start)


@dataclass(frozen=True)
class AddingComparison:
    """The vanilla RNN and the LSTM trained alike on the adding problem over several seeds.

    rnn_mse, lstm_mse: (seeds, evaluations) test MSE at `steps`; rnn_cpu_seconds and
    lstm_cpu_seconds: total over the seeds. `solved_below`: the MSE under which a run counts as
    having learned the task (a tenth of the baseline ADDING_BASELINE_MSE).
    """

    T: int
    hidden: int
    iterations: int
    seeds: tuple
    steps: np.ndarray
    rnn_mse: np.ndarray
    lstm_mse: np.ndarray
    baseline_mse: float
    solved_below: float
    rnn_cpu_seconds: float
    lstm_cpu_seconds: float

    def solved(self, model):
        """Fraction of seeds whose final test MSE is below solved_below."""
        mse = self.rnn_mse if model == "rnn" else self.lstm_mse
        return float(np.mean(mse[:, -1] < self.solved_below))


def adding_comparison(T=50, hidden=16, iterations=600, seeds=(0, 1, 2), **options):
    """train_adding for both models and every seed, with the same options."""
    runs = {
        m: [
            train_adding(m, T, hidden=hidden, iterations=iterations, seed=s, **options)
            for s in seeds
        ]
        for m in MODELS
    }
    return AddingComparison(
        T,
        hidden,
        iterations,
        tuple(seeds),
        runs["rnn"][0].steps,
        np.array([r.test_mse for r in runs["rnn"]]),
        np.array([r.test_mse for r in runs["lstm"]]),
        ADDING_BASELINE_MSE,
        ADDING_BASELINE_MSE / 10,
        sum(r.cpu_seconds for r in runs["rnn"]),
        sum(r.cpu_seconds for r in runs["lstm"]),
    )


@dataclass(frozen=True)
class GradientThroughTime:
    """||dC/dh_t|| / ||dC/dh_T|| for t = 1..T (`ratios[name]`, each of length T) at
    initialisation, for vanilla tanh RNNs at the spectral radii `spectral_radii` (names
    "rnn rho=...") and LSTMs at the forget-gate biases `forget_biases` ("lstm bias=...").
    For the LSTMs also cell_ratios[name], ||dC/dc_t|| / ||dC/dc_T|| (the total derivative), and
    forget[name], the forget gates' geometric mean exp(mean log f) over examples, units and the
    steps 2..T whose f multiplies the carried cell state, and direct[name], what the cell's direct
    path alone carries from c_T to c_1: ||(f_2 ... f_T) * dC/dc_T|| / ||dC/dc_T||, each unit and
    example with its own product of gates (so the units whose gates stay highest dominate)."""

    T: int
    names: tuple
    ratios: dict
    cell_ratios: dict
    forget: dict
    direct: dict


def gradient_through_time(
    T=100, spectral_radii=(0.9, 1.0, 1.5), forget_biases=(1.0, 5.0), hidden=32, seed=0
):
    """The per-step gradient norms of one batch of 16 adding-problem sequences, the loss taken at
    the last step against the targets, with each network freshly initialised from `seed`."""
    X, y = adding_problem(16, T, np.random.default_rng(seed))
    ratios, cell, forget, direct = {}, {}, {}, {}
    for rho in spectral_radii:
        params = init_rnn(2, hidden, 1, np.random.default_rng(seed), rho, "orthogonal")
        ratios[f"rnn rho={rho:g}"] = step_norms(rnn_loss_and_gradients(params, X, y)[2].dh)
    for bias in forget_biases:
        params = init_lstm(2, hidden, 1, np.random.default_rng(seed), bias)
        _, unrolled, grads = lstm_loss_and_gradients(params, X, y)
        name = f"lstm bias={bias:g}"
        ratios[name], cell[name] = step_norms(grads.dh), step_norms(grads.dc)
        f = np.split(unrolled.gates[:, 1:], 4, axis=2)[1]
        forget[name] = float(np.exp(np.log(f).mean()))
        last = grads.dc[:, -1]
        direct[name] = float(np.linalg.norm(f.prod(axis=1) * last) / np.linalg.norm(last))
    ratios = {k: v / v[-1] for k, v in ratios.items()}
    cell = {k: v / v[-1] for k, v in cell.items()}
    return GradientThroughTime(T, tuple(ratios), ratios, cell, forget, direct)


@dataclass(frozen=True)
class AddingAgainstLength:
    """One model's final test MSE on the adding problem per sequence length and seed:
    final_mse[k, s] for lengths[k] and seeds[s], trained by train_adding with the same options;
    cpu_seconds: the total."""

    model: str
    lengths: tuple
    seeds: tuple
    final_mse: np.ndarray
    cpu_seconds: float


def adding_against_length(model, lengths=(10, 20, 30, 50), seeds=(0, 1), **options):
    """How long a memory the model learns within the budget: train_adding at every length."""
    runs = [[train_adding(model, T, seed=s, **options) for s in seeds] for T in lengths]
    return AddingAgainstLength(
        model,
        tuple(lengths),
        tuple(seeds),
        np.array([[r.test_mse[-1] for r in row] for row in runs]),
        sum(r.cpu_seconds for row in runs for r in row),
    )
