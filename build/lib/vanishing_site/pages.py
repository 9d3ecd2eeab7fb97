"""What the MkDocs hook does to the site, as plain functions that tests can call.

- ``![[name]]`` on a line of its own becomes the figure ``name``: light and dark SVG, title,
  caption, alt text, and links to its data (CSV) and to the module that draws it.
- ``{{ name }}`` becomes the quantity ``name`` computed by ``vanishing_site.quantities``.
- TeX from ``pymdownx.arithmatex`` becomes MathML, so pages need no script to show maths.

Every mistake raises ``PageError`` naming the page and line.
"""

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from vanishing_site import gallery, mathml

FIGURE = re.compile(r"^[ \t]*!\[\[(?P<name>[^\]]*)\]\][ \t]*$")
VALUE = re.compile(r"\{\{\s*(?P<name>[^{}]*?)\s*\}\}")
FENCE = re.compile(r"^[ \t]*(```|~~~)")


class PageError(ValueError):
    """A page asks for something that does not exist or cannot be rendered."""


def _prose_lines(markdown: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, line, is prose) for each line; fenced code is not prose."""
    fence = None
    for number, line in enumerate(markdown.splitlines(keepends=True), start=1):
        match = FENCE.match(line)
        if match and fence is None:
            fence = match.group(1)
            yield number, line, False
        elif match and line.strip().startswith(fence):
            fence = None
            yield number, line, False
        else:
            yield number, line, fence is None


def figures_used(markdown: str) -> list[tuple[int, str]]:
    """(line, figure name) for every figure a page asks for."""
    return [
        (number, match.group("name").strip())
        for number, line, prose in _prose_lines(markdown)
        if prose and (match := FIGURE.match(line))
    ]


def figure_markdown(name: str, meta: dict, to_root: str, source_url: str | None) -> str:
    """The Markdown (md_in_html) block that shows one figure in both colour schemes."""
    base = posixpath.join(to_root, "figures", name)
    alt = meta["alt"].replace("[", "(").replace("]", ")")
    size = f'width="{meta["width"]}" height="{meta["height"]}" loading="lazy"'
    links = f"[Data (CSV)]({base}.csv)" + (f" · [Source]({source_url})" if source_url else "")
    return (
        f'<figure markdown="1" id="figure-{name.replace("_", "-")}" class="vg-figure">\n'
        f"![{alt}]({base}.svg#only-light){{ {size} }}\n"
        f"![{alt}]({base}.dark.svg#only-dark){{ {size} }}\n"
        f'<figcaption markdown="span">**{meta["title"]}.** {meta["caption"]} '
        f'<span class="vg-figure-links">{links}</span></figcaption>\n'
        "</figure>\n"
    )


def expand(
    markdown: str,
    page: str,
    figures: dict[str, dict],
    values: dict[str, str],
    source_url,
) -> str:
    """Replace figure and quantity references in one page's Markdown.

    ``page`` is the page's path inside docs/ (for relative links and error messages);
    ``source_url(name)`` gives the link to a figure's module.
    """
    to_root = posixpath.relpath(".", posixpath.dirname(page) or ".")
    out = []
    for number, line, prose in _prose_lines(markdown):
        if not prose:
            out.append(line)
            continue
        if match := FIGURE.match(line):
            name = match.group("name").strip()
            if name not in figures:
                raise PageError(f"{page}:{number}: no figure named {name!r}")
            out.append(figure_markdown(name, figures[name], to_root, source_url(name)))
            continue

        def value(match: re.Match, number: int = number) -> str:
            name = match.group("name")
            if name not in values:
                raise PageError(f"{page}:{number}: no quantity named {name!r}")
            return values[name]

        out.append(VALUE.sub(value, line))
    return "".join(out)


def render_math(html: str, page: str, markdown: str) -> str:
    """Turn arithmatex output into MathML; a formula that fails names its page and line."""
    try:
        html = mathml.render_arithmatex(html)
    except mathml.MathError as error:
        raise PageError(f"{page}:{_line_of(error.tex, markdown)}: {error}") from None
    leftovers = mathml.find_raw_tex(html)
    if leftovers:
        raise PageError(f"{page}:{_line_of(leftovers[0], markdown)}: raw TeX {leftovers[0]!r}")
    return html


def _line_of(snippet: str, markdown: str) -> int:
    """The first line of ``markdown`` on which ``snippet`` starts (1 when not found)."""
    head = snippet.strip().splitlines()[0] if snippet.strip() else ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        if head and head in line:
            return number
    return 1


def build_figures(docs: dict[str, str], out_dir: Path, package: str) -> tuple[dict, list]:
    """Render the figures that ``docs`` (page path -> Markdown) ask for.

    Returns each figure's metadata and the build report (gallery.Result list).
    """
    wanted: dict[str, str] = {}
    available = set(gallery.names(package))
    for page, markdown in docs.items():
        for number, name in figures_used(markdown):
            if name not in available:
                known = ", ".join(sorted(available))
                raise PageError(f"{page}:{number}: no figure named {name!r} (figures: {known})")
            wanted.setdefault(name, page)
    results = gallery.build(sorted(wanted), out_dir, package)
    return {name: gallery.metadata(name, out_dir) for name in wanted}, results


def source_url(repo_url: str | None, root: Path, name: str, package: str) -> str | None:
    """The repository link to a figure's module (None for a site without a repository)."""
    if not repo_url:
        return None
    path = gallery.module_file(name, package).resolve()
    root = root.resolve()
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    return f"{repo_url.rstrip('/')}/blob/main/{relative}"


MATH_FONT = "assets/fonts/vanishing-math.woff2"


def tidy_html(html: str, base_url: str = ".") -> str:
    """Three fixes to Material's pages: the search dialog gets the accessible name the stock
    theme lacks; the repository link stops fetching star counts from a third-party API when the
    page is viewed (the link itself stays); and pages with maths preload the math font, which
    the stylesheet would otherwise only discover after layout."""
    if "<math" in html:
        href = posixpath.join(base_url, MATH_FONT)
        preload = f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
        html = html.replace("</head>", f"{preload}\n</head>", 1)
    html = html.replace(
        'data-md-component="search" role="dialog"',
        'data-md-component="search" role="dialog" aria-label="Search"',
        1,
    )
    return html.replace(' data-md-component="source"', "")
