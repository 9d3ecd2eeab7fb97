r"""Each initialisation keeps the forward signal alive for one kind of unit.

The standard deviation of the activations \(a_l\) in each hidden layer of 50-layer networks of
100 units at initialisation, for tanh units (left) and ReLU units (right), under three
initialisation schemes. For square layers Xavier's variance \(2/(n_\text{in} + n_\text{out})\)
equals LeCun's \(1/n\), the scale that suits tanh: its activations shrink only slowly. ReLU
zeroes half of its inputs and needs twice that variance, He's \(2/n\), to keep a steady
spread. PyTorch's default ("standard") \(U(\pm 1/\sqrt n)\) has a third of LeCun's variance,
and with it both networks' activations collapse towards zero.

Alt: Two line charts side by side, tanh on the left and ReLU on the right, each with hidden
layers 1 to 50 across and the standard deviation of the activations on a shared logarithmic
axis from about 1e-20 to 10. For tanh, the He line stays between 0.54 and 0.72, the Xavier
line falls slowly from about 0.6 to 0.09, and the standard line falls steadily to about
1e-12. For ReLU, the He line stays between about 0.7 and 2, the Xavier line falls to about
5e-8 and the standard line to about 5e-20.
"""

from vanishing import experiments
from vanishing_site.figures._profiles import SCHEME_STYLE, label, panels


def figure():
    result = experiments.gradient_profiles()
    shown = ("tanh", "relu")
    fig, axes = panels([label(a) for a in shown], "std of the activations a_l")
    data = {"layer": result["layers"]}
    for ax, activation in zip(axes, shown, strict=True):
        i = result["activations"].index(activation)
        for j, scheme in enumerate(result["schemes"]):
            data[f"{activation}_{scheme}"] = result["a_std"][i, j]
            ax.plot(
                data["layer"],
                data[f"{activation}_{scheme}"],
                label=label(scheme),
                **SCHEME_STYLE[scheme],
            )
    axes[0].legend(loc="lower right")
    return fig, data
