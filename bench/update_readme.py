"""Regenerate the README's data dictionary from the schemas (no other edits).

    python bench/update_readme.py
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from newslib import schemas  # noqa: E402

p = ROOT / "README.md"
text = p.read_text(encoding="utf-8")
new = re.sub(r"(<!-- data-dictionary:start[^>]*-->)(.*?)(<!-- data-dictionary:end -->)",
             lambda m: m.group(1) + "\n\n" + schemas.data_dictionary().strip() + "\n\n" + m.group(3), text, flags=re.S)
p.write_text(new, encoding="utf-8")
print("README data dictionary updated")
