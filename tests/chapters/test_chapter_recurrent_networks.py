"""The recurrent-networks chapter: the linear RNN's closed form rho^(T-1) against BPTT, the tanh
slopes that can only shrink it, the forget gate's decay sigma(b_f)^(T-1), the adding problem's
baseline, and the figures against the runs they draw."""

import math

import numpy as np
import pytest

from vanishing.experiments.results import SeedSummary
from vanishing.recurrent import (
    gradient_norm_ratio,
    init_lstm,
    init_rnn,
    lstm_loss_and_gradients,
    rnn_loss_and_gradients,
)
from vanishing.recurrent_experiments import ADDING_BASELINE_MSE, adding_problem
from vanishing_site import gallery, runs
from vanishing_site.values import mean_spread, sci
from vanishing_site.values import recurrent_networks as q

draw = gallery.figure_data


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


def test_linear_rnn_gradient_is_rho_to_the_lag_as_quoted():
    # BPTT of a linear RNN with W = 0.9 Q: every backward factor scales the norm by exactly 0.9.
    T = int(q.steps())
    X, y = adding_problem(4, T, np.random.default_rng(0))
    params = init_rnn(2, 8, 1, np.random.default_rng(0), 0.9, "orthogonal")
    d = rnn_loss_and_gradients(params, X, y, activation="linear")[2].dh
    assert gradient_norm_ratio(d) == pytest.approx(0.9 ** (T - 1), rel=1e-9)
    assert q.linear_09() == sci(0.9 ** (T - 1))


def test_tanh_can_only_lose_more_than_the_linear_rnn():
    # The slopes 1 - h^2 <= 1 multiply each factor, so every seed's tanh ratio is below rho^(T-1).
    T = int(q.steps())
    tanh = q.first_step_ratios("rnn rho=0.9")
    assert len(tanh) >= 8
    assert np.all(tanh < 0.9 ** (T - 1))
    assert np.all(q.first_step_ratios("rnn rho=1") < 1)  # orthogonal W alone would keep 1


def test_ratios_are_means_over_eight_seeds_with_spread():
    for name, quoted in [
        ("rnn rho=0.9", q.ratio_rnn_09()),
        ("rnn rho=1", q.ratio_rnn_1()),
        ("lstm bias=1", q.ratio_lstm_1()),
        ("lstm bias=5", q.ratio_lstm_5()),
    ]:
        summary = SeedSummary.of_log10(q.first_step_ratios(name))
        assert summary.n >= 8
        assert quoted == f"{sci(summary.geometric_mean)} ({mean_spread(summary)})"
    # The ordering the prose states: the LSTM's cell carries more than the RNN at rho = 1, and a
    # larger forget bias carries more still.
    mean = {n: np.log10(q.first_step_ratios(n)).mean() for n in ["rnn rho=1", "lstm bias=1"]}
    assert mean["lstm bias=1"] > mean["rnn rho=1"] + 2
    assert np.log10(q.first_step_ratios("lstm bias=5")).mean() > mean["lstm bias=1"] + 2


def test_rho_15_saturates_the_units():
    # The prose: at rho = 1.5 the growth from W competes with small tanh slopes. Measure the
    # mean slope 1 - h^2 over the unrolled states against rho = 1.
    T = int(q.steps())
    X, y = adding_problem(16, T, np.random.default_rng(0))
    slope = {}
    for rho in (1.0, 1.5):
        params = init_rnn(2, runs.RECURRENT_WIDTH, 1, np.random.default_rng(0), rho)
        h = rnn_loss_and_gradients(params, X, y)[1].h[:, 1:]
        slope[rho] = float((1 - h**2).mean())
    assert slope[1.5] < slope[1.0]


def test_forget_gate_decay_is_sigma_of_the_bias_to_the_lag():
    # The decay sigma(b_f)^(T-1) assumes the gate sits near sigma(b_f): check the gates of an
    # initialised LSTM (blocks i, f, g, o).
    X, y = adding_problem(3, 6, np.random.default_rng(1))
    params = init_lstm(2, 4, 1, np.random.default_rng(1), forget_bias=5.0)
    f = lstm_loss_and_gradients(params, X, y)[1].gates[:, :, 4:8]
    assert abs(f.mean() - _sigmoid(5.0)) < 0.01 and f.min() > _sigmoid(3.0)
    assert q.forget_5() == f"{_sigmoid(5.0):.4f}"
    assert q.forget_1() == f"{_sigmoid(1.0):.3f}"
    T = int(q.steps())
    assert float(q.forget_5_decay()) == pytest.approx(_sigmoid(5.0) ** (T - 1), rel=1e-2)
    assert q.forget_1_decay() == sci(_sigmoid(1.0) ** (T - 1))


