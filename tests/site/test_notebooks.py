"""The Lab: notebook scripts executed at build time, cached by code, rendered for the site."""

import io
import json
import re
import textwrap
from html.parser import HTMLParser

import markdown as markdown_lib
import matplotlib.pyplot as plt
import nbformat
import pytest
import yaml

from vanishing_site import buildcache, mathml, notebooks, style

from sites import mkdocs_build, site_config, write_package

SCRIPT = """\
# %% [markdown]
# # Tiny lab
#
# Inline $x^2$, a price of $5 and $6, and display maths:
#
# $$
# \\frac{1}{4}
# $$
#
# ## A section

# %%
from tmpfigs import _helper

print("scaled:", _helper.scale(3, 2))
"""


def script(tmp_path, text=SCRIPT, name="tiny.py"):
    path = tmp_path / "docs" / "lab" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def stale_entry(out, name):
    """A complete cache entry of an older version of lab/NAME.py: its notebook, under another
    key."""
    page = out / "lab" / f"{name}.ipynb"
    buildcache.write(page, "{}\n")
    buildcache.commit(out / "lab" / f"{name}.json", "an older key", [page], {"seconds": 1.0})
    return page


# Reading and keying the scripts (no kernel)


def test_read_gives_stable_cell_ids_and_a_python_kernel(tmp_path):
    notebook = notebooks.read(script(tmp_path), "lab/tiny.py")
    assert [cell.id for cell in notebook.cells] == ["cell-1", "cell-2"]
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code"]
    assert notebook.metadata.kernelspec["name"] == "python3"
    assert "jupytext" not in notebook.metadata


def test_backslash_maths_in_a_markdown_cell_is_refused_naming_cell_and_line(tmp_path):
    path = script(tmp_path, "# %%\nx = 1\n\n# %% [markdown]\n# Not \\(x\\) but $x$.\n")
    with pytest.raises(notebooks.NotebookError, match=r"lab/tiny\.py, cell 2 \(line 4\): .*\$"):
        notebooks.read(path, "lab/tiny.py")


def test_a_script_without_cell_markers_is_refused(tmp_path):
    path = script(tmp_path, "print('a plain script')\n")
    with pytest.raises(notebooks.NotebookError, match="percent-format"):
        notebooks.read(path, "lab/tiny.py")


def test_a_notebook_in_docs_is_refused_and_only_lab_scripts_are_sources(tmp_path):
    docs = {"lab/a.py": tmp_path / "a.py", "b.py": tmp_path / "b.py", "lab/c.md": tmp_path}
    assert notebooks.sources(docs) == {"lab/a.py": tmp_path / "a.py"}
    with pytest.raises(notebooks.NotebookError, match=r"lab/old\.ipynb.*percent-format"):
        notebooks.sources(docs | {"lab/old.ipynb": tmp_path / "old.ipynb"})


def test_cache_key_follows_the_project_code_the_script_imports(tmp_path, package):
    path = script(tmp_path)
    project = {"vanishing", "tmpfigs"}
    assert notebooks.project_modules(path, project) == ["tmpfigs", "tmpfigs._helper"]
    (package / "unused.py").write_text("X = 1\n")
    key, key_without = notebooks.cache_key(path, project), notebooks.cache_key(path, {"vanishing"})

    (package / "unused.py").write_text("X = 2\n")
    assert notebooks.cache_key(path, project) == key, "a module it does not import"
    (package / "_helper.py").write_text("def scale(a, x):\n    return 2 * a * x\n")
    assert notebooks.cache_key(path, project) != key
    # Outside the packages that count as the project's, the edit is not the notebook's code.
    assert notebooks.cache_key(path, {"vanishing"}) == key_without

    key = notebooks.cache_key(path, project)
    path.write_text(path.read_text() + "\n# %%\nprint('one more cell')\n")
    assert notebooks.cache_key(path, project) != key


# Running them (a fresh kernel each)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("import time\ntime.sleep(30)", r"cell 3 \(line 7\) ran longer than the 2 s"),
        (
            "import warnings\nwarnings.warn('careful')",
            r"cell 3 \(line 7\) wrote to stderr:.*careful",
        ),
    ],
    ids=["times out", "warns"],
)
def test_a_slow_or_warning_cell_stops_the_run_naming_notebook_cell_and_line(
    tmp_path, cell, message
):
    text = f"# %% [markdown]\n# # Broken\n\n# %%\nx = 1\n\n# %%\n{cell}\n\n# %%\nprint('never')\n"
    out = tmp_path / "figures"
    stale = stale_entry(out, "broken")
    sources = {"lab/broken.py": script(tmp_path, text, "broken.py")}
    with pytest.raises(notebooks.NotebookError, match=r"lab/broken\.py, ") as caught:
        notebooks.build(sources, out, timeout=2)
    assert re.search(message, str(caught.value), re.DOTALL), caught.value
    assert not stale.exists(), "no stale notebook stands in for the failed one"


