"""The card in the Alexa app at the end of a session: what was actually done today, the one
safety line, inside Alexa's limits, no SSML; and only when a session ends after something was done."""
import json
from types import SimpleNamespace

import pytest
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from release_coach.domain.reply import Line, Reply
from release_coach.screen import dress
from release_coach.screen.card import MAX_CARD_CHARS, MAX_TITLE_CHARS, completed_of, session_card, time_text

from screen_helpers import raw_envelope, render_directives

BALL = {"routine": "ball_release", "name": "the ball release", "sides": ["left", "right"], "seconds": 570}
ROLLER_LEFT = {"routine": "foam_roller", "name": "the foam roller", "sides": ["left"], "seconds": 150}
COMPRESSION = {"routine": "gentle_compression", "name": "the gentle compression", "sides": [], "seconds": 125}


def state(*done):
    return SimpleNamespace(completed=list(done), routines=[], pos=0)


def test_the_card_lists_each_routine_its_sides_and_time_and_the_total():
    title, text = session_card(completed_of(state(BALL, ROLLER_LEFT, COMPRESSION)))
    lines = text.splitlines()
    assert title == "Release Coach: your session"
    assert lines[:5] == ["Done today:", "- Ball release: both sides, 9 min 30 s", "- Foam roller: left side, 2 min 30 s",
                         "- Gentle compression: 2 min 5 s", "Total: 14 min 5 s."]
    assert lines[5] == ""
    (safety,) = lines[6:]
    assert "stop" in safety.lower() and "physical therapist" in safety


def test_only_what_was_done_is_listed():
    _, text = session_card(completed_of(state(COMPRESSION)))
    assert "Gentle compression" in text
    for other in ("Ball release", "Foam roller", "Partner", "both sides"):
        assert other not in text


def test_a_routine_done_twice_is_one_line_with_both_times():
    right = dict(ROLLER_LEFT, sides=["right"])
    _, text = session_card(completed_of(state(ROLLER_LEFT, right)))
    assert "- Foam roller: both sides, 5 min" in text.splitlines()


@pytest.mark.parametrize("junk", [None, "x", 3, {}, {"routine": 7}, {"routine": "ball_release", "sides": "left",
                                                                        "seconds": "lots", "name": None}])
def test_odd_records_never_break_the_card(junk):
    done = completed_of(state(junk, COMPRESSION))
    title, text = session_card(done)
    assert "Gentle compression" in text


def test_nothing_done_means_no_card():
    assert session_card(completed_of(state())) is None
    assert session_card(completed_of(SimpleNamespace())) is None  # a state from before the field existed


def test_the_card_stays_inside_alexas_limits_and_carries_no_ssml():
    many = [dict(BALL, routine=f"r{i}", name=f"the routine number {i} <with> & markup") for i in range(50)]
    title, text = session_card(completed_of(state(*many)))
    assert len(title) <= MAX_TITLE_CHARS and len(title) + len(text) <= MAX_CARD_CHARS
    assert "and 42 more" in text
    assert "<speak>" not in text and "<break" not in text


@pytest.mark.parametrize("seconds,shown", [(0, "0 s"), (45, "45 s"), (60, "1 min"), (570, "9 min 30 s")])
def test_times_are_written_for_reading(seconds, shown):
    assert time_text(seconds) == shown


def respond_with(reply, coach_state, screen: bool):
    """dress() as respond() calls it, on a real envelope and response builder."""
    envelope = DefaultSerializer().deserialize(json.dumps(raw_envelope("AMAZON.StopIntent", {}, screen)),
                                               RequestEnvelope)
    handler_input = SimpleNamespace(request_envelope=envelope,
                                    attributes_manager=SimpleNamespace(request_attributes={}, session_attributes={}))
    builder = ResponseFactory()
    builder.speak("<speak>Take care.</speak>").set_should_end_session(reply.end_session)
    dress(handler_input, builder, reply, SimpleNamespace(state=coach_state, plan=()), "en", 100)
    return DefaultSerializer().serialize(builder.response)


@pytest.mark.parametrize("screen", [False, True])
def test_a_session_that_ends_after_work_gets_the_card_on_any_device(screen):
    response = respond_with(Reply([Line("goodbye")], end_session=True, tags=["goodbye"]), state(BALL), screen)
    assert response["card"]["type"] == "Simple"
    assert "Ball release: both sides" in response["card"]["content"]
    assert bool(render_directives({"response": response})) is screen
    if screen:
        (panel,) = render_directives({"response": response})[0]["datasources"]["coach"]["panels"]
        assert panel["instruction"] == "Done today" and "Ball release" in panel["note"]


def test_no_card_while_the_session_goes_on_or_when_nothing_was_done():
    assert "card" not in respond_with(Reply([Line("ask.another")], tags=["ask:another"]), state(BALL), False)
    assert "card" not in respond_with(Reply([Line("goodbye")], end_session=True), state(), False)
