"""The Lab in Colab: the committed notebooks match their scripts, and the page links them."""

import json
import re

import nbformat
import pytest
from test_notebooks import render

from vanishing_site import colab, notebooks

from sites import ROOT

SCRIPTS = sorted((ROOT / "docs" / "lab").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_the_committed_notebook_is_its_script_exported(script):
    copy = colab.copy_for(script)
    assert copy.is_file(), f"run `make notebooks` to write {copy.relative_to(ROOT)}"
    assert copy.read_text(encoding="utf-8") == colab.export(script.read_text(encoding="utf-8")), (
        f"{copy.relative_to(ROOT)} is older than {script.name}: run `make notebooks`"
    )


def test_an_exported_notebook_has_the_scripts_cells_and_no_outputs():
    script = "# %% [markdown]\n# # Title\n\n# %%\nx = 1\n# %matplotlib inline\n"
    notebook = nbformat.reads(colab.export(script), as_version=4)
    nbformat.validate(notebook)
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code"]
    assert notebook.cells[1].source == "x = 1\n%matplotlib inline"
    assert notebook.cells[1].outputs == [] and notebook.cells[1].execution_count is None
    assert [cell.id for cell in notebook.cells] == ["cell-0", "cell-1"]
    assert notebook.metadata.kernelspec == notebooks.KERNELSPEC


@pytest.mark.parametrize(
    ("repo_url", "expected"),
    [
        (
            "https://github.com/someone/fork",
            "https://colab.research.google.com/github/someone/fork/blob/main/notebooks/gradients.ipynb",
        ),
        (
            "https://github.com/someone/fork.git/",
            "https://colab.research.google.com/github/someone/fork/blob/main/notebooks/gradients.ipynb",
        ),
        ("https://gitlab.com/someone/fork", None),
        ("https://github.com/someone", None),
        (None, None),
    ],
)
def test_the_colab_link_follows_the_repository(repo_url, expected):
    assert colab.url(repo_url, "lab/gradients.py") == expected


def test_the_page_offers_colab_beside_the_download(tmp_path):
    link = "https://colab.research.google.com/github/a/b/blob/main/notebooks/tiny.ipynb"
    page = render(tmp_path, colab=link)["page"]
    download = re.search(r'<p class="vg-lab-download"[^>]*>(.*?)</p>', page)[1]
    assert 'download="" href="tiny.ipynb">Download this notebook (tiny.ipynb)</a>' in download
    assert download.endswith(f' <a class="md-button" href="{link}">Open in Colab</a>')
    assert "Open in Colab" not in render(tmp_path)["page"]


def test_the_install_cell_installs_from_the_repository_the_site_names():
    first_code = next(
        cell
        for cell in json.loads(colab.copy_for(SCRIPTS[0]).read_text())["cells"]
        if cell["cell_type"] == "code"
    )
    source = "".join(first_code["source"])
    assert "import vanishing" in source and "except ImportError:" in source
    config = (ROOT / "mkdocs.yml").read_text()
    repo_url = re.search(r'repo_url: !ENV \[REPO_URL, "([^"]+)"\]', config)[1]
    requirement = f'"vanishing[plot] @ git+{repo_url}"'
    assert requirement in source
    for doc in ("README.md", "docs/lab/index.md"):
        assert f"pip install {requirement}" in (ROOT / doc).read_text(), doc
