"""The chapter on exploding gradients: its numbers agree with closed forms and with independent
re-derivations, its figures plot the experiments, and the mechanisms it names are the ones at
work (the per-layer factor, the mean log of a product, the float range, the length of a step)."""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from test_chapters import NUMBER, _without_code_and_placeholders, read

from vanishing import activations, exploding
from vanishing.experiments.results import MIN_SEEDS
from vanishing.initialisation import init_biases, weight_variance
from vanishing.network import layer_statistics, loss_and_gradients
from vanishing.training import clip_by_norm, sgd_step
from vanishing_site import runs
from vanishing_site.figures import (
    clipping_first_steps,
    clipping_training,
    exploding_layer_profile,
    random_product_growth,
)
from vanishing_site.values import exploding_gradients as q

PAGE = Path(__file__).resolve().parents[2] / "docs" / "exploding-gradients.md"
EULER_GAMMA = 0.5772156649015329  # an independent copy: the library's constant is under test


def value(name):
    return getattr(q, name)()


def number(text):
    """The leading number of a value, with the prose's minus sign and thousands separators."""
    return float(re.match(r"[−\-\d.,]+", text).group(0).replace("−", "-").replace(",", ""))


def log10_summary(text):
    """(mean, spread, seeds) of a value written '10^(m ± s) over n seeds'."""
    match = re.fullmatch(r"10\^\(([−\d.]+) ± ([\d.]+)\) over (\d+) seeds", text)
    mean, spread, n = match.groups()
    return float(mean.replace("−", "-")), float(spread), int(n)


# Nielsen's chain


def test_nielsens_chain_factor_is_a_quarter_of_the_weight_by_hand():
    # Forward by hand: z_1 = 100 x + b_1 = 0, then a = 1/2 and z_l = 100 / 2 - 50 = 0.
    weight, depth = 100.0, runs.NIELSEN_DEPTH
    slope = 0.25  # sigma'(0)
    assert float(activations.sigmoid_prime(0.0)) == slope
    assert value("chain_factor") == f"{weight * slope:.0f}"
    assert number(value("chain_gradient_b1")) == pytest.approx(slope * (weight * slope) ** 3, 1e-3)
    assert number(value("chain_gradient_b_last")) == slope
    assert depth == 4  # the prose's "a chain of four neurons"


def test_nielsens_chain_gradient_matches_finite_differences():
    chain = runs.nielsen_chain()
    h = 1e-7
    up = chain.biases.copy()
    up[0] += h
    numeric = (exploding.scalar_chain(chain.weights, up).a[-1] - chain.a[-1]) / h
    assert chain.dadb[0] == pytest.approx(numeric, rel=1e-3)


def test_unstable_window_matches_a_scan_of_the_inputs():
    # Replaces "sigma'(z) falls faster than w grows": the factor w sigma'(w a + b) reaches 1 only
    # on a window of inputs a, measured here by scanning a, for several weights and biases.
    a, da = np.linspace(-3, 4, 700_001, retstep=True)
    for weight, bias in ((100.0, -50.0), (10.0, -5.0), (10.0, 3.0), (5.0, -1.0)):
        slope = activations.sigmoid_prime(weight * a + bias)
        scanned = np.count_nonzero(weight * slope >= 1) * da
        assert exploding.unstable_window(weight) == pytest.approx(scanned, abs=3 * da)
    assert exploding.unstable_window(3.9) == 0  # sigma' <= 1/4: no factor above 1 below w = 4
    assert not (3.9 * activations.sigmoid_prime(np.linspace(-10, 10, 1001)) >= 1).any()
    window = exploding.unstable_window(runs.nielsen_chain().weights[0])
    assert value("chain_window") == f"{window:.3f}"
    assert window < 0.1  # a small part of the interval (0, 1) a sigmoid's output can take


# Networks above the critical variance


