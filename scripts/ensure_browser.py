"""Find a Chromium or Chrome for the browser tests and benchmarks; install Debian's if none.

Run as `python scripts/ensure_browser.py`: prints the browser's path, installing Debian's
`chromium` package (through sudo when not root) only when no browser is found. Playwright's own
browser download is not used: it cannot reach its servers here, and CI images already have one.

The search order: $CHROME_PATH, then the usual install paths. Ubuntu's `chromium-browser` is
skipped when it is the shim that only points at the snap store.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
)
# How Playwright and Lighthouse launch it: a throwaway headless browser that calls no one.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def is_snap_shim(path: Path) -> bool:
    """True for a launcher that runs (or asks to install) the snap instead of a browser."""
    if str(path.resolve()).startswith("/snap/"):
        return True
    try:
        head = path.read_bytes()[:65536]
    except OSError:
        return False
    # A real browser binary is an ELF file; Debian's /usr/bin/chromium is a wrapper script that
    # never mentions snap.
    return not head.startswith(b"\x7fELF") and b"snap" in head


def find_browser() -> Path | None:
    """The first usable Chromium or Chrome, or None."""
    explicit = os.environ.get("CHROME_PATH")
    for candidate in ([explicit] if explicit else []) + list(CANDIDATES):
        path = Path(candidate)
        if path.is_file() and os.access(path, os.X_OK) and not is_snap_shim(path):
            return path
    return None


def install_chromium() -> None:
    """Install Debian's chromium package (apt-get, through sudo unless root)."""
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    quiet = {"stdout": sys.stderr}
    subprocess.run([*sudo, "apt-get", "update", "-q"], check=True, **quiet)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-q", "chromium"],
        check=True,
        env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"},
        **quiet,
    )


def ensure_browser() -> Path:
    """A usable browser's path, installing Debian's Chromium first when there is none."""
    path = find_browser()
    if path is None:
        if shutil.which("apt-get") is None:
            raise RuntimeError("no Chromium or Chrome found; set CHROME_PATH to one")
        install_chromium()
        path = find_browser()
    if path is None:
        raise RuntimeError("chromium was installed but no browser is at the usual paths")
    return path


if __name__ == "__main__":
    print(ensure_browser())
