"""The real-data chapter: the digits loader against the file's format, the recorded diagnostics
against finite differences, and each claim of the prose against the runs."""

import gzip
import subprocess
import sys

import numpy as np
import pytest

from vanishing import datasets
from vanishing.experiments import real_data as settings
from vanishing.network import init_network, loss_and_gradients
from vanishing_site import gallery, runs
from vanishing_site.values import real_data as q

RULE = 1e-3  # CS231n's update-to-weight ratio


@pytest.fixture(scope="module")
def result():
    return runs.digits()


def _mean_log_ratio(result, config):
    i = result.configs.index(config)
    return np.log10(result.update_ratio[i, :, 1]).mean(axis=0)  # per layer, after epoch 1


# The loader


def test_loader_parses_pixels_then_label(tmp_path):
    path = tmp_path / "two.csv.gz"
    rows = [list(range(16)) * 4 + [7], [16] * 64 + [0]]
    with gzip.open(path, "wt") as f:
        f.write("\n".join(",".join(f"{v}.0" for v in row) for row in rows))
    X, labels = datasets.digits(path)
    assert labels.tolist() == [7, 0]
    assert X[0, :16].tolist() == [v / 16 for v in range(16)]
    assert np.all(X[1] == 1.0)


def test_the_bundled_file_is_the_1797_digits():
    X, labels = datasets.digits(runs.digits_path())
    assert X.shape == (1797, 64) and runs.digits_size() == 1797
    assert set(labels.tolist()) == set(range(10))
    assert np.array_equal(X * 16, np.round(X * 16)) and X.min() == 0 and X.max() == 1


