"""Typed exceptions, each with its exit code; each message names the input and says what to
do. ``log_problems`` logs the problems of a run (the ``errors`` table) once per reason."""
from __future__ import annotations

import logging


class NewslibError(Exception):
    """Base class: the CLI prints these as one clear line and exits non-zero."""

    exit_code = 1


class CorpusError(NewslibError):
    """The corpus cannot be read at all (missing path, unknown format, no usable article)."""

    exit_code = 2


class InputFileError(NewslibError):
    """One input file or row cannot be used; recorded in errors.csv, the run goes on."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class SchemaError(NewslibError):
    """A table does not match its schema where it crosses a module boundary."""

    exit_code = 3


class ParameterError(NewslibError):
    """A report or CLI parameter is unknown or has an impossible value."""

    exit_code = 4


class ReportError(NewslibError):
    """A notebook failed; the message names the notebook and the cell."""

    exit_code = 5


class LexiconError(NewslibError):
    """A lexicon file is malformed; the message names file and row."""

    exit_code = 6


class CorrectionsError(NewslibError):
    """The corrections file has a bad row; the message names the row."""

    exit_code = 7


class OutputBusyError(NewslibError):
    """Another run is writing the same output folder (the message names its process id)."""

    exit_code = 9


#: A reason found on more inputs than this is logged once, with the count and the first input.
LOG_EACH = 5


def log_problems(errors, logger: logging.Logger) -> None:
    """Log each problem of an ``errors`` table (``error`` or ``warning``), in order; a reason
    shared by more than ``LOG_EACH`` inputs (a corpus without dates warns on every row) is
    logged once, with its count, at its first input. ``errors.csv`` lists every one. Every
    engine logs through this, so a run says the same whichever engine made it."""
    if errors is None or errors.empty:
        return
    import numpy as np
    import pandas as pd

    # integer codes only: the table can be large (two warnings per row of a bare CSV), so no
    # copy of it and no Python object per row
    reason_code, _ = pd.factorize(errors["reason"])
    severity_code, severities = pd.factorize(errors["severity"])
    codes = reason_code.astype(np.int64) * max(len(severities), 1) + severity_code
    n = np.bincount(codes)
    _, first = np.unique(codes, return_index=True)
    shown = np.zeros(len(codes), dtype=bool)
    shown[first] = True
    shown |= n[codes] <= LOG_EACH
    col = {name: errors[name].array for name in ("input", "reason", "severity")}
    for i in np.flatnonzero(shown).tolist():  # a row at a time: taking the rows would copy whole columns
        inp, reason, severity = col["input"][i], col["reason"][i], col["severity"][i]
        emit = logger.error if severity == "error" else logger.warning
        k = int(n[codes[i]])
        if k <= LOG_EACH:
            emit("%s: %s", inp, reason)
        else:
            emit("%s: %s (and %d more inputs with this reason; every one is in errors.csv)", inp, reason, k - 1)
