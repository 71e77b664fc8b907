"""Outputs that stay whole (issue 19): one writer per output folder, runs that become current in
one step, interrupted runs that leave the previous outputs as they were.

The kill and concurrency tests run ``newslib`` in a subprocess paused at a named point
(``staging.checkpoint``, through ``NEWSLIB_CHECKPOINT``), then kill it or let it go on: no
sleeps that race."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from newslib import cli, io
from newslib.run import provenance, staging
from newslib.errors import OutputBusyError

ARTICLE = ("{n} soldiers killed near Homs\n\nAt least {n} soldiers were killed near Homs on Monday, the Syrian "
           "Observatory for Human Rights said. State media said {m} fighters were wounded in Palmyra.\n")


def make_corpus(folder: Path, n: int = 4, bump: int = 0) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(ARTICLE.format(n=i + 5 + bump, m=i + 2), encoding="utf-8")
    (folder / "articles.csv").write_text("file,outlet,published\n" + "".join(
        f"a{i}.txt,Outlet {i % 2},2017-09-{10 + i}\n" for i in range(n)), encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def residue(out: Path) -> list[str]:
    """What a run left beside its output folder (staging folders, lock files) or inside it."""
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    inside = [p.relative_to(out).as_posix() for p in out.rglob("*")
              if p.name.startswith(".") or p.name.endswith((".tmp", ".partial"))]
    return beside + inside


def tables_of(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(folder).items() if k.endswith((".csv", ".parquet"))}


# ----------------------------------------------------------------------------- in one process
def test_a_second_writer_fails_at_once_naming_the_first(tmp_path):
    out = tmp_path / "out"
    first = staging.OutputLock(out, "extract").acquire()
    try:
        with pytest.raises(OutputBusyError, match=f"pid {os.getpid()}, newslib extract"):
            staging.OutputLock(out, "report").acquire()
        with pytest.raises(OutputBusyError):
            staging.OutputLock(out, shared=True).acquire()
        assert OutputBusyError.exit_code == 9
    finally:
        first.release()
    assert not staging.lock_path(out).exists()
    with staging.read_lock(tmp_path):  # readers share
        with staging.read_lock(tmp_path):
            with pytest.raises(OutputBusyError, match="being read"):
                staging.OutputLock(tmp_path).acquire()
    assert not staging.lock_path(tmp_path).exists()


def test_a_failed_run_leaves_the_previous_outputs_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    with staging.output_run(out, "extract") as run:
        (run.path / "claims.csv").write_text("old", encoding="utf-8")
    before = snapshot(out)
    for exc in (RuntimeError("boom"), KeyboardInterrupt()):
        with pytest.raises(type(exc)):
            with staging.output_run(out, "extract") as run:
                (run.path / "claims.csv").write_text("new", encoding="utf-8")
                raise exc
        assert snapshot(out) == before and residue(out) == []


def test_a_run_replaces_its_outputs_and_keeps_what_it_did_not_write(tmp_path):
    out = tmp_path / "out"
    (out / "claims").mkdir(parents=True)  # part files of an earlier Dask run: replaced, never kept
    (out / "claims" / "part-00000.parquet").write_text("stale", encoding="utf-8")
    (out / "claims.csv").write_text("stale", encoding="utf-8")
    (out / "mine").mkdir()  # the user's own: kept
    (out / "mine" / "notes.md").write_text("keep me", encoding="utf-8")
    (out / "readme.txt").write_text("keep me too", encoding="utf-8")
    with staging.output_run(out, "extract") as run:
        assert run.path.parent == out.parent and run.path.is_absolute()
        (run.path / "claims.csv").write_text("new", encoding="utf-8")
    assert snapshot(out) == {"claims.csv": b"new", "mine/notes.md": b"keep me", "readme.txt": b"keep me too"}
    assert residue(out) == []


def test_the_output_folder_cannot_be_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for out in (".", str(tmp_path.parent)):
        with pytest.raises(io.OutputError, match="working directory"):
            with staging.output_run(out, "extract"):
                pass


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_stale_staging_folders_are_undone_by_the_next_run(tmp_path, monkeypatch, exchange):
    """A run killed while carrying the user's entries, or right after its switch, or between the
    two renames of a system without an atomic exchange: the next run puts everything back."""
    if not exchange:
        monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    with staging.output_run(out, "extract") as run:
        (run.path / "claims.csv").write_text("v1", encoding="utf-8")
    (out / "mine").mkdir()
    # killed after carrying "mine" into the staging folder, before the switch
    s = tmp_path / ".out.newslib-R1"
    s.mkdir()
    (s / staging.RUN_MARKER).write_text("R1")
    (s / staging.CARRIED).write_text("mine\n")
    (s / "claims.csv").write_text("half", encoding="utf-8")
    os.rename(out / "mine", s / "mine")
    # killed after the switch: the staging path holds the outputs before v1
    old = tmp_path / ".out.newslib-R0"
    old.mkdir()
    (old / "claims.csv").write_text("v0", encoding="utf-8")
    staging.recover(out)
    assert snapshot(out) == {"claims.csv": b"v1"} and (out / "mine").is_dir() and residue(out) == []
    if not exchange:  # killed between the two renames
        real = os.rename

        def rename(a, b):
            if Path(b) == out:  # the previous outputs moved aside, the new ones not yet in place
                raise KeyboardInterrupt  # as if killed here (the staging folder is left in place)
            return real(a, b)

        monkeypatch.setattr(staging.os, "rename", rename)
        monkeypatch.setattr(staging, "_remove", lambda p: None)
        with pytest.raises(KeyboardInterrupt):
            with staging.output_run(out, "extract") as run:
                (run.path / "claims.csv").write_text("v2", encoding="utf-8")
        monkeypatch.setattr(staging.os, "rename", real)
        monkeypatch.undo()
        assert not out.exists()
        staging.recover(out)
        assert (out / "claims.csv").read_text() == "v1" and (out / "mine").is_dir() and residue(out) == []


def test_a_full_disk_exits_8_naming_the_folder_and_keeps_the_previous_outputs(tmp_path, raw_dir):
    """The largest file a process may write is capped (RLIMIT_FSIZE), as a full disk would stop it."""
    import resource

    out = tmp_path / "out"
    assert cli.main(["--quiet", "extract", str(raw_dir), "--out", str(out)]) == 0
    before = snapshot(out)
    cap = 20_000  # articles.csv is larger than this

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))

    res = subprocess.run([sys.executable, "-m", "newslib.cli", "--quiet", "extract", str(raw_dir), "--out", str(out)],
                         capture_output=True, text=True, preexec_fn=limit, timeout=600)
    assert res.returncode == 8, res.stderr
    assert str(out) in res.stderr and "left as they were" in res.stderr
    assert snapshot(out) == before and residue(out) == []


# ----------------------------------------------------------------------------- killed runs
def start(args: list[str], point: str, pause: Path, **kw) -> subprocess.Popen:
    pause.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEWSLIB_CHECKPOINT": point, "NEWSLIB_CHECKPOINT_DIR": str(pause)}
    err = open(pause / f"{point}.stderr", "w")
    return subprocess.Popen([sys.executable, "-m", "newslib.cli", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=err, text=True, **kw)


def wait_for(cond, proc: subprocess.Popen, what: str, limit: float = 600) -> None:
    """Wait until ``cond()`` (the process signalled it), failing if the process ends first."""
    t0 = time.monotonic()
    while not cond():
        if proc.poll() is not None:
            pytest.fail(f"the run ended (code {proc.returncode}) before {what}")
        if time.monotonic() - t0 > limit:
            proc.kill()
            pytest.fail(f"no {what} after {limit} s")
        time.sleep(0.02)


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A folder with complete outputs from corpus A, and corpus B (one article edited)."""
    root = tmp_path_factory.mktemp("kill")
    a = make_corpus(root / "A")
    b = make_corpus(root / "B", bump=50)
    out = root / "complete"
    assert cli.main(["--quiet", "extract", str(a), "--out", str(out), "--partition-size", "2"]) == 0
    return a, b, out