def test_relu_ratio_is_the_gain_to_the_ninth_within_the_seeds_spread():
    result = runs.clipping()
    assert len(result.seeds) >= MIN_SEEDS
    gain, depth = result.gain, result.depth
    assert value("relu_sigma_w2") == f"{2 * gain**2:g}" and value("relu_chi") == f"{gain**2:g}"
    assert number(value("relu_ratio_predicted")) == pytest.approx(gain ** (depth - 1), abs=0.05)
    mean, spread, n = log10_summary(value("relu_ratio_measured"))
    ratios = result.delta_at_init[:, 0] / result.delta_at_init[:, -1]
    assert n == len(result.seeds)
    assert mean == pytest.approx(np.log10(ratios).mean(), abs=0.005)
    # Exercise 1: "within one spread of the prediction".
    assert abs(mean - (depth - 1) * math.log10(gain)) < spread
    assert (ratios > 1).all()  # growth on every seed
    assert number(value("relu_factor_measured")) == pytest.approx(gain, abs=0.1)


def test_relu_gradient_grows_layer_by_layer_not_only_end_to_end():
    delta = runs.clipping().delta_at_init
    step = np.log(delta[:, :-1] / delta[:, 1:]).mean(axis=0)  # mean log factor at each layer
    assert (step > 0).all()
    assert step.mean() == pytest.approx(math.log(runs.clipping().gain), abs=0.1)


def test_tanh_critical_variance_is_one_and_the_chosen_one_is_above_it():
    # At sigma_b = 0 and q -> 0, chi_1 = sigma_w^2 tanh'(0)^2 = sigma_w^2: critical at 1.
    assert number(value("tanh_critical")) == pytest.approx(1.0, abs=1e-3)
    assert runs.TANH_CHAOTIC["sigma_w2"] > 1 and number(value("tanh_chi1")) > 1


def test_glorots_variance_at_equal_widths_is_tanhs_critical_one():
    # "which for tanh with zero biases and equal widths is the critical variance 1".
    width = runs.TANH_CHAOTIC["width"]
    assert width * weight_variance("xavier_normal", width, width) == pytest.approx(1.0)
    assert not init_biases("xavier_normal", width, width, np.random.default_rng(0)).any()
    assert number(value("tanh_critical")) == pytest.approx(1.0, abs=1e-3)


def test_tanh_chi1_by_monte_carlo_at_the_fixed_point():
    rng = np.random.default_rng(0)
    z = rng.normal(size=2_000_000)
    sigma_w2 = runs.TANH_CHAOTIC["sigma_w2"]
    q_star = 1.0
    for _ in range(200):  # the length map q -> sigma_w^2 E[tanh(sqrt(q) z)^2] to its fixed point
        q_star = sigma_w2 * np.mean(np.tanh(math.sqrt(q_star) * z) ** 2)
    chi1 = sigma_w2 * np.mean((1 - np.tanh(math.sqrt(q_star) * z) ** 2) ** 2)
    assert number(value("tanh_q_star")) == pytest.approx(q_star, abs=0.01)
    assert number(value("tanh_chi1")) == pytest.approx(chi1, abs=0.002)


def test_tanh_measured_factor_agrees_with_chi1_on_every_seed():
    factors = np.exp(np.log(runs.tanh_chaotic().factor).mean(axis=1))
    assert len(factors) >= MIN_SEEDS
    np.testing.assert_allclose(factors, runs.tanh_chaotic_chi1(), rtol=0.03)
    text = value("tanh_factor_measured")
    assert text.startswith(f"{factors.mean():.3f} ± {factors.std(ddof=1):.3f}")
    ratio = runs.tanh_chaotic_profile()[:, 0]
    predicted = runs.tanh_chaotic_chi1() ** ((runs.clipping().depth - 1) / 2)
    assert np.exp(np.log(ratio).mean()) == pytest.approx(predicted, rel=0.1)


