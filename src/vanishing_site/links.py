"""Links checked to the line: MkDocs' own link warnings, and raw HTML links it never reads.

MkDocs checks Markdown links and anchors, but its warnings name only the page ("Doc file
'index.md' contains a link 'missing.md', but the target is not found"). ``LINE_NUMBERS``, a
filter on MkDocs' page logger, adds the line the link is written on, outside code, so that
every failure of the strict build reads ``docs/page.md:LINE: reason``.

A raw ``<a href="...">`` in a page is HTML that MkDocs passes through unchecked: ``raw_links``
finds them outside code and ``missing_target`` says whether one meant for a page points at
none the site builds.
"""

import logging
import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import Files

from vanishing_site.directives import scan

_MESSAGE = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains (?:a|an unrecognized relative|an absolute) link "
    r"'(?P<target>[^']+)'"
)
_RAW_LINK = re.compile(r"<a\b[^>]*?\bhref\s*=\s*(?P<q>[\"'])(?P<href>[^\"']*)(?P=q)", re.I)


def line_of(text: str, target: str) -> int | None:
    """The first line (from 1) of ``text`` on which ``target`` is written outside code."""
    for index, line, spans in scan(text.split("\n")):
        if spans is None:
            continue
        prose = "".join(
            c if not any(a <= i < b for a, b in spans) else " " for i, c in enumerate(line)
        )
        if target in prose:
            return index + 1
    return None


class LineNumbers(logging.Filter):
    """Adds ``where:LINE:`` to MkDocs' warnings about a page's links.

    ``sources`` maps a page's ``src_uri`` to how errors name it and the text it is written in
    (for a Lab notebook, its script)."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: dict[str, tuple[str, str]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = _MESSAGE.match(message)
        if match and match["page"] in self.sources:
            where, text = self.sources[match["page"]]
            line = line_of(text, match["target"])
            record.msg = f"{where}:{line}: {message}" if line else f"{where}: {message}"
            record.args = ()
        return True


LINE_NUMBERS = LineNumbers()


def install() -> LineNumbers:
    """``LINE_NUMBERS`` on MkDocs' page logger (once), emptied for a new build."""
    LINE_NUMBERS.sources.clear()
    logging.getLogger("mkdocs.structure.pages").addFilter(LINE_NUMBERS)
    return LINE_NUMBERS


def raw_links(markdown: str) -> Iterator[tuple[int, str]]:
    """(line from 1, href) of each raw HTML ``<a href>`` of ``markdown`` outside code."""
    for index, line, spans in scan(markdown.split("\n")):
        if spans is None:
            continue
        for match in _RAW_LINK.finditer(line):
            if not any(a <= match.start() < b for a, b in spans):
                yield index + 1, match["href"]


def missing_target(href: str, src_uri: str, url: str, files: Files) -> bool:
    """Whether a relative ``href`` to a page (``.md``, ``.html`` or a directory), written on the
    page ``src_uri`` (served at ``url``), points at no page the site builds. Links to other
    hosts, absolute paths, e-mail, same-page anchors and other files (a download the deploy
    adds) are not its business."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return False
    path = unquote(parts.path)
    if posixpath.splitext(path.rstrip("/"))[1] not in ("", ".md", ".html"):
        return False  # a file, not a page: it may be published beside the site (a download)
    if path.endswith(".md"):  # a source path, as in a Markdown link
        return (
            files.get_file_from_path(
                posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
            )
            is None
        )
    base = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
    target = posixpath.normpath(posixpath.join(base, path))
    target = "" if target == "." else target
    if target.startswith(".."):
        return True
    built = set()
    for file in files:
        built |= {file.url, file.url.rstrip("/"), file.dest_uri}
    return target not in built and target + "/" not in built
