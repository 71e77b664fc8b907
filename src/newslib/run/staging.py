"""One writer per output folder, and runs whose outputs become current in one step.

A run (``newslib extract``, ``newslib report``, a notebook that extracts) writes nothing into
its output folder while it works::

    with staging.output_run("outputs/tables", "extract") as run:
        write_everything_into(run.path)   # a staging folder beside the output folder
    # here outputs/tables holds this run's outputs, every one of them

* **Lock.** The run holds an advisory lock (``fcntl.flock``) on ``.<name>.newslib.lock``
  beside the output folder from start to end; the file names the holder (process id, command,
  start time). A second run into the same folder fails at once with ``OutputBusyError`` (exit 9,
  naming that process), or with ``wait=True`` (``--wait``) says it waits and waits. A report
  reading a tables folder it did not write holds a shared lock on it (``read_lock``), so an
  extract cannot replace the tables under it. The kernel drops the lock when a process dies,
  however it dies; the lock file is removed by the run that holds it.
* **Staging.** Everything is written to ``.<name>.newslib-<run id>/`` beside the output folder
  (``run.path``, an absolute path on the same file system: a Dask worker can be given it and
  write part files there directly).
* **One step.** At the end the staging folder and the output folder are exchanged in one atomic
  ``renameat2(RENAME_EXCHANGE)`` (Linux); elsewhere by two renames, which a later run completes
  or undoes. Entries of the output folder that newslib does not write (a user's own files or
  subfolders, ``outputs/mine``) are moved into the staging folder first, so they stay where they
  were. The previous outputs are then deleted.
* **Interrupted runs.** On an exception or Ctrl-C the staging folder is deleted and the previous
  outputs were never touched. After SIGKILL (or a power cut) the staging folder stays; the next
  run into the same folder removes it (``recover``), putting back any entry it had carried.

The output folder must not be the working directory or contain it (it is replaced whole).

``checkpoint(name)`` marks the points of a run where tests pause it (see ``CHECKPOINTS``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputBusyError
from ..io import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks
    fcntl = None

log = logging.getLogger(__name__)

#: Hidden files of a staging folder: the run id (the folder holds that run's unfinished
#: outputs) and the names of the entries carried over from the output folder.
RUN_MARKER = ".newslib-run"
CARRIED = ".newslib-carried"
#: Errors that mean the disk (or quota, or the largest file allowed) is full.
NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.newslib.lock"


def _staging_prefix(folder: Path) -> str:
    return f".{folder.name}.newslib-"


# ----------------------------------------------------------------------------- locks
class OutputLock:
    """An advisory lock on an output folder (``lock_path``): exclusive for a writer, shared for
    a reader. ``acquire`` raises OutputBusyError (exit 9) when another process holds it and
    ``wait`` is False; with ``wait`` it logs who holds it and blocks."""

    def __init__(self, folder: Path, command: str = "", shared: bool = False, wait: bool = False):
        self.folder = folder
        self.path = lock_path(folder)
        self.command = command
        self.shared = shared
        self.wait = wait
        self.fd: int | None = None

    def acquire(self) -> OutputLock:
        if fcntl is None:  # pragma: no cover
            log.warning("no advisory locks on this platform: two runs into %s would not be kept apart", self.folder)
            return self
        mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        told = False
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot create the lock file {self.path} ({exc.strerror}); the folder "
                                  f"{self.path.parent} must be writable") from exc
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if not self.wait:
                    os.close(fd)
                    raise OutputBusyError(f"{self.folder} is being {'written' if holder else 'read'} by another "
                                          f"newslib run{' (' + holder + ')' if holder else ''}; wait for it to "
                                          f"finish, or pass --wait to start when it has") from None
                if not told:
                    log.warning("waiting for another newslib run to finish with %s%s", self.folder,
                                f" ({holder})" if holder else "")
                    told = True
                fcntl.flock(fd, mode)
            # the file may have been removed by the holder we waited for: lock the one in place
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        if not self.shared:
            info = {"pid": os.getpid(), "command": self.command, "host": socket.gethostname(),
                    "started": dt.datetime.now().isoformat(timespec="seconds")}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            if self.shared:  # the last reader out removes the file (no writer is waiting on it)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
            with contextlib.suppress(FileNotFoundError):
                if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                    os.unlink(self.path)  # while still held: a waiter then finds it gone and retries
        finally:
            os.close(fd)

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _holder(fd: int) -> str:
    """Who holds a lock, from its file: 'pid 123, newslib extract, since 2024-...'."""
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        return ""
    if not info.get("pid"):
        return ""
    return (f"pid {info['pid']}" + (f" on {info['host']}" if info.get("host") not in (None, socket.gethostname()) else "")
            + (f", newslib {info['command']}" if info.get("command") else "")
            + (f", since {info['started']}" if info.get("started") else ""))


@contextlib.contextmanager
def read_lock(folder: str | os.PathLike, wait: bool = True) -> Iterator[None]:
    """Hold a shared lock on ``folder`` (a tables folder a report reads but does not write), so
    no run replaces it meanwhile. A folder that does not exist needs none."""
    folder = Path(os.path.realpath(folder))
    if not folder.is_dir() or not os.access(folder.parent, os.W_OK):
        yield
        return
    with OutputLock(folder, shared=True, wait=wait):
        yield


# ----------------------------------------------------------------------------- staged runs
@dataclass
class Run:
    """A run in progress: write into ``path``; ``out`` becomes it on success."""

    out: Path
    path: Path
    run_id: str
    command: str


def _check_out(out: Path) -> None:
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents:
        raise OutputError(f"output folder {out} is the working directory or holds it; newslib replaces its output "
                          f"folder whole at the end of a run, so give it a folder of its own (e.g. {out / 'outputs'})")
    if out.exists() and not out.is_dir():
        raise OutputError(f"output folder {out} is a file; choose another --out")


@contextlib.contextmanager
def output_run(out: str | os.PathLike, command: str, wait: bool = False) -> Iterator[Run]:
    """Lock ``out``, give a staging folder to write into, and make it ``out`` in one step when
    the block ends without an exception (see the module docstring). On an exception or Ctrl-C
    the staging folder is removed and ``out`` is as it was. A full disk is an OutputError
    (exit 8) naming the folder."""
    out = Path(os.path.realpath(out))  # a link to a folder: the folder it points to is replaced
    _check_out(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out.parent} ({exc.strerror}); choose another --out") from exc
    if not os.access(out.parent, os.W_OK):
        raise OutputError(f"cannot write beside {out}: {out.parent} is not writable (a run stages its outputs there); "
                          f"choose another --out or fix the permissions")
    with OutputLock(out, command, wait=wait):
        recover(out)
        run_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}"
        run = Run(out, out.parent / f"{_staging_prefix(out)}{run_id}", run_id, command)
        try:
            try:
                run.path.mkdir()
                (run.path / RUN_MARKER).write_text(run_id, encoding="utf-8")
                yield run
                _commit(run)
            except OSError as exc:
                if exc.errno in NO_SPACE:
                    raise OutputError(f"no space left to write {out} ({exc.strerror}); the previous outputs are left as "
                                      f"they were. Free some space, or choose another --out") from exc
                if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                    raise OutputError(f"cannot write {out} ({exc.strerror}: {exc.filename}); the previous outputs are "
                                      f"left as they were. Choose another --out or fix the permissions") from exc
                raise
        except BaseException:
            _remove(run.path)
            raise


def _commit(run: Run) -> None:
    """Make the staging folder the output folder, carrying over the entries newslib did not
    write, then delete the previous outputs."""
    out, new = run.out, run.path
    checkpoint("commit")
    carried = []
    if out.is_dir():
        carried = sorted(p.name for p in out.iterdir() if not owned(p.name) and not (new / p.name).exists())
    if carried:
        (new / CARRIED).write_text("\n".join(carried) + "\n", encoding="utf-8")
        for name in carried:
            os.rename(out / name, new / name)
    old = _swap(new, out)
    _COMMITTED.add(out)
    checkpoint("committed")
    for marker in (RUN_MARKER, CARRIED):
        (out / marker).unlink(missing_ok=True)
    if old is not None:
        _remove(old)
    _fsync_dir(out.parent)


_COMMITTED: set[Path] = set()


def was_committed(out: str | os.PathLike) -> bool:
    """Whether a run of this process made ``out`` current (so an interruption after it left
    the new outputs, not the previous ones)."""
    return Path(os.path.realpath(out)) in _COMMITTED


def _swap(new: Path, out: Path) -> Path | None:
    """Put ``new`` at ``out`` in one step; returns where the previous ``out`` is now (None: there
    was none)."""
    if not out.exists():
        os.rename(new, out)
        return None
    if os.path.ismount(out):
        raise OutputError(f"output folder {out} is a mount point, which cannot be replaced; use a folder inside it")
    if _exchange(new, out):
        return new  # the previous outputs are now at the staging path
    # no atomic exchange here: two renames; a run killed between them is undone by recover()
    old = new.with_name(new.name + ".old")
    os.rename(out, old)
    os.rename(new, out)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where
    that does not exist (other systems, old kernels, some file systems)."""
    fn = _renameat2()
    if fn is None:
        return False
    import ctypes

    if fn(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err), str(b))


