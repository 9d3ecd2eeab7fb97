r"""Deep networks on real digits: test accuracy after each epoch.

{{ real_data.depth }} hidden layers of {{ real_data.width }} units trained by minibatch SGD on
the digits (lines: means over {{ real_data.n_seeds }} seeds, bands: one standard deviation
either side): watch which configurations leave the chance level at all, and how far the
batch-normalised and residual networks get.

Alt: A line chart with epochs 0 to {{ real_data.epochs }} across and test accuracy from 0 to 1 up
the side. The sigmoid and tanh lines stay flat near chance, one in ten. The plain ReLU line
climbs towards the top with a wider band; the batch-normalised and residual ReLU lines climb
fastest and level off near the top, with narrow bands, the best at {{ real_data.best_accuracy }}.
"""

import matplotlib.pyplot as plt

from vanishing_site import runs
from vanishing_site.figures._digits import LABELS, STYLES


def figure():
    result = runs.digits()
    data = {"epoch": result.epoch}
    fig, ax = plt.subplots(layout="constrained")
    for i, config in enumerate(result.configs):
        accuracy = result.test_accuracy[i]
        mean, spread = accuracy.mean(axis=0), accuracy.std(axis=0, ddof=1)
        data[f"{config}_mean"], data[f"{config}_std"] = mean, spread
        colour, ls = STYLES[config]
        ax.plot(result.epoch, mean, color=colour, ls=ls, label=LABELS[config])
        ax.fill_between(result.epoch, mean - spread, mean + spread, color=colour, alpha=0.2, lw=0)
    ax.set_ylim(0, 1)
    ax.set_xlabel("epoch")
    ax.set_ylabel("test accuracy")
    fig.legend(loc="outside lower center", ncols=2)  # two columns fit a phone too
    return fig, data
