r"""The first steps of SGD, with and without clipping.

The training loss after each of the first steps for the ReLU network at gain
{{ exploding_gradients.relu_gain }}, on a logarithmic axis: thin lines are the unclipped runs,
one per seed, each ending with a cross at its last finite loss, and the band is the clipped
runs' range over the same {{ exploding_gradients.seed_count }} seeds and minibatches.

Alt: A chart with the first SGD steps across and the loss on a logarithmic axis spanning
hundreds of orders of magnitude. All runs start together, between
{{ exploding_gradients.initial_loss_range }}. The unclipped lines climb ever more steeply and
end at step {{ exploding_gradients.unclipped_last_finite_steps }}, the highest near
{{ exploding_gradients.unclipped_highest_loss }}; the clipped band stays at the bottom and
slopes gently down.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing_site import runs
from vanishing_site.style import ramp

# Series of one relu network (or of its kind): shades of the relu's colour, deepest first.
SHADES = ramp(2, "relu")[::-1]


def figure():
    result = runs.clipping_first_steps()
    data = {"step": result.steps}
    fig, ax = plt.subplots(layout="constrained")
    for seed, loss in zip(result.seeds, result.unclipped_loss, strict=True):
        data[f"unclipped_seed_{seed}"] = loss
        last = np.flatnonzero(np.isfinite(loss))[-1]
        first = seed == result.seeds[0]
        label = "without clipping, one line per seed" if first else None
        ax.plot(result.steps, loss, color=SHADES[1], lw=1, label=label)
        ax.plot(result.steps[last], loss[last], "x", color=SHADES[1], markersize=7)
    low, high = result.clipped_loss.min(axis=0), result.clipped_loss.max(axis=0)
    median = np.median(result.clipped_loss, axis=0)
    data |= {"clipped": median, "clipped_low": low, "clipped_high": high}
    ax.plot(result.steps, median, color=SHADES[0])
    label = f"clipped at norm {result.max_norm:g}, range over seeds"
    ax.fill_between(result.steps, low, high, color=SHADES[0], alpha=0.4, lw=0, label=label)
    ax.set_yscale("log")
    # Whole powers of 10^50: the unclipped losses span hundreds of decades.
    top = np.nanmax(result.unclipped_loss)
    ax.set_yticks(10.0 ** np.arange(0, np.log10(top) + 50, 50))
    ax.set_xlabel("SGD step")
    ax.set_ylabel("training loss (cross-entropy)")
    ax.legend(loc="upper right")  # the unclipped lines end within the first steps, on the left
    return fig, data
