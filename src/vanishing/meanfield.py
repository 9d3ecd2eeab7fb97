"""Signal propagation through a wide random network: the mean-field theory.

The network is fully connected with N units per layer, weights W_ij ~ N(0, sigma_w^2 / N) and
biases b_i ~ N(0, sigma_b^2), all independent, and

    z_l = W_l phi(z_{l-1}) + b_l.

As N -> infinity the pre-activations z_{l,i} of one layer are, across units i, Gaussian with zero
mean (Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli 2016, "Exponential expressivity in deep
neural networks through transient chaos"). For inputs a and b the layer is described by the
length q_l^a = (1/N) sum_i (z_{l,i}^a)^2 and the covariance
q_l^ab = (1/N) sum_i z_{l,i}^a z_{l,i}^b, and these obey deterministic maps. With z, z_1, z_2
independent standard normals (E the Gaussian expectation):

    length map       q_{l+1} = sigma_w^2 E[phi(sqrt(q_l) z)^2] + sigma_b^2,
    covariance map   q_{l+1}^ab = sigma_w^2 E[phi(u_a) phi(u_b)] + sigma_b^2,
                     u_a = sqrt(q^a) z_1,  u_b = sqrt(q^b) (c z_1 + sqrt(1 - c^2) z_2),

with c_l = q_l^ab / sqrt(q_l^a q_l^b) the correlation of the two inputs. Once the length has
reached its fixed point q* (it does within a few layers), the correlation map is

    c_{l+1} = (sigma_w^2 E[phi(u_a) phi(u_b)] + sigma_b^2) / q*,   q^a = q^b = q*,

and c = 1 is always a fixed point. Its slope there is

    chi_1 = dc_{l+1}/dc_l at c = 1 = sigma_w^2 E[phi'(sqrt(q*) z)^2],

the same factor by which one layer multiplies the mean squared back-propagated gradient
(Schoenholz, Gilmer, Ganguli & Sohl-Dickstein 2017, "Deep information propagation"). chi_1 < 1 is
the ordered phase: c = 1 is stable, every pair of inputs converges to the same representation
and gradients vanish; chi_1 > 1 is the chaotic phase: nearby inputs decorrelate to a fixed point
c* < 1 and gradients explode. chi_1 = 1 is the edge of chaos. Schoenholz et al. 2017 measure how
fast the signal approaches its fixed points by the depth scales

    xi_q^-1 = -log(chi_1 + sigma_w^2 E[phi''(sqrt(q*) z) phi(sqrt(q*) z)])
            = -log(dq_{l+1}/dq_l at q*),
    xi_c^-1 = -log(sigma_w^2 E[phi'(u_a) phi'(u_b)])  at q^a = q^b = q*, c = c*,

so |q_l - q*| and |c_l - c*| decay like e^(-l / xi); xi_c = -1 / log chi_1 in the ordered phase and
diverges at the edge of chaos, which bounds the depth through which signals (and so gradients)
can travel. The slope of the length map is computed without phi'': Stein's lemma E[z g(z)] =
E[g'(z)] turns it into sigma_w^2 E[z phi(sqrt(q) z) phi'(sqrt(q) z)] / sqrt(q).

Gaussian expectations are Gauss-Legendre quadratures on panels of z in [-10, 10] (the mass
beyond is 1.5e-23), panel edges 10 (k/40)^2 so the panels crowd towards z = 0, 10 nodes each.
Gauss-Hermite quadrature (numpy.polynomial.hermite_e.hermegauss) was the first choice and fails
here: with 100 nodes spaced about 0.25 apart near 0 it misses E[sigma'(sqrt(q) z)^2] by 2 % at
q = 40 (the sigmoid's edge of chaos) and by 88 % at q = 400, because sigma'(sqrt(q) z) is a bump of
width about 1 / sqrt(q). The panels resolve it to 1e-10 for q from 0.01 to 10^4, and the edge at
z = 0 puts every kink of the library's units (ReLU, leaky ReLU, ELU) between panels.

The two-input expectation E[f(u_a) g(u_b)] is taken in polar coordinates z = r (cos t, sin t):

    E[f(u_a) g(u_b)] = (1/2 pi) int_0^pi dt int_0^inf r e^(-r^2/2) [F(r) + F(-r)] dr,
    F(r) = f(sqrt(q^a) cos(t) r) g(sqrt(q^b) cos(t - t_0) r),   cos t_0 = c,

with the same panels in r and Gauss-Legendre in t on the three arcs between pi/2 and
t_0 + pi/2 (mod pi), the angles where u_a or u_b changes sign. A tensor-product Gauss-Hermite rule
does badly for ReLU, whose kink line u_b = 0 cuts across its grid (64^2 nodes miss Cho & Saul's
arc-cosine kernel by 3.5e-3 at c = 0); in polar form ReLU's integrand is a polynomial in r and a
trigonometric polynomial on each arc, integrated to rounding. For tanh and the sigmoid the 2-D rule
(16 panels of 8 nodes in r, 16 nodes per arc) agrees with one four times finer in r and t to 2e-10
for q up to 45.

`activation` is a key of activations.ACTIVATIONS or an Activation such as activations.LINEAR.
Functions broadcast over arrays of sigma_w^2, sigma_b^2, q and c.
"""

