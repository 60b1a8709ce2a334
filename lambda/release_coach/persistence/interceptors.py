"""Load a user's attributes before the handler runs and save them after, so handlers never touch
the store, and a store that fails costs the user their memory for a while, never the session.

Handlers read and change `user_attributes(handler_input)` (a plain dict) and call
`forget_user(handler_input)` for "forget me". `register(skill_builder, adapter)` wires it all up.
"""
from __future__ import annotations

import json
import re

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model.ui import PlainTextOutputSpeech, SsmlOutputSpeech

from ..settings import lazy_logger
from ..speech.ssml import escape

log = lazy_logger(__name__)

# Request attribute: True when this request could not load or save the user's attributes.
STORAGE_ERROR = "storage_error"
# Session attribute: True once the user has been told that progress can't be saved.
STORAGE_WARNED = "storage_warned"
STORAGE_WARNING = "Heads up: I can't save your progress right now, but we can carry on."

MAX_OUTPUT_SPEECH_CHARS = 8000
_STATE = "persistence_state"
_SPEAK_OPENING = r"\s*<speak(?:\s[^>]*)?>"  # compiled by re on first use (cold starts)


class _RequestState:
    """Per request. A plain class: @dataclass would add to every Lambda cold start."""

    __slots__ = ("store_configured", "stored_json", "unsaved")

    def __init__(self, store_configured: bool):
        self.store_configured = store_configured
        # Canonical JSON of what the store holds for this user; None when loading failed, and
        # then nothing is saved: a dict built on an empty stand-in would overwrite the good record.
        self.stored_json: str | None = None
        # The attributes when no store is configured: they live for this request only.
        self.unsaved: dict = {}


def _canonical(attributes) -> str | None:
    try:
        return json.dumps(attributes, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return None


def _state(handler_input) -> _RequestState:
    state = handler_input.attributes_manager.request_attributes.get(_STATE)
    if state is None:
        raise RuntimeError("release_coach.persistence.register() was not called on this skill builder")
    return state


class LoadAttributesInterceptor(AbstractRequestInterceptor):
    def __init__(self, store_configured: bool) -> None:
        self.store_configured = store_configured

    def process(self, handler_input) -> None:
        manager = handler_input.attributes_manager
        state = _RequestState(store_configured=self.store_configured)
        manager.request_attributes[_STATE] = state
        if not self.store_configured:
            return
        try:
            state.stored_json = _canonical(manager.persistent_attributes)
        except Exception as error:
            log.error("could not load the user's attributes; carrying on without them: %s", error, exc_info=error)
            manager.request_attributes[STORAGE_ERROR] = True
            manager.persistent_attributes = {}


class SaveAttributesInterceptor(AbstractResponseInterceptor):
    def process(self, handler_input, response) -> None:
        manager = handler_input.attributes_manager
        state = _state(handler_input)
        if state.store_configured and state.stored_json is not None:
            try:
                if _canonical(manager.persistent_attributes) != state.stored_json:
                    manager.save_persistent_attributes()
            except Exception as error:
                log.error("could not save the user's attributes: %s", error, exc_info=error)
                manager.request_attributes[STORAGE_ERROR] = True
        if manager.request_attributes.get(STORAGE_ERROR):
            _warn_once(handler_input, response)


def _warn_once(handler_input, response) -> None:
    if handler_input.request_envelope.session is None or response is None:
        return
    session = handler_input.attributes_manager.session_attributes
    if session is None or session.get(STORAGE_WARNED):
        return
    # A response with nothing spoken can't carry the notice; the next one in the session will.
    if _prepend_sentence(response.output_speech, STORAGE_WARNING):
        session[STORAGE_WARNED] = True


def _prepend_sentence(speech, sentence: str) -> bool:
    if isinstance(speech, SsmlOutputSpeech):
        opening = re.match(_SPEAK_OPENING, speech.ssml or "")
        if opening is None:
            return False
        cut = opening.end()
        spoken = f"{speech.ssml[:cut]}{escape(sentence)} {speech.ssml[cut:]}"
        if len(spoken) > MAX_OUTPUT_SPEECH_CHARS:
            return False
        speech.ssml = spoken
        return True
    if isinstance(speech, PlainTextOutputSpeech):
        spoken = f"{sentence} {speech.text or ''}"
        if len(spoken) > MAX_OUTPUT_SPEECH_CHARS:
            return False
        speech.text = spoken
        return True
    return False


def user_attributes(handler_input) -> dict:
    """The user's remembered attributes for this request; changes are saved when it ends."""
    state = _state(handler_input)
    if not state.store_configured:
        return state.unsaved
    return handler_input.attributes_manager.persistent_attributes


def remembers_users(handler_input) -> bool:
    """False when no store is configured: nothing about anyone outlives a request."""
    return _state(handler_input).store_configured


def forget_user(handler_input) -> bool:
    """Delete this user's record from the active store.

    True when the store no longer holds anything for the user (trivially so with no store);
    False when the store could not be reached, so the skill can say it didn't happen.
    """
    state = _state(handler_input)
    manager = handler_input.attributes_manager
    if not state.store_configured:
        state.unsaved.clear()
        return True
    try:
        manager.delete_persistent_attributes()
    except Exception as error:
        log.error("could not delete the user's attributes: %s", error, exc_info=error)
        return False
    # The record is gone and known to be empty: only what the handler writes after this is saved.
    manager.persistent_attributes = {}
    state.stored_json = _canonical({})
    return True


def register(skill_builder: CustomSkillBuilder, adapter) -> None:
    """Give the skill its store (None: remember nothing) and the interceptors that use it.

    Call before adding other interceptors, so theirs see the user's attributes and any response
    checks run on the response with the storage notice already in it.
    """
    if not isinstance(skill_builder, CustomSkillBuilder):
        raise TypeError("persistence needs a CustomSkillBuilder, the only builder that takes an adapter")
    skill_builder.persistence_adapter = adapter
    skill_builder.add_global_request_interceptor(LoadAttributesInterceptor(store_configured=adapter is not None))
    skill_builder.add_global_response_interceptor(SaveAttributesInterceptor())
