"""Atomic publication: a build writes into a staging directory and swaps it in when complete.

MkDocs writes the site file by file into ``site_dir``; a build that fails, or is interrupted
(Ctrl-C, ``kill``), would leave a mix of old and new files there. Instead the build writes
into ``.NAME.building-PID`` beside ``site_dir`` (the same file system, so a rename moves it),
and once every file is written and the strict build has nothing to complain about, the two
directories are exchanged in one step (Linux's ``renameat2(RENAME_EXCHANGE)``; elsewhere two
renames). ``site_dir`` is therefore always the complete old site or the complete new one.

A staging directory left by a killed build is removed by the next build.
"""

import atexit
import ctypes
import logging
import os
import shutil
import signal
import threading
from pathlib import Path

from mkdocs.utils import CountHandler

_STAGING = ".{name}.building-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(site_dir: Path) -> Path:
    """This process's staging directory for ``site_dir``."""
    return site_dir.parent / f"{_STAGING.format(name=site_dir.name)}{os.getpid()}"


def prepare(site_dir: Path, dirty: bool = False) -> Path:
    """A fresh staging directory for ``site_dir`` (a copy of the old site for a dirty build),
    after removing those that builds no longer running left behind. It is removed when the
    process exits without publishing it."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for path in site_dir.parent.glob(f"{_STAGING.format(name=site_dir.name)}*"):
        pid = path.name.rsplit("-", 1)[1].removesuffix(".old")
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            shutil.rmtree(path, ignore_errors=True)
    staging = staging_dir(site_dir)
    if dirty and site_dir.is_dir():
        shutil.copytree(site_dir, staging, symlinks=True)
    else:
        staging.mkdir()
    atexit.register(shutil.rmtree, staging, ignore_errors=True)
    return staging


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def strict_failures() -> int:
    """How many warnings and errors a strict build has counted so far: MkDocs aborts such a
    build only after the last plugin event, when the site would already be published."""
    handlers = logging.getLogger("mkdocs").handlers
    return sum(n for h in handlers if isinstance(h, CountHandler) for _, n in h.get_counts())


def publish(staging: Path, site_dir: Path) -> None:
    """Swap the complete ``staging`` in as ``site_dir`` and remove the old site."""
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if not _exchange(staging, site_dir):
        # No atomic exchange here: the old site leaves and the new one arrives at once after.
        old = staging.with_name(staging.name + ".old")
        os.rename(site_dir, old)
        os.rename(staging, site_dir)
        staging = old
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot
        return False
    raise OSError(error, os.strerror(error), str(b))


def discard(staging: Path) -> None:
    """Remove a staging directory that will not be published."""
    shutil.rmtree(staging, ignore_errors=True)


def stop_on_terminate() -> None:
    """Make SIGTERM end the build as Ctrl-C does (its workers stopped, its staging directory
    removed) rather than on the spot; only from the main thread, and only where nobody else
    has set a handler (nbclient, which runs the Lab's notebooks, replaces it while a kernel runs,
    and notebooks.py puts this one back after)."""
    if threading.current_thread() is threading.main_thread():
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)
