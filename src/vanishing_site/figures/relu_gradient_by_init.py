r"""ReLU's backward signal depends on the initialisation.

\(\lVert\delta_l\rVert = \lVert\partial C/\partial z_l\rVert\) per layer in a
{{ relu_vs_sigmoid.profile_depth }}-layer ReLU network of {{ relu_vs_sigmoid.profile_width }}
units at initialisation, with zero biases, under three weight scales (geometric mean over
{{ vanishing_gradients.n_seeds }} seeds, band from the lowest to the highest seed): only He's
line stays level, though an active ReLU's slope is 1 under all three.

Alt: A line chart with hidden layers 1 to {{ relu_vs_sigmoid.profile_depth }} across and the
norm of delta on a logarithmic axis, each line with a narrow band over the seeds. The He normal
line is nearly flat. The Xavier normal line falls towards the input to about
{{ relu_vs_sigmoid.relu_xavier_typical }} of its value at the last layer, and the standard line
falls about {{ relu_vs_sigmoid.relu_standard_orders }} orders of magnitude, both nearly
straight.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import SCHEME_STYLE, label, panels, seed_band


def figure():
    result = runs.profiles_over_seeds()
    data = {"layer": result.layers}
    fig, (ax,) = panels([""], "‖δₗ‖ = ‖∂C/∂zₗ‖")
    for scheme in ("standard", "xavier_normal", "he_normal"):
        per_seed = result.profile(activation="relu", scheme=scheme).delta
        columns = seed_band(ax, result.layers, per_seed, label(scheme), SCHEME_STYLE[scheme])
        data |= {scheme + edge: column for edge, column in columns.items()}
    ax.legend(title="ReLU network, initialised")
    return fig, data