_RENAMEAT2: list = []


def _renameat2():
    if not _RENAMEAT2:
        fn = None
        try:
            import ctypes
            import ctypes.util

            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            fn = libc.renameat2
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            fn.restype = ctypes.c_int
        except (OSError, AttributeError):  # not glibc >= 2.28
            fn = None
        _RENAMEAT2.append(fn)
    return _RENAMEAT2[0]


def recover(out: Path) -> None:
    """Remove what interrupted runs into ``out`` left beside it (the caller holds the lock):
    a staging folder that still holds an unfinished run is deleted after the entries it had
    carried over from ``out`` are put back; one that holds the previous outputs (the run was
    killed just after its switch) is deleted; a half-done two-rename switch is undone."""
    prefix = _staging_prefix(out)
    stale = sorted(p for p in out.parent.iterdir() if p.name.startswith(prefix))
    for old in [p for p in stale if p.name.endswith(".old")]:
        if not out.exists():
            os.rename(old, out)  # killed between the two renames: the previous outputs go back
            log.warning("restored the previous outputs of %s (a run was interrupted while switching)", out)
        else:
            _remove(old)
    for s in [p for p in stale if not p.name.endswith(".old") and p.is_dir()]:
        run_id = s.name[len(prefix):]
        try:
            unfinished = (s / RUN_MARKER).read_text(encoding="utf-8") == run_id
        except OSError:
            unfinished = False
        if unfinished:
            carried = (s / CARRIED).read_text(encoding="utf-8").split() if (s / CARRIED).exists() else []
            for name in carried:
                if (s / name).exists() and not (out / name).exists():
                    os.rename(s / name, out / name)
        elif out.is_dir():
            for marker in (RUN_MARKER, CARRIED):
                (out / marker).unlink(missing_ok=True)
        _remove(s)
        log.info("removed %s, left by an interrupted run", s)


