"""How heavy the site's pages are, how Lighthouse scores them, and how fast the site builds.

Run as `.venv/bin/python benchmarks/site.py` after `npm ci --prefix benchmarks` (which installs
Lighthouse from benchmarks/package-lock.json). It takes several minutes and is no test: it prints
what it measured and records it, rounded, in benchmarks/results/site.json (with the commit, the
date and the machine), which the page "How this site is built" renders (the targets are in
vanishing_site.values.site_build).

Everything runs in one go on a copy of the project (mkdocs.yml, docs/, src/, the recorded
results), so the checkout's figure cache and sources are never touched:

- builds, each `mkdocs build --strict` timed from the shell: a cold build (no figure cache), a
  bare build of the same pages with the figure work taken out (the site's own plugin, but every
  figure, number and notebook taken from the caches the cold build left, unchecked: nothing is
  hashed, drawn or run), a no-op rebuild, and a rebuild after one figure module gets a new
  comment (with the figures it regenerated, from the plugin's "figures: N used, M regenerated"
  line). Bare and no-op builds take turns REPEATS times and each keeps its best, as other
  processes on the machine only ever add time;
- figure generation: `python -m vanishing_site.figures build --force` (parallel worker processes)
  against each figure rendered in a fresh Python process of its own, one after another;
- every page, served with gzip on 127.0.0.1: the bytes a browser with an empty cache transfers
  (each file it requests, gzip-compressed as a static host sends it, after scrolling every figure
  into view), and Lighthouse's mobile-preset scores, cumulative layout shift and total blocking
  time (the median of LIGHTHOUSE_RUNS runs);
- each figure's gzip size, light and dark.

`--pages` measures the pages alone (page weight and Lighthouse, on a build that reuses the
checkout's figure cache) and keeps the recorded builds and figure generation: a quick run after
a change to the pages' assets. Lighthouse runs under `nice`, and the machine's load average
before and after the pages is recorded with them: on a shared machine it says how busy it was.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from operator import itemgetter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This checkout's package (for the report and the local server), and the browser finder.
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts")]

from ensure_browser import FLAGS, ensure_browser  # noqa: E402

from vanishing_site import measurements, serving  # noqa: E402
from vanishing_site.serving import STATE  # noqa: E402

REPEATS = 5
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / "lighthouse"
LOG_LINE = re.compile(r"figures: (\d+) used, (\d+) regenerated(?: \(([^)]*)\))?")
CATEGORIES = {"performance", "accessibility", "best-practices", "seo"}

BARE_HOOK = '''"""The site's build with the figure work taken out (benchmarks/site.py's bare build).

A hook, loaded before the vanishing plugin runs: every figure, number and notebook comes from
the caches a full build left in figures/, as they stand: nothing is hashed, checked, drawn or
run, and the pages come out the same.
"""

import json

from vanishing_site import gallery, notebooks


def build(wanted, out_dir, package=None, jobs=None, force=False):
    return [gallery.Result(name, False, 0.0) for name in wanted]


def computed(module, function, cache, also=(), timeout=None):
    return json.loads(cache.read_text(encoding="utf-8"))["values"]


def executed(sources, out_dir, packages=(), timeout=None, colab=None):
    results = []
    for source in sorted(sources):
        entry = out_dir / source.replace(".py", ".json")
        files = tuple(json.loads(entry.read_text(encoding="utf-8"))["uris"])
        notebook = out_dir / notebooks.notebook_uri(source)
        results.append(notebooks.Result(source, notebook, False, 0.0, files))
    return results


gallery.build, gallery.computed, notebooks.build = build, computed, executed
'''

RENDER_ONE = (
    "import sys; from pathlib import Path; from vanishing_site import gallery; "
    "gallery.render(sys.argv[1], Path(sys.argv[2]))"
)


def copy_project(work: Path, figures: bool = False) -> Path:
    """The project's sources in ``work``, with a config for the bare build beside its own (and
    with the checkout's figure cache when ``figures``)."""
    names = ("mkdocs.yml", "docs", "src", "overrides", "benchmarks/results")
    for name in (*names, "figures") if figures else names:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "bare_hooks.py").write_text(BARE_HOOK, encoding="utf-8")
    # The bare hook joins the site's own hooks (the list starts on the line after "hooks:").
    if "\nhooks:\n" in config:
        bare = config.replace("\nhooks:\n", "\nhooks:\n  - bare_hooks.py\n", 1)
    else:
        bare = config + "\nhooks:\n  - bare_hooks.py\n"
    (work / "mkdocs.bare.yml").write_text(bare, encoding="utf-8")
    return work


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    """Seconds of wall-clock time a command takes, and its stderr; stops on failure."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return seconds, result.stderr


def build(work: Path, config: str = "mkdocs.yml") -> tuple[float, str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", "out"]
    return timed(command, work)


def regenerated(log: str) -> tuple[int, int, list[str]]:
    """(used, regenerated, names) from the plugin's log line."""
    match = LOG_LINE.search(log)
    if match is None:
        raise SystemExit(f"no 'figures: N used, M regenerated' line in the build log:\n{log}")
    names = match.group(3).split(", ") if match.group(3) else []
    return int(match.group(1)), int(match.group(2)), names