def test_the_site_reads_the_file_without_importing_scikit_learn():
    code = (
        "import sys; from vanishing_site import runs; runs.digits_size(); "
        "print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_split_keeps_every_image_once_and_centres_by_the_training_mean():
    X, labels = datasets.digits(runs.digits_path())
    X_train, y_train, X_test, y_test = settings.split(X, labels)
    assert len(X_test) == settings.TEST_SIZE and len(X_train) + len(X_test) == len(X)
    assert np.allclose(X_train.mean(axis=0), 0)
    # the shift m: sum X = N m + sum X_test, since the training rows sum to zero after it
    shift = (X.sum(axis=0) - X_test.sum(axis=0)) / len(X)
    both = np.concatenate([X_train, X_test]) + shift
    assert np.array_equal(np.bincount(np.concatenate([y_train, y_test])), np.bincount(labels))
    assert np.allclose(np.sort(both.sum(axis=1)), np.sort(X.sum(axis=1)))


# The recorded diagnostics, recomputed independently at initialisation


@pytest.mark.parametrize("config", ["sigmoid", "tanh"])  # smooth: no kinks for the differences
def test_speed_and_ratio_at_initialisation_match_finite_differences(result, config):
    X, labels = datasets.digits(runs.digits_path())
    X_train, y_train, _, _ = settings.split(X, labels)
    activation, scheme, batchnorm, residual = settings.CONFIGS[config]
    params = init_network(64, settings.WIDTH, settings.DEPTH, 10, scheme,
                          np.random.default_rng(0), batchnorm=batchnorm)  # fmt: skip

    def loss():
        return loss_and_gradients(params, X_train, y_train, activation, residual)[0]

    last = params[settings.DEPTH - 1]  # the last hidden layer
    h = 1e-6
    fd = np.empty_like(last["b"])
    for j in range(len(fd)):
        last["b"][j] += h
        up = loss()
        last["b"][j] -= 2 * h
        down = loss()
        last["b"][j] += h
        fd[j] = (up - down) / (2 * h)
    i = result.configs.index(config)
    assert result.grad_b[i, 0, 0, -1] == pytest.approx(np.linalg.norm(fd), rel=1e-5)
    _, _, grads = loss_and_gradients(params, X_train, y_train, activation, residual)
    ratio = settings.LR * np.linalg.norm(grads[0]["W"]) / np.linalg.norm(params[0]["W"])
    assert result.update_ratio[i, 0, 0, 0] == pytest.approx(ratio)


# The claims of the prose


def test_the_best_configuration_reaches_95_percent(result):
    best = max(result.configs, key=lambda c: result.final(c).mean())
    assert best == "relu_he_batchnorm" and q.best_network() == q.NAMES[best]
    assert result.final(best).mean() >= 0.95 and result.final(best).min() >= 0.95
    assert result.final("relu_he_residual").mean() >= 0.95
    assert len(result.seeds) >= 8


def test_an_epoch_is_full_batches_only():
    order = np.random.default_rng(0).permutation(1347)
    batches = settings.batches(order)
    assert [len(b) for b in batches] == [settings.BATCH_SIZE] * (1347 // settings.BATCH_SIZE)
    assert len(set(np.concatenate(batches).tolist())) == 1347 - 1347 % settings.BATCH_SIZE
    assert q.remainder() == "3" and q.n_batches() == "42"


def test_one_step_on_the_remainder_undoes_batchnorm_but_not_the_residual_network(result):
    def after(config):
        return result.small_batch_accuracy[result.configs.index(config)]

    batchnorm, residual = after("relu_he_batchnorm"), after("relu_he_residual")
    assert batchnorm.mean() < result.final("relu_he_batchnorm").mean() - 0.2
    assert residual.mean() > result.final("relu_he_residual").mean() - 0.03
    assert after("relu_he").mean() < result.final("relu_he").mean() - 0.05
    assert q.relu_worst_after_remainder() == f"{100 * after('relu_he').min():.0f}%"


def test_the_sigmoid_network_stays_at_chance_and_vanishes(result):
    assert result.final("sigmoid").max() < 0.2  # ten classes: chance is 0.1
    log_ratio = _mean_log_ratio(result, "sigmoid")
    assert np.all(np.diff(log_ratio) > 0)  # every layer nearer the input moves less
    assert log_ratio[-1] - log_ratio[0] > 5


def test_batchnorm_and_residual_connections_do_better_than_plain_relu(result):
    plain = result.final("relu_he")
    for config in ("relu_he_batchnorm", "relu_he_residual"):
        assert result.final(config).mean() > plain.mean()
        assert result.final(config).std() < plain.std()


def test_tanh_stays_near_chance(result):
    assert result.final("tanh").mean() < 0.15


def test_ratios_place_each_network_relative_to_the_rule_of_thumb(result):
    assert np.all(_mean_log_ratio(result, "tanh") < np.log10(RULE))
    assert np.all(_mean_log_ratio(result, "relu_he") > np.log10(RULE))
    distance = {c: np.abs(_mean_log_ratio(result, c) - np.log10(RULE)).mean()
                for c in result.configs}  # fmt: skip
    assert min(distance, key=distance.get) == "relu_he_residual"


def test_the_sigmoid_loss_falls_while_its_first_layer_is_frozen(result):
    loss = result.train_loss[0].mean(axis=0)
    assert loss[-1] < loss[0]
    assert float(q.sigmoid_loss_end()) < float(q.sigmoid_loss_start())
    # it falls to just above the loss of a uniform guess: the readout learns the label frequencies
    assert 0 < loss[-1] - np.log(10) < 0.05 and q.log_ten() == "2.303"


def test_values_quote_the_runs(result):
    final = 100 * result.final("relu_he_residual")
    assert q.accuracy_relu_he_residual() == (
        f"{final.mean():.1f}% ± {final.std(ddof=1):.1f}% over {len(final)} seeds"
    )
    best = 100 * result.final("relu_he_batchnorm")
    assert q.best_accuracy() == f"{best.mean():.1f}%"
    steps = settings.EPOCHS * ((1797 - settings.TEST_SIZE) // settings.BATCH_SIZE)
    assert q.n_steps() == f"{steps:,}"


def test_figures_show_the_runs(result):
    accuracy = gallery.figure_data("digits_accuracy")
    assert np.allclose(accuracy["relu_he_residual_mean"], result.test_accuracy[-1].mean(axis=0))
    diagnostics = gallery.figure_data("digits_diagnostics")
    geometric = 10 ** np.log10(result.update_ratio[0, :, 1]).mean(axis=0)
    assert np.allclose(diagnostics["update_ratio_sigmoid"], geometric)


def test_the_standard_schemes_sigma_w2_bounds_tanh_chi1():
    from vanishing import meanfield

    assert q.standard_sigma_w2() == "1/3"
    # tanh' <= 1, so chi_1 = sigma_w^2 E[tanh'(z)^2] <= sigma_w^2, deep in the ordered phase
    assert float(meanfield.chi1("tanh", 1 / 3, 0.0)) <= 1 / 3


def test_the_layer_ratios_agree_across_seeds_to_the_quoted_spread(result):
    logs = np.log10(result.update_ratio[:, :, 1])
    assert len(result.seeds) >= 8
    assert float(q.ratio_seed_spread()) == round(logs.std(axis=1, ddof=1).max(), 1) < 0.5


def test_at_initialisation_tanh_shrinks_the_images_without_merging_them_and_the_sigmoid_merges():
    # The chapter's mechanism for the tanh network: with zero biases its representations shrink
    # layer by layer but stay as distinct as the inputs (correlation near 0 at every depth); the
    # sigmoid's offset of one half makes them merge (correlation near 1).
    from vanishing.network import forward
    from vanishing.propagation import mean_pairwise_cosine

    X = settings.split(*datasets.digits(runs.digits_path()))[0][:300]
    for seed in settings.SEEDS:
        rng = np.random.default_rng(seed)
        params = init_network(X.shape[1], settings.WIDTH, settings.DEPTH, 10, "standard", rng)
        tanh = forward(params, X, "tanh")["a"]
        sigmoid = forward(params, X, "sigmoid")["a"]
        assert abs(mean_pairwise_cosine(tanh[-1], centred=True)) < 0.05
        assert tanh[-1].std() < tanh[0].std() / 30
        assert mean_pairwise_cosine(sigmoid[-1], centred=True) > 0.99
