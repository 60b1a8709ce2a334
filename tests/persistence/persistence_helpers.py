"""Request envelopes and a small skill that exercise the persistence layer end to end.

The skill here is deliberately tiny: it only reads and writes user attributes, so these tests
pin the interceptors' behaviour independently of the real handlers.
"""
from __future__ import annotations

import json
import uuid

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import RequestEnvelope

from release_coach.persistence import forget_user, register, user_attributes

SERIALIZER = DefaultSerializer()


def envelope_dict(user_id="amzn1.ask.account.TEST", request_type="LaunchRequest", intent=None,
                  session_id=None, session_attributes=None, new_session=True):
    session_id = session_id or f"amzn1.echo-api.session.{uuid.uuid4()}"
    request = {
        "type": request_type,
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": "2024-01-01T00:00:00Z",
        "locale": "en-US",
    }
    if intent:
        request["intent"] = {"name": intent, "confirmationStatus": "NONE", "slots": {}}
    application = {"applicationId": "amzn1.ask.skill.TEST"}
    return {
        "version": "1.0",
        "session": {
            "new": new_session,
            "sessionId": session_id,
            "application": application,
            "attributes": session_attributes or {},
            "user": {"userId": user_id},
        },
        "context": {
            "System": {
                "application": application,
                "user": {"userId": user_id},
                "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": request,
    }


def envelope(user_id="amzn1.ask.account.TEST", **kwargs) -> RequestEnvelope:
    return SERIALIZER.deserialize(json.dumps(envelope_dict(user_id, **kwargs)), RequestEnvelope)


class _Launch(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        attributes = user_attributes(handler_input)
        attributes["launches"] = attributes.get("launches", 0) + 1
        speech = f"Launch number {attributes['launches']}."
        return handler_input.response_builder.speak(speech).ask("Say next.").response


class _Next(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NextIntent")(handler_input)

    def handle(self, handler_input):
        launches = user_attributes(handler_input).get("launches", 0)
        return handler_input.response_builder.speak(f"Still {launches}.").ask("Say next.").response


class _Forget(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input):
        speech = "Forgotten." if forget_user(handler_input) else "Could not forget."
        return handler_input.response_builder.speak(speech).set_should_end_session(True).response


class _SessionEnded(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.response


def build_skill(adapter):
    builder = CustomSkillBuilder()
    register(builder, adapter)
    builder.add_request_handler(_Launch())
    builder.add_request_handler(_Next())
    builder.add_request_handler(_Forget())
    builder.add_request_handler(_SessionEnded())
    return builder.create()


def invoke(skill, event: dict) -> dict:
    request = SERIALIZER.deserialize(json.dumps(event), RequestEnvelope)
    return SERIALIZER.serialize(skill.invoke(request_envelope=request, context=None))


class Conversation:
    """One Alexa session: session attributes from each response flow into the next request."""

    def __init__(self, skill, user_id="amzn1.ask.account.TEST"):
        self.skill = skill
        self.user_id = user_id
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.attributes = {}
        self.turns = 0

    def send(self, request_type="IntentRequest", intent=None) -> dict:
        event = envelope_dict(
            self.user_id, request_type=request_type, intent=intent, session_id=self.session_id,
            session_attributes=self.attributes, new_session=self.turns == 0,
        )
        self.turns += 1
        response = invoke(self.skill, event)
        self.attributes = response.get("sessionAttributes") or {}
        return response

    def launch(self) -> dict:
        return self.send("LaunchRequest")


def spoken(response: dict) -> str:
    return response["response"]["outputSpeech"]["ssml"]
