"""The signal-propagation chapter's experiments: mean-field predictions for tanh networks set
against finite random networks of the same parameters, and the input-output Jacobian's singular
values under Gaussian and orthogonal weights.

Settings: width 256, 8 seeds (each seed draws a fresh network), 16 inputs of length
x.x / N = 1 whose every pair has cosine 0.5, biases of variance sigma_b^2 = 0.05, and three weight
variances for tanh: one in the ordered phase, the edge of chaos at that bias, one in the chaotic
phase (vanishing.meanfield, vanishing.propagation).
"""

from dataclasses import dataclass

import numpy as np

from vanishing import meanfield, propagation
from vanishing.activations import LINEAR
from vanishing.experiments.results import SeedSummary

ACTIVATION = "tanh"
WIDTH = 256
DEPTH = 20
SEEDS = range(8)
SIGMA_B2 = 0.05
INPUT_LENGTH, INPUT_COSINE, INPUT_COUNT, INPUT_SEED = 1.0, 0.5, 16, 100
ORDERED_SIGMA_W2, CHAOTIC_SIGMA_W2 = 0.8, 2.5
PHASES = ("ordered", "critical", "chaotic")

# The phase diagram's grid, as coarse as the build's CPU budget allows, finer at small sigma_b^2
# where the boundary rises steeply from sigma_w^2 = 1; the boundary itself at 41 sigma_b^2.
PHASE_SIGMA_W2 = np.linspace(0.5, 3.5, 21)
PHASE_SIGMA_B2 = np.array([0.0, 0.01, 0.025, *np.linspace(0.05, 0.5, 10)])
BOUNDARY_POINTS = 41

# Jacobians: linear units through 50 layers of 128, tanh at its edge of chaos through 32 of 256.
LINEAR_DEPTH, LINEAR_WIDTH = 50, 128
TANH_DEPTH = 32
# A bias variance close to 0 puts the edge's q* near 0, where tanh is nearly linear; at
# SIGMA_B2 the edge has a larger q*, where tanh's slopes vary across units.
SMALL_SIGMA_B2 = 1e-5
GRADIENT_DEPTH = 10
# Singular values of a computed product below this fraction of the largest are rounding: eps
# times a safety factor for the accumulation over the layers.
FLOAT_FLOOR = 1e3 * np.finfo(float).eps


def critical_sigma_w2(sigma_b2=SIGMA_B2):
    """The edge of chaos sigma_w^2 of tanh at bias variance sigma_b2."""
    return float(meanfield.edge_of_chaos(ACTIVATION, sigma_b2))


def phase_sigma_w2():
    """sigma_w^2 of each of PHASES at SIGMA_B2."""
    return dict(zip(PHASES, (ORDERED_SIGMA_W2, critical_sigma_w2(), CHAOTIC_SIGMA_W2), strict=True))


def chapter_inputs(width=WIDTH):
    """The INPUT_COUNT inputs with length INPUT_LENGTH and pairwise cosine INPUT_COSINE."""
    rng = np.random.default_rng(INPUT_SEED)
    return propagation.inputs_with(width, INPUT_LENGTH, INPUT_COSINE, INPUT_COUNT, rng)


@dataclass(frozen=True)
class SignalMaps:
    """Per phase (axis 0) and layer l = 1..depth (last axis): the mean-field q_l and c_l
    (predicted_q, predicted_c) and the finite networks' per-seed q_l and mean pairwise cosine
    (measured_q, measured_c, axes phase, seed, layer)."""

    phases: tuple[str, ...]
    sigma_w2: np.ndarray
    sigma_b2: float
    layers: np.ndarray
    predicted_q: np.ndarray
    predicted_c: np.ndarray
    measured_q: np.ndarray
    measured_c: np.ndarray

    def worst_decades(self):
        """The largest |log10(measured mean / predicted)| over phases and layers, for q and c."""
        q = np.abs(np.log10(self.measured_q.mean(axis=1) / self.predicted_q)).max()
        c = np.abs(np.log10(self.measured_c.mean(axis=1) / self.predicted_c)).max()
        return float(q), float(c)

    def relative_scatter(self, phase, layer=-1):
        """The standard deviation over seeds of the measured cosine at `layer`, divided by the
        mean distance 1 - c there: how far single networks stray from the mean, in units of the
        difference between the inputs that is left. (Near c = 1 the absolute scatter shrinks
        with 1 - c whatever the phase, so it alone says nothing about the pull towards c*.)"""
        c = self.measured_c[self.phases.index(phase), :, layer]
        return float(c.std(ddof=1) / (1 - c.mean()))


