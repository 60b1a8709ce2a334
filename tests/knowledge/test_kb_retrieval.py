"""Retrieval: lay words, misheard terms and question shapes find the fact; the rest gets None.

The blind question set is run here through knowledge.answer alone (tests/knowledge/kb_figures.py):
the tuning part, which was looked at while tuning, and the frozen part, which never is; both as
aggregate figures with floors at what was reached. End to end through the skill is
tests/blind/blind_eval.py.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from release_coach.domain import knowledge

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kb_figures  # noqa: E402

# Floors, at the figures reached (python tests/knowledge/kb_figures.py --set ... --part ...), per round of
# blind questions: covered answered with the right fact, and not-covered answered None. A change that
# lowers them must say why. Round 2 (tests/data/kb_blind2.yaml) is another author's, 2026-12-02.
FLOORS = {
    ("1", "tuning"): {"covered": 144 / 144, "not_covered": 9 / 9},
    ("1", "frozen"): {"covered": 133 / 153, "not_covered": 15 / 15},
    ("2", "tuning"): {"covered": 79 / 81, "not_covered": 8 / 9},
    ("2", "frozen"): {"covered": 63 / 69, "not_covered": 5 / 5},
    # Round 3 (tests/data/kb_blind3.yaml), first run 60/71 and 3/5; after the lexicon families below.
    ("3", "tuning"): {"covered": 69 / 71, "not_covered": 5 / 5},
    ("3", "frozen"): {"covered": 55 / 68, "not_covered": 7 / 7},
    # Round 4 (tests/data/kb_blind4.yaml), first run tuning 56/67, 5/5 and frozen 56/71, 6/7.
    ("4", "tuning"): {"covered": 66 / 67, "not_covered": 5 / 5},
    ("4", "frozen"): {"covered": 58 / 71, "not_covered": 6 / 7},
}
# The tuning parts with the entries' example questions that copy them left out (--form heldout).
HELD_OUT_FLOORS = {"1": (142, 9), "2": (76, 8), "3": (68, 5), "4": (65, 5)}


@pytest.mark.parametrize("round_", sorted(HELD_OUT_FLOORS))
def test_tuning_questions_find_their_fact_without_their_stored_copies(round_):
    """The tuning part with the entries' example questions that copy it left out (--form heldout):
    the fairer guess at new words. Floor at what was reached."""
    counts = kb_figures.figures("tuning", "heldout", round_=round_)
    covered, not_covered = HELD_OUT_FLOORS[round_]
    assert counts["covered_ok"] >= covered and counts["not_covered_ok"] >= not_covered, counts


@pytest.mark.parametrize("round_, part", sorted(FLOORS))
def test_blind_questions_find_their_fact(round_, part):
    counts = kb_figures.figures(part, round_=round_)
    covered = counts["covered_ok"] / counts["covered_n"]
    not_covered = counts["not_covered_ok"] / counts["not_covered_n"]
    print(f"\nkb retrieval, round {round_} {part}: covered {counts['covered_ok']}/{counts['covered_n']}, "
          f"not covered {counts['not_covered_ok']}/{counts['not_covered_n']}")
    assert covered >= FLOORS[round_, part]["covered"] - 1e-9
    assert not_covered >= FLOORS[round_, part]["not_covered"] - 1e-9


@pytest.mark.parametrize("question, topic", [
    ("what is pear a form is", "piriformis"),
    ("what's effle arge", "effleurage"),
    ("what does efflurage mean", "effleurage"),
    ("what's the a sis", "asis"),
    ("spine us process, what's that", "spine_bony_points"),
    ("what is the glue tea us medius", "glutes"),
    ("what's diafram attic breathing", "breathing"),
    ("how do I get on the phone roller", "roller_position"),
    ("what's petrisage", "petrissage"),
])
def test_misheard_terms_are_repaired(question, topic):
    assert knowledge.answer(text=question).topic == topic


@pytest.mark.parametrize("question, row", [
    ("where does the ball go under my bum", "ball_position"),
    ("where do I put the ball thing on my butt", "ball_position"),
    ("what's the muscle deep in my backside", "term_piriformis"),
    ("can my hubby use his elbow", "partner_glute_technique"),
    ("should I chuck a wheat bag on first", "warmup"),
    ("do I need to drink heaps of fluids", "hydration"),
    ("is the bony bit at the front of my hip the asis", "term_asis"),
])
def test_lay_words_reach_the_fact(question, row):
    found = knowledge.answer(text=question)
    assert found is not None and row in kb_figures.rows_of()[found.topic], (question, found and found.topic)


@pytest.mark.parametrize("question, topic", [
    ("is a lacrosse ball better than a tennis ball", "ball_tools"),  # which of two
    ("which muscles attach near the SI joint", "si_muscles"),  # "near" is not "near me"
    ("will massage loosen the tight muscles", "how_massage_helps"),
    ("what self massage can I do at home", "techniques"),
])
def test_everyday_words_written_here_reach_the_fact(question, topic):
    """Questions written for this test, not taken from the blind set."""
    found = knowledge.answer(text=question)
    assert found is not None and found.topic == topic, (question, found and found.topic)


def test_question_shape_leans_toward_entries_that_answer_it():
    """'how long' leans to timing, 'who' to the professionals, with the same other words."""
    assert knowledge.answer(text="how long on the ball").topic in ("hold_time", "time_per_side")
    assert knowledge.answer(text="who can help with SI pain").topic == "who_to_see"
    assert knowledge.answer(text="where is the piriformis").topic == "piriformis"


@pytest.mark.parametrize("question", [
    "what's the weather like", "tell me a joke", "who won the football", "what time is it",
    "can I take ibuprofen before", "should I use ice instead", "is a massage gun any good",
    "how many times a week should I do this", "can I do this while pregnant", "should I wear a belt",
    "how much does a physio cost", "what should I eat for dinner",
])
def test_questions_the_article_does_not_answer_get_none(question):
    assert knowledge.answer(text=question) is None, knowledge.answer(text=question)


@pytest.mark.parametrize("question", ["", "   ", "um", "the", None, "so what", "okay then"])
def test_empty_questions_get_none(question):
    assert knowledge.answer(text=question) is None


def test_closest_names_two_or_three_different_topics():
    names = knowledge.closest("can I use a golf ball instead")
    assert 2 <= len(names) <= 3 and len(set(names)) == len(names)
    assert "the tennis ball release" in names
    fallback = knowledge.closest("what's the weather like")
    assert len(fallback) == 3 and all(isinstance(n, str) and n for n in fallback)
    assert knowledge.closest(None, 2) == fallback[:2]
    entry_names = {e["name"] for e in knowledge._entries().values()}
    assert set(names) | set(fallback) <= entry_names


def test_a_topic_slot_resolves_by_id_value_or_synonym_and_otherwise_scores_its_words():
    assert knowledge.answer(topic="warm_up").topic == "warm_up"
    assert knowledge.answer(topic="heat pack").topic == "warm_up"
    assert knowledge.answer(topic="Lacrosse Ball").topic == "ball_tools"
    assert knowledge.answer(topic="drinking enough water").topic == "hydration"
    assert knowledge.answer(topic="the weather") is None
    assert knowledge.answer(topic="how long", text="per side").topic == "time_per_side"


def test_found_carries_what_the_coach_speaks():
    found = knowledge.answer(text="should I use heat first")
    assert found.topic == "warm_up" and found.text and found.more and found.name
    assert knowledge.threshold() <= found.confidence


def test_nothing_is_built_or_imported_until_the_first_question():
    code = ("import sys\nfrom release_coach.domain import knowledge\n"
            "assert 'release_coach.domain.kb_index' not in sys.modules\n"
            "assert 'difflib' not in sys.modules\n"
            "knowledge.answer(text='how long do I hold')\n"
            "assert 'release_coach.domain.kb_index' in sys.modules\n")
    lambda_dir = Path(__file__).resolve().parents[2] / "lambda"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=lambda_dir, env={"PYTHONPATH": str(lambda_dir)})


def test_a_question_takes_under_two_milliseconds_once_loaded():
    questions = [item["text"] for item in kb_figures.load("tuning")]
    for question in questions:  # first sight of each word fills the caches
        knowledge.answer(text=question)
    started = time.perf_counter()
    for question in questions:
        knowledge.answer(text=question)
    per_question = (time.perf_counter() - started) / len(questions)
    assert per_question < 0.002, f"{per_question * 1000:.2f} ms"
