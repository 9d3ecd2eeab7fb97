"""The cold build's figure budget: CPU seconds of every shared experiment and every figure.

Run as `.venv/bin/python benchmarks/budget.py`. It renders every figure and evaluates every
value once, in one process on one core, with an empty experiment memo (VANISHING_CACHE pointed at
a new temporary directory), as the first build after a change to the experiments does. It
measures process CPU time (time.process_time), which other processes on a busy machine do not
inflate, and prints

- each shared experiment of vanishing_site.runs (every distinct call), its own CPU seconds (the
  shared experiments it calls are counted on their own rows) and the chapters that use it;
- each figure, the CPU seconds of drawing it (figure() and writing its SVG, the experiments it
  triggers taken out), and with the experiments it was first to ask for (the figures are drawn
  in name order, so an experiment two figures share is counted with the first);
- the totals, split between the chapters of ISSUE_11 and the others.

Targets (the issue's budget): the slowest figure under FIGURE_TARGET s, the experiment data of
each group under DATA_TARGET s. The rounded results go to benchmarks/results/budget.json, with
the commit and the date.
"""

import os

# One core, fixed before numpy loads its BLAS.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import datetime
import functools
import importlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "budget.json"
FIGURE_TARGET, DATA_TARGET = 10.0, 60.0
# The chapters issue 11 covers (their page names); every other chapter is "new".
ISSUE_11 = (
    "index",
    "vanishing-gradients",
    "activations",
    "relu-vs-sigmoid",
    "dead-neurons",
    "mitigations",
)
# Value modules named after a page that is not docs/<name>.md.
HOME = {"home": "index"}
EMBED = re.compile(r"!\[\[([a-z0-9_]+)\]\]")


def figure_pages() -> dict[str, str]:
    """Each figure's page (the first that embeds it), by figure name."""
    pages = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for name in EMBED.findall(path.read_text()):
            pages.setdefault(name, path.stem)
    return pages


class Meter:
    """Wraps every shared experiment of vanishing_site.runs to time each distinct call's own CPU
    seconds and note which page asked for it."""

    def __init__(self, runs):
        self.calls = {}  # (name, arguments) -> {"seconds", "pages"}
        self.stack = []  # [own seconds of the children] per call in progress
        self.page = None
        for name, function in list(vars(runs).items()):
            if hasattr(function, "cache_info") and hasattr(function, "__wrapped__"):
                setattr(runs, name, self.wrap(name, function))

    def wrap(self, name, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            call = (name, repr(args) + (repr(sorted(kwargs.items())) if kwargs else ""))
            row = self.calls.setdefault(call, {"seconds": 0.0, "pages": set()})
            row["pages"].add(self.page)
            self.stack.append(0.0)
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                total = time.process_time() - start
                children = self.stack.pop()
                row["seconds"] += total - children
                if self.stack:
                    self.stack[-1] += total
                else:
                    self.outside += total

        return timed

    outside = 0.0  # the seconds of top-level experiment calls since the last reset


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip()


def main():
    os.environ["VANISHING_CACHE"] = tempfile.mkdtemp(prefix="vanishing-budget-")
    sys.path.insert(0, str(ROOT / "src"))
    from vanishing_site import gallery, runs, values

    meter = Meter(runs)
    pages = figure_pages()
    figures = {}
    out = Path(tempfile.mkdtemp(prefix="vanishing-budget-figures-"))
    for name in gallery.names():
        meter.page, meter.outside = pages.get(name, "(none)"), 0.0
        start = time.process_time()
        gallery.render(name, out)
        total = time.process_time() - start
        figures[name] = {"seconds": total - meter.outside, "cold": total, "page": meter.page}
    value_seconds = {}
    for module in values.modules():
        page = module.rsplit(".", 1)[1].replace("_", "-")
        page = page if (ROOT / "docs" / f"{page}.md").exists() else HOME.get(page, page)
        meter.page, meter.outside = page, 0.0
        start = time.process_time()
        loaded = importlib.import_module(module)
        for function in vars(loaded).values():
            if getattr(function, "__module__", None) == module and callable(function):
                if function in values._VALUES.values():
                    function()
        value_seconds[page] = time.process_time() - start - meter.outside

    def group(page_set) -> str:
        return "issue 11" if page_set & set(ISSUE_11) else "new"

    print(f"{'shared experiment (own CPU s)':58} {'CPU s':>7}  group     pages")
    totals = {"issue 11": 0.0, "new": 0.0}
    runs_table = []
    for (name, arguments), row in sorted(meter.calls.items(), key=lambda kv: -kv[1]["seconds"]):
        label = name + (arguments if arguments != "()" else "")
        which = group(row["pages"])
        totals[which] += row["seconds"]
        used = ", ".join(sorted(p for p in row["pages"] if p))
        print(f"{label[:58]:58} {row['seconds']:7.2f}  {which:9} {used}")
        runs_table.append({"run": label, "cpu_s": round(row["seconds"], 2), "group": which,
                           "pages": sorted(p for p in row["pages"] if p)})  # fmt: skip
    print(f"\n{'figure (CPU s)':32} {'drawing':>7} {'+ data':>7}  group     page")
    drawing = {"issue 11": 0.0, "new": 0.0}
    for name, row in sorted(figures.items(), key=lambda kv: -kv[1]["seconds"]):
        which = group({row["page"]})
        drawing[which] += row["seconds"]
        print(f"{name:32} {row['seconds']:7.2f} {row['cold']:7.2f}  {which:9} {row['page']}")
    slowest = max(figures.items(), key=lambda kv: kv[1]["seconds"])
    print()
    for which in totals:
        print(
            f"{which:9} experiment data {totals[which]:7.2f} CPU s (target {DATA_TARGET:.0f}: "
            f"{'met' if totals[which] <= DATA_TARGET else 'MISSED'}), "
            f"figure drawing {drawing[which]:6.2f} CPU s"
        )
    print(
        f"slowest figure {slowest[0]} {slowest[1]['seconds']:.2f} CPU s (target "
        f"{FIGURE_TARGET:.0f}: {'met' if slowest[1]['seconds'] <= FIGURE_TARGET else 'MISSED'}); "
        f"values outside the shared experiments {sum(value_seconds.values()):.2f} CPU s"
    )
    RESULTS.write_text(
        json.dumps(
            {
                "commit": commit(),
                "date": datetime.date.today().isoformat(),
                "runs": runs_table,
                "figures": {
                    k: {
                        "drawing_cpu_s": round(v["seconds"], 2),
                        "with_data_cpu_s": round(v["cold"], 2),
                    }
                    for k, v in figures.items()
                },
                "data_cpu_s": {k: round(v, 1) for k, v in totals.items()},
                "drawing_cpu_s": {k: round(v, 1) for k, v in drawing.items()},
                "values_cpu_s": {k: round(v, 2) for k, v in value_seconds.items()},
            },
            indent=1,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
