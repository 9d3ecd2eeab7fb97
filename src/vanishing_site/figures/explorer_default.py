r"""Gradient flow through a 20-layer sigmoid network.

The explorer's starting point, sigmoid units with weights \(U(\pm 1/\sqrt{n})\) at
initialisation: left, per layer, the backward signal \(\lVert\delta_l\rVert\) and the weight
gradient \(\lVert\partial C/\partial W_l\rVert\); right, the spread of the pre-activations
\(z_l\) and of the activations \(a_l\). With JavaScript on, it becomes an explorer of every
activation, initialisation and depth, with and without batch normalisation and residual
connections.

Alt: Two line charts over the hidden layers, both with logarithmic vertical axes. On the left,
the backward signal and the weight gradient rise as two nearly straight, almost coinciding lines
by many orders of magnitude from the first layer to the last. On the right, the spread of the
pre-activations and of the activations stays level across the layers, the activations' spread
below the pre-activations'.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from vanishing_site import explorer
from vanishing_site.figures._labels import label_ends

PANELS = (
    ("gradients (backward)", (("delta", "‖δₗ‖"), ("grad_W", "‖∂C/∂Wₗ‖"))),
    ("spread of the signal (forward)", (("z_std", "std zₗ"), ("a_std", "std aₗ"))),
)


def figure():
    stats = explorer.decode(explorer.run(**explorer.DEFAULT))
    layers = np.arange(1, explorer.DEFAULT["depth"] + 1)
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4), layout="constrained")
    shades = explorer.colours()[explorer.DEFAULT["activation"]]["light"]
    for ax, (title, series) in zip(axes, PANELS, strict=True):
        for (name, text), colour in zip(series, shades, strict=True):
            ax.plot(layers, stats[name], color=colour, label=text)
        ax.set_yscale("log")
        values = np.concatenate([stats[name] for name, _ in series])
        if np.log10(values.max() / values.min()) < 2:
            # Within two decades, powers of ten alone would leave the axis nearly unlabelled.
            ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_title(title)
        label_ends(ax, ax.get_lines(), gap=0.16)
    fig.supxlabel("hidden layer l (1 = next to the input)", fontsize=plt.rcParams["axes.labelsize"])
    return fig, {"layer": layers, **stats}
