"""The build cache: outputs stored under a key of everything that made them, verified on read.

A **key** is the SHA-256 of

- the source of a module and of every project module it imports, transitively (read from the
  files' syntax trees, without importing anything),
- the data files those modules declare with ``data_file("path")`` (a literal path, relative to
  the project root, so that the key can see it without running the module), and
- the versions of Python and of the tools that turn the code into output (numpy, matplotlib …).

An **entry** is a set of output files plus a metadata file (JSON) that records the key and the
SHA-256 of every output. Outputs are written first, each atomically (temporary file, fsync,
rename); the metadata goes last and marks the entry complete. Reading an entry checks the key
and every output's hash, so an empty, truncated or altered output is a miss and gets rebuilt.

A key is computed before the work starts and again before the entry is committed: a source
edited while a worker rendered it changes the second key, and the entry is not committed under
the first (``Changed``), so an edit made during a build is never served under a stale key.

``memo`` keeps experiment results on disk under the same kind of key, so that figures, values,
the explorer and the Lab share one computation of each experiment.
"""

import ast
import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import json
import os
import pickle
import platform
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

# The tools whose version is part of every key: they compute and draw.
TOOLS = ("numpy", "matplotlib")
# The project root: where pyproject.toml is, and what data_file paths are relative to.
ROOT = Path(__file__).resolve().parents[2]
# Where memo keeps results; VANISHING_CACHE moves it (tests use a temporary directory).
MEMO_DIR = Path(".cache") / "experiments"


class CacheError(RuntimeError):
    """A cache entry cannot be written, or the sources kept changing while it was made."""


class Changed(CacheError):
    """The sources of an entry changed while it was being made: it must be made again."""


def data_file(path: str) -> Path:
    """A data file of the project (``path`` relative to its root), declared as a dependency.

    Call it with a literal string at module level: the key of every module that imports the
    caller then hashes the file's bytes, so an edit to the data rebuilds what shows it.
    """
    return ROOT / path


def imports(path: Path, package: str | None) -> frozenset[str]:
    """Absolute names of the modules a source file imports (relative imports resolved)."""
    found, relative, _ = _parsed(path)
    parts = (package or "").split(".")
    for level, base, names in relative:
        parent = ".".join(parts[: len(parts) - level + 1])
        base = f"{parent}.{base}" if base else parent
        # `from pkg import mod` imports a module when mod is one.
        found = found | {base} | {f"{base}.{name}" for name in names}
    return found


def declared_data(path: Path) -> tuple[str, ...]:
    """The literal paths a source file passes to ``data_file``."""
    return _parsed(path)[2]


def _parsed(path: Path):
    stat = path.stat()
    stamp = [stat.st_mtime_ns, stat.st_size]
    parses = _stored_parses()
    stored = parses.get(str(path))
    if stored and stored[0] == stamp:
        found, relative, data = stored[1]
        return frozenset(found), tuple((lv, m, tuple(n)) for lv, m, n in relative), tuple(data)
    result = _parse(str(path))
    found, relative, data = result
    parses[str(path)] = [stamp, [sorted(found), [list(r) for r in relative], list(data)]]
    _unsaved.add(str(path))
    return result


def _save_parses() -> None:
    """Store new parses for the next build (of files that still exist)."""
    if not _unsaved:
        return
    parses = _stored_parses()
    for gone in [path for path in parses if not Path(path).is_file()]:
        del parses[gone]
    write(_PARSES, json.dumps(parses, sort_keys=True))
    _unsaved.clear()


# What each source file imports, kept between builds (as Python keeps its bytecode) under the
# file's modification time and size: parsing every module again took most of a no-op build.
_PARSES = ROOT / ".cache" / "buildcache" / "imports.json"
_unsaved: set[str] = set()


