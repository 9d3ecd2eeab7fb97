"""The gradient-flow explorer's data: the library's numbers, encoded compactly and completely."""

import gzip
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from vanishing import experiments
from vanishing_site import explorer, runs, style
from vanishing_site.figures import explorer_default

ROOT = Path(__file__).resolve().parents[2]
NETWORK = explorer.NETWORK
# Two roundings to hundredths of a decade can differ by one hundredth, plus float noise.
LOG_TOLERANCE = 0.0051
FRACTION_TOLERANCE = 0.5 / explorer.FRACTION_SCALE + 1e-12


def assert_matches(encoded, stats):
    """Encoded explorer statistics equal the library's layer statistics within the rounding."""
    for name in explorer.LOGARITHMIC:
        np.testing.assert_allclose(
            np.array(encoded[name]) / explorer.LOG_SCALE, np.log10(stats[name]), atol=LOG_TOLERANCE
        )
    for name in explorer.FRACTIONS:
        np.testing.assert_allclose(
            np.array(encoded[name]) / explorer.FRACTION_SCALE, stats[name], atol=FRACTION_TOLERANCE
        )


@pytest.fixture(scope="module")
def depth_ratio():
    return experiments.depth_ratio(**NETWORK)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_first_over_last_layer_equals_the_depth_ratio_figure(depth_ratio, activation):
    # The figure's seed-0 run at every depth the explorer offers.
    figure = runs.depth_sweep_over_seeds()[experiments.profiles.SEEDS.index(NETWORK["seed"])]
    assert tuple(figure.depths) == explorer.DEPTHS
    for depth in explorer.DEPTHS:
        run = explorer.run(activation, "standard", depth, "plain")
        cell = figure.sel(activation=activation, depth=depth)
        assert depth_ratio.sel(activation=activation, depth=depth).ratio == cell.ratio
        for name, ratio in (("delta", cell.ratio), ("grad_W", cell.grad_W_ratio)):
            logged = (run[name][0] - run[name][-1]) / explorer.LOG_SCALE
            assert logged == pytest.approx(math.log10(ratio), abs=0.011)


@pytest.mark.parametrize(
    ("setting", "library"),
    [
        (
            ("tanh", "he_normal", 30, "plain"),
            lambda: experiments.gradient_profiles(("tanh",), ("he_normal",), 30, **NETWORK).profile(
                activation="tanh", scheme="he_normal"
            ),
        ),
        (
            ("sigmoid", "small", 10, "plain"),
            lambda: experiments.gradient_profiles(("sigmoid",), ("small",), 10, **NETWORK).profile(
                activation="sigmoid", scheme="small"
            ),
        ),
        (
            ("relu", "lecun_normal", 20, "batchnorm"),
            lambda: experiments.batchnorm_effect(("relu",), "lecun_normal", 20, **NETWORK).profile(
                activation="relu", batchnorm=True
            ),
        ),
        (
            ("elu", "xavier_normal", 5, "residual"),
            lambda: experiments.residual_effect(
                ("elu",), (1.0,), "xavier_normal", 5, **NETWORK
            ).profile(activation="elu", residual=1.0),
        ),
    ],
    ids=["plain", "small", "batchnorm", "residual"],
)
def test_explorer_values_equal_the_library_experiments(setting, library):
    cell = library()
    stats = {name: getattr(cell, name) for name in (*explorer.LOGARITHMIC, *explorer.FRACTIONS)}
    assert_matches(explorer.run(*setting), stats)


def test_orthogonal_scheme_is_a_setting_and_matches_lecun_norms_on_square_layers():
    # Issue 12, part 6: the orthogonal scheme among the explorer's settings. On square hidden
    # layers it has LeCun's variance 1/n, so the per-layer norms agree closely (the page says
    # so); the weights themselves differ.
    assert "orthogonal" in explorer.SCHEME_NAMES
    library = experiments.gradient_profiles(("tanh",), ("orthogonal",), 20, **NETWORK).profile(
        activation="tanh", scheme="orthogonal"
    )
    stats = {name: getattr(library, name) for name in (*explorer.LOGARITHMIC, *explorer.FRACTIONS)}
    orthogonal = explorer.run("tanh", "orthogonal", 20, "plain")
    assert_matches(orthogonal, stats)
    lecun = explorer.run("tanh", "lecun_normal", 20, "plain")
    assert orthogonal != lecun
    for name in ("delta", "z_std"):
        assert np.max(np.abs(np.subtract(orthogonal[name], lecun[name]))) <= 10  # 0.1 decade


def test_dead_and_saturated_fractions_are_encoded_in_tenths_of_a_percent():
    run = explorer.run("relu", "standard", 50, "residual")
    assert max(run["dead"]) > 500  # more than half the units of the top layers are dead
    assert all(isinstance(v, int) and 0 <= v <= explorer.FRACTION_SCALE for v in run["dead"])


def test_decode_inverts_the_encoding():
    encoded = {"delta": [-1712, 0, 250, None], "dead": [0, 531, 1000, 7]}
    decoded = explorer.decode(encoded)
    np.testing.assert_allclose(decoded["delta"][:3], [10**-17.12, 1.0, 10**2.5])
    assert math.isnan(decoded["delta"][3])
    assert decoded["dead"] == [0.0, 0.531, 1.0, 0.007]


