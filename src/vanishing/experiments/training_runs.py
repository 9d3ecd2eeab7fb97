"""Networks trained by SGD on the spirals: ReLU against sigmoid, and Nielsen's speed of learning."""

import dataclasses

import numpy as np

from vanishing.network import forward, init_network, layer_statistics, loss_and_gradients
from vanishing.training import spirals, train

# relu_vs_sigmoid_training: 8 hidden layers of 32 units, 30 epochs of SGD at rate 0.1, batches of
# 32 (the chapter quotes these).
DEPTH, WIDTH, EPOCHS, LR, BATCH_SIZE, SEED = 8, 32, 30, 0.1, 32, 0
# learning_speed: a 4-layer sigmoid network of 30 units at rate 1, trained until it has left its
# plateau at chance and learnt the spirals.
SPEED_DEPTH, SPEED_WIDTH, SPEED_LR, SPEED_SCHEME = 4, 30, 1.0, "lecun_normal"
SPEED_EPOCHS = 120
# Each activation of relu_vs_sigmoid_training with the initialisation made for it.
PAIRS = (("relu", "he_normal"), ("sigmoid", "xavier_normal"))


def spirals_network(activation, scheme, depth, width, seed):
    """The spirals training set and a fresh network for it: (params, X, labels, rng)."""
    rng = np.random.default_rng(seed)
    X, labels = spirals(rng=rng)
    params = init_network(X.shape[1], width, depth, labels.max() + 1, scheme, rng)
    return params, X, labels, rng


@dataclasses.dataclass(frozen=True)
class History:
    """`training.train`'s record per epoch (0 = before training) on the whole training set:
    loss and accuracy (epochs + 1,) and per-layer statistics (epochs + 1, depth)."""

    epoch: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    delta: np.ndarray
    grad_W: np.ndarray
    grad_b: np.ndarray
    z_mean: np.ndarray
    z_std: np.ndarray
    a_mean: np.ndarray
    a_std: np.ndarray
    saturated: np.ndarray
    dead: np.ndarray


def _train_spirals(activation, scheme, depth, width, epochs, lr, batch_size, seed):
    """SGD on the spirals from a fresh network: (initial params, trained params, History, X)."""
    params, X, labels, rng = spirals_network(activation, scheme, depth, width, seed)
    trained, history = train(
        params, X, labels, activation, lr=lr, epochs=epochs, batch_size=batch_size, rng=rng
    )
    return params, trained, History(**history), X


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The two trained networks' histories, and per layer the fraction of exactly-zero ReLU
    activations over the training set before ("relu_sparsity_init") and after training."""

    relu: History
    sigmoid: History
    relu_sparsity_init: np.ndarray
    relu_sparsity: np.ndarray

    @property
    def epoch(self) -> np.ndarray:
        return self.relu.epoch

    def history(self, activation: str) -> History:
        return {"relu": self.relu, "sigmoid": self.sigmoid}[activation]


def relu_vs_sigmoid_training(
    depth=DEPTH, width=WIDTH, epochs=EPOCHS, lr=LR, batch_size=BATCH_SIZE, seed=SEED
) -> Comparison:
    """The same deep network trained on the spirals by SGD, with ReLU (He normal) and with
    sigmoid (Xavier normal) units."""
    runs, sparsity = {}, {}
    for activation, scheme in PAIRS:
        initial, trained, runs[activation], X = _train_spirals(
            activation, scheme, depth, width, epochs, lr, batch_size, seed
        )
        if activation == "relu":
            for key, params in (("relu_sparsity_init", initial), ("relu_sparsity", trained)):
                sparsity[key] = np.array([np.mean(a == 0) for a in forward(params, X, "relu")["a"]])
    return Comparison(**runs, **sparsity)


def learning_speed(
    depth=SPEED_DEPTH,
    width=SPEED_WIDTH,
    epochs=SPEED_EPOCHS,
    lr=SPEED_LR,
    batch_size=BATCH_SIZE,
    scheme=SPEED_SCHEME,
    seed=SEED,
) -> History:
    """Nielsen's speed of learning per hidden layer, ||dC/db_l|| on the whole training set
    (History.grad_b, shape (epochs + 1, depth)), over SGD training of a sigmoid network on the
    spirals."""
    return _train_spirals("sigmoid", scheme, depth, width, epochs, lr, batch_size, seed)[2]


@dataclasses.dataclass(frozen=True)
class InitialSpeeds:
    """Nielsen's speed of learning ||dC/db_l|| of each hidden layer l = 1..depth before training,
    on the whole training set, for the networks of relu_vs_sigmoid_training drawn from several
    seeds: grad_b has shape (activation, seed, layer)."""

    activations: tuple[str, ...]
    seeds: np.ndarray
    grad_b: np.ndarray

    def first_over_last(self, activation: str) -> np.ndarray:
        """||dC/db_1|| / ||dC/db_L||, one per seed."""
        speed = self.grad_b[self.activations.index(activation)]
        return speed[:, 0] / speed[:, -1]


def initial_speeds(seeds=range(8), depth=DEPTH, width=WIDTH) -> InitialSpeeds:
    """The gradient flow of relu_vs_sigmoid_training's two networks at initialisation, one
    network per seed (seed s draws the spirals, then the weights, as that experiment does)."""
    grad_b = []
    for activation, scheme in PAIRS:
        rows = []
        for seed in seeds:
            params, X, labels, _ = spirals_network(activation, scheme, depth, width, seed)
            _, cache, grads = loss_and_gradients(params, X, labels, activation)
            rows.append(layer_statistics(cache, grads)["grad_b"])
        grad_b.append(rows)
    return InitialSpeeds(
        activations=tuple(a for a, _ in PAIRS), seeds=np.array(list(seeds)), grad_b=np.array(grad_b)
    )
