"""Run the build's jobs in fresh worker processes: each named, timed, and never left behind.

Fresh processes mean that under ``mkdocs serve`` an edited module is imported anew. Around
``concurrent.futures`` this adds what a build needs:

- whatever a job raises, ``SystemExit`` and ``KeyboardInterrupt`` included, comes back as an
  error naming the job, with its traceback;
- a worker that dies (``os._exit``, a signal, a segfault) breaks the pool; the jobs that had
  not finished then run again one at a time, each in its own process, so that the error names
  the job that kills its process and how it died;
- each job has a time limit; a job over it fails naming itself;
- workers never outlive the build: each polls its parent and exits when the parent is gone,
  and an interrupted build cancels what has not started and stops its workers;
- while a long batch runs, progress lines ("figures 12/33 …") go to the site's logger.
"""

import importlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from vanishing_site import buildcache

log = logging.getLogger("mkdocs.plugins.vanishing")
# Seconds a job may take. The slowest figure takes about 10 s on a loaded two-core machine
# and all the values about 60 s; these limits only catch a job that hangs.
TIMEOUT = 600
# Exit status of a worker that a job's time limit stopped from outside (as timeout(1) does).
TIMED_OUT = 124
_POLL = 1.0  # seconds between a worker's checks that its parent is alive


class RunError(RuntimeError):
    """A job raised, timed out or killed its worker process; the message names it.

    ``failures`` maps the name of each failed job to its traceback or how it died."""

    def __init__(self, message: str, failures: dict[str, str] | None = None):
        super().__init__(message)
        self.failures = failures or {}


class JobTimeout(Exception):
    """Raised inside a worker when a job exceeds its time limit."""


