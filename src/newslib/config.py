"""Every path newslib uses comes from here; notebooks and the CLI never hard-code one.

>>> from newslib import config
>>> config.RAW_DIR.name
'raw'
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Domain knowledge (actors, claimants, places, term families, furniture) as editable files,
#: in packs: one folder each under here (``base``, ``syria``), or a folder of your own.
DEFAULT_LEXICON_DIR = PACKAGE_DIR / "lexicons"
#: The packs loaded when NEWSLIB_LEXICONS is not set; ``base`` is always loaded first.
DEFAULT_LEXICON_PACKS = ("base", "syria")


def _find_project_root() -> Path:
    env = os.environ.get("NEWSLIB_ROOT")
    if env:
        return Path(env).resolve()
    # src/newslib -> src -> project root (editable install or a checkout)
    candidate = PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd()


PROJECT_ROOT = _find_project_root()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
CORRECTIONS_FILE = DATA_DIR / "corrections.csv"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
KERNEL_NAME = "newslib"

#: The four reports, in order. Each is notebooks/<name>.ipynb.
NOTEBOOKS = (
    "01-claims-overview",
    "02-casualty-comparison",
    "03-timeline",
    "04-source-bias",
)


def lexicon_packs_spec() -> str:
    """The lexicon packs asked for (NEWSLIB_LEXICONS; ``newslib --lexicons`` sets it), as
    written: see ``newslib.lexicons.packs`` for how it reads."""
    return os.environ.get("NEWSLIB_LEXICONS", "").strip()


def output_paths(out: str | os.PathLike | None = None) -> dict[str, Path]:
    """The layout of an output folder: tables, executed notebooks, HTML."""
    root = Path(out) if out is not None else OUTPUTS_DIR
    return {
        "root": root,
        "tables": root / "tables",
        "notebooks": root / "notebooks",
        "html": root / "html",
    }
