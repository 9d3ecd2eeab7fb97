"""The Lab: notebooks kept as percent-format scripts, executed at build time, cached by code.

A Lab notebook is a jupytext percent-format script ``docs/lab/NAME.py``, which diffs and
reviews like code. The build runs it in a fresh kernel (outputs are never committed) and
mkdocs-jupyter renders the executed notebook as the page ``lab/NAME.ipynb``, shaped by its
options in mkdocs.yml (``RENDERER_OPTIONS`` lists those the Lab relies on) and by the nbconvert
template ``lab_page.md.j2``: Markdown cells go through MkDocs' own Markdown, so their links and
anchors are checked and their ``$..$`` maths becomes MathML; code cells are the theme's code
blocks, written as HTML; outputs stay out of the search index. Plots are drawn in the site's
palette and stored as a light and a dark SVG (``style.dark_variant``), each shown in its colour
scheme.

For ``docs/lab/NAME.py`` the build writes, into the output directory: the executed notebook
``lab/NAME.ipynb`` (the page's source, and its download, which mkdocs-jupyter copies beside the
page), annotated for the template by ``prepare``; in ``lab/NAME/``, the plots; and
``lab/NAME.json``, the ``buildcache`` entry that lists them all. The key hashes the script,
every project module it imports (transitively), the code that runs and annotates it, the tools'
versions and the Colab link, so an edit in ``src/`` re-runs the notebooks that use it and a
build with nothing changed runs none. Every failure raises NotebookError naming the notebook,
and the cell where there is one.
"""

import hashlib
import importlib.metadata
import itertools
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import markdown
import nbformat

from vanishing_site import buildcache, mathml, style

# jupytext, nbclient and nbconvert, which read, run and render a notebook, are imported where
# they are used: a build with no stale notebook then spends no time (about a second) on them.

LAB = "lab/"
TIMEOUT = 120  # seconds per cell
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# Their versions are part of the cache key: they parse the script, run it and store the result.
TOOLS = ("jupytext", "nbclient", "nbformat", "ipykernel", "matplotlib-inline")
# The nbconvert template mkdocs-jupyter renders the notebooks with (its custom_template).
TEMPLATE = Path(__file__).with_name("lab_page.md.j2")
# mkdocs-jupyter's options the Lab relies on (the plugin refuses a site that sets others):
# it renders the notebooks this module executed (execute), and would publish a traceback rather
# than fail (allow_errors); the download is the rendered notebook itself (include_source);
# Markdown cells go through MkDocs (markdown_cell_processor), so its extensions typeset their
# maths as MathML, and MathJax 2 is the one version for which it adds no MathJax loader script
# to every page (the template loads none); only the executed notebooks are pages (include).
RENDERER_OPTIONS = {
    "include": ["*.ipynb"],
    "execute": False,
    "allow_errors": False,
    "include_source": True,
    "markdown_cell_processor": "mkdocs",
    "mathjax_version": 2,
}
# Outputs a page cannot show in both colour schemes.
BITMAPS = ("image/png", "image/jpeg", "image/gif")

_CELL_MARKER = re.compile(r"^# %%", re.MULTILINE)
# Markdown turns "\(" into "(" before the page sees it, so such maths would vanish silently.
_ESCAPED_MATH = re.compile(r"\\[(\[]")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotebookError(RuntimeError):
    """A Lab notebook is malformed, raised or timed out while running, or renders badly."""


@dataclass(frozen=True)
class Result:
    source: str  # the script's path inside docs/, e.g. "lab/gradients.py"
    notebook: Path  # the executed notebook
    executed: bool
    seconds: float
    # What the site serves, as paths inside the output directory: the executed notebook (the
    # page's source and its download) first, then the plots.
    files: tuple[str, ...] = ()


def is_source(src_uri: str) -> bool:
    """Whether a file of docs/ is a Lab notebook's script."""
    return src_uri.startswith(LAB) and src_uri.endswith(".py")


def notebook_uri(src_uri: str) -> str:
    """The executed notebook, the page a script becomes: lab/NAME.py -> lab/NAME.ipynb."""
    return src_uri.removesuffix(".py") + ".ipynb"


def project_modules(path: Path, packages: Collection[str]) -> list[str]:
    """The modules of ``packages`` that a script imports. Percent format keeps IPython magics
    as comments, so the script parses as Python."""
    try:
        imported = buildcache.imports(path, None)
    except SyntaxError as error:
        raise NotebookError(f"{path}:{error.lineno}: not valid Python: {error.msg}") from None
    except buildcache.CacheError as error:  # not UTF-8
        raise NotebookError(str(error)) from None
    return sorted(name for name in imported if name.split(".")[0] in packages)


