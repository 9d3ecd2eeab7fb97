"""One BLAS thread per test process: on two cores, OpenBLAS's threads only fight each other
(and the figure workers), which made experiment calls up to thirty times slower."""

import os
import sys

import pytest

from sites import write_package

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist's ``--dist loadgroup`` (make test, make check), keep together what
    shares an expensive fixture: all browser tests (one built site per session) on one worker,
    and each other module's tests (module-scoped experiments and builds) on one worker. (The
    maths-only CI jobs run without pytest-xdist, which registers the marker.)"""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        group = "browser" if item.get_closest_marker("browser") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture
def package(tmp_path, monkeypatch):
    """The throwaway figure package tmpfigs, importable here and in processes started from here."""
    write_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    yield tmp_path / "tmpfigs"
    for name in [m for m in sys.modules if m == "tmpfigs" or m.startswith("tmpfigs.")]:
        del sys.modules[name]