def test_build_caches_by_key_and_rebuilds_a_damaged_entry(tmp_path, package):
    sources = {"lab/tiny.py": script(tmp_path)}
    out = tmp_path / "figures"
    [cold] = notebooks.build(sources, out, {"vanishing", "tmpfigs"})
    assert cold.executed and cold.files == ("lab/tiny.ipynb",)
    assert cold.notebook == out / "lab" / "tiny.ipynb"
    [warm] = notebooks.build(sources, out, {"vanishing", "tmpfigs"})
    assert not warm.executed and warm.files == cold.files
    # The Colab link is written into the notebook, so another one runs it again.
    link = "https://colab.example/tiny.ipynb"
    [linked] = notebooks.build(sources, out, {"vanishing", "tmpfigs"}, colab={"lab/tiny.py": link})
    assert linked.executed
    assert nbformat.read(linked.notebook, as_version=4).metadata.vanishing == {"colab": link}
    (out / "lab" / "tiny.ipynb").write_text("")  # an empty notebook, as a crash could leave
    [again] = notebooks.build(sources, out, {"vanishing", "tmpfigs"})
    assert again.executed and "scaled: 6" in (out / "lab" / "tiny.ipynb").read_text()


def test_a_notebook_whose_code_is_edited_while_it_runs_runs_again(tmp_path, package):
    # A cell saves a new version of the helper the notebook imports, as a writer might
    # mid-build: the outputs may come from either version, so they are not kept.
    edit = (
        "\n# %%\nimport pathlib\n"
        "helper = pathlib.Path(_helper.__file__)\n"
        "helper.write_text('def scale(a, x):\\n    return 10 * a * x\\n')\n"
    )
    sources = {"lab/tiny.py": script(tmp_path, SCRIPT + edit)}
    out = tmp_path / "figures"
    [result] = notebooks.build(sources, out, {"vanishing", "tmpfigs"})
    notebook = nbformat.read(result.notebook, as_version=4)
    assert notebook.cells[1].outputs[0].text == "scaled: 60\n", "the run of the new code"
    [again] = notebooks.build(sources, out, {"vanishing", "tmpfigs"})
    assert not again.executed


# Rendering them for the site: mkdocs-jupyter's HTML exporter, with the Lab's template and the
# options mkdocs.yml gives it, writes the page's Markdown


def _svg(colour):
    with style.theme():
        fig, ax = plt.subplots(figsize=(2, 1.5))
        ax.plot([0, 1], [0, 1], color=colour)
        ax.set_xlabel("$x$")
        out = io.StringIO()
        fig.savefig(out, format="svg")
        plt.close(fig)
    return out.getvalue()


MARKDOWN = SCRIPT.split("# %%\n")[0]
ALT = "A rising straight line, drawn for the test."


def page(tmp_path, notebook):
    """The page's Markdown, as mkdocs-jupyter renders an executed notebook for the site."""
    from mkdocs_jupyter import convert

    path = tmp_path / "tiny.ipynb"
    nbformat.write(notebook, path)
    options = notebooks.RENDERER_OPTIONS
    page = convert.nb2html(
        str(path),
        allow_errors=options["allow_errors"],
        custom_template=str(notebooks.TEMPLATE),
        markdown_cell_processor=options["markdown_cell_processor"],
        mathjax_version=options["mathjax_version"],
        include_mathjax=False,  # as its plugin calls it
    )
    return notebooks.without_appended_css(page, "lab/tiny.py")  # as the vanishing plugin does


def render(tmp_path, outputs=(), markdown=MARKDOWN, marker=f'# %% alt="{ALT}"', colab=None):
    """The plots' files and the page (under "page") of a markdown cell and a code cell with
    the given outputs."""
    text = markdown + f"\n{marker}\nx = 1\n"
    notebook = notebooks.read(script(tmp_path, text), "lab/tiny.py")
    notebook.cells[1].outputs = list(outputs)
    files = notebooks.prepare(notebook, "lab/tiny.py", colab)
    return files | {"page": page(tmp_path, notebook)}


