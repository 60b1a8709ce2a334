"""The README's "what you can say, and when" table names every question the coach can ask."""
import re
from pathlib import Path

from release_coach.domain.dialog.questions import all_questions

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_table_lists_every_question_component_and_no_other():
    text = README.read_text()
    section = text.split("### What you can say, and when", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| [^|]*\(`(\w+)`\)", section, flags=re.M))
    assert listed == set(all_questions())
