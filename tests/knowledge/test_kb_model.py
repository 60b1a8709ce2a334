"""The interaction model hands questions to the knowledge base with their words.

Questions go through the console's matcher as `coach talk` does; what its slot carries goes to
knowledge.answer. The model-wide rules (no shadowing, carriers, slot values) are in
tests/core/test_model.py for every locale.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from release_coach.domain import knowledge

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import kb_figures  # noqa: E402
import topic_type  # noqa: E402


def test_the_topic_slot_type_is_written_from_the_knowledge_base():
    part = json.loads(topic_type.PART.read_text())
    types = {t["name"]: t for t in part["types"]}
    assert types["TOPIC"] == topic_type.topic_type(), "run: python tests/knowledge/topic_type.py --write"


@pytest.mark.parametrize("said, topic", [
    ("should I use heat first", "warm_up"),
    ("what is the SI joint", "si_joint"),
    ("how does massage help", "how_massage_helps"),
    ("ask release coach how long to hold", "hold_time"),
    ("how long per side", "time_per_side"),
    ("what's effleurage", "effleurage"),
    ("who should I see about it", "who_to_see"),
    ("is it okay to drink water first", "hydration"),
    ("where does the ball go", "ball_position"),
    ("can my partner use an elbow", "elbow_caution"),
    ("why do I need to breathe deeply", "breathing"),
])
def test_each_question_shape_reaches_the_knowledge_base_with_its_words(said, topic):
    """With the slot's words, and the shape of the intent that carried them (knowledge.shape_of)."""
    words = kb_figures.slot_words(said)
    assert words, f"{said!r} reached no question intent"
    found = knowledge.answer(text=words, topic=knowledge.shape_of(kb_figures._MATCHER.match(said).intent))
    assert found is not None and topic in {found.topic, *_siblings(found.topic)}, (said, words, found)


def test_every_question_intent_has_a_shape_or_reads_whole():
    part = json.loads(topic_type.PART.read_text())
    names = {i["name"] for i in part["intents"]}
    assert set(knowledge.SHAPES) <= names
    assert names - set(knowledge.SHAPES) == {"AskQuestionIntent", "TellMeQuestionIntent", "TagQuestionIntent",
                                             "FreeTextIntent"}


def _siblings(topic: str) -> set[str]:
    rows = kb_figures.rows_of()
    return {t for t, r in rows.items() if r & rows[topic]}


@pytest.mark.parametrize("said, intent", [
    ("I want longer holds", "LongerHoldsIntent"),
    ("my doctor cleared me", "DoctorClearedIntent"),
    ("it hurts", "PainIntent"),
    ("what's next", "AMAZON.NextIntent"),
    ("how long is left", "TimeLeftIntent"),
    ("how does this work", "AMAZON.HelpIntent"),
    ("something quick", "QuickReleaseIntent"),
    ("can you repeat that", "AMAZON.RepeatIntent"),
])
def test_other_intents_keep_their_own_phrases(said, intent):
    kb_figures.slot_words("")  # builds the matcher
    assert kb_figures._MATCHER.match(said).intent == intent


def test_the_fragment_holds_every_generated_question_carrier():
    """Question word or auxiliary x the word after it (tests/knowledge/carriers.py), as a class."""
    import carriers

    part = json.loads(carriers.PART.read_text())
    lm = json.loads(carriers.BUILT.read_text())["interactionModel"]["languageModel"]
    assert carriers.missing(part, lm) == {}, "run: python tests/knowledge/carriers.py --write, then make model"


@pytest.mark.parametrize("said, intent, words", [
    ("shall I put heat on first", "ShouldQuestionIntent", "put heat on first"),
    ("may I use a lacrosse ball", "CanQuestionIntent", "use a lacrosse ball"),
    ("would the foam roller help my bum", "DoesQuestionIntent", "foam roller help my bum"),
    ("were the glutes meant to feel tight", "OkayQuestionIntent", "glutes meant to feel tight"),
    ("is ninety seconds too long", "OkayQuestionIntent", "seconds too long"),
    ("how often can I do the ball one", "HowOftenQuestionIntent", "i do the ball one"),
    ("ball before roller or after", "TagQuestionIntent", "ball before roller"),
])
def test_generated_carriers_bring_their_words(said, intent, words):
    kb_figures.slot_words("")  # builds the matcher
    match = kb_figures._MATCHER.match(said)
    assert (match.intent, match.slots["query"].value) == (intent, words)


@pytest.mark.parametrize("said", ["how often should I do the ball release", "how many times a week can I roll",
                                  "how often can I use the foam roller"])
def test_how_often_is_not_read_as_how_hard_or_how_long(said):
    """The article doesn't say how often: the honest answer, not the hold time or the pressure."""
    words, shape = kb_figures.slot_words(said, with_shape=True)
    assert shape == "how often"
    assert knowledge.answer(text=words, topic=shape) is None
