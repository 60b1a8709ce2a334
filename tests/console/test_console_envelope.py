"""Envelopes the console builds must be what ask-sdk-model deserialises from a real device."""
import json
from datetime import datetime, timedelta, timezone

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.utils import get_slot, get_slot_value_v2
from ask_sdk_model import IntentRequest, LaunchRequest, RequestEnvelope, SessionEndedRequest
from ask_sdk_model.slu.entityresolution import StatusCode

from release_coach.console import envelope as env

SKILL_ID = "amzn1.ask.skill.test-skill"
IDENTITY = env.Identity(skill_id=SKILL_ID, user="alice")


def deserialise(envelope: dict) -> RequestEnvelope:
    return DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)


def test_launch_request_deserialises_with_every_system_field():
    session = env.Session(attributes={"step": 2})
    parsed = deserialise(env.envelope(env.launch_request("en-US"), session, IDENTITY))
    assert parsed.version == "1.0"
    assert isinstance(parsed.request, LaunchRequest)
    assert parsed.request.locale == "en-US"
    assert parsed.request.request_id.startswith("amzn1.echo-api.request.")
    assert parsed.session.new is True
    assert parsed.session.session_id == session.session_id
    assert parsed.session.attributes == {"step": 2}
    assert parsed.session.application.application_id == SKILL_ID
    assert parsed.session.user.user_id == IDENTITY.user_id
    system = parsed.context.system
    assert system.application.application_id == SKILL_ID
    assert system.user.user_id == IDENTITY.user_id
    assert system.device.device_id.startswith("amzn1.ask.device.")
    assert system.device.supported_interfaces is not None
    assert system.api_endpoint == "https://api.amazonalexa.com"


def test_timestamp_is_now_in_utc():
    parsed = deserialise(env.envelope(env.launch_request("en-US"), env.Session(), IDENTITY))
    stamp = parsed.request.timestamp
    assert stamp.tzinfo is not None
    assert abs(datetime.now(timezone.utc) - stamp) < timedelta(seconds=5)


def test_intent_request_carries_slots_and_entity_resolution(tiny_matcher):
    match = tiny_matcher.match("do the lacrosse ball routine")
    declared = tiny_matcher.model.intents["StartRoutineIntent"].slots
    request = env.intent_request("en-US", match.intent, declared, match.slots, SKILL_ID)
    parsed = deserialise(env.envelope(request, env.Session(), IDENTITY))
    assert isinstance(parsed.request, IntentRequest)
    assert parsed.request.intent.name == "StartRoutineIntent"
    assert parsed.request.intent.confirmation_status.value == "NONE"
    slot = parsed.request.intent.slots["Routine"]
    assert slot.value == "lacrosse ball"
    authority = slot.resolutions.resolutions_per_authority[0]
    assert authority.authority == f"amzn1.er-authority.echo-sdk.{SKILL_ID}.ROUTINE"
    assert authority.status.code == StatusCode.ER_SUCCESS_MATCH
    assert [(v.value.name, v.value.id) for v in authority.values] == [("tennis ball", "TENNIS_BALL")]


def test_unmatched_custom_value_has_no_match_status_and_no_values(tiny_matcher):
    match = tiny_matcher.match("start the kettlebell")
    request = env.intent_request("en-US", match.intent, {"Routine": "ROUTINE"}, match.slots, SKILL_ID)
    slot = deserialise(env.envelope(request, env.Session(), IDENTITY)).request.intent.slots["Routine"]
    authority = slot.resolutions.resolutions_per_authority[0]
    assert authority.status.code == StatusCode.ER_SUCCESS_NO_MATCH
    assert not authority.values


def test_declared_but_unfilled_slots_are_sent_empty_as_alexa_does(tiny_matcher):
    match = tiny_matcher.match("ready")
    request = env.intent_request("en-US", "StartRoutineIntent", {"Routine": "ROUTINE"}, match.slots, SKILL_ID)
    parsed = deserialise(env.envelope(request, env.Session(), IDENTITY))
    assert parsed.request.intent.slots["Routine"].value is None


def test_sdk_helpers_read_slot_values(tiny_matcher):
    from ask_sdk_core.handler_input import HandlerInput

    match = tiny_matcher.match("hold for a minute and a half")
    request = env.intent_request("en-US", match.intent, {"Duration": "AMAZON.DURATION"}, match.slots, SKILL_ID)
    handler_input = HandlerInput(request_envelope=deserialise(env.envelope(request, env.Session(), IDENTITY)))
    assert get_slot(handler_input, "Duration").value == "PT1M30S"
    assert get_slot_value_v2(handler_input, "Duration").value == "PT1M30S"
    assert get_slot(handler_input, "Duration").resolutions is None


def test_session_ended_request_carries_its_reason():
    request = env.session_ended_request("en-US", "EXCEEDED_MAX_REPROMPTS")
    parsed = deserialise(env.envelope(request, env.Session(new=False), IDENTITY))
    assert isinstance(parsed.request, SessionEndedRequest)
    assert parsed.request.reason.value == "EXCEEDED_MAX_REPROMPTS"


def test_user_id_is_stable_per_user_name_and_differs_between_users():
    assert env.Identity(SKILL_ID, "alice").user_id == IDENTITY.user_id
    assert env.Identity(SKILL_ID, "bob").user_id != IDENTITY.user_id
    assert IDENTITY.user_id.startswith("amzn1.ask.account.")


def test_each_request_and_session_gets_a_fresh_id():
    assert env.launch_request("en-US")["requestId"] != env.launch_request("en-US")["requestId"]
    assert env.Session().session_id != env.Session().session_id
