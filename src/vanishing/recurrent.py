"""Recurrent networks: a vanilla RNN and an LSTM, with back-propagation through time (BPTT).

A batch of sequences is an array X of shape (B, T, D): B sequences of T steps of D inputs. Both
networks start from h_0 = 0 (and c_0 = 0 for the LSTM) and read out linearly from the last
hidden state, y = h_T V^T + c, so the loss C depends on step t only through h_t's effect on h_T.

Vanilla RNN (Elman 1990), in the row-batch form of h_t = phi(W h_{t-1} + U x_t + b):

    h_t = phi(h_{t-1} W^T + x_t U^T + b),    phi = tanh (or the identity, for the linear RNN).

BPTT: with dh_t = dC/dh_t (the total derivative, through every later step),

    dh_T = (dC/dy) V,    a_t = dh_t * phi'(z_t),    dh_{t-1} = a_t W,
    dC/dW = sum_t a_t^T h_{t-1},  dC/dU = sum_t a_t^T x_t,  dC/db = sum_t a_t (over the batch),

so dh_1 = dh_T diag(phi'_T) W diag(phi'_{T-1}) W ... diag(phi'_2) W: a product of T - 1 Jacobians
that vanishes or explodes with the size of W (Hochreiter 1991; Bengio, Simard & Frasconi 1994).
For the linear RNN with W = rho Q (Q orthogonal) each factor is rho Q, which scales the norm of
every row vector by exactly rho, so ||dh_1|| = rho^(T-1) ||dh_T||.

LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber & Cummins 2000):
the pre-activations z_t = h_{t-1} W^T + x_t U^T + b are split into four blocks of H units,

    i = sigma(z_i), f = sigma(z_f), g = tanh(z_g), o = sigma(z_o),
    c_t = f * c_{t-1} + i * g,    h_t = o * tanh(c_t).

The cell state's own Jacobian is dc_t/dc_{t-1} = diag(f): with the forget gate near 1 the error
flows back unchanged along c (the "constant error carousel"). BPTT, with dh_t = dC/dh_t as above and
dc_t = dC/dc_t (total, h_t = o_t tanh(c_t) included):

    dc_t = dc_{t+1} * f_{t+1} + dh_t * o_t * (1 - tanh(c_t)^2),
    dz_o = dh_t * tanh(c_t) * o(1 - o),   dz_f = dc_t * c_{t-1} * f(1 - f),
    dz_i = dc_t * g * i(1 - i),           dz_g = dc_t * i * (1 - g^2),
    dh_{t-1} = dz_t W,   and the parameter gradients accumulate as in the vanilla RNN.

Parameters are a dict {"W", "U", "b", "V", "c"}: W is (H, H) for the RNN and (4H, H) for the LSTM
(blocks in the order i, f, g, o), U is (H or 4H, D), V is (O, H). Gradients come back in the same
structure. The losses are the batch-mean losses of vanishing.network.
"""

import math
from dataclasses import dataclass

import numpy as np

from vanishing.network import mean_squared_error

# phi and phi' written in terms of phi's output h (tanh' = 1 - tanh^2), as BPTT stores h_t.
_ACTIVATIONS = {
    "tanh": (np.tanh, lambda h: 1 - h**2),
    "linear": (lambda z: z, np.ones_like),
}


@dataclass(frozen=True)
class Unrolled:
    """A forward pass unrolled through T steps: what BPTT reads.

    h: (B, T + 1, H), h_0 = 0 first; output: (B, O) the readout y of h_T. For the LSTM also
    c: (B, T + 1, H) the cell states and gates: (B, T, 4H) the gate values i, f, g, o.
    """

    X: np.ndarray
    h: np.ndarray
    output: np.ndarray
    activation: str = "tanh"
    c: np.ndarray | None = None
    gates: np.ndarray | None = None


@dataclass(frozen=True)
class Gradients:
    """BPTT's result: params (dict like the parameters), dh: (B, T, H) with dh[:, t - 1] = dC/dh_t
    (the total derivative through all later steps), dx: (B, T, D) dC/dx_t, and for the LSTM dc:
    (B, T, H) with dc[:, t - 1] = dC/dc_t (with h_t = o_t tanh(c_t) following c_t)."""

    params: dict
    dh: np.ndarray
    dx: np.ndarray
    dc: np.ndarray | None = None