def test_adding_baseline_is_the_variance_of_the_target():
    _, y = adding_problem(200_000, 10, np.random.default_rng(0))
    assert float(((y - 1) ** 2).mean()) == pytest.approx(1 / 6, rel=0.02)
    assert q.baseline() == f"{ADDING_BASELINE_MSE:.3f}"


def test_lstm_learns_the_adding_problem_and_the_rnn_stays_at_the_baseline():
    result = runs.adding()
    assert len(result.seeds) >= 8
    rnn, lstm = result.rnn_mse[:, -1], result.lstm_mse[:, -1]
    # Every RNN seed ends within 15% of the baseline; the LSTM's mean is far below it.
    assert np.all(np.abs(rnn / ADDING_BASELINE_MSE - 1) < 0.15)
    assert lstm.mean() < ADDING_BASELINE_MSE / 5
    assert result.solved("rnn") == 0 and result.solved("lstm") >= 0.5
    assert q.rnn_final() == mean_spread(SeedSummary.of(rnn), 3)
    assert (
        q.lstm_solved()
        == f"{round(result.solved('lstm') * len(result.seeds))} of {len(result.seeds)}"
    )
    # The prose: the LSTM's unsolved seeds are still descending at the end.
    unsolved = result.lstm_mse[lstm >= result.solved_below]
    assert np.all(unsolved[:, -1] < unsolved[:, -4])


def test_gradient_figure_draws_the_geometric_means():
    data = draw("gradient_through_time")
    logs = np.log10([g.ratios["rnn rho=0.9"] for g in runs.gradient_through_time()])
    np.testing.assert_allclose(data["rnn_rho_0.9"], 10 ** logs.mean(axis=0))
    assert data["rnn_rho_0.9"][-1] == pytest.approx(1)


def test_adding_figure_draws_the_seed_means():
    data = draw("adding_training")
    result = runs.adding()
    np.testing.assert_allclose(data["lstm_mean"], result.lstm_mse.mean(axis=0))
    np.testing.assert_allclose(data["rnn_spread"], result.rnn_mse.std(axis=0, ddof=1))


def test_the_lstm_gradient_at_bias_1_outlives_its_forget_gates():
    gradients = runs.gradient_through_time()
    T = gradients[0].T
    for g in gradients:
        name = "lstm bias=1"
        # The cell's direct path alone, each unit with its own gates, carries far more than the
        # mean gate to the power T - 1 (the highest gates dominate a norm) ...
        direct = g.direct[name]
        assert direct > 1e3 * g.forget[name] ** (T - 1)
        # ... and still the total gradients exceed it on every seed: the gate paths carry them
        assert g.cell_ratios[name][0] > 30 * direct and g.ratios[name][0] > 10 * direct
        assert 0.6 < g.forget[name] < 0.8 and g.forget["lstm bias=5"] > 0.98
        # with forget bias 5 the direct path alone keeps a sizeable share on every seed
        assert g.direct["lstm bias=5"] > 0.2 and direct < 1e-5
    assert q.direct_path_lstm_1().startswith(
        sci(SeedSummary.of_log10([g.direct["lstm bias=1"] for g in gradients]).geometric_mean)
    )


def test_rho_15_splits_into_growing_and_shrinking_seeds():
    ratios = q.first_step_ratios("rnn rho=1.5")
    grows = int((ratios > 1).sum())
    assert 0 < grows < len(ratios) and q.rnn_15_grows() == f"{grows} of {len(ratios)}"


def test_adding_settings_and_parameter_counts():
    hidden = runs.adding().hidden
    assert q.rnn_parameters() == f"{hidden * hidden + 2 * hidden + hidden + hidden + 1:,}"
    assert q.lstm_parameters() == f"{4 * (hidden * hidden + 2 * hidden + hidden) + hidden + 1:,}"
    assert (q.adding_rate(), q.adding_batch(), q.adding_clip()) == ("0.01", "32", "1")
    rnn = runs.adding().rnn_mse[:, -1]
    assert float(q.rnn_lowest()) < float(q.baseline()) and rnn.min() > 1 / 12
