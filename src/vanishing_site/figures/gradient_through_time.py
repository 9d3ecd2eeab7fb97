r"""The gradient through time: the RNN's fades geometrically, the LSTM's far less.

\(\lVert\partial C/\partial h_t\rVert / \lVert\partial C/\partial h_T\rVert\) at initialisation
over \(T = {{ recurrent_networks.steps }}\) steps, geometric mean over
{{ recurrent_networks.gradient_seeds }} seeds with a band of ± one standard deviation in log10.
Compare the slopes: the vanilla RNN's line falls straight on the log scale, the LSTM with the
larger forget-gate bias stays near level.

Alt: A line chart, step t from 1 to {{ recurrent_networks.steps }} across, the gradient norm
relative to the last step on a logarithmic axis. Lines for tanh RNNs at three spectral radii,
below, at and above 1, and for LSTMs with a small and a large forget-gate bias. The RNN lines
below and at radius 1 fall steeply to the left, to about {{ recurrent_networks.ratio_rnn_09 }}
and {{ recurrent_networks.ratio_rnn_1 }} at t = 1; the LSTM with the small bias falls less
steeply, to {{ recurrent_networks.ratio_lstm_1 }}; the LSTM with the large bias stays within a few
powers of ten of 1, and the RNN above radius 1 ends above 1 on some seeds and far below it on
others, with the widest band.
"""

import matplotlib.pyplot as plt
import numpy as np

from vanishing_site import runs
from vanishing_site.style import ramp

# Series of one tanh network (or of its kind): shades of the tanh's colour, deepest first.
SHADES = ramp(6, "tanh")[::-1]

LABELS = {
    "rnn rho=0.9": ("RNN, ρ = 0.9", SHADES[5], "--"),
    "rnn rho=1": ("RNN, ρ = 1", SHADES[0], "-"),
    "rnn rho=1.5": ("RNN, ρ = 1.5", SHADES[3], ":"),
    "lstm bias=1": ("LSTM, forget bias 1", SHADES[1], "-."),
    "lstm bias=5": ("LSTM, forget bias 5", SHADES[2], "-"),
}


def figure():
    results = runs.gradient_through_time()
    T = results[0].T
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    data = {"t": np.arange(1, T + 1)}
    for name, (text, colour, ls) in LABELS.items():
        logs = np.log10([r.ratios[name] for r in results])
        mean, spread = logs.mean(axis=0), logs.std(axis=0, ddof=1)
        key = name.replace(" ", "_").replace("=", "_")
        data[key] = 10**mean
        data[key + "_spread_log10"] = spread
        ax.plot(data["t"], data[key], color=colour, ls=ls, label=text)
        ax.fill_between(
            data["t"], 10 ** (mean - spread), 10 ** (mean + spread), color=colour, alpha=0.15, lw=0
        )
    ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.set_ylabel("‖∂C/∂hₜ‖ ÷ its value at the last step")
    ax.legend(loc="lower right")
    return fig, data