def cache_key(path: Path, packages: Collection[str], colab: str | None = None) -> str:
    """SHA-256 of the script, of the code that runs and annotates it (this module and what it
    imports: an edit there re-runs them all), of the tools' versions, of the Colab link the
    notebook carries and of ``buildcache.module_key`` of every project module the script
    imports. (The template is not in it: mkdocs-jupyter renders the page at every build.)"""
    digest = hashlib.sha256(path.read_bytes())
    digest.update(buildcache.module_key(__name__).encode())
    digest.update(f"colab {colab}\n".encode())
    for tool in TOOLS:
        digest.update(f"{tool} {importlib.metadata.version(tool)}\n".encode())
    for module in project_modules(path, packages):
        digest.update(f"{module} {buildcache.module_key(module)}\n".encode())
    return digest.hexdigest()


def read(path: Path, where: str) -> nbformat.NotebookNode:
    """The notebook of a percent-format script, with stable cell ids and a Python kernel."""
    import jupytext

    text = path.read_text(encoding="utf-8")
    if not _CELL_MARKER.search(text):
        raise NotebookError(f"{where}: not a percent-format notebook (no '# %%' cell marker)")
    notebook = jupytext.reads(text, fmt="py:percent")
    for number, cell in enumerate(notebook.cells, start=1):
        # jupytext draws random ids, and two builds must give identical bytes.
        cell.id = f"cell-{number}"
        if cell.cell_type == "markdown" and (match := _ESCAPED_MATH.search(cell.source)):
            raise NotebookError(
                f"{_cell(where, text, notebook, number)}: write maths as $...$ or $$...$$, "
                f"not {match[0]}...: Markdown drops the backslash"
            )
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    return notebook


def _cell(where: str, text: str, notebook: nbformat.NotebookNode, number: int) -> str:
    """'lab/x.py, cell 3 (line 27)': the line of its '# %%' marker, when markers map to cells."""
    markers = [text.count("\n", 0, m.start()) + 1 for m in _CELL_MARKER.finditer(text)]
    line = f" (line {markers[number - 1]})" if len(markers) == len(notebook.cells) else ""
    return f"{where}, cell {number}{line}"


def _kernel_env() -> dict[str, str]:
    # One BLAS thread: on a busy machine, threads fighting for cores made a 0.5 s
    # experiment take 12 s. A fixed date: matplotlib writes it into every SVG, and a cached
    # notebook must not differ from a fresh one.
    threads = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    return os.environ | dict.fromkeys(threads, "1") | {"SOURCE_DATE_EPOCH": "0"}


def execute(path: Path, where: str, timeout: int = TIMEOUT) -> nbformat.NotebookNode:
    """Run a script's notebook in a fresh kernel, working directory beside the script.

    Errors are not allowed: the first raising cell, or one running longer than ``timeout``
    seconds, raises NotebookError naming the notebook, the cell and its line.
    """
    from traitlets.config import Config

    notebook = read(path, where)
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="vanishing-kernel-") as sockets:
        # IPC sockets instead of TCP ports: nothing listens on the network while the site
        # builds. The socket path must be absolute: the kernel runs in another directory.
        ipc = {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}
        _run(notebook, text, where, timeout, Config({"KernelManager": ipc}), path.parent)
    return notebook


def _signal_handlers() -> dict:
    """The handlers of SIGINT and SIGTERM now (none outside the main thread, which cannot set
    them). nbclient replaces both while its kernel runs and, once done, leaves the defaults: a
    SIGTERM would then end the build on the spot, before it removes its staging directory."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}


def _restore_signal_handlers(handlers: dict) -> None:
    for number, handler in handlers.items():
        if handler is not None:
            signal.signal(number, handler)


def _run(notebook, text, where, timeout, config, cwd) -> None:
    """Execute ``notebook`` in place; NotebookError for the cell that fails."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    running = {"number": 0}
    client = NotebookClient(
        notebook,
        config=config,
        timeout=timeout,
        kernel_name=KERNELSPEC["name"],
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(cwd)}},
        on_cell_start=lambda cell, cell_index: running.update(number=cell_index + 1),
    )
    handlers = _signal_handlers()
    try:
        client.execute(env=_kernel_env())
    except CellTimeoutError:
        cell = _cell(where, text, notebook, running["number"])
        raise NotebookError(f"{cell} ran longer than the {timeout} s a cell may take") from None
    except CellExecutionError as error:
        cell = notebook.cells[running["number"] - 1]
        trace = "\n".join(
            "\n".join(output.get("traceback", []))
            for output in cell.get("outputs", [])
            if output.output_type == "error"
        )
        raise NotebookError(
            f"{_cell(where, text, notebook, running['number'])} raised "
            f"{error.ename}: {error.evalue}\n{_ANSI.sub('', trace)}"
        ) from None
    except RuntimeError as error:  # DeadKernelError, or a kernel that never started
        cell = _cell(where, text, notebook, running["number"])
        raise NotebookError(f"{cell}: the kernel failed: {error}") from None
    finally:
        _restore_signal_handlers(handlers)
    # A warning is a problem the page would show to every reader.
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                raise NotebookError(
                    f"{_cell(where, text, notebook, number)} wrote to stderr:\n{output.text}"
                )


