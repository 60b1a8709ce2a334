import xml.etree.ElementTree as ET

import pytest

from release_coach.console.conversation import Conversation
from release_coach.console.envelope import Identity
from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model
from release_coach.speech.timeline import MAX_BREAK_SECONDS, timeline

from flow_helpers import RecordingLambdaTransport, load_flows

MAX_RESPONSE_BYTES = 24 * 1024
MATCHER = Matcher(load_model("en-US"))


def check_limits(response: dict) -> None:
    import json

    assert len(json.dumps(response).encode()) <= MAX_RESPONSE_BYTES
    body = response["response"]
    for key in ("outputSpeech", "reprompt"):
        speech = body.get(key, {})
        speech = speech.get("outputSpeech", speech)
        if speech.get("ssml"):
            ET.fromstring(speech["ssml"])
            assert len(speech["ssml"]) <= 8000
            assert all(e.seconds <= MAX_BREAK_SECONDS for e in timeline(speech["ssml"]) if e.kind == "break")
    if body.get("outputSpeech") and not body.get("shouldEndSession"):
        assert body.get("reprompt"), "a response that keeps the session open must carry a reprompt"


@pytest.mark.parametrize("flow", load_flows())
def test_flow(flow, lambda_handler):
    transport = RecordingLambdaTransport(lambda_handler)
    conversation = Conversation(MATCHER, transport, Identity(skill_id="amzn1.ask.skill.flows", user="flows"), "en-US")
    for number, turn in enumerate(flow["turns"], 1):
        for _ in range(turn.get("times", 1)):
            heard = conversation.hear(turn["say"])
            where = f"turn {number} ({turn['say']!r}): heard {heard.speech!r}"
            assert heard.error is None, where
            response = transport.last
            check_limits(response)
            said = (response.get("sessionAttributes") or {}).get("reply", [])
            for expected in turn.get("expect", []):
                assert expected in said, f"{where}; expected {expected!r} in {said}"
            for unexpected in turn.get("never", []):
                assert unexpected not in said, f"{where}; did not expect {unexpected!r} in {said}"
            if "intent" in turn:
                assert heard.request["intent"]["name"] == turn["intent"], where
            if "end" in turn:
                assert bool(response["response"].get("shouldEndSession")) == turn["end"], where
            for words in turn.get("hear", []):
                assert words.lower() in heard.speech.lower(), where
