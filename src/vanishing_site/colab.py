"""The Lab in Google Colab: a copy of each notebook without outputs, and the link that opens it.

Colab opens notebooks stored in a GitHub repository, not scripts and not files on a web site,
so each Lab script ``docs/lab/NAME.py`` is also committed as ``notebooks/NAME.ipynb`` (cells
only: Colab runs them, starting with the cell that installs the package). The build links it
from the notebook's page as

    https://colab.research.google.com/github/OWNER/REPO/blob/main/notebooks/NAME.ipynb

Run ``python -m vanishing_site.colab`` (``make notebooks``) after editing a Lab script; a test
fails while a copy differs from its script.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

import jupytext
import nbformat

from vanishing_site.notebooks import KERNELSPEC

ROOT = Path(__file__).resolve().parents[2]
FOLDER = "notebooks"
BRANCH = "main"


def export(script: str) -> str:
    """The .ipynb text of a percent-format Lab script: its cells, numbered ids, no outputs."""
    notebook = jupytext.reads(script, fmt="py:percent")
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
        cell.metadata = {}
    return nbformat.writes(notebook) + "\n"


def copy_for(script: Path) -> Path:
    """Where the committed notebook of Lab script ``docs/lab/NAME.py`` lives."""
    return ROOT / FOLDER / f"{script.stem}.ipynb"


def url(repo_url: str | None, src_uri: str) -> str | None:
    """The Colab link for Lab script ``lab/NAME.py``; None unless the repository is on GitHub."""
    parts = urlsplit(repo_url or "")
    repo = parts.path.strip("/").removesuffix(".git")
    if parts.hostname != "github.com" or repo.count("/") != 1:
        return None
    name = Path(src_uri).stem
    return f"https://colab.research.google.com/github/{repo}/blob/{BRANCH}/{FOLDER}/{name}.ipynb"


def main() -> None:
    for script in sorted((ROOT / "docs" / "lab").glob("*.py")):
        target = copy_for(script)
        target.parent.mkdir(exist_ok=True)
        target.write_text(export(script.read_text(encoding="utf-8")), encoding="utf-8")
        print(target.relative_to(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
