"""Bad input gets a 4xx with a reason or a valid Alexa response: never a 500, never a trace."""
from __future__ import annotations

import json

import pytest

from release_coach.settings import Settings
from release_coach.web.app import MAX_BODY_BYTES, create_app
from web_helpers import SKILL_ID, assert_valid_alexa_response, body_of, envelope


def _signed_post(client, local_ca, body: bytes, content_type="application/json; charset=utf-8"):
    headers = local_ca.signed_headers(body) | {"Content-Type": content_type}
    return client.post("/", data=body, headers=headers)


def _assert_client_error(response, status: int, reason_fragment: str):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert reason_fragment in response.get_json()["error"]
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"this is not json", "not JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 50_000 + b"]" * 50_000, "not JSON"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b"{}", "no version"),
        (b'{"version": "1.0"}', "no request object"),
        (b'{"version": "1.0", "request": {"requestId": "r", "timestamp": "t"}}', "no type"),
        (b'{"version": "1.0", "request": {"type": "LaunchRequest", "timestamp": "t"}}', "no requestId"),
        (b'{"version": "1.0", "request": {"type": "LaunchRequest", "requestId": "r"}}', "no timestamp"),
        (
            b'{"version": "1.0", "request": {"type": "LaunchRequest", "requestId": "r", "timestamp": "t"}}',
            "no context.System",
        ),
    ],
)
def test_malformed_body_is_refused_with_reason(verified_client, local_ca, body, reason):
    _assert_client_error(_signed_post(verified_client, local_ca, body), 400, reason)


def test_wrong_content_type_is_refused(verified_client, local_ca):
    body = body_of(envelope("LaunchRequest"))
    response = _signed_post(verified_client, local_ca, body, content_type="text/plain")
    _assert_client_error(response, 415, "application/json")


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "application/json; charset=UTF-8",
    "Application/JSON;charset=utf-8", "application/json ; charset=utf-8",
])
def test_json_content_type_in_any_spelling_is_answered(verified_client, local_ca, content_type):
    response = _signed_post(verified_client, local_ca, body_of(envelope("LaunchRequest")), content_type)
    assert response.status_code == 200
    assert_valid_alexa_response(response.get_data())


@pytest.mark.parametrize("content_type", [
    "application/jsonx; charset=utf-8", "application/json-patch+json", "text/json; charset=utf-8", "",
])
def test_near_json_content_type_is_refused(verified_client, local_ca, content_type):
    response = _signed_post(verified_client, local_ca, body_of(envelope("LaunchRequest")), content_type)
    _assert_client_error(response, 415, "application/json")


def test_body_over_the_cap_is_refused_with_413(verified_client, local_ca):
    document = envelope("LaunchRequest")
    document["session"]["attributes"]["padding"] = "x" * MAX_BODY_BYTES
    _assert_client_error(_signed_post(verified_client, local_ca, body_of(document)), 413, "larger than")


def test_envelope_off_schema_is_refused(verified_client, local_ca):
    document = envelope("LaunchRequest")
    document["session"]["new"] = {"not": "a boolean"}
    document["request"]["locale"] = ["en-US"]
    document["context"]["System"]["device"] = "not an object"
    _assert_client_error(_signed_post(verified_client, local_ca, body_of(document)), 400, "schema")


@pytest.mark.parametrize(
    "stamp, reason",
    [
        ("not a time", "is not valid"),
        ("2024-01-01T00:00:00+99:00", "is not valid"),
        ("0001-01-01T00:00:00+23:59", "is out of range"),
        ("9999-12-31T23:59:59-23:59", "is out of range"),
        ("2024-01-01T00:00:00Z", "is out of range"),
    ],
)
def test_timestamp_that_does_not_parse_or_is_stale_is_a_400(verified_client, local_ca, stamp, reason):
    document = envelope("LaunchRequest", timestamp=stamp)
    response = _signed_post(verified_client, local_ca, body_of(document))
    _assert_client_error(response, 400, f"request timestamp {reason}")


