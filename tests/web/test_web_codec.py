"""PlannedSerializer gives what ask-sdk-core's DefaultSerializer gives: the same models (classes,
attributes, datetimes and their zones), the same failures and the same serialized responses,
on real and mutated envelopes, and timestamps read as dateutil reads them in several zones."""
from __future__ import annotations

import copy
import json
import time
from datetime import datetime

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope, ResponseEnvelope
from dateutil.parser import parse as dateutil_parse
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from release_coach.web.app import create_app
from release_coach.web.envelope_codec import PlannedSerializer, read_timestamp
from web_helpers import body_of, envelope, intent_request

SETTINGS = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
DEFAULT = DefaultSerializer()
PLANNED = PlannedSerializer()


def shape(value):
    """A value's full structure: classes, attributes, and each datetime's zone by name."""
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), repr(value.tzinfo), value.fold)
    if isinstance(value, list):
        return [shape(item) for item in value]
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__qualname__, {key: shape(item) for key, item in vars(value).items()})
    return (type(value).__name__, value)


def outcome(decode):
    try:
        return shape(decode())
    except SerializationException:
        return "SerializationException"


def both_read(document) -> None:
    default = outcome(lambda: DEFAULT.deserialize(json.dumps(document), RequestEnvelope))
    planned = outcome(lambda: PLANNED.from_json_value(copy.deepcopy(document), RequestEnvelope))
    assert planned == default
    assert outcome(lambda: PLANNED.deserialize(json.dumps(document), RequestEnvelope)) == default


FIXED = [
    envelope("LaunchRequest"),
    intent_request("AMAZON.HelpIntent"),
    intent_request("StartRoutineIntent", {"routine": {"name": "routine", "value": "breathing"}}),
    envelope("SessionEndedRequest", reason="USER_INITIATED"),
    envelope("AudioPlayer.PlaybackStarted", token="t", offsetInMilliseconds=5),
    envelope("System.ExceptionEncountered", error={"type": "INVALID_RESPONSE", "message": "m"}),
    envelope("Alexa.Presentation.APL.UserEvent", arguments=["a", 1, {"b": None}]),
    envelope("made-up-type"),
    envelope("LaunchRequest", timestamp="2026-02-30T10:00:00Z"),
    envelope("LaunchRequest", timestamp="2026-12-02T10:00:00.123456Z"),
    envelope("LaunchRequest", timestamp="2026-12-02T10:00:00+02:00"),
    envelope("LaunchRequest", timestamp="not a time"),
]


@pytest.mark.parametrize("document", FIXED, ids=range(len(FIXED)))
def test_fixed_envelopes_read_the_same(document):
    both_read(document)


json_leaves = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["2026-12-02T10:00:00Z", "LaunchRequest", "IntentRequest"])
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=6,
)
# Keys the SDK's models know, so mutations land where the deserializer reads.
model_keys = st.sampled_from([
    "version", "session", "context", "request", "System", "application", "applicationId", "user",
    "device", "supportedInterfaces", "type", "timestamp", "intent", "slots", "name", "value",
    "attributes", "new", "locale", "resolutions", "reason", "error", "token", "application_id",
    "system", "apiEndpoint", "attribute_map", "__class__",
]) | st.text(max_size=8)


def _containers(document, path=()):
    yield path, document
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _containers(value, path + (key,))


@st.composite
def mutated_envelopes(draw):
    document = copy.deepcopy(draw(st.sampled_from(FIXED)))
    for _ in range(draw(st.integers(1, 4))):
        places = [(path, holder) for path, holder in _containers(document) if isinstance(holder, dict)]
        _, holder = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["set", "delete", "retype"]))
        if action == "delete" and holder:
            holder.pop(draw(st.sampled_from(sorted(holder))))
        elif action == "retype" and holder:
            holder[draw(st.sampled_from(sorted(holder)))] = draw(json_values)
        else:
            holder[draw(model_keys)] = draw(json_values)
    return document