def measure_builds(work: Path) -> dict:
    shutil.rmtree(work / "figures", ignore_errors=True)
    cold, log = build(work)
    used = regenerated(log)[2]
    # Bare and no-op builds take turns, so that a busy spell on the machine slows both.
    bare, noop = [], []
    for _ in range(REPEATS):
        bare.append(build(work, "mkdocs.bare.yml")[0])
        noop.append(build(work)[0])
    touched = sorted(used)[0]
    module = work / "src" / "vanishing_site" / "figures" / f"{touched}.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited by benchmarks/site.py\n")
    one, log = build(work)
    count, again, names = regenerated(log)
    return {
        "bare_s": round(min(bare), 2),
        "cold_s": round(cold, 2),
        "noop_s": round(min(noop), 2),
        "one_figure_s": round(one, 2),
        "touched": touched,
        "figures_used": count,
        "figures_regenerated": again,
        "regenerated": names,
    }


def measure_figure_generation(work: Path) -> dict:
    figures = [sys.executable, "-m", "vanishing_site.figures"]
    names = [
        line.split()[0]
        for line in subprocess.check_output([*figures, "list"], text=True).splitlines()
    ]
    parallel, _ = timed([*figures, "build", "--force", "--out", "parallel"], work)
    sequential = sum(
        timed([sys.executable, "-c", RENDER_ONE, name, "sequential"], work)[0] for name in names
    )
    return {
        "figures": len(names),
        "parallel_s": round(parallel, 2),
        "sequential_s": round(sequential, 2),
    }


def category(path: str) -> str:
    """The page-weight column a requested file counts in."""
    suffix = Path(path).suffix
    if path.startswith("figures/"):
        return "figures"
    kinds = {".html": "html", ".css": "css", ".js": "js", ".woff2": "fonts", ".woff": "fonts"}
    return kinds.get(suffix, "other")


