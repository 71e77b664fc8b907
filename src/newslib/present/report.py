"""Reports: what the notebooks call, and the runner that executes and exports them.

Inside a notebook::

    ctx = report.setup(corpus=corpus, output_dir=output_dir, outlets=outlets, ...)
    report.show_figure(plots.claims_by_outlet(ctx.tables["claims"]))
    report.show_table(ctx.tables["claims"][["outlet", "count_text", "quote"]])

From the command line, ``newslib report`` executes the notebooks with papermill into
``outputs/notebooks/``, exports each to HTML without code into ``outputs/html/`` (images
embedded, so one file can be mailed) and writes ``outputs/html/index.html``.

All article text shown in a report is escaped (tables through ``formatting.table_html``, a
pandas Styler that escapes every cell; Markdown through ``safe_markdown``, which also escapes
``$``), so markup in an article is shown, not run, and nothing is typeset as math. The export
template (``templates/newslib``) loads no script from anywhere and puts a
Content-Security-Policy on every page (``formatting.CSP``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import logging
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import formatting
from .. import config, io, schemas
from ..run import pipeline, provenance, staging
from .views import (  # noqa: F401  re-exported for notebooks
    article_summary,
    claims_view,
    corrections_view,
    dated_claims,
    filter_claims,
    incidents_by_size,
    incidents_view,
    naming_matrix,
    outlet_reuse,
    reuse_pairs,
    sourcing_matrix,
    tone_matrix,
)
from ..errors import ParameterError, ReportError

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------- inside notebooks
@dataclass
class ReportContext:
    corpus: Path
    output_dir: Path
    tables_dir: Path
    tables: dict[str, pd.DataFrame]
    parameters: dict = field(default_factory=dict)


def resolve(path: str | os.PathLike) -> Path:
    """Relative paths are relative to the project root (the same under papermill and in JupyterLab)."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else (config.PROJECT_ROOT / p)


# what a tables folder was made from, and whether it is current: newslib.run.provenance
corrections_state = provenance.corrections_state
tables_current = provenance.tables_current
#: Set by ``run_reports`` for its notebooks: a tables folder it has just written or checked
#: (and keeps locked), which a notebook reads without hashing the corpus again.
CHECKED_TABLES_ENV = "NEWSLIB_TABLES_CHECKED"


class LazyTables(Mapping):
    """Tables by name, each read on first use (``load(name)``) and then kept: a notebook that
    draws from the aggregated tables never loads the per-sentence ones."""

    def __init__(self, names, load):
        self._names = list(names)
        self._load = load
        self._cache: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def loaded(self) -> list[str]:
        """Names of the tables read so far."""
        return [n for n in self._names if n in self._cache]


def tables_complete(tdir: Path) -> bool:
    """Every table of ``pipeline.TABLES`` is in ``tdir`` (a file, or a folder of Parquet parts)."""
    return all(provenance.has_table(tdir, n) for n in pipeline.TABLES)


def open_tables(tables_dir: str | os.PathLike, outlets: list | None = None, date_from: str = "",
                date_to: str = "") -> LazyTables:
    """The tables of a folder written by ``newslib extract``, restricted like ``select``, read
    lazily with pushdown filters: the chosen articles are found from three columns of
    ``articles``; a per-article table is then read with an ``article_id`` filter and a
    per-outlet one with an ``outlet`` filter, so Parquet skips what is not wanted. Raises
    ParameterError as ``select`` does."""
    tdir = Path(tables_dir)
    arts = io.read_table(tdir, "articles", columns=["article_id", "outlet", "published"])
    ids, outlets, active = _selection(arts, outlets, date_from, date_to)
    wanted = sorted(ids) if active else None

    def load(name: str) -> pd.DataFrame:
        schema = getattr(schemas, name.upper())
        cols = set(schema.columns)
        filters = None
        if active and "article_id" in cols:
            if not wanted:  # nothing chosen (a pushdown filter on an empty set is not allowed)
                return schema.empty()
            filters = [("article_id", "in", wanted)]
        elif outlets and "outlet" in cols:
            filters = [("outlet", "in", outlets)]
        parquet = (tdir / f"{name}.parquet").exists() or (tdir / name).is_dir()
        t = io.read_table(tdir, name, filters=filters if parquet else None)
        return _restrict(name, t, ids if active else None, outlets)

    return LazyTables([n for n in pipeline.TABLES if provenance.has_table(tdir, n)], load)


