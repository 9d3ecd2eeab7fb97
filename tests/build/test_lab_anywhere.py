"""The Lab outside the repository: from a clean clone, pip installs the package into a fresh
virtual environment, and the Lab notebook runs there end to end, its first cell doing the install.

Nothing is taken from this checkout's environment: the fresh one gets a Jupyter kernel and
nbclient, at the lock's versions, from whatever index pip is configured with (on this machine a
local one, so the test runs offline), and the notebook's install cell then installs
``vanishing[plot]`` from the clone, as it would from GitHub in Colab.
"""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from sites import ROOT

pytestmark = pytest.mark.slow

# Runs in the fresh environment: execute the notebook where it lies, then report which
# interpreter ran it and where the package was imported from.
RUNNER = textwrap.dedent(
    """\
    import sys
    import nbclient
    import nbformat

    notebook = nbformat.read(sys.argv[1], as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import sys, vanishing, vanishing_site\\n"
        "print(sys.executable)\\nprint(vanishing.__file__)\\nprint(vanishing_site.__file__)"
    ))
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=900,
        resources={"metadata": {"path": str(sys.argv[2])}},
    )
    client.execute()
    nbformat.write(notebook, sys.argv[3])
    """
)


def run(*command, **options) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200, **options)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def pins(lock: Path) -> str:
    """The lock's exact versions without their hashes: constraints for a partial install."""
    return "".join(
        re.findall(r"^[A-Za-z0-9._-]+==\S+\n", re.sub(r" *\\\n", "\n", lock.read_text()), re.M)
    )


def test_the_lab_notebook_runs_from_a_pip_install_of_a_clean_clone(tmp_path):
    clone, venv, outside = tmp_path / "clone", tmp_path / "venv", tmp_path / "reader"
    run("git", "clone", "--quiet", str(ROOT), str(clone))
    run(sys.executable, "-m", "venv", str(venv))
    python = venv / "bin" / "python"
    (tmp_path / "pins.txt").write_text(pins(clone / "requirements.lock"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    } | {
        "PIP_CONSTRAINT": str(tmp_path / "pins.txt"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter"),
        "VANISHING_PACKAGE": f"vanishing[plot] @ {clone.as_uri()}",
    }
    run(python, "-m", "pip", "install", "--quiet", "ipykernel", "nbclient", env=env)
    check = run(
        python, "-c", "import importlib.util as u; print(u.find_spec('vanishing'))", env=env
    )
    assert check.stdout.strip() == "None", "the fresh environment starts without the package"

    # The notebook a reader gets (the Colab copy: the same cells as the site's download).
    outside.mkdir()
    notebook = outside / "gradients.ipynb"
    notebook.write_bytes((clone / "notebooks" / "gradients.ipynb").read_bytes())
    (tmp_path / "runner.py").write_text(RUNNER)
    executed = outside / "executed.ipynb"
    run(python, tmp_path / "runner.py", notebook, outside, executed, cwd=outside, env=env)

    cells = nbformat.read(executed, as_version=4).cells
    code = [cell for cell in cells if cell.cell_type == "code"]
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count for cell in code), "every code cell ran"
    plots = [o for cell in code for o in cell.outputs if "image/svg+xml" in o.get("data", {})]
    assert len(plots) >= 3, "the notebook draws its figures"
    interpreter, library, site = code[-1].outputs[0].text.split()
    assert Path(interpreter).parent == venv / "bin"
    for module in (library, site):
        assert Path(module).is_relative_to(venv), f"{module} is not the installed copy"