def test_relu_seeds_scatter_more_than_tanh_seeds():
    assert number(value("relu_log_spread")) > 2 * number(value("tanh_log_spread"))
    assert runs.clipping().width < runs.TANH_CHAOTIC["width"]


def test_width_explains_only_part_of_the_scatter():
    # The old text put the whole ReLU-against-tanh difference down to width. Measured with the
    # same procedure (random vectors back-propagated) at both widths, width shrinks the ReLU
    # spread about as 1/sqrt(n), far less than the difference between the two lines.
    assert runs.RELU_WIDTHS == (runs.clipping().width, runs.TANH_CHAOTIC["width"])
    spreads = []
    for width in runs.RELU_WIDTHS:
        factor = runs.relu_random_vectors()[width].factor
        assert factor.shape == (len(runs.EXPLODING_SEEDS), runs.EXPLODING_DEPTH - 1)
        # The same network as the figure's ReLU line: sigma_w^2 / 2 = gain^2 per layer.
        assert np.exp(np.log(factor).mean()) == pytest.approx(runs.EXPLODING_GAIN**2, rel=0.1)
        spreads.append(np.std(0.5 * np.log10(factor).sum(axis=1), ddof=1))
    narrow, wide = spreads
    assert number(value("relu_random_spread_narrow")) == pytest.approx(narrow, abs=0.005)
    assert number(value("relu_random_spread_wide")) == pytest.approx(wide, abs=0.0005)
    sqrt_ratio = math.sqrt(runs.RELU_WIDTHS[1] / runs.RELU_WIDTHS[0])
    assert number(value("sqrt_width_ratio")) == pytest.approx(sqrt_ratio, abs=0.05)
    drop = narrow / wide
    assert number(value("relu_random_spread_drop")) == pytest.approx(drop, abs=0.05)
    assert sqrt_ratio / 2 < drop < 2 * sqrt_ratio  # 8 seeds: a spread is known to ~25%
    relu_vs_tanh = number(value("relu_log_spread")) / number(value("tanh_log_spread"))
    assert relu_vs_tanh > 2 * drop  # width alone does not account for it
    # "At the same width ReLU still scatters more than tanh", and the spirals' loss gradient
    # more than random vectors at the same width.
    assert wide > 1.5 * number(value("tanh_log_spread"))
    assert number(value("relu_log_spread")) > 1.3 * narrow


def test_tanh_is_further_above_its_critical_variance_than_relu():
    # The old text said "tanh needs no large gain": its weights' standard deviation is
    # sqrt(4 / 1) = 2 times the critical one, more than the ReLU network's 1.5.
    tanh_gain = math.sqrt(runs.TANH_CHAOTIC["sigma_w2"] / number(value("tanh_critical")))
    assert tanh_gain > runs.EXPLODING_GAIN
    assert "no large gain" not in PAGE.read_text()


def test_ratios_in_prose_carry_their_spread():
    # A ratio presented as a property of a configuration: mean and spread over >= 8 seeds.
    mean, spread, n = log10_summary(value("tanh_ratio_measured"))
    ratios = runs.tanh_chaotic_profile()[:, 0]
    assert n >= MIN_SEEDS
    assert mean == pytest.approx(np.log10(ratios).mean(), abs=0.005)
    assert spread == pytest.approx(np.log10(ratios).std(ddof=1), abs=0.005)
    _, body = read(PAGE.name)
    callout = body.split('"Common misconception: exploding gradients')[1].split("\n## ")[0]
    for name in ("relu_ratio_measured", "tanh_ratio_measured"):
        assert f"exploding_gradients.{name}" in callout
    assert "_geometric" not in callout


