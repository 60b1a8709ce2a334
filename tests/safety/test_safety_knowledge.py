"""The knowledge base: answers by slot and by free text, honest None below the threshold."""
import re

import pytest

from release_coach import content
from release_coach.domain import knowledge

from safety_figures import PARTS, kb_paraphrases, route_kb

KB = content.load("en", "knowledge.json")


@pytest.mark.parametrize("parts", [("tune",), ("heldout",), PARTS], ids=["tune", "heldout", "all"])
def test_paraphrased_questions_find_their_topic(parts):
    routing = route_kb(parts)
    print(f"\nkb {'+'.join(parts)}: right topic {routing.right}/{routing.total} ({routing.share:.1%})")
    if parts == PARTS:
        assert routing.total >= 60
    assert routing.share >= 0.95, routing.misses


@pytest.mark.parametrize("question", kb_paraphrases()["off_topic"])
def test_off_topic_questions_get_no_answer(question):
    assert knowledge.answer(text=question) is None


@pytest.mark.parametrize("question", ["", "   ", "um", "the", None])
def test_empty_questions_get_no_answer(question):
    assert knowledge.answer(text=question) is None


def test_topic_slot_resolves_by_id_name_or_synonym():
    assert knowledge.answer(topic="warm_up").topic == "warm_up"
    assert knowledge.answer(topic="heat pack").topic == "warm_up"
    assert knowledge.answer(topic="Lacrosse Ball").topic == "tennis_ball"
    assert knowledge.answer(topic="warm_up").confidence == 1.0


def test_an_unknown_topic_value_falls_back_to_scoring_its_words():
    found = knowledge.answer(topic="drinking enough water")
    assert found is not None and found.topic == "hydration"
    assert knowledge.answer(topic="the weather") is None


def test_an_overview_gives_way_to_the_specific_topic():
    assert knowledge.answer(text="what is the compression technique").topic == "compression"


def test_confidence_is_at_or_above_the_documented_threshold():
    found = knowledge.answer(text="should I drink more water")
    assert found.confidence >= knowledge.threshold()
    assert 0 < knowledge.threshold() < 1


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


@pytest.mark.parametrize("entry", KB["topics"], ids=lambda e: e["id"])
def test_every_entry_is_short_sourced_and_askable(entry):
    assert 2 <= sentences(entry["answer"]) <= 3, entry["answer"]
    if entry.get("more"):
        assert 1 <= sentences(entry["more"]) <= 3
    assert entry["source"].strip()
    assert len(entry["questions"]) >= 4 and len(entry["synonyms"]) >= 1
    # Answered by its own stored questions: the scoring and the content agree.
    for question in entry["questions"]:
        assert knowledge.answer(text=question).topic == entry["id"], question


def test_issue_topics_are_all_covered():
    ids = set(knowledge.topic_ids())
    assert {"listen_to_body", "warm_up", "hydration", "complementary", "acute_vs_chronic", "when_to_seek_help",
            "preexisting_conditions", "who_to_see", "si_joint", "how_massage_helps", "when_massage_not_right",
            "techniques", "partner_pressure", "elbow_caution", "spine_bony_points"} <= ids


def test_paraphrases_are_not_the_stored_questions():
    stored = {q.lower() for entry in KB["topics"] for q in entry["questions"]}
    data = kb_paraphrases()
    asked = {q.lower() for part in PARTS for qs in data[part].values() for q in qs}
    assert not stored & asked


def test_summary_reads_inside_a_sentence():
    summary = knowledge.topics_summary()
    assert summary[0].islower() and not summary.endswith(".")