@functools.cache
def _stored_parses() -> dict:
    try:
        return json.loads(_PARSES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _parse(path: str):
    """(absolute imports, relative imports as (level, module, names), declared data files)."""
    found, relative, data = set(), [], []
    source = Path(path).read_bytes()
    try:
        tree = ast.parse(source.decode("utf-8"), path)
    except UnicodeDecodeError as error:
        line = source[: error.start].count(b"\n") + 1
        raise CacheError(f"{path}:{line}: not UTF-8 ({error.reason})") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            relative.append((node.level, node.module or "", tuple(a.name for a in node.names)))
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and _called(node.func) == data_file.__name__:
            if len(node.args) != 1 or not isinstance(node.args[0], ast.Constant):
                raise CacheError(f"{path}:{node.lineno}: data_file() needs one literal path")
            data.append(node.args[0].value)
    return frozenset(found), tuple(relative), tuple(data)


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _source(module: str, roots: set[str]) -> Path | None:
    """The file of a project module, or None for third-party and non-module names.

    Resolved on disk below the top-level package, so that asking about ``pkg.mod.NAME`` never
    imports ``pkg.mod`` (which may import matplotlib: seconds on every build)."""
    top, *rest = module.split(".")
    if top not in roots:
        return None
    location = _package_dir(top, tuple(sys.path))
    if location is None:
        return None
    path = location.joinpath(*rest)
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=64)
def _package_dir(top: str, search_path: tuple[str, ...]) -> Path | None:
    """Where a top-level package lives (for this search path; asked once per build)."""
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def dependencies(module: str, also: tuple[str, ...] = ()) -> dict[str, Path]:
    """Every project module that importing ``module`` (and ``also``) executes: itself, its
    parent packages and, transitively, what they import from the project (``vanishing``,
    ``vanishing_site`` and the module's own top-level package)."""
    roots = {"vanishing", "vanishing_site", module.split(".")[0]}
    seen: dict[str, Path] = {}
    todo = [module, *also]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in seen:
                continue
            path = _source(candidate, roots)
            if path is None:
                continue
            seen[candidate] = path
            package = candidate if path.name == "__init__.py" else candidate.rpartition(".")[0]
            todo.extend(imports(path, package))
    return dict(sorted(seen.items()))


def data_dependencies(modules: Iterable[Path]) -> list[Path]:
    """The data files that the given module files declare, sorted."""
    return sorted({ROOT / p for path in modules for p in declared_data(path)})


@functools.lru_cache(maxsize=16)
def tool_versions(tools: tuple[str, ...] = TOOLS) -> str:
    """Python's version and the tools' (read once per process: reading them is slow)."""
    return " ".join([f"python {platform.python_version()}"] + [f"{t} {version(t)}" for t in tools])


def module_key(module: str, also: tuple[str, ...] = (), tools: tuple[str, ...] = TOOLS) -> str:
    """SHA-256 of a module's source, of the project modules it imports, of the data files they
    declare and of the tools' versions: everything that determines what it computes."""
    digest = hashlib.sha256(f"{tool_versions(tools)}\n".encode())
    modules = dependencies(module, also)
    for name, path in modules.items():
        digest.update(f"{name}\n".encode())
        digest.update(path.read_bytes())
    for path in data_dependencies(modules.values()):
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise CacheError(f"{module} needs the data file {path}, which is missing") from None
        digest.update(f"{path.relative_to(ROOT)}\n".encode())
        digest.update(content)
    _save_parses()
    return digest.hexdigest()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(path: Path, content: str | bytes) -> None:
    """Write atomically and durably: readers see the old file or the whole new one, never a
    part, and a crash right after leaves the new one (the data is synced before the rename)."""
    data = content.encode() if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself
    finally:
        os.close(directory)


def lookup(meta: Path, key: str) -> dict | None:
    """The metadata of a complete, intact entry made under ``key``, else None.

    Intact means: every output the metadata lists exists beside it with the SHA-256 it had
    when the entry was committed."""
    stored = read(meta)
    if stored is None or stored.get("key") != key:
        return None
    return stored


def read(meta: Path) -> dict | None:
    """An entry's metadata when the entry is complete and intact, whatever its key."""
    try:
        stored = json.loads(meta.read_text(encoding="utf-8"))
        files = stored["files"]
        for name, digest in files.items():
            if sha256(meta.parent / name) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return stored


