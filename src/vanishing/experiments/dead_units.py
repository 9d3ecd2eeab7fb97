"""ReLU units that output 0 on every example: how a large step or a negative bias kills them,
whether the variants meant to cure it do, and whether training brings them back."""

import dataclasses

import numpy as np

from vanishing.experiments.results import Labelled, coord, data
from vanishing.experiments.training_runs import BATCH_SIZE, EPOCHS, LR, SEED, spirals_network
from vanishing.network import forward, layer_statistics, loss_and_gradients
from vanishing.training import evaluate, sgd_step, train

# The He-normal ReLU network on the spirals: 6 hidden layers of 64 units.
DEPTH, WIDTH = 6, 64
LEARNING_RATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
SHIFTS = (0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0)
# dead_unit_recovery's bias shift.
RECOVERY_SHIFT = -0.5


def shift_hidden_biases(params, shift):
    """The parameters with every hidden bias moved by `shift`; the readout is left alone."""
    return [{**p, "b": p["b"] + shift} for p in params[:-1]] + params[-1:]


@dataclasses.dataclass(frozen=True)
class DeadAfterUpdate(Labelled):
    """The fraction of dead units before the step, and after it per learning rate (mean over
    layers, and per layer)."""

    dead_before: float
    learning_rates: np.ndarray = coord("learning_rate")
    dead: np.ndarray = data("learning_rate")
    dead_per_layer: np.ndarray = data("learning_rate", "layer")


def dead_units_after_update(
    learning_rates=LEARNING_RATES, depth=DEPTH, width=WIDTH, seed=SEED
) -> DeadAfterUpdate:
    """Fraction of dead ReLU units after one full-batch SGD step of rate lr on the spirals task.

    A unit is dead when its activation is 0 on every training example. The network is He-normal
    initialised.
    """
    params, X, labels, _ = spirals_network("relu", "he_normal", depth, width, seed)
    before = evaluate(params, X, labels, "relu")
    _, _, grads = loss_and_gradients(params, X, labels, "relu")
    dead = np.array(
        [evaluate(sgd_step(params, grads, lr), X, labels, "relu")["dead"] for lr in learning_rates]
    )
    return DeadAfterUpdate(
        dead_before=float(before["dead"].mean()),
        learning_rates=np.asarray(learning_rates),
        dead=dead.mean(axis=1),
        dead_per_layer=dead,
    )


@dataclasses.dataclass(frozen=True)
class DeadAfterShift(Labelled):
    """The fraction of dead units per bias shift (mean over layers, and per layer)."""

    shifts: np.ndarray = coord("shift")
    dead: np.ndarray = data("shift")
    dead_per_layer: np.ndarray = data("shift", "layer")


def dead_units_after_bias_shift(shifts=SHIFTS, depth=DEPTH, width=WIDTH, seed=SEED):
    """Fraction of dead ReLU units on the spirals task when every hidden bias is shifted by s.

    He-normal initialisation puts the pre-activations' standard deviation near sqrt 2, so the
    shifts are in those units' own scale.
    """
    params, X, labels, _ = spirals_network("relu", "he_normal", depth, width, seed)
    dead = np.array(
        [evaluate(shift_hidden_biases(params, s), X, labels, "relu")["dead"] for s in shifts]
    )
    return DeadAfterShift(shifts=np.asarray(shifts), dead=dead.mean(axis=1), dead_per_layer=dead)


@dataclasses.dataclass(frozen=True)
class ZeroGradient(Labelled):
    """Per activation and bias shift: the fraction of hidden units that get no gradient (mean
    over layers, and per layer) and ||dC/dW_l||_F per layer."""

    activations: tuple = coord("activation")
    shifts: np.ndarray = coord("shift")
    zero_gradient: np.ndarray = data("activation", "shift")
    zero_gradient_per_layer: np.ndarray = data("activation", "shift", "layer")
    grad_W: np.ndarray = data("activation", "shift", "layer")


def zero_gradient_units(
    activations=("relu", "leaky_relu", "elu"), shifts=SHIFTS, depth=DEPTH, width=WIDTH, seed=SEED
) -> ZeroGradient:
    """The bias shift of dead_units_after_bias_shift for ReLU and the variants meant to cure it:
    how many units get no gradient at all, and how much gradient reaches each layer.

    Every activation gets the same He-normal weights (one seed), with each hidden bias shifted by
    s, and one full-batch backward pass on the spirals. A unit gets no gradient when its column of
    delta_l = dC/dz_l is exactly 0 on every example: then dC/dW_l and dC/db_l are 0 in its row.
    """

    def run(activation, shift):
        params, X, labels, _ = spirals_network(activation, "he_normal", depth, width, seed)
        _, cache, grads = loss_and_gradients(
            shift_hidden_biases(params, shift), X, labels, activation
        )
        zero = np.array([np.mean((g["delta"] == 0).all(axis=0)) for g in grads[:-1]])
        return zero, layer_statistics(cache, grads)["grad_W"]

    zero, grad_W = np.moveaxis(np.array([[run(a, s) for s in shifts] for a in activations]), 2, 0)
    return ZeroGradient(
        activations=tuple(activations),
        shifts=np.asarray(shifts),
        zero_gradient=zero.mean(axis=2),
        zero_gradient_per_layer=zero,
        grad_W=grad_W,
    )


@dataclasses.dataclass(frozen=True)
class Recovery:
    """Per hidden layer: dead units before and after training, those revived, those whose
    incoming weights and bias never changed; and the training's epoch, loss and accuracy."""

    layers: np.ndarray
    dead_before: np.ndarray
    dead_after: np.ndarray
    revived: np.ndarray
    frozen: np.ndarray
    epoch: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray


def dead_unit_recovery(
    shift=RECOVERY_SHIFT,
    epochs=EPOCHS,
    lr=LR,
    batch_size=BATCH_SIZE,
    depth=DEPTH,
    width=WIDTH,
    seed=SEED,
) -> Recovery:
    """ReLU units killed by a bias shift, then trained by SGD: which of them come back?

    The He-normal ReLU network on the spirals has every hidden bias shifted by `shift`, as in
    dead_units_after_bias_shift, and is then trained by minibatch SGD. A unit is dead when its
    activation is 0 on every training example; it is frozen when its incoming weights and bias
    end bit for bit as they started.
    """
    params, X, labels, rng = spirals_network("relu", "he_normal", depth, width, seed)
    params = shift_hidden_biases(params, shift)
    trained, history = train(
        params, X, labels, "relu", lr=lr, epochs=epochs, batch_size=batch_size, rng=rng
    )

    def dead(p):
        return [(a == 0).all(axis=0) for a in forward(p, X, "relu")["a"]]

    before, after = dead(params), dead(trained)
    frozen = [
        np.sum((p["W"] == q["W"]).all(axis=1) & (p["b"] == q["b"]))
        for p, q in zip(params[:-1], trained[:-1], strict=True)
    ]
    return Recovery(
        layers=np.arange(1, depth + 1),
        dead_before=np.array([m.sum() for m in before]),
        dead_after=np.array([m.sum() for m in after]),
        revived=np.array([(b & ~a).sum() for b, a in zip(before, after, strict=True)]),
        frozen=np.array(frozen),
        **{k: history[k] for k in ("epoch", "loss", "accuracy")},
    )
