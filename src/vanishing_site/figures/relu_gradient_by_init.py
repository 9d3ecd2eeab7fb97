r"""ReLU's backward signal depends on the initialisation.

\(\lVert\delta_l\rVert = \lVert\partial C/\partial z_l\rVert\) per layer in a
{{ relu_vs_sigmoid.profile_depth }}-layer ReLU network of {{ relu_vs_sigmoid.profile_width }}
units at initialisation (zero biases, one seed), under three weight scales. Only He's line stays
level: with PyTorch's default weight scale ("standard") the signal loses
{{ relu_vs_sigmoid.relu_standard_orders }} orders of magnitude, though ReLU's slope is 1.

Alt: A line chart with hidden layers 1 to {{ relu_vs_sigmoid.profile_depth }} across and the norm
of delta on a logarithmic axis. The He normal line is nearly flat. The Xavier normal line falls
towards the input to {{ relu_vs_sigmoid.relu_xavier_ratio }} of its value at the last layer, and
the standard line falls about {{ relu_vs_sigmoid.relu_standard_orders }} orders of magnitude, both
nearly straight.
"""

from vanishing_site import runs
from vanishing_site.figures._profiles import SCHEME_STYLE, label, panels


def figure():
    result = runs.profiles()
    data = {"layer": result.layers}
    fig, (ax,) = panels([""], "‖δ_l‖ = ‖∂C/∂z_l‖")
    for scheme in result.labels("scheme"):
        data[scheme] = result.profile(activation="relu", scheme=scheme).delta
        ax.plot(data["layer"], data[scheme], label=label(scheme), **SCHEME_STYLE[scheme])
    ax.legend(title="ReLU network, initialised")
    return fig, data
