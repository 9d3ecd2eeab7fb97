"""Throwaway figure packages and MkDocs projects for the build tests."""

import os
import socket
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

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


def write_package(
    root: Path, package: str = "tmpfigs", slopes=(1.0, 2.0), values=(("answer", "42"),)
) -> Path:
    """A figure package ``package`` with figures line0, line1, ..., a helper module and a
    module ``_values`` whose ``evaluate()`` gives ``values`` (name, text pairs)."""
    pkg = root / package
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text('"""Figures for a test."""\n')
    (pkg / "_helper.py").write_text("def scale(a, x):\n    return a * x\n")
    for i, slope in enumerate(slopes):
        (pkg / f"line{i}.py").write_text(GOOD_FIGURE.format(slope=slope, package=package))
    (pkg / "_values.py").write_text(
        f"def evaluate():\n    return {dict(values)!r}\n\n\ndef modules():\n    return []\n"
    )
    return pkg


def site_config(package: str = "tmpfigs", **options) -> dict:
    """The mkdocs.yml of a small project using the project's plugin, theme overrides and
    maths; ``options`` are added to the vanishing plugin's."""
    return {
        "site_name": "Throwaway",
        "site_url": "http://127.0.0.1:8000/",
        "strict": True,
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides"), "font": False},
        "plugins": [
            "search",
            {"vanishing": {"figures": package, "values": f"{package}._values"} | options},
        ],
        "markdown_extensions": [
            "attr_list",
            "md_in_html",
            "toc",
            {"pymdownx.arithmatex": {"generic": True}},
        ],
    }


def write_site(root: Path, pages: dict[str, str], package: str = "tmpfigs", **options) -> Path:
    """A small MkDocs project (``site_config``) with a figure package and ``pages``."""
    write_package(root, package)
    config = site_config(package, **options)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
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


def with_lab(config: dict, nav: list) -> dict:
    """``config`` (a ``site_config``) with the Lab's renderer, as the project sets it, and
    ``nav``: its notebook pages are listed there (``lab/NAME.ipynb``)."""
    from vanishing_site import notebooks

    renderer = notebooks.RENDERER_OPTIONS | {"custom_template": str(notebooks.TEMPLATE)}
    return config | {
        "nav": nav,
        "markdown_extensions": [*config["markdown_extensions"], "pymdownx.superfences"],
        "plugins": [*config["plugins"], {"mkdocs-jupyter": renderer}],
    }


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a `mkdocs serve` under test)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float) -> str | None:
    """The body at ``url``, or None while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode()
    except OSError:
        return None