def commit(meta: Path, key: str, outputs: Iterable[Path], info: dict | None = None) -> dict:
    """Record ``outputs`` (already written, in ``meta``'s directory or below it) as the entry
    of ``key``; the metadata lists them relative to its directory."""
    stored = dict(info or {})
    stored["key"] = key
    stored["files"] = {
        Path(os.path.relpath(path, meta.parent)).as_posix(): sha256(path) for path in outputs
    }
    write(meta, json.dumps(stored, indent=1, sort_keys=True) + "\n")
    return stored


def discard(meta: Path, outputs: Iterable[Path] = ()) -> None:
    """Remove an entry: the metadata first, so that no reader sees it half removed, then the
    given outputs and whatever outputs the metadata listed (even when they are damaged)."""
    try:
        listed = [
            meta.parent / name for name in json.loads(meta.read_text(encoding="utf-8"))["files"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        listed = []
    meta.unlink(missing_ok=True)
    for path in [*outputs, *listed]:
        path.unlink(missing_ok=True)


def ensure_unchanged(key: str, current: Callable[[], str], what: str) -> None:
    """Raise Changed when the key computed now differs from the one the work started under."""
    if current() != key:
        raise Changed(f"{what}: its sources changed while it was being built")


def memo(function: Callable) -> Callable:
    """Keep ``function``'s results on disk, keyed by the import-graph key of its module, its
    qualified name and its arguments (pickled), under ``.cache/experiments/``.

    Every process of a build (figure workers, the values, the explorer) then computes an
    experiment once: processes that ask for the same result at the same time wait for the
    first to store it (one lock file per call). A stored result is verified with its SHA-256;
    a damaged one is computed again. Each (function, arguments) keeps one file: a result of
    older code is replaced. Calls whose arguments or result do not pickle are computed and not
    stored.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def remembered(*args, **kwargs):
        try:
            arguments = pickle.dumps((args, sorted(kwargs.items())), protocol=4)
        except (pickle.PicklingError, TypeError, AttributeError):
            return function(*args, **kwargs)  # a call that cannot be named is not shared
        call = hashlib.sha256(f"{name}\n".encode() + arguments).hexdigest()[:24]
        code = module_key(function.__module__)[:24]
        path = memo_dir() / f"{name}-{call}-{code}.pickle"
        stored = _stored(path)
        if stored is not _MISSING:
            return stored
        with _computing(path.with_name(f"{name}-{call}.lock")):
            # Another process may have finished it while this one waited for the lock.
            stored = _stored(path)
            if stored is not _MISSING:
                return stored
            result = function(*args, **kwargs)
            _keep(path, name, call, result)
        return result

    remembered.memoised = True
    return remembered


_MISSING = object()


def _stored(path: Path):
    """The result stored at ``path`` if it is there whole (its SHA-256 checks), else _MISSING."""
    try:
        blob = path.read_bytes()
        check, payload = blob[:32], blob[32:]
        if hashlib.sha256(payload).digest() == check:
            return pickle.loads(payload)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    return _MISSING


@contextlib.contextmanager
def _computing(lock_path: Path):
    """Hold an exclusive lock on ``lock_path``: of the processes that want the same
    result at the same time (two figure workers, a test run beside a build), one computes it
    and the others wait and read it. The kernel drops the lock if its holder dies. Calls nest
    only down the (acyclic) call graph of the experiments, so waiting cannot deadlock."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _keep(path: Path, name: str, call: str, result) -> None:
    """Store ``result`` at ``path`` and drop the results older code stored for the same call."""
    try:
        payload = pickle.dumps(result, protocol=4)
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # a result that cannot be stored is not shared
    write(path, hashlib.sha256(payload).digest() + payload)
    for older in path.parent.glob(f"{name}-{call}-*.pickle"):
        if older != path:
            older.unlink(missing_ok=True)


def memo_dir() -> Path:
    return Path(os.environ.get("VANISHING_CACHE") or ROOT / MEMO_DIR)
