"""Bad inputs, one by one, against one small warm project built in this process.

Each case changes a few files of the project (a page, a figure module, the values, the
configuration), runs the strict build, and expects either a failure whose message names the
file and the line (``docs/page.md:LINE: reason``), or, where the input is literal text (code,
comments), a page showing it as written. Either way ``docs/`` is never written to, a failed
build leaves ``site/`` exactly as it was, and no staging directory is left behind. The files
are restored after each case, so the next one starts from the warm project.

Builds run in this process (MkDocs' ``build`` after ``load_config``) rather than as
``mkdocs build`` commands: the theme and MkDocs are imported once, and a case costs a
fraction of a second unless it draws a figure.
"""

import base64
import hashlib
import importlib
import logging
import os
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as build_site
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from sites import site_config, with_lab, write_package

# Whole builds, as the other tests of tests/build: `make test` runs them, `make check` does not.
pytestmark = pytest.mark.slow

INDEX = """\
# Home

A formula: \\(x^2\\).

![[line0]]

The answer is {{ answer }}. See [the other page](other.md#a-section).
"""
HEAD = "# Other\n\n## A section\n\n"  # other.md's body starts on line 5


def other(body: str) -> dict:
    return {"docs/other.md": HEAD + textwrap.dedent(body)}


def index(body: str) -> dict:
    """index.md with ``body`` from line 3, still using the value."""
    return {"docs/index.md": "# Home\n\n" + textwrap.dedent(body) + "\n{{ answer }}\n"}


FIGURE = '''\
r"""{title}

{caption}

Alt: {alt}
"""

import matplotlib.pyplot as plt
import numpy as np


def figure():
    x = np.linspace(0, 1, 4)
{body}
'''
DRAW = "    fig, ax = plt.subplots()\n    ax.plot(x, x)\n    return fig, {'x': x}\n"
ALT = "A rising line over x from 0 to 1, drawn for a test."


def figure_module(
    body=DRAW, title="A test figure", caption="A caption.", alt=ALT, name="broken"
) -> dict:
    """A figure module tmpfigs/NAME.py and index.md showing it on line 3."""
    text = FIGURE.format(title=title, caption=caption, alt=alt, body=body)
    return {f"tmpfigs/{name}.py": text, **index(f"![[{name}]]\n")}


def values(body: str) -> dict:
    return {"tmpfigs/_values.py": f"{body}\n\n\ndef modules():\n    return []\n"}


def config(**changes) -> dict:
    """mkdocs.yml with top-level ``changes`` (a key set to None is removed)."""
    data = site_config()
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        elif isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = data[key] | value
        else:
            data[key] = value
    return {"mkdocs.yml": yaml.safe_dump(data, sort_keys=False)}


def plugin(**options) -> dict:
    data = site_config(**options)
    return {"mkdocs.yml": yaml.safe_dump(data, sort_keys=False)}


@dataclass
class Case:
    id: str
    changes: dict
    error: str | None = None  # a regular expression the failure's messages must match
    shown: dict = field(default_factory=dict)  # else: page -> text its HTML must contain


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="{fill}" width="1" height="1"/>{text}</svg>'
)
# Bytes that do not compress: 40 KB of them, in base64.
NOISE = f"<desc>{base64.b64encode(random.Random(0).randbytes(40_000)).decode()}</desc>"
FRONT = "---\ntitle: Home\nwords: [a, b]\n---\n\n"

