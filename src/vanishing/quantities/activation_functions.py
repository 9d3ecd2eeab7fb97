"""Numbers quoted in the chapter on activation functions."""

from vanishing.quantities import quantity  # noqa: F401