def test_layer_profile_figure_plots_both_networks_and_their_predictions():
    _, data = exploding_layer_profile.figure()
    result = runs.clipping()
    relu = result.delta_at_init / result.delta_at_init[:, -1:]
    np.testing.assert_allclose(data["relu"], np.exp(np.log(relu).mean(axis=0)))
    np.testing.assert_allclose(
        data["relu_predicted"], result.gain ** (result.depth - data["layer"])
    )
    assert (data["relu_low"] <= data["relu"]).all() and (data["relu"] <= data["relu_high"]).all()
    # The tanh profile is the square root of the product of the factors above each layer.
    factor = runs.tanh_chaotic().factor
    first = np.sqrt(np.prod(factor, axis=1))
    assert data["tanh"][0] == pytest.approx(np.exp(np.log(first).mean()))
    assert data["tanh"][-1] == data["relu"][-1] == 1
    # The alt text: ReLU's band spans a factor of several at layer 1, tanh's barely any (it
    # replaced "each inside a narrow band").
    assert data["relu_high"][0] / data["relu_low"][0] > 2.5
    assert data["tanh_high"][0] / data["tanh_low"][0] < 1.1


# The product of random matrices


def test_n2_rate_is_minus_half_euler_gamma_and_the_measurement_within_three_errors():
    assert number(value("product_n2_exact")) == pytest.approx(-EULER_GAMMA / 2, abs=1e-4)
    assert number(value("product_n2_typical_factor")) == pytest.approx(
        math.exp(-EULER_GAMMA / 2), abs=1e-3
    )
    measured, error = (float(x.replace("−", "-")) for x in value("product_n2_measured").split("±"))
    # Var log chi_2^2 / 4 = psi'(1) / 4 = pi^2 / 24: the standard error of the mean increment.
    result = q.n2_product()
    assert error == pytest.approx(math.sqrt(math.pi**2 / 24 / result.log_norms[:, 1:].size), 0.05)
    assert abs(measured + EULER_GAMMA / 2) < 3 * error


def test_log_of_the_mean_stays_level_while_the_typical_product_shrinks():
    # Monte Carlo at n = 2, sigma^2 = 1: E||W v||^2 = 1 exactly, E log ||W v|| = -gamma / 2.
    rng = np.random.default_rng(1)
    W = rng.normal(0, math.sqrt(1 / 2), (400_000, 2, 2))
    ratio_squared = np.sum((W @ np.array([1.0, 0.0])) ** 2, axis=1)
    assert ratio_squared.mean() == pytest.approx(1.0, abs=0.01)
    assert 0.5 * np.log(ratio_squared).mean() == pytest.approx(-EULER_GAMMA / 2, abs=0.01)
    # Every seed is far below the mean square of 1 after the full depth.
    largest = number(value("product_n2_largest"))  # "1 × 10⁻²⁴": the mantissa only
    log_norms = q.n2_product().log_norms[:, -1]
    assert largest == float(f"{math.exp(log_norms.max()):.0e}".split("e")[0])
    assert (log_norms < -20).all()
    assert number(value("jensen_gap_n2")) == pytest.approx(EULER_GAMMA / 2, abs=1e-4)


def test_width_sets_both_the_drift_and_the_scatter_at_one_over_2n():
    # "the mean log falls short of (1/2) ln sigma^2 by about 1/(2n), and its variance is about
    # 1/(2n)": both, times 2n, tend to 1 (1 + 1/(3n) and 1 + 1/n from the digamma series).
    for n in (16, 64, 256):
        mean, var = exploding.log_growth_per_layer(n, 1.0)
        assert -mean * 2 * n == pytest.approx(1 + 1 / (3 * n), abs=0.01 / n)
        assert var * 2 * n == pytest.approx(1 + 1 / n, abs=0.1 / n)


def test_critical_variances_make_the_mean_log_zero():
    assert number(value("critical_n2")) == pytest.approx(math.exp(EULER_GAMMA), abs=1e-3)
    # At n = 64: log(64/2) - psi(32) by the asymptotic series, psi(x) ~ ln x - 1/(2x) - 1/(12x^2)
    x = 32.0
    psi = math.log(x) - 1 / (2 * x) - 1 / (12 * x**2) + 1 / (120 * x**4)
    assert number(value("critical_n64")) == pytest.approx(64 / (2 * math.exp(psi)), abs=1e-4)
    assert number(value("product_n64_exact")) == pytest.approx(
        0.5 * (psi + math.log(2 / 64)), abs=1e-5
    )


