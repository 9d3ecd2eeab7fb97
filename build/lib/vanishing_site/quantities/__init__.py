"""The numbers quoted in the prose, each computed by the library at build time.

A page writes ``{{ name }}`` and the build puts in the string its quantity returns; an
unknown name stops the build. So a number on the site cannot drift from the code that
computes it. Each chapter keeps its quantities in a module of this package.
"""

from collections.abc import Callable

QUANTITIES: dict[str, Callable[[], str]] = {}


def quantity(function: Callable[[], str]) -> Callable[[], str]:
    """Register a function under its own name; names are unique across chapters."""
    if function.__name__ in QUANTITIES:
        raise ValueError(f"two quantities named {function.__name__!r}")
    QUANTITIES[function.__name__] = function
    return function


def sci(value: float, digits: int = 2) -> str:
    """``value`` as ``m × 10⁻ᵏ`` with ``digits`` significant digits (plain text, searchable)."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    superscript = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{superscript}"


def evaluate() -> dict[str, str]:
    """Every quantity of every chapter, by name."""
    # Importing the chapter modules registers their quantities. The imports are written out
    # (not discovered) so that the build's cache key sees every module they depend on.
    from vanishing_site.quantities import (  # noqa: F401
        activation_functions,
        dead_neurons,
        home,
        mitigations,
        relu_vs_sigmoid,
        site_build,
        vanishing_gradients,
    )

    return {name: function() for name, function in sorted(QUANTITIES.items())}
