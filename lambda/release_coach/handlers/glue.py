"""The thin layer between ask-sdk-core and the pure coach: build a Coach for the request, and
turn its Reply into an Alexa response. Handlers only choose which coach method to call."""
from __future__ import annotations

import re
import time

from ask_sdk_core.utils import get_slot

from .. import content
from ..domain.coach import Coach, Context, Profile, SessionState
from ..domain.reply import Reply
from ..persistence.interceptors import remembers_users, user_attributes
from ..speech.render import to_ssml

STATE_KEY = "coach"
# With no store configured, the profile lives in the session so preferences last that long.
SESSION_PROFILE_KEY = "profile"
COACH_KEY = "release_coach.coach"
_ISO_DURATION = (  # compiled by re on first use, not at import (cold starts)
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def _now(handler_input) -> float:
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    try:
        return stamp.timestamp() if stamp is not None else time.time()
    except (AttributeError, OverflowError, ValueError, OSError):
        return time.time()


def session_attributes(handler_input) -> dict | None:
    """The session attributes, or None for a request outside any session."""
    if handler_input.request_envelope.session is None:
        return None
    return handler_input.attributes_manager.session_attributes


def coach_for(handler_input) -> Coach:
    """The Coach for this request, made once and kept in the request attributes."""
    request_attributes = handler_input.attributes_manager.request_attributes
    if COACH_KEY not in request_attributes:
        session = session_attributes(handler_input) or {}
        if remembers_users(handler_input):
            raw_profile = user_attributes(handler_input)
        else:
            raw_profile = session.get(SESSION_PROFILE_KEY)
        envelope = handler_input.request_envelope
        locale = getattr(envelope.request, "locale", None) or "en-US"
        new_session = bool(envelope.session is None or envelope.session.new)
        ctx = Context(now=_now(handler_input), locale=locale, new_session=new_session,
                      remembers=remembers_users(handler_input))
        request_attributes[COACH_KEY] = Coach(
            SessionState.from_dict(session.get(STATE_KEY)), Profile.from_dict(raw_profile), ctx,
            content.language_of(locale),
        )
    return request_attributes[COACH_KEY]


def keep(handler_input, coach: Coach) -> None:
    """Write the coach's state back: session attributes now, the profile for the store."""
    coach.remember_position()
    session = session_attributes(handler_input)
    if session is not None:
        session[STATE_KEY] = coach.state.to_dict()
    profile = coach.profile.to_dict()
    if remembers_users(handler_input):
        stored = user_attributes(handler_input)
        stored.clear()
        stored.update(profile)
    elif session is not None:
        session[SESSION_PROFILE_KEY] = profile


# Session attribute naming what the last reply said (its tags and line keys): conversation tests
# and the console read it, so they can check what happened without depending on wording.
REPLY_KEY = "reply"


def respond(handler_input, reply: Reply):
    coach = coach_for(handler_input)
    keep(handler_input, coach)
    session = session_attributes(handler_input)
    if session is not None:
        session[REPLY_KEY] = reply.tags + reply.keys
    language = content.language_of(coach.ctx.locale)
    builder = handler_input.response_builder
    rate = coach.speaking_rate
    builder.speak(to_ssml(reply.parts, language, rate))
    if reply.end_session:
        builder.set_should_end_session(True)
    else:
        builder.ask(to_ssml(reply.reprompt or reply.parts, language, rate))
    from ..screen import dress  # imported on first use, not at cold start

    dress(handler_input, builder, reply, coach, language, rate)
    return builder.response


# ----- slots ----------------------------------------------------------------------------------


def _slot(handler_input, name: str):
    """The named slot of an intent request, or None (any other request has no slots)."""
    try:
        return get_slot(handler_input, name)
    except (TypeError, AttributeError):
        return None


def slot_value(handler_input, name: str) -> str | None:
    """What was heard in a slot, or None."""
    slot = _slot(handler_input, name)
    value = getattr(slot, "value", None) if slot is not None else None
    return value.strip() if isinstance(value, str) and value.strip() and value.strip() != "?" else None


def _resolved(handler_input, name: str) -> list:
    """The values entity resolution matched (ER_SUCCESS_MATCH) for a custom slot, or []."""
    slot = _slot(handler_input, name)
    resolutions = getattr(slot, "resolutions", None) if slot is not None else None
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if getattr(status, "value", status) == "ER_SUCCESS_MATCH" and authority.values:
            return [v.value for v in authority.values]
    return []


def slot_id(handler_input, name: str) -> str | None:
    """The entity-resolution id of a custom slot value (the first matched), or None."""
    values = _resolved(handler_input, name)
    return values[0].id if values else None


def slot_name(handler_input, name: str) -> str | None:
    """The canonical name of a custom slot value when entity resolution matched exactly one, or None."""
    values = _resolved(handler_input, name)
    return values[0].name if len(values) == 1 else None


def duration_seconds(value: str | None) -> float | None:
    """ISO-8601 duration from AMAZON.DURATION ("PT45S", "PT1M30S") in seconds; None if unusable."""
    if not value:
        return None
    match = re.match(_ISO_DURATION, value.strip().upper())
    if not match or value.strip().upper() in ("P", "PT"):
        return None
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    return parts["d"] * 86400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
