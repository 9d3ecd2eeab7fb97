"""Numbers quoted in the chapter on mitigations."""

from vanishing.quantities import quantity  # noqa: F401
