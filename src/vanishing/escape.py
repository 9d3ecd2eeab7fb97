"""How many SGD steps a saturated unit needs to move its pre-activation back.

A unit z = w . x + b with upstream gradient g = dC/da at every step has dC/db = g phi'(z) and
dC/dw = g phi'(z) x, so one SGD step of rate lr moves all of them, and z by

    dz = x . dw + db = -lr g (||x||^2 + 1) phi'(z).

Both the weights and the bias move z, and the step grows as z falls towards where phi' is
larger. Treating the steps as a flow, the number of steps from z_from to z_to is

    N = integral from z_to to z_from of dz / (lr g (||x||^2 + 1) phi'(z)),

which for tanh, 1/tanh'(z) = cosh^2 z, is [z/2 + sinh(2z)/4] / (lr g (||x||^2 + 1)).
"""

import numpy as np

from vanishing.activations import ACTIVATIONS


def steps_to_move(z_from, z_to, lr, x, activation="tanh", upstream=1.0, points=100_001):
    """N above, by the trapezoid rule on `points` values of z with the activation's own slope."""
    zs = np.linspace(z_to, z_from, points)
    rate = lr * upstream * (np.dot(x, x) + 1)
    return float(np.trapezoid(1 / (rate * ACTIVATIONS[activation].df(zs)), zs))


def sgd_steps(w, b, x, lr, z_to, activation="tanh", upstream=1.0, limit=10**6):
    """Run the SGD steps themselves until z = w . x + b falls to z_to; returns their number."""
    w, slope = np.array(w, dtype=float), ACTIVATIONS[activation].df
    for step in range(limit):
        z = float(w @ x + b)
        if z <= z_to:
            return step
        grad = upstream * slope(z)
        w, b = w - lr * grad * np.asarray(x), b - lr * grad
    raise RuntimeError(f"z did not reach {z_to} in {limit} steps")
