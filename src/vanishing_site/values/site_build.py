"""The tables of the page "How this site is built": what benchmarks/site.py measured.

The measurements live in ``benchmarks/results/site.json`` (written by the benchmark, never by
hand); the targets they are held to live here, so that the page and the benchmark judge them alike.
"""

from vanishing_site import gallery
from vanishing_site.buildcache import data_file
from vanishing_site.measurements import load
from vanishing_site.values import value

RESULTS = load(data_file("benchmarks/results/site.json"))

KB = 1000
# Each Lighthouse category: its name, its short name (a table heading) and the least score
# (0-100) it must get.
LIGHTHOUSE = {
    "performance": ("Performance", "Perf.", 95),
    "accessibility": ("Accessibility", "A11y", 100),
    "best_practices": ("Best Practices", "BP", 100),
    "seo": ("SEO", "SEO", 100),
}
# Layout shift and blocking time at most.
MAX_CLS = 0.01
MAX_TBT_MS = 50
MAX_PAGE_BYTES = 300 * KB
MAX_FIGURE_BYTES = gallery.MAX_SVG_BYTES  # the build refuses a heavier figure
MAX_NOOP_RATIO = 1.10
MIN_PARALLEL_SPEEDUP = 2.0
WEIGHT_COLUMNS = ("html", "css", "js", "fonts", "figures", "other")


def kb(count: int) -> str:
    return f"{count / KB:.1f}"