@pytest.mark.parametrize("value", [0.0, math.inf, math.nan])
def test_a_statistic_without_a_logarithm_is_stored_as_null(value):
    assert explorer._encode_log(value) is None


@pytest.fixture
def small_grid(monkeypatch):
    """The explorer with a grid small enough to compute in a test."""
    monkeypatch.setattr(explorer, "ACTIVATION_NAMES", ("sigmoid", "relu"))
    monkeypatch.setattr(explorer, "SCHEME_NAMES", ("small", "he_normal"))
    monkeypatch.setattr(explorer, "DEPTHS", (2, 5))
    return explorer.data()


def test_data_has_one_run_per_combination_of_the_controls(small_grid):
    keys = set(small_grid["runs"])
    assert len(keys) == 2 * 2 * 2 * len(explorer.VARIANTS)
    assert "relu/he_normal/5/batchnorm+residual" in keys
    run = small_grid["runs"]["sigmoid/small/5/residual"]
    assert {len(values) for values in run.values()} == {5}
    assert set(run) == {*explorer.LOGARITHMIC, *explorer.FRACTIONS}
    assert small_grid["activations"] == [["sigmoid", "Sigmoid"], ["relu", "ReLU"]]
    assert small_grid["saturating"] == ["sigmoid"]


def joined(files):
    """The data again from the files the site ships: the index with every activation's runs."""
    index = json.loads(files[explorer.INDEX])
    runs = {}
    for activation, _label in index["activations"]:
        part = json.loads(files[explorer.runs_asset(activation)])
        assert not set(part) & set(runs), "a setting in two files"
        runs |= part
    return index | {"runs": runs}


def test_the_files_are_an_index_and_one_file_of_runs_per_activation(small_grid):
    files = explorer.assets(small_grid)
    assert list(files) == [
        "assets/explorer/index.json",
        "assets/explorer/sigmoid.json",
        "assets/explorer/relu.json",
    ]
    index = json.loads(files[explorer.INDEX])
    assert "runs" not in index
    assert set(index) == set(small_grid) - {"runs"}
    relu = json.loads(files["assets/explorer/relu.json"])
    assert len(relu) == 2 * 2 * len(explorer.VARIANTS)
    assert all(key.startswith("relu/") for key in relu)
    assert (
        relu["relu/he_normal/5/batchnorm+residual"]
        == (small_grid["runs"]["relu/he_normal/5/batchnorm+residual"])
    )
    # Together the files hold the data, each setting once.
    assert joined(files) == json.loads(json.dumps(small_grid))


def test_leaky_relus_runs_are_not_relus():
    # "relu/" ends "leaky_relu/": each file takes the settings of its own activation only.
    values = {
        "activations": [["relu", "ReLU"], ["leaky_relu", "leaky ReLU"]],
        "runs": {"relu/a/2/plain": {"delta": [1]}, "leaky_relu/a/2/plain": {"delta": [2]}},
    }
    files = explorer.assets(values)
    assert json.loads(files[explorer.runs_asset("relu")]) == {"relu/a/2/plain": {"delta": [1]}}
    assert list(json.loads(files[explorer.runs_asset("leaky_relu")])) == ["leaky_relu/a/2/plain"]


def test_files_are_compact_deterministic_json(small_grid):
    files = explorer.assets(small_grid)
    # The build's cache sorts keys: the data read back from it gives the same bytes.
    assert explorer.assets(json.loads(json.dumps(small_grid, sort_keys=True))) == files
    for text in files.values():
        assert "\n" not in text and '": ' not in text and '", ' not in text
        assert text == explorer.compact(json.loads(text))
    text = files[explorer.INDEX]
    raw, packed = explorer.sizes(text)
    assert raw == len(text.encode()) and packed == len(gzip.compress(text.encode(), 9, mtime=0))


def test_default_setting_is_in_the_grid_and_the_caption():
    default = explorer.DEFAULT
    assert default["activation"] in explorer.ACTIVATION_NAMES
    assert default["scheme"] in explorer.SCHEME_NAMES
    assert default["depth"] in explorer.DEPTHS
    assert default["variant"] in explorer.VARIANTS
    doc = explorer_default.__doc__
    assert f"{default['depth']}-layer {default['activation']}" in doc
    assert f"{default['activation']} units" in doc
    # The default scheme by its formula, U(±1/√n), as the chapters write it.
    assert r"U(\pm 1/\sqrt{n})" in doc and explorer.DEFAULT["scheme"] == "standard"


