"""Recurrent networks: BPTT against central finite differences, the linear RNN's closed form, and
the LSTM's constant error carousel."""

import numpy as np
import pytest
from finite_differences import central_differences, relative_error

from vanishing.network import mean_squared_error, softmax_cross_entropy
from vanishing.recurrent import (
    gradient_norm_ratio,
    init_lstm,
    init_rnn,
    lstm_forward,
    lstm_loss_and_gradients,
    recurrent_matrix,
    rnn_loss_and_gradients,
    step_norms,
)

MODELS = {
    "rnn": (lambda rng: init_rnn(3, 4, 2, rng, 1.2, "gaussian"), rnn_loss_and_gradients),
    "lstm": (lambda rng: init_lstm(3, 4, 2, rng, forget_bias=0.5), lstm_loss_and_gradients),
}


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("loss", [mean_squared_error, softmax_cross_entropy])
def test_bptt_matches_central_differences(model, loss):
    init, loss_and_gradients = MODELS[model]
    rng = np.random.default_rng(0)
    params = init(rng)
    params["b"] += rng.normal(0, 0.3, params["b"].shape)  # every bias term exercised
    params["c"] += rng.normal(0, 0.3, params["c"].shape)
    X = rng.normal(size=(5, 6, 3))
    targets = rng.normal(size=(5, 2)) if loss is mean_squared_error else rng.integers(2, size=5)
    _, _, grads = loss_and_gradients(params, X, targets, loss=loss)

    def value():
        return loss_and_gradients(params, X, targets, loss=loss)[0]

    for key, p in params.items():
        assert relative_error(grads.params[key], central_differences(value, p)) < 1e-6, key
    assert relative_error(grads.dx, central_differences(value, X)) < 1e-6


def test_rnn_hidden_state_gradients_match_a_perturbation_of_h_t():
    # dC/dh_t: perturb h_t alone and run the remaining steps from it.
    rng = np.random.default_rng(1)
    params = init_rnn(3, 4, 2, rng, 1.1, "gaussian")
    X, targets = rng.normal(size=(5, 6, 3)), rng.normal(size=(5, 2))
    _, seq, grads = rnn_loss_and_gradients(params, X, targets)
    for t in range(1, 7):
        h_t = seq.h[:, t].copy()

        def value(h_t=h_t, t=t):
            h = h_t
            for s in range(t, 6):
                h = np.tanh(h @ params["W"].T + X[:, s] @ params["U"].T + params["b"])
            return mean_squared_error(h @ params["V"].T + params["c"], targets)[0]

        assert relative_error(grads.dh[:, t - 1], central_differences(value, h_t)) < 1e-6


def test_lstm_hidden_and_cell_gradients_match_a_perturbation_of_the_state():
    # dC/dh_t: perturb h_t with c_t fixed; dC/dc_t: perturb c_t, with h_t = o_t tanh(c_t) following.
    rng = np.random.default_rng(2)
    params = init_lstm(3, 4, 2, rng)
    X, targets = rng.normal(size=(5, 6, 3)), rng.normal(size=(5, 2))
    _, seq, grads = lstm_loss_and_gradients(params, X, targets)
    for t in range(1, 7):
        h_t, c_t = seq.h[:, t].copy(), seq.c[:, t].copy()
        o_t = seq.gates[:, t - 1, 12:]

        def from_h(h_t=h_t, c_t=c_t, t=t):
            return mean_squared_error(_lstm_from(params, X[:, t:], h_t, c_t), targets)[0]

        def from_c(c_t=c_t, o_t=o_t, t=t):
            out = _lstm_from(params, X[:, t:], o_t * np.tanh(c_t), c_t)
            return mean_squared_error(out, targets)[0]

        assert relative_error(grads.dh[:, t - 1], central_differences(from_h, h_t)) < 1e-6
        assert relative_error(grads.dc[:, t - 1], central_differences(from_c, c_t)) < 1e-6


def _lstm_from(params, X, h, c):
    """The LSTM's readout after the steps X from the state (h, c), written out independently."""
    H = len(h[0])
    for t in range(X.shape[1]):
        z = h @ params["W"].T + X[:, t] @ params["U"].T + params["b"]
        i, f, o = (1 / (1 + np.exp(-z[:, k * H : (k + 1) * H])) for k in (0, 1, 3))
        c = f * c + i * np.tanh(z[:, 2 * H : 3 * H])
        h = o * np.tanh(c)
    return h @ params["V"].T + params["c"]


def test_lstm_forward_agrees_with_the_independent_loop():
    rng = np.random.default_rng(3)
    params = init_lstm(3, 5, 2, rng)
    X = rng.normal(size=(4, 7, 3))
    np.testing.assert_allclose(
        lstm_forward(params, X).output, _lstm_from(params, X, np.zeros((4, 5)), np.zeros((4, 5)))
    )


