"""Recorded benchmark results: JSON files under ``benchmarks/results/``, with their provenance.

A benchmark writes its results with ``record``: the measurements plus the commit they were
measured at, the date and the machine, as ``json.dump(indent=1, sort_keys=True)`` (stable bytes,
readable diffs). Pages and figures read them with ``load(data_file("benchmarks/results/X.json"))``,
which declares the file a dependency of the reading module: an edit to the JSON rebuilds every
number and figure made from it.
"""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

from vanishing_site import buildcache

RESULTS = buildcache.ROOT / "benchmarks" / "results"


def load(path: Path) -> dict:
    """One results file, parsed."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise buildcache.CacheError(f"{path}: cannot read recorded results: {error}") from None


def record(name: str, results: dict) -> Path:
    """Write ``benchmarks/results/NAME.json``: ``results`` with commit, date and machine."""
    path = RESULTS / f"{name}.json"
    data = results | provenance()
    buildcache.write(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def provenance() -> dict:
    """Where and when a measurement is made: the commit checked out, today, this machine."""
    return {
        "commit": _commit(),
        "date": datetime.date.today().isoformat(),
        "machine": {
            "cpu": cpu(),
            "cores": os.cpu_count(),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(),
        },
    }


def _commit() -> str:
    """The commit checked out, marked "+changes" when the work tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=buildcache.ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        return git("rev-parse", "HEAD") + ("+changes" if git("status", "--porcelain") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu() -> str:
    """The CPU's model name (Linux), else what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
