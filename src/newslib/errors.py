"""Typed exceptions. Each message names the input and says what to do."""
from __future__ import annotations


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