def build(
    sources: dict[str, Path],
    out_dir: Path,
    packages: Collection[str] = ("vanishing", "vanishing_site"),
    timeout: int = TIMEOUT,
    colab: Mapping[str, str | None] | None = None,
) -> list[Result]:
    """Execute and prepare every stale script of ``sources`` (path inside docs/ -> file) into
    ``out_dir`` (see the module's docstring for the files).

    ``packages`` are the top-level packages whose code counts in the cache key; ``colab``
    gives a script's "Open in Colab" link (``colab.url``), if it has one. A failing notebook's
    old files are removed, so nothing stale stands in for it; one whose code was edited while
    it ran runs again.
    """
    links = colab or {}
    return [
        _build_one(src_uri, path, out_dir, packages, timeout, links.get(src_uri))
        for src_uri, path in sorted(sources.items())
    ]


def _build_one(src_uri, path, out_dir, packages, timeout, colab) -> Result:
    meta = out_dir / f"{src_uri.removesuffix('.py')}.json"
    target = out_dir / notebook_uri(src_uri)
    for _attempt in range(3):
        key = cache_key(path, packages, colab)
        stored = buildcache.lookup(meta, key)
        if stored:
            return Result(src_uri, target, False, stored["seconds"], tuple(stored["uris"]))
        buildcache.discard(meta)
        start = time.perf_counter()
        notebook = execute(path, src_uri, timeout)
        plots = prepare(notebook, src_uri, colab)
        files = {notebook_uri(src_uri): nbformat.writes(notebook) + "\n", **plots}
        seconds = round(time.perf_counter() - start, 3)
        for uri, content in files.items():
            buildcache.write(out_dir / uri, content)
        outputs = [out_dir / uri for uri in files]
        if cache_key(path, packages, colab) != key:  # edited while it ran: which version ran?
            buildcache.discard(meta, outputs)
            continue
        # The metadata goes last: it marks the notebook's files complete.
        buildcache.commit(meta, key, outputs, {"seconds": seconds, "uris": list(files)})
        return Result(src_uri, target, True, seconds, tuple(files))
    raise NotebookError(f"{src_uri}: its code kept changing while it ran")


def prepare(
    notebook: nbformat.NotebookNode, src_uri: str, colab: str | None = None
) -> dict[str, str]:
    """Check an executed notebook for the page and annotate it (in place) for the template
    ``lab_page.md.j2``; returns each plot's light and dark SVG, by path inside the output
    directory.

    The notebook's ``vanishing`` metadata gets the Colab link, each plot output's
    ``vanishing_plot`` metadata its files, size and alt text. Maths that will not become MathML,
    Markdown the renderer's reparse would change (``_check_reparse``), a bitmap plot or a plot
    without alt text raise NotebookError naming the cell: the page would otherwise fail, or show
    it wrong, naming no cell.
    """
    stem = src_uri.removesuffix(".py")
    name = stem.rpartition("/")[2]
    files: dict[str, str] = {}
    for number, cell in enumerate(notebook.cells, start=1):
        where = f"{src_uri}, cell {number}"
        if cell.cell_type == "markdown":
            _check_maths(cell.source, where)
            _check_reparse(cell.source, where)
        for output_number, output in enumerate(cell.get("outputs", []), start=1):
            data = output.get("data", {})
            if "image/svg+xml" in data:
                plot = f"{name}/cell-{number}-{output_number}"
                files |= _plot(data["image/svg+xml"], cell, output, plot, stem, where)
            elif bitmap := next((mime for mime in BITMAPS if mime in data), None):
                raise NotebookError(
                    f"{where}: a {bitmap} plot cannot follow the dark scheme; draw SVG "
                    '(%config InlineBackend.figure_formats = ["svg"])'
                )
    notebook.metadata["vanishing"] = {"colab": colab} if colab else {}
    return files


