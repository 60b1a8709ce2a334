"""At the menu a short no leaves ("no worries" is an okay, not a no), and longer words that open
with a no-word are read as the words they are ("never know how long ..." is a question, not a
goodbye). End to end through the console's matcher and the skill; phrasings of our own, none of
them in the blind sets."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conversations"))
import harness  # noqa: E402


def at_menu(user: str):
    p = harness.new_player(f"menu-answers-{user}")
    p.say("open release coach")
    return p


@pytest.mark.parametrize("said", ["no", "nah I'm good", "no thanks not today", "never mind"])
def test_a_short_no_at_the_menu_is_a_goodbye(said):
    assert at_menu(said).say(said).ended


@pytest.mark.parametrize("said, topic", [
    ("I never know how long to stay on the ball", "kb:hold_time"),
    ("I never remember how many minutes to do on each side", "kb:time_per_side"),
])
def test_longer_words_opening_with_a_no_word_are_heard_as_themselves(said, topic):
    reply = at_menu(said).say(said)
    assert not reply.ended
    assert topic in reply.tags


@pytest.mark.parametrize("said", ["no problem", "no dramas", "not a problem"])
def test_a_no_that_means_okay_is_an_acknowledgement_not_a_goodbye(said):
    reply = at_menu(said).say(said)
    assert not reply.ended and "menu.which" in reply.tags
    # At a safety question it is no answer: the question is asked again, never taken as a no.
    p = harness.new_player(f"menu-answers-screen-{said}")
    harness.SETUPS["screen_question"](p)
    assert "ask:screen" in p.say(said).tags


@pytest.mark.parametrize("said", ["never know how long to stay on the ball", "never remember which side comes first"])
def test_an_opening_that_starts_like_a_no_but_asks_is_no_answer(said):
    from release_coach.domain.dialog.answers import NO, opening_kind

    assert opening_kind(said) is None
    assert opening_kind("never had anything like that") == NO


def moved_on_by_no(setup: str) -> list:
    control = harness.new_player(f"screen-control-{setup}")
    harness.SETUPS[setup](control)
    return control.say("no").tags


@pytest.mark.parametrize("setup", ["screen_question", "injury_question"])
@pytest.mark.parametrize("said", ["I never know how long to stay on the ball", "never remember which side comes first"])
def test_at_a_safety_question_an_opening_like_a_no_that_asks_is_not_taken_as_no(setup, said):
    p = harness.new_player(f"screen-not-no-{setup}-{said}")
    harness.SETUPS[setup](p)
    reply = p.say(said)
    # Not a no: the same question again, the words answered first where the article answers them.
    assert reply.tags != moved_on_by_no(setup) and not reply.ended
    assert "ask:screen" in reply.tags
    assert reply.tags[0] == ("kb:hold_time" if "how long" in said else "screen:unclear")


@pytest.mark.parametrize("said", ["never", "no never", "nope never had that", "I never have", "never had anything like that"])
def test_at_a_safety_question_never_in_its_forms_is_a_no(said):
    moved_on = moved_on_by_no("screen_question")
    p = harness.new_player(f"screen-never-{said}")
    harness.SETUPS["screen_question"](p)
    assert p.say(said).tags == moved_on


@pytest.mark.parametrize("said", ["ask release coach to carry on where I left off",
                                  "open release coach, I'd like to carry on from where I stopped yesterday"])
def test_coming_back_to_carry_on_keeps_the_saved_place(said):
    p = harness.new_player(f"come-back-{said}")
    harness.SETUPS["stopped_midway"](p)
    reply = p.say(said)
    assert not reply.ended and "fallback" not in reply.tags
    # The saved place is offered, or the returning check comes first and then picks it up.
    assert "resume:offered" in reply.tags or "ask:check" in reply.tags
