r"""Adam gives every layer a step of the same size on its first step, down to its ε.

The root-mean-square change of each hidden layer's weights in one step of SGD and one step of
Adam at the same rate, from the same sigmoid networks and batch; lines are geometric means over
seeds, missing where the weights did not change at all. Compare where the dotted gradient line
crosses Adam's \(\varepsilon\) (dashed) with where Adam's step starts to fall.

Alt: Two line charts side by side, for {{ normalisation_and_symmetry.depth_short }} and
{{ normalisation_and_symmetry.depth_long }} hidden layers, with the layer across and a logarithmic
vertical axis. In both the SGD line and the gradient line rise steadily from left to right. The
Adam line is flat at the learning rate on the right, over the layers whose gradient is far above
{{ normalisation_and_symmetry.eps }}, and falls with the gradient on the left where the gradient
drops below it, breaking off where the weights do not change at all.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing.training import adam_step
from vanishing_site import runs
from vanishing_site.style import MUTED, ramp

# Series of one sigmoid network (or of its kind): shades of the sigmoid's colour, deepest first.
SHADES = ramp(2, "sigmoid")[::-1]

EPS = adam_step.__defaults__[-1]  # Adam's epsilon


def _geometric(values):
    """Geometric mean over seeds; NaN (a gap in the line) where some seed's weights did not
    change at all, their step being below float64's spacing near the weights."""
    values = np.where(values > 0, values, np.nan)
    return 10 ** np.log10(values).mean(axis=0)


def figure():
    result = runs.step_sizes()
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4), layout="constrained", sharey=True)
    data = {"layer": np.arange(1, max(result.depths) + 1)}
    for d, (ax, depth) in enumerate(zip(axes, result.depths, strict=True)):
        layers = np.arange(1, depth + 1)
        for name, steps, colour, ls in (("sgd", result.sgd, SHADES[1], "-"),
                                        ("adam", result.adam, SHADES[0], "-"),
                                        ("grad", result.grad, MUTED, ":")):  # fmt: skip
            line = _geometric(steps[d, :, :depth])
            data[f"{name}_{depth}"] = np.pad(line, (0, len(data["layer"]) - depth),
                                             constant_values=np.nan)  # fmt: skip
            label = {"sgd": "SGD step", "adam": "Adam step", "grad": "RMS gradient"}[name]
            ax.plot(layers, line, color=colour, ls=ls, label=label)
        ax.axhline(EPS, color=MUTED, ls="--", lw=1)
        ax.set_yscale("log")
        ax.set_xlabel("hidden layer")
        ax.set_title(f"{depth} hidden layers")
    axes[0].set_ylabel("RMS per weight")
    axes[0].legend(loc="lower right")
    return fig, data
