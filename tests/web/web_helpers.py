"""Envelopes and response checks shared by the web tests."""
from __future__ import annotations

import contextlib
import json
import socket
import threading
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta, timezone

SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000005"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-0000-4000-8000-000000000099"
MAX_RESPONSE_BYTES = 24 * 1024
MAX_SPEECH_CHARS = 8000


def alexa_timestamp(offset_seconds: float = 0) -> str:
    moment = datetime.now(timezone.utc) + timedelta(seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    request_type: str = "LaunchRequest",
    *,
    application_id: str = SKILL_ID,
    timestamp: str | None = None,
    new_session: bool = True,
    **request_fields,
) -> dict:
    application = {"applicationId": application_id}
    user = {"userId": "amzn1.ask.account.web-test"}
    return {
        "version": "1.0",
        "session": {
            "new": new_session,
            "sessionId": "amzn1.echo-api.session.web-test",
            "application": application,
            "user": user,
            "attributes": {},
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.web-test", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": request_type,
            "requestId": "amzn1.echo-api.request.web-test",
            "timestamp": timestamp or alexa_timestamp(),
            "locale": "en-US",
            **request_fields,
        },
    }


def intent_request(name: str, slots: dict | None = None, **fields) -> dict:
    intent = {"name": name, "confirmationStatus": "NONE"}
    if slots is not None:
        intent["slots"] = slots
    return envelope("IntentRequest", intent=intent, dialogState="STARTED", new_session=False, **fields)


def body_of(document: dict) -> bytes:
    return json.dumps(document).encode("utf-8")


def assert_valid_alexa_response(http_body: bytes) -> dict:
    """An Alexa-acceptable response: size cap, version, speech length, SSML that parses."""
    assert len(http_body) <= MAX_RESPONSE_BYTES, f"response is {len(http_body)} bytes"
    document = json.loads(http_body)
    assert document.get("version") == "1.0"
    response = document.get("response")
    assert isinstance(response, dict)
    for speech in (response.get("outputSpeech"), (response.get("reprompt") or {}).get("outputSpeech")):
        if speech is None:
            continue
        if speech["type"] == "SSML":
            ssml = speech["ssml"]
            assert len(ssml) <= MAX_SPEECH_CHARS
            root = ElementTree.fromstring(ssml)
            assert root.tag == "speak"
        else:
            assert speech["type"] == "PlainText"
            assert len(speech["text"]) <= MAX_SPEECH_CHARS
    if response.get("shouldEndSession") is False:
        assert "reprompt" in response, "an open session needs a reprompt"
    return document


@contextlib.contextmanager
def loopback_server(respond):
    """A TCP server on 127.0.0.1 calling respond(connection) per connection, in threads; yields
    http://127.0.0.1:PORT and stops (closing every connection) on exit."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stopping = threading.Event()
    connections: list[socket.socket] = []

    def handle(connection: socket.socket) -> None:
        try:
            respond(connection)
        except OSError:
            pass
        finally:
            connection.close()

    def accept_loop() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            connections.append(connection)
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        thread.join(2)
        listener.close()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
