"""Signal propagation measured in finite random networks, to set against vanishing.meanfield.

The network has `width` inputs and `depth` layers of `width` units,

    z_1 = W_1 x + b_1,    z_l = W_l phi(z_{l-1}) + b_l,    b_l ~ N(0, sigma_b^2 I),

with Gaussian weights W_ij ~ N(0, sigma_w^2 / width) (Poole et al. 2016) or orthogonal ones
W = sigma_w Q, Q drawn uniformly (Haar) from the orthogonal group (Saxe, McClelland & Ganguli
2014). Both have E||W v||^2 = sigma_w^2 ||v||^2, so the mean-field maps are the same; they differ in
the spectrum of the input-output Jacobian

    J = dphi(z_L)/dx = D_L W_L ... D_1 W_1,    D_l = diag(phi'(z_l)),

whose mean squared singular value is chi_1^L at the fixed point for either kind, while its spread
is not: orthogonal weights at the edge of chaos keep the singular values near 1 for linear units
exactly and for tanh approximately at small q* (dynamical isometry, Pennington, Schoenholz &
Ganguli 2017), Gaussian weights spread them over orders of magnitude as the depth grows.

Results are frozen dataclasses of per-seed arrays; each seed draws a fresh network.
"""

from dataclasses import dataclass

import numpy as np

from vanishing.initialisation import SCHEMES
from vanishing.meanfield import resolve

WEIGHTS = ("gaussian", "orthogonal")


def random_layers(width, depth, sigma_w2, sigma_b2, rng, weights="gaussian"):
    """`depth` pairs (W_l, b_l) of a width x width network, W Gaussian or orthogonal."""
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {WEIGHTS}, not {weights!r}")
    sigma_w, sigma_b = np.sqrt(sigma_w2), np.sqrt(sigma_b2)
    layers = []
    for _ in range(depth):
        if weights == "gaussian":
            W = rng.normal(0.0, sigma_w / np.sqrt(width), (width, width))
        else:
            # The library's orthogonal scheme (gain 1) draws Q from the Haar measure.
            W = sigma_w * SCHEMES["orthogonal"].weights(width, width, rng)
        layers.append((W, rng.normal(0.0, sigma_b, width)))
    return layers


def preactivations(layers, activation, X):
    """[z_1, ..., z_L] for a batch X (one input per row), each of shape (batch, width)."""
    phi = resolve(activation).f
    zs, h = [], X
    for W, b in layers:
        zs.append(h @ W.T + b)
        h = phi(zs[-1])
    return zs


def inputs_with(width, length, cosine, count, rng):
    """`count` inputs x with x.x / width = length exactly and pairwise cosine `cosine` exactly.

    x_k = sqrt(length width) (sqrt(cosine) e_0 + sqrt(1 - cosine) e_k) for orthonormal e_0..e_count
    in random directions, which needs 0 <= cosine <= 1 and count < width.
    """
    basis, _ = np.linalg.qr(rng.normal(size=(width, count + 1)))
    e0, rest = basis[:, 0], basis[:, 1:].T
    return np.sqrt(length * width) * (np.sqrt(cosine) * e0 + np.sqrt(1 - cosine) * rest)


def mean_pairwise_cosine(H, centred=False):
    """Mean over pairs a < b of rows of cos(h_a, h_b) = h_a.h_b / (||h_a|| ||h_b||).

    centred: each row first has its own mean over its entries (units) subtracted, which makes
    the cosine the Pearson correlation of the two representations; uncentred keeps any component
    common to all units, such as the sigmoid's offset of about 1/2.
    """
    H = np.asarray(H, dtype=float)
    if centred:
        H = H - H.mean(axis=1, keepdims=True)
    unit = H / np.linalg.norm(H, axis=1, keepdims=True)
    gram = unit @ unit.T
    n = len(H)
    return (gram.sum() - np.trace(gram)) / (n * (n - 1))


