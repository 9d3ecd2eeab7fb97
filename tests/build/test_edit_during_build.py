"""Edits made while a build runs never leave a stale figure, number or notebook for later.

Twenty trials on a small project with a figure, a value and a Lab notebook: during a build, the
figure's module, the values' module and the notebook's script are each edited at a random
moment. Whatever that build published, the next one must show all three edits. Some trials
also empty or truncate a cache entry before the next build, which must notice and rebuild it.
Two copies of the project take half the trials each, side by side.
"""

import csv
import io
import os
import random
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from sites import site_config, with_lab, write_package

pytestmark = pytest.mark.slow

SCRIPT = """\
# %% [markdown]
# # Tiny lab

# %%
print("marker", {marker})
"""
VALUES = (
    "def evaluate():\n    return {{'answer': 'answer-{answer}'}}\n\n\n"
    "def modules():\n    return []\n"
)


def project(root: Path) -> Path:
    write_package(root, slopes=(1.0,))
    config = with_lab(site_config(), [{"Home": "index.md"}, {"Lab": "lab/tiny.ipynb"}])
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (root / "docs" / "lab").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\n![[line0]]\n\nThe answer: {{ answer }}.\n")
    return root


def edits(root: Path, version: int) -> dict:
    """The three edits of one version: path -> text."""
    figure = (root / "tmpfigs" / "line0.py").read_text()
    figure = (
        figure.split("_helper.scale(")[0]
        + f"_helper.scale({version}.0, x)"
        + (figure.split("_helper.scale(")[1].split(", x)", 1)[1])
    )
    return {
        root / "tmpfigs" / "line0.py": figure,
        root / "tmpfigs" / "_values.py": VALUES.format(answer=version),
        root / "docs" / "lab" / "tiny.py": SCRIPT.format(marker=version),
    }


def build(root: Path) -> subprocess.CompletedProcess:
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
        "SOURCE_DATE_EPOCH": "1700000000",
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)


def published(root: Path) -> tuple[float, str, str]:
    """What the site shows: the figure's slope, the value, the notebook's output."""
    site = root / "site"
    rows = list(csv.DictReader(io.StringIO((site / "figures" / "line0.csv").read_text())))
    slope = float(rows[-1]["y"]) / float(rows[-1]["x"])
    home = (site / "index.html").read_text()
    answer = home.split("The answer: ")[1].split(".")[0]
    lab = (site / "lab" / "tiny" / "index.html").read_text()
    marker = re.findall(r"marker (\d+)\b", lab)  # the output (the code has a comma)
    marker = marker[0] if len(marker) == 1 else marker
    return slope, answer, marker


def edit_at(moments: list, began: float) -> None:
    """Write each (moment, path, text) at its moment, in seconds after ``began``."""
    for moment, path, text in moments:
        time.sleep(max(0.0, began + moment - time.monotonic()))
        path.write_text(text)


DAMAGE = [
    None,
    ("line0.svg", b""),  # empty
    ("values.json", None),  # truncated to half
    ("lab/tiny.ipynb", None),
    ("line0.csv", None),
]


def edit_trials(root: Path, trials: list[int], seed: int) -> tuple[float, list]:
    """Build ``root`` once, then run the given trials on it: edits during a build, perhaps a
    damaged cache entry, and a check that the next build publishes all three edits."""
    for path, text in edits(root, 1).items():
        path.write_text(text)
    began = time.monotonic()
    first = build(root)
    seconds = time.monotonic() - began
    assert first.returncode == 0, first.stderr
    assert published(root) == (1.0, "answer-1", "1")

    rng = random.Random(seed)
    results = []
    for trial in trials:
        version = trial + 2
        changes = list(edits(root, version).items())
        moments = sorted((rng.uniform(0, seconds), path, text) for path, text in changes)
        editor = threading.Thread(target=edit_at, args=(moments, time.monotonic()))
        editor.start()
        during = build(root)
        editor.join()
        damage = DAMAGE[trial % len(DAMAGE)]
        if damage:
            entry = root / "figures" / damage[0]
            data = entry.read_bytes()
            entry.write_bytes(damage[1] if damage[1] is not None else data[: len(data) // 2])
        after = build(root)
        assert after.returncode == 0, f"trial {trial}: {after.stderr}"
        shown = published(root)
        assert shown == (float(version), f"answer-{version}", str(version)), (
            f"trial {trial}: stale {shown} after edits at {[round(m[0], 1) for m in moments]} s"
        )
        results.append((during.returncode, damage and damage[0]))
    return seconds, results


def test_edits_during_a_build_are_published_by_the_next(tmp_path):
    # Twenty trials, on two copies of the project side by side (half each): much of a build is
    # spent waiting (the figure workers' and the notebook kernel's start), so two at once take
    # little longer than one.
    with ThreadPoolExecutor(2) as pool:
        runs = [
            pool.submit(edit_trials, project(tmp_path / name), list(range(k, 20, 2)), 14 + k)
            for k, name in enumerate(("one", "two"))
        ]
        for name, run in zip(("one", "two"), runs, strict=True):
            seconds, results = run.result()
            print(f"{name}: build {seconds:.1f} s; (exit status while edited, damaged entry):")
            print(results)
