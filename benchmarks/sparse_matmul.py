"""Does a dense matrix product get faster when its input is mostly zeros? Time it and record it.

Run as `.venv/bin/python benchmarks/sparse_matmul.py`. It times one layer's product h W^T, with
h a batch of activations of which 0%, 50% or 90% are exactly zero at random places (what a ReLU
layer produces), against the same product with the zero units' columns removed (what a
structured sparsity pattern, the same units off for every example, would allow), and the
elementwise ReLU and sigmoid of the layer's output. Timings depend on the machine, so they are
measured here, once, and written with the commit, the date and the machine into
benchmarks/results/sparse_matmul.json, which the site quotes; rerun this script to refresh them.
"""

import os

# One core, fixed before numpy loads its BLAS: the figures compare products, not thread pools.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import time

import numpy as np

from vanishing.activations import relu, sigmoid
from vanishing_site import measurements

BATCH, FAN_IN, FAN_OUT = 256, 1024, 1024
ZERO_FRACTIONS = (0.0, 0.5, 0.9)
REPEATS = 40


def best_times(calls, rng):
    """The fastest of REPEATS runs of each call, in seconds. The calls take turns in a new
    random order every round, so neither a burst of load from the rest of the system nor the
    cache left behind by the previous call favours one of them."""
    best = dict.fromkeys(calls, float("inf"))
    names = list(calls)
    for _ in range(REPEATS):
        for i in rng.permutation(len(names)):
            start = time.perf_counter()
            calls[names[i]]()
            best[names[i]] = min(best[names[i]], time.perf_counter() - start)
    return best


def measure():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(FAN_OUT, FAN_IN))
    h_full = np.abs(rng.normal(size=(BATCH, FAN_IN)))
    z = h_full @ W.T
    calls = {"relu": lambda: relu(z), "sigmoid": lambda: sigmoid(z)}
    for fraction in ZERO_FRACTIONS:
        # Unstructured: zeros at random places, different for every example, as ReLU makes them.
        h = np.where(rng.random(h_full.shape) < fraction, 0.0, h_full)
        calls[("dense", fraction)] = lambda h=h: h @ W.T
        # Structured: the same fraction of units off for every example, so their columns go.
        keep = round(FAN_IN * (1 - fraction))
        h_kept, W_kept = np.ascontiguousarray(h_full[:, :keep]), np.ascontiguousarray(W[:, :keep])
        calls[("dropped", fraction)] = lambda h=h_kept, W=W_kept: h @ W.T
    best = best_times(calls, rng)
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    return {
        "numpy": np.__version__,
        "blas": f"{blas['name']} {blas['version']}",
        "threads": 1,
        "batch": BATCH,
        "fan_in": FAN_IN,
        "fan_out": FAN_OUT,
        "repeats": REPEATS,
        "zero_fractions": list(ZERO_FRACTIONS),
        "dense_seconds": [_round(best["dense", f]) for f in ZERO_FRACTIONS],
        "dropped_seconds": [_round(best["dropped", f]) for f in ZERO_FRACTIONS],
        "relu_seconds": _round(best["relu"]),
        "sigmoid_seconds": _round(best["sigmoid"]),
    }


def _round(seconds: float) -> float:
    """Six significant digits: the timings' noise is far larger."""
    return float(f"{seconds:.6g}")


def main():
    timings = measure()
    print(f"NumPy {timings['numpy']}, {timings['blas']}")
    print(f"{'zeros in h':>10} {'dense ms':>9} {'columns removed ms':>19}")
    for f, d, s in zip(
        timings["zero_fractions"], timings["dense_seconds"], timings["dropped_seconds"], strict=True
    ):
        print(f"{f:10.0%} {1e3 * d:9.2f} {1e3 * s:19.2f}")
    relu_ms, sigmoid_ms = 1e3 * timings["relu_seconds"], 1e3 * timings["sigmoid_seconds"]
    print(f"elementwise on the output: ReLU {relu_ms:.3f} ms, sigmoid {sigmoid_ms:.3f} ms")
    print(f"wrote {measurements.record('sparse_matmul', timings)}")


if __name__ == "__main__":
    main()