#: What newslib writes in an output folder (besides each table's files): these are replaced
#: by a run, never carried over from the previous outputs.
OWNED = {"run.json", "corpus.json", "tables", "notebooks", "html", ".spill", ".pieces", RUN_MARKER, CARRIED}


def owned(name: str) -> bool:
    """Whether newslib writes entries of this name in an output folder."""
    from . import pipeline

    if name in OWNED or name.startswith(".") and name.endswith((".tmp", ".partial", ".running.ipynb")):
        return True
    stem = name.split(".", 1)[0]
    return stem in pipeline.TABLES and name in (stem, f"{stem}.csv", f"{stem}.parquet")


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ----------------------------------------------------------------------------- test points
#: Where a run can be paused for tests: ``planned`` (the corpus is read or planned),
#: ``partition`` (the first partition is written), ``corpus-tables`` (some corpus-wide tables
#: are made), ``write`` (the first table file is written), ``notebook`` (the first notebook
#: ran), ``commit`` (everything is staged), ``committed`` (switched, the previous outputs not
#: yet deleted).
CHECKPOINTS = ("planned", "partition", "corpus-tables", "write", "notebook", "commit", "committed")
_PASSED: set[str] = set()


def checkpoint(name: str) -> None:
    """Pause here if the environment asks to (tests only): with ``NEWSLIB_CHECKPOINT=name`` and
    ``NEWSLIB_CHECKPOINT_DIR=folder``, the first time this point is reached the process writes
    ``folder/name.reached`` (its pid) and waits until ``folder/name.go`` exists, so a test can
    kill it here or let it go on. Costs one dictionary look-up otherwise."""
    if os.environ.get("NEWSLIB_CHECKPOINT") != name or name in _PASSED:
        return
    _PASSED.add(name)
    folder = Path(os.environ["NEWSLIB_CHECKPOINT_DIR"])
    (folder / f"{name}.reached").write_text(str(os.getpid()), encoding="utf-8")
    while not (folder / f"{name}.go").exists():
        time.sleep(0.02)
