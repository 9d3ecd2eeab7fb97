"""CONTRIBUTING.md's "Add a figure" and "Quote a number", followed to the letter on a copy of
the project: its code blocks become a figure module and a value function, one Markdown line
shows each, and nothing else is edited."""

import math
import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from sites import ROOT

pytestmark = pytest.mark.slow


def code_block(section: str) -> str:
    """The first Python block of a CONTRIBUTING.md section, dedented."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^( *)```python\n(.*?)^\1```", body, re.S | re.M)
    return textwrap.dedent(block[2])


def test_a_new_figure_and_a_new_number_need_one_module_one_function_and_two_lines(tmp_path):
    for name in ("mkdocs.yml", "docs", "src", "overrides", "figures", "benchmarks/results"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    src = tmp_path / "src" / "vanishing_site"
    (src / "figures" / "tanh_slope.py").write_text(code_block("Add a figure"))
    values = src / "values" / "activations.py"
    values.write_text(values.read_text() + "\n\n" + code_block("Quote a number"))
    chapter = tmp_path / "docs" / "activations.md"
    line = "At zero its slope is {{ activations.tanh_slope_at_0 }}."
    chapter.write_text(chapter.read_text() + f"\n{line}\n\n![[tanh_slope]]\n")

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        # The copy's packages, not the checkout's; the checkout's experiment results, which
        # the copy's (unchanged) experiment code keys alike, so they are computed once per
        # checkout, not again for the copy (the walk-through adds no experiment).
        env=os.environ
        | {
            "PYTHONPATH": str(tmp_path / "src"),
            "SOURCE_DATE_EPOCH": "0",
            "VANISHING_CACHE": str(ROOT / ".cache" / "experiments"),
        },
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"figures: \d+ used, \d+ regenerated \([^)]*\btanh_slope\b", result.stderr)
    html = (tmp_path / "site" / "activations" / "index.html").read_text()
    slope = f"{1 - math.tanh(0.0) ** 2:.1f}"  # tanh' = 1 - tanh^2
    assert f"At zero its slope is {slope}." in html
    assert 'id="figure-tanh-slope"' in html and 'src="../figures/tanh_slope.svg#only-light"' in html
    caption = re.search(r'id="figure-tanh-slope".*?<figcaption[^>]*>(.*?)</figcaption>', html, re.S)
    assert f": {slope}." in caption[1], "the caption's value is filled in"
    assert (tmp_path / "site" / "figures" / "tanh_slope.csv").is_file()
