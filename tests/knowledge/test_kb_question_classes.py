"""Classes of question the fourth blind round brought out, in phrasings written here (none is a
blind item): who told the asker, words from yoga, the gym and physio, the partner in the third
person, comparisons with things the article never names, and a question's shape kept when the
honest answer is the right one.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from release_coach.domain import knowledge

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kb_figures  # noqa: E402
from test_kb_end_to_end import said  # noqa: E402


def _row(question: str) -> set[str]:
    found = knowledge.answer(text=question)
    return kb_figures.rows_of()[found.topic] if found else set()


@pytest.mark.parametrize("question, row", [
    # whoever told them, said any way, is context, not the question
    ("my pilates instructor reckons the SI joint hardly moves, is that true", "joint_job"),
    ("the personal trainer told me it's built for stability, what does it do", "joint_job"),
    # bare "back" is the lower back; "back and forth" and the back of the thigh are not
    ("can SI trouble make my groin sore as well as my back", "joint_symptoms"),
    ("do I roll backwards and forwards on the roller", "roller_technique"),
    # the French terms spelt as heard
    ("what does effleurazh mean", "term_effleurage"),
    ("what's petrisahj", "term_petrissage"),
    # breaking up a knot is not a fracture; heavy inflammation with deep work is a flare question
    ("it's really swollen and hot, can I dig in deep to break up the knots", "flare_ups"),
    # minutes "on one side" is the time per side
    ("I spent twenty minutes on one side, was that too long", "ball_duration"),
    # the partner in the third person, lying on their side
    ("he's lying on his side, does his top leg stay straight", "partner_positions"),
    # the compression as people describe it
    ("with my hands on my hips do I push in towards my belly button", "compression_how"),
    # muscles tight when the joint is the trouble
    ("why do my glutes tense up when the problem is my SI joint", "joint_muscles"),
    # a when question is not answered by who to see
    ("when do I need to get a doctor to look at my SI joint", "pro_persistent"),
])
def test_lay_words_context_and_spellings_reach_the_fact(question, row):
    assert row in _row(question), (question, knowledge.answer(text=question))


@pytest.mark.parametrize("question", [
    "is a golf ball better than a lacrosse ball",
    "which is better, an ice pack or heat",
    "what are the best stretches for my SI joint",
])
def test_comparisons_and_choices_the_article_does_not_make_get_none(question):
    assert knowledge.answer(text=question) is None, knowledge.answer(text=question)


@pytest.mark.parametrize("question, topic", [
    ("is a lacrosse ball better than a tennis ball", "ball_tools"),
    ("should I stretch as well", "complementary"),
])
def test_comparisons_and_choices_the_article_makes_are_answered(question, topic):
    found = knowledge.answer(text=question)
    assert found is not None and found.topic == topic, found


@pytest.mark.parametrize("where", ["launch", "oneshot", "mid_hold"])
def test_a_question_shaped_outside_the_article_stays_honest(where):
    """"how long till it's sorted": without its "how long" the words would read as treatment;
    with it, the question is the recovery time the article doesn't give."""
    reply = said(where, "how long till it's sorted for good")
    assert "kb:unknown" in reply.tags, reply.tags

