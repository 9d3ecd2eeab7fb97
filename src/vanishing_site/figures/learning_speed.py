r"""Nielsen's experiment: how fast each hidden layer learns while the network learns the spirals.

Left to right: the training accuracy (dotted: chance), each hidden layer's speed of learning
\(\lVert\partial C/\partial b_l\rVert\) on the training set, and the last layer's speed over the
first's (dotted: equal); follow that ratio through the plateau at chance, the escape and the end
of training.

Alt: Three line charts side by side, epochs 0 to {{ vanishing_gradients.speed_epochs }} across.
Left, the accuracy stays at one third until about epoch
{{ vanishing_gradients.speed_plateau_end }}, then climbs unevenly and ends at
{{ vanishing_gradients.speed_final_accuracy }}. Middle, on a logarithmic axis, four jagged
curves start in order, the last hidden layer on top and the first at the bottom, and draw
together during the climb. Right, the last layer's speed over the first's starts at
{{ vanishing_gradients.speed_ratio_start }}, falls with much scatter, crosses 1 at epoch
{{ vanishing_gradients.speed_cross_epoch }} and stays mostly below 1 to the end.
"""

from vanishing_site import runs
from vanishing_site.figures._labels import label_ends
from vanishing_site.figures._profiles import panels
from vanishing_site.style import MUTED, activation_colour, ramp


def figure():
    result = runs.learning_speed()
    layers = range(1, result.grad_b.shape[1] + 1)
    data = {"epoch": result.epoch, "accuracy": result.accuracy}
    data |= {f"layer_{layer}": result.grad_b[:, layer - 1] for layer in layers}
    last = f"layer_{layers[-1]}"
    data["last_over_first"] = data[last] / data["layer_1"]
    fig, (accuracy, speed, ratio) = panels(
        ["training accuracy", "speed ‖∂C/∂bₗ‖", f"layer {layers[-1]} ÷ layer 1"],
        "",
        log=False,
        sharey=False,
        xlabel="epoch",
    )
    # A sigmoid network: its layers are shades of the sigmoid's colour, pale at the input.
    shades = ramp(len(layers), "sigmoid")
    accuracy.plot(data["epoch"], data["accuracy"], color=activation_colour("sigmoid"), lw=1.1)
    accuracy.axhline(1 / 3, color=MUTED, lw=0.8, ls=":")
    accuracy.set_ylim(0, 1.02)
    for layer in layers:
        speed.plot(data["epoch"], data[f"layer_{layer}"], color=shades[layer - 1], lw=0.9,
                   label=f"l = {layer}")  # fmt: skip
    speed.set_yscale("log")
    # Each line named by its layer at its end ("1" is the layer by the input).
    label_ends(speed, speed.get_lines(), gap=0.1)
    ratio.plot(data["epoch"], data["last_over_first"], color=shades[-1], lw=1.1)
    ratio.axhline(1, color=MUTED, lw=0.8, ls=":")
    ratio.set_yscale("log")
    return fig, data
