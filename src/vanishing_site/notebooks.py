"""The Lab: notebooks kept as percent-format scripts, executed at build time, cached by code.

A Lab notebook is a jupytext percent-format script ``docs/lab/NAME.py``, which diffs and
reviews like code. The build runs it in a fresh kernel into ``NAME.ipynb`` (outputs are never
committed) and mkdocs-jupyter renders that notebook, with its own execution turned off.
Execution is cached like a figure: the key hashes the script, every project module it imports
(transitively) and the tools that run it, so an edit in ``src/`` re-runs the notebooks that
use it and a build with nothing changed runs none.

mkdocs-jupyter's HTML is then tidied for the site: its inlined JupyterLab CSS (about 600 kB)
and scripts go, code cells become the theme's code blocks, ``$..$`` maths becomes MathML,
plots take their colours from CSS variables that follow the light/dark switch, and outputs
stay out of the search index. Every failure raises NotebookError naming the notebook.
"""

import base64
import hashlib
import importlib.metadata
import json
import os
import re
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from traitlets.config import Config

from vanishing_site import buildcache, gallery, mathml, style

LAB = "lab/"
TIMEOUT = 120  # seconds per cell
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# Their versions are part of the cache key: they parse the script, run it and store the result.
TOOLS = ("jupytext", "nbclient", "nbformat", "ipykernel", "matplotlib-inline")

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


def is_source(src_uri: str) -> bool:
    """Whether a file of docs/ is a Lab notebook's script."""
    return src_uri.startswith(LAB) and src_uri.endswith(".py")


def notebook_uri(src_uri: str) -> str:
    """Where the executed notebook of a script goes: lab/NAME.py -> lab/NAME.ipynb."""
    return src_uri.removesuffix(".py") + ".ipynb"


def project_modules(path: Path, packages: Collection[str]) -> list[str]:
    """The modules of ``packages`` that a script imports. Percent format keeps IPython magics
    as comments, so the script parses as Python."""
    try:
        imported = buildcache.imports(path, None)
    except SyntaxError as error:
        raise NotebookError(f"{path}:{error.lineno}: not valid Python: {error.msg}") from None
    return sorted(name for name in imported if name.split(".")[0] in packages)


def cache_key(path: Path, packages: Collection[str]) -> str:
    """SHA-256 of the script, of this module (how notebooks are run and stored: an edit here
    re-runs them all), of the tools' versions and of ``buildcache.module_key`` of every project
    module the script imports."""
    digest = hashlib.sha256(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    for tool in TOOLS:
        digest.update(f"{tool} {importlib.metadata.version(tool)}\n".encode())
    for module in project_modules(path, packages):
        digest.update(f"{module} {buildcache.module_key(module)}\n".encode())
    return digest.hexdigest()


def read(path: Path, where: str) -> nbformat.NotebookNode:
    """The notebook of a percent-format script, with stable cell ids and a Python kernel."""
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
    notebook = read(path, where)
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="vanishing-kernel-") as sockets:
        # IPC sockets instead of TCP ports: nothing listens on the network while the site
        # builds. The socket path must be absolute: the kernel runs in another directory.
        ipc = {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}
        _run(notebook, text, where, timeout, Config({"KernelManager": ipc}), path.parent)
    return notebook


def _run(notebook, text, where, timeout, config, cwd) -> None:
    """Execute ``notebook`` in place; NotebookError for the cell that fails."""
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
    # A warning is a problem the page would show to every reader.
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                raise NotebookError(
                    f"{_cell(where, text, notebook, number)} wrote to stderr:\n{output.text}"
                )


