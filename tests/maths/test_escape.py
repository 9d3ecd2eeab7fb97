"""Steps for a saturated unit to move back: the flow integral against SGD and the closed form."""

import math

import numpy as np
import pytest

from vanishing import escape


def test_flow_integral_matches_the_tanh_closed_form():
    def closed(z):
        return z / 2 + math.sinh(2 * z) / 4

    x = np.array([1.0, 2.0])
    rate = 0.05 * (x @ x + 1)
    expected = (closed(6.0) - closed(5.0)) / rate
    assert escape.steps_to_move(6.0, 5.0, 0.05, x) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_flow_integral_counts_the_sgd_steps(activation):
    x = np.array([0.5, -0.5, 1.0])
    w = np.array([1.0, 0.0, 1.0])
    z0 = float(w @ x + 0.5)
    simulated = escape.sgd_steps(w, 0.5, x, 0.02, z0 - 1, activation)
    assert escape.steps_to_move(z0, z0 - 1, 0.02, x, activation) == pytest.approx(
        simulated, rel=0.03
    )


def test_sgd_steps_reports_a_unit_that_does_not_move_far_enough():
    with pytest.raises(RuntimeError):
        escape.sgd_steps([1.0], 20.0, np.ones(1), 0.1, 0.0, limit=100)