@pytest.mark.parametrize("kind", ["orthogonal", "gaussian"])
def test_recurrent_matrix_has_the_requested_spectral_radius(kind):
    W = recurrent_matrix(50, 0.9, np.random.default_rng(4), kind)
    assert np.max(np.abs(np.linalg.eigvals(W))) == pytest.approx(0.9, rel=1e-10)
    singular = np.linalg.svd(W, compute_uv=False)
    if kind == "orthogonal":
        np.testing.assert_allclose(singular, 0.9)
    else:  # non-normal: the largest singular value is near 2 rho (quarter-circle edge)
        assert 1.5 < singular[0] / 0.9 < 2.5


@pytest.mark.parametrize("rho", [0.8, 0.95, 1.0, 1.05, 1.25])
def test_linear_rnn_gradient_scales_exactly_as_rho_to_the_steps(rho):
    # W = rho Q: dC/dh_{t-1} = dC/dh_t W, and ||v rho Q|| = rho ||v|| for every row v.
    rng = np.random.default_rng(5)
    T = 40
    params = init_rnn(2, 16, 1, rng, rho, "orthogonal")
    X, targets = rng.normal(size=(3, T, 2)), rng.normal(size=(3, 1))
    _, _, grads = rnn_loss_and_gradients(params, X, targets, activation="linear")
    norms = step_norms(grads.dh)
    np.testing.assert_allclose(norms / norms[-1], rho ** np.arange(T - 1, -1, -1), rtol=1e-10)
    assert gradient_norm_ratio(grads.dh) == pytest.approx(rho ** (T - 1), rel=1e-10)


def test_linear_rnn_with_gaussian_w_grows_at_the_spectral_radius():
    # Non-normal W: transient growth, but ||v W^k||^(1/k) -> rho (Gelfand's formula).
    rng = np.random.default_rng(6)
    for rho in (0.9, 1.1):
        params = init_rnn(2, 20, 1, rng, rho, "gaussian")
        X, targets = rng.normal(size=(3, 400, 2)), rng.normal(size=(3, 1))
        _, _, grads = rnn_loss_and_gradients(params, X, targets, activation="linear")
        log_norms = np.log(step_norms(grads.dh))
        slope = (log_norms[0] - log_norms[200]) / 200  # per step, far from the start
        assert slope == pytest.approx(np.log(rho), abs=0.02)


def test_tanh_rnn_gradient_vanishes_below_and_survives_above_unit_radius():
    rng = np.random.default_rng(7)
    X, targets = rng.normal(size=(8, 50, 2)), rng.normal(size=(8, 1))
    ratios = {}
    for rho in (0.5, 0.9, 3.0):
        params = init_rnn(2, 32, 1, np.random.default_rng(8), rho, "orthogonal")
        ratios[rho] = gradient_norm_ratio(rnn_loss_and_gradients(params, X, targets)[2].dh)
    # tanh' <= 1, so the ratio is at most rho^(T-1); below 1 the gradient is gone.
    assert ratios[0.5] < 0.5**49
    assert ratios[0.9] < 0.9**49
    assert ratios[0.5] < ratios[0.9] < ratios[3.0]


def test_lstm_carousel_carries_the_gradient_where_the_rnn_loses_it():
    rng = np.random.default_rng(9)
    T = 100
    X, targets = rng.normal(size=(8, T, 2)), rng.normal(size=(8, 1))
    rnn = init_rnn(2, 32, 1, np.random.default_rng(10), 1.0, "orthogonal")
    rnn_grads = rnn_loss_and_gradients(rnn, X, targets)[2]
    carousel = {}
    for forget_bias in (0.0, 10.0):
        lstm = init_lstm(2, 32, 1, np.random.default_rng(10), forget_bias)
        carousel[forget_bias] = lstm_loss_and_gradients(lstm, X, targets)[2]
    first_input = {  # ||dC/dx_1|| / ||dC/dx_T||: what reaches the first input
        name: step_norms(g.dx)[0] / step_norms(g.dx)[-1]
        for name, g in [("rnn", rnn_grads), ("f0", carousel[0.0]), ("f10", carousel[10.0])]
    }
    # sigma(10) = 1 - 4.5e-5: the cell state keeps its error over 100 steps.
    cell = carousel[10.0].dc
    assert step_norms(cell)[0] / step_norms(cell)[-1] > 0.9
    assert first_input["f10"] > 1e6 * first_input["rnn"]
    assert first_input["f10"] > 1e6 * first_input["f0"]
    assert gradient_norm_ratio(carousel[10.0].dh) > 1e6 * gradient_norm_ratio(rnn_grads.dh)
