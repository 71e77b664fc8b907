"""What a run was made from, and whether a tables folder is still current.

A tables folder written by newslib holds ``corpus.json``, the marker that lets reports reuse it
instead of extracting again. It records the content hashes of what the tables were made from::

    {"newslib": "0.4.0", "corpus": "/data/corpus", "corpus_sha256": "...", "follow_symlinks": false,
     "lexicons": {"packs": [["base", ".../lexicons/base"], ["syria", ".../lexicons/syria"]],
                  "folder": ".../lexicons/base, .../lexicons/syria", "override": false, "sha256": "..."},
     "corrections": "/project/data/corrections.csv", "corrections_sha256": "..."}

``differences(tdir, corpus)`` compares it with the corpus, lexicons and corrections as they are
now and says what changed (an article edited, a lexicon row added, a correction made, another
newslib version); ``tables_current`` is true when nothing did. ``run.json`` (``run_record``)
records the same state with every input's checksum, the parameters, the package versions and
the row counts; ``lexicons_recorded`` reads back which lexicons a run used (the brief shows it).

>>> state = current_state("data/raw")                     # doctest: +SKIP
>>> differences("outputs/tables", "data/raw")             # doctest: +SKIP
['corpus changed: 1 of 5 files differ (000_ad9f22b0dfccdb5c.txt)']
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from .. import __version__, config

MARKER = "corpus.json"
RUN_RECORD = "run.json"


# ----------------------------------------------------------------------------- content hashes
def file_sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def corpus_files(path: str | os.PathLike, follow_symlinks: bool = False) -> list[dict]:
    """Every input of a corpus as ``{"path", "bytes", "sha256"}`` (or ``"link"``: the target of
    a symbolic link that is not read, ``"error"``: why a file cannot be read), in name order: a
    table file itself, or each entry at the top of a folder (names starting with a dot are
    skipped, as the reader skips them). Subfolders are listed by name only."""
    p = Path(path)
    if not p.exists():
        return []
    if p.is_file():
        entries = [p]
    else:
        entries = sorted(e for e in p.iterdir() if not e.name.startswith("."))
    root = p.resolve() if p.is_dir() else p.parent.resolve()
    out = []
    for f in entries:
        item: dict = {"path": str(f)}
        try:
            if f.is_symlink() and f != p and not (follow_symlinks or f.resolve().is_relative_to(root)):
                item["link"] = os.readlink(f)
            elif f.is_dir():
                item["folder"] = True
            elif f.is_file():
                item["bytes"] = f.stat().st_size
                item["sha256"] = file_sha256(f)
            elif f.is_symlink():
                item["link"] = os.readlink(f)  # dangling
            else:
                item["error"] = "not a regular file"
        except OSError as exc:
            item["error"] = exc.strerror or str(exc)
        out.append(item)
    return out


def corpus_sha256(files: list[dict], path: str | os.PathLike) -> str:
    """One hash of a corpus's inputs (names relative to the corpus, and their contents)."""
    base = Path(path)
    h = hashlib.sha256()
    for item in files:
        name = os.path.relpath(item["path"], base) if base.is_dir() else Path(item["path"]).name
        value = item.get("sha256") or ("link:" + item["link"] if "link" in item else
                                       "folder" if item.get("folder") else "error:" + item.get("error", ""))
        h.update(f"{name}\0{value}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _folder_files(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder (recursively), by path relative to it."""
    if not folder.is_dir():
        return {}
    out = {}
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts) or not f.is_file():
            continue
        out[rel.as_posix()] = file_sha256(f)
    return out


def lexicons_state() -> dict:
    """The lexicons in use: ``packs`` (each loaded pack's name and folder, in load order:
    ``base``, then NEWSLIB_LEXICONS / ``--lexicons`` or the bundled defaults), ``folder`` (those
    folders, joined), ``override`` (whether NEWSLIB_LEXICONS is set), ``sha256`` (one hash of the
    packs in order and every lexicon file in them, ``lexicons.files()``) and ``files`` (each
    file's hash, as ``pack/file``)."""
    from .. import lexicons

    packs = lexicons.packs()
    folder_of = {Path(f).resolve(): name for name, f in packs}
    files = {f"{folder_of.get(f.parent.resolve(), f.parent.name)}/{f.name}": file_sha256(f) for f in lexicons.files()}
    order = "".join(f"pack\0{name}\n" for name, _ in packs)
    h = hashlib.sha256((order + "".join(f"{k}\0{v}\n" for k, v in files.items())).encode()).hexdigest()
    return {"packs": [[name, str(f)] for name, f in packs], "folder": ", ".join(str(f) for _, f in packs),
            "override": bool(config.lexicon_packs_spec()), "sha256": h, "files": files}


