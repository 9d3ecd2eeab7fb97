"""Finding the browser: $CHROME_PATH first, and never Ubuntu's snap shim (fast, no browser run)."""

import sys

from vanishing_site.serving import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import ensure_browser

# What Ubuntu's chromium-browser package installs: a script that only sends you to the snap.
SNAP_SHIM = """#!/bin/sh
if ! [ -x /snap/bin/chromium ]; then
    echo "Command '$0' requires the chromium snap to be installed." >&2
    exit 1
fi
exec /snap/bin/chromium "$@"
"""
# What Debian's chromium package installs at /usr/bin/chromium: a wrapper around the binary.
DEBIAN_WRAPPER = """#!/bin/sh
# Chromium launcher
. /etc/chromium.d/default-flags
exec /usr/lib/chromium/chromium $CHROMIUM_FLAGS "$@"
"""


def executable(path, text):
    path.write_text(text)
    path.chmod(0o755)
    return path


def test_the_snap_shim_is_recognised_and_debians_wrapper_is_not(tmp_path):
    assert ensure_browser.is_snap_shim(executable(tmp_path / "chromium-browser", SNAP_SHIM))
    assert not ensure_browser.is_snap_shim(executable(tmp_path / "chromium", DEBIAN_WRAPPER))


def test_chrome_path_comes_first_unless_it_is_the_shim(tmp_path, monkeypatch):
    monkeypatch.setattr(ensure_browser, "CANDIDATES", ())
    chosen = executable(tmp_path / "chrome", DEBIAN_WRAPPER)
    monkeypatch.setenv("CHROME_PATH", str(chosen))
    assert ensure_browser.find_browser() == chosen
    monkeypatch.setenv("CHROME_PATH", str(executable(tmp_path / "shim", SNAP_SHIM)))
    assert ensure_browser.find_browser() is None


def test_the_usual_paths_are_searched_in_order(tmp_path, monkeypatch):
    monkeypatch.delenv("CHROME_PATH", raising=False)
    shim = executable(tmp_path / "chromium-browser", SNAP_SHIM)
    chrome = executable(tmp_path / "google-chrome", DEBIAN_WRAPPER)
    missing = tmp_path / "chromium"
    monkeypatch.setattr(ensure_browser, "CANDIDATES", (str(missing), str(shim), str(chrome)))
    assert ensure_browser.find_browser() == chrome
