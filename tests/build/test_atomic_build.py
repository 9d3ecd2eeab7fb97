"""Interrupted builds: site/ is the complete old site or the complete new one, never a mix, and
no process of the build outlives it.

A small project whose figures take a moment to draw is built alternately in two versions; each
build is interrupted (SIGINT as Ctrl-C sends it, SIGTERM, SIGKILL) at a random moment.
"""

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from sites import site_config, with_lab, write_package

pytestmark = pytest.mark.slow

FIGURES = 3
# A Lab notebook too, run again by every build (the versions alternate, and its cache holds
# one): running a notebook resets SIGTERM's handler.
SCRIPT = "# %% [markdown]\n# # Tiny lab\n\n# %%\nprint('version {version}')\n"
# The figures sleep, so that a build spends a while drawing them in its workers.
SLEEPY = "    import time\n\n    time.sleep(0.5)  # trial {trial}\n"
PAGES = {
    "index.md": "# Home\n\nVersion {version}. The answer is {{{{ answer }}}}.\n\n{figures}\n",
    "other.md": "# Other\n\nThe {version} page.\n",
}


def write_version(root: Path, version: str, trial: int) -> None:
    """Version ``version`` of the pages; the figure modules changed so that they are drawn
    again (their output is the same for every trial)."""
    for i in range(FIGURES):
        module = root / "tmpfigs" / f"line{i}.py"
        text = re.sub(r"    import time\n\n.*# trial \d+\n", "", module.read_text())
        text = text.replace("def figure():\n", "def figure():\n" + SLEEPY.format(trial=trial))
        module.write_text(text)
    figures = "\n\n".join(f"![[line{i}]]" for i in range(FIGURES))
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(text.format(version=version, figures=figures))
    (root / "docs" / "lab" / "tiny.py").write_text(SCRIPT.format(version=version))


def project(root: Path) -> Path:
    write_package(root, slopes=[float(i + 1) for i in range(FIGURES)])
    nav = [{"Home": "index.md"}, {"Other": "other.md"}, {"Lab": "lab/tiny.ipynb"}]
    config = with_lab(site_config(), nav)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (root / "docs" / "lab").mkdir(parents=True)
    return root


def start(root: Path, log: Path) -> subprocess.Popen:
    """`mkdocs build --strict` in a session (process group) of its own."""
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
        "SOURCE_DATE_EPOCH": "1700000000",
        "NO_MKDOCS_2_WARNING": "1",
    }
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def tree(site: Path) -> str | None:
    """One hash of every file of ``site`` and its content (None when there is no site)."""
    if not site.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def group_gone(pgid: int, seconds: float) -> bool:
    """Whether every process of the group has ended within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_interrupted_builds_leave_the_old_or_the_new_site_and_no_worker(tmp_path):
    root = project(tmp_path)
    log = tmp_path / "build.log"
    complete = {}
    for trial, version in enumerate("AB"):
        write_version(root, version, trial)
        began = time.monotonic()
        build = start(root, log)
        assert build.wait(timeout=600) == 0, log.read_text()
        seconds = time.monotonic() - began
        assert "3 regenerated" in log.read_text()
        complete[version] = tree(root / "site")
    assert None not in complete.values() and complete["A"] != complete["B"]

    rng = random.Random(14)
    current = "B"
    outcomes = {sig: [] for sig in ("SIGINT", "SIGTERM", "SIGKILL")}
    for trial in range(30):
        sig = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)[trial % 3]
        target = "A" if current == "B" else "B"
        write_version(root, target, trial + 2)
        build = start(root, log)
        # Up to a little past the expected end: the last moments, when the site is written
        # and published, are the ones that matter most.
        time.sleep(rng.uniform(0.2, 1.2 * seconds))
        if sig == signal.SIGINT:  # Ctrl-C: the terminal signals the whole foreground group
            os.killpg(build.pid, sig)
        else:
            build.send_signal(sig)
        build.wait(timeout=120)
        assert group_gone(build.pid, 15), f"trial {trial} ({sig.name}): a worker outlived it"
        found = tree(root / "site")
        assert found in (complete[current], complete[target]), f"trial {trial}: a mixed site"
        current = current if found == complete[current] else target
        outcomes[sig.name].append("new" if current == target else "old")
        # A build that could clean up removed its staging directory (one killed outright
        # leaves it to the next build, which removes those of builds no longer running).
        if sig != signal.SIGKILL:
            staging = tmp_path / f".site.building-{build.pid}"
            assert not staging.exists(), f"trial {trial} ({sig.name}) left {staging}"
    # The next build removes what a killed one left, and publishes.
    build = start(root, log)
    assert build.wait(timeout=600) == 0, log.read_text()
    assert not list(tmp_path.glob(".site.building-*"))
    assert tree(root / "site") == complete[target]
    print({name: "".join(o[0] for o in found) for name, found in outcomes.items()})
    # Interrupts that came late enough found the new site published, early ones the old one.
    assert all("old" in found for found in outcomes.values()), outcomes
