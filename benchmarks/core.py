"""How long the experiments behind all the site's figures take on one core.

Run as `.venv/bin/python benchmarks/core.py`. Every public function of vanishing.experiments is
called with its defaults (the calls the figures make); the table gives the first run of each
and the best of REPEATS runs, their totals (target: under 5 s), and the share of the time spent
in matrix products.

Matrix products are the `@` operator, which cProfile cannot see: it is no Python-level call. So a
separate, instrumented run draws every network weight matrix as a TimedArray, an ndarray subclass
whose __array_ufunc__ times each np.matmul it takes part in and hands the subclass on to every
result computed from it. Every product of the forward and backward passes (h W^T, delta W and
delta^T h) involves a weight or an array derived from one, so all of them are timed. The
instrumented run is slower, since every ufunc call then passes through Python; only the time
inside np.matmul is taken from it, and set against the plain run's total.
"""

import os

# One core, fixed before numpy loads its BLAS.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import inspect
import time

import numpy as np

from vanishing import experiments, network

REPEATS = 3
TARGET_SECONDS = 5.0


class TimedArray(np.ndarray):
    """An ndarray that adds the seconds of every np.matmul it takes part in to `seconds`."""

    seconds = 0.0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        def plain(x):
            return x.view(np.ndarray) if isinstance(x, TimedArray) else x

        if "out" in kwargs:
            kwargs["out"] = tuple(plain(x) for x in kwargs["out"])
        start = time.perf_counter()
        result = getattr(ufunc, method)(*(plain(x) for x in inputs), **kwargs)
        if ufunc is np.matmul:
            TimedArray.seconds += time.perf_counter() - start
        return result.view(TimedArray) if isinstance(result, np.ndarray) else result


def experiment_functions():
    """The experiments as the site calls them: public functions that run with their defaults
    (layer_profile, the building block the others share, needs arguments)."""
    return [
        (name, f)
        for name, f in inspect.getmembers(experiments, inspect.isfunction)
        if not name.startswith("_")
        and f.__module__.startswith(f"{experiments.__name__}.")
        and all(p.default is not p.empty for p in inspect.signature(f).parameters.values())
    ]


def run_times(f):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return times


def matmul_time(f):
    plain_init_weights = network.init_weights
    network.init_weights = lambda *args: plain_init_weights(*args).view(TimedArray)
    TimedArray.seconds = 0.0
    try:
        f()
    finally:
        network.init_weights = plain_init_weights
    return TimedArray.seconds


def main():
    rows = [(name, run_times(f), matmul_time(f)) for name, f in experiment_functions()]
    first = sum(times[0] for _, times, _ in rows)
    best = sum(min(times) for _, times, _ in rows)
    products = sum(matmul for *_, matmul in rows)
    print(f"{'experiment (one core)':32} {'first s':>8} {'best s':>8} {'matmul':>7}")
    for name, times, matmul in sorted(rows, key=lambda row: -min(row[1])):
        print(f"{name:32} {times[0]:8.3f} {min(times):8.3f} {matmul / min(times):7.0%}")
    print(f"{'total':32} {first:8.3f} {best:8.3f} {products / best:7.0%}")
    print(
        f"first run of each, and best of {REPEATS}; target under {TARGET_SECONDS:.0f} s: "
        f"{'met' if first < TARGET_SECONDS else 'MISSED'}; matrix products {products:.3f} s"
    )


if __name__ == "__main__":
    main()
