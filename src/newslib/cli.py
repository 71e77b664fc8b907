"""The ``newslib`` command.

    newslib extract INPUT --out DIR      tables (CSV + Parquet) and errors.csv from a corpus
            [--engine pandas|dask] [--scheduler ADDRESS | --workers N] [--partition-size N]
                                         dask: partitions on a Dask cluster (newslib.run.engine)
    newslib report [--corpus PATH] [--out DIR] [-p NAME VALUE ...]
                                         run the four notebooks, export HTML, write index.html
    newslib schema [--markdown]          the data dictionary of every table
    newslib lexicon draft CORPUS --out DIR [--min-count N]
                                         propose a lexicon pack (claimants, actors, places,
                                         framing terms, with counts and examples) for review
    newslib lexicon list                 the lexicon packs loaded and their files

--lexicons PACKS (any command; or NEWSLIB_LEXICONS) chooses the lexicon packs: "A,B" loads
base then A and B instead of the default syria pack; "+A" adds A after base and syria.
Each is a bundled pack's name or a folder.
    newslib corrections check [FILE] [--corpus PATH]
                                         validate a corrections file (and its claim ids)

extract and report apply data/corrections.csv; --corrections FILE or --no-corrections change that.

Exit status: 0 success; 10 finished, but some inputs were skipped (listed in errors.csv) or
some corrections could not be applied; 2 corpus unusable; 4 bad parameter; 5 a notebook failed;
6 bad lexicon; 7 bad corrections file; 8 output not writable (or the disk is full); 9 another run
is writing the output folder; 130 interrupted; 1 unexpected error. Only this module configures logging.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .run import provenance
from .errors import NewslibError, ParameterError

EXIT_PARTIAL = 10
log = logging.getLogger("newslib")


def _setup_logging(level: str) -> int:
    """A stderr handler, and ``level`` for newslib's loggers; returns their level before."""
    value = getattr(logging, level.upper(), logging.WARNING)
    logging.basicConfig(level=value, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    before = log.level
    log.setLevel(value)  # also when logging was configured before (a test, a notebook)
    return before


def _quiet_default() -> bool:
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()


table_counts = provenance.table_counts  # kept importable here
run_record = provenance.run_record


def cmd_extract(args: argparse.Namespace) -> int:
    from .run import pipeline

    corpus = Path(args.input)
    out = Path(args.out)
    args.out_path = out
    engine_name = getattr(args, "engine", "pandas")
    size = getattr(args, "partition_size", None)
    if getattr(args, "scheduler", None) and engine_name != "dask":
        raise ParameterError("--scheduler only applies to --engine dask")
    workers = getattr(args, "workers", None)
    if workers is not None:
        if engine_name != "dask" or getattr(args, "scheduler", None):
            raise ParameterError("--workers only applies to --engine dask without --scheduler (a local cluster)")
        if not str(workers).strip().isdigit() or int(workers) <= 0:
            raise ParameterError(f"--workers must be a positive whole number (got {workers!r}); try 2")
        workers = int(workers)
    from .run.engine import DEFAULT_PARTITION_SIZE, check_partition_size

    if size is not None:
        size = check_partition_size(size)
    if engine_name == "dask":
        size = size or DEFAULT_PARTITION_SIZE
    if size is None and engine_name == "pandas":  # a large corpus streams (memory stays flat)
        from .run.engine import auto_partition_size

        size = auto_partition_size(corpus, args.follow_symlinks)
    fixes = _corrections_arg(args)
    params = {"input": str(corpus), "out": str(out), "corrections": _corrections_label(args), "engine": engine_name,
              "follow_symlinks": args.follow_symlinks}
    if size is not None:
        params["partition_size"] = size
    if engine_name == "dask":
        params["scheduler"] = args.scheduler or "LocalCluster"
        if workers is not None:
            params["workers"] = workers
    tables = pipeline.extract_to(out, corpus, fixes, wait=args.wait, parameters=params, engine=engine_name,
                                 partition_size=size, scheduler=args.scheduler, progress=not args.quiet,
                                 follow_symlinks=args.follow_symlinks, n_workers=workers)
    errs = tables["errors"]
    n_err = int((errs["severity"] == "error").sum()) if len(errs) else 0
    n_fix = _unapplied(tables)
    counts = table_counts(tables)
    print(f"newslib extract: {counts['articles']} articles, {counts['claims']} claims, {n_err} inputs skipped"
          + (f", {n_fix} corrections not applied" if n_fix else "") + f" -> {out}", file=sys.stderr)
    return EXIT_PARTIAL if n_err + n_fix else 0


def cmd_report(args: argparse.Namespace) -> int:
    from .present import report

    params = {}
    for name, value in args.param or []:
        if name in params:
            raise ParameterError(f"parameter {name} given twice")
        # paths on the command line are relative to the working directory, as for every command
        params[name] = _from_cwd(value) if name in report.PATH_PARAMETERS and value else value
    corpus = _from_cwd(args.corpus) if args.corpus else report.resolve("data/raw")
    out = _from_cwd(args.out) if args.out else report.resolve("outputs")
    args.out_path = out
    res = report.run_reports(corpus=corpus, out=out, parameters=params, progress=not args.quiet,
                             corrections=_corrections_arg(args), follow_symlinks=args.follow_symlinks, wait=args.wait,
                             stale_tables=args.stale_tables, record={"corrections": _corrections_label(args)})
    from . import io

    tables = {n: io.read_table(res["tables"], n) for n in ("errors", "corrections")}
    errs = tables.get("errors")
    n_err = int((errs["severity"] == "error").sum()) if errs is not None and len(errs) else 0
    n_fix = _unapplied(tables)
    print(f"newslib report: {len(res['html'])} reports, {n_err} inputs skipped"
          + (f", {n_fix} corrections not applied" if n_fix else "") + f" -> {res['index']}", file=sys.stderr)
    return EXIT_PARTIAL if n_err + n_fix else 0


def _from_cwd(path: str) -> str:
    """A path given on the command line, made absolute against the working directory (the
    notebooks would otherwise read a relative path against the project root)."""
    return str(Path(path).expanduser().absolute())


def _lexicons_from_cwd(spec: str) -> str:
    """A ``--lexicons`` / NEWSLIB_LEXICONS value with each pack folder made absolute against the
    working directory (a bundled pack's bare name stays a name; a name that is neither is left
    for ``lexicons.packs`` to report)."""
    from . import config

    items = spec.split(",")
    out = []
    for k, item in enumerate(items):
        plus = "+" if k == 0 and item.strip().startswith("+") else ""
        name = item.strip()[len(plus):].strip()
        bundled = "/" not in name and "\\" not in name and (config.DEFAULT_LEXICON_DIR / name).is_dir()
        if name and not bundled and Path(name).expanduser().is_dir():
            item = plus + _from_cwd(name)
        out.append(item)
    return ",".join(out)


def _corrections_arg(args: argparse.Namespace):
    """False (none), a path, or None (the default file, if it exists)."""
    if getattr(args, "no_corrections", False):
        return False
    return Path(args.corrections) if getattr(args, "corrections", None) else None


def _corrections_label(args: argparse.Namespace) -> str:
    from .run import corrections

    path = corrections.path_of(_corrections_arg(args))
    return "none" if path is None else str(path)


def _unapplied(tables: dict) -> int:
    """Corrections that could not be applied: reported, and the run is partial (exit 10)."""
    c = tables.get("corrections")
    if c is None or not len(c):
        return 0
    bad = c[c["status"] != "applied"]
    for r in bad.astype(object).where(bad.notna(), "").itertuples():
        log.warning("correction %s %s for claim %s not applied: %s. %s", r.action, r.field, r.claim_id, r.status, r.message)
    return int(len(bad))


def cmd_corrections(args: argparse.Namespace) -> int:
    from .run import corrections, pipeline

    path = Path(args.file) if args.file else corrections.default_path()
    if not path.exists():
        raise ParameterError(f"no corrections file at {path}; create it with the header {','.join(corrections.COLUMNS)}")
    table = corrections.read(path)  # raises CorrectionsError (exit 7) naming the bad rows
    msgs: list[str] = corrections.duplicates_and_conflicts(table)
    if args.corpus:
        tables = pipeline.extract(Path(args.corpus), corrections=False)
        from .read import corpus as corpusmod

        corpusmod.require_articles(args.corpus, len(tables["articles"]), tables["errors"])  # nothing read: exit 2
        msgs += corrections.check_against(tables["claims"], table)
        _, applied = corrections.apply(tables["claims"], table, tables["articles"], str(path))
        msgs += [f"claim {r.claim_id} ({r.action}): {r.message}" for r in applied.itertuples()
                 if r.status == "invalid" and r.message]
    for m in msgs:
        print(f"newslib corrections: {path}: {m}", file=sys.stderr)
    print(f"newslib corrections: {path}: {len(table)} rows, "
          f"{'all apply' if not msgs else f'{len(msgs)} problems (see above)'}" + ("" if args.corpus else " (claim ids not checked: pass --corpus)"))
    return EXIT_PARTIAL if msgs else 0


def cmd_lexicon(args: argparse.Namespace) -> int:
    from . import lexicons

    if args.lexicon_command == "list":
        for name, folder in lexicons.packs():
            files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix in (".csv", ".txt", ".yml"))
            print(f"{name}: {folder}")
            for f in files:
                print(f"    {f}")
        return 0
    from .extract import draft
    from .read import corpus as corpusmod

    src = Path(args.corpus)
    if args.min_count < 1:
        raise ParameterError(f"--min-count {args.min_count}: give 1 or more")
    ingested = corpusmod.ingest(src)
    arts = ingested.articles
    corpusmod.require_articles(src, len(arts), ingested.errors)  # nothing read: CorpusError (exit 2), saying why
    tables = draft.draft(arts, min_count=args.min_count)
    paths = draft.write(tables, args.out, corpus=str(src), n_articles=len(arts), min_count=args.min_count)
    if not args.quiet:
        sizes = ", ".join(f"{k} {len(v)}" for k, v in tables.items())
        print(f"newslib lexicon draft: {len(arts)} articles -> {sizes} rows in {Path(args.out)} "
              f"(review, then NEWSLIB_LEXICONS=+{args.out})", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from . import schemas

    if args.markdown:
        print(schemas.data_dictionary())
    else:
        for s in schemas.ALL.values():
            print(f"{s.name}: {', '.join(s.columns)}")
        print(schemas.value_lists())
    return 0


def _input_files() -> str:
    """The suffixes of the input files besides a folder's .txt articles (the input format
    registry, ``read/formats.py``), for the help."""
    from .read import formats

    return ", ".join(s for f in formats.FORMATS.values() if not f.article_file for s in f.suffixes)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newslib",
        description="Tidy tables of casualty claims, with provenance, from conflicting news reports; "
                    "and papermill reports that compare them.",
        epilog="Exit status: 0 ok; 10 some inputs skipped (see errors.csv) or corrections not applied; "
               "2 corpus unusable; 4 bad parameter; 5 notebook failed; 6 bad lexicon; 7 bad corrections file; "
               "8 output not writable or disk full; 9 output folder busy (another run); 130 interrupted; "
               "1 unexpected error.",
    )
    p.add_argument("--version", action="version", version=f"newslib {__version__}")
    p.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                   help="logging level (default WARNING; ERROR with --quiet)")
    p.add_argument("--quiet", action="store_true", default=None,
                   help="print only errors and the final line: no warnings, no progress bars (progress bars are also "
                        "off when not on a terminal or when CI is set)")
    p.add_argument("--debug", action="store_true", help="show the full traceback of unexpected errors")
    p.add_argument("--lexicons", metavar="PACKS",
                   help="lexicon packs, comma-separated names (base, syria) or folders: 'A,B' = base + A + B "
                        "(instead of syria); '+A' = base + syria + A (default: NEWSLIB_LEXICONS, else base,syria)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    e = sub.add_parser("extract", help="read a corpus and write every table",
                       description="Read INPUT (a folder of .txt articles with an optional articles.csv sidecar, or one "
                                   f"file: {_input_files()}; a table needs id and text columns) and write articles, sentences, "
                                   "claims, article_totals, time_expressions, naming, sourcing, attribution, tone and reuse "
                                   "(.parquet and .csv), errors.csv (input, reason) and run.json to DIR.")
    e.add_argument("input", help="corpus folder or table file")
    e.add_argument("--out", required=True, help="output folder for the tables")
    e.add_argument("--engine", choices=["pandas", "dask"], default="pandas",
                   help="pandas: in this process (streaming in chunks when --partition-size is given); dask: "
                        "partitions on a Dask cluster, per-article tables written as OUT/<table>/part-NNNNN.parquet "
                        "(default pandas)")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: address of a running Dask scheduler (tcp://host:8786); default: a "
                        "local cluster with one single-threaded worker process per core")
    e.add_argument("--workers", metavar="N",
                   help="with --engine dask and no --scheduler: worker processes of the local cluster (default: one per core)")
    e.add_argument("--partition-size", metavar="N",
                   help="documents (files or table rows) per partition (default 500 for dask; pandas reads "
                        "everything at once unless given, or streams partitions of 2000 for a corpus of more "
                        "than 5000 documents)")
    _add_corpus_options(e)
    e.set_defaults(func=cmd_extract)

    r = sub.add_parser("report", help="run the four notebooks and export HTML",
                       description="Extract the tables, execute notebooks/01..04 with papermill into OUT/notebooks, export "
                                   "each to HTML without code (images embedded) into OUT/html, and write OUT/html/index.html.")
    r.add_argument("--corpus", help="corpus folder or table, relative to the working directory (default: the "
                                    "project's bundled data/raw)")
    r.add_argument("--out", help="output folder, relative to the working directory (default: the project's outputs/)")
    r.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="notebook parameter, e.g. -p outlets 'Al Jazeera,The New Arab' -p date_from 2017-09-01; "
                        "unknown names are an error")
    r.add_argument("--stale-tables", choices=["extract", "fail"], default="extract",
                   help="when -p tables_dir names tables that are not current (the corpus, lexicons, corrections or "
                        "newslib changed since they were made): extract them again (default) or fail with exit 4")
    _add_corpus_options(r)
    r.set_defaults(func=cmd_report)

    c = sub.add_parser("corrections", help="check an analysts' corrections file",
                       description="Check a corrections file (claim_id, action, field, value, analyst, note, date): "
                                   "actions, fields and values; with --corpus, also that every claim it names exists.")
    csub = c.add_subparsers(dest="corrections_command", metavar="ACTION", required=True)
    ck = csub.add_parser("check", help="validate the file")
    ck.add_argument("file", nargs="?", help="corrections file (default: data/corrections.csv)")
    ck.add_argument("--corpus", help="also check the claim ids against this corpus's claims")
    ck.set_defaults(func=cmd_corrections)

    lx = sub.add_parser("lexicon", help="lexicon packs: draft one for a corpus, list the loaded ones")
    lsub = lx.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    dr = lsub.add_parser("draft", help="propose a lexicon pack for a corpus, for review",
                         description="Read CORPUS and write to DIR a draft pack in the packs' CSV formats: claimants.csv "
                                     "(subjects of reporting verbs, 'according to X', a headline's ': X'), actors.csv "
                                     "(armed actors named near harm words), gazetteer.csv (places the gazetteer resolves) "
                                     "and gazetteer_todo.csv (places it does not), framing.csv (labels next to actors' "
                                     "names; framing terms of the loaded packs that occur), each row with its count, "
                                     "the number of articles and an example sentence; and a README on reviewing them.")
    dr.add_argument("corpus", help="corpus folder or table file")
    dr.add_argument("--out", required=True, help="folder for the draft pack")
    dr.add_argument("--min-count", type=int, default=2, help="leave out rows seen fewer times (default 2)")
    dr.set_defaults(func=cmd_lexicon)
    ls_ = lsub.add_parser("list", help="the loaded packs and their files")
    ls_.set_defaults(func=cmd_lexicon)

    s = sub.add_parser("schema", help="print the tables' columns or the Markdown data dictionary")
    s.add_argument("--markdown", action="store_true")
    s.set_defaults(func=cmd_schema)
    return p


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wait", action="store_true",
                   help="if another newslib run is writing the output folder, wait for it to finish (default: exit 9 "
                        "at once, naming its process id)")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="read symbolic links in the corpus folder that point outside it (by default they are listed "
                        "in errors.csv and not read)")
    _add_corrections_options(p)


