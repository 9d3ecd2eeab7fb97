"""README and CONTRIBUTING say what the repository does: their commands exist, their paths
exist, and the fast loop comes first."""

import re
import shutil
import subprocess
import time

import pytest

from sites import ROOT

DOCS = ["README.md", "CONTRIBUTING.md"]
TARGETS = set(re.findall(r"^([\w.-]+):", (ROOT / "Makefile").read_text(), re.M))


@pytest.mark.parametrize("doc", DOCS)
def test_every_make_command_is_a_target(doc):
    commands = set(re.findall(r"\bmake (\w+)", (ROOT / doc).read_text()))
    assert commands and commands <= TARGETS, commands - TARGETS


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_named_exists(doc):
    text = (ROOT / doc).read_text()
    named = re.findall(r"`((?:src|tests|docs|scripts|notebooks|benchmarks)/[^`\s]*)`", text)
    assert named
    # <name> stands for any name: the path must match something.
    missing = [
        path for path in named if not list(ROOT.glob(re.sub(r"<[^>]+>", "*", path).rstrip("/")))
    ]
    assert missing == []


def test_contributing_shows_the_fast_check_first_and_it_runs_the_fast_tests():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", text, re.S)[1]
    assert first_block.split()[:2] == ["make", "check"]
    recipe = re.search(r"^check:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)[1]
    assert 'pytest -q $(PARALLEL) -m "not slow and not browser"' in recipe
    assert "ruff check" in recipe and "ruff format --check" in recipe


def test_the_ci_runs_exactly_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^(make \w+) +# set everything up, then run the whole test", readme, re.M)
    assert (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1] == command[1]


def test_serve_takes_a_port():
    makefile = (ROOT / "Makefile").read_text()
    assert "PORT ?= 8000" in makefile
    assert "--dev-addr 127.0.0.1:$(PORT)" in makefile


def test_a_tool_setting_in_pyproject_does_not_reinstall_the_environment_but_a_dependency_does(
    tmp_path,
):
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    pyproject = tmp_path / "pyproject.toml"

    def make(*args: str) -> subprocess.CompletedProcess:
        # BIN points nowhere, so a reinstall, if make started one, would fail at once.
        command = ["make", "--no-print-directory", *args, "BIN=/nonexistent"]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)

    def edit(old: str, new: str) -> None:
        time.sleep(0.01)
        pyproject.write_text(pyproject.read_text().replace(old, new))

    make(".venv/.project")
    time.sleep(0.01)
    (tmp_path / ".venv" / ".ready").touch()  # as if installed
    edit("line-length = 100", "line-length = 99")
    result = make(".venv/.ready")
    assert result.returncode == 0 and "venv" not in result.stdout + result.stderr
    edit('"numpy>=1.26"', '"numpy>=2"')
    make(".venv/.project")
    assert make("-q", ".venv/.ready").returncode == 1, "a dependency changed: reinstall"
