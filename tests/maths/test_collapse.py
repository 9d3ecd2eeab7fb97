"""The deep sigmoid network's forward collapse (issue 11): it maps every input to one vector, at
the rate the mean-field chi_1 predicts, while tanh with the same weights keeps them apart."""

import numpy as np
import pytest

from vanishing import collapse, experiments
from vanishing.network import forward


@pytest.fixture(scope="module")
def result():
    return collapse.forward_collapse(seeds=range(8))


def test_network_is_that_of_the_relu_vs_sigmoid_experiment():
    # The first training step of both must coincide: same data, weights and shuffling.
    ours = collapse.training_outcome(("sigmoid",), (0.1,), epochs=1, seeds=[0])
    theirs = experiments.relu_vs_sigmoid_training(epochs=1).sigmoid
    np.testing.assert_array_equal(ours.loss[0, 0, 0], theirs.loss)
    params, X, _, _ = collapse.spirals_network(0)
    assert len(params) == collapse.DEPTH + 1 and params[1]["W"].shape == (32, 32)
    assert np.all(params[0]["b"] == 0) and X.shape == (300, 2)


def test_sigmoid_maps_every_input_to_one_vector_and_tanh_does_not(result):
    sigmoid, tanh = (result.activations.index(a) for a in ("sigmoid", "tanh"))
    for field in ("cosine", "cosine_centred", "cosine_preactivation"):
        last = getattr(result, field)[..., -1]
        assert np.all(last[sigmoid] >= 0.999)
        assert np.all(np.abs(last[tanh]) < 0.1)
    # Centred, the sigmoid's first layer still tells the inputs apart: the collapse is the depth.
    assert np.all(np.abs(result.cosine_centred[sigmoid, :, 0]) < 0.1)


def test_the_offset_not_the_slope_collapses_the_directions(result):
    # The centred sigmoid has the sigmoid's slopes (chi_1 = 1/16) and no mean: no collapse.
    centred = result.activations.index("centred_sigmoid")
    assert result.chi1[centred] == pytest.approx(1 / 16, rel=1e-9)
    assert np.all(np.abs(result.cosine[centred, :, -1]) < 0.1)


def test_logits_match_the_library_forward_pass():
    params, X, _, _ = collapse.spirals_network(5)
    out = collapse.forward_collapse(("sigmoid",), seeds=[5])
    logits = forward(params, X, "sigmoid")["output"]
    assert out.logit_spread[0, 0] == pytest.approx(np.sqrt(np.mean(logits.std(axis=0) ** 2)))


def test_sigmoid_logits_barely_vary_across_the_data_set(result):
    sigmoid, tanh = (result.activations.index(a) for a in ("sigmoid", "tanh"))
    assert np.all(result.logit_spread[sigmoid] < 1e-4)
    assert np.all(result.logit_spread[tanh] > 1e-2)


def test_distance_between_inputs_shrinks_by_chi1_per_layer(result):
    sigmoid = result.activations.index("sigmoid")
    # 1 - c_{l+1} = chi_1 (1 - c_l) near c = 1; from layer 2 on, sigma_w^2 = 1 as in chi1.
    gap = 1 - result.cosine_preactivation[sigmoid, :, 1:].mean(axis=0)
    rate = np.exp(np.mean(np.log(gap[1:] / gap[:-1])))
    assert abs(np.log10(rate / result.chi1[sigmoid])) < 0.1
    assert result.chi1[sigmoid] < 1 / 16 and result.chi1[result.activations.index("tanh")] == (
        pytest.approx(1.0, rel=1e-9)
    )


def test_mean_and_spread_are_over_seeds(result):
    mean, spread = result.mean_and_spread("logit_spread")
    np.testing.assert_array_equal(mean, result.logit_spread.mean(axis=1))
    assert np.all(spread > 0)


def test_sigmoid_stays_at_chance_where_tanh_learns():
    sigmoid = collapse.training_outcome(("sigmoid",), (0.1, 3.0), epochs=30, seeds=[0])
    tanh = collapse.training_outcome(("tanh",), (0.1,), epochs=30, seeds=[0])
    np.testing.assert_array_equal(sigmoid.accuracy[0, :, 0, -1], 1 / 3)
    assert tanh.accuracy[0, 0, 0, -1] > 0.9
    mean, spread = sigmoid.final_accuracy
    np.testing.assert_array_equal(mean, [[1 / 3, 1 / 3]])
    np.testing.assert_array_equal(spread, [[0, 0]])


def test_forward_collapse_is_deterministic():
    a = collapse.forward_collapse(seeds=[3])
    b = collapse.forward_collapse(seeds=[3])
    np.testing.assert_array_equal(a.cosine, b.cosine)
    np.testing.assert_array_equal(a.logit_spread, b.logit_spread)
