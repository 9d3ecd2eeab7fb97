# %% [markdown]
# # Vanishing gradients, hands on
#
# This notebook runs the site's core experiment end to end, and you can rerun it with your
# own settings. It builds a deep fully connected network, back-propagates one batch through
# it and plots, layer by layer, the size of the error signal
# $\delta_l = \partial C / \partial z_l$ that each layer's weights learn from. It does that
# for several activations and initialisations, then applies two remedies and looks again.
#
# Every number comes from the site's own package `vanishing`: `network` holds the forward and
# backward pass, `activations` and `initialisation` the choices, `experiments` the seeded
# experiments behind the site's figures. Nothing here re-implements any of them, so what you
# see is what the rest of the site computes.
#
# The site ran this notebook when it was built;
# [the Lab's first page](index.md#run-the-notebooks-yourself) shows how to run it on your machine.

# %%
# Outside the site's repository (in Colab, or the notebook downloaded from the site) the
# package is not installed yet: install it, with matplotlib, from the repository on GitHub.
# VANISHING_PACKAGE, if set, names another source (a fork, a local clone).
import importlib
import os
import subprocess
import sys

PACKAGE = "vanishing[plot] @ git+https://github.com/vanishing-gradients/vanishing-gradients"
try:
    import vanishing  # noqa: F401
except ImportError:
    package = os.environ.get("VANISHING_PACKAGE", PACKAGE)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", package], check=True)
    importlib.invalidate_caches()

# %%
import matplotlib.pyplot as plt
import numpy as np

from vanishing import experiments, network
from vanishing.activations import ACTIVATIONS
from vanishing.initialisation import SCHEMES
from vanishing_site import style

# Show plots here, as SVG, in the site's look (its palette, on a transparent background).
# %matplotlib inline
# %config InlineBackend.figure_formats = ["svg"]
plt.rcParams.update(style.RC)

# %% [markdown]
# ## Your settings
#
# Change these, then run every cell again. The cell prints the names you can choose from.

# %%
DEPTH = 50  # hidden layers
WIDTH = 100  # units per hidden layer, and input features
BATCH = 128  # examples in the random batch
SEED = 0  # fixes the batch and the weights

CHOSEN_ACTIVATIONS = ["sigmoid", "tanh", "relu"]
CHOSEN_SCHEMES = ["standard", "xavier_normal", "he_normal"]

print("activations:    ", ", ".join(ACTIVATIONS))
print("initialisations:", ", ".join(SCHEMES))

# %% [markdown]
# ## One network, one backward pass
#
# A sigmoid network with PyTorch's default ("standard") initialisation, on a batch of random
# inputs with random labels among ten classes. `loss_and_gradients` runs the forward pass,
# the softmax cross-entropy loss and backpropagation,
#
# $$
# \delta_l = \left(\delta_{l+1} W_{l+1}\right) \odot \phi'(z_l),
# $$
#
# and `layer_statistics` reduces each layer's $\delta_l$ to one number, its root-mean-square
# norm over the examples of the batch.

# %%
rng = np.random.default_rng(SEED)
X = rng.normal(size=(BATCH, WIDTH))
labels = rng.integers(10, size=BATCH)
params = network.init_network(WIDTH, WIDTH, DEPTH, 10, "standard", rng)
loss, cache, grads = network.loss_and_gradients(params, X, labels, "sigmoid")
delta = network.layer_statistics(cache, grads)["delta"]

factor = (delta[0] / delta[-1]) ** (1 / (DEPTH - 1))
print(f"loss: {loss:.3f}")
print(f"|delta| in the last hidden layer ({DEPTH}): {delta[-1]:.3e}")
print(f"|delta| in the first hidden layer (1): {delta[0]:.3e}")
print(f"shrink factor per layer, on average: {factor:.3f}")

# %% [markdown]
# Each layer multiplies the signal by its weights and by $\sigma'(z) \le 1/4$, so it shrinks
# geometrically on its way back: a straight line on a logarithmic axis.

# %% alt="The size of the error signal per hidden layer of the sigmoid network, on a logarithmic axis: a straight line rising from the first layer to the last, the signal shrinking geometrically on its way back."
fig, ax = plt.subplots(figsize=(6.4, 3.2))
ax.semilogy(np.arange(1, DEPTH + 1), delta)
ax.set(
    title="Sigmoid, standard initialisation",
    xlabel="hidden layer $l$ (input side first)",
    ylabel=r"$\|\delta_l\|$",
)
plt.show()

