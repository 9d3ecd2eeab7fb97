r"""Length and correlation through depth: the mean-field maps against finite networks.

Lines are the maps \( q_l \) and \( c_l \) iterated from the inputs; points are the means over
{{ signal_propagation.seeds }} random tanh networks of {{ signal_propagation.width }} units, with
bars for the spread between them.

Alt: Two charts over layers 1 to {{ signal_propagation.depth }}. Left, the length q of the
pre-activations: the ordered network's falls and levels off lowest, the critical one's in between,
the chaotic one's highest. Right, the cosine of two inputs' pre-activations, starting at
{{ signal_propagation.input_cosine }}: the ordered network's rises towards 1, the critical one's
rises slowly, the chaotic one's falls to about {{ signal_propagation.c_star_chaotic }}. In both
charts the measured points sit on the predicted lines.
"""

import matplotlib.pyplot as plt

from vanishing_site import runs
from vanishing_site.figures.signal_phase_diagram import PHASE_COLORS


def figure():
    maps = runs.signal_maps()
    fig, (ax_q, ax_c) = plt.subplots(1, 2, figsize=(6.4, 3.4), layout="constrained")
    data = {"layer": maps.layers}
    for i, phase in enumerate(maps.phases):
        colour = PHASE_COLORS[phase]
        label = f"{phase}, σw² = {maps.sigma_w2[i]:.3g}"
        for ax, key, predicted, measured in (
            (ax_q, "q", maps.predicted_q[i], maps.measured_q[i]),
            (ax_c, "c", maps.predicted_c[i], maps.measured_c[i]),
        ):
            mean, spread = measured.mean(axis=0), measured.std(axis=0, ddof=1)
            ax.plot(maps.layers, predicted, color=colour, linewidth=1.4, label=label)
            ax.errorbar(maps.layers, mean, yerr=spread, fmt="o", color=colour, markersize=3.5,
                        elinewidth=1, capsize=0)  # fmt: skip
            data |= {
                f"{phase}_{key}_predicted": predicted,
                f"{phase}_{key}_measured_mean": mean,
                f"{phase}_{key}_measured_sd": spread,
            }
    ax_q.set_title("length q")
    ax_c.set_title("cosine c between inputs")
    for ax in (ax_q, ax_c):
        ax.set_xlabel("layer l")
    ax_q.legend(loc="upper right", title=f"tanh, σb² = {maps.sigma_b2:g}")
    return fig, data