def test_random_product_figure_plots_the_means_and_the_exact_lines():
    _, data = random_product_growth.figure()
    for i, product in enumerate(runs.random_products()):
        np.testing.assert_allclose(data[f"mean_{i}"], product.log_norms.mean(axis=0))
        np.testing.assert_allclose(data[f"exact_{i}"], product.exact_mean * data["depth"])
    assert data[f"mean_{0}"][-1] == pytest.approx(number(value("product_n2_at_depth")), abs=0.5)
    spread = np.std(runs.random_products()[0].log_norms[:, -1], ddof=1)
    # "a spread of ... that grows only like sqrt(L)": measured within a factor 2 of sqrt(L var).
    assert spread == pytest.approx(number(value("product_n2_spread")), rel=0.5)
    assert number(value("product_n2_spread_measured")) == pytest.approx(spread, abs=0.05)
    # The alt text: the two near-critical means stay near 0 (within three standard errors),
    # the width-2 band much wider than the width-64 one.
    near = runs.random_products()[1:]
    for product in near:
        final = product.log_norms[:, -1]
        assert abs(final.mean()) < 3 * math.sqrt(product.depth * product.exact_var / len(final))
    assert near[0].log_norms[:, -1].std() > 3 * near[1].log_norms[:, -1].std()
    # The quoted spread is the exact one, sqrt(L psi'(1) / 4) with psi'(1) = pi^2 / 6.
    exact = math.sqrt(runs.RANDOM_PRODUCT_DEPTH * math.pi**2 / 24)
    assert number(value("product_n2_spread")) == pytest.approx(exact, abs=0.05)


# Float overflow


def test_float_limits_are_numpys_and_the_layers_follow_the_range_over_the_rate():
    # IEEE 754 binary32 and binary64: the largest finite value is (2 - 2^-p) 2^emax.
    assert value("float32_max") == "3.4 × 10³⁸"
    assert float(np.finfo(np.float32).max) == (2 - 2**-23) * 2.0**127
    assert value("float64_max") == "1.8 × 10³⁰⁸"
    assert float(np.finfo(np.float64).max) == (2 - 2**-52) * 2.0**1023
    assert value("float16_max") == "65504"  # (2 - 2^-10) 2^15
    rate = 0.5 * math.log(runs.FLOAT_LIMIT["sigma2"]) - 1 / (2 * runs.FLOAT_LIMIT["n"])
    assert number(value("float_growth_per_layer")) == pytest.approx(rate, abs=1e-3)
    spreads = {}
    for dtype, emax in (("float32", 128), ("float64", 1024)):
        limits = runs.float_limits()[dtype]
        assert len(limits) >= MIN_SEEDS
        layers = np.array([limit.layer for limit in limits])
        predicted = number(value(f"{dtype}_predicted"))
        assert predicted == pytest.approx(emax * math.log(2) / rate, rel=1e-3)
        assert value(f"{dtype}_layer").startswith(
            f"{layers.mean():.1f} ± {layers.std(ddof=1):.1f} over {len(layers)} seeds"
        )
        for limit in limits:
            # The largest entry is below the norm (a delay) and the log-norm fluctuates by
            # sqrt(layers / 2n): the layer lies within the delay plus three of those.
            start = -limit.log_max_entry[0] / rate
            wobble = 3 * math.sqrt(limit.layer / (2 * runs.FLOAT_LIMIT["n"])) / rate
            assert -wobble < limit.layer - predicted < start + wobble
            assert abs(limit.layer - limit.predicted) <= 1
        spreads[dtype] = layers.std(ddof=1)
        error = spreads[dtype] / math.sqrt(len(layers))
        gap = layers.mean() - predicted
        if dtype == "float32":  # "a layer or two after the norm would; the gap at float32"
            assert 0.5 < gap < 3 and gap > 2 * error
        else:  # "at float64 the spread is larger than the gap": the old "a few layers early"
            assert spreads[dtype] > abs(gap)
    # The spread grows like sqrt(L): within a factor 2 of sqrt(8) with 8 seeds.
    assert spreads["float64"] / spreads["float32"] == pytest.approx(math.sqrt(8), rel=0.5)


