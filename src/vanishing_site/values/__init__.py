"""The numbers quoted in the prose, each computed by the library at build time.

A page writes ``{{ module.name }}`` and the build puts in the string that the function ``name``
of the module ``vanishing_site.values.module`` returns; an unknown name stops the build. So a
number on the site cannot drift from the code that computes it. Each chapter keeps its values in
the module named after its page (``docs/dead-neurons.md``: ``dead_neurons``); a value is a
function decorated with ``@value``. Modules are discovered, so a new one needs no registration.
"""

import importlib
import pkgutil
import re
from collections.abc import Callable

# Every @value function by its dotted name, e.g. "vanishing_gradients.delta_ratio_relu".
_VALUES: dict[str, Callable[[], str]] = {}


def _dotted(function: Callable) -> str:
    return f"{function.__module__.removeprefix(__name__ + '.')}.{function.__name__}"


def value(function: Callable[[], str]) -> Callable[[], str]:
    """Mark a function as a value named ``<module>.<function>``; a name used twice is an error."""
    name = _dotted(function)
    known = _VALUES.get(name)
    # Re-importing one module defines the same function again at the same place: not a clash.
    if known is not None and _place(known) != _place(function):
        raise ValueError(
            f"two values named {name!r}: lines {_place(known)[1]} and {_place(function)[1]} "
            f"of {function.__code__.co_filename}"
        )
    _VALUES[name] = function
    return function


def _place(function: Callable) -> tuple[str, int]:
    """The file and line where a function is defined (its decorator's line)."""
    return function.__code__.co_filename, function.__code__.co_firstlineno


def modules() -> list[str]:
    """The chapter modules of this package, by full name, found on disk."""
    return sorted(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__))


def evaluate() -> dict[str, str]:
    """Every value of every chapter, by dotted name, as the pages quote it (`keep_together`)."""
    for module in modules():
        importlib.import_module(module)
    return {name: keep_together(function()) for name, function in sorted(_VALUES.items())}


# A space beside × or ± (or between a number and its unit of seeds) is a no-break space on the
# page: "1.4 ×" at the end of one line and "10⁻¹²" at the start of the next read as two numbers.
_BREAKABLE = re.compile(r" (?=[×±])|(?<=[×±]) |(?<=\d) (?=seeds\b)")


def keep_together(text: str) -> str:
    """``text`` with no-break spaces (U+00A0) around × and ± and before "seeds", so that a
    browser never breaks a quantity such as '1.4 × 10⁻¹²' or '0.07 ± 0.23' across two lines."""
    return _BREAKABLE.sub("\N{NO-BREAK SPACE}", text)


def sci(value: float, digits: int = 2) -> str:
    """``value`` as ``m × 10⁻ᵏ`` with ``digits`` significant digits (plain text, searchable)."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    superscript = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{superscript}"


def percent(fraction: float, decimals: int = 0) -> str:
    """A fraction as a percentage, e.g. 0.333 -> '33%'."""
    return f"{100 * fraction:.{decimals}f}%"


def number(value: float) -> str:
    """Three significant digits, in powers of ten only when they are far from 1."""
    return f"{value:.3g}" if 1e-3 <= abs(value) < 1e3 else sci(value)


def mean_spread(summary, decimals: int = 2) -> str:
    """A SeedSummary as 'mean ± spread (n seeds)'; in log10 it reads as a power of ten:
    '10^(−0.07 ± 0.23) over 8 seeds' written with the superscript minus of the prose."""
    mean = f"{summary.mean:.{decimals}f}".replace("-", "−")
    spread = f"{summary.spread:.{decimals}f}"
    if summary.log10:
        return f"10^({mean} ± {spread}) over {summary.n} seeds"
    return f"{mean} ± {spread} over {summary.n} seeds"