import math
from dataclasses import dataclass

import numpy as np
from numpy.polynomial.legendre import leggauss

from vanishing.activations import ACTIVATIONS, Activation

Z_MAX = 10.0  # N(0, 1) puts 1.5e-23 of its mass beyond
# g(q) = map(q) - q is taken as 0 within this relative tolerance: rounding in the quadrature.
_ROUNDING = 1e-12
_BISECTIONS = 64  # halvings of a bracket: to 5e-20 of its width
_MAX_DOUBLINGS = 200  # a length beyond q0 * 2^200 counts as divergence (q* = inf)
_CHUNK = 64  # two-input expectations are evaluated this many parameter sets at a time


def _panels(panels, nodes):
    """Nodes and weights of Gauss-Legendre on panels [Z_MAX (k/K)^2, Z_MAX ((k+1)/K)^2] of
    [0, Z_MAX], k = 0..K-1: sum_i w_i f(x_i) ~ int_0^Z_MAX f(x) dx."""
    edges = Z_MAX * (np.arange(panels + 1) / panels) ** 2
    t, tw = leggauss(nodes)
    a, b = edges[:-1, None], edges[1:, None]
    return ((a + b) / 2 + (b - a) / 2 * t).ravel(), ((b - a) / 2 * tw).ravel()


def _normal_rule():
    """Nodes z_i and weights w_i with sum_i w_i f(z_i) ~ E[f(Z)], Z ~ N(0, 1)."""
    x, w = _panels(40, 10)
    z = np.concatenate([-x[::-1], x])
    return z, np.concatenate([w[::-1], w]) * np.exp(-(z**2) / 2) / math.sqrt(2 * math.pi)


_Z, _W = _normal_rule()
_R, _RW = _panels(16, 8)
_RW = _RW * _R * np.exp(-(_R**2) / 2) / (2 * math.pi)  # r e^(-r^2/2) dr, with the 1/2pi
_T, _TW = leggauss(16)  # on each arc of t


def resolve(activation):
    """The Activation itself, or the ACTIVATIONS entry of that name."""
    return activation if isinstance(activation, Activation) else ACTIVATIONS[activation]


def gaussian_mean(f, scale=1.0):
    """E[f(scale * Z)], Z ~ N(0, 1), by the panel quadrature; broadcasts over `scale`."""
    return f(np.asarray(scale, dtype=float)[..., None] * _Z) @ _W


def _floats(*arrays):
    return np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))


def length_map(q, activation, sigma_w2, sigma_b2):
    """q_{l+1} = sigma_w^2 E[phi(sqrt(q_l) z)^2] + sigma_b^2 (Poole et al. 2016)."""
    phi = resolve(activation).f
    q, sigma_w2, sigma_b2 = _floats(q, sigma_w2, sigma_b2)
    return sigma_w2 * gaussian_mean(lambda u: phi(u) ** 2, np.sqrt(q)) + sigma_b2


def length_map_slope(q, activation, sigma_w2):
    """dq_{l+1}/dq_l = sigma_w^2 E[z phi(sqrt(q) z) phi'(sqrt(q) z)] / sqrt(q)
    = sigma_w^2 E[phi'(sqrt(q) z)^2 + phi(sqrt(q) z) phi''(sqrt(q) z)] by Stein's lemma.

    q is clipped to the smallest normal float, where the limit q -> 0 is taken.
    """
    act = resolve(activation)
    q, sigma_w2 = _floats(q, sigma_w2)
    root = np.sqrt(np.maximum(q, np.finfo(float).tiny))
    # u / root is z: the quadrature's own node, recovered without a second broadcast.
    mean = gaussian_mean(lambda u: (u / root[..., None]) * act.f(u) * act.df(u), root)
    return sigma_w2 * mean / root


