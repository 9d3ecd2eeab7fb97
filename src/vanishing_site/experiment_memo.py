"""One computation per experiment for the whole build.

Figures, values, the explorer and the Lab's pages are made in separate worker processes, and
several of them ask for the same experiment (``gradient_profiles`` alone feeds about ten of
them). ``install`` replaces, in the process that calls it, each experiment of
``vanishing.experiments`` with its ``buildcache.memo``: the first process computes it and
stores the result under ``.cache/experiments/``, keyed by the code of the experiments and the
arguments; every other process, in this build or a later one, loads it.

The maths library stays free of any of this: it is the build's workers that call ``install``.
"""

import inspect

from vanishing import experiments
from vanishing_site import buildcache

# Called hundreds of times with small arguments by the explorer, which caches its own result.
PER_CALL = frozenset({"layer_profile"})


def shared() -> list[str]:
    """The names of the experiments worth sharing: the public functions the module defines."""
    return sorted(
        name
        for name, function in vars(experiments).items()
        if inspect.isfunction(function)
        and function.__module__.startswith(experiments.__name__)
        and not name.startswith("_")
        and name not in PER_CALL
    )


def install() -> None:
    """Memoise the shared experiments in this process (once; calling again changes nothing)."""
    for name in shared():
        function = getattr(experiments, name)
        if not getattr(function, "memoised", False):
            setattr(experiments, name, buildcache.memo(function))
