"""Odd requests get a spoken, helpful answer; nothing ever raises out of lambda_handler."""
import logging
import xml.etree.ElementTree as ET

import pytest

from envelopes import envelope, intent
from release_coach import handlers
from release_coach.skill import create_skill, handle_event
from release_coach.settings import Settings


@pytest.fixture
def skill():
    return create_skill(Settings(persistence="memory"))


def speak(skill, request, attributes=None, **kw):
    out = handle_event(skill, envelope(request, attributes, **kw))
    body = out["response"]
    ssml = body.get("outputSpeech", {}).get("ssml", "")
    if ssml:
        ET.fromstring(ssml)
    return out, body, ssml


@pytest.mark.parametrize("request_", [
    intent("NoSuchIntent"),
    intent("StartRoutineIntent"),
    intent("StartRoutineIntent", routine="trampoline"),
    intent("SessionPlanIntent", duration="PT0S"),
    intent("SessionPlanIntent", duration="PT10H"),
    intent("SessionPlanIntent", duration="nonsense"),
    intent("SessionPlanIntent", duration="PT?M"),
    intent("SetHoldIntent", duration="PT10M"),
    intent("SetHoldIntent", duration="PT0S"),
    intent("SetHoldIntent"),
    intent("SwitchSideIntent", side="upside down"),
    intent("AMAZON.NextIntent"),
    intent("AMAZON.PreviousIntent"),
    intent("AMAZON.ResumeIntent"),
    intent("AMAZON.YesIntent"),
    intent("AMAZON.NoIntent"),
    intent("AMAZON.RepeatIntent"),
    intent("AMAZON.StartOverIntent"),
    intent("TimeLeftIntent"),
    {"type": "Alexa.Presentation.APL.UserEvent", "token": "t", "arguments": ["tap"]},
], ids=lambda r: r.get("intent", {}).get("name", r["type"]) + str(r.get("intent", {}).get("slots", "")))
@pytest.mark.parametrize("attributes", [None, {}, {"coach": "garbage"},
                                        {"coach": {"routines": ["nope"], "pos": -5, "scale": "x", "ask": 7,
                                                   "pending": [1], "timed_at": "now", "sides_done": 3}}],
                         ids=["no-attributes", "empty", "garbage", "bad-fields"])
def test_odd_requests_get_a_spoken_answer_and_a_reprompt(skill, request_, attributes):
    out, body, ssml = speak(skill, request_, attributes)
    assert ssml and "went wrong" not in ssml
    assert body.get("shouldEndSession") in (None, False)
    assert body["reprompt"]["outputSpeech"]["ssml"]


def test_a_request_without_a_session_is_answered(skill):
    _, body, ssml = speak(skill, {"type": "LaunchRequest"}, with_session=False)
    assert "Welcome" in ssml


def test_can_fulfill_says_yes_for_our_intents_and_no_for_others(skill):
    out, body, _ = speak(skill, {**intent("StartRoutineIntent", routine="ball"), "type": "CanFulfillIntentRequest"})
    assert body["canFulfillIntent"]["canFulfill"] == "YES"
    out, body, _ = speak(skill, {**intent("OrderPizzaIntent"), "type": "CanFulfillIntentRequest"})
    assert body["canFulfillIntent"]["canFulfill"] == "NO"
    assert "outputSpeech" not in body


def test_session_ended_is_silent_and_logs_the_error(skill, caplog):
    caplog.set_level(logging.INFO, logger="release_coach")
    request = {"type": "SessionEndedRequest", "reason": "ERROR",
               "error": {"type": "INVALID_RESPONSE", "message": "boom"}}
    out, body, ssml = speak(skill, request, {})
    assert not ssml
    assert "INVALID_RESPONSE" in caplog.text and "boom" in caplog.text


def test_the_exception_handler_speaks_a_recovery_line_and_logs(skill, monkeypatch, caplog):
    from release_coach.domain.coach import Coach

    def broken(self):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(Coach, "hear", lambda self, answer: broken(self))
    out, body, ssml = speak(skill, intent("AMAZON.NextIntent"), {})
    assert "went wrong" in ssml and body["reprompt"]
    assert "kaboom" in caplog.text
    assert body.get("shouldEndSession") in (None, False)


def test_an_envelope_for_another_skill_is_refused_when_the_id_is_set():
    from ask_sdk_core.exceptions import AskSdkException

    guarded = create_skill(Settings(skill_id="amzn1.ask.skill.mine"))
    with pytest.raises(AskSdkException):
        handle_event(guarded, envelope({"type": "LaunchRequest"}))


def test_every_intent_of_the_model_means_a_kind_of_answer_the_coach_knows():
    import json
    from pathlib import Path

    from release_coach.domain.dialog.answers import KINDS

    model = json.loads((Path(__file__).resolve().parents[2] / "interactionModels" / "custom" / "en-US.json")
                       .read_text())["interactionModel"]["languageModel"]
    for intent in model["intents"]:
        assert handlers.handles(intent["name"]), intent["name"]
    for name, read in handlers.ANSWERS.items():
        assert read.__code__.co_consts is not None and name  # every entry is a reader
    kinds = {handlers.ANSWERS[n](None).kind for n in handlers.ANSWERS if handlers.ANSWERS[n].__code__.co_argcount
             and n in ("AMAZON.NextIntent", "AMAZON.YesIntent", "AcknowledgeIntent", "AMAZON.PauseIntent")}
    assert kinds == {"next", "yes", "ack", "wait"} and kinds <= set(KINDS)


@pytest.mark.parametrize("heard", ["\x01tram\x0bpoline<&>\ud800", "x" * 10000, "  ", "?"])
def test_whatever_is_heard_in_a_slot_never_breaks_the_ssml(skill, heard):
    out, body, ssml = speak(skill, intent("StartRoutineIntent", routine=heard), {})
    assert len(ssml) <= 8000
    ET.fromstring(ssml)
    assert body["reprompt"]


def test_the_speaking_pace_wraps_speech_and_reprompt_and_carries_to_the_next_turn(skill):
    out, body, ssml = speak(skill, intent("SlowerIntent"), {})
    assert ssml.startswith('<speak><prosody rate="90%">')
    assert body["reprompt"]["outputSpeech"]["ssml"].startswith('<speak><prosody rate="90%">')
    _, _, later = speak(skill, intent("AMAZON.HelpIntent"), out["sessionAttributes"])
    assert later.startswith('<speak><prosody rate="90%">')