def _metadata(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def build(
    sources: dict[str, Path],
    out_dir: Path,
    packages: Collection[str] = ("vanishing", "vanishing_site"),
    timeout: int = TIMEOUT,
) -> list[Result]:
    """Execute every stale script of ``sources`` (path inside docs/ -> file) into
    ``out_dir/lab/NAME.ipynb``, beside a ``NAME.json`` holding its cache key.

    ``packages`` are the top-level packages whose code counts in the cache key. A failing
    notebook's old files are removed, so nothing stale stands in for it.
    """
    results = []
    for src_uri, path in sorted(sources.items()):
        target = out_dir / notebook_uri(src_uri)
        meta = target.with_suffix(".json")
        key = cache_key(path, packages)
        stored = _metadata(meta)
        if stored.get("key") == key and target.exists():
            results.append(Result(src_uri, target, False, stored["seconds"]))
            continue
        meta.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        start = time.perf_counter()
        notebook = execute(path, src_uri, timeout)
        seconds = round(time.perf_counter() - start, 3)
        target.parent.mkdir(parents=True, exist_ok=True)
        buildcache.write(target, nbformat.writes(notebook) + "\n")
        # The metadata goes last: its key marks the notebook complete.
        buildcache.write(meta, json.dumps({"key": key, "seconds": seconds}, indent=1) + "\n")
        results.append(Result(src_uri, target, True, seconds))
    return results


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


def tidy_html(page_html: str, where: str) -> str:
    """mkdocs-jupyter's HTML for the notebook of script ``where``, rebuilt for the site.

    Only the cells are kept, flat as on a Markdown page: markdown cells as their HTML with
    MathML maths, code cells as the theme's code blocks followed by their outputs, each in a
    ``<figure data-search-exclude>`` so that the search index holds prose and code only. The
    inlined JupyterLab CSS, the scripts and the copy-button machinery go (the theme brings its
    own copy button). A download link to the .ipynb follows the title.
    """
    cells = []
    for start, end, kind, number in _cells(page_html):
        cell = page_html[start:end]
        if kind == "Markdown":
            cells.append(_markdown(cell, f"{where}, cell {number}"))
        else:
            cells.append(_code(cell, f"{where}, cell {number}", number))
    body = "\n".join(cells)
    name = notebook_uri(where).rpartition("/")[2]
    download = (
        f'<p class="vg-lab-download" data-search-exclude>'
        f'<a class="md-button" href="{name}" download>'
        f"Download this notebook ({name})</a></p>"
    )
    if "</h1>" not in body:
        return f"{download}\n{body}"
    return body.replace("</h1>", f"</h1>\n{download}", 1)


_CELL = re.compile(r'<div class="jp-Cell jp-(Markdown|Code)Cell[^"]*"[^>]*>')
_CELL_ID = re.compile(r'id="cell-id=cell-(\d+)"')
_DIV = re.compile(r"<(/?)div\b[^>]*>")


def _end_of_div(text: str, start: int) -> int:
    """The index just past the </div> that closes the <div> opening at ``start``."""
    depth = 0
    for match in _DIV.finditer(text, start):
        depth += -1 if match[1] else 1
        if depth == 0:
            return match.end()
    raise NotebookError(f"unbalanced <div> in mkdocs-jupyter's HTML at {start}")


def _cells(page_html: str):
    """(start, end, "Markdown" or "Code", cell number) of each cell, in order."""
    position = 0
    while match := _CELL.search(page_html, position):
        end = _end_of_div(page_html, match.start())
        number = _CELL_ID.search(page_html, match.start(), end)
        yield match.start(), end, match[1], int(number[1]) if number else 0
        position = end


def _inner(text: str, opening: re.Match) -> str:
    """The content of the <div> whose opening tag ``opening`` matched in ``text``."""
    return text[opening.end() : _end_of_div(text, opening.start()) - len("</div>")]


_RENDERED_MARKDOWN = re.compile(r'<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>')
_ANCHOR = re.compile(r'<a class="anchor-link" (href="#[^"]*")>')
_VERBATIM = re.compile(r"<(pre|code|svg|math|script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_DISPLAY_PARAGRAPH = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.DOTALL)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
# Pandoc's rule, as in mathml.find_raw_tex: no space inside the dollars, no digit after.
_INLINE = re.compile(r"\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)")


def _markdown(cell: str, where: str) -> str:
    """A markdown cell's HTML, its headings with the theme's permalinks, its maths MathML."""
    content = _inner(cell, _RENDERED_MARKDOWN.search(cell)).strip()
    content = _ANCHOR.sub(r'<a class="headerlink" \1 title="Permanent link">', content)
    parts = []
    position = 0
    for match in [*_VERBATIM.finditer(content), None]:
        prose = content[position : match.start() if match else len(content)]
        prose = _DISPLAY_PARAGRAPH.sub(r'<div class="arithmatex">\\[\1\\]</div>', prose)
        prose = _DISPLAY.sub(r'<div class="arithmatex">\\[\1\\]</div>', prose)
        parts.append(_INLINE.sub(r'<span class="arithmatex">\\(\1\\)</span>', prose))
        if match:
            parts.append(match[0])
            position = match.end()
    try:
        return mathml.render_arithmatex("".join(parts))
    except mathml.MathError as error:
        raise NotebookError(f"{where}: {error}") from None


_INPUT = re.compile(
    r'<div class="highlight-ipynb[^"]*"><pre>(?:<span></span>)?(.*?)</pre></div>', re.DOTALL
)
_OUTPUT = re.compile(r'<div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*>')
# nbconvert names the type of most outputs, but not of bitmap images.
_MIME = re.compile(r'data-mime-type="([^"]+)"|src="data:(image/[^;"]+)')
_SVG_DATA = re.compile(r'src="data:image/svg\+xml;base64,([^"]+)"')


def _code(cell: str, where: str, number: int) -> str:
    """A code cell as the theme's code block, then each output in a figure kept out of search."""
    source = _INPUT.search(cell)
    parts = [f'<div class="highlight"><pre><span></span><code>{source[1]}</code></pre></div>']
    for output, match in enumerate(_OUTPUT.finditer(cell), start=1):
        content = _inner(cell, match).strip()
        found = _MIME.search(match[0] + content)
        mime = next(filter(None, found.groups())) if found else "text/html"
        if mime == "image/svg+xml":
            # nbconvert writes the SVG as a base64 <img>; inline, CSS can recolour it.
            svg = _SVG_DATA.search(content)
            svg = base64.b64decode(svg[1]).decode() if svg else content
            content = _plot(svg, f"{where}, output {output}", f"cell{number}-{output}-")
        elif mime.startswith("image/"):
            raise NotebookError(
                f"{where}: a {mime} plot cannot follow the dark scheme; draw SVG "
                '(%config InlineBackend.figure_formats = ["svg"])'
            )
        kind = mime.partition("/")[2].replace("+xml", "")
        parts.append(
            f'<figure class="vg-lab-output vg-lab-{kind}" data-search-exclude>{content}</figure>'
        )
    return '<div class="vg-lab-cell">\n' + "\n".join(parts) + "\n</div>"


_COMMENT = re.compile(r"\s*<!--.*?-->", re.DOTALL)
_SVG_STYLE = re.compile(r"\s*<style\b.*?</style>", re.DOTALL)
_ID = re.compile(r' id="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def _plot(svg: str, where: str, prefix: str) -> str:
    """A matplotlib SVG made fit to sit inline in a page among others.

    Its palette colours become CSS variables, which lab.css sets per colour scheme (a colour
    outside the palette is an error, as for figures); its ids get a per-plot prefix (several
    plots share matplotlib's ids) or go when nothing refers to them; its comments, metadata
    and global <style> go (lab.css carries that rule, scoped).
    """
    svg = _SVG_STYLE.sub("", _COMMENT.sub("", gallery._clean_svg(svg)))
    referenced = {match[2] for match in _REFERENCE.finditer(svg)}
    svg = _ID.sub(lambda m: f' id="{prefix}{m[1]}"' if m[1] in referenced else "", svg)
    svg = _REFERENCE.sub(lambda m: f"{m[1]}{prefix}{m[2]}", svg)

    def variable(match: re.Match) -> str:
        colour = match[0].lower()
        if colour not in style.DARK:
            raise NotebookError(
                f"{where}: colour {colour} is not in the palette of vanishing_site.style, "
                "so the plot would not follow the dark scheme"
            )
        return f"var(--vg-{colour[1:]})"

    return _HEX.sub(variable, svg)


def anchor_ids(page_html: str) -> set[str]:
    """Every id in a page's HTML: the anchors that links into it may use."""
    return set(_ID.findall(page_html))
