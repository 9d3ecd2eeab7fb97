r"""BatchNorm computes a different function in training and in inference, the more so the
smaller the batch.

The readout of a ReLU network with ten batch-normalised layers computed batch by batch (training
mode) against the same inputs with the data set's statistics (inference mode), at
initialisation; the line is the mean over seeds and the band one standard deviation.

Alt: A line chart with the batch size from {{ normalisation_and_symmetry.smallest_batch }} to
{{ normalisation_and_symmetry.largest_batch }} on a logarithmic horizontal axis and the relative
difference between the two outputs up the side. The line starts at
{{ normalisation_and_symmetry.gap_smallest }} for the smallest batch and falls to
{{ normalisation_and_symmetry.gap_largest }} for the largest, with a narrow band.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing_site import runs
from vanishing_site.style import ramp

# Series of one relu network (or of its kind): shades of the relu's colour, deepest first.
SHADES = ramp(2, "relu")[::-1]


def figure():
    result = runs.batch_size_gap()
    sizes = np.array(result.batch_sizes)
    mean, spread = result.batchnorm.mean(axis=0), result.batchnorm.std(axis=0, ddof=1)
    data = {"batch_size": sizes, "gap_mean": mean, "gap_std": spread}
    fig, ax = plt.subplots(layout="constrained")
    ax.plot(sizes, mean, color=SHADES[0], marker="o", label="BatchNorm")
    ax.fill_between(sizes, mean - spread, mean + spread, color=SHADES[0], alpha=0.2, lw=0)
    ax.set_xscale("log", base=2)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("batch size B")
    ax.set_ylabel("‖y(train) − y(eval)‖ ÷ ‖y(eval)‖")
    return fig, data
