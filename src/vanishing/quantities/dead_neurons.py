"""Numbers quoted in the chapter on dead neurons."""

from vanishing.quantities import quantity  # noqa: F401
