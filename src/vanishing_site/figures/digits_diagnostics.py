r"""Two diagnostics to read off any network: each layer's gradient and its update-to-weight ratio.

After the first epoch on the digits: left, each hidden layer's speed of learning
\(\lVert\partial C/\partial b_l\rVert\); right, \(\eta\lVert\partial C/\partial W_l\rVert /
\lVert W_l\rVert\), with the rule-of-thumb level dashed; lines are geometric means
over seeds, bands one standard deviation of log10 either side.

Alt: Two line charts side by side with hidden layers 1 to {{ real_data.depth }} across and
logarithmic vertical axes. On both, the sigmoid line rises steeply from left to right, from about
{{ real_data.sigmoid_ratio_first }} to {{ real_data.sigmoid_ratio_last }} in the right chart,
while the ReLU lines stay within about one decade of each other across the layers; in the right
chart the plain and batch-normalised ReLU lines lie above the dashed line at
{{ real_data.rule_of_thumb }} and the residual one close to it. The tanh line lies between,
below the dashed line.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing_site import runs
from vanishing_site.figures._digits import LABELS, STYLES
from vanishing_site.style import MUTED

EPOCH = 1  # after the first pass over the training set


def figure():
    result = runs.digits()
    layers = np.arange(1, result.grad_b.shape[-1] + 1)
    data = {"layer": layers}
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4), layout="constrained")
    panels = (("grad_b", "‖∂C/∂bₗ‖"), ("update_ratio", "η‖∂C/∂Wₗ‖ ÷ ‖Wₗ‖"))
    for ax, (field, ylabel) in zip(axes, panels, strict=True):
        for i, config in enumerate(result.configs):
            logs = np.log10(getattr(result, field)[i, :, EPOCH])  # (seed, layer)
            mean, spread = logs.mean(axis=0), logs.std(axis=0, ddof=1)
            data[f"{field}_{config}"] = 10**mean
            colour, ls = STYLES[config]
            ax.plot(layers, 10**mean, color=colour, ls=ls, label=LABELS[config])
            ax.fill_between(layers, 10 ** (mean - spread), 10 ** (mean + spread), color=colour,
                            alpha=0.2, lw=0)  # fmt: skip
        ax.set_yscale("log")
        ax.set_xlabel("hidden layer")
        ax.set_ylabel(ylabel)
    axes[1].axhline(1e-3, color=MUTED, ls="--", lw=1)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2)  # clear of the lines
    return fig, data
