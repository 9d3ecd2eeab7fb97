"""The Lab: notebook scripts executed at build time, cached by code, rendered for the site."""

import io
import json
import re
import textwrap

import matplotlib.pyplot as plt
import nbformat
import pytest
import yaml
from mkdocs_jupyter import convert  # noqa: F401  (its import makes heading ids lowercase)
from mkdocs_jupyter.nbconvert2 import nb2html

from vanishing_site import mathml, notebooks, style

from sites import ROOT, mkdocs_build, site_config, write_package

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
    stale = out / "lab" / "broken.ipynb"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    sources = {"lab/broken.py": script(tmp_path, text, "broken.py")}
    with pytest.raises(notebooks.NotebookError, match=r"lab/broken\.py, ") as caught:
        notebooks.build(sources, out, timeout=2)
    assert re.search(message, str(caught.value), re.DOTALL), caught.value
    assert not stale.exists(), "no stale notebook stands in for the failed one"


# Rendering them for the site (mkdocs-jupyter's HTML, tidied)


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


def render(tmp_path, outputs=(), markdown=MARKDOWN):
    """mkdocs-jupyter's HTML for a markdown cell and a code cell with the given outputs."""
    notebook = notebooks.read(script(tmp_path, markdown + "\n# %%\nx = 1\n"), "lab/tiny.py")
    notebook.cells[1].outputs = list(outputs)
    path = tmp_path / "tiny.ipynb"
    nbformat.write(notebook, path)
    return nb2html(str(path), theme="", allow_errors=False, no_prompt=True, custom_mathjax_url="")


def display(mime, data):
    return nbformat.v4.new_output("display_data", data={mime: data})


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("render")
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="scaled: 6\n"),
        display("image/svg+xml", _svg(style.COLORS[0])),
        display("image/svg+xml", _svg(style.COLORS[1])),
    ]
    raw = render(tmp_path, outputs)
    return raw, notebooks.tidy_html(raw, "lab/tiny.py")


def test_tidy_page_keeps_the_cells_and_drops_jupyterlab_css_and_scripts(page):
    raw, tidy = page
    assert len(raw) > 500_000 and raw.count("<style") >= 3 and "<script" in raw
    assert len(tidy) < 20_000
    assert not re.search(r"<(style|script|clipboard-copy)\b", tidy)
    assert "jupyter-wrapper" not in tidy and "clipboard-copy-txt" not in tidy
    assert '<h2 id="a-section">A section<a class="headerlink" href="#a-section"' in tidy


def test_tidy_page_turns_dollar_maths_into_mathml_and_leaves_prices_alone(page):
    _, tidy = page
    assert tidy.count("<math") == 2 and '<div class="arithmatex"><math' in tidy
    assert 'display="block"' in tidy and "a price of $5 and $6" in tidy
    assert mathml.find_raw_tex(tidy) == []


def test_tidy_page_shows_code_as_theme_code_blocks_and_outputs_outside_search(page):
    _, tidy = page
    assert '<div class="highlight"><pre><span></span><code><span class="n">x</span>' in tidy
    text, *plots = re.findall(r'<figure class="vg-lab-output ([^"]+)" data-search-exclude>', tidy)
    assert text == "vg-lab-plain" and plots == ["vg-lab-svg", "vg-lab-svg"]
    assert "<pre>scaled: 6\n</pre>" in tidy


def test_tidy_page_inlines_plots_with_palette_variables_and_unique_ids(page):
    _, tidy = page
    svgs = re.findall(r"<svg\b.*?</svg>", tidy, re.DOTALL)
    assert len(svgs) == 2 and "data:image" not in tidy
    assert f"stroke: var(--vg-{style.COLORS[0][1:]})" in svgs[0]
    assert f"stroke: var(--vg-{style.COLORS[1][1:]})" in svgs[1]
    assert not re.search(r"#[0-9a-fA-F]{6}\b", "".join(svgs).replace('href="#', ""))
    assert not re.search(r"<!--|<metadata|<\?xml|<style", "".join(svgs))
    ids = re.findall(r' id="([^"]+)"', "".join(svgs))
    assert ids and len(ids) == len(set(ids)), "two plots on one page must not share an id"
    for svg in svgs:
        for target in re.findall(r'(?:url\(#|href="#)([^)"]+)', svg):
            assert f'id="{target}"' in svg


def test_tidy_page_links_the_notebook_for_download_after_the_title(page):
    _, tidy = page
    rest = tidy.split("</h1>", 1)[1]
    assert rest.lstrip().startswith('<p class="vg-lab-download" data-search-exclude><a class="md')
    assert 'href="tiny.ipynb" download>' in rest


def test_tidy_page_refuses_colours_outside_the_palette_and_bitmap_plots(tmp_path):
    stray = render(tmp_path, [display("image/svg+xml", _svg("#ff0000"))])
    with pytest.raises(notebooks.NotebookError, match=r"lab/tiny\.py, cell 2, output 1: .*#ff0000"):
        notebooks.tidy_html(stray, "lab/tiny.py")
    png = render(tmp_path, [display("image/png", "iVBORw0KGgo=")])
    with pytest.raises(notebooks.NotebookError, match=r"cell 2: a image/png plot"):
        notebooks.tidy_html(png, "lab/tiny.py")