@dataclass(frozen=True)
class SignalMeasurement:
    """Per seed (rows) and layer l = 1..depth (columns): q, the mean over the batch of
    (1/N) ||z_l||^2, and cosine, the mean pairwise cosine of the batch's pre-activations z_l
    (uncentred, as the mean-field correlation c_l; for two inputs it is c_l itself)."""

    activation: str
    weights: str
    layers: np.ndarray
    q: np.ndarray
    cosine: np.ndarray

    @property
    def q_mean(self):
        return self.q.mean(axis=0)

    @property
    def cosine_mean(self):
        return self.cosine.mean(axis=0)


def measure_signal(activation, sigma_w2, sigma_b2, X, depth, seeds=range(8), weights="gaussian"):
    """q_l and the mean pairwise cosine of a batch X (width = X's columns) through fresh random
    networks, one per seed."""
    width = X.shape[1]
    q, cosine = [], []
    for seed in seeds:
        layers = random_layers(
            width, depth, sigma_w2, sigma_b2, np.random.default_rng(seed), weights
        )
        zs = preactivations(layers, activation, X)
        q.append([np.mean(z**2) for z in zs])
        cosine.append([mean_pairwise_cosine(z) for z in zs])
    return SignalMeasurement(
        resolve(activation).name, weights, np.arange(1, depth + 1), np.array(q), np.array(cosine)
    )


@dataclass(frozen=True)
class GradientFactor:
    """factor[seed, l - 1] = sum over the batch of ||delta_l||^2 / ||delta_{l+1}||^2 for
    l = 1..depth-1, with delta_L random N(0, I) and delta_l = phi'(z_l) * (W_{l+1}^T delta_{l+1}):
    the measured counterpart of chi_1 = sigma_w^2 E[phi'(z)^2] (Schoenholz et al. 2017)."""

    activation: str
    layers: np.ndarray
    factor: np.ndarray

    @property
    def geometric_mean(self):
        """exp of the mean of log factor over seeds and layers."""
        return float(np.exp(np.log(self.factor).mean()))


def gradient_factor(activation, sigma_w2, sigma_b2, X, depth, seeds=range(8)):
    """Back-propagate random vectors from layer `depth` to layer 1 of fresh Gaussian networks
    fed the batch X, and measure the per-layer factor of the squared gradient norm."""
    dphi = resolve(activation).df
    width = X.shape[1]
    factors = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        layers = random_layers(width, depth, sigma_w2, sigma_b2, rng)
        zs = preactivations(layers, activation, X)
        delta = rng.normal(size=zs[-1].shape) * dphi(zs[-1])
        norms = [np.sum(delta**2)]
        for (W, _), z in zip(layers[:0:-1], zs[-2::-1], strict=True):
            delta = (delta @ W) * dphi(z)
            norms.append(np.sum(delta**2))
        norms = np.array(norms[::-1])
        factors.append(norms[:-1] / norms[1:])
    return GradientFactor(resolve(activation).name, np.arange(1, depth), np.array(factors))


@dataclass(frozen=True)
class JacobianSpectrum:
    """singular_values[seed] (descending, `width` of them) of J = D_L W_L ... D_1 W_1 at one
    input x with x.x / width = q0, for Gaussian or orthogonal weights."""

    activation: str
    weights: str
    depth: int
    singular_values: np.ndarray

    @property
    def mean_squared(self):
        """(1/N) tr J J^T averaged over seeds: chi_1^L in the mean-field theory."""
        return float(np.mean(self.singular_values**2))

    @property
    def log10_spread(self):
        """Standard deviation of log10 of the singular values, pooled over seeds."""
        return float(np.std(np.log10(self.singular_values)))


def jacobian_spectrum(
    activation, sigma_w2, sigma_b2, width, depth, weights="gaussian", q0=1.0, seeds=range(8)
):
    """The input-output Jacobian's singular values in fresh networks, one per seed."""
    dphi = resolve(activation).df
    spectra = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        layers = random_layers(width, depth, sigma_w2, sigma_b2, rng, weights)
        x = inputs_with(width, q0, 1.0, 1, rng)
        J = np.eye(width)
        for (W, _), z in zip(layers, preactivations(layers, activation, x), strict=True):
            J = dphi(z[0])[:, None] * (W @ J)
        spectra.append(np.linalg.svd(J, compute_uv=False))
    return JacobianSpectrum(resolve(activation).name, weights, depth, np.array(spectra))
