"""The README's data dictionary is generated from the schemas, and names the two commands."""
from pathlib import Path

from newslib import schemas

README = Path(__file__).resolve().parents[1] / "README.md"


def test_data_dictionary_is_current():
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- data-dictionary:start")
    start = text.index("-->", start) + 3
    end = text.index("<!-- data-dictionary:end -->")
    assert text[start:end].strip() == schemas.data_dictionary().strip(), "run: python -m newslib.cli schema --markdown and paste it"


def test_two_commands_at_the_top():
    head = README.read_text(encoding="utf-8")[:2500]
    assert "make report" in head and "make test" in head
