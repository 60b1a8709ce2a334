"""Round 3's second pass of classes, each with phrasings of our own (none from the blind sets), end
to end through the console's matcher and the skill: an acknowledgement or "keep going" in the
middle of a hold lets the hold go on, timed; "where had I got to" at the resume offer says where."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conversations"))
import harness  # noqa: E402
from release_coach.domain.dialog.requests import request_in  # noqa: E402


def play(setup: str, *said: str) -> tuple[harness.Said | None, harness.Said, harness.Player]:
    p = harness.new_player(f"round3b-{setup}-{'-'.join(said)}")
    before = harness.SETUPS[setup](p)
    for words in said[:-1]:
        before = p.say(words)
    return before, p.say(said[-1]), p


# ----- in the middle of a hold: an acknowledgement, "keep going" -------------------------------------

@pytest.mark.parametrize("said", ["alright", "mm hm", "yep", "keep it going", "carry on", "keep going",
                                  "let's keep going"])
def test_an_acknowledgement_mid_hold_lets_the_hold_go_on(said):
    before, after, _ = play("mid_hold", said)
    assert "hold:resume" in after.tags and after.state.get("pos") == before.state.get("pos")


@pytest.mark.parametrize("said", ["next", "next step", "skip this one"])
def test_next_mid_hold_still_moves_on(said):
    before, after, p = play("mid_hold", said)
    assert harness.outcome_ok("advance", before, after, p) and "hold:resume" not in after.tags


@pytest.mark.parametrize("said", ["keep going", "carry on", "okay"])
def test_after_a_hold_has_run_out_going_on_moves_to_the_next_step(said):
    before, after, p = play("after_hold", said)
    assert harness.outcome_ok("advance", before, after, p)


def test_keep_going_when_paused_picks_up_the_hold():
    _, after, _ = play("paused", "keep going")
    assert "pause.resumed" in after.tags and not after.state.get("paused")


@pytest.mark.parametrize("setup, said, question", [("warmup_offer", "carry on", None),
                                                   ("screen_question", "keep going", "ask:screen")])
def test_keep_going_at_a_question_is_read_as_next(setup, said, question):
    _, after, _ = play(setup, said)
    if question:  # a safety question needs its yes or no; nothing said here loses it
        assert after.has(question) and not after.ended
    else:  # "no, go on": the routine, without the warm-up
        assert after.step and after.step.startswith("step:ball_release:")


# ----- the resume offer: asking where one had got to --------------------------------------------------

@pytest.mark.parametrize("said", ["where had I got up to", "where did we get to", "where was I up to",
                                  "where did we stop"])
def test_where_one_had_got_to_at_the_resume_offer_says_where_and_asks_again(said):
    _, after, _ = play("stopped_midway", "open release coach", said)
    assert "time_left" in after.tags and "ask:resume" in after.tags
    assert "resume.where_side" in after.tags or "resume.where" in after.tags


@pytest.mark.parametrize("words, shape", [("i get to", "where"), ("we got up to", "where"), ("i stopped", "where"),
                                          ("how far did we get", None)])
def test_asking_where_one_got_to_is_progress(words, shape):
    assert request_in(words, asked=shape is not None, shape=shape) == ("time_left", None)


def test_carrying_on_from_where_one_got_to_is_still_a_resume():
    assert request_in("let's carry on from where I got to") == ("resume", None)