CASES = [
    # Figures and values in pages
    Case(
        "unknown figure",
        index("![[line7]]"),
        r"docs/index\.md:3: no figure named 'line7' \(did you mean 'line1' or 'line0'\?\)",
    ),
    Case("empty figure name", index("text\n\n![[ ]]"), r"docs/index\.md:5: no figure named ''"),
    Case(
        "unknown figure below front matter",
        {"docs/index.md": FRONT + "# Home\n\n![[lin0]]\n{{ answer }}\n"},
        r"docs/index\.md:8: no figure named 'lin0' \(did you mean 'line0'",
    ),
    Case(
        "unknown figure in a list item",
        index("- item\n\n    ![[nosuch]]\n"),
        r"docs/index\.md:5: no figure named 'nosuch'",
    ),
    Case(
        "unknown value",
        index("one\ntwo {{ nosuch }}"),
        r"docs/index\.md:4: no value named 'nosuch'",
    ),
    Case(
        "misspelt value",
        {"docs/index.md": FRONT + "# Home\n\n![[line0]]\n\nfine\n{{ answr }}\n"},
        r"docs/index\.md:11: no value named 'answr' \(did you mean 'answer'\?\)",
    ),
    Case("empty value", index("x\n\n{{ }}"), r"docs/index\.md:5: '' is not a value name"),
    Case(
        "value name with a space",
        index("{{ two words }}"),
        r"docs/index\.md:3: 'two words' is not a value name",
    ),
    Case(
        "value in a table cell",
        index("| a | b |\n|---|---|\n| 1 | {{ answr }} |"),
        r"docs/index\.md:5: no value named 'answr'",
    ),
    Case(
        "value in a heading",
        index("## Heading {{ nosuch }}"),
        r"docs/index\.md:3: no value named 'nosuch'",
    ),
    Case(
        "value in link text",
        index("[{{ nosuch }}](other.md)"),
        r"docs/index\.md:3: no value named 'nosuch'",
    ),
    Case(
        "unknown value in a page of a folder",
        {"docs/part/deep.md": "# Deep\n\n\n{{ nosuch }}\n"},
        r"docs/part/deep\.md:4: no value named 'nosuch'",
    ),
    Case(
        "unused value",
        {"docs/index.md": "# Home\n\n![[line0]]\n"},
        r"tmpfigs\._values: no page uses the value\(s\) answer",
    ),
    Case(
        "unknown value after CRLF lines",
        {"docs/index.md": "# Home\r\n\r\ntext\r\n{{ nosuch }}\r\n{{ answer }}\r\n"},
        r"docs/index\.md:4: no value named 'nosuch'",
    ),
    # Literal text: code and comments show directives as written
    Case(
        "value in a code span",
        index("Write `{{ nosuch }}` to show a value."),
        shown={"index.html": "<code>{{ nosuch }}</code>"},
    ),
    Case(
        "value in a fenced block",
        index("```text\n{{ nosuch }}\n```"),
        shown={"index.html": "{{ nosuch }}"},
    ),
    Case(
        "figure in a fenced block",
        index("~~~~\n![[nosuch]]\n~~~~"),
        shown={"index.html": "![[nosuch]]"},
    ),
    Case(
        "figure in an indented code block",
        index("text\n\n    ![[nosuch]]\n    {{ nosuch }}"),
        shown={"index.html": "![[nosuch]]\n{{ nosuch }}"},
    ),
    Case(
        "figure in a double-backtick span",
        index("Use ``![[nosuch]]`` on its own line."),
        shown={"index.html": "<code>![[nosuch]]</code>"},
    ),
    Case(
        "value in an HTML comment",
        index("<!-- {{ nosuch }} -->\ntext"),
        shown={"index.html": "<!-- {{ nosuch }} -->"},
    ),
    Case(
        "TeX in a code span",
        index("The source `\\(\\nosuchmacro\\)` stays."),
        shown={"index.html": "<code>\\(\\nosuchmacro\\)</code>"},
    ),
    Case(
        "unclosed display maths in a fence",
        index("```\n$$ x\n```"),
        shown={"index.html": "$$ x"},
    ),
    # Maths
    Case(
        "unknown macro", other("fine\n\\(\\nosuchmacro{x}\\)\n"), r"docs/other\.md:6:.*nosuchmacro"
    ),
    Case(
        "unknown macro below a figure",
        index("![[line0]]\n\n\\(x\\) \\(\\nosuchmacro{x}\\)"),
        r"docs/index\.md:5:.*nosuchmacro",
    ),
    Case(
        "unknown macro below front matter",
        {"docs/index.md": FRONT + "# Home\n\n\\(\\nosuchmacro\\)\n{{ answer }}\n"},
        r"docs/index\.md:8:.*nosuchmacro",
    ),
    Case(
        "same formula twice, the second bad",
        other("\\(\\alpha\\)\n\n\\(\\alpha + \\nosuch\\)\n"),
        r"docs/other\.md:7:.*nosuch",
    ),
    Case(
        "unknown macro in display maths",
        other("text\n\n$$\n\\frac{1}{2} + \\nosuchmacro\n$$\n"),
        r"docs/other\.md:(7|8):.*nosuchmacro",
    ),
    Case(
        "unbalanced braces",
        other("text \\(\\frac{1}{2\\)\n"),
        r"docs/other\.md:5:.*unbalanced braces",
    ),
    Case(
        "unknown environment",
        other("\n\\begin{nosuchenv}\nx\n\\end{nosuchenv}\n"),
        r"docs/other\.md:6:.*nosuchenv",
    ),
    Case("unclosed display maths", other("one\n\n$$\nx^2\n"), r"docs/other\.md:7:.*'\$\$'"),
    Case(
        "unclosed inline maths",
        other("one\n\ntwo \\(x^2 three\n"),
        r"docs/other\.md:7: '\\\\\(' opens inline maths that is never closed",
    ),
    Case("TeX outside maths", other("a\nthe \\frac{1}{2} ratio\n"), r"docs/other\.md:6:.*frac"),
    Case(
        "dollar maths with a bad macro",
        other("a\n\nb $\\nosuch x$ c\n"),
        r"docs/other\.md:7:.*nosuch",
    ),
    # HTML in pages
    Case(
        "remote image",
        other('a\n\n<img src="https://example.com/x.png" alt="x">\n'),
        r"docs/other\.md:7: <img> loads https://example\.com/x\.png",
    ),
    Case(
        "remote image in Markdown",
        other("a\n\n![x](https://example.com/x.png)\n"),
        r"docs/other\.md:7: <img> loads https://example\.com",
    ),
    Case(
        "protocol-relative script",
        other('a\n<script src="//cdn.example.com/x.js"></script>\n'),
        r"docs/other\.md:6: <script> loads //cdn\.example\.com/x\.js",
    ),
    Case(
        "remote iframe",
        other('<iframe src="https://example.com/"></iframe>\n'),
        r"docs/other\.md:5: <iframe> loads https://example\.com/",
    ),
    Case(
        "remote stylesheet",
        other('\n<link rel="stylesheet" href="https://example.com/a.css">\n'),
        r"docs/other\.md:6: <link> loads https://example\.com/a\.css",
    ),
    Case(
        "raw link to a missing page",
        other('a\n\n<a href="missing.md">gone</a>\n'),
        r"docs/other\.md:7: <a href='missing\.md'>",
    ),
    Case(
        "raw link to a missing page's URL",
        other('<p>a</p>\n\n<p><a href="../missing/">gone</a></p>\n'),
        r"docs/other\.md:7: <a href='\.\./missing/'>",
    ),
    # Links
    Case(
        "link to a missing page",
        other("text\n\n[x](missing.md)\n"),
        r"docs/other\.md:7: .*'missing\.md'",
    ),
    Case(
        "link to a missing anchor",
        index("x\n\n[x](other.md#nowhere)"),
        r"docs/index\.md:5: .*'other\.md#nowhere'",
    ),
    Case(
        "link to a missing anchor of the same page",
        other("text\n[x](#nowhere)\n"),
        r"docs/other\.md:6: .*'#nowhere'",
    ),
    # Front matter
    Case(
        "front matter not closed",
        {"docs/index.md": "---\ntitle: Home\n\n# Home\n{{ answer }}\n"},
        r"docs/index\.md:1: front matter opened by '---' is never closed",
    ),
    Case(
        "front matter bad YAML",
        {"docs/index.md": "---\ntitle: [unclosed\n---\n\n# Home\n{{ answer }}\n"},
        r"docs/index\.md:2: front matter is not valid YAML",
    ),
    Case(
        "front matter bad YAML on its third line",
        {"docs/index.md": "---\ntitle: Home\nwords: a\n  b: c\n---\n# Home\n{{ answer }}\n"},
        r"docs/index\.md:4: front matter is not valid YAML",
    ),
    Case(
        "front matter a list",
        {"docs/index.md": "---\n- a\n- b\n---\n# Home\n{{ answer }}\n"},
        r"docs/index\.md:2: front matter must be a mapping",
    ),
    Case(
        "front matter with a tab",
        {"docs/index.md": "---\ntitle: Home\n\twords: 1\n---\n# Home\n{{ answer }}\n"},
        r"docs/index\.md:3: front matter is not valid YAML",
    ),
    # Encodings
    Case(
        "page in Latin-1",
        {"docs/index.md": "# Home\n\n{{ answer }}\ncaf\xe9\n".encode("latin-1")},
        r"docs/index\.md:4: not UTF-8",
    ),
    Case(
        "page in UTF-16",
        {"docs/other.md": "# Other\n\n## A section\n".encode("utf-16")},
        r"docs/other\.md:1: not UTF-8",
    ),
    Case(
        "stray byte deep in a page",
        {"docs/other.md": (HEAD + "a\nb\nc \u201cquoted\u201d\n").encode("cp1252")},
        r"docs/other\.md:7: not UTF-8",
    ),
    Case(
        "figure module in Latin-1",
        {
            **figure_module(),
            "tmpfigs/broken.py": FIGURE.format(
                title="Caf\xe9", caption="A caption.", alt=ALT, body=DRAW
            ).encode("latin-1"),
        },
        r"figure 'broken': .*tmpfigs/broken\.py:1: not UTF-8",
    ),
    # Images put into docs/ by hand
    Case(
        "raster image in docs",
        {"docs/photo.png": b"\x89PNG\r\n\x1a\n" + bytes(64)},
        r"docs/photo\.png: a raster image \(\.png\) cannot keep to the site's palette",
    ),
    Case(
        "SVG off the palette in docs",
        {"docs/pic.svg": SVG.format(fill="#123456", text="")},
        r"docs/pic\.svg: colour #123456 is not in the palette",
    ),
    Case(
        "SVG over the budget in docs",
        {"docs/pic.svg": SVG.format(fill="none", text=NOISE)},
        r"docs/pic\.svg: 40\.5 KB gzip, over the budget of 30 KB",
    ),
    # Figures
    Case(
        "figure that raises",
        figure_module("    raise RuntimeError('boom')\n"),
        r"figure 'broken' \(.*tmpfigs/broken\.py\) failed:(.|\n)*RuntimeError: boom",
    ),
    Case(
        "figure that calls sys.exit(0)",
        figure_module("    import sys\n    sys.exit(0)\n"),
        r"figure 'broken' \(.*broken\.py\) failed:(.|\n)*SystemExit: 0",
    ),
    Case(
        "figure that kills its process",
        figure_module("    import os\n    os._exit(3)\n"),
        r"figure 'broken' \(.*broken\.py\) failed:\n.*exit status 3",
    ),
    Case(
        "figure that returns no data",
        figure_module("    fig, ax = plt.subplots()\n    return fig\n"),
        r"broken\.py: figure\(\) must return \(figure, data\)",
    ),
    Case(
        "figure data of unequal columns",
        figure_module(DRAW.replace("{'x': x}", "{'x': x, 'y': x[:2]}")),
        r"broken\.py: figure\(\) data must be columns of equal length",
    ),
    Case(
        "figure with a colour outside the palette",
        figure_module(DRAW.replace("ax.plot(x, x)", "ax.plot(x, x, color='#123456')")),
        r"figure 'broken'(.|\n)*colour #123456 is not in the palette",
    ),
    Case(
        "figure without alt text",
        {
            **figure_module(),
            "tmpfigs/broken.py": FIGURE.format(
                title="A title", caption="A caption.", alt=ALT, body=DRAW
            ).replace("Alt: ", ""),
        },
        r"broken\.py: the docstring needs one 'Alt:' paragraph",
    ),
    Case(
        "figure caption with bad TeX",
        figure_module(caption="The ratio \\(\\nosuchmacro\\)."),
        r"tmpfigs/broken\.py \(figure 'broken', shown at docs/index\.md:3\):.*nosuchmacro",
    ),
    Case(
        "figure caption with an unknown value",
        figure_module(caption="It is {{ nosuch }}."),
        r"tmpfigs/broken\.py \(figure 'broken', shown at docs/index\.md:3\): no value named",
    ),
    Case(
        "figure module with a syntax error",
        figure_module("    return (\n"),
        r"figure 'broken': .*tmpfigs/broken\.py:14: '\(' was never closed",
    ),
    Case(
        "figure importing a missing module",
        figure_module("    import nosuchmodule  # noqa\n" + DRAW),
        r"figure 'broken' \(.*broken\.py\) failed:(.|\n)*No module named 'nosuchmodule'",
    ),
    Case(
        "figure too large",
        figure_module(
            "    rng = np.random.default_rng(0)\n    fig, ax = plt.subplots()\n"
            "    y = rng.normal(size=20000)\n    ax.plot(y)\n    return fig, {'y': y}\n"
        ),
        r"figure 'broken'(.|\n)*KB gzip(.|\n)*budget",
    ),
    Case(
        "alt text with brackets",
        figure_module(alt="A line [drawn] over x from 0 to 1, with [a] bracket."),
        shown={"index.html": 'alt="A line [drawn] over x from 0 to 1, with [a] bracket."'},
    ),
    # Values
    Case(
        "value that is a float",
        values("def evaluate():\n    return {'answer': 42.0}"),
        r"docs/index\.md:7: value 'answer' is a float, not the text to print",
    ),
    Case(
        "value formatted from NaN",
        values("def evaluate():\n    return {'answer': f'{float(\"nan\"):.2f}'}"),
        r"docs/index\.md:7: value 'answer' holds 'nan'",
    ),
    Case(
        "value formatted from infinity",
        values("def evaluate():\n    return {'answer': f'about {-float(\"inf\")}'}"),
        r"docs/index\.md:7: value 'answer' holds '-inf'",
    ),
    Case(
        "values that raise",
        values("def evaluate():\n    raise ValueError('no answer')"),
        r"tmpfigs\._values\.evaluate\(\) failed:(.|\n)*ValueError: no answer",
    ),
    Case(
        "values that call sys.exit",
        values("def evaluate():\n    raise SystemExit(2)"),
        r"tmpfigs\._values\.evaluate\(\) failed:(.|\n)*SystemExit: 2",
    ),
    Case(
        "values that are not JSON",
        values("def evaluate():\n    return {'answer': {1, 2}}"),
        r"tmpfigs\._values\.evaluate\(\) returned what JSON cannot hold: .* set ",
    ),
    Case(
        "values module with a syntax error",
        values("def evaluate(:\n    return {}"),
        r"tmpfigs/_values\.py:1: invalid syntax \(the values module\)",
    ),
    # Configuration
    Case(
        "misspelt plugin option",
        plugin(figurs="tmpfigs"),
        r"unknown option 'figurs' \(did you mean 'figures'\?\)",
    ),
    Case(
        "misspelt theme feature",
        config(theme={"features": ["navigation.top", "navigation.foter"]}),
        r"the theme has no feature 'navigation\.foter' \(did you mean 'navigation\.footer'",
    ),
    Case(
        "edit_uri on another branch",
        config(repo_url="https://github.com/example/example", edit_uri="edit/dev/docs/"),
        r"edit_uri 'edit/dev/docs/' does not open branch 'main'",
    ),
    Case(
        "unknown figure package",
        plugin(figures="nosuchpackage"),
        r"figures option: cannot import 'nosuchpackage' \(No module named 'nosuchpackage'\)",
    ),
    Case(
        "unknown values module",
        plugin(values="tmpfigs._nosuch"),
        r"values option: cannot import 'tmpfigs\._nosuch'",
    ),
    Case(
        "mkdocs.yml not YAML",
        {"mkdocs.yml": "site_name: x\nnav:\n  - a: [b\n"},
        r"mkdocs\.yml.*line [45]|line [45].*mkdocs\.yml",
    ),
    Case(
        "unknown plugin",
        config(plugins=["search", "nosuchplugin"]),
        r"nosuchplugin",
    ),
    Case(
        "nav to a missing page",
        config(nav=[{"Home": "index.md"}, {"Gone": "gone.md"}]),
        r"gone\.md",
    ),
]

