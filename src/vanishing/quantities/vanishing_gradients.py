"""Numbers quoted in the chapter on vanishing gradients."""

from vanishing.quantities import quantity  # noqa: F401