@pytest.mark.parametrize("with_session", [True, False])
@pytest.mark.parametrize(
    "request_type, speech_allowed",
    [
        ("AudioPlayer.PlaybackStarted", False),
        ("AudioPlayer.PlaybackFailed", False),
        ("System.ExceptionEncountered", False),
        ("Alexa.Presentation.APL.UserEvent", True),
        ("CanFulfillIntentRequest", False),
    ],
)
def test_unusual_request_types_get_a_valid_response(verified_client, local_ca, request_type, speech_allowed, with_session):
    document = envelope(request_type)
    if not with_session:  # Alexa sends events outside any session
        del document["session"]
    response = _signed_post(verified_client, local_ca, body_of(document))
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = assert_valid_alexa_response(response.get_data())["response"]
    if not speech_allowed:
        assert "outputSpeech" not in answer and "reprompt" not in answer


def test_made_up_request_type_is_refused(verified_client, local_ca):
    response = _signed_post(verified_client, local_ca, body_of(envelope("Made.Up.RequestType")))
    _assert_client_error(response, 400, "schema")


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_on_the_skill_endpoint_get_405(verified_client, method):
    response = getattr(verified_client, method)("/")
    _assert_client_error(response, 405, "method not allowed")


def test_unknown_path_gets_404(verified_client):
    _assert_client_error(verified_client.get("/nowhere"), 404, "not found")


def test_healthz_reports_version_and_verification(verified_client):
    response = verified_client.get("/healthz")
    assert response.status_code == 200
    payload = response.get_json()
    assert payload["status"] == "ok"
    assert payload["version"][0].isdigit()
    assert payload["verification"] == "on"


def test_production_app_needs_a_skill_id(skill):
    with pytest.raises(ValueError, match="SKILL_ID"):
        create_app(Settings(skill_id=None), skill=skill)


def test_dev_app_answers_unsigned_requests_but_still_checks_the_skill_id(skill):
    client = create_app(Settings(skill_id=SKILL_ID), dev=True, skill=skill).test_client()
    answered = client.post("/", data=body_of(envelope("LaunchRequest")), content_type="application/json")
    assert answered.status_code == 200
    assert_valid_alexa_response(answered.get_data())
    assert client.get("/healthz").get_json()["verification"] == "off"
    foreign = client.post(
        "/", data=body_of(envelope("LaunchRequest", application_id="amzn1.ask.skill.other")),
        content_type="application/json",
    )
    assert foreign.status_code == 400


class _BrokenSkillError(RuntimeError):
    pass


def test_skill_that_breaks_on_a_verified_request_still_answers(local_ca, settings, caplog):
    from ask_sdk_core.dispatch_components import AbstractRequestHandler
    from ask_sdk_core.skill_builder import SkillBuilder

    class Explodes(AbstractRequestHandler):
        def can_handle(self, handler_input):
            return True

        def handle(self, handler_input):
            raise _BrokenSkillError("handler bug")

    builder = SkillBuilder()
    builder.add_request_handler(Explodes())
    app = create_app(settings, skill=builder.create(), signature_verifier=local_ca.signature_verifier())
    client = app.test_client()

    spoken = _signed_post(client, local_ca, body_of(envelope("LaunchRequest")))
    assert spoken.status_code == 200
    assert "Sorry" in assert_valid_alexa_response(spoken.get_data())["response"]["outputSpeech"]["ssml"]
    event = _signed_post(client, local_ca, body_of(envelope("System.ExceptionEncountered")))
    assert event.status_code == 200
    assert json.loads(event.get_data()) == {"version": "1.0", "response": {}}
    assert "handler bug" not in spoken.get_data(as_text=True)
    assert any("skill failed" in r.getMessage() for r in caplog.records)


def test_request_no_handler_takes_gets_an_empty_response(local_ca, settings):
    from ask_sdk_core.skill_builder import SkillBuilder
    from ask_sdk_core.utils import is_request_type

    builder = SkillBuilder()

    @builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
    def launch(handler_input):
        return handler_input.response_builder.speak("Hello.").response

    app = create_app(settings, skill=builder.create(), signature_verifier=local_ca.signature_verifier())
    response = _signed_post(app.test_client(), local_ca, body_of(envelope("AudioPlayer.PlaybackStopped")))
    assert response.status_code == 200
    assert json.loads(response.get_data()) == {"version": "1.0", "response": {}}
