"""One user's stored record: the attributes dict as JSON plus the version of that layout.

Every store keeps the same record so a bad or foreign value is recognised the same way
everywhere: it costs that user their saved state (with a logged warning), never the request.
"""
from __future__ import annotations

import json

from ask_sdk_core.exceptions import PersistenceException

from ..settings import lazy_logger

log = lazy_logger(__name__)

# Bump when the JSON layout changes incompatibly. Code that meets a version it doesn't know
# starts that user fresh rather than guessing at the data.
DATA_VERSION = 1


class StorageError(PersistenceException):
    """The store could not be read or written; the interceptors turn this into a spoken notice."""


def user_id_of(request_envelope) -> str:
    """The Alexa user id: opaque, per skill, and the only key any store uses."""
    try:
        user_id = request_envelope.context.system.user.user_id
    except AttributeError:
        user_id = None
    if not user_id:
        raise StorageError("the request has no user id, so there is nowhere to keep state")
    return user_id


def log_ref(user_id: str) -> str:
    """A short stable tag for log lines, so logs can be correlated without holding the user id."""
    import hashlib  # only when something is logged: hashlib costs every cold start ~3 ms

    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:10]


def encode_attributes(attributes) -> str:
    if not isinstance(attributes, dict):
        raise StorageError(f"attributes must be a dict, not {type(attributes).__name__}")
    try:
        return json.dumps(attributes, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise StorageError(f"attributes are not plain JSON data: {error}") from error


def decode_attributes(text, data_version, user_id: str) -> dict:
    """The stored attributes, or {} (with a warning) when the record can't be trusted."""
    if data_version != DATA_VERSION:
        log.warning(
            "user %s: stored data version %r is not %d; starting this user fresh",
            log_ref(user_id), data_version, DATA_VERSION,
        )
        return {}
    try:
        attributes = json.loads(text)
    except (TypeError, ValueError):
        log.warning("user %s: stored attributes are not valid JSON; starting this user fresh", log_ref(user_id))
        return {}
    if not isinstance(attributes, dict):
        log.warning(
            "user %s: stored attributes are a JSON %s, not an object; starting this user fresh",
            log_ref(user_id), type(attributes).__name__,
        )
        return {}
    return attributes
