"""Why the deep sigmoid network cannot learn the spirals: its forward signal collapses.

The network is the one of experiments.relu_vs_sigmoid_training: 8 hidden layers of 32 units on
the 2-D, 3-class spirals (training.spirals, 300 points), Xavier-normal weights
W ~ N(0, 2 / (fan_in + fan_out)), zero biases, a linear readout; seed s draws the data and then the
weights from one numpy Generator, default_rng(s), in that order. Between hidden layers
fan_in = fan_out = 32, so sigma_w^2 = N Var(w) = 1 in the notation of vanishing.meanfield.

At sigma_w^2 = 1, sigma_b^2 = 0 the sigmoid is deep in the ordered phase: chi_1 = sigma_w^2
E[sigma'(sqrt(q*) z)^2] is below 1/16 (sigma' <= 1/4), while its edge of chaos is at sigma_w^2
near 103 (meanfield.edge_of_chaos). Near c = 1 the correlation map is c_{l+1} = 1 - chi_1 (1 - c_l),
so the inputs' differences shrink by about chi_1 per layer, relative to the signal.

What keeps the signal itself from shrinking, so that only the differences vanish, is the
sigmoid's mean. Write sigma(z) = 1/2 + g(z) with g odd, g(z) ~ z/4. Every hidden vector is a
common part 1/2 (1, ..., 1), the same for every input, plus an input-dependent part g(z). The next
layer maps the common part to W (1/2, ..., 1/2), a fixed vector that acts as a bias of variance
sigma_w^2 / 4 and is rebuilt at full size in every layer, so q* >= sigma_w^2 / 4. The input-
dependent part is multiplied by about chi_1 per layer. After a few layers the common part is all
that is left: every input maps to the same vector in direction, and the logits barely vary across
the data set. The centred sigmoid sigma(z) - 1/2 (CENTRED_SIGMOID, equal to tanh(z/2)/2) has the
same slopes and chi_1 = 1/16 but no common part: its q* is 0, the whole signal shrinks with depth,
and the inputs keep their directions, as in a linear network. Its logits are as flat as the
sigmoid's, but because the signal is small, not because the inputs have merged. tanh is odd too,
and at sigma_w^2 = 1, sigma_b^2 = 0 sits exactly on its edge of chaos (chi_1 = 1, q* = 0).

The same per-layer factor chi_1 that shrinks the inputs' differences forwards shrinks the gradient
backwards; but what stops the sigmoid network from learning is the forward collapse: the readout
sees nearly one vector for every input, so its logits cannot differ between classes, and the
gradients that would have to pull the inputs apart again are themselves shrunk by chi_1 per layer
(Poole et al. 2016; Schoenholz et al. 2017). training_outcome measures whether a larger learning
rate or longer training gets it out.
"""

from dataclasses import dataclass

import numpy as np

from vanishing import meanfield
from vanishing.activations import Activation, Interval, sigmoid, sigmoid_prime
from vanishing.network import init_network
from vanishing.propagation import mean_pairwise_cosine, preactivations
from vanishing.training import spirals, train


def centred_sigmoid(x):
    """sigma(x) - 1/2 = tanh(x / 2) / 2: the sigmoid without its mean."""
    return sigmoid(x) - 0.5


# The control that separates the sigmoid's offset from its small slope; not a unit anyone trains.
CENTRED_SIGMOID = Activation("centred_sigmoid", "Centred sigmoid", "σ − ½", centred_sigmoid,
                             sigmoid_prime, Interval(-0.5, 0.5), 0.25,
                             Interval(0.0, 0.0, True, True), (-0.5, 0.5), (0.0, 0.0),
                             zero_centred=True, saturates=True, can_die=False)  # fmt: skip
ACTIVATIONS = ("sigmoid", "tanh")
DEPTH, WIDTH, SCHEME = 8, 32, "xavier_normal"


def spirals_network(seed, depth=DEPTH, width=WIDTH, scheme=SCHEME):
    """(params, X, labels, rng): the spirals of seed `seed` and a fresh network for them, drawn as
    in experiments.relu_vs_sigmoid_training (the data first, then the weights, one Generator)."""
    rng = np.random.default_rng(seed)
    X, labels = spirals(rng=rng)
    params = init_network(X.shape[1], width, depth, labels.max() + 1, scheme, rng)
    return params, X, labels, rng


def _mean_and_spread(values):
    """Mean and standard deviation over seeds, axis 1 of (n_activations, n_seeds, ...)."""
    return values.mean(axis=1), values.std(axis=1)


@dataclass(frozen=True)
class ForwardCollapse:
    """The hidden representations of the whole training set at initialisation, per activation
    (axis 0), seed (axis 1) and hidden layer l = 1..depth (axis 2):

    cosine: mean over pairs of inputs of the cosine of their hidden vectors h_l = phi(z_l),
      uncentred (the raw vectors, sigmoid's common offset included);
    cosine_centred: the same after subtracting from each h_l its own mean over the units (the
      Pearson correlation of two inputs' representations);
    cosine_preactivation: the uncentred cosine of z_l, the mean-field correlation c_l;
    logit_spread (activation, seed): the standard deviation of each logit across the training
      set, root-mean-square over the outputs;
    chi1 (activation): the mean-field chi_1 at the hidden layers' sigma_w^2 = 1, sigma_b^2 = 0.
    """

    activations: tuple[str, ...]
    seeds: np.ndarray
    layers: np.ndarray
    cosine: np.ndarray
    cosine_centred: np.ndarray
    cosine_preactivation: np.ndarray
    logit_spread: np.ndarray
    chi1: np.ndarray

    def mean_and_spread(self, field):
        """(mean, standard deviation) over seeds of one of the per-seed fields."""
        return _mean_and_spread(getattr(self, field))


