"""Questions as people put them, by class of what went wrong in the blind rounds, in phrasings
written here (none is a blind item): how they open (carriers), the words they use (lexicon), and
what must not happen to what isn't a question. End to end through the console's matcher and
real envelopes, at launch, as a one-shot and in the middle of a hold; retrieval alone where
the words are the point.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from release_coach.domain import knowledge

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kb_figures  # noqa: E402
from test_kb_end_to_end import harness, said  # noqa: E402

PLACES = ["launch", "oneshot", "mid_hold"]


def rows_answered(reply: harness.Said) -> set[str]:
    rows = kb_figures.rows_of()
    return set().union(*(rows.get(t.split(":", 1)[1], set()) for t in reply.tags if t.startswith("kb:")))


# How a question opens: a condition, a tail that asks whether to go on, "what causes", "for how
# long", "how much is it", the partner as "he" or "she", "one of those", and "wait" / "and" /
# "also" in front of a question's own carrier.
@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("words, row", [
    ("if I feel a sharp pain should I stop", "listen_body"),
    ("it's a bit sore, should I stop", "listen_body"),
    ("when should I stop", "listen_body"),
    ("what can cause pain in the SI joint", "joint_causes"),
    ("for how long do I hold each spot", "ball_hold"),
    ("how much is it supposed to hurt", "good_vs_sharp"),
    ("can she use her elbow on my bum", "partner_glute_technique"),
    ("wait, where does the ball go", "ball_position"),
    ("and should I breathe deeply", "breathing"),
    ("also can my partner use an elbow", "partner_glute_technique"),
])
def test_the_ways_a_question_opens_reach_the_fact(where, words, row):
    reply = said(where, words)
    assert row in rows_answered(reply), (words, reply.tags)
    if where == "mid_hold":
        assert "ask:carry_on" in reply.tags, reply.tags  # answered briefly, the routine carries on


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("words", ["would one of those massage guns be better", "how long until I see results"])
def test_new_openings_of_questions_the_article_does_not_answer_get_the_honest_answer(where, words):
    reply = said(where, words)
    assert "kb:unknown" in reply.tags, reply.tags
    assert not rows_answered(reply)


@pytest.mark.parametrize("where", ["launch", "mid_hold"])
@pytest.mark.parametrize("words", ["if you say so", "that feels easier now"])
def test_a_remark_is_not_answered_as_a_question(where, words):
    assert not [t for t in said(where, words).tags if t.startswith("kb:")]


# The words people use: mis-hearings of the article's terms, lay words, and the context around a
# question (who said it, when) that isn't the question.
@pytest.mark.parametrize("question, row", [
    ("what's the sacra iliac joint", "joint_what"),
    ("what is its job, the SI joint", "joint_job"),
    ("is massage worth it for SI pain", "massage_benefits"),
    ("is it meant to feel tender", "good_vs_sharp"),
    ("my doctor said I have tight glutes, what are the glutes", "term_glutes"),
    ("my back has gone again, is it safe to use the roller", "flare_ups"),
    ("should the ball go right on the joint", "massage_target"),
    ("how long should she press on a knot", "partner_glute_technique"),
    ("what's the difference between effleurage and petrissage", "term_effleurage"),
    ("are there any risks", "massage_limits"),
    ("is massage enough on its own", "complementary"),
])
def test_lay_words_mishearings_and_context_reach_the_fact(question, row):
    found = knowledge.answer(text=question)
    assert found is not None and row in kb_figures.rows_of()[found.topic], (question, found and found.topic)


@pytest.mark.parametrize("question", ["is a spiky ball better", "how long until I see results",
                                      "does massage help me sleep", "when will I notice a difference"])
def test_near_questions_the_article_does_not_answer_get_none(question):
    assert knowledge.answer(text=question) is None, knowledge.answer(text=question)


def test_the_console_writing_its_as_it_is_still_reaches_the_fact():
    """The console opens "its" as "it is" ("enough on it is own")."""
    assert knowledge.answer(text="is massage enough on it is own").topic == "complementary"


@pytest.mark.parametrize("where", ["launch", "oneshot"])
def test_a_question_that_names_a_sign_hears_the_answer_and_the_referral(where):
    """"Can massage sort out an unstable pelvis": the article's answer, then the referral, which
    still blocks the routines for the session."""
    reply = said(where, "can massage sort out an unstable pelvis")
    assert "triage:professional" in reply.tags and "massage_limits" in rows_answered(reply), reply.tags


def test_a_referral_that_is_the_answer_is_not_said_twice():
    """The when-to-seek-help entries say what the referral says: the referral alone."""
    reply = said("launch", "should I massage if I have osteoporosis")
    assert "triage:professional" in reply.tags and not rows_answered(reply), reply.tags