def load_or_extract(corpus: str | os.PathLike, tables_dir: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read the tables from ``tables_dir`` if they are current for this corpus (the corpus,
    lexicons and corrections file have the content they were made from: see
    ``provenance.differences``); otherwise say why and extract them again into it, as one run
    (``pipeline.extract_to``: locked, staged, current in one step), applying the corrections
    file it was made with (an analyst who edits it in JupyterLab sees the change on the next run)."""
    tdir = Path(tables_dir)
    corpus = Path(corpus)
    diffs = provenance.differences(tdir, corpus)
    if not diffs:
        return {name: io.read_table(tdir, name) for name in pipeline.TABLES if provenance.has_table(tdir, name)}
    if provenance.recorded(tdir):
        log.warning("the tables in %s are not current (%s): extracting them again", tdir, "; ".join(diffs))
    rec = provenance.recorded(tdir)
    tables = pipeline.extract_to(tdir, corpus, provenance.recorded_corrections(tdir), wait=True,
                                 follow_symlinks=bool(rec.get("follow_symlinks", False)),
                                 parameters={"input": str(corpus), "out": str(tdir)})
    return {k: v for k, v in tables.items() if not k.startswith("_")}


def select(tables: dict[str, pd.DataFrame], outlets: list | None = None, date_from: str = "", date_to: str = "") -> dict[str, pd.DataFrame]:
    """Filter every table to the chosen outlets and publication window.

    Raises ParameterError for an outlet the corpus does not have, a date that does not parse,
    or a window whose end is before its start.
    """
    ids, outlets, active = _selection(tables["articles"], outlets, date_from, date_to)
    return {name: _restrict(name, t, ids if active else None, outlets) for name, t in tables.items()}


def _selection(arts: pd.DataFrame, outlets: list | None, date_from: str, date_to: str) -> tuple[set, list[str], bool]:
    """The article ids of the chosen outlets and window, the outlets, and whether any filter is
    set (checked: known outlets, ISO dates, a window that is not empty)."""
    known = sorted(set(arts["outlet"].dropna().astype(str)))
    outlets = [str(o) for o in (outlets or [])]
    unknown = [o for o in outlets if o not in known]
    if unknown:
        raise ParameterError(f"unknown outlets {unknown}; the corpus has {known}")
    lo = _date_param("date_from", date_from)
    hi = _date_param("date_to", date_to)
    if lo is not None and hi is not None and hi < lo:
        raise ParameterError(f"date window is empty: date_to {hi.date()} is before date_from {lo.date()}")
    keep = pd.Series(True, index=arts.index)
    if outlets:
        keep &= arts["outlet"].isin(outlets)
    pub = pd.to_datetime(arts["published"])
    if lo is not None:
        keep &= pub >= lo
    if hi is not None:
        keep &= pub <= hi
    ids = set(arts.loc[keep.fillna(False), "article_id"])
    return ids, outlets, bool(outlets) or lo is not None or hi is not None


def _restrict(name: str, t: pd.DataFrame, ids: set | None, outlets: list[str]) -> pd.DataFrame:
    """One table cut to the chosen articles (``ids``; None: all) and outlets."""
    if ids is not None and "article_id" in t.columns:
        return t[t["article_id"].isin(ids)].reset_index(drop=True)
    if "outlet" in t.columns and outlets:
        return t[t["outlet"].isin(outlets)].reset_index(drop=True)
    if ids is not None and name == "reuse":
        return t[t["article_a"].isin(ids) & t["article_b"].isin(ids)].reset_index(drop=True)
    return t


def _date_param(name: str, value: str) -> pd.Timestamp | None:
    if value in (None, ""):
        return None
    try:
        return pd.Timestamp(dt.date.fromisoformat(str(value)))
    except ValueError as exc:
        raise ParameterError(f"{name}={value!r} is not an ISO date (YYYY-MM-DD)") from exc


def setup(corpus: str = "data/raw", output_dir: str = "outputs", tables_dir: str = "", outlets: list | None = None,
          date_from: str = "", date_to: str = "", **extra) -> ReportContext:
    """Everything a notebook needs before its first chart: paths, tables, filters."""
    import matplotlib

    matplotlib.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "svg.hashsalt": "newslib"})
    cpath = resolve(corpus)
    if not cpath.exists():
        raise ParameterError(f"corpus {cpath} does not exist; set the 'corpus' parameter to a folder of .txt files or a table")
    out = resolve(output_dir)
    tdir = resolve(tables_dir) if tables_dir else out / "tables"
    checked = os.environ.get(CHECKED_TABLES_ENV) == str(tdir)  # newslib report made or checked it, and holds it
    if checked or tables_current(tdir, cpath):  # read lazily, with pushdown filters (a large corpus is not loaded whole)
        tables = open_tables(tdir, outlets, date_from, date_to)
    else:
        tables = select(load_or_extract(cpath, tdir), outlets, date_from, date_to)
    params = {"corpus": str(corpus), "output_dir": str(output_dir), "tables_dir": str(tables_dir), "outlets": outlets or [],
              "date_from": date_from, "date_to": date_to, **extra}
    return ReportContext(cpath, out, tdir, tables, params)


def figure_png(fig) -> bytes:
    """PNG bytes of a figure, without version metadata (same figure, same bytes)."""
    import io as _io

    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def figure_html(fig, alt: str | None = None, caption: str | None = None) -> str:
    """A figure as an ``<img>`` with its PNG embedded (a ``data:`` URL) and an alt text that
    says what the chart shows (``alt``, else the one the chart function set, see
    ``plots.alt_text``), escaped; ``caption`` (escaped) goes under it."""
    import base64

    from . import plots

    text = alt or plots.alt_text(fig)
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="nl-figure"><img alt="{html.escape(text, quote=True)}" '
            f'src="data:image/png;base64,{data}">{cap}</figure>')


def show_figure(fig, alt: str | None = None, caption: str | None = None) -> None:
    """Display a matplotlib figure once as an embedded PNG with alt text, and close it.
    Rendering here, not through the notebook's backend, makes the output the same under any
    MPLBACKEND."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    body = figure_html(fig, alt, caption)
    plt.close(fig)
    display(HTML(body))


def escape_frame(df: pd.DataFrame, technical: bool = True) -> str:
    """HTML for a table with every cell escaped (formatted for reading, every row)."""
    return formatting.table_html(df, max_rows=None, fold_rows=None, technical=technical)


def show_table(df: pd.DataFrame, max_rows: int = 50, caption: str | None = None, source: str | None = None,
               fold_rows: int = 15, technical: bool = False) -> None:
    """Display a table for reading (see ``formatting.table_html``): human labels, formatted
    numbers and dates, empty missing values, ids and offsets left to the tables folder,
    escaped text; folded past ``fold_rows`` rows and capped at ``max_rows``, naming
    ``source`` (e.g. ``"claims"`` -> tables/claims.csv) as the file that holds every row."""
    from IPython.display import HTML, display

    display(HTML(formatting.table_html(df, caption=caption, max_rows=max_rows, fold_rows=fold_rows, source=source,
                                       technical=technical)))


_MD_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~&\"'=:/$")