def recurrent_matrix(n, spectral_radius, rng, kind="orthogonal"):
    """An (n, n) recurrent matrix with the given spectral radius max |eigenvalue|.

    "orthogonal": rho Q with Q Haar-distributed (QR of a Gaussian matrix, the signs of R's diagonal
    moved into Q, Mezzadri 2007), so every eigenvalue and every singular value has modulus rho.
    "gaussian": a N(0, 1) matrix rescaled to spectral radius rho; its largest singular value is
    about twice rho (the circular law against the quarter-circle law).
    """
    A = rng.normal(size=(n, n))
    if kind == "orthogonal":
        Q, R = np.linalg.qr(A)
        return spectral_radius * Q * np.sign(np.diag(R))
    if kind == "gaussian":
        return spectral_radius * A / np.max(np.abs(np.linalg.eigvals(A)))
    raise ValueError(f"unknown kind {kind!r}")


def init_rnn(n_in, n_hidden, n_out, rng, spectral_radius=1.0, kind="orthogonal"):
    """Vanilla RNN parameters: W = recurrent_matrix(H, spectral_radius), U ~ N(0, 1/D),
    V ~ N(0, 1/H), zero biases."""
    return {
        "W": recurrent_matrix(n_hidden, spectral_radius, rng, kind),
        "U": rng.normal(0, 1 / math.sqrt(n_in), (n_hidden, n_in)),
        "b": np.zeros(n_hidden),
        "V": rng.normal(0, 1 / math.sqrt(n_hidden), (n_out, n_hidden)),
        "c": np.zeros(n_out),
    }


def init_lstm(n_in, n_hidden, n_out, rng, forget_bias=1.0):
    """LSTM parameters: W ~ N(0, 1/H) and U ~ N(0, 1/D) for the four gates, V ~ N(0, 1/H), zero
    biases except the forget gate's, set to `forget_bias` (Gers et al. 2000; Jozefowicz, Zaremba &
    Sutskever 2015 recommend 1): sigma(forget_bias) is the initial fraction of c kept per step."""
    b = np.zeros(4 * n_hidden)
    b[n_hidden : 2 * n_hidden] = forget_bias
    return {
        "W": rng.normal(0, 1 / math.sqrt(n_hidden), (4 * n_hidden, n_hidden)),
        "U": rng.normal(0, 1 / math.sqrt(n_in), (4 * n_hidden, n_in)),
        "b": b,
        "V": rng.normal(0, 1 / math.sqrt(n_hidden), (n_out, n_hidden)),
        "c": np.zeros(n_out),
    }


def _sigmoid(z):
    # Written through tanh so that it cannot overflow for large |z|.
    return 0.5 * (1 + np.tanh(0.5 * z))


def rnn_forward(params, X, activation="tanh"):
    """h_t = phi(h_{t-1} W^T + x_t U^T + b) for t = 1..T from h_0 = 0; y = h_T V^T + c."""
    phi = _ACTIVATIONS[activation][0]
    B, T, _ = X.shape
    h = np.zeros((B, T + 1, len(params["W"])))
    for t in range(T):
        h[:, t + 1] = phi(h[:, t] @ params["W"].T + X[:, t] @ params["U"].T + params["b"])
    output = h[:, -1] @ params["V"].T + params["c"]
    return Unrolled(X, h, output, activation)


def rnn_backward(params, unrolled, grad_output):
    """BPTT of grad_output = dC/dy through the RNN's forward pass (see the module doc)."""
    dphi = _ACTIVATIONS[unrolled.activation][1]
    T = unrolled.X.shape[1]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    grads["V"] = grad_output.T @ unrolled.h[:, -1]
    grads["c"] = grad_output.sum(axis=0)
    dh = np.zeros_like(unrolled.h[:, 1:])
    dx = np.zeros_like(unrolled.X)
    grad_h = grad_output @ params["V"]
    for t in reversed(range(T)):
        dh[:, t] = grad_h
        a = grad_h * dphi(unrolled.h[:, t + 1])
        grads["W"] += a.T @ unrolled.h[:, t]
        grads["U"] += a.T @ unrolled.X[:, t]
        grads["b"] += a.sum(axis=0)
        dx[:, t] = a @ params["U"]
        grad_h = a @ params["W"]
    return Gradients(grads, dh, dx)


