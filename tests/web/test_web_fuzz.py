"""Property-based: over 10,000 generated and mutated requests per run, never a 500, and every 200
is a response Alexa would accept (at most 24 KB, speech at most 8000 characters, SSML that parses).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from release_coach.skill import handle_event
from release_coach.web.app import create_app
from release_coach.web.local_ca import CHAIN_URL
from release_coach.web.verifier import SIGNATURE_CERT_CHAIN_URL_HEADER, SIGNATURE_HEADER
from web_helpers import (
    OTHER_SKILL_ID,
    SKILL_ID,
    alexa_timestamp,
    assert_valid_alexa_response,
    body_of,
    envelope,
    intent_request,
)

ENVELOPE_EXAMPLES = 6000
BODY_MUTATION_EXAMPLES = 3000
HEADER_EXAMPLES = 1200
FUZZ_SETTINGS = dict(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MODEL_PATH = Path(__file__).resolve().parents[2] / "interactionModels" / "custom" / "en-US.json"
BUILT_IN_INTENTS = [
    "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.FallbackIntent",
    "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent",
    "AMAZON.RepeatIntent", "AMAZON.NextIntent", "AMAZON.StartOverIntent", "AMAZON.NavigateHomeIntent",
]
REQUEST_TYPES = [
    "LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest",
    "System.ExceptionEncountered", "AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackFinished",
    "AudioPlayer.PlaybackStopped", "AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFailed",
    "PlaybackController.PlayCommandIssued", "Alexa.Presentation.APL.UserEvent",
    "Connections.Response", "Dialog.API.Invoked", "Messaging.MessageReceived",
]


LANGUAGE_MODEL = json.loads(MODEL_PATH.read_text())["interactionModel"]["languageModel"]
INTENTS = [(i["name"], [s["name"] for s in i.get("slots", [])]) for i in LANGUAGE_MODEL["intents"]]
INTENTS += [(name, []) for name in BUILT_IN_INTENTS if name not in {n for n, _ in INTENTS}]
SLOT_TYPES = {
    slot["name"]: slot["type"] for intent in LANGUAGE_MODEL["intents"] for slot in intent.get("slots", [])
}
TYPE_VALUES = {
    slot_type["name"]: [(value["id"], value["name"]["value"]) for value in slot_type["values"]]
    for slot_type in LANGUAGE_MODEL.get("types", [])
}


def resolved_slot(name: str, value_id: str, value: str) -> dict:
    """A custom slot as Alexa sends it once entity resolution matched a value of the model."""
    authority = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{SLOT_TYPES[name]}"
    return {
        "name": name, "value": value, "confirmationStatus": "NONE",
        "resolutions": {"resolutionsPerAuthority": [{
            "authority": authority, "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": value, "id": value_id}}],
        }]},
    }

json_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = json_leaves | st.lists(json_leaves, max_size=3) | st.dictionaries(st.text(max_size=8), json_leaves, max_size=3)
slot_values = st.one_of(st.text(max_size=30), st.sampled_from(["PT30S", "PT2M", "PT1M30S", "P1D", "five", "?", ""]))


@st.composite
def slots(draw, names: list[str]):
    chosen = draw(st.lists(st.sampled_from(names + ["unknownSlot"]), max_size=3, unique=True))
    result = {}
    for name in chosen:
        custom_values = TYPE_VALUES.get(SLOT_TYPES.get(name, ""))
        if custom_values and draw(st.booleans()):
            result[name] = resolved_slot(name, *draw(st.sampled_from(custom_values)))
            continue
        slot = {"name": name, "confirmationStatus": "NONE"}
        if draw(st.booleans()):
            slot["value"] = draw(slot_values)
        result[name] = slot
    return result


@st.composite
def alexa_envelopes(draw, conversation_states: list[dict]):
    # Mostly real types, so most examples reach the skill rather than the schema check.
    request_type = draw(st.sampled_from(REQUEST_TYPES + ["made-up"]))
    if request_type == "made-up":
        request_type = draw(st.text(max_size=30))
    fields = {}
    if request_type in ("IntentRequest", "CanFulfillIntentRequest"):
        name, slot_names = draw(st.sampled_from(INTENTS) | st.tuples(st.text(max_size=30), st.just([])))
        intent = {"name": name, "confirmationStatus": draw(st.sampled_from(["NONE", "CONFIRMED", "DENIED"]))}
        if draw(st.booleans()):
            intent["slots"] = draw(slots(slot_names))
        fields["intent"] = intent
        fields["dialogState"] = draw(st.sampled_from(["STARTED", "IN_PROGRESS", "COMPLETED"]))
    if request_type == "SessionEndedRequest":
        fields["reason"] = draw(st.sampled_from(["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"]))
    fields["locale"] = draw(st.sampled_from(["en-US", "en-GB", "de-DE", ""]))
    document = envelope(
        request_type,
        application_id=draw(st.sampled_from([SKILL_ID] * 9 + [OTHER_SKILL_ID])),
        timestamp=alexa_timestamp(draw(st.sampled_from([0] * 12 + [-60, -149, -400, 400]))),
        new_session=draw(st.booleans()),
        **fields,
    )
    # Half start from a state a real conversation reached (mid-routine, mid-hold, screening...),
    # so deep handlers and the longest spoken holds are reached, not only the welcome.
    if draw(st.booleans()):
        document["session"]["attributes"] = draw(st.sampled_from(conversation_states))
        document["session"]["new"] = False
    else:
        document["session"]["attributes"] = draw(st.dictionaries(st.text(max_size=12), json_values, max_size=3))
    for path in draw(st.lists(st.sampled_from(_REMOVABLE), max_size=1)):
        _remove(document, path)
    return document


_REMOVABLE = [
    ("session",), ("context",), ("session", "user"), ("context", "System", "user"),
    ("context", "System", "device"), ("request", "locale"), ("request", "intent", "name"),
    ("session", "attributes"), ("context", "System", "application"), ("session", "application"),
]


def _remove(document: dict, path: tuple[str, ...]) -> None:
    holder = document
    for key in path[:-1]:
        holder = holder.get(key)
        if not isinstance(holder, dict):
            return
    holder.pop(path[-1], None)


@pytest.fixture(scope="module")
def fuzz_client(local_ca, settings, skill):
    return create_app(settings, skill=skill, signature_verifier=local_ca.signature_verifier()).test_client()


CONVERSATION_WALK = ["AMAZON.NoIntent"] * 9 + ["AMAZON.NextIntent"] * 6 + [
    "LongerHoldsIntent", "AMAZON.NextIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "TimeLeftIntent",
]


@pytest.fixture(scope="module")
def conversation_states(skill) -> list[dict]:
    """Session attributes from walking each routine with the real skill."""
    states = []
    for routine_id, routine in TYPE_VALUES["ROUTINE"]:
        attributes = handle_event(skill, envelope("LaunchRequest")).get("sessionAttributes", {})
        start = ("StartRoutineIntent", {"routine": resolved_slot("routine", routine_id, routine)})
        for intent_name, intent_slots in [start] + [(name, {}) for name in CONVERSATION_WALK]:
            request = intent_request(intent_name, intent_slots)
            request["session"]["attributes"] = attributes
            response = handle_event(skill, request)
            if response["response"].get("shouldEndSession"):
                break
            attributes = response.get("sessionAttributes", {})
            states.append(attributes)
    assert len(states) > 20
    return states


def _check(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    if response.status_code == 200:
        assert_valid_alexa_response(response.get_data())
    else:
        assert response.status_code in (400, 413, 415)
        assert response.get_json()["error"]


def test_generated_envelopes_never_break_the_service(fuzz_client, local_ca, conversation_states):
    examples = []

    @hypothesis_settings(max_examples=ENVELOPE_EXAMPLES, **FUZZ_SETTINGS)
    @given(alexa_envelopes(conversation_states))
    def check(document):
        examples.append(document)
        body = body_of(document)
        _check(fuzz_client.post("/", data=body, headers=local_ca.signed_headers(body)))

    check()
    assert len(examples) >= ENVELOPE_EXAMPLES
    assert any(doc["request"]["type"] == "IntentRequest" for doc in examples)


# Mutations start from a fixed spread of well-formed requests: generating a fresh envelope for
# each would triple the run time and add nothing the envelope test does not already cover.
SEED_BODIES = [
    body_of(document)
    for document in (
        envelope("LaunchRequest"),
        envelope("SessionEndedRequest", reason="USER_INITIATED"),
        envelope("System.ExceptionEncountered"),
        *(envelope("IntentRequest", intent={"name": name, "slots": {}}, new_session=False) for name, _ in INTENTS),
    )
]


@st.composite
def mutated_bodies(draw):
    body = bytearray(draw(st.sampled_from(SEED_BODIES)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        position = draw(st.integers(min_value=0, max_value=len(body)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip" and position < len(body):
            body[position] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif action == "cut":
            del body[position:]
        elif action == "insert":
            body[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del body[position : position + draw(st.integers(min_value=1, max_value=16))]
    return bytes(body), draw(st.booleans())


def test_mutated_bodies_never_break_the_service(fuzz_client, local_ca):
    examples = []

    @hypothesis_settings(max_examples=BODY_MUTATION_EXAMPLES, **FUZZ_SETTINGS)
    @given(mutated_bodies())
    def check(mutation):
        body, signed_after_mutation = mutation
        examples.append(body)
        headers = local_ca.signed_headers(body if signed_after_mutation else b"original")
        _check(fuzz_client.post("/", data=body, headers=headers))

    check()
    assert len(examples) >= BODY_MUTATION_EXAMPLES


header_text = st.text(max_size=80) | st.sampled_from(
    [CHAIN_URL, CHAIN_URL.upper(), "https://s3.amazonaws.com/echo.api/", "https://s3.amazonaws.com:/echo.api/x",
     "https://[::1/echo.api/x", "https://s3.amazonaws.com/echo.api/%00", "==", "", " "]
)


def test_generated_headers_never_break_the_service(fuzz_client, local_ca):
    examples = []
    body = body_of(envelope("LaunchRequest"))

    @hypothesis_settings(max_examples=HEADER_EXAMPLES, **FUZZ_SETTINGS)
    @given(
        st.fixed_dictionaries({}, optional={
            SIGNATURE_CERT_CHAIN_URL_HEADER: header_text,
            SIGNATURE_HEADER: header_text | st.just(local_ca.sign(body)),
            "Content-Type": st.sampled_from(["application/json", "text/plain", "application/json; charset=latin-1", ""]),
        })
    )
    def check(headers):
        examples.append(headers)
        safe_headers = {k: v for k, v in headers.items() if v.isprintable() and "\n" not in v}
        _check(fuzz_client.post("/", data=body, headers=safe_headers))

    check()
    assert len(examples) >= HEADER_EXAMPLES
    assert ENVELOPE_EXAMPLES + BODY_MUTATION_EXAMPLES + HEADER_EXAMPLES >= 10_000