NOTEBOOK = "# %% [markdown]\n# # Tiny lab\n#\n# See [home](../index.md).\n\n# %%\nprint(6 * 7)\n"


def notebook(text: str) -> dict:
    return {"docs/lab/tiny.py": text}


# Cases that run the notebook's kernel come last: each leaves the next build to run it again.
NOTEBOOK_CASES = [
    Case(
        "notebook with backslash maths",
        notebook(NOTEBOOK + "\n# %% [markdown]\n# Not \\(x\\) but $x$.\n"),
        r"lab/tiny\.py, cell 3 \(line 9\): ",
    ),
    Case(
        "notebook without cell markers",
        notebook("print('a plain script')\n"),
        r"lab/tiny\.py: not a percent-format notebook",
    ),
    Case(
        "notebook that does not parse",
        notebook(NOTEBOOK + "\n# %%\nprint(\n"),
        r"lab/tiny\.py:10: not valid Python",
    ),
    Case(
        "notebook in Latin-1",
        {"docs/lab/tiny.py": (NOTEBOOK + "# caf\xe9\n").encode("latin-1")},
        r"docs/lab/tiny\.py:8: not UTF-8",
    ),
    Case(
        "notebook cell that raises",
        notebook(NOTEBOOK + "\n# %%\nraise RuntimeError('boom')\n"),
        r"lab/tiny\.py, cell 3 \(line 9\) raised RuntimeError: boom",
    ),
    Case(
        "notebook link to a missing anchor",
        notebook(NOTEBOOK.replace("(../index.md)", "(../index.md#nowhere)")),
        r"docs/lab/tiny\.py:4: .*'\.\./index\.md#nowhere'",
    ),
]


