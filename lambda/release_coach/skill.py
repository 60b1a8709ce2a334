"""The one skill factory: Lambda, the web service, the console and the tests all build the skill here."""
from __future__ import annotations

import json

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from . import handlers, persistence
from .settings import Settings, set_log_level

_serializer = DefaultSerializer()


def create_skill(settings: Settings | None = None, *, persistence_adapter=None) -> CustomSkill:
    """Build the skill. With no adapter given, the settings choose the store (none, sqlite, dynamodb)."""
    settings = settings or Settings.from_env()
    set_log_level(settings.log_level)
    adapter = persistence_adapter if persistence_adapter is not None else persistence.make_adapter(settings)
    builder = CustomSkillBuilder()
    persistence.interceptors.register(builder, adapter)
    for handler in handlers.request_handlers():
        builder.add_request_handler(handler)
    builder.add_exception_handler(handlers.SpokenErrorHandler())
    builder.skill_id = settings.skill_id
    return builder.create()


def handle_event(skill: CustomSkill, event: dict, context=None) -> dict:
    """A request envelope as a dict in, the response envelope as a dict out."""
    envelope = _serializer.deserialize(json.dumps(event), RequestEnvelope)
    return _serializer.serialize(skill.invoke(request_envelope=envelope, context=context))
