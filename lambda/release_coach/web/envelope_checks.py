"""The checks read from the request itself, before anything touches the network: the timestamp
and the application id (the order they run in is stated in verifier.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from release_coach.web.refusals import (
    AMBIGUOUS_ENVELOPE,
    BAD_TIMESTAMP,
    NO_APPLICATION_ID,
    STALE_TIMESTAMP,
    WRONG_APPLICATION_ID,
    Refusal,
)

TIMESTAMP_TOLERANCE = timedelta(seconds=150)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def check_timestamp(stamp: object, now: datetime, tolerance: timedelta = TIMESTAMP_TOLERANCE) -> None:
    """Refuses a timestamp that does not parse (bad offsets included) or is out of tolerance."""
    if not isinstance(stamp, str):
        raise Refusal(BAD_TIMESTAMP, "timestamp is not a string")
    try:
        moment = datetime.fromisoformat(stamp)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        skew = (now - moment).total_seconds()
    except (ValueError, OverflowError):
        raise Refusal(BAD_TIMESTAMP, f"timestamp {stamp[:40]!r} does not parse") from None
    if abs(skew) > tolerance.total_seconds():
        direction = "old" if skew > 0 else "in the future"
        raise Refusal(
            STALE_TIMESTAMP,
            f"timestamp is {abs(skew):.0f} s {direction} (limit {tolerance.total_seconds():.0f} s)",
        )


def _model_aliases(model_class) -> frozenset[str]:
    """Keys the SDK's deserializer would also read for a field: its Python names, where they
    differ from the JSON names (`application_id` for `applicationId`, `system` for `System`)."""
    return frozenset(name for name, json_name in model_class.attribute_map.items() if name != json_name)


def _alias_table() -> dict[str, frozenset[str]]:
    from ask_sdk_model import Application, Context, Session
    from ask_sdk_model.interfaces.system import SystemState

    return {
        "context": _model_aliases(Context),
        "context.System": _model_aliases(SystemState),
        "application": _model_aliases(Application),
        "session": _model_aliases(Session),
    }


_ALIASES = _alias_table()


def _refuse_aliases(holder: dict, table_key: str, where: str) -> None:
    clash = _ALIASES[table_key].intersection(holder)
    if clash:
        raise Refusal(AMBIGUOUS_ENVELOPE, f"{where} has SDK alias key(s) {sorted(clash)}")


def raw_application_id(envelope: dict) -> str:
    """context.System.application.applicationId as sent (and signed), or a Refusal.

    Read from the JSON, never from the SDK model: the model also accepts `application_id` or a
    lower-case `system`, which would let a second key override the one checked here. Envelopes
    carrying such keys on this path are refused; a session's application id must agree.
    """
    context = envelope.get("context")
    if not isinstance(context, dict):
        raise Refusal(NO_APPLICATION_ID, "no context")
    _refuse_aliases(context, "context", "context")
    system = context.get("System")
    if not isinstance(system, dict):
        raise Refusal(NO_APPLICATION_ID, "no context.System")
    _refuse_aliases(system, "context.System", "context.System")
    application = system.get("application")
    if not isinstance(application, dict):
        raise Refusal(NO_APPLICATION_ID, "no context.System.application")
    _refuse_aliases(application, "application", "context.System.application")
    application_id = application.get("applicationId")
    if not isinstance(application_id, str) or not application_id:
        raise Refusal(NO_APPLICATION_ID, "no context.System.application.applicationId")
    session = envelope.get("session")
    if isinstance(session, dict):
        _refuse_aliases(session, "session", "session")
        session_application = session.get("application")
        if isinstance(session_application, dict):
            _refuse_aliases(session_application, "application", "session.application")
            if session_application.get("applicationId", application_id) != application_id:
                raise Refusal(AMBIGUOUS_ENVELOPE, "session and context application ids differ")
    return application_id


def check_application_id(envelope: dict, skill_id: str) -> None:
    if raw_application_id(envelope) != skill_id:
        raise Refusal(WRONG_APPLICATION_ID)
