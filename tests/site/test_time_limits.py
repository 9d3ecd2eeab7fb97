"""A number or the explorer's data over its time limit fails naming itself (figures: see
test_gallery.py, notebooks: test_notebooks.py). Both are ``runner.computed`` jobs: the values'
``evaluate()`` and ``vanishing_site.explorer.data()``."""

import pytest

from vanishing_site import gallery

SLOW = """\
import signal
import time


def evaluate():
    time.sleep(30)


def stuck():
    # As a job stuck in C code: the alarm that interrupts Python code never arrives.
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
    time.sleep(30)


def modules():
    return []
"""


@pytest.mark.parametrize(
    ("function", "message"),
    [
        ("evaluate", r"(?s)tmpfigs\._slow\.evaluate\(\) failed:.*ran longer than its limit of 1 s"),
        ("stuck", r"tmpfigs\._slow\.stuck\(\) ran longer than its limit of 1 s and was stopped"),
    ],
)
def test_a_computation_over_its_time_limit_fails_naming_itself(
    package, tmp_path, function, message
):
    (package / "_slow.py").write_text(SLOW)
    cache = tmp_path / "values.json"
    with pytest.raises(gallery.FigureError, match=message):
        gallery.computed("tmpfigs._slow", function, cache, timeout=1)
    assert not cache.exists(), "nothing is cached for a computation that did not finish"