def met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(header: list[str], rows: list[list]) -> str:
    """A Markdown table; the first column left-aligned, the others right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def bold_unless(ok: bool, cell) -> str:
    """A table cell, in bold when its number misses its target."""
    return str(cell) if ok else f"**{cell}**"


def noop_ratio() -> float:
    builds = RESULTS["builds"]
    return builds["noop_s"] / builds["bare_s"]


def parallel_speedup() -> float:
    generation = RESULTS["figure_generation"]
    return generation["sequential_s"] / generation["parallel_s"]


def largest_figure() -> int:
    return max(max(f["light_bytes"], f["dark_bytes"]) for f in RESULTS["figures"])


def verdicts() -> list[tuple[str, str, str, bool]]:
    """Every target: (what, measured, target, met)."""
    pages = RESULTS["pages"]
    builds = RESULTS["builds"]
    rows = [
        (
            f"Lighthouse {label}, lowest page",
            str(worst := min(page[name] for page in pages)),
            f"≥ {least}",
            worst >= least,
        )
        for name, (label, _, least) in LIGHTHOUSE.items()
    ]
    cls, tbt = max(p["cls"] for p in pages), max(p["tbt_ms"] for p in pages)
    heaviest = max(p["total"] for p in pages)
    rows += [
        ("Cumulative layout shift, highest page", f"{cls:.3f}", f"≤ {MAX_CLS}", cls <= MAX_CLS),
        ("Total blocking time, highest page", f"{tbt} ms", f"≤ {MAX_TBT_MS} ms", tbt <= MAX_TBT_MS),
        (
            "Transferred cold, heaviest page",
            f"{kb(heaviest)} kB",
            f"≤ {kb(MAX_PAGE_BYTES)} kB",
            heaviest <= MAX_PAGE_BYTES,
        ),
        (
            "Largest figure, gzip",
            f"{kb(largest_figure())} kB",
            f"≤ {kb(MAX_FIGURE_BYTES)} kB",
            largest_figure() <= MAX_FIGURE_BYTES,
        ),
        (
            "No-op rebuild ÷ bare build",
            f"{noop_ratio():.2f}×",
            f"≤ {MAX_NOOP_RATIO:.2f}×",
            noop_ratio() <= MAX_NOOP_RATIO,
        ),
        (
            "Figures regenerated after editing one figure module",
            str(builds["figures_regenerated"]),
            "1",
            builds["figures_regenerated"] == 1,
        ),
        (
            "Figure generation: one process per figure ÷ parallel",
            f"{parallel_speedup():.2f}×",
            f"≥ {MIN_PARALLEL_SPEEDUP:.1f}×",
            parallel_speedup() >= MIN_PARALLEL_SPEEDUP,
        ),
    ]
    return rows


@value
def targets() -> str:
    return table(
        ["target", "measured", "asked for", "verdict"],
        [[what, value, target, met(ok)] for what, value, target, ok in verdicts()],
    )


@value
def targets_met() -> str:
    return str(sum(ok for *_, ok in verdicts()))


@value
def targets_count() -> str:
    return str(len(verdicts()))


@value
def page_weight() -> str:
    return weight_table(RESULTS["pages"])


def weight_table(pages: list[dict]) -> str:
    header = ["page", *(c.upper() if len(c) <= 4 else c for c in WEIGHT_COLUMNS), "total"]
    rows = [
        [
            page["title"],
            *(kb(page["bytes"][c]) for c in WEIGHT_COLUMNS),
            bold_unless(page["total"] <= MAX_PAGE_BYTES, kb(page["total"])),
        ]
        for page in pages
    ]
    return table(header, rows)


@value
def lighthouse() -> str:
    return lighthouse_table(RESULTS["pages"])


def lighthouse_table(pages: list[dict]) -> str:
    header = ["page", *(short for _, short, _ in LIGHTHOUSE.values()), "CLS", "TBT ms", "FCP s"]
    rows = [
        [
            page["title"],
            *(bold_unless(page[k] >= least, page[k]) for k, (*_, least) in LIGHTHOUSE.items()),
            bold_unless(page["cls"] <= MAX_CLS, f"{page['cls']:.3f}"),
            bold_unless(page["tbt_ms"] <= MAX_TBT_MS, page["tbt_ms"]),
            f"{page['fcp_ms'] / 1000:.1f}",
        ]
        for page in pages
    ]
    return table(header, rows)


@value
def builds() -> str:
    builds = RESULTS["builds"]
    bare = builds["bare_s"]
    rows = [
        [what, f"{builds[key]:.2f}", f"{builds[key] / bare:.2f}×"]
        for what, key in (
            ("Bare build: every cache taken unchecked", "bare_s"),
            ("Cold build: no cache", "cold_s"),
            ("No-op rebuild: every cache checked, all fresh", "noop_s"),
            (f"Rebuild after editing `{builds['touched']}.py`", "one_figure_s"),
        )
    ]
    return table(["build", "seconds", "÷ bare"], rows)


@value
def figures_regenerated() -> str:
    builds = RESULTS["builds"]
    names = ", ".join(f"`{name}`" for name in builds["regenerated"]) or "none"
    return f"{builds['figures_regenerated']} of the {builds['figures_used']} figures ({names})"


@value
def figure_generation() -> str:
    generation = RESULTS["figure_generation"]
    return table(
        ["all figures", "seconds"],
        [
            [
                "In parallel: `python -m vanishing_site.figures build --force`",
                generation["parallel_s"],
            ],
            ["One fresh Python process per figure, one after another", generation["sequential_s"]],
            ["Speed-up", f"{parallel_speedup():.2f}×"],
        ],
    )


@value
def figure_count() -> str:
    return str(RESULTS["figure_generation"]["figures"])


@value
def figure_sizes() -> str:
    rows = [
        [
            f"`{figure['name']}`",
            kb(figure["light_bytes"]),
            kb(figure["dark_bytes"]),
            met(max(figure["light_bytes"], figure["dark_bytes"]) <= MAX_FIGURE_BYTES),
        ]
        for figure in RESULTS["figures"]
    ]
    return table(["figure", "light kB", "dark kB", f"≤ {kb(MAX_FIGURE_BYTES)} kB"], rows)


@value
def environment() -> str:
    env, machine = RESULTS["environment"], RESULTS["machine"]
    before, after = env["load_average"]
    speeds = [page["benchmark_index"] for page in RESULTS["pages"]]
    return (
        f"{machine['cores']} CPU cores with Python {machine['python']}, "
        f"Chromium {env['chromium']} and "
        f"Lighthouse {env['lighthouse']} (each page's median of {env['lighthouse_runs']} runs; "
        f"bare and no-op builds the best of {env['build_repeats']}), the machine's load average "
        f"{before} before the pages and {after} after them, Lighthouse's benchmark index "
        f"{min(speeds)} to {max(speeds)}"
    )
