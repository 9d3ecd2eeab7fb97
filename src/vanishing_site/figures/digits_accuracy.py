r"""Deep networks on real digits: test accuracy after each epoch.

{{ real_data.depth }} hidden layers of {{ real_data.width }} units trained by minibatch SGD on
the 8 × 8 digits; each line is the mean over seeds and its band one standard deviation either
side. Watch which configurations leave the
chance level at all, and how far the residual network gets.

Alt: A line chart with epochs 0 to {{ real_data.epochs }} across and test accuracy from 0 to 1 up
the side. The sigmoid line stays flat at chance, one in ten; the tanh line stays there
for most of the run and rises a little at the end, with a wide band. The plain ReLU line climbs
unevenly towards the top with a wide band, the batch-normalised one unevenly to below the middle
with the widest band. The residual ReLU line climbs fastest and levels off near the top, at
{{ real_data.best_accuracy }}, with a narrow band.
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
