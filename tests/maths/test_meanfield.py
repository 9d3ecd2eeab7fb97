"""Mean-field maps: closed forms (linear, ReLU, Cho & Saul's arc-cosine kernel), Monte Carlo,
finite differences, and the edges of chaos of tanh and the sigmoid."""

import math

import numpy as np
import pytest

from vanishing import meanfield as mf
from vanishing.activations import LINEAR, sigmoid, sigmoid_prime

Q = np.array([0.01, 0.3, 1.0, 2.5, 40.0])
C = np.array([-0.9, -0.5, 0.0, 0.3, 0.7, 0.95, 0.999])


def arc_cosine_map(c, sigma_w2, sigma_b2, q):
    """ReLU's correlation map from Cho & Saul 2009's arc-cosine kernel of degree 1:
    E[relu(u_a) relu(u_b)] = q (sin t + (pi - t) cos t) / (2 pi), cos t = c."""
    t = np.arccos(c)
    return (sigma_w2 * q * (np.sin(t) + (math.pi - t) * c) / (2 * math.pi) + sigma_b2) / q


def test_relu_length_map_chi1_and_fixed_point_are_the_closed_forms():
    np.testing.assert_allclose(mf.length_map(Q, "relu", 1.7, 0.2), 1.7 * Q / 2 + 0.2, rtol=1e-13)
    assert mf.chi1("relu", 1.7, 0.2) == pytest.approx(1.7 / 2, rel=1e-13)
    # q* = sigma_b^2 / (1 - sigma_w^2 / 2) below sigma_w^2 = 2; above it the length diverges.
    assert mf.length_fixed_point("relu", 1.5, 0.1) == pytest.approx(0.1 / (1 - 0.75), rel=1e-10)
    assert mf.length_fixed_point("relu", 2.5, 0.1) == np.inf


def test_relu_correlation_map_is_the_arc_cosine_kernel():
    for q in (0.3, 1.0, 40.0):
        np.testing.assert_allclose(
            mf.correlation_map(C, "relu", 1.7, 0.2, q),
            arc_cosine_map(C, 1.7, 0.2, q),
            rtol=1e-12,
        )


def test_linear_maps_are_exact():
    np.testing.assert_allclose(mf.length_map(Q, LINEAR, 0.8, 0.1), 0.8 * Q + 0.1, rtol=1e-13)
    np.testing.assert_allclose(
        mf.correlation_map(C, LINEAR, 0.8, 0.1, 0.5), (0.8 * 0.5 * C + 0.1) / 0.5, rtol=1e-12
    )
    assert mf.chi1(LINEAR, 0.8, 0.1) == pytest.approx(0.8, rel=1e-13)
    assert mf.length_fixed_point(LINEAR, 0.8, 0.1) == pytest.approx(0.1 / 0.2, rel=1e-10)


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "gelu", "elu"])
@pytest.mark.parametrize("q", [1.3, 45.0])  # 45: the sigmoid's q* at its edge of chaos
def test_quadrature_matches_monte_carlo(name, q):
    rng = np.random.default_rng(0)
    act = mf.resolve(name)
    z1, z2 = rng.normal(size=(2, 200_000))
    c, sigma_w2, sigma_b2 = 0.4, 1.7, 0.2

    def check(quadrature, samples):
        # Five standard errors of the Monte Carlo mean.
        assert abs(quadrature - samples.mean()) < 5 * samples.std() / math.sqrt(len(samples))

    check(
        mf.length_map(q, name, sigma_w2, sigma_b2),
        sigma_w2 * act.f(math.sqrt(q) * z1) ** 2 + sigma_b2,
    )
    check(mf.slope_factor(name, sigma_w2, q), sigma_w2 * act.df(math.sqrt(q) * z1) ** 2)
    u_a = math.sqrt(q) * z1
    u_b = math.sqrt(q) * (c * z1 + math.sqrt(1 - c**2) * z2)
    check(
        mf.correlation_map(c, name, sigma_w2, sigma_b2, q),
        (sigma_w2 * act.f(u_a) * act.f(u_b) + sigma_b2) / q,
    )


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "relu", "silu"])
def test_length_map_slope_matches_finite_differences(name):
    h = 1e-5
    for q in (0.2, 1.0, 3.0):
        numeric = (mf.length_map(q + h, name, 1.4, 0.1) - mf.length_map(q - h, name, 1.4, 0.1)) / (
            2 * h
        )
        assert mf.length_map_slope(q, name, 1.4) == pytest.approx(numeric, rel=1e-7)


def test_correlation_map_at_c_equal_one_is_the_length_map():
    q = 0.7
    assert mf.correlation_map(1.0, "tanh", 2.0, 0.1, q) * q == pytest.approx(
        mf.length_map(q, "tanh", 2.0, 0.1), rel=1e-12
    )


def test_chi1_is_the_slope_of_the_correlation_map_at_one():
    q_star = mf.length_fixed_point("tanh", 1.8, 0.05)
    h = 1e-4
    slope = (1 - mf.correlation_map(1 - h, "tanh", 1.8, 0.05, q_star)) / h
    assert slope == pytest.approx(mf.chi1("tanh", 1.8, 0.05), rel=1e-3)