def corrections_state(spec=None) -> dict:
    """Which corrections a tables folder is built with: ``{"corrections": path or "none",
    "corrections_sha256": hash of the file, or "missing"}``. ``spec`` as in ``pipeline.extract``."""
    from . import corrections as correctionsmod

    path = correctionsmod.path_of(spec)
    if path is None:
        return {"corrections": "none", "corrections_sha256": ""}
    digest = file_sha256(path) if path.exists() else "missing"
    return {"corrections": str(path.resolve()), "corrections_sha256": digest}


def current_state(corpus: str | os.PathLike, corrections=None, follow_symlinks: bool = False,
                  files: list[dict] | None = None) -> dict:
    """The marker's content for tables made now from ``corpus`` (``files``: its
    ``corpus_files``, if already listed)."""
    files = corpus_files(corpus, follow_symlinks) if files is None else files
    lex = lexicons_state()
    return {"newslib": __version__, "corpus": str(Path(corpus).resolve()), "corpus_sha256": corpus_sha256(files, corpus),
            "follow_symlinks": bool(follow_symlinks),
            "lexicons": {k: lex[k] for k in ("packs", "folder", "override", "sha256")}, **corrections_state(corrections)}


_LOADED_LEXICONS: list[str] = []


def fresh_lexicons() -> dict:
    """``lexicons_state()``, after forgetting the lexicons this process loaded if the files
    changed since (a notebook kernel lives long; an analyst edits a lexicon between runs)."""
    from .. import lexicons

    lex = lexicons_state()
    if _LOADED_LEXICONS != [lex["sha256"]]:
        lexicons.clear_cache()
        _LOADED_LEXICONS[:] = [lex["sha256"]]
    return lex


# ----------------------------------------------------------------------------- the marker
def write_marker(tdir: str | os.PathLike, state: dict) -> Path:
    """``corpus.json`` in a tables folder: the state (``current_state``) it was made from."""
    from .. import io

    return io.write_text(json.dumps(state, indent=1, sort_keys=True), Path(tdir) / MARKER)


