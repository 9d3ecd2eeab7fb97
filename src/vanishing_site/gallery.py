"""Build the figure gallery: discover figure modules, render the stale ones in parallel.

A figure module holds one function, ``figure() -> (matplotlib Figure, dict of columns)``, and
a docstring whose first line is the title, whose following paragraphs are the caption and
whose paragraph starting ``Alt:`` is the alt text. Rendering writes six files per figure
into the output directory: ``NAME.svg`` (light), ``NAME.dark.svg``, their phone variants
``NAME.phone.svg`` and ``NAME.phone.dark.svg`` (the same drawing narrower, its text no smaller),
``NAME.csv`` (the plotted data) and ``NAME.json`` (title, caption, alt, sizes, cache key,
seconds).

The six files are one ``buildcache`` entry (``NAME.json`` is its metadata). Its key hashes
everything that determines the output: the figure module, every module of the project it
imports (transitively) and the data files they declare, this pipeline and the style, and the
Python, numpy and matplotlib versions. A figure is rendered again exactly when its key changes
or one of its files is no longer what was written. Rendering runs in ``runner`` workers.
"""

import csv
import gzip
import importlib
import importlib.util
import io
import pkgutil
import time
from dataclasses import dataclass
from pathlib import Path

from vanishing_site import buildcache, runner

DEFAULT_PACKAGE = "vanishing_site.figures"
# Part of every key: the code that turns a figure() result into files.
PIPELINE = ("vanishing_site.gallery", "vanishing_site.style")
SUFFIXES = (".svg", ".dark.svg", ".phone.svg", ".phone.dark.svg", ".csv")
# Seconds one figure may take to draw.
TIMEOUT = runner.TIMEOUT
# Bytes an SVG may weigh on the wire (gzip): more means too many points, a raster in disguise...
MAX_SVG_BYTES = 30_000


class FigureError(runner.RunError):
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


def cache_key(name: str, package: str = DEFAULT_PACKAGE) -> str:
    """The key of one figure: its module's key, with this pipeline and the style."""
    module_file(name, package)
    try:
        return buildcache.module_key(f"{package}.{name}", also=PIPELINE)
    except buildcache.CacheError as error:
        raise FigureError(f"figure {name!r}: {error}") from None
    except SyntaxError as error:
        where = f"{error.filename}:{error.lineno}"
        raise FigureError(f"figure {name!r}: {where}: {error.msg}") from None


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


def draw(name: str, package: str = DEFAULT_PACKAGE):
    """Call one figure module's ``figure()`` in the site's theme: (matplotlib figure, data)."""
    from vanishing_site import style

    with style.theme():
        return _draw(importlib.import_module(f"{package}.{name}"))


def _draw(module):
    from vanishing_site import style

    result = module.figure()
    try:
        fig, data = result
    except (TypeError, ValueError):
        raise FigureError(f"{module.__file__}: figure() must return (figure, data)") from None
    style.finish(fig)
    return fig, data


def _svg(fig) -> str:
    from vanishing_site import style

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return style.clean_svg(buffer.getvalue())


def figure_data(name: str, package: str = DEFAULT_PACKAGE) -> dict:
    """The data one figure plots (the figure itself is drawn and discarded)."""
    import matplotlib.pyplot as plt

    fig, data = draw(name, package)
    plt.close(fig)
    return data


def _outputs(name: str, out_dir: Path) -> list[Path]:
    return [out_dir / f"{name}{suffix}" for suffix in SUFFIXES]


