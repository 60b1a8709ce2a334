"""Every spoken line exists, renders with its placeholders, and reads as a sentence."""
import re
from pathlib import Path

import pytest

from release_coach.domain.reply import Line
from release_coach.speech.render import line_text, ordinal_words, strings

DOMAIN = Path(__file__).resolve().parents[2] / "lambda" / "release_coach" / "domain"
SAMPLE = {"seconds": 250, "minutes": 600, "names": ["the foam roller", "the ball release"], "count": 3, "step": 2,
          "steps": 5, "name": "the ball release", "side": "left", "asked": 30, "min": 30, "max": 60,
          "heard": "trampoline", "topics": ["heat", "hydration"], "other": "the gentle compression"}
KEYS = [k for k in strings() if not k.startswith(("_", "countdown."))]


def test_every_key_the_coach_uses_exists():
    from release_coach.domain.dialog.questions import all_questions

    used = {key for path in DOMAIN.rglob("*.py") for key in re.findall(r'Line\(\s*"([\w.]+)"', path.read_text())}
    used |= {f"ask.{q}" for q, question in all_questions().items()
             if type(question).words is __import__("release_coach.domain.dialog.questions", fromlist=["Question"])
             .Question.words}
    assert used, "the scan found no keys"
    assert used - set(strings()) == set()


@pytest.mark.parametrize("key", KEYS)
def test_each_line_renders_as_a_spoken_sentence(key):
    value = strings()[key]
    for variant in (value.keys() if isinstance(value, dict) else [None]):
        text = line_text(Line(key, dict(SAMPLE, variant=variant)))
        assert text[:1].isupper(), text
        assert "{" not in text and "about about" not in text.lower(), text
        assert text.rstrip()[-1] in ".?!", text


@pytest.mark.parametrize("n,word", [(1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (12, "twelfth"),
                                    (20, "twentieth"), (21, "twenty first"), (30, "thirtieth")])
def test_ordinals(n, word):
    assert ordinal_words(n) == word
