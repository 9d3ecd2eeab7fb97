r"""On the adding problem the LSTM learns and the vanilla RNN stays at the baseline.

Test mean squared error over training, \(T = {{ recurrent_networks.adding_length }}\),
{{ recurrent_networks.adding_hidden }} hidden units, Adam with clipping, mean over
{{ recurrent_networks.adding_seeds }} seeds with a band of ± one standard deviation. Look at
where each line ends against the dotted baseline of always answering 1.

Alt: A line chart, training step from 0 to {{ recurrent_networks.adding_iterations }} across,
test error on a logarithmic axis. A dotted horizontal line marks the baseline
{{ recurrent_networks.baseline }}. The RNN's line stays at the baseline throughout, ending at
{{ recurrent_networks.rnn_final }}; the LSTM's line, the mean of its seeds, leaves it partway
through training and falls well below it, its band wide; the seeds' final errors have a median
of {{ recurrent_networks.lstm_final }}.
"""

import matplotlib.pyplot as plt

from vanishing_site import runs
from vanishing_site.style import MUTED, activation_colour, ramp

# Series of one tanh network (or of its kind): shades of the tanh's colour, deepest first.
SHADES = ramp(2, "tanh")[::-1]


def figure():
    result = runs.adding()
    fig, ax = plt.subplots(figsize=(6.4, 3.4), layout="constrained")
    data = {"step": result.steps}
    for model, text, colour in (
        ("rnn", "vanilla RNN (tanh, ρ = 1)", activation_colour("tanh")),
        ("lstm", "LSTM (forget bias 1)", SHADES[0]),
    ):
        mse = result.rnn_mse if model == "rnn" else result.lstm_mse
        mean, spread = mse.mean(axis=0), mse.std(axis=0, ddof=1)
        data[f"{model}_mean"], data[f"{model}_spread"] = mean, spread
        ax.plot(result.steps, mean, color=colour, label=text)
        low = (mean - spread).clip(min=mse.min(axis=0))
        ax.fill_between(result.steps, low, mean + spread, color=colour, alpha=0.2, lw=0)
    ax.axhline(result.baseline_mse, color=MUTED, ls=":", label="baseline: always answer 1")
    ax.set_yscale("log")
    ax.set_xlabel("training step")
    ax.set_ylabel("test mean squared error")
    ax.legend(loc="lower left")
    return fig, data