def _add_corrections_options(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--corrections", metavar="FILE", help="analysts' corrections to apply (default: data/corrections.csv if present)")
    g.add_argument("--no-corrections", action="store_true", help="apply no corrections")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = args.log_level or ("ERROR" if args.quiet else "WARNING")  # --quiet: errors only
    if args.quiet is None:
        args.quiet = _quiet_default()  # no progress bars off a terminal; warnings still shown
    before = _setup_logging(level)
    spec = args.lexicons if args.lexicons is not None else os.environ.get("NEWSLIB_LEXICONS")
    if spec is not None and (args.lexicons is not None or _lexicons_from_cwd(spec) != spec):
        # notebooks (which start in the project folder) and Dask workers inherit it: folders absolute
        os.environ["NEWSLIB_LEXICONS"] = _lexicons_from_cwd(spec)
        from . import lexicons

        lexicons.clear_cache()
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        return _run(args)
    finally:
        log.setLevel(before)


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: the staging folder is removed, the lock let go


def _run(args: argparse.Namespace) -> int:
    import signal
    import threading

    term = None
    if threading.current_thread() is threading.main_thread():
        term = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _dispatch(args)
    finally:
        if term is not None:
            signal.signal(signal.SIGTERM, term)


def _dispatch(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except NewslibError as exc:
        print(f"newslib: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        out = getattr(args, "out_path", None)
        from .run import staging

        if out is not None and staging.was_committed(out):
            print(f"newslib: interrupted after the outputs in {out} were complete", file=sys.stderr)
        elif out is not None:
            print(f"newslib: interrupted; the previous outputs in {out} are left as they were (nothing of this run "
                  f"was kept)", file=sys.stderr)
        else:
            print("newslib: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a message, never a bare traceback
        if args.debug:
            raise
        print(f"newslib: unexpected error: {type(exc).__name__}: {exc}. Re-run with --debug for the traceback and "
              f"report it with the input that caused it.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