def page_weight(browser, base_url: str, site: Path, path: str) -> dict:
    """What one page costs a browser with an empty cache: bytes per kind and requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    urls = []
    page.on("requestfinished", lambda request: urls.append(request.url))
    page.goto(base_url + path, wait_until="networkidle")
    page.evaluate(STATE)
    page.wait_for_load_state("networkidle")
    title = page.title().rsplit(" - ", 1)[0]
    context.close()
    files = [serving.file_for(site, url.removeprefix(base_url)) for url in urls]
    files = [
        file for url, file in zip(urls, files, strict=True) if url.startswith(base_url) and file
    ]
    weights = dict.fromkeys(("html", "css", "js", "fonts", "figures", "other"), 0)
    for file in files:
        weights[category(file.relative_to(site.resolve()).as_posix())] += serving.transfer_size(
            file
        )
    return {
        "path": path,
        "title": title,
        "requests": len(files),
        "bytes": weights,
        "total": sum(weights.values()),
    }


def lighthouse(url: str, chrome: Path) -> dict:
    """Lighthouse's mobile-preset results for one page: of LIGHTHOUSE_RUNS runs, the one with
    the median Performance score (Lighthouse's own advice against run-to-run noise)."""
    runs = [lighthouse_run(url, chrome) for _ in range(LIGHTHOUSE_RUNS)]
    return sorted(runs, key=itemgetter("performance"))[len(runs) // 2]


def lighthouse_run(url: str, chrome: Path) -> dict:
    """One Lighthouse run: the four category scores (0-100), CLS, total blocking time, first
    contentful paint, and Lighthouse's benchmark index of the machine's speed at the time (higher
    is faster; a busy machine scores lower, and its blocking times grow)."""
    command = [
        "nice",
        "-n",
        "10",
        "node",
        str(LIGHTHOUSE / "cli" / "index.js"),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(sorted(CATEGORIES))}",
        f"--chrome-flags={' '.join(FLAGS)}",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=os.environ | {"CHROME_PATH": str(chrome)}
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr}")
    report = json.loads(result.stdout)
    scores = {k.replace("-", "_"): round(100 * v["score"]) for k, v in report["categories"].items()}
    audits = report["audits"]
    return scores | {
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "benchmark_index": round(report["environment"]["benchmarkIndex"]),
    }


def measure_pages(work: Path, chrome: Path) -> tuple[list[dict], str]:
    from playwright.sync_api import sync_playwright

    site = work / "served"
    rows = []
    with serving.serve(site) as base_url, sync_playwright() as playwright:
        serving.build(site, base_url, work / "mkdocs.yml")
        load = [round(os.getloadavg()[0], 1)]
        browser = playwright.chromium.launch(executable_path=str(chrome), args=list(FLAGS))
        version = browser.version
        for path in serving.pages(site):
            row = page_weight(browser, base_url, site, path)
            rows.append(row | lighthouse(base_url + path, chrome))
            print(f"  measured /{path}", file=sys.stderr)
        browser.close()
        load.append(round(os.getloadavg()[0], 1))
    return rows, version, load


def figure_sizes(site: Path) -> list[dict]:
    return [
        {
            "name": svg.name.removesuffix(".svg"),
            "light_bytes": serving.transfer_size(svg),
            "dark_bytes": serving.transfer_size(svg.with_suffix(".dark.svg")),
        }
        for svg in sorted((site / "figures").glob("*.svg"))
        if not svg.name.endswith(".dark.svg")
    ]


def lighthouse_version() -> str:
    return json.loads((LIGHTHOUSE / "package.json").read_text(encoding="utf-8"))["version"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages", action="store_true", help="measure the pages only; keep the recorded builds"
    )
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_dir():
        raise SystemExit("Lighthouse is missing: run `npm ci --prefix benchmarks` first")
    chrome = ensure_browser()
    recorded = measurements.load(measurements.RESULTS / "site.json")
    with tempfile.TemporaryDirectory(prefix="vanishing-bench-") as tmp:
        work = copy_project(Path(tmp), figures=args.pages)
        # The copy's package is the one every build and figure process imports.
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [str(work / "src"), os.environ.get("PYTHONPATH", "")]
        )
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        if args.pages:
            builds, generation = recorded["builds"], recorded["figure_generation"]
        else:
            print("timing builds ...", file=sys.stderr)
            builds = measure_builds(work)
            print("timing figure generation ...", file=sys.stderr)
            generation = measure_figure_generation(work)
        print("measuring pages (page weight and Lighthouse) ...", file=sys.stderr)
        pages, chromium, load = measure_pages(work, chrome)
        figures = figure_sizes(work / "served")
    results = {
        "environment": {
            "chromium": chromium,
            "lighthouse": lighthouse_version(),
            "lighthouse_runs": LIGHTHOUSE_RUNS,
            "build_repeats": REPEATS,
            "load_average": load,
        },
        "pages": pages,
        "builds": builds,
        "figure_generation": generation,
        "figures": figures,
    }
    report(measurements.record("site", results))


def report(path: Path) -> None:
    """Print every table the page shows, from the results just written."""
    from vanishing_site.values import site_build

    for title, table in (
        ("Targets", site_build.targets),
        ("Bytes transferred cold (kB, gzip)", site_build.page_weight),
        ("Lighthouse, mobile preset", site_build.lighthouse),
        ("Builds", site_build.builds),
        ("Figure generation", site_build.figure_generation),
        ("Figure sizes (gzip)", site_build.figure_sizes),
    ):
        print(f"\n{title}\n\n{table()}")
    print(f"\nFigures regenerated after one edit: {site_build.figures_regenerated()}")
    print(f"Measured on {site_build.environment()}; written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