def signal_maps(depth=DEPTH, width=WIDTH, seeds=SEEDS):
    """q_l and c_l through tanh networks in the three phases: theory and measurement."""
    X = chapter_inputs(width)
    sigma_w2 = phase_sigma_w2()
    rows = {k: [] for k in ("pq", "pc", "mq", "mc")}
    for phase in PHASES:
        w2 = sigma_w2[phase]
        p = meanfield.signal_profile(
            ACTIVATION, w2, SIGMA_B2, depth, INPUT_LENGTH, INPUT_LENGTH,
            INPUT_LENGTH * INPUT_COSINE,
        )  # fmt: skip
        m = propagation.measure_signal(ACTIVATION, w2, SIGMA_B2, X, depth, seeds)
        for key, array in zip(rows, (p.q_a, p.c, m.q, m.cosine), strict=True):
            rows[key].append(array)
    return SignalMaps(
        PHASES,
        np.array([sigma_w2[p] for p in PHASES]),
        SIGMA_B2,
        np.arange(1, depth + 1),
        *(np.array(v) for v in rows.values()),
    )


@dataclass(frozen=True)
class GradientFactors:
    """Per phase: chi_1 at the inputs' fixed point and the measured per-layer factor of the
    squared gradient norm, one geometric mean over layers per seed."""

    phases: tuple[str, ...]
    sigma_w2: np.ndarray
    chi1: np.ndarray
    factor: np.ndarray  # (phase, seed)

    def summary(self, phase):
        return SeedSummary.of(self.factor[self.phases.index(phase)])


def gradient_factors(phases=("ordered", "chaotic"), width=WIDTH, seeds=SEEDS):
    """The backward factor per layer against chi_1, in networks whose inputs start at q*: their
    length is (q* - sigma_b^2) / sigma_w^2, so the first layer's q is already q*."""
    sigma_w2 = phase_sigma_w2()
    chi1, factor = [], []
    for phase in phases:
        w2 = sigma_w2[phase]
        q_star = float(meanfield.length_fixed_point(ACTIVATION, w2, SIGMA_B2))
        rng = np.random.default_rng(INPUT_SEED)
        X = propagation.inputs_with(width, (q_star - SIGMA_B2) / w2, INPUT_COSINE, INPUT_COUNT, rng)
        measured = propagation.gradient_factor(ACTIVATION, w2, SIGMA_B2, X, GRADIENT_DEPTH, seeds)
        chi1.append(float(meanfield.chi1(ACTIVATION, w2, SIGMA_B2)))
        factor.append(np.exp(np.log(measured.factor).mean(axis=1)))
    return GradientFactors(
        tuple(phases), np.array([sigma_w2[p] for p in phases]), np.array(chi1), np.array(factor)
    )


@dataclass(frozen=True)
class JacobianCase:
    """One network whose input-output Jacobian is measured: its name, units and parameters."""

    name: str
    activation: str
    sigma_w2: float
    sigma_b2: float
    width: int
    depth: int
    weights: str


def jacobian_cases():
    """Linear units at sigma_w^2 = 1 (critical for any weights), and tanh at its edge of chaos
    near sigma_b^2 = 0 and at SIGMA_B2, each with Gaussian and orthogonal weights."""
    cases = []
    for weights in propagation.WEIGHTS:
        cases.append(
            JacobianCase(
                f"linear_{weights}", LINEAR.name, 1.0, 0.0, LINEAR_WIDTH, LINEAR_DEPTH, weights
            )
        )
        for tag, sigma_b2 in (("small_bias", SMALL_SIGMA_B2), ("bias", SIGMA_B2)):
            cases.append(
                JacobianCase(
                    f"tanh_{tag}_{weights}",
                    ACTIVATION,
                    critical_sigma_w2(sigma_b2),
                    sigma_b2,
                    WIDTH,
                    TANH_DEPTH,
                    weights,
                )
            )
    return tuple(cases)


