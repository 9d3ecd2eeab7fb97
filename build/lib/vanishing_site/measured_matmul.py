"""Timings written by benchmarks/sparse_matmul.py (rerun it to refresh them).

One layer's product h W^T of a (batch, fan_in) h with a (fan_out, fan_in) W, best of
"repeats" runs in seconds: dense_seconds with the given fractions of h exactly zero at
random places; dropped_seconds with that fraction of h's columns removed instead;
and the elementwise ReLU and sigmoid of the (batch, fan_out) output.
"""

TIMINGS = {
    "cpu": "AMD EPYC, 2 cores (1 thread used)",
    "system": "Linux 6.18.44-fc-v782",
    "software": "Python 3.11.7, NumPy 2.4.6",
    "blas": "scipy-openblas 0.3.31.188.0",
    "date": "2026-11-23",
    "batch": 256,
    "fan_in": 1024,
    "fan_out": 1024,
    "repeats": 40,
    "zero_fractions": (0.0, 0.5, 0.9),
    "dense_seconds": (0.0148531, 0.0146934, 0.0147328),
    "dropped_seconds": (0.0143787, 0.0072759, 0.00168936),
    "relu_seconds": 0.000231313,
    "sigmoid_seconds": 0.00676737,
}
