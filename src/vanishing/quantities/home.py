"""Numbers quoted on the home page."""

from vanishing import activations
from vanishing.quantities import quantity


@quantity
def sigmoid_prime_at_0() -> str:
    return f"{activations.sigmoid_prime(0.0):g}"
