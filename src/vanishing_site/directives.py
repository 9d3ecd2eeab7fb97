"""Figures, values and maths in Markdown: a Python-Markdown extension, usable without MkDocs.

- ``![[name]]`` on a line of its own becomes the figure ``name``: light and dark SVG, title,
  caption, alt text, and links to its data (CSV) and to the module that draws it.
- ``{{ name }}`` becomes the value ``name`` (a string; names are dotted identifiers such as
  ``vanishing_gradients.delta_ratio``). Figure titles, captions and alt text may use values too.
- ``[[fig:name]]`` becomes a link to the figure ``name``, wherever it is shown, reading
  "Figure 3.2": the chapter's number and the figure's place in it (``numbers``, made by
  ``figure_numbers``), on this page if the figure is shown here, else in the first chapter
  that shows it. Captions may refer to figures too. A figure on a page that is not a chapter
  has no number there, and a reference to a figure no chapter shows fails.
- TeX from ``pymdownx.arithmatex`` (generic mode) becomes MathML, so pages need no script.
- Nothing on a page may make the browser fetch from another host (an image, a script...).

Code is left literal: code spans (a run of n backticks closed by a run of exactly n), fenced
blocks (closed only by a fence of the same character at least as long as the opening one),
indented code blocks and HTML comments. Every mistake raises ``DirectiveError`` as
``docs/PAGE:LINE: reason`` at the line of the page's source file (``first_line`` counts what
came before the Markdown, such as YAML front matter), and an unknown name comes with the
closest known ones::

    markdown.Markdown(
        extensions=["attr_list", "md_in_html", "pymdownx.arithmatex",
                    DirectivesExtension(figures=..., values=..., page="chapter.md")],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )

The directives are expanded before anything else reads the text, so a value may hold a whole
Markdown table, and maths inside a value is typeset like the page's own.
"""

import difflib
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from vanishing_site import mathml, style

