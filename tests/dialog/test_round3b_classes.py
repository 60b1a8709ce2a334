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


# ----- choosing a routine: asked politely, and changed in mid-sentence --------------------------------

@pytest.mark.parametrize("words, routine", [
    ("would you mind putting on the tennis ball one please", "ball_release"),
    ("do you mind if we do the compression", "gentle_compression"),
    ("could you possibly take me through the roller", "foam_roller"),
    ("let's do the roller actually no sorry the tennis ball", "ball_release"),
    ("i'd like the squeeze one no wait i mean the foam roller", "foam_roller"),
    ("the ball one, actually, scratch that, the partner massage", "partner"),
])
def test_a_polite_or_corrected_choice_asks_for_the_last_routine_named(words, routine):
    assert request_in(words) == ("routine", routine)


@pytest.mark.parametrize("words", ["would you mind telling me how long to hold", "sorry i was miles away"])
def test_a_polite_question_or_an_apology_names_no_routine(words):
    assert request_in(words) is None


def test_a_routine_named_before_an_apology_with_nothing_after_it_still_counts():
    assert request_in("the foam roller sorry") == ("routine", "foam_roller")


# ----- hold lengths: asked as "make them shorter", or as how much is plenty ---------------------------

@pytest.mark.parametrize("said", ["can you make them a little shorter", "make them a bit longer",
                                  "twenty seconds is plenty", "a minute would be enough",
                                  "make them forty seconds each"])
def test_hold_lengths_said_in_passing_change_the_hold(said):
    before, after, p = play("mid_hold", said)
    assert harness.outcome_ok("hold_changed", before, after, p)


def test_a_length_too_long_for_a_hold_at_the_menu_plans_a_session():
    _, after, _ = play("menu", "fifteen minutes is plenty")
    assert any(t.startswith("session") for t in after.tags) or after.has("session.")


# ----- taking a change back, just after it -------------------------------------------------------------

@pytest.mark.parametrize("change", ["hold for twenty seconds", "make the holds longer"])
@pytest.mark.parametrize("undo", ["no", "nope, put it back", "no, change it back please", "nah keep it as it was"])
def test_a_no_or_put_it_back_just_after_a_change_restores_the_hold(change, undo):
    before, changed, p = play("mid_hold", change)
    restored = p.say(undo)
    assert "setting:back" in restored.tags
    assert "hold:45" in restored.tags  # the ball's hold as it was


def test_a_no_later_on_is_only_a_no():
    _, _, p = play("mid_hold", "hold for twenty seconds")
    p.say("how long is left")
    assert "setting:back" not in p.say("no").tags


def test_slower_taken_back_goes_back_to_the_pace_before():
    _, _, p = play("after_hold", "talk slower please")
    restored = p.say("I'd rather keep it as it was")
    assert "setting:back" in restored.tags and "pace:100" in restored.tags


# ----- coming back the next day: the session's safety check, then the saved step ----------------------

@pytest.mark.parametrize("said", ["yes go on", "yeah let's carry on", "continue"])
def test_taking_the_saved_place_asks_the_safety_check_first_then_resumes(said):
    before, after, p = play("stopped_midway", "open release coach", said)
    assert "ask:check" in after.tags and not after.step  # never skipped: every session checks
    assert harness.outcome_ok("resume", before, after, p)
    assert "resume.picking_up" in p.last.tags and p.last.step == "step:ball_release:oscillate:left"