@hypothesis_settings(max_examples=1500, **SETTINGS)
@given(mutated_envelopes())
def test_mutated_envelopes_read_the_same_or_fail_the_same(document):
    both_read(document)


def test_a_json_failure_is_the_same_error():
    for payload in ("{", "[1,", "nope"):
        with pytest.raises(SerializationException):
            PLANNED.deserialize(payload, RequestEnvelope)
    assert PLANNED.deserialize(None, RequestEnvelope) is None


stamps = st.builds(
    "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}Z".format,
    st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25),
    st.integers(0, 61), st.integers(0, 61),
    st.sampled_from([""]) | st.from_regex(r"\.[0-9]{1,8}", fullmatch=True),
) | st.text(max_size=25)


def timestamp_outcome(read, text):
    try:
        moment = read(text)
    except (ValueError, OverflowError) as error:
        return type(error).__name__
    return moment.isoformat(), repr(moment.tzinfo), moment.fold, moment.tzname(), moment.utcoffset()


@pytest.fixture(params=["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"])
def local_zone(request, monkeypatch):
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_timestamps_read_as_dateutil_reads_them_in_every_zone(local_zone):
    @hypothesis_settings(max_examples=600, **SETTINGS)
    @given(stamps)
    def check(text):
        assert timestamp_outcome(read_timestamp, text) == timestamp_outcome(dateutil_parse, text)

    check()
    # A zone dateutil calls by the name "UTC" gets tzlocal(); any other gets tz.UTC.
    expected = "tzlocal()" if local_zone == "UTC" else "tzutc()"
    assert repr(read_timestamp("2026-12-02T10:00:00Z").tzinfo) == expected


@pytest.fixture(scope="module")
def responses(skill):
    """Real responses of the skill to a spread of requests, as SDK models."""
    models = []
    for document in FIXED[:7] + [intent_request(name) for name in (
        "AMAZON.StopIntent", "AMAZON.FallbackIntent", "AMAZON.YesIntent", "AMAZON.NoIntent",
        "AMAZON.PauseIntent", "AMAZON.RepeatIntent",
    )]:
        request = DEFAULT.deserialize(json.dumps(document), RequestEnvelope)
        models.append(skill.invoke(request_envelope=request, context=None))
    return models


def test_responses_serialize_to_the_same_json(responses):
    assert len(responses) > 10
    for response in responses:
        assert isinstance(response, ResponseEnvelope)
        default, planned = DEFAULT.serialize(response), PLANNED.serialize(response)
        assert planned == default
        assert json.dumps(planned) == json.dumps(default)


def test_unusual_objects_serialize_as_the_default_does(responses):
    from decimal import Decimal
    from enum import Enum

    class Colour(Enum):
        RED = "red"

    odd = copy.deepcopy(responses[0])
    odd.attribute_map = {"version": "v2"}  # an instance overriding its class: the default's rule
    values = [
        (1, "a", None), datetime(2026, 1, 2, 3, 4), Colour.RED, Decimal("2"), Decimal("2.5"),
        {"nested": [responses[1], {"x": Decimal(1)}]}, odd,
    ]
    for value in values:
        assert PLANNED.serialize(value) == DEFAULT.serialize(value)


def test_a_custom_serializer_on_the_skill_is_still_the_one_used(settings, skill):
    calls = []

    class Recording(DefaultSerializer):
        def deserialize(self, payload, obj_type):
            calls.append("deserialize")
            return super().deserialize(payload, obj_type)

        def serialize(self, obj):
            calls.append("serialize")
            return super().serialize(obj)

    original = skill.serializer
    skill.serializer = Recording()
    try:
        client = create_app(settings, dev=True, skill=skill).test_client()
        response = client.post("/", data=body_of(envelope()), content_type="application/json")
    finally:
        skill.serializer = original
    assert response.status_code == 200
    assert "deserialize" in calls and "serialize" in calls