def test_float64_lasts_about_eight_times_as_long_as_float32():
    assert number(value("float_log_ratio")) == pytest.approx(1024 / 128, rel=0.01)
    assert number(value("float_layer_ratio")) == pytest.approx(8, rel=0.05)
    ratios = [
        b.layer / a.layer
        for a, b in zip(*(runs.float_limits()[d] for d in ("float32", "float64")), strict=True)
    ]
    assert value("float_layer_ratio") == (
        f"{np.mean(ratios):.2f} ± {np.std(ratios, ddof=1):.2f} over {len(ratios)} seeds"
    )


def test_float32_overflows_where_a_direct_float32_product_does():
    # An independent float32 run of the same product: same seeds, same draws.
    limit = runs.FLOAT_LIMIT
    for seed, measured in zip(runs.EXPLODING_SEEDS, runs.float_limits()["float32"], strict=True):
        rng = np.random.default_rng(seed)
        v = rng.normal(size=limit["n"])
        v = (v / np.linalg.norm(v)).astype(np.float32)
        layer = 0
        with np.errstate(over="ignore", invalid="ignore"):
            while np.isfinite(v).all():
                W = rng.normal(0, math.sqrt(limit["sigma2"] / limit["n"]), (limit["n"],) * 2)
                v = W.astype(np.float32) @ v
                layer += 1
        assert layer == measured.layer


# Clipping in training


def test_unclipped_runs_diverge_and_clipped_runs_train_on_every_seed():
    result = runs.clipping()
    assert len(result.seeds) >= MIN_SEEDS
    assert (result.diverged_at > 0).all()
    assert value("diverged_count") == f"{len(result.seeds)} of {len(result.seeds)}"
    low, high = (int(s) for s in value("diverged_steps").split(" to "))
    assert (low, high) == (result.diverged_at.min(), result.diverged_at.max())
    assert np.isfinite(result.clipped_loss).all()
    assert (result.clipped_accuracy[:, -1] > 0.95).all()
    assert number(value("clipped_worst_accuracy")) == pytest.approx(
        100 * result.clipped_accuracy[:, -1].min(), abs=0.05
    )


def test_unclipped_loss_grows_faster_than_exponentially():
    # The feedback the prose names: each step's growth in log loss exceeds the previous one's.
    loss = runs.clipping_first_steps().unclipped_loss
    for row in loss:
        finite = np.log(row[np.isfinite(row)])
        assert len(finite) >= 3
        assert (np.diff(finite, 2) > 0).all()
    # The same seeds and minibatches as the long runs: divergence at the same steps.
    np.testing.assert_array_equal(
        runs.clipping_first_steps().diverged_at, runs.clipping().diverged_at
    )


