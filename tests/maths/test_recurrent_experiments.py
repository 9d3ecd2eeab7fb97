"""The adding problem and the recurrent experiments: the data's definition, and the LSTM learning
what the vanilla RNN does not."""

import numpy as np
import pytest

from vanishing.recurrent_experiments import (
    ADDING_BASELINE_MSE,
    adding_against_length,
    adding_comparison,
    adding_problem,
    gradient_through_time,
    train_adding,
)


def test_adding_problem_marks_one_step_in_each_half_and_sums_them():
    X, y = adding_problem(2000, 30, np.random.default_rng(0))
    assert X.shape == (2000, 30, 2) and y.shape == (2000, 1)
    marks = X[:, :, 1]
    assert (marks[:, :15].sum(axis=1) == 1).all() and (marks[:, 15:].sum(axis=1) == 1).all()
    first, second = marks[:, :15].argmax(axis=1), 15 + marks[:, 15:].argmax(axis=1)
    rows = np.arange(2000)
    np.testing.assert_array_equal(y[:, 0], X[rows, first, 0] + X[rows, second, 0])
    # Both positions uniform over their half; targets of variance 1/6 around 1.
    assert set(first) == set(range(15)) and set(second) == set(range(15, 30))
    assert y.mean() == pytest.approx(1, abs=0.03)
    assert ((y - 1) ** 2).mean() == pytest.approx(ADDING_BASELINE_MSE, rel=0.1)
    np.testing.assert_array_equal(X, adding_problem(2000, 30, np.random.default_rng(0))[0])


def test_a_training_run_is_deterministic_and_records_its_cost():
    first, second = (train_adding("lstm", 10, iterations=20, eval_every=10) for _ in range(2))
    np.testing.assert_array_equal(first.test_mse, second.test_mse)
    assert first.steps.tolist() == [0, 10, 20] and first.cpu_seconds > 0


def test_both_models_learn_the_adding_problem_over_a_short_memory():
    # T = 6: the vanilla RNN's gradient survives a few steps, so it learns too.
    for model in ("rnn", "lstm"):
        run = train_adding(model, 6, iterations=400, eval_every=400, seed=1)
        assert run.test_mse[-1] < ADDING_BASELINE_MSE / 10, model


def test_gradient_through_time_orders_the_networks_by_what_reaches_step_one():
    g = gradient_through_time(T=60)
    first = {name: g.ratios[name][0] for name in g.names}
    assert all(g.ratios[name][-1] == 1 for name in g.names)
    assert first["rnn rho=0.9"] < first["rnn rho=1"] < 1e-3 < first["lstm bias=5"]
    assert first["rnn rho=1.5"] > 1  # tanh' < 1 does not make up for rho = 1.5: it explodes
    assert first["lstm bias=5"] > 1e2 * first["lstm bias=1"]


@pytest.mark.slow
def test_the_lstm_learns_the_adding_problem_at_fifty_steps_and_the_rnn_does_not():
    result = adding_comparison()
    assert result.solved("lstm") == 1.0 and result.solved("rnn") == 0.0
    # The RNN stays at the baseline of always answering the mean.
    assert (result.rnn_mse[:, -1] > 0.8 * ADDING_BASELINE_MSE).all()
    assert result.rnn_cpu_seconds + result.lstm_cpu_seconds < 60


def test_the_vanilla_rnn_learns_a_short_memory_and_not_a_long_one():
    result = adding_against_length(
        "rnn", lengths=(8, 40), seeds=(0, 1), iterations=400, eval_every=400
    )
    assert result.final_mse.shape == (2, 2)
    assert (result.final_mse[0] < ADDING_BASELINE_MSE / 10).all()
    assert (result.final_mse[1] > 0.5 * ADDING_BASELINE_MSE).all()
