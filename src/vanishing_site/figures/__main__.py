"""Build the site's figures without MkDocs.

``python -m vanishing_site.figures list`` names them;
``python -m vanishing_site.figures build [NAME ...]`` renders all or some (cached as in the
site build) and prints a timing table.
"""

import argparse
import importlib
import time
from pathlib import Path

from vanishing_site import gallery


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vanishing_site.figures", description=__doc__)
    parser.add_argument("command", choices=["list", "build"], nargs="?", default="build")
    parser.add_argument("names", nargs="*", help="figures to build (default: all)")
    parser.add_argument("--out", type=Path, default=Path("figures"), help="output directory")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    parser.add_argument("--force", action="store_true", help="ignore the cache")
    args = parser.parse_args(argv)

    if args.command == "list":
        for name in gallery.names():
            meta = gallery.parse_docstring(
                importlib.import_module(f"{gallery.DEFAULT_PACKAGE}.{name}").__doc__, name
            )
            print(f"{name:28} {meta['title']}")
        return 0

    start = time.perf_counter()
    try:
        results = gallery.build(args.names or None, args.out, jobs=args.jobs, force=args.force)
    except gallery.FigureError as error:
        print(error)
        return 1
    print(f"{'figure':28} {'status':>11} {'seconds':>8}")
    for r in results:
        print(f"{r.name:28} {'rendered' if r.regenerated else 'cached':>11} {r.seconds:8.2f}")
    rendered = sum(r.regenerated for r in results)
    wall = time.perf_counter() - start
    print(f"{len(results)} figures, {rendered} rendered, {wall:.2f} s wall clock -> {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
