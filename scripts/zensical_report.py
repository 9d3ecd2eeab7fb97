"""Build the site with Zensical and report which of its features survive the move.

    python scripts/zensical_report.py [--summary FILE] [--site DIR]

Zensical is the successor the Material for MkDocs team is writing (MAINTENANCE.md); it reads
mkdocs.yml. This site leans on MkDocs hooks (figures, computed numbers, build-time MathML,
the Lab) that Zensical may not run, so the report looks at the built pages rather than at the
build's exit status: each feature is checked in the output, where a reader would see it. The
table goes to stdout and, with --summary, is appended to FILE (CI's step summary). The exit
status is 0 whenever a report was written; the CI job may fail without blocking anything.
With --site, no build is run: DIR (built by MkDocs, say) is checked instead.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def page(site: Path, path: str) -> str:
    """The HTML of the page at URL path ``path`` ('' is home), with or without directory URLs."""
    stem = path.strip("/")
    for candidate in (f"{stem}/index.html", f"{stem}.html") if stem else ("index.html",):
        if (site / candidate).is_file():
            return (site / candidate).read_text(encoding="utf-8")
    return ""


def features(site: Path) -> dict[str, bool]:
    """Each feature of the site, and whether the built output in ``site`` shows it."""
    home, chapter = page(site, ""), page(site, "activations")
    lab = page(site, "lab/gradients")
    return {
        "pages are built": bool(home) and bool(chapter),
        "figures (![[name]]) are drawn and placed": 'class="vg-figure' in chapter
        and "![[" not in chapter,
        "numbers ({{ name }}) are computed into the prose": bool(home)
        and not re.search(r"\{\{\s*\w+\s*\}\}", home),
        "TeX becomes MathML at build time": "<math" in chapter and "\\(" not in chapter,
        "the Lab notebook is executed and rendered": "vg-lab-download" in lab,
        "the explorer gets its data": (site / "assets" / "explorer" / "index.json").is_file(),
        "the site's own stylesheets are linked": "assets/stylesheets/math.css" in home,
        "search has an index": any(site.glob("search/*.json")) or any(site.glob("search*.json")),
    }


def table(found: dict[str, bool], how: str) -> str:
    rows = [f"| {name} | {'survives' if ok else 'lost'} |" for name, ok in found.items()]
    kept = sum(found.values())
    head = f"### Zensical preview: {kept} of {len(found)} features survive\n\n{how}\n\n"
    return head + "| feature | with Zensical |\n| --- | --- |\n" + "\n".join(rows) + "\n"


def build(work: Path) -> tuple[Path, str]:
    """Run ``zensical build`` on a copy of the project; (site directory, what happened)."""
    project = work / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "site", "dist"))
    zensical = Path(sys.executable).with_name("zensical")
    result = subprocess.run(
        [str(zensical), "build", "--clean", "--config-file", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )
    tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
    how = f"`zensical build` exited with status {result.returncode}."
    return project / "site", f"{how}\n\n```text\n{tail}\n```" if tail else how


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", type=Path, help="append the report to this file")
    parser.add_argument("--site", type=Path, help="check this built site instead of building")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        if args.site:
            site, how = args.site, f"Checked `{args.site}` (no build)."
        else:
            site, how = build(Path(work))
        report = table(features(site), how)
    print(report)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as summary:
            summary.write(report)


if __name__ == "__main__":
    main()