def _init_worker(parent: int) -> None:
    """One BLAS thread per worker (the workers already use every core between them), a
    file-only matplotlib backend, experiments shared between workers through their on-disk
    memo, and a watch on the parent: a worker whose build was killed exits instead of waiting
    forever on a queue nobody writes to."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    os.environ["MPLBACKEND"] = "svg"
    # Imported only now: it loads numpy, whose BLAS reads its thread count once, at import
    # (more threads sum in another order, and change the last bits of the results).
    from vanishing_site import experiment_memo

    experiment_memo.install()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _limited(function: Callable, args: tuple, seconds: float, name: str):
    """Call ``function(*args)`` in a worker, with a time limit and every exception caught.

    Returns ``(result, None)`` or ``(None, traceback text)``. The limit is an alarm signal,
    which interrupts Python code; a job stuck where signals wait (in C code) is stopped by
    a second timer, which ends the process with TIMED_OUT."""

    def alarm(signum, frame):
        raise JobTimeout(f"{name} ran longer than its limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    # The alarm's grace before the process is ended: ten seconds, or less for a short limit.
    stuck = threading.Timer(seconds + min(10.0, seconds), _stop_stuck, (name, seconds))
    stuck.daemon = True
    stuck.start()
    try:
        return function(*args), None
    except BaseException:  # SystemExit and KeyboardInterrupt must not end a worker silently
        return None, traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        stuck.cancel()


def _stop_stuck(name: str, seconds: float) -> None:
    print(f"{name} ran longer than its limit of {seconds:g} s", file=sys.stderr, flush=True)
    os._exit(TIMED_OUT)


def _context():
    return multiprocessing.get_context("spawn")


def run(
    jobs: dict[str, tuple[Callable, tuple]],
    what: str,
    workers: int | None = None,
    timeout: float = TIMEOUT,
    progress: bool = False,
) -> dict[str, object]:
    """Run each ``name: (function, args)`` in worker processes; their results by name.

    ``what`` names the kind of job in messages ("figure", "value"). Functions and arguments
    must pickle (module-level functions). Raises RunError naming every job that failed.
    """
    results: dict[str, object] = {}
    failures: dict[str, str] = {}
    if not jobs:
        return results
    workers = min(len(jobs), workers or os.cpu_count() or 1)
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_init_worker, initargs=(os.getpid(),)
    )
    broken = []
    try:
        futures = {
            pool.submit(_limited, function, args, timeout, f"{what} {name!r}"): name
            for name, (function, args) in jobs.items()
        }
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                name = futures[future]
                try:
                    result, error = future.result()
                except BrokenProcessPool:
                    broken.append(name)
                    continue
                if error:
                    failures[name] = error
                else:
                    results[name] = result
                if progress:
                    log.info("%ss %d/%d %s", what, len(results) + len(failures), len(jobs), name)
    except BaseException:
        # Interrupted: nothing new starts, and the running workers stop now, not when done.
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    # A worker died and took the pool with it: find which job kills its process.
    for name in sorted(broken):
        function, args = jobs[name]
        try:
            results[name] = isolated(function, args, f"{what} {name!r}", timeout)
        except RunError as error:
            failures[name] = str(error).removeprefix(f"{what} {name!r} failed:\n")
    if failures:
        report = "\n".join(f"{what} {name!r} failed:\n{error}" for name, error in failures.items())
        raise RunError(report, failures)
    return results


def _stop(pool: ProcessPoolExecutor) -> None:
    # The executor offers no public way to stop running workers before Python 3.14, and
    # forgets them on shutdown: take them first.
    running = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in running:
        process.terminate()


def isolated(function: Callable, args: tuple, name: str, timeout: float = TIMEOUT):
    """``function(*args)`` in a process of its own; RunError naming ``name`` if it fails or
    its process dies, with how it died."""
    receive, send = _context().Pipe(duplex=False)
    process = _context().Process(
        target=_isolated_main, args=(send, os.getpid(), function, args, timeout, name)
    )
    process.start()
    send.close()
    try:
        try:
            result, error = receive.recv()
        except EOFError:  # the process ended without answering
            process.join()
            raise RunError(f"{name} {_death(process.exitcode, timeout)}") from None
        process.join()
    except BaseException:
        process.terminate()
        raise
    if error:
        raise RunError(f"{name} failed:\n{error}")
    return result


def _isolated_main(send, parent, function, args, timeout, name) -> None:
    _init_worker(parent)
    send.send(_limited(function, args, timeout, name))


def _death(code: int | None, timeout: float) -> str:
    if code == TIMED_OUT:
        return f"ran longer than its limit of {timeout:g} s and was stopped"
    if code is not None and code < 0:
        return f"crashed its worker process ({signal.Signals(-code).name})"
    return f"ended its worker process (exit status {code}) without finishing"


def _call(module: str, function: str):
    return getattr(importlib.import_module(module), function)()


def computed(
    module: str, function: str, cache: Path, timeout: float = TIMEOUT, also: tuple[str, ...] = ()
) -> dict:
    """``module.function()`` evaluated in a fresh process, cached in a JSON file under the
    module's key (and that of the modules ``also`` names, which it imports without an import
    statement), so that edited code is never served from a stale import. The result must be
    JSON. An edit made while it ran is caught: the result is computed again."""
    what = f"{module}.{function}()"
    meta = cache.with_suffix(cache.suffix + ".meta")

    def current_key() -> str:
        try:
            return buildcache.module_key(module, also)
        except buildcache.CacheError as error:
            raise RunError(f"{what}: {error}") from None

    for _attempt in range(3):
        key = current_key()
        if buildcache.lookup(meta, key):
            return json.loads(cache.read_text(encoding="utf-8"))["values"]
        buildcache.discard(meta, [cache])
        values = isolated(_call, (module, function), what, timeout)
        if current_key() != key:
            continue
        try:
            text = json.dumps({"key": key, "values": values}, indent=1, sort_keys=True) + "\n"
        except (TypeError, ValueError) as error:
            raise RunError(f"{what} returned what JSON cannot hold: {error}") from None
        buildcache.write(cache, text)
        buildcache.commit(meta, key, [cache])
        return values
    raise RunError(f"{what}: its sources kept changing while it was computed")
