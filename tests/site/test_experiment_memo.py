"""buildcache.memo: an experiment's result computed once, by one process, and verified on read."""

import subprocess
import sys
import textwrap

import pytest

# An experiment that counts its computations in a file and takes a moment, so that two
# processes asking for it at once overlap.
EXPERIMENT = textwrap.dedent(
    """
    import time
    from pathlib import Path


    def square(x):
        with open(Path(__file__).with_name("computed.txt"), "a") as log:
            log.write(f"{x}\\n")
        time.sleep(1.0)
        return {"square": x * x}
    """
)
CALL = (
    "import sys, slow_experiment; from vanishing_site import buildcache; "
    "print(buildcache.memo(slow_experiment.square)(int(sys.argv[1]))['square'])"
)


@pytest.fixture
def experiment(tmp_path, monkeypatch):
    (tmp_path / "slow_experiment.py").write_text(EXPERIMENT)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("VANISHING_CACHE", str(tmp_path / "memo"))
    return tmp_path


def _start(x: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CALL, str(x)], stdout=subprocess.PIPE, text=True)


def _computed(root) -> list[str]:
    log = root / "computed.txt"
    return log.read_text().split() if log.exists() else []


def test_two_processes_asking_at_once_compute_the_result_once(experiment):
    first, second = _start(7), _start(7)
    assert [p.communicate(timeout=60)[0].strip() for p in (first, second)] == ["49", "49"]
    assert _computed(experiment) == ["7"]


def test_different_arguments_are_computed_apart_and_a_stored_result_is_reused(experiment):
    for x in (2, 3, 2):
        assert _start(x).communicate(timeout=60)[0].strip() == str(x * x)
    assert _computed(experiment) == ["2", "3"]


@pytest.mark.parametrize("damage", [b"", b"\x00" * 10, None], ids=["empty", "garbage", "truncated"])
def test_a_damaged_result_is_computed_again(experiment, damage):
    assert _start(5).communicate(timeout=60)[0].strip() == "25"
    (stored,) = (experiment / "memo").glob("*.pickle")
    blob = stored.read_bytes()
    stored.write_bytes(blob[: len(blob) // 2] if damage is None else damage)
    assert _start(5).communicate(timeout=60)[0].strip() == "25"
    assert _computed(experiment) == ["5", "5"]