@dataclass(frozen=True)
class JacobianSpectra:
    """Per case: the singular values (seed, width) of J = D_L W_L ... D_1 W_1 at one input whose
    first layer sits at the length's fixed point q* (1 for linear units), and q* itself."""

    cases: tuple[JacobianCase, ...]
    q_star: np.ndarray
    singular_values: tuple[np.ndarray, ...]

    def sel(self, name):
        """(case, singular values) of the case called `name`."""
        i = [c.name for c in self.cases].index(name)
        return self.cases[i], self.singular_values[i]

    def log10_spread(self, name):
        """Per seed, the standard deviation of log10 of the singular values: mean and spread.
        Only meaningful where no singular value is near the float floor (see `resolved`)."""
        return SeedSummary.of(np.log10(self.sel(name)[1]).std(axis=1))

    def within_decade(self, name):
        """Per seed, the fraction of singular values between 1/10 and 10: mean and spread. It
        does not depend on the values below the float floor, which are rounding."""
        return SeedSummary.of((np.abs(np.log10(self.sel(name)[1])) <= 1).mean(axis=1))

    def resolved(self, name):
        """Per seed, whether each singular value exceeds FLOAT_FLOOR times the largest: a
        product of float64 matrices carries rounding of about eps times its norm, so smaller
        singular values are not measured."""
        values = self.sel(name)[1]
        return values > FLOAT_FLOOR * values.max(axis=1, keepdims=True)

    def squared_variance(self, name):
        """Per seed, the variance over the spectrum of the squared singular values lambda = s^2
        (the eigenvalues of J J^T): mean and spread."""
        return SeedSummary.of((self.sel(name)[1] ** 2).var(axis=1))

    def predicted_squared_variance(self, name):
        """Pennington, Schoenholz & Ganguli 2017 (free probability, N -> infinity, at chi_1 = 1):
        the variance of lambda is L (mu_2 / mu_1^2 - 1 - s_1), mu_k = E[phi'(sqrt(q*) z)^(2k)],
        s_1 = 0 for orthogonal weights and -1 for Gaussian ones. Orthogonal weights leave only the
        spread of the slopes across units, mu_2 / mu_1^2 - 1, which vanishes as q* -> 0."""
        case, _ = self.sel(name)
        if case.activation == LINEAR.name:
            mu_1 = mu_2 = 1.0
        else:
            q_star = self.q_star[[c.name for c in self.cases].index(name)]
            dphi = meanfield.resolve(case.activation).df
            mu_1 = float(meanfield.gaussian_mean(lambda u: dphi(u) ** 2, np.sqrt(q_star)))
            mu_2 = float(meanfield.gaussian_mean(lambda u: dphi(u) ** 4, np.sqrt(q_star)))
        s_1 = 0.0 if case.weights == "orthogonal" else -1.0
        return case.depth * (mu_2 / mu_1**2 - 1 - s_1)

    def mean_squared(self, name):
        """Per seed, (1/N) tr J J^T (chi_1^L in the mean-field theory): mean and spread."""
        return SeedSummary.of((self.sel(name)[1] ** 2).mean(axis=1))


def jacobian_spectra(seeds=SEEDS):
    """The Jacobian's singular values for every one of jacobian_cases()."""
    cases = jacobian_cases()
    q_star, spectra = [], []
    for case in cases:
        activation = LINEAR if case.activation == LINEAR.name else case.activation
        # Linear units have no fixed point to start from; their Jacobian does not depend on x.
        q = 1.0
        if activation is not LINEAR:
            q = float(meanfield.length_fixed_point(activation, case.sigma_w2, case.sigma_b2))
        # The input's length that puts the first layer's q at q*: sigma_w^2 x.x/N + sigma_b^2.
        length = (q - case.sigma_b2) / case.sigma_w2
        spectrum = propagation.jacobian_spectrum(
            activation, case.sigma_w2, case.sigma_b2, case.width, case.depth, case.weights,
            length, seeds,
        )  # fmt: skip
        q_star.append(q)
        spectra.append(spectrum.singular_values)
    return JacobianSpectra(cases, np.array(q_star), tuple(spectra))