def test_each_unclipped_step_makes_the_weights_and_the_next_step_larger():
    # The mechanism behind the divergence: "the larger weights make a larger output and a larger
    # gradient, so the next step is longer still". Re-run the unclipped steps before divergence
    # (same seeds, same minibatches) and record the weights' norm and each step's length.
    result = runs.clipping()
    relative = []
    for row, seed in enumerate(result.seeds):
        params, X, labels, rng = exploding._gained_network(
            seed, result.gain, result.depth, result.width
        )
        weights, steps, first = [], [], params
        for _ in range(3):  # every seed diverges later than step 3
            batch = rng.choice(len(X), 32, replace=False)
            _, _, grads = loss_and_gradients(params, X[batch], labels[batch], "relu")
            norm = math.sqrt(sum(np.sum(g[k] ** 2) for g in grads for k in ("W", "b")))
            steps.append(result.lr * norm)
            weights.append(math.sqrt(sum(np.sum(p["W"] ** 2) for p in params)))
            params = sgd_step(params, grads, result.lr)
        assert steps[0] == pytest.approx(result.lr * result.grad_norm[row, 0], rel=1e-9)
        relative.append(100 * steps[0] / math.sqrt(sum(np.sum(p["W"] ** 2) + np.sum(p["b"] ** 2)
                                                       for p in first)))  # fmt: skip
        assert np.all(np.diff(steps) > 0) and np.all(np.diff(weights) > 0)
    assert (result.diverged_at > 3).all()
    # "the first SGD step throws the weights far from where they started"
    text = value("first_step_relative")
    assert (
        text
        == f"{np.mean(relative):.0f}% ± {np.std(relative, ddof=1):.0f}% over {len(relative)} seeds"
    )
    assert np.mean(relative) > 25


def test_first_steps_have_the_lengths_the_prose_gives():
    result = runs.clipping()
    first = result.lr * result.grad_norm[:, 0]
    assert number(value("first_step_length")) == pytest.approx(
        np.exp(np.log(first).mean()), abs=0.5
    )
    # With clipping no step is longer than lr tau: the parameters move that far at most.
    assert number(value("clipped_step_length")) == result.lr * result.max_norm
    mean, _, _ = log10_summary(value("initial_grad_norm"))
    assert 10**mean > 100 * result.max_norm  # the clip was active from the start
    # "the initial loss is already large": far above ln 3 on every seed.
    assert (result.clipped_loss[:, 0] > 10 * math.log(3)).all()


def test_clipped_fraction_is_the_share_of_steps_above_the_threshold():
    result = runs.clipping()
    share = 100 * (result.grad_norm > result.max_norm).mean(axis=1)
    assert value("clipped_fraction").startswith(f"{share.mean():.0f}% ± {share.std(ddof=1):.0f}%")
    assert share.mean() > 50  # "for most of the run"


def test_clipping_never_lengthens_a_gradient_nor_changes_its_direction():
    rng = np.random.default_rng(0)
    for scale in (1e-8, 1e-2, 1.0, 1e3):
        grads = [{"W": scale * rng.normal(size=(4, 3)), "b": scale * rng.normal(size=4)}]
        clipped, norm = clip_by_norm(grads, 1.0)
        assert norm == pytest.approx(
            math.sqrt(np.sum(grads[0]["W"] ** 2) + np.sum(grads[0]["b"] ** 2))
        )
        factor = clipped[0]["W"] / grads[0]["W"]
        np.testing.assert_allclose(factor, factor.flat[0])  # one number for every entry
        np.testing.assert_allclose(clipped[0]["b"] / grads[0]["b"], factor.flat[0])
        assert factor.flat[0] == pytest.approx(min(1.0, 1.0 / norm))
        if norm < 1:  # a small (vanishing) gradient passes through unchanged
            np.testing.assert_array_equal(clipped[0]["W"], grads[0]["W"])


def test_clipping_by_the_global_norm_shrinks_a_vanished_gradient_further():
    # The misconception's answer: a tiny early-layer gradient is not lengthened, and when the
    # later layers push the total norm over the threshold it is shortened with them.
    early = {"W": np.full((3, 3), 1e-6), "b": np.zeros(3)}
    late = {"W": np.full((3, 3), 10.0), "b": np.zeros(3)}
    (clipped_early, _), norm = clip_by_norm([early, late], 1.0)
    assert norm == pytest.approx(math.sqrt(9 * 1e-12 + 9 * 100))
    np.testing.assert_allclose(clipped_early["W"], early["W"] / norm)
    assert (np.abs(clipped_early["W"]) < np.abs(early["W"])).all()