def render(
    name: str, out_dir: Path, package: str = DEFAULT_PACKAGE, key: str | None = None
) -> float:
    """Draw one figure and write its four files; returns the seconds it took.

    ``key`` is the key the build computed before it asked for the figure; the entry is only
    committed under it when the sources still have that key after drawing (else
    ``buildcache.Changed``: an edit made meanwhile may or may not be in the drawing)."""
    import matplotlib.pyplot as plt

    from vanishing_site import style

    key = key or cache_key(name, package)
    start = time.perf_counter()
    module = importlib.import_module(f"{package}.{name}")
    where = module.__file__
    meta = parse_docstring(module.__doc__, where)
    with style.theme():
        fig, data = _draw(module)
        light = _svg(fig)
        if small := style.small_text(fig):
            plt.close(fig)
            raise FigureError(
                f"{where}: text smaller than {style.TEXT_SIZE} pt: {'; '.join(small)}"
            )
        style.for_phone(fig)
        phone = _svg(fig)
        plt.close(fig)
    table = _csv(data, where)
    width, height = style.svg_size(light)
    phone_width, phone_height = style.svg_size(phone)
    seconds = time.perf_counter() - start
    outputs = _outputs(name, out_dir)
    contents = (light, style.dark_variant(light), phone, style.dark_variant(phone), table)
    for svg in contents[:-1]:
        if (size := len(gzip.compress(svg.encode(), 9, mtime=0))) > MAX_SVG_BYTES:
            raise FigureError(
                f"{where}: figure {name!r} is {size / 1000:.1f} KB gzip, over the budget of "
                f"{MAX_SVG_BYTES / 1000:g} KB (fewer points, or a coarser grid)"
            )
    for path, content in zip(outputs, contents, strict=True):
        buildcache.write(path, content)
    meta |= {
        "width": width,
        "height": height,
        "phone_width": phone_width,
        "phone_height": phone_height,
        "seconds": round(seconds, 3),
    }
    entry = out_dir / f"{name}.json"
    try:
        buildcache.ensure_unchanged(key, lambda: cache_key(name, package), f"figure {name!r}")
    except buildcache.Changed:
        buildcache.discard(entry, outputs)
        raise
    buildcache.commit(entry, key, outputs, meta)
    return seconds


def _render_job(name: str, out_dir: str, package: str, key: str) -> float | None:
    """Worker entry point: the seconds it took, or None when the sources changed meanwhile."""
    try:
        return render(name, Path(out_dir), package, key)
    except buildcache.Changed:
        return None


def metadata(name: str, out_dir: Path) -> dict | None:
    """The metadata of a rendered figure, or None when it was never (completely) rendered or
    one of its files is no longer what was written."""
    meta = buildcache.read(out_dir / f"{name}.json")
    if meta is None or set(meta["files"]) != {path.name for path in _outputs(name, out_dir)}:
        return None
    return meta


def build(
    wanted: list[str] | None = None,
    out_dir: Path = Path("figures"),
    package: str = DEFAULT_PACKAGE,
    jobs: int | None = None,
    force: bool = False,
    timeout: float = TIMEOUT,
) -> list[Result]:
    """Render every stale figure of ``wanted`` (default: all) in parallel fresh processes.

    Raises FigureError naming the module and carrying its traceback when a figure fails; the
    failed figure's old files are removed so that nothing stale stands in for it. A figure
    whose sources were edited while it was drawn is drawn again.
    """
    wanted = names(package) if wanted is None else wanted
    stale = [
        name
        for name in wanted
        if force or (metadata(name, out_dir) or {}).get("key") != cache_key(name, package)
    ]
    seconds: dict[str, float] = {}
    todo = list(stale)
    for _attempt in range(3):
        if not todo:
            break
        work = {
            name: (_render_job, (name, str(out_dir), package, cache_key(name, package)))
            for name in todo
        }
        try:
            done = runner.run(work, "figure", jobs, timeout, progress=True)
        except runner.RunError as error:
            for name in error.failures:
                buildcache.discard(out_dir / f"{name}.json", _outputs(name, out_dir))
            raise FigureError(
                "\n".join(
                    f"figure {name!r} ({module_file(name, package)}) failed:\n{tb}"
                    for name, tb in error.failures.items()
                )
            ) from None
        seconds |= {name: s for name, s in done.items() if s is not None}
        todo = [name for name, s in done.items() if s is None]
    if todo:
        raise FigureError(f"figures {', '.join(todo)}: their sources kept changing while drawn")
    return [
        Result(name, name in stale, seconds.get(name, metadata(name, out_dir)["seconds"]))
        for name in wanted
    ]


def computed(
    module: str,
    function: str,
    cache: Path,
    also: tuple[str, ...] = (),
    timeout: float = runner.TIMEOUT,
) -> dict:
    """``runner.computed``, failing with FigureError (what the MkDocs glue catches). ``also``
    names modules that ``module`` imports without an import statement (discovered ones)."""
    try:
        return runner.computed(module, function, cache, timeout, also)
    except runner.RunError as error:
        raise FigureError(str(error)) from None