def display(mime, data):
    return nbformat.v4.new_output("display_data", data={mime: data})


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="scaled: <6>\n"),
        display("image/svg+xml", _svg(style.COLORS[0])),
        display("image/svg+xml", _svg(style.COLORS[1])),
    ]
    return render(tmp_path_factory.mktemp("render"), outputs)


CODE_BLOCK = (
    '<div class="highlight"><pre><span></span><code><span class="n">x</span> '
    '<span class="o">=</span> <span class="mi">1</span>\n</code></pre></div>'
)


def test_page_keeps_markdown_cells_as_markdown_and_code_as_highlighted_html(files):
    page = files["page"]
    assert page.lstrip().startswith("# Tiny lab\n")
    assert "Inline $x^2$, a price of $5 and $6" in page and "## A section" in page
    assert f"\n{CODE_BLOCK}\n" in page, "the wrapper pymdownx.highlight gives the chapters'"
    assert "<style" not in page and "<script" not in page and "jp-" not in page


def test_outputs_follow_their_code_outside_search_with_text_escaped(files):
    page = files["page"]
    code = page.index(CODE_BLOCK)
    text = page.index('<figure class="vg-lab-output vg-lab-plain" data-search-exclude="">')
    assert code < text
    assert "<pre>scaled: &lt;6&gt;\n</pre></figure>" in page
    assert (
        page.count('<figure class="vg-lab-output vg-lab-svg" data-search-exclude="" markdown="1">')
        == 2
    )


def test_plots_are_light_and_dark_svg_files_shown_per_scheme_with_alt_text(files):
    page = files["page"]
    plots = sorted(uri for uri in files if uri.endswith(".svg"))
    assert plots == [
        "lab/tiny/cell-2-2.dark.svg",
        "lab/tiny/cell-2-2.svg",
        "lab/tiny/cell-2-3.dark.svg",
        "lab/tiny/cell-2-3.svg",
    ]
    for stem, colour in (("cell-2-2", style.COLORS[0]), ("cell-2-3", style.COLORS[1])):
        light, dark = files[f"lab/tiny/{stem}.svg"], files[f"lab/tiny/{stem}.dark.svg"]
        assert light.startswith("<svg") and colour in light and style.DARK[colour] not in light
        assert dark == style.dark_variant(light)
        width, height = style.svg_size(light)
        size = f'{{ width="{width}" height="{height}" loading="lazy" }}'
        assert f"![{ALT}](tiny/{stem}.svg#only-light){size}" in page
        assert f"![{ALT}](tiny/{stem}.dark.svg#only-dark){size}" in page
    assert "data:image" not in page and "<svg" not in page


DOWNLOAD = (
    '<p class="vg-lab-download" data-search-exclude=""><a class="md-button" download=""'
    ' href="tiny.ipynb">Download this notebook (tiny.ipynb)</a>'
)


def test_page_links_the_notebook_for_download_after_the_title(files):
    lines = files["page"].lstrip().splitlines()
    assert lines[0] == "# Tiny lab" and lines[1] == ""
    assert lines[2] == DOWNLOAD + "</p>", "and no Colab link without a GitHub repository"


# Python-Markdown sees these the same whether written < > & or as the entities BeautifulSoup
# writes back, so mkdocs-jupyter's reparse leaves them alone.
SURVIVING = ("a < b, c > d & e", "inline $a < b$ and $c > d$", "$$\na \\lt b \\gt c\n$$")
# What the reparse would show as typed entities.
BROKEN = {
    "display maths": "$$\na < b\n$$",
    "a code span": "`a & b`",
    "fenced code": "```python\nif a < b:\n    pass\n```",
    "a blockquote": "> quoted",
    "an autolink": "<https://example.org/>",
}


def _markdown_cell(tmp_path, markdown):
    text = "# %% [markdown]\n" + "".join(
        f"# {line}".rstrip() + "\n" for line in markdown.split("\n")
    )
    return notebooks.read(script(tmp_path, text), "lab/tiny.py")


def test_only_markdown_the_renderer_would_show_as_entities_is_refused(tmp_path):
    for markdown in SURVIVING:
        notebooks.prepare(_markdown_cell(tmp_path, markdown), "lab/tiny.py")
    for what, markdown in BROKEN.items():
        with pytest.raises(
            notebooks.NotebookError, match=r"lab/tiny\.py, cell 1: .*write \\lt and \\gt"
        ):
            notebooks.prepare(_markdown_cell(tmp_path, markdown), "lab/tiny.py")
            pytest.fail(f"{what} was let through")