def recorded(tdir: str | os.PathLike) -> dict:
    """The marker of a tables folder ({} if it has none or it cannot be read)."""
    try:
        return json.loads((Path(tdir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def recorded_corrections(tdir: str | os.PathLike):
    """The corrections a tables folder was built with, as ``pipeline.extract`` takes them."""
    spec = recorded(tdir).get("corrections")
    return False if spec == "none" else (Path(spec) if spec else None)


def differences(tdir: str | os.PathLike, corpus: str | os.PathLike, corrections="recorded",
                follow_symlinks="recorded") -> list[str]:
    """Why the tables in ``tdir`` are not current for ``corpus``, each reason a short phrase;
    empty when they are. ``corrections``: the corrections spec to compare with ("recorded":
    the file the tables were built with, as it is now); ``follow_symlinks``: the reading of
    symbolic links wanted ("recorded": as they were read)."""
    from . import pipeline

    tdir = Path(tdir)
    rec = recorded(tdir)
    if not rec:
        return [f"no {MARKER} in {tdir} (not written by newslib extract, or by an older version)"]
    missing = [n for n in pipeline.TABLES if not has_table(tdir, n)]
    out = [f"tables missing: {', '.join(missing)}"] if missing else []
    if rec.get("newslib") != __version__:
        out.append(f"made by newslib {rec.get('newslib') or 'before 0.4'}, this is {__version__}")
    if "corpus_sha256" not in rec:
        out.append("no content hash recorded (made by an older version)")
        return out
    follow = rec.get("follow_symlinks", False) if follow_symlinks == "recorded" else bool(follow_symlinks)
    if rec.get("corpus") != str(Path(corpus).resolve()):
        out.append(f"made from another corpus ({rec.get('corpus')})")
    elif follow != rec.get("follow_symlinks", False):
        out.append(f"symbolic links out of the corpus folder {'not ' if not rec.get('follow_symlinks') else ''}followed then")
    else:
        files = corpus_files(corpus, follow)
        if corpus_sha256(files, corpus) != rec["corpus_sha256"]:
            out.append("corpus changed (its files' content hash differs)")
    lex = lexicons_state()
    then = rec.get("lexicons") or {}
    if then.get("sha256") != lex["sha256"]:
        names = lambda packs: ", ".join(n for n, _ in packs or [])  # noqa: E731
        if then.get("packs") != lex["packs"]:
            out.append(f"lexicons changed (packs {names(then.get('packs')) or then.get('folder')} then, "
                       f"{names(lex['packs'])} now)")
        else:
            out.append(f"lexicons changed (a file of the packs {names(lex['packs'])} differs)")
    spec = recorded_corrections(tdir) if corrections == "recorded" else corrections
    now = corrections_state(spec)
    if (now["corrections"], now["corrections_sha256"]) != (rec.get("corrections"), rec.get("corrections_sha256")):
        out.append("corrections changed" if now["corrections"] == rec.get("corrections")
                   else f"other corrections ({rec.get('corrections')} then, {now['corrections']} now)")
    return out


def tables_current(tdir: str | os.PathLike, corpus: str | os.PathLike, corrections="recorded") -> bool:
    """The folder holds every table, made by this version of newslib from ``corpus``, the
    lexicons and the corrections file as they are now (see ``differences``)."""
    return not differences(tdir, corpus, corrections)


def folder_counts(tdir: str | os.PathLike) -> dict[str, int]:
    """Rows per table of a tables folder, from the Parquet metadata (the CSV for a table
    written as CSV only), without reading the tables."""
    import pyarrow.parquet as pq

    from . import pipeline

    tdir = Path(tdir)
    out = {}
    for name in pipeline.TABLES:
        single, parts = tdir / f"{name}.parquet", tdir / name
        if single.exists():
            out[name] = pq.ParquetFile(single).metadata.num_rows
        elif parts.is_dir():
            out[name] = sum(pq.ParquetFile(f).metadata.num_rows for f in sorted(parts.glob("*.parquet")))
        elif (tdir / f"{name}.csv").exists():
            import pandas as pd

            out[name] = len(pd.read_csv(tdir / f"{name}.csv", usecols=[0], dtype=str))
    return out


def has_table(tdir: Path, name: str) -> bool:
    """A table ``name`` is in ``tdir``: a Parquet or CSV file, or a folder of Parquet parts."""
    return (tdir / f"{name}.parquet").exists() or (tdir / f"{name}.csv").exists() or (tdir / name).is_dir()


# ----------------------------------------------------------------------------- run.json
def table_counts(tables: dict) -> dict[str, int]:
    """Rows per table: the tables held, plus ``_counts`` of those a streaming engine wrote
    without keeping them."""
    counts = {k: int(len(v)) for k, v in tables.items() if not k.startswith("_")}
    counts.update({k: int(v) for k, v in (tables.get("_counts") or {}).items()})
    return dict(sorted(counts.items()))


def environment_summary() -> dict:
    """Package versions for the run record."""
    import platform
    import sys
    from importlib import metadata

    pkgs = {}
    for name in ("newslib", "pandas", "numpy", "pyarrow", "nltk", "matplotlib", "papermill", "nbconvert", "text2num",
                 "dateparser", "vaderSentiment", "dask", "xlsxwriter"):
        try:
            pkgs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pkgs[name] = None
    return {"python": sys.version.split()[0], "platform": platform.platform(), "packages": pkgs}


def run_record(out: str | os.PathLike, corpus: str | os.PathLike, tables: dict, parameters: dict, command: str,
               state: dict | None = None, files: list[dict] | None = None) -> Path:
    """``run.json`` in ``out``: inputs with checksums, the state the tables were made from
    (``current_state``: corpus, lexicons and corrections hashes), parameters, package versions
    and counts."""
    from .. import io

    files = corpus_files(corpus, (state or {}).get("follow_symlinks", False)) if files is None else files
    state = current_state(corpus, files=files) if state is None else state
    errors = tables.get("errors")
    counts = table_counts(tables)
    record = {
        "command": command,
        "newslib": __version__,
        "run_date": dt.date.today().isoformat(),
        "corpus": str(corpus),
        "inputs": files,
        "state": state,
        "lexicons": state["lexicons"],
        "parameters": parameters,
        "counts": counts,
        "inputs_processed": counts.get("articles", 0),
        "inputs_errored": int((errors["severity"] == "error").sum()) if errors is not None and len(errors) else 0,
        "environment": environment_summary(),
    }
    return io.write_text(json.dumps(record, indent=1, sort_keys=True, default=str), Path(out) / RUN_RECORD)


def lexicons_recorded(folder: str | os.PathLike) -> dict | None:
    """The lexicons a run used, as recorded: ``{"packs", "folder", "override", "sha256"}``, from
    ``run.json`` in ``folder`` or the marker of its tables (``folder/corpus.json`` or
    ``folder/tables/corpus.json``); None when no run recorded them.

    >>> lexicons_recorded("outputs")["packs"]     # doctest: +SKIP
    [['base', '/home/me/newslib/src/newslib/lexicons/base'], ['syria', '/home/me/newslib/src/newslib/lexicons/syria']]
    """
    folder = Path(folder)
    try:
        rec = json.loads((folder / RUN_RECORD).read_text(encoding="utf-8"))
        if rec.get("lexicons"):
            return rec["lexicons"]
    except (OSError, ValueError):
        pass
    for tdir in (folder, folder / "tables"):
        lex = recorded(tdir).get("lexicons")
        if lex:
            return lex
    return None
