"""Numbers quoted in the chapter on relu vs sigmoid."""

from vanishing.quantities import quantity  # noqa: F401