FIGURE = re.compile(r"^(?P<indent>[ \t]*)!\[\[(?P<name>[^\]]*)\]\][ \t]*$")
VALUE = re.compile(r"\{\{\s*(?P<name>[^{}]*?)\s*\}\}")
REFERENCE = re.compile(r"\[\[fig:(?P<name>[^\[\]]*)\]\]")
NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# Lines that open a block whose content is indented by four more columns (lists,
# admonitions, details, tabs, definitions, footnotes): code inside them needs eight.
_CONTAINER = re.compile(r"^ *(?:[*+-]|\d+[.)]|!!!|\?\?\?\+?|===[!+]?|:|\[\^[^\]]+\]:)(?:[ \t]|$)")
# What opens literal text inside prose: an HTML comment or an unescaped run of backticks.
_LITERAL_START = re.compile(r"<!--|(?<!\\)`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# arithmatex's delimiters: display $$..$$, \[..\], \begin{env}..\end{env}; inline \(..\), $..$.
_FORMULA = re.compile(
    r"\$\$.+?\$\$|\\\[.+?\\\]|\\begin\{(?P<env>[^}]+)\}.+?\\end\{(?P=env)\}|\\\(.+?\\\)"
    r"|(?<![\\$])\$(?=\S)[^$\n]+?(?<=\S)(?<!\\)\$(?!\d)",
    re.DOTALL,
)
# What opens maths, left once the formulas are masked: it was never closed.
_UNCLOSED = re.compile(r"\$\$|(?<!\\)\\\(")
# An element the browser would fetch from another host by itself (links are followed by
# choice, so <a> is fine).
_REMOTE = re.compile(
    r"<(?P<tag>script|img|iframe|video|audio|source|track|embed|object|link|image|use)\b"
    r"[^>]*?\b(?:src|href|data|poster)=[\"']?(?P<url>(?:https?:)?//[^\"'\s>]+)",
    re.IGNORECASE,
)
# A number formatted from a float that is not one.
_NOT_A_NUMBER = re.compile(r"(?<![\w.])[-+−]?(?:nan|inf|infinity)(?!\w)", re.IGNORECASE)


class DirectiveError(ValueError):
    """A page asks for a figure or value that does not exist, or its maths cannot be typeset."""


def did_you_mean(name: str, known) -> str:
    """' (did you mean 'x' or 'y'?)' for the known names closest to ``name``, else ''."""
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""


def literal_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it is code (fenced or indented) and so taken literally."""
    literal = [False] * len(lines)
    fence: tuple[str, int] | None = None
    containers = [0]  # content indents of the open list items, admonitions...
    block_start, in_code = True, False
    for number, raw in enumerate(lines):
        line = raw.expandtabs(4)
        if fence:
            literal[number] = True
            match = _FENCE.match(line)
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= fence[1]:
                fence = None if not match["info"].strip() else fence
            continue
        if not line.strip():
            block_start = True
            literal[number] = in_code
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block_start:
            while len(containers) > 1 and indent < containers[-1]:
                containers.pop()
            in_code = indent >= containers[-1] + 4
            block_start = False
        if in_code and indent >= containers[-1] + 4:
            literal[number] = True
            continue
        if in_code:  # a line indented less ends the code block, blank line or not
            while len(containers) > 1 and indent < containers[-1]:
                containers.pop()
            in_code = False
        match = _FENCE.match(line)
        if match and not (match["fence"][0] == "`" and "`" in match["info"]):
            fence = (match["fence"][0], len(match["fence"]))
            literal[number] = True
        elif _CONTAINER.match(line):
            while len(containers) > 1 and indent < containers[-1]:
                containers.pop()
            containers.append(indent + 4)
    return literal


def literal_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the code spans and HTML comments of prose ``text``.

    A code span does not cross a blank line (Markdown reads inline code per paragraph); an
    unclosed comment runs to the end.
    """
    spans = []
    position = 0
    while match := _LITERAL_START.search(text, position):
        if match[0] == "<!--":
            end = text.find("-->", match.end())
            end = len(text) if end < 0 else end + 3
        else:
            paragraph = _BLANK_LINE.search(text, match.end())
            limit = paragraph.start() if paragraph else len(text)
            closing = re.compile(f"(?<!`){match[0]}(?!`)").search(text, match.end(), limit)
            if closing is None:
                position = match.end()
                continue
            end = closing.end()
        spans.append((match.start(), end))
        position = end
    return spans


def _masked(text: str, spans) -> str:
    """``text`` with the characters of ``spans`` blanked out (newlines kept, so lines count)."""
    parts, position = [], 0
    for start, end in spans:
        parts += [text[position:start], re.sub(r"[^\n]", " ", text[start:end])]
        position = end
    return "".join([*parts, text[position:]])


@dataclass(frozen=True)
class Origin:
    """Where a line of the expanded Markdown comes from: a source line, maybe via a figure."""

    line: int
    figure: str | None = None


@dataclass(frozen=True)
class Numbered:
    """Where a figure is shown: its page (path inside the docs directory) and its number,
    "3.2", or None on a page that is not a chapter."""

    page: str
    number: str | None


def figure_numbers(pages) -> dict[str, list[Numbered]]:
    """Where each figure is shown, from ``pages``: (page, chapter number or None, the names of
    the figures it shows in order), in reading order. Figure 3.2 is the second figure of
    chapter 3; a figure shown in two chapters has a number in each."""
    shown: dict[str, list[Numbered]] = {}
    for page, chapter, names in pages:
        for position, name in enumerate(names, 1):
            number = None if chapter is None else f"{chapter}.{position}"
            shown.setdefault(name, []).append(Numbered(page, number))
    return shown


def figure_anchor(name: str) -> str:
    """The id of a figure's element on its page."""
    return "figure-" + name.replace("_", "-")


def figure_markdown(name: str, meta: Mapping, to_root: str) -> str:
    """The Markdown (md_in_html) block that shows one figure in both colour schemes.

    ``meta`` holds its title, caption, alt text, width and height, and optionally ``source``
    (the URL of the module that draws it) and ``number`` (its figure number).
    """
    base = posixpath.join(to_root, "figures", name)
    # Brackets would end the image's alt text: escaped, they reach the attribute unchanged.
    alt = meta["alt"].replace("[", r"\[").replace("]", r"\]")
    size = f'width="{meta["width"]}" height="{meta["height"]}" loading="lazy"'
    links = f"[Data (CSV)]({base}.csv)"
    if meta.get("source"):
        links += f" · [Source]({meta['source']})"
    number = (
        meta.get("number")
        and f'<strong class="vg-figure-number">Figure {meta["number"]}</strong> · '
    )
    return (
        f'<figure markdown="1" id="{figure_anchor(name)}" class="vg-figure">\n'
        f"![{alt}]({base}.svg#only-light){{ {size} }}\n"
        f"![{alt}]({base}.dark.svg#only-dark){{ {size} }}\n"
        f'<figcaption markdown="span">{number or ""}**{meta["title"]}.** {meta["caption"]} '
        f'<span class="vg-figure-links">{links}</span></figcaption>\n'
        "</figure>"
    )


# A figure's image in the HTML of a page, as figure_markdown writes it (MkDocs has made its path
# relative to the page): the figure's name, and ".dark" for the dark scheme's.
_FIGURE_IMAGE = re.compile(
    r'<img\b[^>]*\bsrc="(?P<base>[^"]*figures/(?P<name>\w+))(?P<dark>\.dark)?\.svg#only-'
    r'(?:light|dark)"[^>]*>'
)


def with_phone_variants(html: str, figures: Mapping) -> str:
    """Give each figure image of a page its phone variant: a <picture> whose <source> narrow
    screens take, drawn narrower with text no smaller (vanishing_site.style.PHONE_MEDIA)."""

    def picture(match: re.Match) -> str:
        meta = figures[match["name"]]
        source = f"{match['base']}.phone{match['dark'] or ''}.svg"
        return (
            f'<picture><source media="{style.PHONE_MEDIA}" srcset="{source}" '
            f'width="{meta["phone_width"]}" height="{meta["phone_height"]}" />'
            f"{match.group(0)}</picture>"
        )

    return _FIGURE_IMAGE.sub(picture, html)


def scan(lines: list[str]) -> Iterator[tuple[int, str, list[tuple[int, int]] | None]]:
    """(index, line, literal spans) of each line: the (start, end) columns of its code spans
    and comments, or None for a line of code."""
    literal = literal_lines(lines)
    for start, end in _runs(literal):
        if literal[start]:
            yield from ((index, lines[index], None) for index in range(start, end))
            continue
        text = "\n".join(lines[start:end])
        spans = literal_spans(text)
        offset = 0
        for index in range(start, end):
            line = lines[index]
            cuts = [
                (max(a - offset, 0), min(b - offset, len(line)))
                for a, b in spans
                if a <= offset + len(line) and b > offset
            ]
            yield index, line, cuts
            offset += len(line) + 1


def figure_directive(line: str, spans) -> re.Match | None:
    """The match of a figure directive on ``line``, unless the line is code or in a comment."""
    match = FIGURE.match(line)
    return match if match and spans is not None and not any(a == 0 for a, _ in spans) else None


def figures_used(markdown: str) -> Iterator[tuple[int, str]]:
    """(line, name) of every figure directive of ``markdown`` (lines counted from 1)."""
    for index, line, spans in scan(markdown.split("\n")):
        if match := figure_directive(line, spans):
            yield index + 1, match["name"].strip()


def _runs(literal: list[bool]) -> Iterator[tuple[int, int]]:
    """(start, end) line indices of the runs of code lines and of prose lines."""
    start = 0
    for number in range(1, len(literal) + 1):
        if number == len(literal) or literal[number] != literal[start]:
            yield start, number
            start = number


class DirectivesExtension(Extension):
    """``![[figure]]`` and ``{{ value }}`` expanded, arithmatex maths typeset as MathML.

    ``figures`` maps a figure's name to its metadata (see ``figure_markdown``), ``values`` a
    value's name to its text. ``page`` is the page's path inside the docs directory (figure
    links are relative to it); errors name ``where`` (default ``docs/`` + page) and count lines
    from ``first_line``. ``used`` collects the names of the values the pages used.
    """

    def __init__(self, **kwargs):
        self.config = {
            "figures": [{}, "figure name -> metadata (title, caption, alt, width, height)"],
            "values": [{}, "value name -> text"],
            "page": ["index.md", "the page's path inside the docs directory"],
            "where": ["", "how errors name the page (default: docs/ + page)"],
            "first_line": [1, "the source file's line number of the Markdown's first line"],
            "figure_modules": [{}, "figure name -> its module's file, for error messages"],
            "numbers": [{}, "figure name -> where it is shown and its number (figure_numbers)"],
        }
        super().__init__(**kwargs)
        self.used: set[str] = set()

    def fail(self, message: str) -> Exception:
        """The exception to raise for ``message`` (a plugin may log it, or change its type)."""
        return DirectiveError(message)

    def extendMarkdown(self, md: Markdown) -> None:
        state = _Page(self)
        # Before whitespace normalisation (30), fenced code (25) and raw HTML (20): the lines
        # are still the source's, and a figure's HTML block is read as HTML.
        md.preprocessors.register(_Expand(md, state), "vanishing_directives", 35)
        # After raw HTML is restored (30) and ampersands substituted (20): the final HTML.
        md.postprocessors.register(_Output(md, state), "vanishing_output", 5)
        md.registerExtension(self)


@dataclass
class _Page:
    """What the preprocessor learnt about the page being converted, for the postprocessor."""

    extension: DirectivesExtension
    text: str = ""
    origins: list[Origin] = field(default_factory=list)

    def option(self, key: str):
        return self.extension.getConfig(key)

    @property
    def where(self) -> str:
        return self.option("where") or f"docs/{self.option('page')}"

    def at(self, origin: Origin | None) -> str:
        """'docs/page.md:12' or, for a figure's caption, its module and the directive's line."""
        if origin is None:
            return self.where
        line = origin.line + self.option("first_line") - 1
        if origin.figure is None:
            return f"{self.where}:{line}"
        module = self.option("figure_modules").get(origin.figure, f"figure {origin.figure!r}")
        return f"{module} (figure {origin.figure!r}, shown at {self.where}:{line})"

    def fail(self, origin: Origin | None, reason: str) -> Exception:
        return self.extension.fail(f"{self.at(origin)}: {reason}")

    def value(self, name: str, origin: Origin) -> str:
        values = self.option("values")
        if not NAME.fullmatch(name):
            raise self.fail(origin, f"{name!r} is not a value name (a dotted identifier)")
        if name not in values:
            raise self.fail(origin, f"no value named {name!r}{did_you_mean(name, values)}")
        text = values[name]
        if not isinstance(text, str):
            kind = type(text).__name__
            raise self.fail(origin, f"value {name!r} is a {kind}, not the text to print")
        if match := _NOT_A_NUMBER.search(text):
            raise self.fail(origin, f"value {name!r} holds {match[0]!r}: {text!r}")
        self.extension.used.add(name)
        return text

    def expand_values(self, text: str, origin: Origin) -> str:
        return VALUE.sub(lambda match: self.value(match["name"], origin), text)

    def reference(self, name: str, origin: Origin) -> str:
        """The Markdown link "Figure 3.2" to the figure ``name``: on this page if it is shown
        here, else where a chapter first shows it."""
        numbers = self.option("numbers")
        if name not in numbers:
            known = did_you_mean(name, numbers)
            raise self.fail(origin, f"no figure named {name!r} on any page{known}")
        page = self.option("page")
        here = [shown for shown in numbers[name] if shown.page == page]
        numbered = [shown for shown in here or numbers[name] if shown.number]
        if not numbered:
            pages = ", ".join(f"docs/{shown.page}" for shown in numbers[name])
            raise self.fail(origin, f"figure {name!r} has no number: {pages} is not a chapter")
        target = "" if numbered[0].page == page else relative_link(page, numbered[0].page)
        return f"[Figure {numbered[0].number}]({target}#{figure_anchor(name)})"

    def expand(self, text: str, origin: Origin) -> str:
        """``text`` with its figure references and values filled in."""
        text = REFERENCE.sub(lambda match: self.reference(match["name"].strip(), origin), text)
        return self.expand_values(text, origin)


def relative_link(page: str, target: str) -> str:
    """The link from ``page`` to ``target``, both paths inside the docs directory."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


class _Expand(Preprocessor):
    """Figures and values into the page's lines; remembers where each output line came from."""

    def __init__(self, md: Markdown, state: _Page) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        state = self.state
        figures = state.option("figures")
        page = state.option("page")
        to_root = posixpath.relpath(".", posixpath.dirname(page) or ".")
        out: list[str] = []
        origins: list[Origin] = []
        for index, line, spans in scan(lines):
            origin = Origin(index + 1)
            if match := figure_directive(line, spans):
                name = match["name"].strip()
                if name not in figures:
                    raise state.fail(
                        origin, f"no figure named {name!r}{did_you_mean(name, figures)}"
                    )
                rows = self._figure(name, figures[name], to_root, origin).split("\n")
                out += [match["indent"] + row for row in rows]
                origins += [Origin(index + 1, name)] * len(rows)
                continue
            expanded = line if spans is None else self._values(line, spans, origin)
            out += expanded.split("\n")
            origins += [origin] * (expanded.count("\n") + 1)
        state.text, state.origins = "\n".join(out), origins
        self._check_display_maths()
        return out

    def _values(self, line: str, spans, origin: Origin) -> str:
        """``line`` with the values outside its literal ``spans`` filled in."""
        parts, position = [], 0
        for start, end in spans:
            parts += [self.state.expand(line[position:start], origin), line[start:end]]
            position = end
        return "".join([*parts, self.state.expand(line[position:], origin)])

    def _figure(self, name: str, meta: Mapping, to_root: str, origin: Origin) -> str:
        """The figure's block: its number, and its title, caption and alt text with their
        values (and the caption's figure references) filled in."""
        inside = Origin(origin.line, name)
        meta = dict(meta) | {
            key: self.state.expand_values(meta[key], inside) for key in ("title", "alt")
        }
        meta["caption"] = self.state.expand(meta["caption"], inside)
        page = self.state.option("page")
        shown = self.state.option("numbers").get(name, [])
        meta["number"] = next((n.number for n in shown if n.page == page), None)
        return figure_markdown(name, meta, to_root)

    def _check_display_maths(self) -> None:
        """A `$$` or `\\(` that opens maths and never closes would be published as text."""
        text = _masked(self.state.text, _code(self.state))
        text = _masked(text, [m.span() for m in _FORMULA.finditer(text)])
        if match := _UNCLOSED.search(text):
            origin = self.state.origins[text.count("\n", 0, match.start())]
            kind = "display" if match[0] == "$$" else "inline"
            raise self.state.fail(origin, f"{match[0]!r} opens {kind} maths that is never closed")


def _code(state: _Page) -> list[tuple[int, int]]:
    """The literal spans of the expanded text: code lines and the prose's code and comments."""
    spans, offset = [], 0
    for _, line, cuts in scan(state.text.split("\n")):
        spans += (
            [(offset, offset + len(line))]
            if cuts is None
            else [(offset + a, offset + b) for a, b in cuts]
        )
        offset += len(line) + 1
    return spans


class _Output(Postprocessor):
    """arithmatex's TeX into MathML, and nothing fetched from another host; a failure names
    the line it was written on."""

    def __init__(self, md: Markdown, state: _Page) -> None:
        super().__init__(md)
        self.state = state

    def run(self, text: str) -> str:
        html = render_maths(text, self.state.fail, self.locate)
        if match := remote(html):
            raise self.state.fail(self.locate(match["url"], False), remote_reason(match))
        return html

    def locate(self, tex: str, formula: bool) -> Origin | None:
        """The origin of the first line outside code on which ``tex`` is written.

        A formula is looked for among formulas; leftover TeX outside them first."""
        if not tex.split():
            return None
        state = self.state
        source = _masked(state.text, _code(state))
        formulas = [m.span() for m in _FORMULA.finditer(source)]
        pattern = re.compile(r"\s+".join(map(re.escape, tex.split())))
        if formula:
            found = next((m for s, e in formulas if (m := pattern.search(source, s, e))), None)
        else:
            found = pattern.search(_masked(source, formulas)) or pattern.search(source)
        return None if found is None else state.origins[source.count("\n", 0, found.start())]


def render_maths(html: str, fail, locate=lambda tex, formula: None) -> str:
    """arithmatex's wrappers in ``html`` as MathML; any TeX left over fails.

    ``fail(origin, reason)`` makes the exception to raise, ``locate(tex, is_formula)`` finds
    where ``tex`` was written (None when it cannot tell).
    """
    try:
        html = mathml.render_arithmatex(html)
    except mathml.MathError as error:
        raise fail(locate(error.tex, True), str(error)) from None
    if leftovers := mathml.find_raw_tex(html):
        raise fail(locate(leftovers[0], False), f"raw TeX {leftovers[0]!r}")
    return html


def remote(html: str) -> re.Match | None:
    """The first element of ``html`` that would load something from another host."""
    return _REMOTE.search(html)


def remote_reason(match: re.Match) -> str:
    return f"<{match['tag']}> loads {match['url']}: the site asks no other host for anything"
