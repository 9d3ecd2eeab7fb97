r"""ReLU's backward signal depends on the initialisation.

\(\lVert\delta_l\rVert = \lVert\partial C/\partial z_l\rVert\), per layer, in a 50-layer ReLU
network of 100 units at initialisation, for three initialisation schemes. With PyTorch's
default ("standard") scale, each layer multiplies the signal by about \(1/\sqrt 6\) going
down, and it falls by nineteen orders of magnitude; Xavier's scale loses less, and only He's
keeps it level. ReLU's slope of 1 does not protect it: the weights set the factor.

Alt: A line chart with hidden layers 1 to 50 across and the norm of delta on a logarithmic
axis from about 1e-20 to 10. The He normal line is nearly flat, between about 1 and 2.3. The
Xavier normal line falls from about 0.8 at layer 50 to about 5e-8 at layer 1, and the
standard line from about 0.4 to about 4e-20, both nearly straight.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import SCHEME_STYLE, label, panels


def figure():
    result = experiments.gradient_profiles()
    relu = result["activations"].index("relu")
    data = {"layer": result["layers"]}
    fig, (ax,) = panels([""], "‖δ_l‖ = ‖∂C/∂z_l‖")
    for j, scheme in enumerate(result["schemes"]):
        data[scheme] = result["delta"][relu, j]
        ax.plot(data["layer"], data[scheme], label=label(scheme), **SCHEME_STYLE[scheme])
    ax.legend(title="ReLU network, initialised")
    return fig, data
