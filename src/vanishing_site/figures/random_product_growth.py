r"""The product of random matrices, layer by layer.

\(\ln \lVert W_L \cdots W_1 v\rVert\) for Gaussian layers \(\mathcal{N}(0, \sigma^2/n)\) and
\(\lVert v\rVert = 1\) (mean over {{ exploding_gradients.product_seed_count }} seeds, one
standard deviation either side), with the exact mean log dashed and the log of the mean,
\(\tfrac{L}{2}\ln\sigma^2\), dotted: look at how far the narrow network's typical product falls
below the dotted line.

Alt: A chart with depth L from 0 to {{ exploding_gradients.product_depth }} across and the
log-norm down the side. For the narrowest network, two units wide, at sigma squared 1, the band
falls steadily along its dashed line to about {{ exploding_gradients.product_n2_at_depth }} at
the greatest depth, far below the dotted line at 0; for the same width at the critical sigma
squared, and for a wide network at sigma squared 1, the means stay near 0, the narrow network's
band much wider than the wide one's.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing_site import runs
from vanishing_site.style import MUTED, ramp


def label(product) -> str:
    return f"n = {product.n}, σ² = {product.sigma2:.3g}"


def figure():
    products = runs.random_products()
    depths = np.arange(runs.RANDOM_PRODUCT_DEPTH + 1)
    data = {"depth": depths}
    fig, ax = plt.subplots(layout="constrained")
    # Products of weight matrices alone, a linear network's: shades of the linear colour.
    shades = ramp(len(products), "linear")[::-1]
    for i, (product, colour) in enumerate(zip(products, shades, strict=True)):
        mean = product.log_norms.mean(axis=0)
        spread = product.log_norms.std(axis=0, ddof=1)
        exact = product.exact_mean * depths
        data |= {f"mean_{i}": mean, f"low_{i}": mean - spread, f"high_{i}": mean + spread}
        data[f"exact_{i}"] = exact
        ax.fill_between(depths, mean - spread, mean + spread, color=colour, alpha=0.25, lw=0)
        ax.plot(depths, mean, color=colour, label=label(product))
        ax.plot(depths, exact, "--", color=colour, linewidth=1)
    ax.axhline(0, color=MUTED, ls=":", lw=1.2, label="log of the mean at σ² = 1")
    ax.set_xlabel("depth L (layers multiplied)")
    ax.set_ylabel("ln ‖v‖ after L random matrices")
    ax.legend(loc="lower left")
    return fig, data
