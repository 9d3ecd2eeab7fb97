"""Build the figure gallery: discover figure modules, cache them by content, render in parallel.

A figure module holds one function, ``figure() -> (matplotlib Figure, dict of columns)``, and
a docstring whose first line is the title, whose following paragraphs are the caption and
whose paragraph starting ``Alt:`` is the alt text. Rendering writes four files per figure
into the output directory: ``NAME.svg`` (light), ``NAME.dark.svg``, ``NAME.csv`` (the plotted
data) and ``NAME.json`` (title, caption, alt, size, cache key, seconds).

The cache key hashes everything that determines the output: the figure module, every module
of the project it imports (transitively), this pipeline and the style, and the Python, numpy
and matplotlib versions. A figure is rendered again exactly when its key changes.
"""

import ast
import csv
import functools
import hashlib
import importlib
import importlib.util
import io
import json
import multiprocessing
import os
import pkgutil
import platform
import re
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

DEFAULT_PACKAGE = "vanishing_site.figures"
# Part of every key: the code that turns a figure() result into files.
PIPELINE = ("vanishing_site.gallery", "vanishing_site.style")


class FigureError(RuntimeError):
    """A figure module is missing, malformed or raised while drawing."""


@dataclass(frozen=True)
class Result:
    name: str
    regenerated: bool
    seconds: float


def names(package: str = DEFAULT_PACKAGE) -> list[str]:
    """The figures a package offers: its public modules, sorted."""
    pkg = importlib.import_module(package)
    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))


def module_file(name: str, package: str = DEFAULT_PACKAGE) -> Path:
    """The source file of one figure module."""
    spec = importlib.util.find_spec(f"{package}.{name}")
    if spec is None or spec.origin is None:
        raise FigureError(f"no figure named {name!r} (looked for module {package}.{name})")
    return Path(spec.origin)


def parse_docstring(doc: str | None, where: str) -> dict:
    """Split a figure docstring into title, caption and alt text."""
    paragraphs = [" ".join(p.split()) for p in (doc or "").strip().split("\n\n") if p.strip()]
    alt = [p for p in paragraphs if p.startswith("Alt:")]
    caption = [p for p in paragraphs[1:] if not p.startswith("Alt:")]
    if not paragraphs or paragraphs[0].startswith("Alt:"):
        raise FigureError(f"{where}: the docstring must start with the figure's title")
    if len(alt) != 1 or len(alt[0]) < len("Alt: ") + 20:
        raise FigureError(
            f"{where}: the docstring needs one 'Alt:' paragraph describing the figure"
        )
    return {
        "title": paragraphs[0].rstrip("."),
        "caption": " ".join(caption),
        "alt": alt[0].removeprefix("Alt:").strip(),
    }


def _imports(path: Path, package: str | None) -> frozenset[str]:
    """Absolute names of the modules a source file imports (relative imports resolved)."""
    stat = path.stat()
    return _parsed_imports(str(path), stat.st_mtime_ns, stat.st_size, package)


# Every figure's key walks the same few modules; parse each version of a file once, which also
# keeps `mkdocs serve` rebuilds quick (an edited file has a new mtime and is parsed again).
@functools.lru_cache(maxsize=1024)
def _parsed_imports(path: str, mtime_ns: int, size: int, package: str | None) -> frozenset[str]:
    found = set()
    for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"), path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = (package or "").split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            # `from pkg import mod` imports a module when mod is one.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)


def _source(module: str, roots: set[str]) -> Path | None:
    """The file of a project module, or None for third-party and non-module names.

    Resolved on disk below the top-level package, so that asking about ``pkg.mod.NAME`` never
    imports ``pkg.mod`` (which may import matplotlib: seconds on every build)."""
    top, *rest = module.split(".")
    if top not in roots:
        return None
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def dependencies(module: str, also: tuple[str, ...] = ()) -> dict[str, Path]:
    """Every project module that importing ``module`` executes: itself, its parent packages
    and, transitively, what they import from the project (``vanishing`` and the module's own
    top-level package)."""
    roots = {"vanishing", "vanishing_site", module.split(".")[0]}
    seen: dict[str, Path] = {}
    todo = [module, *also]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in seen:
                continue
            path = _source(candidate, roots)
            if path is None:
                continue
            seen[candidate] = path
            package = candidate if path.name == "__init__.py" else candidate.rpartition(".")[0]
            todo.extend(_imports(path, package))
    return dict(sorted(seen.items()))