def lstm_forward(params, X):
    """The LSTM of the module doc over t = 1..T from h_0 = c_0 = 0; y = h_T V^T + c."""
    B, T, _ = X.shape
    H = params["W"].shape[1]
    h = np.zeros((B, T + 1, H))
    c = np.zeros((B, T + 1, H))
    gates = np.zeros((B, T, 4 * H))
    for t in range(T):
        z = h[:, t] @ params["W"].T + X[:, t] @ params["U"].T + params["b"]
        gate = _sigmoid(z)
        gate[:, 2 * H : 3 * H] = np.tanh(z[:, 2 * H : 3 * H])
        i, f, g, o = np.split(gate, 4, axis=1)
        c[:, t + 1] = f * c[:, t] + i * g
        h[:, t + 1] = o * np.tanh(c[:, t + 1])
        gates[:, t] = gate
    output = h[:, -1] @ params["V"].T + params["c"]
    return Unrolled(X, h, output, "lstm", c, gates)


def lstm_backward(params, unrolled, grad_output):
    """BPTT of grad_output = dC/dy through the LSTM's forward pass (see the module doc)."""
    T = unrolled.X.shape[1]
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    grads["V"] = grad_output.T @ unrolled.h[:, -1]
    grads["c"] = grad_output.sum(axis=0)
    dh = np.zeros_like(unrolled.h[:, 1:])
    dc = np.zeros_like(unrolled.c[:, 1:])
    dx = np.zeros_like(unrolled.X)
    grad_h = grad_output @ params["V"]
    carried = np.zeros_like(grad_h)  # dC/dc_{t+1} times f_{t+1}: the carousel's share
    dz = np.zeros((len(grad_h), unrolled.gates.shape[2]))  # dC/dz_t, the four blocks side by side
    di, df, dg, do = np.split(dz, 4, axis=1)  # views into dz
    for t in reversed(range(T)):
        i, f, g, o = np.split(unrolled.gates[:, t], 4, axis=1)
        tanh_c = np.tanh(unrolled.c[:, t + 1])
        dh[:, t] = grad_h
        e = carried + grad_h * o * (1 - tanh_c**2)
        dc[:, t] = e
        di[:] = e * g * i * (1 - i)
        df[:] = e * unrolled.c[:, t] * f * (1 - f)
        dg[:] = e * i * (1 - g**2)
        do[:] = grad_h * tanh_c * o * (1 - o)
        grads["W"] += dz.T @ unrolled.h[:, t]
        grads["U"] += dz.T @ unrolled.X[:, t]
        grads["b"] += dz.sum(axis=0)
        dx[:, t] = dz @ params["U"]
        grad_h = dz @ params["W"]
        carried = e * f
    return Gradients(grads, dh, dx, dc)


def rnn_loss_and_gradients(params, X, targets, activation="tanh", loss=mean_squared_error):
    """Forward pass, loss and BPTT of the vanilla RNN: returns (loss value, Unrolled, Gradients).

    `loss` is mean_squared_error or softmax_cross_entropy of vanishing.network.
    """
    unrolled = rnn_forward(params, X, activation)
    value, grad_output = loss(unrolled.output, targets)
    return value, unrolled, rnn_backward(params, unrolled, grad_output)


def lstm_loss_and_gradients(params, X, targets, loss=mean_squared_error):
    """Forward pass, loss and BPTT of the LSTM: returns (loss value, Unrolled, Gradients)."""
    unrolled = lstm_forward(params, X)
    value, grad_output = loss(unrolled.output, targets)
    return value, unrolled, lstm_backward(params, unrolled, grad_output)


def step_norms(d):
    """||d[:, t]||_F for each step t = 1..T of a (B, T, H) gradient such as Gradients.dh."""
    return np.sqrt((d**2).sum(axis=(0, 2)))


def gradient_norm_ratio(d):
    """||dC/dh_1|| / ||dC/dh_T||: how much of the last step's gradient reaches the first."""
    norms = step_norms(d)
    return norms[0] / norms[-1]