def escape_markdown(value: object) -> str:
    """Untrusted text as Markdown that renders literally: every character that could start
    markup (HTML or Markdown) becomes a numeric character reference.

    >>> escape_markdown("<b>[x](javascript:y)</b>")
    '&#60;b&#62;&#91;x&#93;&#40;javascript&#58;y&#41;&#60;&#47;b&#62;'
    """
    return "".join(f"&#{ord(c)};" if c in _MD_SPECIAL or ord(c) < 32 and c not in "\n\t" else c for c in str(value))


def safe_markdown(template: str, **values) -> str:
    """Fill a Markdown template (trusted) with untrusted values (escaped).

    >>> safe_markdown("Outlet: **{o}**", o="<script>")
    'Outlet: **&#60;script&#62;**'
    """
    return template.format(**{k: escape_markdown(v) for k, v in values.items()})


def show_markdown(template: str, **values) -> None:
    from IPython.display import Markdown, display

    display(Markdown(safe_markdown(template, **values)))


# ----------------------------------------------------------------------------- the runner
def notebook_path(name: str) -> Path:
    return config.NOTEBOOKS_DIR / f"{name}.ipynb"


def notebook_parameters(name: str) -> dict[str, dict]:
    """The parameters a notebook declares (from its ``parameters`` cell, via papermill)."""
    import papermill as pm

    return pm.inspect_notebook(str(notebook_path(name)))