def module_key(module: str, also: tuple[str, ...] = ()) -> str:
    """SHA-256 of a module's source, of the project modules it imports and of the versions
    of Python, numpy and matplotlib: everything that determines what it computes."""
    versions = " ".join(f"{name} {version(name)}" for name in ("numpy", "matplotlib"))
    digest = hashlib.sha256()
    digest.update(f"python {platform.python_version()} {versions}\n".encode())
    for name, path in dependencies(module, also).items():
        digest.update(f"{name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(name: str, package: str = DEFAULT_PACKAGE) -> str:
    """The key of one figure: its module's key, with this pipeline and the style."""
    module_file(name, package)
    return module_key(f"{package}.{name}", also=PIPELINE)


def _write(path: Path, content: str | bytes) -> None:
    """Write atomically: readers see the old file or the whole new one, never a part."""
    data = content.encode() if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _clean_svg(svg: str) -> str:
    """Drop what a web page does not need: the XML prolog, DTD and RDF metadata."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)


def _csv(data: dict, where: str) -> str:
    """The plotted data as CSV: equal-length columns, floats written to full precision."""
    import numpy as np

    columns = {key: np.asarray(value).ravel() for key, value in data.items()}
    lengths = {len(column) for column in columns.values()}
    if len(lengths) != 1:
        raise FigureError(f"{where}: figure() data must be columns of equal length")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in zip(*columns.values(), strict=True):
        writer.writerow(f"{v:.17g}" if isinstance(v, float | np.floating) else v for v in row)
    return out.getvalue()


def _size(svg: str) -> tuple[int, int]:
    """Width and height in CSS pixels, read from the SVG's point size."""
    width, height = (
        float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    )
    return round(width * 4 / 3), round(height * 4 / 3)


def draw(name: str, package: str = DEFAULT_PACKAGE):
    """Call one figure module's ``figure()`` in the site's theme: (matplotlib figure, data)."""
    from vanishing_site import style

    module = importlib.import_module(f"{package}.{name}")
    with style.theme():
        result = module.figure()
    try:
        fig, data = result
    except (TypeError, ValueError):
        raise FigureError(f"{module.__file__}: figure() must return (figure, data)") from None
    return fig, data


def figure_data(name: str, package: str = DEFAULT_PACKAGE) -> dict:
    """The data one figure plots (the figure itself is drawn and discarded)."""
    import matplotlib.pyplot as plt

    fig, data = draw(name, package)
    plt.close(fig)
    return data


def render(
    name: str, out_dir: Path, package: str = DEFAULT_PACKAGE, key: str | None = None
) -> float:
    """Draw one figure and write its four files; returns the seconds it took."""
    import matplotlib.pyplot as plt

    from vanishing_site import style

    start = time.perf_counter()
    module = importlib.import_module(f"{package}.{name}")
    where = module.__file__
    meta = parse_docstring(module.__doc__, where)
    with style.theme():
        fig, data = draw(name, package)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    light = _clean_svg(buffer.getvalue())
    dark = style.dark_variant(light)
    table = _csv(data, where)
    width, height = _size(light)
    seconds = time.perf_counter() - start
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(out_dir / f"{name}.svg", light)
    _write(out_dir / f"{name}.dark.svg", dark)
    _write(out_dir / f"{name}.csv", table)
    meta |= {"width": width, "height": height, "seconds": round(seconds, 3)}
    meta["key"] = key or cache_key(name, package)
    # The metadata goes last: its key marks the set complete.
    _write(out_dir / f"{name}.json", json.dumps(meta, indent=1, sort_keys=True) + "\n")
    return seconds


def _render_or_report(name: str, out_dir: str, package: str, key: str) -> tuple[float, str | None]:
    """Worker entry point: a traceback string instead of an exception that may not pickle."""
    try:
        return render(name, Path(out_dir), package, key), None
    except Exception:
        return 0.0, traceback.format_exc()


def metadata(name: str, out_dir: Path) -> dict | None:
    """The metadata of a rendered figure, or None when it was never (completely) rendered."""
    try:
        meta = json.loads((out_dir / f"{name}.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    files = (out_dir / f"{name}{suffix}" for suffix in (".svg", ".dark.svg", ".csv"))
    return meta if all(f.exists() for f in files) else None


def build(
    wanted: list[str] | None = None,
    out_dir: Path = Path("figures"),
    package: str = DEFAULT_PACKAGE,
    jobs: int | None = None,
    force: bool = False,
) -> list[Result]:
    """Render every stale figure of ``wanted`` (default: all) in parallel fresh processes.

    Fresh processes also mean that, under ``mkdocs serve``, an edited module is imported anew.
    Raises FigureError naming the module and carrying its traceback when a figure fails; the
    failed figure's old files are removed so that nothing stale stands in for it.
    """
    wanted = names(package) if wanted is None else wanted
    keys = {name: cache_key(name, package) for name in wanted}
    stale = [
        name for name in wanted if force or (metadata(name, out_dir) or {}).get("key") != keys[name]
    ]
    seconds: dict[str, float] = {}
    failures: dict[str, str] = {}
    if stale:
        out_dir.mkdir(parents=True, exist_ok=True)
        workers = min(len(stale), jobs or os.cpu_count() or 1)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet) as pool:
            futures = {
                name: pool.submit(_render_or_report, name, str(out_dir), package, keys[name])
                for name in stale
            }
            for name, future in futures.items():
                seconds[name], error = future.result()
                if error:
                    failures[name] = error
    for name in failures:
        for suffix in (".json", ".svg", ".dark.svg", ".csv"):
            (out_dir / f"{name}{suffix}").unlink(missing_ok=True)
    if failures:
        report = "\n".join(
            f"figure {name!r} ({module_file(name, package)}) failed:\n{tb}"
            for name, tb in failures.items()
        )
        raise FigureError(report)
    return [
        Result(name, name in stale, seconds.get(name, metadata(name, out_dir)["seconds"]))
        for name in wanted
    ]


def _quiet() -> None:
    """One BLAS thread per worker: the workers already use every core between them."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    os.environ["MPLBACKEND"] = "svg"


def _call_or_report(module: str, function: str) -> tuple[object, str | None]:
    try:
        return getattr(importlib.import_module(module), function)(), None
    except Exception:
        return None, traceback.format_exc()


def computed(module: str, function: str, cache: Path) -> dict:
    """``module.function()`` evaluated in a fresh process, cached in a JSON file by the
    module's key, so that edited code is never served from a stale import."""
    key = module_key(module)
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored["key"] == key:
            return stored["values"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        pass
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_quiet) as pool:
        values, error = pool.submit(_call_or_report, module, function).result()
    if error:
        raise FigureError(f"{module}.{function}() failed:\n{error}")
    cache.parent.mkdir(parents=True, exist_ok=True)
    _write(cache, json.dumps({"key": key, "values": values}, indent=1, sort_keys=True) + "\n")
    return values
