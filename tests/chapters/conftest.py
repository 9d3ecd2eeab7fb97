"""Chapter tests draw figures directly; close them after each test so that pyplot does not warn
about many open figures (warnings are errors in this suite)."""

import sys

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