def validate_parameters(params: dict, notebooks: tuple[str, ...] = config.NOTEBOOKS) -> dict[str, dict]:
    """Split parameters per notebook; a name no notebook declares is an error (papermill only warns)."""
    declared = {nb: notebook_parameters(nb) for nb in notebooks}
    every = set().union(*[set(d) for d in declared.values()]) if declared else set()
    unknown = sorted(set(params) - every)
    if unknown:
        raise ParameterError(f"unknown parameter(s) {unknown}; the notebooks take {sorted(every)}")
    out = {}
    for nb, decl in declared.items():
        mine = {}
        for k, v in params.items():
            if k in decl:
                mine[k] = _check_choice(k, _coerce(k, v, decl[k].get("inferred_type_name", "")))
        out[nb] = mine
    return out


def _parameter_choices() -> dict[str, tuple]:
    """Parameters that take one of a few values, checked before any notebook runs."""
    from . import views
    from ..analyse import incidents

    return {"rule": incidents.RULES, "group_by": views.GROUP_BY}


#: Parameters that name a file or folder. ``newslib report`` resolves them against the working
#: directory before the notebooks get them; in a notebook they are relative to the project root.
PATH_PARAMETERS = ("tables_dir", "framing_lexicon")


def _check_kinds(name: str, value):
    schemas.check_kinds(value if isinstance(value, list) else [value], f"parameter {name}: ")
    return value


def _existing(name: str, value, is_kind, what: str, todo: str) -> Path | None:
    """The path a path parameter names (resolved; None when empty); ParameterError when it is no
    ``what`` (file, folder), saying what to do."""
    if not value:
        return None
    p = resolve(value)
    if not is_kind(p):
        raise ParameterError(f"parameter {name}={value!r}: no such {what} ({p}); {todo}")
    return p


def _check_framing(name: str, value):
    p = _existing(name, value, Path.is_file, "file",
                  "give a framing CSV (family, term, pattern) or leave it empty for the bundled one")
    if p is not None:
        from ..analyse import naming

        naming.load_framing(p)  # a malformed file: LexiconError (exit 6), naming the file
    return value


def _check_tables_dir(name: str, value):
    _existing(name, value, Path.is_dir, "folder",
              f"run `newslib extract CORPUS --out {value}` first, or leave it empty to extract into the report's folder")
    return value


def _check_not_negative(name: str, value):
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise ParameterError(f"parameter {name}={value!r}: give 0 or more")
    return value


#: Checks of single parameters, run before any notebook (each raises ParameterError, exit 4).
_PARAMETER_CHECKS = {"kinds": _check_kinds, "framing_lexicon": _check_framing, "tables_dir": _check_tables_dir,
                     "top_incidents": _check_not_negative, "min_count": _check_not_negative,
                     "evidence_rows": _check_not_negative}


def _notebook_values(name: str, given: dict) -> dict:
    """Every parameter of a notebook as its run will see it: its defaults, then ``given``."""
    import ast

    values = {}
    for k, spec in notebook_parameters(name).items():
        try:
            values[k] = ast.literal_eval(spec.get("default", "None"))
        except (ValueError, SyntaxError):
            values[k] = None
    return {**values, **given}