def test_tidy_page_names_notebook_and_cell_of_bad_tex(tmp_path):
    bad = render(tmp_path, markdown="# %% [markdown]\n# # T\n#\n# $\\nosuchmacro{x}$\n")
    with pytest.raises(notebooks.NotebookError, match=r"lab/tiny\.py, cell 1: .*nosuchmacro"):
        notebooks.tidy_html(bad, "lab/tiny.py")


def test_lab_css_gives_every_palette_colour_its_light_value_and_dark_twin():
    css = (ROOT / "docs" / "assets" / "stylesheets" / "lab.css").read_text()
    light, dark = (
        dict(re.findall(r"--vg-([0-9a-f]{6}): (#[0-9a-f]{6});", block))
        for block in re.findall(r"\.vg-lab-svg \{(.*?)\}", css, re.DOTALL)
        if "--vg-" in block
    )
    assert {f"#{k}": v for k, v in light.items()} == {c: c for c in style.DARK}
    assert {f"#{k}": v for k, v in dark.items()} == style.DARK


# Whole builds of a throwaway site with a Lab


def _lab_plugin() -> dict:
    """The real mkdocs.yml's mkdocs-jupyter settings (its !ENV tags read as nothing)."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda *_: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), loader)
    return next(p for p in config["plugins"] if isinstance(p, dict) and "mkdocs-jupyter" in p)


def write_lab_site(root, index="# Home\n\n[The lab](lab/tiny.ipynb#a-section)\n"):
    write_package(root, values=())
    config = site_config() | {
        "repo_url": "https://example.org/repo",
        "edit_uri": "edit/main/docs/",
        "nav": [{"Home": "index.md"}, {"Lab": "lab/tiny.ipynb"}],
    }
    config["theme"]["features"] = ["content.action.edit"]
    config["plugins"].append(_lab_plugin())
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
    script(root)
    (root / "docs" / "index.md").write_text(index)
    return root


@pytest.mark.slow
def test_lab_site_builds_runs_once_reruns_on_code_change_and_checks_anchors(tmp_path):
    write_lab_site(tmp_path)
    cold = mkdocs_build(tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert "lab: 1 notebooks, 1 executed (lab/tiny.py)" in cold.stderr
    site = tmp_path / "site"
    html = (site / "lab" / "tiny" / "index.html").read_text()
    assert html.count("<math") == 2 and not mathml.find_raw_tex(html)
    assert "scaled: 6" in html and "<style" not in html.split("</head>")[1]
    # The download: linked from the page, and the executed notebook itself.
    assert 'href="tiny.ipynb" download' in html
    download = nbformat.read(site / "lab" / "tiny" / "tiny.ipynb", as_version=4)
    assert download.cells[1].outputs[0].text == "scaled: 6\n"
    assert not (site / "lab" / "tiny.py").exists(), "the script is the source, not a page asset"
    # The edit button opens the script, not the generated notebook.
    assert 'href="https://example.org/repo/edit/main/docs/lab/tiny.py"' in html
    index = json.loads((site / "search" / "search_index.json").read_text())
    lab_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("lab/"))
    assert "_helper.scale" in lab_text and "scaled: 6" not in lab_text

    stamp = (tmp_path / "figures" / "lab" / "tiny.ipynb").stat().st_mtime_ns
    warm = mkdocs_build(tmp_path)
    assert "lab: 1 notebooks, 0 executed" in warm.stderr
    assert (tmp_path / "figures" / "lab" / "tiny.ipynb").stat().st_mtime_ns == stamp

    # One more build for two checks: an edit in the package's code re-runs the notebook,
    # and a link to an anchor the notebook page lacks stops the build.
    helper = tmp_path / "tmpfigs" / "_helper.py"
    helper.write_text("def scale(a, x):\n    return 7 * a * x\n")
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[Nowhere](lab/tiny.ipynb#nowhere)\n")
    changed = mkdocs_build(tmp_path)
    assert "lab: 1 notebooks, 1 executed (lab/tiny.py)" in changed.stderr
    rerun = nbformat.read(tmp_path / "figures" / "lab" / "tiny.ipynb", as_version=4)
    assert rerun.cells[1].outputs[0].text == "scaled: 42\n", "a fresh kernel, new code"
    assert changed.returncode != 0
    assert re.search(r"index\.md.*lab/tiny\.ipynb#nowhere", changed.stderr), changed.stderr


@pytest.mark.slow
def test_a_raising_cell_fails_the_site_build_naming_notebook_and_cell(tmp_path):
    write_lab_site(tmp_path)
    stale = tmp_path / "figures" / "lab" / "tiny.ipynb"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    (tmp_path / "docs" / "lab" / "tiny.py").write_text(
        SCRIPT + "\n# %%\nraise RuntimeError('boom')\n"
    )
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "lab/tiny.py, cell 3 (line 17) raised RuntimeError: boom\n" in result.stderr
    assert "----> 1 raise RuntimeError('boom')" in result.stderr, "with its traceback"
    assert not (tmp_path / "site").exists()
    assert not stale.exists(), "no stale notebook stands in for the failed one"