def length_fixed_point(activation, sigma_w2, sigma_b2, q0=1.0):
    """q* = lim q_l of the length map started at q_0 = q0 (inf where the length diverges).

    The length map is increasing in q for every activation of the library, so its iterates move
    monotonically to the nearest root of g(q) = map(q) - q in the direction of g(q0): the first
    root above q0 if g(q0) > 0, the last root below it otherwise. That root is found by bisection,
    after doubling the bracket upwards while g stays positive. With phi(0) = 0 and sigma_b = 0,
    q = 0 is a root; in the ordered phase it is the limit and the result is 0 to float resolution.
    """
    sigma_w2, sigma_b2, q0 = _floats(sigma_w2, sigma_b2, q0)

    def positive(q):
        return length_map(q, activation, sigma_w2, sigma_b2) - q > _ROUNDING * q

    up = positive(q0)
    lo, hi = np.where(up, q0, 0.0), q0.copy()
    for _ in range(_MAX_DOUBLINGS):
        grow = up & positive(hi)
        if not grow.any():
            break
        lo, hi = np.where(grow, hi, lo), np.where(grow, 2 * hi, hi)
    diverges = up & positive(hi)
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        below = length_map(mid, activation, sigma_w2, sigma_b2) - mid >= -_ROUNDING * mid
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return np.where(diverges, np.inf, (lo + hi) / 2)


def chi1(activation, sigma_w2, sigma_b2, q0=1.0):
    """chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2] at the length's fixed point q* (Poole et al. 2016;
    Schoenholz et al. 2017): the slope of the correlation map at c = 1 and the per-layer factor
    of the mean squared gradient."""
    q_star = length_fixed_point(activation, sigma_w2, sigma_b2, q0)
    return slope_factor(activation, sigma_w2, q_star)


def slope_factor(activation, sigma_w2, q):
    """sigma_w^2 E[phi'(sqrt(q) z)^2]: chi_1 when q = q*, the gradient factor of a layer at q."""
    dphi = resolve(activation).df
    q, sigma_w2 = _floats(q, sigma_w2)
    return sigma_w2 * gaussian_mean(lambda u: dphi(u) ** 2, np.sqrt(q))


def _arcs(t0):
    """Gauss-Legendre angles t and weights, shape (len(t0), 3 len(_T)), on [0, pi] split at
    pi/2 and t0 + pi/2 (mod pi), where u_a and u_b change sign."""
    kinks = np.sort([np.full_like(t0, math.pi / 2), (t0 + math.pi / 2) % math.pi], axis=0)
    edges = np.stack([np.zeros_like(t0), *kinks, np.full_like(t0, math.pi)], axis=1)
    a, b = edges[:, :-1, None], edges[:, 1:, None]
    t = (a + b) / 2 + (b - a) / 2 * _T
    return t.reshape(len(t0), -1), ((b - a) / 2 * _TW).reshape(len(t0), -1)


def _pair_mean(f, g, q_a, q_b, c):
    """E[f(u_a) g(u_b)], u_a = sqrt(q_a) z_1, u_b = sqrt(q_b) (c z_1 + sqrt(1 - c^2) z_2), in
    polar coordinates (see the module docstring); broadcasts over q_a, q_b and c."""
    q_a, q_b, c = _floats(q_a, q_b, c)
    shape = q_a.shape
    q_a, q_b, c = (x.ravel() for x in (q_a, q_b, np.clip(c, -1.0, 1.0)))
    out = np.empty(q_a.shape)
    for start in range(0, len(out), _CHUNK):
        part = slice(start, start + _CHUNK)
        t0 = np.arccos(c[part])
        t, tw = _arcs(t0)
        a = (np.sqrt(q_a[part])[:, None] * np.cos(t))[..., None] * _R
        b = (np.sqrt(q_b[part])[:, None] * np.cos(t - t0[:, None]))[..., None] * _R
        radial = (f(a) * g(b) + f(-a) * g(-b)) @ _RW
        out[part] = np.einsum("kt,kt->k", radial, tw)
    return out.reshape(shape)


def covariance_map(q_a, q_b, q_ab, activation, sigma_w2, sigma_b2):
    """One layer of the mean-field recursion for two inputs (Poole et al. 2016):
    (q^a, q^b, q^ab) -> (length_map(q^a), length_map(q^b),
                         sigma_w^2 E[phi(u_a) phi(u_b)] + sigma_b^2).
    """
    phi = resolve(activation).f
    q_a, q_b, q_ab, sigma_w2, sigma_b2 = _floats(q_a, q_b, q_ab, sigma_w2, sigma_b2)
    c = q_ab / np.sqrt(q_a * q_b)
    cross = sigma_w2 * _pair_mean(phi, phi, q_a, q_b, c) + sigma_b2
    return (
        length_map(q_a, activation, sigma_w2, sigma_b2),
        length_map(q_b, activation, sigma_w2, sigma_b2),
        cross,
    )