# %% [markdown]
# ## Every activation with every initialisation
#
# `experiments.gradient_profiles` repeats that pass for each pair of your choices, with the
# same batch and seed, so the curves differ only in what is being compared.


# %% alt="One panel per chosen activation, each with one line per chosen initialisation: the size of the error signal per hidden layer on a logarithmic axis. Lines that stay level reach the first layer; falling ones vanish before it."
def plot_profiles(lines, title):
    """One panel per chosen activation, one line per (label, result, setting): the setting picks
    one network of the result, e.g. {"scheme": "he_normal"}, and the line is its |delta_l|."""
    fig, axes = plt.subplots(
        1,
        len(CHOSEN_ACTIVATIONS),
        figsize=(7.2, 3.4),
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for ax, name in zip(axes[0], CHOSEN_ACTIVATIONS, strict=True):
        for label, result, setting in lines:
            profile = result.profile(activation=name, **setting).delta
            layers = np.arange(1, len(profile) + 1)
            ax.semilogy(layers, profile, label=label)
        ax.set(title=ACTIVATIONS[name].label, xlabel="hidden layer $l$")
    axes[0, 0].set_ylabel(r"$\|\delta_l\|$")
    fig.suptitle(title)
    handles, names = ax.get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=len(names))
    plt.show()


sizes = {"depth": DEPTH, "width": WIDTH, "batch": BATCH, "seed": SEED}
profiles = experiments.gradient_profiles(
    CHOSEN_ACTIVATIONS,
    CHOSEN_SCHEMES,
    **sizes,
)
plot_profiles(
    [(scheme, profiles, {"scheme": scheme}) for scheme in CHOSEN_SCHEMES],
    "Error signal at initialisation",
)

# %% [markdown]
# The same comparison as numbers: the ratio $\left|\delta_1\right| / \left|\delta_L\right|$ of
# the first layer's signal to the last one's. Near 1 the error signal reaches the first layer
# as strong as it left the last; far below 1 it has vanished on the way. That alone does not
# say how fast the early layers' weights learn: their gradient is
# $\partial C/\partial W_l = \delta_l h_{l-1}^\top$, and where the forward signal $h$ shrinks
# towards the output as fast as $\delta$ shrinks towards the input, the weight gradients stay
# level while $\delta$ vanishes (the chapter on the vanishing gradient problem measures both).

# %%
print(" " * 8 + "".join(f"{scheme:>15}" for scheme in CHOSEN_SCHEMES))
for name in CHOSEN_ACTIVATIONS:
    row = (profiles.first_over_last("delta", activation=name, scheme=s) for s in CHOSEN_SCHEMES)
    print(f"{name:8}" + "".join(f"{value:15.2e}" for value in row))

# %% [markdown]
# ## Remedies
#
# Two changes to the network itself, with the standard initialisation kept: batch
# normalisation of every layer's pre-activations, and residual connections
# $h_l = h_{l-1} + \alpha\, \phi(z_l)$, whose identity path carries the signal past every
# layer's slope.

# %% alt="One panel per chosen activation, with the standard initialisation: the size of the error signal per hidden layer on a logarithmic axis for the plain network, with batch normalisation and with residual connections."
batchnorm = experiments.batchnorm_effect(CHOSEN_ACTIVATIONS, **sizes)
alphas = (0.1,)
residual = experiments.residual_effect(
    CHOSEN_ACTIVATIONS,
    alphas=alphas,
    **sizes,
)
plot_profiles(
    [
        ("plain", batchnorm, {"batchnorm": False}),
        ("batch norm", batchnorm, {"batchnorm": True}),
        *((f"residual, α = {alpha}", residual, {"residual": alpha}) for alpha in alphas),
    ],
    "Error signal with the standard initialisation",
)

# %% [markdown]
# ## Your turn
#
# - Set `DEPTH = 200`. Which curves still reach the first layer?
# - Add `"gelu"`, `"silu"`, `"elu"` or `"leaky_relu"` to `CHOSEN_ACTIVATIONS`, and
#   `"small"` or `"lecun_normal"` to `CHOSEN_SCHEMES`.
# - Change `SEED`: which conclusions survive a different batch and different weights?
# - Batch normalisation stops the vanishing. Does the signal now keep its size on the way
#   back, or does it overshoot?
# - In the remedies cell, try `alphas = (1.0,)`, or several values at once: what does the
#   branch scale $\alpha$ change?
