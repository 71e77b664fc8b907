# JupyterLab for this project (`make lab` passes this file with --config): the four report
# notebooks are saved without outputs, so the tracked .ipynb files never receive any (see
# src/newslib/present/lab.py). Save a copy under another name to keep a run with its outputs.
from newslib.present.lab import pre_save_hook

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.ContentsManager.pre_save_hook = pre_save_hook