def _tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class _Messages(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _forget_package() -> None:
    importlib.invalidate_caches()
    for name in [m for m in sys.modules if m == "tmpfigs" or m.startswith("tmpfigs.")]:
        del sys.modules[name]


def build(root: Path) -> tuple[bool, str]:
    """The strict build of ``root`` in this process: (succeeded, what it logged and raised).

    For its duration, ``root`` is the current directory and its packages are importable,
    here and in the build's worker processes."""
    _forget_package()
    handler = _Messages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    saved = {key: os.environ.get(key) for key in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}
    os.environ["PYTHONPATH"] = os.pathsep.join([str(root), saved["PYTHONPATH"] or ""])
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    sys.path.insert(0, str(root))
    cwd = Path.cwd()
    os.chdir(root)
    ok = True
    try:
        config = load_config(str(root / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build_site(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as error:
        ok = False
        handler.messages.append(f"{type(error).__name__}: {error}")
    finally:
        logger.removeHandler(handler)
        os.chdir(cwd)
        sys.path.remove(str(root))
        _forget_package()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return ok, "\n".join(handler.messages)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The warm project: built once, so that its figures and values are cached."""
    root = tmp_path_factory.mktemp("battery")
    write_package(root)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(site_config(), sort_keys=False))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(INDEX)
    (root / "docs" / "other.md").write_text(HEAD + "$$\n\\frac{1}{4}\n$$\n")
    return warm(root)


@pytest.fixture(scope="module")
def lab_project(tmp_path_factory):
    """A warm project with a Lab notebook (run once, then cached)."""
    root = tmp_path_factory.mktemp("battery-lab")
    write_package(root)
    config = with_lab(site_config(), [{"Home": "index.md"}, {"Lab": "lab/tiny.ipynb"}])
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (root / "docs" / "lab").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nThe answer is {{ answer }}.\n")
    (root / "docs" / "lab" / "tiny.py").write_text(NOTEBOOK)
    return warm(root)


def warm(root: Path) -> Path:
    ok, messages = build(root)
    assert ok, messages
    return root


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(project, case):
    check(project, case)


@pytest.mark.parametrize("case", NOTEBOOK_CASES, ids=[case.id for case in NOTEBOOK_CASES])
def test_bad_notebook(lab_project, case):
    check(lab_project, case)


def check(project: Path, case: Case) -> None:
    """Apply ``case``, build, check the outcome, and put the files back."""
    before = {path: project / path for path in case.changes}
    old = {path: p.read_bytes() for path, p in before.items() if p.exists()}
    site = _tree(project / "site")
    try:
        for path, content in case.changes.items():
            target = project / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="")
        docs = _tree(project / "docs")
        ok, messages = build(project)
        assert _tree(project / "docs") == docs, "the build wrote into docs/"
        assert not list(project.glob(".site.building-*")), "a staging directory was left"
        if case.error:
            assert not ok, f"the build passed:\n{messages}"
            assert re.search(case.error, messages), messages
            assert _tree(project / "site") == site, "a failed build changed site/"
        else:
            assert ok, messages
            for page, text in case.shown.items():
                html = (project / "site" / page).read_text(encoding="utf-8")
                assert text in html, html
    finally:
        for path, target in before.items():
            if path in old:
                target.write_bytes(old[path])
            else:
                target.unlink()
                if target.parent != project and not any(target.parent.iterdir()):
                    target.parent.rmdir()


def test_the_battery_has_sixty_cases():
    cases = CASES + NOTEBOOK_CASES
    assert len(cases) >= 60
    assert len({case.id for case in cases}) == len(cases)