def test_initial_loss_range_is_the_seeds_lowest_and_highest():
    loss = runs.clipping().clipped_loss[:, 0]
    np.testing.assert_array_equal(loss, runs.clipping().unclipped_loss[:, 0])  # same start
    assert value("initial_loss_range") == f"{loss.min():.0f} and {loss.max():.0f}"
    assert loss.min() > 10 * math.log(3)  # "already large" against a uniform guess


def test_clipping_figures_plot_the_runs():
    first = runs.clipping_first_steps()
    _, data = clipping_first_steps.figure()
    for seed, loss in zip(first.seeds, first.unclipped_loss, strict=True):
        np.testing.assert_array_equal(data[f"unclipped_seed_{seed}"], loss)
    np.testing.assert_array_equal(data["clipped_high"], first.clipped_loss.max(axis=0))
    assert number(value("unclipped_highest_loss").split(" ")[0]) == pytest.approx(
        float(f"{np.nanmax(first.unclipped_loss):.0e}".split("e")[0])
    )
    result = runs.clipping()
    _, data = clipping_training.figure()
    np.testing.assert_array_equal(data["loss"], np.median(result.clipped_loss, axis=0))
    np.testing.assert_array_equal(data["grad_norm"][1:], np.median(
        result.grad_norm[:, result.steps[1:] - 1], axis=0))  # fmt: skip
    mean, _, _ = log10_summary(value("clipped_final_loss"))
    assert mean == pytest.approx(np.log10(result.clipped_loss[:, -1]).mean(), abs=0.005)


def test_page_has_two_exercises_a_misconception_and_typed_only_settings():
    meta, body = read(PAGE.name)
    assert len(re.findall(r'^\?\?\? question "Exercise', body, re.M)) >= 2
    assert len(re.findall(r'^\s*\?\?\? success "Answer', body, re.M)) >= 2
    assert len(re.findall(r'^!!! misconception "Common misconception', body, re.M)) >= 2
    # The rule of test_chapters.py: a computed number is a placeholder, never typed.
    allowed = {str(v) for v in meta.get("inputs", [])}
    typed = {m.group(0).strip() for m in NUMBER.finditer(_without_code_and_placeholders(body))}
    assert typed <= allowed


def test_the_forward_signal_grows_by_the_gain_too():
    # "the forward signal grows by the same gain per layer as the backward one": the std of z_l.
    result = runs.clipping()
    growth = []
    for seed in result.seeds:
        params, X, labels, _ = exploding._gained_network(
            seed, result.gain, result.depth, result.width
        )
        stats = layer_statistics(*loss_and_gradients(params, X, labels, "relu")[1:])
        growth.append(np.log(stats["z_std"][-1] / stats["z_std"][0]) / (result.depth - 1))
    assert np.mean(growth) == pytest.approx(math.log(result.gain), abs=0.1)


def test_the_numbers_of_the_clipping_figures_alt_texts():
    first = runs.clipping_first_steps().unclipped_loss
    last = {int(np.flatnonzero(np.isfinite(row))[-1]) for row in first}
    assert value("unclipped_last_finite_steps") == " or ".join(str(s) for s in sorted(last))
    result = runs.clipping()
    assert number(value("initial_grad_norm_geometric")) == pytest.approx(
        np.exp(np.log(result.grad_norm[:, 0]).mean()), rel=0.01
    )
    median = float(np.median(result.clipped_loss[:, -1]))
    assert value("clipped_final_loss_median") == q.number(median)
    # "stays mostly above the threshold until late in the run": the median step before the
    # last fifth of training is clipped, and the clipped share falls in the last fifth.
    active = result.grad_norm > result.max_norm
    late = active.shape[1] * 4 // 5
    assert np.median(result.grad_norm[:, :late]) > result.max_norm
    assert active[:, late:].mean() < active[:, :late].mean()