def check_selection_parameters(tdir: str | os.PathLike, per_notebook: dict[str, dict]) -> None:
    """The parameters whose allowed values the tables decide, checked before any notebook runs
    as the notebooks will use them: ``incidents`` (each must match an incident of the chosen
    outlets, dates and kinds, reconciled by the chosen rule, as notebook 02 makes them) and
    ``places``, ``actors``, ``event_types`` (known to the gazetteer, the actor lexicon or the
    events, as notebook 03 filters them). Raises ParameterError (exit 4)."""
    from . import views
    from ..analyse import incidents

    for nb, given in per_notebook.items():
        if not any(given.get(k) for k in ("incidents", "places", "actors", "event_types")):
            continue
        p = _notebook_values(nb, given)
        t = open_tables(tdir, p.get("outlets"), p.get("date_from") or "", p.get("date_to") or "")
        if p.get("incidents"):
            claims = views.filter_claims(t["claims"], kinds=p.get("kinds"))
            made = incidents.reconciled(claims, t["claim_incidents"], rule=p.get("rule") or "ucdp",
                                        include_party_claims=bool(p.get("include_party_claims")), articles=t["articles"])
            incidents.select_incidents(made["incidents"], p["incidents"])
        if any(p.get(k) for k in ("places", "actors", "event_types")):
            views.filter_events(t["events"], places=p.get("places"), actors=p.get("actors"),
                                event_types=p.get("event_types"))


def _check_choice(name: str, value):
    choices = _parameter_choices().get(name)
    if choices is not None and value not in choices:
        raise ParameterError(f"parameter {name}={value!r} is not allowed; choose one of {list(choices)}")
    check = _PARAMETER_CHECKS.get(name)
    return check(name, value) if check is not None else value


def _coerce(name: str, value, type_name: str):
    if not isinstance(value, str):
        return value
    t = (type_name or "").lower()
    try:
        if t.startswith("list"):
            v = value.strip()
            if v.startswith("["):
                return json.loads(v)
            return [x.strip() for x in v.split(",") if x.strip()] if v else []
        if t.startswith("int"):
            return int(value)
        if t.startswith("float"):
            return float(value)
        if t.startswith("bool"):
            if value.lower() in ("true", "1", "yes"):
                return True
            if value.lower() in ("false", "0", "no"):
                return False
            raise ValueError(value)
    except ValueError as exc:
        raise ParameterError(f"parameter {name}={value!r} is not a valid {type_name}") from exc
    return value


def kernel_name() -> str:
    """The project kernel if registered (``make report`` registers it), else python3."""
    try:
        from jupyter_client.kernelspec import find_kernel_specs

        specs = find_kernel_specs()
    except Exception:  # jupyter_client missing or broken paths
        specs = {}
    return config.KERNEL_NAME if config.KERNEL_NAME in specs else "python3"


def _kernel_log_level() -> str:
    """The kernel's own log (written to this process's stderr) only with ``--log-level`` INFO or
    DEBUG: otherwise it says nothing a user can act on (that it talks over local TCP; a
    "KeyboardInterrupt caught" as it is shut down), and a notebook that fails is a ReportError
    naming its cell."""
    import logging

    level = logging.getLogger("newslib").getEffectiveLevel()
    return f"--IPKernelApp.log_level={level if level < logging.WARNING else logging.CRITICAL}"


def run_notebook(name: str, out_dir: Path, parameters: dict) -> Path:
    """Execute one notebook with papermill; on failure raise ReportError naming the cell,
    keeping the executed copy for inspection."""
    import papermill as pm

    src = notebook_path(name)
    if not src.exists():
        raise ReportError(f"notebook {src} not found")
    if "interactive" in notebook_parameters(name) and "interactive" not in parameters:
        parameters = {**parameters, "interactive": False}  # reports are static; widgets are for live sessions
    dest = out_dir / f"{name}.ipynb"
    io.ensure_dir(out_dir)
    tmp = out_dir / f".{name}.running.ipynb"
    try:
        pm.execute_notebook(str(src), str(tmp), parameters=parameters, kernel_name=kernel_name(),
                            cwd=str(config.PROJECT_ROOT), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, extra_arguments=[_kernel_log_level()])
    except pm.PapermillExecutionError as exc:
        failed = out_dir / f"{name}.failed.ipynb"
        if tmp.exists():
            os.replace(tmp, failed)
        raise ReportError(
            f"notebook {name} failed in cell {exc.cell_index} (execution count {exc.exec_count}): "
            f"{exc.ename}: {exc.evalue}. The executed copy is kept at {failed}"
        ) from None
    except Exception as exc:
        if tmp.exists():
            tmp.unlink()
        raise ReportError(f"notebook {name} could not run: {type(exc).__name__}: {exc}") from exc
    os.replace(tmp, dest)
    return dest


