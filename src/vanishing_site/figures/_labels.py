"""Direct labels: a series is named in its own colour next to where its line ends, as the
explorer does, instead of in a boxed legend the eye has to travel to."""

# Labels closer than this (a fraction of the axes' height) are pushed apart.
GAP = 0.09


def spread(positions: list[float], gap: float = GAP, low: float = 0.0, high: float = 1.0):
    """Positions moved apart as little as possible so that neighbours are at least ``gap``
    apart, kept within [low, high] when there is room; returned in the order given."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overshoot = placed[-1] - high if placed else 0
    if overshoot > 0:
        placed[-1] -= overshoot
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    if placed and placed[0] < low:
        shift = low - placed[0]
        placed = [p + shift for p in placed]
    result = [0.0] * len(positions)
    for i, p in zip(order, placed, strict=True):
        result[i] = p
    return result


def _axes_y(ax, x: float, y: float) -> float:
    ax.get_xlim(), ax.get_ylim()  # settle autoscaling before reading the transform
    return (ax.transScale + ax.transLimits).transform((x, y))[1]


def label_ends(ax, lines, gap: float = GAP) -> None:
    """Name each line at its right end, outside the axes, in the line's colour. ``lines`` are
    matplotlib lines (named by their label) or (text, x, y, colour) tuples."""
    entries = []
    for line in lines:
        if isinstance(line, tuple):
            entries.append(line)
        else:
            xs, ys = line.get_xdata(), line.get_ydata()
            entries.append((line.get_label(), xs[-1], ys[-1], line.get_color()))
    heights = spread([_axes_y(ax, x, y) for _, x, y, _ in entries], gap)
    for (text, _, _, colour), height in zip(entries, heights, strict=True):
        ax.text(1.02, height, text, transform=ax.transAxes, color=colour, va="center",
                ha="left", clip_on=False)  # fmt: skip
