"""Random conversations built from the model's own samples never reach the error handler.

Each walk opens a session and says 40 things drawn from every intent's samples (slots filled
from their types) and from short words people say on the floor; a seed per walk keeps any
failure reproducible.
"""
import json
import logging
import random
import re
from pathlib import Path

import pytest

from release_coach.console.conversation import Conversation
from release_coach.console.envelope import Identity
from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model
from release_coach.console.transport import InProcessTransport
from release_coach.settings import Settings

MODEL = json.loads((Path(__file__).resolve().parents[2] / "interactionModels" / "custom" / "en-US.json")
                   .read_text())["interactionModel"]["languageModel"]
VALUES = {t["name"]: [v["name"]["value"] for v in t["values"]] for t in MODEL["types"]}
VALUES.update({"AMAZON.DURATION": ["forty five seconds", "a minute", "ten minutes", "zero seconds", "two hours"],
               "AMAZON.SearchQuery": ["my leg is numb", "heat first", "the weather", "sore back", "it hurts"],
               "AMAZON.NUMBER": ["three"]})
SAMPLES = [(sample, {s["name"]: s["type"] for s in intent.get("slots", [])})
           for intent in MODEL["intents"] for sample in intent["samples"]]
SHORT = ["ow", "next", "no", "yes", "help", "repeat", "pause", "resume", "stop", "", "blah blah",
         "open release coach", "how long is left", "switch sides"]
MATCHER = Matcher(load_model("en-US"))
WALKS, STEPS = 20, 40


def utterance(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(SHORT)
    sample, slots = rng.choice(SAMPLES)
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(VALUES[slots[m.group(1)]]), sample)


@pytest.mark.parametrize("seed", range(WALKS))
def test_a_random_conversation_never_hits_the_error_handler(seed, caplog):
    caplog.set_level(logging.ERROR, logger="release_coach")
    rng = random.Random(seed)
    transport = InProcessTransport(Settings(persistence="memory"))
    conversation = Conversation(MATCHER, transport, Identity(skill_id="amzn1.ask.skill.walk", user="walker"), "en-US")
    said = []
    for _ in range(STEPS):
        if conversation.session is None:
            conversation.hear("open release coach")
        line = utterance(rng)
        said.append(line)
        turn = conversation.hear(line)
        assert turn.error is None and "went wrong" not in turn.speech, said
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], said
