"""The knowledge base as the safety side meets it: paraphrases find the fact, the rest gets None,
and red-flag words are never something the knowledge base answers instead of triage.

tests/knowledge/ checks the coverage table, retrieval and the model; this file keeps the older
paraphrase set (tests/data/kb_paraphrases.yaml) honest against the new entries: an answer is
right when it is the paraphrase's entry or one that states one of that entry's facts (rows).
"""
import pytest

from release_coach import content
from release_coach.domain import knowledge

from safety_figures import PARTS, kb_paraphrases

KB = content.load("en", "knowledge.json")
ROWS = {e["id"]: set(e["rows"]) for e in KB["topics"]}


def routed(parts) -> tuple[int, list[str]]:
    data = kb_paraphrases()
    total, misses = 0, []
    for part in parts:
        for topic, questions in data[part].items():
            for question in questions:
                total += 1
                found = knowledge.answer(text=question)
                if found is None or not (found.topic == topic or ROWS[found.topic] & ROWS[topic]):
                    misses.append(f"{question!r} -> {found.topic if found else None} (wanted {topic})")
    return total, misses


@pytest.mark.parametrize("parts", [("tune",), ("heldout",), PARTS], ids=["tune", "heldout", "all"])
def test_paraphrased_questions_find_their_fact(parts):
    total, misses = routed(parts)
    print(f"\nkb paraphrases {'+'.join(parts)}: right fact {total - len(misses)}/{total}")
    assert (total - len(misses)) / total >= 0.9, misses


@pytest.mark.parametrize("question", kb_paraphrases()["off_topic"])
def test_off_topic_questions_get_no_answer(question):
    assert knowledge.answer(text=question) is None


@pytest.mark.parametrize("question", ["", "   ", "um", "the", None])
def test_empty_questions_get_no_answer(question):
    assert knowledge.answer(text=question) is None


def test_the_paraphrase_topics_are_still_entries():
    assert set(kb_paraphrases()["tune"]) | set(kb_paraphrases()["heldout"]) <= set(knowledge.topic_ids())


def test_paraphrases_are_not_the_stored_questions():
    stored = {q.lower() for entry in KB["topics"] for q in entry["questions"]}
    data = kb_paraphrases()
    asked = {q.lower() for part in PARTS for qs in data[part].values() for q in qs}
    assert not stored & asked


@pytest.mark.parametrize("question", [
    "I can't feel my groin", "I've wet myself a couple of times", "both my legs have gone weak",
    "my leg has gone numb", "I can't control my bladder",
])
def test_red_flag_words_get_a_referral_entry_or_nothing(question):
    """Triage hears these first; if its words ever reached the knowledge base alone, what comes
    back must be a referral, never a technique."""
    found = knowledge.answer(text=question)
    referral = {"pro_persistent", "pro_nerve", "pro_bladder", "pro_trauma", "pro_conditions", "pro_who"}
    assert found is None or ROWS[found.topic] & referral, found


def test_the_honest_unknown_names_topics_that_exist():
    names = knowledge.closest("is running bad for the SI joint")
    assert 2 <= len(names) <= 3
    assert set(names) <= {e["name"] for e in KB["topics"]}


def test_summary_reads_inside_a_sentence():
    summary = knowledge.topics_summary()
    assert summary[0].islower() and not summary.endswith(".")