def test_static_figure_plots_the_default_settings_explorer_values():
    fig, data = explorer_default.figure()
    expected = explorer.decode(explorer.run(**explorer.DEFAULT))
    assert list(data["layer"]) == list(range(1, explorer.DEFAULT["depth"] + 1))
    for name, values in expected.items():
        np.testing.assert_array_equal(data[name], values)
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    np.testing.assert_array_equal(lines[0].get_ydata(), expected["delta"])
    # The alt text promises about 16 orders of magnitude from layer 1 to the last: with the
    # standard initialisation each sigmoid layer multiplies ||delta||^2 by at most
    # n Var(w) sigma'(0)^2 = 1/3 * 1/16, so L - 1 layers lose at least (L - 1) log10(48) / 2
    # decades, and slopes below 1/4 away from 0 lose a little more.
    decades = math.log10(expected["delta"][-1] / expected["delta"][0])
    least = (explorer.DEFAULT["depth"] - 1) * math.log10(48) / 2
    assert least - 0.1 <= decades <= least + 1.5 and round(least) == 16


@pytest.mark.parametrize(
    ("setting", "check"),
    [
        # docs/explorer.md, "Things to try": each claim the page makes about a setting.
        (
            ("sigmoid", "lecun_normal", 50, "plain"),
            lambda r: r["delta"][0] - r["delta"][-1] < -2000,
        ),
        (("tanh", "small", 50, "plain"), lambda r: abs(r["grad_W"][0] - r["grad_W"][-1]) < 100),
        (("tanh", "small", 50, "plain"), lambda r: r["delta"][0] - r["delta"][-1] < -2000),
        (("elu", "small", 50, "plain"), lambda r: r["z_std"][-1] - r["z_std"][0] < -2000),
        (("relu", "he_normal", 50, "plain"), lambda r: abs(r["delta"][0] - r["delta"][-1]) < 100),
        (("relu", "he_normal", 50, "plain"), lambda r: r["dead"][0] < 50 < 300 < r["dead"][-1]),
        (("relu", "standard", 50, "batchnorm"), lambda r: r["grad_W"][0] - r["grad_W"][-1] > 200),
        (("tanh", "standard", 50, "batchnorm"), lambda r: max(map(abs, r["z_std"])) <= 1),
        (("sigmoid", "standard", 50, "residual"), lambda r: r["delta"][0] >= r["delta"][-1]),
        (("relu", "he_normal", 50, "residual"), lambda r: r["z_std"][-1] - r["z_std"][0] > 500),
    ],
    ids=[
        "sigmoid vanishes",
        "small init: weight gradients level",
        "small init: signal vanishes",
        "small init: forward spread collapses",
        "ReLU with He flows",
        "ReLU with He: dead units towards the output",
        "batchnorm ReLU grows towards the input",
        "batchnorm keeps unit spread",
        "residual signal cannot vanish",
        "residual forward signal grows",
    ],
)
def test_what_the_page_says_to_try_is_what_the_data_shows(setting, check):
    assert check(explorer.run(*setting))


def test_stylesheet_series_take_the_shades_the_script_sets_in_both_schemes():
    css = (ROOT / "docs" / "assets" / "stylesheets" / "explorer.css").read_text()
    light, dark = re.split(r'\[data-md-color-scheme="slate"\]', css, maxsplit=1)
    pick = lambda text: dict(re.findall(r"--vg-c(\d): var\(--vg-([\w-]+)\);", text))  # noqa: E731
    assert pick(light) == {str(i): ("deep" if i % 2 else "pale") + "-light" for i in range(1, 7)}
    assert pick(dark) == {str(i): ("deep" if i % 2 else "pale") + "-dark" for i in range(1, 7)}
    assert explorer.colours()["relu"]["light"] == style.ramp(2, "relu")[::-1]


def test_script_looks_for_the_figure_and_the_asset_the_build_provides():
    script = (ROOT / "docs" / "assets" / "javascripts" / "explorer.js").read_text()
    assert f"figure#figure-{explorer.FIGURE.replace('_', '-')}" in script
    # The script sits in assets/javascripts/ and finds the index one directory up, in
    # assets/explorer/, and each activation's runs beside the index.
    assert explorer.INDEX == "assets/explorer/index.json"
    assert 'new URL("../explorer/index.json", document.currentScript.src)' in script
    assert explorer.runs_asset("tanh") == "assets/explorer/tanh.json"
    assert "new URL(`${activation}.json`, INDEX_URL)" in script
    for name in (*explorer.LOGARITHMIC, *explorer.FRACTIONS):
        assert f'"{name}"' in script


def test_size_benchmark_prints_each_files_sizes_and_the_first_load(small_grid, capsys):
    explorer.main(["--size"])
    out = capsys.readouterr().out.splitlines()
    files = {path: explorer.sizes(text) for path, text in explorer.assets(small_grid).items()}
    assert out[:3] == [
        f"{path}: {raw / 1000:.1f} kB raw, {packed / 1000:.1f} kB gzip"
        for path, (raw, packed) in files.items()
    ]
    # The page first loads the index and the default activation's runs, sigmoid's here.
    first = [files["assets/explorer/index.json"], files["assets/explorer/sigmoid.json"]]
    every = list(files.values())
    assert out[3:5] == [
        f"{what}: {sum(r for r, _ in sizes) / 1000:.1f} kB raw, "
        f"{sum(p for _, p in sizes) / 1000:.1f} kB gzip"
        for what, sizes in (("first load", first), ("all files", every))
    ]
    assert out[5].startswith("32 settings computed in ")
