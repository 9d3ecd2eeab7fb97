"""One BLAS thread per test process: on two cores, OpenBLAS's threads only fight each other
(and the figure workers), which made experiment calls up to thirty times slower."""

import os
import sys

import pytest

from sites import write_package

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")


def xdist_group(nodeid: str) -> str:
    """The group a test runs in under ``--dist loadgroup``: every browser test in one (one
    built site and one Chromium per worker that runs any), every other module in its own
    (module-scoped experiments and builds)."""
    module = nodeid.split("::")[0]
    return "tests/browser" if module.startswith("tests/browser/") else module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist's ``--dist loadgroup`` (make test, make check), keep each group of
    ``xdist_group`` on one worker.

    The scheduler groups the test ids it is sent by what follows an ``@``, which xdist's worker
    appends for each ``xdist_group`` marker; with pytest 9.2 that edit no longer reaches the id
    (pytest-dev/pytest-xdist#1386), and markers added by a conftest's
    pytest_collection_modifyitems came too late for it anyway. So the groups are read from the
    ids themselves, here in the controller. (The maths-only CI jobs run without pytest-xdist,
    which defines this hook.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Grouped(LoadGroupScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid)

        def _assign_work_unit(self, node) -> None:
            # The longest groups first, so that the short ones fill in at the end instead of
            # one worker ending with a build test of minutes while the other waits: the
            # browser's, then the whole builds of tests/build, then the rest (each rank as
            # xdist orders it: most tests first).
            if not self.ordered:
                for scope in sorted(self.workqueue, key=rank):
                    self.workqueue.move_to_end(scope)
                self.ordered = True
            super()._assign_work_unit(node)

    return Grouped(config, log)


def rank(group: str) -> int:
    return 0 if group == "tests/browser" else 1 if group.startswith("tests/build/") else 2


@pytest.fixture
def package(tmp_path, monkeypatch):
    """The throwaway figure package tmpfigs, importable here and in processes started from here."""
    write_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    yield tmp_path / "tmpfigs"
    for name in [m for m in sys.modules if m == "tmpfigs" or m.startswith("tmpfigs.")]:
        del sys.modules[name]
