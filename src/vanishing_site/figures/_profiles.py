"""Drawing shared by the per-layer figures: profiles over hidden layers, alone or side by side,
and one colour and line style per activation and per initialisation scheme across the site."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from vanishing.activations import ACTIVATIONS
from vanishing.initialisation import SCHEMES
from vanishing_site.style import ACTIVATION_COLOURS, activation_colour, ramp, scheme_colour

LINE_STYLES = ("-", "-.", "--", ":")
# Each activation keeps one colour (vanishing_site.style) and line style on every page, in the
# registry's order; so does each initialisation scheme.
ACTIVATION_STYLE = {
    name: {"color": activation_colour(name), "ls": LINE_STYLES[i % len(LINE_STYLES)]}
    for i, name in enumerate(ACTIVATION_COLOURS)
}
SCHEME_STYLE = {
    name: {"color": scheme_colour(name), "ls": LINE_STYLES[i % len(LINE_STYLES)]}
    for i, name in enumerate(SCHEMES)
}
LAYER_AXIS = "hidden layer l (1 = next to the input)"


def label(name: str) -> str:
    """The printed name of an activation or a scheme, e.g. 'Leaky ReLU', 'He (Kaiming) normal'."""
    if name in ACTIVATIONS:
        return ACTIVATIONS[name].label
    return SCHEMES[name].label.split(",")[0]


def panels(
    titles, ylabel: str, log: bool = True, height: float = 3.4, sharey: bool = True, xlabel=None
):
    """A row of axes, one per title, hidden layers across (or xlabel, written once under the
    row); they share the vertical axis unless told otherwise (then each gets ylabel)."""
    fig, axes = plt.subplots(
        1, len(titles), figsize=(6.4, height), sharey=sharey, layout="constrained", squeeze=False
    )
    for ax, title in zip(axes[0], titles, strict=True):
        ax.set_title(title)
        if len(titles) == 1:
            ax.set_xlabel(LAYER_AXIS)
        if log:
            ax.set_yscale("log")
    for ax in axes[0] if not sharey else axes[0, :1]:
        ax.set_ylabel(ylabel)
    if len(titles) > 1:
        fig.supxlabel(xlabel or "hidden layer l", fontsize=matplotlib.rcParams["axes.labelsize"])
    return fig, list(axes[0])


def dead_fractions(x, per_layer, xlabel: str, log_x: bool = False):
    """The fraction of dead units against a setting: the mean over layers, and the first and
    last hidden layers, which die least and most."""
    fig, (ax,) = panels([""], "fraction of dead units", log=False)
    ax.set_xlabel(xlabel)
    first, mean, last = ramp(3, "relu")  # layers from the input: pale to full
    lines = (
        ("mean over layers", per_layer.mean(axis=1), {"color": mean, "lw": 2.4}),
        ("layer 1", per_layer[:, 0], {"color": first, "ls": ":", "lw": 1.4}),
        (f"layer {per_layer.shape[1]}", per_layer[:, -1], {"color": last, "ls": "--", "lw": 1.4}),
    )
    for text, y, style in lines:
        ax.plot(x, y, marker="o", markersize=4, label=text, **style)
    if log_x:
        ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.legend()
    return fig, ax


def per_layer(lines, ylabel: str):
    """Per-layer profiles on one log axis: lines is a list of (label, layers, values, style)."""
    fig, ax = plt.subplots(layout="constrained")
    for text, layers, y, style in lines:
        ax.plot(layers, y, label=text, **style)
    ax.set_yscale("log")
    ax.set_xlabel(LAYER_AXIS)
    ax.set_ylabel(ylabel)
    ax.legend()
    return fig, ax


def activation_lines(profiles, statistic: str, scheme: str) -> tuple[dict, list]:
    """Columns and ``per_layer`` lines for one statistic of each activation of a
    ``gradient_profiles`` result under one initialisation scheme."""
    data = {"layer": profiles.layers}
    lines = []
    for activation in profiles.activations:
        data[activation] = getattr(
            profiles.profile(activation=activation, scheme=scheme), statistic
        )
        lines.append(
            (label(activation), data["layer"], data[activation], ACTIVATION_STYLE[activation])
        )
    return data, lines


def scheme_panels(
    profiles,
    activations,
    statistic: str,
    ylabel: str,
    schemes=("standard", "xavier_normal", "he_normal"),
):
    """One panel per activation, one seed_band per initialisation scheme in ``schemes``, from a
    SeededProfiles: (fig, axes, data) with columns "<activation>_<scheme>" (the geometric mean
    over the seeds) and the same with "_min" and "_max" appended (the band's edges)."""
    fig, axes = panels([label(a) for a in activations], ylabel)
    data = {"layer": profiles.layers}
    for ax, activation in zip(axes, activations, strict=True):
        for scheme in schemes:
            per_seed = getattr(profiles.profile(activation=activation, scheme=scheme), statistic)
            columns = seed_band(ax, profiles.layers, per_seed, label(scheme), SCHEME_STYLE[scheme])
            data |= {f"{activation}_{scheme}{edge}": column for edge, column in columns.items()}
    return fig, axes, data


def seed_band(ax, layers, per_seed, text: str, style: dict) -> dict:
    """One configuration over seeds: its geometric mean per layer as a line and the seeds'
    minimum to maximum as a band of the line's colour. per_seed has shape (seeds, layers); the
    columns returned are the mean and the band's edges."""
    columns = {
        "": np.exp(np.log(per_seed).mean(axis=0)),
        "_min": per_seed.min(axis=0),
        "_max": per_seed.max(axis=0),
    }
    ax.fill_between(layers, columns["_min"], columns["_max"], color=style["color"], alpha=0.2,
                    lw=0)  # fmt: skip
    ax.plot(layers, columns[""], label=text, **style)
    return columns


def seed_bands(ax, profiles, statistic: str, scheme: str, suffix: str = "") -> dict:
    """seed_band for each activation of a SeededProfiles under one scheme, on one axis: columns
    "<activation><suffix>" and the same with "_min" and "_max" appended."""
    data = {}
    for activation in profiles.activations:
        per_seed = getattr(profiles.profile(activation=activation, scheme=scheme), statistic)
        columns = seed_band(
            ax, profiles.layers, per_seed, label(activation), ACTIVATION_STYLE[activation]
        )
        data |= {activation + suffix + edge: column for edge, column in columns.items()}
    return data