def correlation_map(c, activation, sigma_w2, sigma_b2, q):
    """c_{l+1} = (sigma_w^2 E[phi(u_a) phi(u_b)] + sigma_b^2) / q with q^a = q^b = q (Poole et al.
    2016); with q = q* this is the correlation map at the length's fixed point."""
    phi = resolve(activation).f
    c, sigma_w2, sigma_b2, q = _floats(c, sigma_w2, sigma_b2, q)
    return (sigma_w2 * _pair_mean(phi, phi, q, q, c) + sigma_b2) / q


def correlation_fixed_point(activation, sigma_w2, sigma_b2, q0=1.0):
    """c*, the stable fixed point of the correlation map at q*: 1 in the ordered phase
    (chi_1 <= 1); in the chaotic phase the root of c_{l+1}(c) = c in [0, 1), by bisection.

    On [0, 1) the map starts above the diagonal (at c = 0 it is (sigma_w^2 E[phi(u)]^2 +
    sigma_b^2) / q* >= 0) and, when chi_1 > 1, ends below it, since c_{l+1} ~ 1 - chi_1 (1 - c)
    near c = 1.
    """
    sigma_w2, sigma_b2, q0 = _floats(sigma_w2, sigma_b2, q0)
    q_star = length_fixed_point(activation, sigma_w2, sigma_b2, q0)
    return _correlation_fixed_point(activation, sigma_w2, sigma_b2, q_star)


def _correlation_fixed_point(activation, sigma_w2, sigma_b2, q_star, gap=1e-6):
    """c* given q*; `gap` keeps the bracket's top, 1 - gap, where c_{l+1} - c exceeds the
    quadrature's error. Only the chaotic parameters are bisected."""
    c_star = np.ones_like(q_star)
    chaotic = slope_factor(activation, sigma_w2, q_star) > 1
    sigma_w2, sigma_b2, q_star = sigma_w2[chaotic], sigma_b2[chaotic], q_star[chaotic]
    lo, hi = np.zeros_like(q_star), np.full_like(q_star, 1 - gap)
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        above = correlation_map(mid, activation, sigma_w2, sigma_b2, q_star) >= mid
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    c_star[chaotic] = (lo + hi) / 2
    return c_star


def _depth_scale(slope):
    """xi = -1 / log(slope): inf at slope 1 (the edge of chaos, or ReLU's q map at
    sigma_w^2 = 2), where rounding can put the slope a few ulps above 1."""
    with np.errstate(divide="ignore"):
        # 0 - log(...) rather than -log(...): log 1 = +0 would give -1 / +0 = -inf.
        return 1 / (0.0 - np.log(np.minimum(slope, 1.0)))


def depth_scales(activation, sigma_w2, sigma_b2, q0=1.0):
    """(xi_q, xi_c) of Schoenholz et al. 2017:
    xi_q = -1 / log(dq_{l+1}/dq_l at q*), xi_c = -1 / log(sigma_w^2 E[phi'(u_a) phi'(u_b)]) at
    q*, c*; in the ordered phase (c* = 1) xi_c = -1 / log chi_1."""
    sigma_w2, sigma_b2, q0 = _floats(sigma_w2, sigma_b2, q0)
    q_star = length_fixed_point(activation, sigma_w2, sigma_b2, q0)
    c_star = _correlation_fixed_point(activation, sigma_w2, sigma_b2, q_star)
    return _depth_scales(activation, sigma_w2, q_star, c_star)


def _depth_scales(activation, sigma_w2, q_star, c_star):
    dphi = resolve(activation).df
    xi_q = _depth_scale(length_map_slope(q_star, activation, sigma_w2))
    xi_c = _depth_scale(sigma_w2 * _pair_mean(dphi, dphi, q_star, q_star, c_star))
    return xi_q, xi_c