KILLS = [("streaming", sig, point) for point in ("planned", "partition", "corpus-tables", "write", "commit")
         for sig in ("SIGKILL", "SIGINT")]
KILLS += [("plain", "SIGKILL", point) for point in ("planned", "corpus-tables", "write")] + [("plain", "SIGINT", "write")]
KILLS += [("dask", "SIGINT", "partition"), ("dask", "SIGKILL", "write")]


@pytest.mark.parametrize("engine, sig, point", KILLS)
def test_a_killed_extract_leaves_the_previous_outputs_whole_and_current(previous, tmp_path, engine, sig, point):
    a, b, complete = previous
    out = tmp_path / "out"
    shutil.copytree(complete, out, symlinks=True)
    before = snapshot(out)
    size = {"streaming": ["--partition-size", "2"], "plain": [],
            "dask": ["--engine", "dask", "--scheduler", "synchronous", "--partition-size", "2"]}[engine]
    proc = start(["--quiet", "extract", str(b), "--out", str(out), *size], point, tmp_path / "pause")
    wait_for(lambda: (tmp_path / "pause" / f"{point}.reached").exists(), proc, f"checkpoint {point}")
    proc.send_signal(getattr(signal, sig))
    code = proc.wait(timeout=600)
    err = (tmp_path / "pause" / f"{point}.stderr").read_text()
    assert snapshot(out) == before
    assert provenance.tables_current(out, a), provenance.differences(out, a)
    if sig == "SIGINT":
        assert code == 130 and f"the previous outputs in {out} are left as they were" in err, err
        assert residue(out) == []
    else:
        assert code == -signal.SIGKILL
        assert residue(out)  # the staging folder, until the next run
    assert cli.main(["--quiet", "extract", str(b), "--out", str(out), *size]) == 0
    assert residue(out) == [] and provenance.tables_current(out, b)
    assert io.read_table(out, "claims")["count_low"].max() >= 50