def test_tanh_without_biases_is_critical_at_sigma_w2_one():
    assert mf.edge_of_chaos("tanh", 0.0) == pytest.approx(1.0, abs=1e-4)
    # Below it q* = 0 and chi_1 = sigma_w^2 tanh'(0)^2; above it the network is chaotic.
    assert mf.length_fixed_point("tanh", 0.7, 0.0) < 1e-15
    assert mf.chi1("tanh", 0.7, 0.0) == pytest.approx(0.7, rel=1e-12)
    assert mf.chi1("tanh", 1.5, 0.0) > 1


def test_tanh_boundary_rises_with_the_bias_and_separates_the_phases():
    diagram = mf.phase_diagram(
        "tanh", sigma_w2=np.linspace(1, 4, 13), sigma_b2=np.linspace(0, 0.3, 7)
    )
    assert np.all(np.diff(diagram.boundary_sigma_w2) > 0)
    edge = np.interp(diagram.sigma_b2, diagram.boundary_sigma_b2, diagram.boundary_sigma_w2)
    ordered = diagram.sigma_w2[None, :] < edge[:, None] - 1e-3
    chaotic = diagram.sigma_w2[None, :] > edge[:, None] + 1e-3
    assert np.all(diagram.chi1[ordered] < 1) and np.all(diagram.chi1[chaotic] > 1)
    assert np.all(diagram.c_star[ordered] == 1) and np.all(diagram.c_star[chaotic] < 1)
    # xi_c diverges at the boundary: it is largest next to it on every row.
    nearest = np.abs(diagram.sigma_w2[None, :] - edge[:, None]).argmin(axis=1)
    np.testing.assert_array_equal(np.argmax(diagram.xi_c, axis=1), nearest)


def test_depth_scales_are_the_decay_rates_of_the_iterated_maps():
    sigma_w2, sigma_b2 = 2.0, 0.05
    xi_q, xi_c = mf.depth_scales("tanh", sigma_w2, sigma_b2)
    q_star = mf.length_fixed_point("tanh", sigma_w2, sigma_b2)
    c_star = mf.correlation_fixed_point("tanh", sigma_w2, sigma_b2)
    # Small offsets, so the maps are linear about their fixed points to 1e-3.
    q = [q_star * (1 + 1e-4)]
    c = [c_star + 1e-4]
    for _ in range(3):
        q.append(mf.length_map(q[-1], "tanh", sigma_w2, sigma_b2))
        c.append(mf.correlation_map(c[-1], "tanh", sigma_w2, sigma_b2, q_star))
    q_rate = -1 / np.log((q[3] - q_star) / (q[2] - q_star))
    c_rate = -1 / np.log((c[3] - c_star) / (c[2] - c_star))
    assert q_rate == pytest.approx(xi_q, rel=1e-2)
    assert c_rate == pytest.approx(xi_c, rel=1e-2)


def test_tanh_without_biases_decorrelates_fully_in_the_chaotic_phase():
    assert mf.correlation_fixed_point("tanh", 2.0, 0.0) == pytest.approx(0.0, abs=1e-9)
    assert mf.correlation_fixed_point("tanh", 0.8, 0.0) == 1.0


def sigmoid_chi1_by_dense_grid(sigma_w2):
    """An independent oracle: q* by iterating the length map, both integrals by the trapezoid
    rule on a fine grid (no shared quadrature)."""
    z = np.linspace(-12, 12, 100_001)
    density = np.exp(-(z**2) / 2) / math.sqrt(2 * math.pi)
    q = 1.0
    for _ in range(50):
        q = sigma_w2 * np.trapezoid(sigmoid(math.sqrt(q) * z) ** 2 * density, z)
    return sigma_w2 * np.trapezoid(sigmoid_prime(math.sqrt(q) * z) ** 2 * density, z)


def test_sigmoid_edge_of_chaos_is_near_103():
    edge = float(mf.edge_of_chaos("sigmoid", 0.0))
    assert 100 < edge < 106
    assert mf.chi1("sigmoid", edge, 0.0) == pytest.approx(1.0, abs=1e-9)
    assert sigmoid_chi1_by_dense_grid(edge * 0.999) < 1 < sigmoid_chi1_by_dense_grid(edge * 1.001)


def test_sigmoid_at_xavier_gain_is_deep_in_the_ordered_phase():
    # Xavier normal on square layers: N Var(w) = 1; sigma'(z) <= 1/4 makes chi_1 < 1/16.
    assert mf.chi1("sigmoid", 1.0, 0.0) < 1 / 16
    assert mf.correlation_fixed_point("sigmoid", 1.0, 0.0) == 1.0


def test_signal_profile_of_identical_inputs_stays_correlated():
    profile = mf.signal_profile("tanh", 1.5, 0.05, 6, 1.0, 1.0, 1.0)
    np.testing.assert_allclose(profile.c, 1.0, rtol=1e-10)
    np.testing.assert_allclose(profile.q_a, profile.q_b, rtol=0)
    assert profile.q_a[1] == pytest.approx(mf.length_map(profile.q_a[0], "tanh", 1.5, 0.05))


def test_depth_scales_diverge_where_the_maps_are_marginal():
    # ReLU at sigma_w^2 = 2, sigma_b^2 = 0: every q is a fixed point and chi_1 = 1.
    assert mf.depth_scales("relu", 2.0, 0.0) == (np.inf, np.inf)
    _, xi_c = mf.depth_scales("tanh", 0.5, 0.0)
    assert xi_c == pytest.approx(-1 / math.log(0.5), rel=1e-9)