def edge_of_chaos(activation, sigma_b2, q0=1.0, lo=1e-3):
    """The sigma_w^2 at which chi_1 = 1, for each sigma_b^2: the order-to-chaos boundary.

    chi_1 grows with sigma_w^2 at fixed sigma_b^2 for the saturating units (tanh, sigmoid), so
    the crossing is found by geometric bisection between `lo` (ordered) and a top doubled until
    chi_1 > 1. (ReLU's chi_1 = sigma_w^2 / 2 crosses at 2 for every sigma_b^2 with a finite q*
    only below it.)
    """
    (sigma_b2,) = _floats(sigma_b2)
    lo = np.full_like(sigma_b2, lo)
    hi = np.ones_like(sigma_b2)
    for _ in range(_MAX_DOUBLINGS):
        grow = chi1(activation, hi, sigma_b2, q0) <= 1
        if not grow.any():
            break
        lo, hi = np.where(grow, hi, lo), np.where(grow, 2 * hi, hi)
    for _ in range(_BISECTIONS):
        mid = np.sqrt(lo * hi)
        ordered = chi1(activation, mid, sigma_b2, q0) <= 1
        lo, hi = np.where(ordered, mid, lo), np.where(ordered, hi, mid)
    return np.sqrt(lo * hi)


@dataclass(frozen=True)
class PhaseDiagram:
    """The mean-field quantities on a grid of (sigma_w^2, sigma_b^2), arrays of shape
    (len(sigma_b2), len(sigma_w2)), and the order-to-chaos boundary sigma_w^2(sigma_b^2).

    chi1 < 1 is the ordered phase, chi1 > 1 the chaotic one; xi_c is inf on the boundary.
    """

    activation: str
    sigma_w2: np.ndarray
    sigma_b2: np.ndarray
    q_star: np.ndarray
    chi1: np.ndarray
    c_star: np.ndarray
    xi_q: np.ndarray
    xi_c: np.ndarray
    boundary_sigma_b2: np.ndarray
    boundary_sigma_w2: np.ndarray


def phase_diagram(activation="tanh", sigma_w2=None, sigma_b2=None, boundary_points=21, q0=1.0):
    """The (sigma_w^2, sigma_b^2) phase diagram of Poole et al. 2016 and Schoenholz et al. 2017.

    Defaults: sigma_w^2 on 1..4 (tanh's boundary runs from 1 at sigma_b^2 = 0) and sigma_b^2 on
    0..0.5, 21 points each; the boundary is computed at `boundary_points` values of sigma_b^2
    over the same range.
    """
    sigma_w2 = np.linspace(1.0, 4.0, 21) if sigma_w2 is None else np.asarray(sigma_w2, float)
    sigma_b2 = np.linspace(0.0, 0.5, 21) if sigma_b2 is None else np.asarray(sigma_b2, float)
    grid_w, grid_b = np.meshgrid(sigma_w2, sigma_b2)
    q_star = length_fixed_point(activation, grid_w, grid_b, q0)
    c_star = _correlation_fixed_point(activation, grid_w, grid_b, q_star)
    xi_q, xi_c = _depth_scales(activation, grid_w, q_star, c_star)
    boundary_b = np.linspace(sigma_b2.min(), sigma_b2.max(), boundary_points)
    return PhaseDiagram(
        activation=resolve(activation).name,
        sigma_w2=sigma_w2,
        sigma_b2=sigma_b2,
        q_star=q_star,
        chi1=slope_factor(activation, grid_w, q_star),
        c_star=c_star,
        xi_q=xi_q,
        xi_c=xi_c,
        boundary_sigma_b2=boundary_b,
        boundary_sigma_w2=edge_of_chaos(activation, boundary_b, q0),
    )


@dataclass(frozen=True)
class SignalProfile:
    """Mean-field prediction per layer l = 1..depth (arrays of length depth): the lengths q_a,
    q_b of two inputs' pre-activations and their correlation c."""

    layers: np.ndarray
    q_a: np.ndarray
    q_b: np.ndarray
    c: np.ndarray


def signal_profile(activation, sigma_w2, sigma_b2, depth, x_aa, x_bb, x_ab):
    """The covariance map iterated from the inputs: x_aa = x_a.x_a / N_0, x_bb, x_ab likewise.

    The first layer is linear in the input, so (q^a_1, q^b_1, q^ab_1) = sigma_w^2 (x_aa, x_bb,
    x_ab) + sigma_b^2 (its weights have variance sigma_w^2 / N_0); covariance_map gives the rest.
    """
    q = tuple(sigma_w2 * x + sigma_b2 for x in (x_aa, x_bb, x_ab))
    rows = [q]
    for _ in range(depth - 1):
        q = covariance_map(*q, activation, sigma_w2, sigma_b2)
        rows.append(q)
    q_a, q_b, q_ab = (np.array([float(r[i]) for r in rows]) for i in range(3))
    return SignalProfile(np.arange(1, depth + 1), q_a, q_b, q_ab / np.sqrt(q_a * q_b))
