"""Central differences, the oracle the backward passes are checked against."""

import numpy as np


def central_differences(f, x, h=1e-6):
    """df/dx entry by entry for a scalar f() of the array x, changed in place and restored."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        down = f()
        x[i] = saved
        g[i] = (up - down) / (2 * h)
    return g


def relative_error(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))