def test_a_run_killed_just_after_its_switch_is_current_and_its_leftover_goes(previous, tmp_path):
    a, b, complete = previous
    out = tmp_path / "out"
    shutil.copytree(complete, out, symlinks=True)
    proc = start(["--quiet", "extract", str(b), "--out", str(out)], "committed", tmp_path / "pause")
    wait_for(lambda: (tmp_path / "pause" / "committed.reached").exists(), proc, "the switch")
    proc.kill()
    proc.wait(timeout=600)
    assert provenance.tables_current(out, b) and residue(out)
    after = tables_of(out)
    assert cli.main(["--quiet", "extract", str(b), "--out", str(out)]) == 0
    assert residue(out) == [] and tables_of(out) == after


# ----------------------------------------------------------------------------- concurrent runs
def test_two_extracts_into_one_folder(previous, tmp_path):
    """The second fails at once (exit 9, naming the first) or, with --wait, waits; the
    result equals a single run's."""
    _, b, _ = previous
    out, ref = tmp_path / "out", tmp_path / "ref"
    assert cli.main(["--quiet", "extract", str(b), "--out", str(ref), "--partition-size", "2"]) == 0
    args = ["extract", str(b), "--out", str(out), "--partition-size", "2"]
    first = start(["--quiet", *args], "partition", tmp_path / "p1")
    wait_for(lambda: (tmp_path / "p1" / "partition.reached").exists(), first, "the first partition")
    busy = subprocess.run([sys.executable, "-m", "newslib.cli", "--quiet", *args], capture_output=True, text=True,
                          timeout=600)
    assert busy.returncode == 9 and f"pid {first.pid}" in busy.stderr, busy.stderr
    second = start([*args, "--wait"], "never", tmp_path / "p2")
    log = tmp_path / "p2" / "never.stderr"
    wait_for(lambda: "waiting for another newslib run" in log.read_text(), second, "the waiting message")
    assert f"pid {first.pid}" in log.read_text()
    (tmp_path / "p1" / "partition.go").touch()
    assert first.wait(timeout=600) == 0 and second.wait(timeout=600) == 0
    assert tables_of(out) == tables_of(ref) and residue(out) == []


def test_two_reports_into_one_folder(previous, tmp_path):
    """The second report fails at once with exit 9 while the first runs; the first's outputs are
    those of a single run."""
    _, b, _ = previous
    out, ref = tmp_path / "out", tmp_path / "ref"
    assert cli.main(["--quiet", "extract", str(b), "--out", str(ref)]) == 0
    script = ("import sys; from newslib.present import report; "
              "report.run_reports(corpus=sys.argv[1], out=sys.argv[2], notebooks=('01-claims-overview',))")
    env = {**os.environ, "NEWSLIB_CHECKPOINT": "notebook", "NEWSLIB_CHECKPOINT_DIR": str(tmp_path / "p")}
    (tmp_path / "p").mkdir()
    first = subprocess.Popen([sys.executable, "-c", script, str(b), str(out)], env=env, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: (tmp_path / "p" / "notebook.reached").exists(), first, "the first notebook")
    busy = subprocess.run([sys.executable, "-m", "newslib.cli", "--quiet", "report", "--corpus", str(b), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert busy.returncode == 9 and f"pid {first.pid}" in busy.stderr, busy.stderr
    assert not out.exists()  # nothing is visible before the first report is done
    (tmp_path / "p" / "notebook.go").touch()
    _, err = first.communicate(timeout=900)
    assert first.returncode == 0, err
    assert tables_of(out / "tables") == tables_of(ref)
    assert {p.name for p in (out / "html").iterdir()} >= {"01-claims-overview.html", "index.html"}
    assert (out / "run.json").exists() and residue(out) == []
    # a report killed in the middle leaves these outputs as they are; the next run cleans up
    before = snapshot(out)
    (tmp_path / "p" / "notebook.reached").unlink()
    (tmp_path / "p" / "notebook.go").unlink()
    killed = subprocess.Popen([sys.executable, "-c", script, str(b), str(out)], env=env, stderr=subprocess.DEVNULL)
    wait_for(lambda: (tmp_path / "p" / "notebook.reached").exists(), killed, "the first notebook")
    killed.kill()
    killed.wait(timeout=600)
    assert snapshot(out) == before and residue(out)
    with staging.OutputLock(out, "test"):
        staging.recover(out)
    assert snapshot(out) == before and residue(out) == []
