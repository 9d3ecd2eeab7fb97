"""The package builds with its licence in the current metadata form and no deprecation banner,
and the licence files the site and the repository promise are there."""

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest
from fontTools.ttLib import TTFont

from sites import ROOT

FONTS = ROOT / "docs" / "assets" / "fonts"


@pytest.mark.slow
def test_the_wheel_states_its_licence_as_spdx_and_setuptools_warns_of_nothing(tmp_path):
    build = (
        "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))"
    )
    # setuptools works in build/ beside pyproject.toml: build a copy, not the checkout.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    result = subprocess.run(
        [sys.executable, "-c", build, str(tmp_path)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert not re.search(r"deprecat", output, re.I), output
    wheel = tmp_path / result.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    assert "License-Expression: MIT" in metadata.decode()
    assert "License-File: LICENSE" in metadata.decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "vanishing/py.typed" in names


def test_pyproject_uses_the_spdx_form_and_the_files_exist():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    for name in project["license-files"]:
        assert (ROOT / name).is_file()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert (ROOT / "src" / "vanishing" / "py.typed").is_file()


def test_the_content_licence_is_cc_by_4_whole():
    text = (ROOT / "LICENSE-CONTENT").read_text()
    assert "Creative Commons Attribution 4.0 International Public License" in text
    sections = re.findall(r"^Section (\d) –", text, re.M)
    assert sections == [str(n) for n in range(1, 9)]


def test_the_font_ships_the_current_gust_licence_and_its_credit_matches_the_font():
    licence = (FONTS / "GUST-FONT-LICENSE.txt").read_text()
    assert licence.startswith("% This is version 1.0, dated 22 June 2009, of the GUST Font")
    assert "preliminary" not in licence
    notice = TTFont(FONTS / "vanishing-math.woff2")["name"].getDebugName(0)
    authors = re.search(r"by (B\. Jackowski, P\. Strzelczyk and P\. Pianowski)", notice)[1]
    readme = " ".join((FONTS / "README-Vanishing-Math.txt").read_text().split())
    assert authors in readme
    assert "GUST Font License" in readme and "Latin Modern Math" in readme
    footer = re.search(r"^copyright: >-\n((?:  .*\n)+)", (ROOT / "mkdocs.yml").read_text(), re.M)
    footer = " ".join(footer[1].split())
    assert authors in footer and "Latin Modern Math" in footer and "GUST Font License" in footer
    assert "CC BY 4.0" in footer and "MIT" in footer