def forward_collapse(
    activations=(*ACTIVATIONS, CENTRED_SIGMOID), seeds=range(8), depth=DEPTH, width=WIDTH
):
    """Per-layer similarity of the training inputs' hidden representations, and the spread of
    the logits, for the 8 x 32 Xavier-normal spirals network at initialisation; `activations`
    are ACTIVATIONS names or Activation objects (by default the sigmoid, tanh and the centred
    sigmoid)."""
    fields = {k: [] for k in ("cosine", "cosine_centred", "cosine_preactivation", "logit_spread")}
    for activation in activations:
        phi = meanfield.resolve(activation).f
        rows = {k: [] for k in fields}
        for seed in seeds:
            params, X, _, _ = spirals_network(seed, depth, width)
            zs = preactivations([(p["W"], p["b"]) for p in params[:-1]], activation, X)
            hs = [phi(z) for z in zs]
            logits = hs[-1] @ params[-1]["W"].T + params[-1]["b"]
            rows["cosine"].append([mean_pairwise_cosine(h) for h in hs])
            rows["cosine_centred"].append([mean_pairwise_cosine(h, True) for h in hs])
            rows["cosine_preactivation"].append([mean_pairwise_cosine(z) for z in zs])
            rows["logit_spread"].append(np.sqrt(np.mean(logits.std(axis=0) ** 2)))
        for k in fields:
            fields[k].append(rows[k])
    return ForwardCollapse(
        activations=tuple(meanfield.resolve(a).name for a in activations),
        seeds=np.array(list(seeds)),
        layers=np.arange(1, depth + 1),
        **{k: np.array(v) for k, v in fields.items()},
        chi1=np.array([float(meanfield.chi1(a, 1.0, 0.0)) for a in activations]),
    )


@dataclass(frozen=True)
class TrainingOutcome:
    """Training-set accuracy and loss after each epoch (epoch 0 = before training), of shape
    (activation, learning rate, seed, epoch), for `optimiser` (train's "sgd" or "adam") with
    minibatches of `batch_size`; and, of shape (activation, learning rate, seed), the similarity
    of the training inputs at the last hidden layer after training, as ForwardCollapse measures
    it at initialisation: final_cosine uncentred, final_cosine_centred centred."""

    activations: tuple[str, ...]
    learning_rates: np.ndarray
    seeds: np.ndarray
    epoch: np.ndarray
    batch_size: int
    accuracy: np.ndarray
    loss: np.ndarray
    optimiser: str
    final_cosine: np.ndarray
    final_cosine_centred: np.ndarray

    @property
    def final_accuracy(self):
        """(mean, standard deviation) over seeds of the last epoch's accuracy, per activation and
        learning rate."""
        last = self.accuracy[..., -1]
        return last.mean(axis=2), last.std(axis=2)

    @property
    def best_accuracy(self):
        """(mean, standard deviation) over seeds of the best accuracy over all epochs."""
        best = self.accuracy.max(axis=-1)
        return best.mean(axis=2), best.std(axis=2)


def last_layer_similarity(params, X, activation):
    """(uncentred, centred) mean pairwise cosine of the inputs' vectors h_L at the last hidden
    layer of `params`."""
    zs = preactivations([(p["W"], p["b"]) for p in params[:-1]], activation, X)
    h = meanfield.resolve(activation).f(zs[-1])
    return mean_pairwise_cosine(h), mean_pairwise_cosine(h, True)


def training_outcome(
    activations=ACTIVATIONS,
    learning_rates=(0.1, 1.0, 3.0),
    epochs=300,
    seeds=range(8),
    batch_size=32,
    depth=DEPTH,
    width=WIDTH,
    optimiser="sgd",
):
    """SGD (or Adam) on the spirals from the collapsed network, for every activation, learning
    rate and seed: does any learning rate, long training or Adam make the sigmoid network learn,
    and are the inputs still collapsed at the last hidden layer when training ends?"""
    shape = (len(activations), len(learning_rates), len(seeds))
    accuracy, loss = np.empty((*shape, epochs + 1)), np.empty((*shape, epochs + 1))
    cosine, centred = np.empty(shape), np.empty(shape)
    for i, activation in enumerate(activations):
        for j, lr in enumerate(learning_rates):
            for k, seed in enumerate(seeds):
                params, X, labels, rng = spirals_network(seed, depth, width)
                params, history = train(
                    params, X, labels, activation, lr=lr, epochs=epochs, batch_size=batch_size,
                    rng=rng, optimiser=optimiser,
                )  # fmt: skip
                accuracy[i, j, k], loss[i, j, k] = history["accuracy"], history["loss"]
                cosine[i, j, k], centred[i, j, k] = last_layer_similarity(params, X, activation)
    return TrainingOutcome(
        activations=tuple(activations),
        learning_rates=np.asarray(learning_rates, dtype=float),
        seeds=np.array(list(seeds)),
        epoch=np.arange(epochs + 1),
        batch_size=batch_size,
        accuracy=accuracy,
        loss=loss,
        optimiser=optimiser,
        final_cosine=cosine,
        final_cosine_centred=centred,
    )
