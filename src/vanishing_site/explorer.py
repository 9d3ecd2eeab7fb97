r"""The gradient-flow explorer's data: per-layer statistics for every setting a reader can pick.

A setting is an activation, an initialisation scheme, a depth and a variant (plain, batch
normalisation, residual connections h_l = h_{l-1} + phi(z_l), or both). Each is one seeded
forward and backward pass of `experiments` on a random batch, the pass behind every profile
figure, on the network of `experiments.depth_ratio` (64 units, 128 examples, seed 0, the same
depths), so the explorer retraces that figure point for point.

The site ships the data as small files under assets/explorer/: index.json holds the menus, the
grid, the colours, the default setting, the network and the scale, everything but the runs; each
activation's runs are a file of their own (sigmoid.json, ...), which the page fetches the first
time a reader picks that activation, so the page loads the index and the default activation's
runs alone.

The runs store positive statistics as round(100 log10 x), the exponent to two decimals, and
fractions as round(1000 f), tenths of a percent: small integers that gzip well. A statistic that
is 0 or not finite has no logarithm and is stored as null.

`python -m vanishing_site.explorer --size` prints each file's size, raw and gzipped, what the page
loads first, and the CPU time the computation takes; without --size it prints the data as one
JSON document.
"""

import argparse
import gzip
import json
import math
import time

from vanishing.activations import ACTIVATIONS
from vanishing.experiments import profiles
from vanishing.initialisation import SCHEMES
from vanishing_site import runs, style

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
SCHEME_NAMES = ("small", "standard", "lecun_normal", "xavier_normal", "he_normal", "orthogonal")
DEPTHS = profiles.DEPTHS
VARIANTS = runs.VARIANTS
# The depth sweep's network, which the page describes.
NETWORK = {"width": profiles.DEPTH_SWEEP_WIDTH, "batch": profiles.BATCH, "seed": profiles.SEED}
DEFAULT = {"activation": "sigmoid", "scheme": "standard", "depth": 20, "variant": "plain"}

# log10 norms and spreads, then fractions of units
LOGARITHMIC = ("delta", "grad_W", "z_std", "a_std")
FRACTIONS = ("saturated", "dead")
LOG_SCALE = 100
FRACTION_SCALE = 1000

FIGURE = "explorer_default"  # the static figure that a page embeds and the script replaces
DIRECTORY = "assets/explorer"  # the files the site ships, beside the script's directory
INDEX = f"{DIRECTORY}/index.json"


def runs_asset(activation):
    """The file of one activation's runs, e.g. "assets/explorer/sigmoid.json"."""
    return f"{DIRECTORY}/{activation}.json"


def key(activation, scheme, depth, variant):
    """The name of a setting in the asset, e.g. "sigmoid/standard/20/plain"."""
    return f"{activation}/{scheme}/{depth}/{variant}"


def _encode_log(x):
    return round(LOG_SCALE * math.log10(x)) if 0 < x < math.inf else None


def run(activation, scheme, depth, variant):
    """One setting's layer statistics, encoded: lists over layers 1..depth of integers."""
    # The experiments' own pass, behind gradient_profiles, batchnorm_effect, residual_effect and
    # depth_ratio alike.
    stats = runs.explorer_setting(activation, scheme, depth, variant)
    return {
        **{name: [_encode_log(float(x)) for x in getattr(stats, name)] for name in LOGARITHMIC},
        **{
            name: [round(FRACTION_SCALE * float(x)) for x in getattr(stats, name)]
            for name in FRACTIONS
        },
    }


def decode(encoded):
    """The statistics of `run` as floats: 10^(v / 100) and v / 1000 (NaN for null)."""

    def value(name, v):
        if v is None:
            return math.nan
        return 10 ** (v / LOG_SCALE) if name in LOGARITHMIC else v / FRACTION_SCALE

    return {name: [value(name, v) for v in values] for name, values in encoded.items()}


def colours():
    """The two series colours of each activation, light and dark: the deep and the pale shade
    of its colour (vanishing_site.style), as the static figure draws them."""
    shades = {name: style.ramp(2, name)[::-1] for name in ACTIVATION_NAMES}
    return {
        name: {"light": pair, "dark": [style.DARK[c] for c in pair]}
        for name, pair in shades.items()
    }


def data():
    """Every setting's encoded statistics, with the labels and grid the page's script needs.

    The choices are lists of (name, label) pairs: JSON objects lose their order in the build's
    cache, which sorts keys, and a menu should keep the order of the chapters.
    """
    return {
        "activations": [[name, ACTIVATIONS[name].label] for name in ACTIVATION_NAMES],
        "schemes": [[name, SCHEMES[name].label] for name in SCHEME_NAMES],
        # Where "flat" units are saturated ones; for the ReLUs they are the switched-off side.
        "colours": colours(),
        "saturating": [name for name in ACTIVATION_NAMES if ACTIVATIONS[name].saturates],
        "depths": list(DEPTHS),
        "network": NETWORK,
        "scale": {"log10": LOG_SCALE, "fraction": FRACTION_SCALE},
        "default": DEFAULT,
        "runs": {
            key(a, s, d, v): run(a, s, d, v)
            for a in ACTIVATION_NAMES
            for s in SCHEME_NAMES
            for d in DEPTHS
            for v in VARIANTS
        },
    }


def compact(values):
    """JSON as the site ships it: compact, keys in a fixed order, so builds are identical."""
    return json.dumps(values, separators=(",", ":"), sort_keys=True)


def assets(values):
    """The files the site ships, path -> text: the index (everything of `data` but the runs),
    then each activation's runs, keyed as in `data`, in the order of the menu."""
    index = {name: value for name, value in values.items() if name != "runs"}
    files = {INDEX: compact(index)}
    for activation, _label in values["activations"]:
        runs = {k: r for k, r in values["runs"].items() if k.split("/")[0] == activation}
        files[runs_asset(activation)] = compact(runs)
    return files


def sizes(text):
    """(raw bytes, gzip bytes) of a file, gzip at level 9 with no timestamp."""
    raw = text.encode()
    return len(raw), len(gzip.compress(raw, compresslevel=9, mtime=0))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m vanishing_site.explorer", description=__doc__)
    parser.add_argument("--size", action="store_true", help="print the asset's size and timing")
    args = parser.parse_args(argv)
    start = time.process_time()
    values = data()
    seconds = time.process_time() - start
    if not args.size:
        print(compact(values))
        return
    files = {path: sizes(text) for path, text in assets(values).items()}
    for path, (raw, packed) in files.items():
        print(f"{path}: {raw / 1000:.1f} kB raw, {packed / 1000:.1f} kB gzip")
    first = (INDEX, runs_asset(values["default"]["activation"]))
    for what, paths in (("first load", first), ("all files", tuple(files))):
        raw, packed = (sum(files[path][i] for path in paths) for i in (0, 1))
        print(f"{what}: {raw / 1000:.1f} kB raw, {packed / 1000:.1f} kB gzip")
    print(f"{len(values['runs'])} settings computed in {seconds:.1f} s of CPU time")


if __name__ == "__main__":
    main()