# What mkdocs-jupyter 0.27 appends to an .ipynb page's Markdown, with the CSS the template
# leaves (none). It is indented, so Markdown would make it a code block at the page's end.
APPENDED_CSS = "\n        <style>\n        \n        </style>\n        "


def without_appended_css(page: str, where: str) -> str:
    """A Lab page's Markdown without the empty style element mkdocs-jupyter appends; fails if
    the page does not end with it exactly (another mkdocs-jupyter version, another template)."""
    if not page.endswith(APPENDED_CSS):
        raise NotebookError(
            f"{where}: mkdocs-jupyter's page does not end with the empty style element "
            f"{APPENDED_CSS!r} this site removes: check its version and lab_page.md.j2"
        )
    return page.removesuffix(APPENDED_CSS)


def _plot(svg, cell, output, plot: str, stem: str, where: str) -> dict[str, str]:
    """One SVG plot's two files (light and dark), and, in the output's metadata, what the
    page template needs to show them: their paths from the page, size and alt text."""
    alt = cell.metadata.get("alt", "").strip()
    if not alt:
        raise NotebookError(
            f'{where}: a plot needs alt text: put alt="what the plot shows" on its "# %%" line'
        )
    light = style.clean_svg(svg)
    try:
        dark = style.dark_variant(light)
    except ValueError as error:
        raise NotebookError(
            f"{where}: {error}, so the plot would not follow the dark scheme"
        ) from None
    width, height = style.svg_size(light)
    output.metadata["vanishing_plot"] = {
        "alt": alt.replace("[", "(").replace("]", ")"),
        "light": f"{plot}.svg",
        "dark": f"{plot}.dark.svg",
        "width": width,
        "height": height,
    }
    folder = stem.rpartition("/")[0]
    return {f"{folder}/{plot}.svg": light, f"{folder}/{plot}.dark.svg": dark}


def _check_maths(source: str, where: str) -> None:
    """Fail, naming the cell, on maths that will not become MathML, as the page would later
    fail naming only the generated page."""
    try:
        html = mathml.render_arithmatex(_markdown(source))
    except mathml.MathError as error:
        raise NotebookError(f"{where}: {error}") from None
    if leftovers := mathml.find_raw_tex(html):
        raise NotebookError(f"{where}: raw TeX {leftovers[0]!r}")


def _markdown(source: str) -> str:
    """A Markdown cell as HTML, through the site's extensions that give its maths and code."""
    return markdown.markdown(
        source,
        extensions=["pymdownx.arithmatex", "pymdownx.superfences"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def _check_reparse(source: str, where: str) -> None:
    """Fail, naming the cell, on Markdown that mkdocs-jupyter 0.27 breaks: it passes the page's
    Markdown through BeautifulSoup, which writes < > & back as &lt; &gt; &amp;. Prose and
    inline maths read the same either way; display maths, code spans, fenced code, blockquotes
    and <...> autolinks would show the entities as typed. The oracle is that round trip itself:
    the cell's HTML, with and without it (both normalised by it, which only respells)."""
    from bs4 import BeautifulSoup

    def html(text: str) -> list[str]:
        return str(BeautifulSoup(text, "html.parser")).splitlines()

    as_written = html(_markdown(source))
    reparsed = html(_markdown(str(BeautifulSoup(source, "html.parser"))))
    if as_written != reparsed:
        line = next(
            a for a, b in itertools.zip_longest(as_written, reparsed, fillvalue="") if a != b
        )
        raise NotebookError(
            f"{where}: mkdocs-jupyter 0.27 reparses the page's Markdown as HTML, which writes "
            f"< > & as entities that this cell would show as typed, at {line!r}: in display "
            r"maths write \lt and \gt (inline $...$ maths keeps < > & as they are), "
            "put code with < > & in a code cell, and write a quote or a link without > or <...>"
        )


def sources(docs: dict[str, Path]) -> dict[str, Path]:
    """The Lab's scripts among the files of docs/ (path inside docs/ -> file).

    A notebook in docs/ is refused: its outputs would be committed, and stale.
    """
    for src_uri in docs:
        if src_uri.endswith(".ipynb"):
            raise NotebookError(
                f"{src_uri}: keep notebooks as percent-format scripts "
                f"(jupytext --to py:percent {src_uri}); the build makes the .ipynb"
            )
    return {src_uri: path for src_uri, path in docs.items() if is_source(src_uri)}
