"""Throwaway figure packages and MkDocs projects for the build tests."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "src" / "vanishing_site" / "hooks.py"

GOOD_FIGURE = '''\
"""A straight line.

The line y = {slope} x, drawn for the tests.

Alt: A straight line through the origin with slope {slope}, over x from 0 to 1.
"""

import matplotlib.pyplot as plt
import numpy as np

from {package} import _helper


def figure():
    x = np.linspace(0, 1, 5)
    data = {{"x": x, "y": _helper.scale({slope}, x)}}
    fig, ax = plt.subplots()
    ax.plot(x, data["y"])
    return fig, data
'''


def write_package(root: Path, package: str = "tmpfigs", slopes=(1.0, 2.0)) -> Path:
    """A figure package ``package`` with figures line0, line1, ... and a helper module."""
    pkg = root / package
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text('"""Figures for a test."""\n')
    (pkg / "_helper.py").write_text("def scale(a, x):\n    return a * x\n")
    for i, slope in enumerate(slopes):
        (pkg / f"line{i}.py").write_text(GOOD_FIGURE.format(slope=slope, package=package))
    (pkg / "_values.py").write_text(
        "def evaluate():\n    return {'answer': '42', 'pi': '3.14159'}\n\n\n"
        "def modules():\n    return []\n"
    )
    return pkg


def write_site(root: Path, pages: dict[str, str], package: str = "tmpfigs") -> Path:
    """A small MkDocs project using the project's hooks, theme and maths."""
    write_package(root, package)
    config = f"""\
        site_name: Throwaway
        site_url: http://127.0.0.1:8000/
        strict: true
        validation:
          omitted_files: warn
          absolute_links: warn
          unrecognized_links: warn
          anchors: warn
        theme:
          name: material
          font: false
        extra:
          figure_package: {package}
          quantities: {package}._values
        hooks:
          - {HOOKS}
        markdown_extensions:
          - attr_list
          - md_in_html
          - toc
          - pymdownx.arithmatex:
              generic: true
        """
    (root / "mkdocs.yml").write_text(textwrap.dedent(config))
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in ``root`` with its packages importable."""
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