# A cell with every character the reparse escapes, in code and in its output.
COMPARING = (
    'a, b, c, d, e = 1, 2, 1, 6, 3\nif a < b and c > 0 and d & e:\n    print(f"<{a:>3}>", d & e)\n'
)
PRINTED = "<  1> 2\n"


class _Text(HTMLParser):
    """The text a browser shows inside each <pre> of a page, entities decoded."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self._depth += 1
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.blocks[-1] += data


def test_code_and_output_with_comparisons_show_their_characters(tmp_path):
    notebook = notebooks.read(script(tmp_path, f"# %%\n{COMPARING}"), "lab/tiny.py")
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=PRINTED)]
    notebooks.prepare(notebook, "lab/tiny.py")
    html = markdown_lib.markdown(page(tmp_path, notebook), extensions=["md_in_html"])
    assert _Text(html).blocks == [COMPARING, PRINTED]


def test_only_the_empty_style_element_mkdocs_jupyter_appends_is_dropped():
    page = "# T\n\ntext\n"
    assert notebooks.without_appended_css(page + notebooks.APPENDED_CSS, "lab/t.py") == page
    with pytest.raises(notebooks.NotebookError, match=r"lab/t\.py: .*empty style element"):
        notebooks.without_appended_css(page + "\n<style>\n.jp-Cell {}\n</style>\n", "lab/t.py")


def test_page_refuses_colours_outside_the_palette_bitmaps_and_plots_without_alt(tmp_path):
    with pytest.raises(notebooks.NotebookError, match=r"lab/tiny\.py, cell 2: .*#ff0000"):
        render(tmp_path, [display("image/svg+xml", _svg("#ff0000"))])
    with pytest.raises(notebooks.NotebookError, match=r"cell 2: a image/png plot"):
        render(tmp_path, [display("image/png", "iVBORw0KGgo=")])
    with pytest.raises(notebooks.NotebookError, match=r"cell 2: a plot needs alt text"):
        render(tmp_path, [display("image/svg+xml", _svg(style.COLORS[0]))], marker="# %%")


def test_page_names_notebook_and_cell_of_bad_tex(tmp_path):
    with pytest.raises(notebooks.NotebookError, match=r"lab/tiny\.py, cell 1: .*nosuchmacro"):
        render(tmp_path, markdown="# %% [markdown]\n# # T\n#\n# $\\nosuchmacro{x}$\n")


# Whole builds of a throwaway site with a Lab

# A value directive too: the site's Markdown extensions run on notebook Markdown cells.
LINK = "\n# %% [markdown]\n# Back [home](../index.md#home). The answer is {{ answer }}.\n"


def write_lab_site(root, index="# Home\n\n[The lab](lab/tiny.ipynb#a-section)\n", text=SCRIPT):
    write_package(root)
    config = site_config() | {
        "repo_url": "https://example.org/repo",
        "edit_uri": "edit/main/docs/",
        "validation": {"unrecognized_links": "warn", "anchors": "warn"},
        "markdown_extensions": [
            "attr_list",
            "md_in_html",
            "toc",
            "pymdownx.superfences",
            {"pymdownx.arithmatex": {"generic": True}},
        ],
        "nav": [{"Home": "index.md"}, {"Lab": "lab/tiny.ipynb"}],
    }
    renderer = notebooks.RENDERER_OPTIONS | {"custom_template": str(notebooks.TEMPLATE)}
    config["plugins"].append({"mkdocs-jupyter": renderer})
    config["theme"] |= {"features": ["content.action.edit"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
    script(root, text)
    (root / "docs" / "index.md").write_text(index)
    return root


@pytest.mark.slow
def test_lab_site_builds_runs_once_reruns_on_code_change_and_checks_links(tmp_path):
    write_lab_site(tmp_path, text=SCRIPT + LINK + f"\n# %%\n{COMPARING}")
    cold = mkdocs_build(tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert "lab: 1 notebooks, 1 executed (lab/tiny.py)" in cold.stderr
    site = tmp_path / "site"
    html = (site / "lab" / "tiny" / "index.html").read_text()
    # What the browser shows of the code blocks and outputs: < > & exactly as written.
    assert _Text(html).blocks[-2:] == [COMPARING, PRINTED]
    assert html.count("<math") == 2 and not mathml.find_raw_tex(html)
    assert "scaled: 6" in html and "<style" not in html.split("</head>")[1]
    assert '<h2 id="a-section">A section' in html and "The answer is 42." in html
    # A link in a Markdown cell is checked and points at the page, not at its source.
    assert '<a href="../..#home">home</a>' in html or '<a href="../../#home">home</a>' in html
    # The download: linked from the page, and the executed notebook itself.
    assert '<p class="vg-lab-download"' in html and 'download="" href="tiny.ipynb">' in html
    download = nbformat.read(site / "lab" / "tiny" / "tiny.ipynb", as_version=4)
    assert download.cells[1].outputs[0].text == "scaled: 6\n"
    assert not (site / "lab" / "tiny.py").exists(), "the script is the source, not a page asset"
    # The edit button opens the script, not the generated page.
    assert 'href="https://example.org/repo/edit/main/docs/lab/tiny.py"' in html
    index = json.loads((site / "search" / "search_index.json").read_text())
    lab_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("lab/"))
    assert "_helper.scale" in lab_text and "scaled: 6" not in lab_text
    assert "Download this notebook" not in lab_text

    stamp = (tmp_path / "figures" / "lab" / "tiny.ipynb").stat().st_mtime_ns
    warm = mkdocs_build(tmp_path)
    assert "lab: 1 notebooks, 0 executed" in warm.stderr
    assert (tmp_path / "figures" / "lab" / "tiny.ipynb").stat().st_mtime_ns == stamp

    # One more build for two checks: an edit in the package's code re-runs the notebook,
    # and a link from the notebook to an anchor its target lacks stops the build.
    helper = tmp_path / "tmpfigs" / "_helper.py"
    helper.write_text("def scale(a, x):\n    return 7 * a * x\n")
    script(tmp_path, SCRIPT + LINK.replace("#home", "#nowhere"))
    changed = mkdocs_build(tmp_path)
    assert "lab: 1 notebooks, 1 executed (lab/tiny.py)" in changed.stderr
    rerun = nbformat.read(tmp_path / "figures" / "lab" / "tiny.ipynb", as_version=4)
    assert rerun.cells[1].outputs[0].text == "scaled: 42\n", "a fresh kernel, new code"
    assert changed.returncode != 0
    assert re.search(r"lab/tiny\.ipynb.*index\.md#nowhere", changed.stderr), changed.stderr


@pytest.mark.slow
def test_a_raising_cell_fails_the_site_build_naming_notebook_and_cell(tmp_path):
    write_lab_site(tmp_path)
    stale = stale_entry(tmp_path / "figures", "tiny")
    (tmp_path / "docs" / "lab" / "tiny.py").write_text(
        SCRIPT + "\n# %%\nraise RuntimeError('boom')\n"
    )
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "lab/tiny.py, cell 3 (line 17) raised RuntimeError: boom\n" in result.stderr
    assert "----> 1 raise RuntimeError('boom')" in result.stderr, "with its traceback"
    assert not (tmp_path / "site").exists()
    assert not stale.exists(), "no stale notebook stands in for the failed one"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("allow_errors", True, "the Lab needs allow_errors: False"),
        ("custom_template", None, "the Lab needs custom_template"),
        ("mkdocs-jupyter", None, "need the mkdocs-jupyter plugin"),
    ],
)
def test_a_site_whose_renderer_is_set_otherwise_than_the_lab_needs_fails(
    tmp_path, option, value, message
):
    write_lab_site(tmp_path)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    plugins = [p for p in config["plugins"] if not (isinstance(p, dict) and "mkdocs-jupyter" in p)]
    renderer = notebooks.RENDERER_OPTIONS | {"custom_template": str(notebooks.TEMPLATE)}
    if option != "mkdocs-jupyter":
        renderer = {k: v for k, v in (renderer | {option: value}).items() if v is not None}
        plugins.append({"mkdocs-jupyter": renderer})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config | {"plugins": plugins}))
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert "lab: 1 notebooks" not in result.stderr, "it fails before running anything"


def test_running_a_notebook_leaves_the_builds_signal_handlers_in_place(tmp_path):
    """nbclient replaces SIGINT's and SIGTERM's handlers while its kernel runs and leaves the
    defaults after; the build's own must be back, or a SIGTERM would end it on the spot, with
    its staging directory left behind."""
    import signal

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)
        text = "# %% [markdown]\n# # Tiny\n\n# %%\nx = 1\n"
        notebooks.execute(script(tmp_path, text, "tiny.py"), "lab/tiny.py")
        assert signal.getsignal(signal.SIGTERM) is handler
        assert signal.getsignal(signal.SIGINT) is handler
    finally:
        for number, old in before.items():
            signal.signal(number, old)