TEMPLATES_DIR = Path(__file__).with_name("templates")


def html_exporter():
    """nbconvert's HTML exporter with newslib's template: no code, no prompts, no script from
    anywhere (no require.js, MathJax or mermaid: ``$`` is shown as written), a
    Content-Security-Policy on the page and newslib's stylesheet."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES_DIR)], template_name="newslib")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def export_html(executed: Path, html_dir: Path) -> Path:
    """Export an executed notebook to HTML without code cells; images stay embedded (base64)."""
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    # markdown cells are project text; outputs are escaped by newslib before they get here
    body, _ = html_exporter().from_notebook_node(
        nb, resources={"newslib_csp_meta": formatting.CSP_META, "newslib_stylesheet": formatting.STYLESHEET})
    dest = html_dir / (executed.stem + ".html")
    io.write_text(body, dest)
    return dest


def write_index(html_dir: Path, reports: list[Path], corpus: Path, parameters: dict, counts: dict, run_date: str,
                tables: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """``index.html``: the brief (``newslib.present.brief``): incidents first, then the map, the reports,
    and the run details."""
    from . import brief

    return brief.write_brief(html_dir, tables or {}, reports, corpus, parameters, counts, run_date)


def run_reports(corpus: str | os.PathLike = "data/raw", out: str | os.PathLike = "outputs", parameters: dict | None = None,
                notebooks: tuple[str, ...] = config.NOTEBOOKS, progress: bool = False, corrections=None,
                follow_symlinks: bool = False, wait: bool = False, stale_tables: str = "extract",
                record: dict | None = None) -> dict:
    """Extract the tables, execute every notebook, export HTML, write the index and ``run.json``,
    as one run: ``out`` is locked (a second run fails with exit 9, or waits with ``wait``),
    everything is written to a staging folder beside it and becomes ``out`` in one step at the
    end (``newslib.run.staging``); a failed or interrupted report leaves ``out`` as it was.

    Every parameter is checked before anything runs. With a ``tables_dir`` parameter, the
    notebooks read that folder (locked for reading meanwhile) instead of extracting: if its
    tables are not current (``provenance.differences``), they are extracted again into it
    (``stale_tables="extract"``) or the report fails with ParameterError (``"fail"``), saying why.
    ``record``: more parameters for ``run.json``.

    Returns the paths written (in ``out``). Raises ReportError on the first failing notebook
    (its executed copy is kept in ``out/notebooks/<name>.failed.ipynb``).
    """
    import contextlib

    parameters = dict(parameters or {})
    for reserved in ("corpus", "output_dir"):
        if reserved in parameters:
            raise ParameterError(f"set '{reserved}' with --corpus / --out, not -p")
    if stale_tables not in ("extract", "fail"):
        raise ParameterError(f"stale_tables={stale_tables!r}; choose 'extract' or 'fail'")
    per_nb = validate_parameters(parameters, notebooks)
    cpath = resolve(corpus)
    if not cpath.exists():
        raise ParameterError(f"corpus {cpath} does not exist; pass --corpus a folder of .txt files or a .csv/.jsonl/.parquet table")
    final = config.output_paths(Path(os.path.realpath(resolve(out))))
    shared = {k: v for nb in notebooks for k, v in per_nb[nb].items()}
    given = resolve(shared["tables_dir"]) if shared.get("tables_dir") else None
    if given is not None and Path(os.path.realpath(given)) == final["tables"]:
        given = None  # the report's own tables folder: made by this run
    provenance.fresh_lexicons()
    files = provenance.corpus_files(cpath, follow_symlinks)
    state = provenance.current_state(cpath, corrections, follow_symlinks, files=files)
    with staging.output_run(final["root"], "report", wait=wait) as run, contextlib.ExitStack() as held:
        paths = config.output_paths(run.path)
        if given is None:
            tdir = paths["tables"]
            tables = pipeline.extract_into(tdir, cpath, corrections, follow_symlinks=follow_symlinks, state=state)
        else:
            tdir = given
            diffs = provenance.differences(tdir, cpath, corrections=corrections, follow_symlinks=follow_symlinks)
            if diffs and stale_tables == "fail":
                raise ParameterError(f"tables_dir {tdir} is not current: {'; '.join(diffs)}. Run `newslib extract` "
                                     f"again, or leave out --stale-tables fail to let the report do it")
            if diffs:
                log.warning("the tables in %s are not current (%s): extracting them again", tdir, "; ".join(diffs))
                pipeline.extract_to(tdir, cpath, corrections, wait=wait, follow_symlinks=follow_symlinks,
                                    parameters={"input": str(cpath), "out": str(tdir), "by": "newslib report"})
            held.enter_context(staging.read_lock(tdir, wait=wait))  # not replaced while the notebooks read it
            tables = open_tables(tdir)
        held.enter_context(_env(CHECKED_TABLES_ENV, str(tdir)))
        from . import workbook

        workbook.write_workbook(tables, io.ensure_dir(paths["tables"]) / "newslib.xlsx")
        # pre-flight: a bad outlet or date window is a parameter error (exit 4) before any notebook runs
        _selection(io.read_table(tdir, "articles", columns=["article_id", "outlet", "published"]), shared.get("outlets"),
                   shared.get("date_from", ""), shared.get("date_to", ""))
        check_selection_parameters(tdir, per_nb)  # incidents, places, actors, event types: as the notebooks will
        executed, exported = [], []
        iterator = notebooks
        if progress:
            from tqdm import tqdm

            iterator = tqdm(notebooks, desc="reports", unit="notebook")
        for nb in iterator:
            params = {"corpus": str(cpath), "output_dir": str(run.path), **per_nb[nb]}
            if given is not None:
                params["tables_dir"] = str(given)
            ex = _run_kept(nb, paths["notebooks"], params, final["notebooks"])
            executed.append(ex)
            exported.append(export_html(ex, paths["html"]))
            staging.checkpoint("notebook")
        counts = provenance.folder_counts(tdir)
        index = write_index(paths["html"], exported, cpath, parameters,
                            {k: counts[k] for k in ("articles", "sentences", "claims", "errors") if k in counts},
                            dt.date.today().isoformat(), tables=tables)
        provenance.run_record(run.path, cpath, {"_counts": counts, "errors": io.read_table(tdir, "errors")},
                              {**parameters, **(record or {}), "tables_dir": str(tdir if given else final["tables"])},
                              "report", state=state, files=files)
        rel = lambda p: final["root"] / Path(p).relative_to(run.path)  # noqa: E731  where it will be
        result = {"tables": given if given is not None else final["tables"], "notebooks": [rel(p) for p in executed],
                  "html": [rel(p) for p in exported], "index": rel(index)}
    return result


def _run_kept(name: str, staged: Path, parameters: dict, kept: Path) -> Path:
    """``run_notebook`` into the staging folder; a failed notebook's executed copy is moved to
    ``kept`` (the output folder's notebooks), where the message says it is."""
    try:
        return run_notebook(name, staged, parameters)
    except ReportError as exc:
        failed = staged / f"{name}.failed.ipynb"
        if not failed.exists():
            raise
        io.ensure_dir(kept)
        os.replace(failed, kept / failed.name)
        raise ReportError(str(exc).replace(str(failed), str(kept / failed.name))) from None


@contextlib.contextmanager
def _env(name: str, value: str):
    """Set an environment variable (seen by the notebooks' kernels) for a block."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


environment_summary = provenance.environment_summary  # kept importable here


__all__ = ["setup", "select", "show_figure", "show_table", "safe_markdown", "show_markdown", "run_reports", "schemas"]
