"""Per-user state behind ask-sdk-core's AbstractPersistenceAdapter.

The only key is the Alexa user id; the only value is the skill's attributes dict. Importing this
package never imports boto3: only `make_adapter` with persistence "dynamodb" does.
"""
from __future__ import annotations

import os

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .interceptors import (
    STORAGE_ERROR,
    STORAGE_WARNED,
    STORAGE_WARNING,
    forget_user,
    register,
    remembers_users,
    user_attributes,
)

__all__ = [
    "DATA_VERSION",
    "STORAGE_ERROR",
    "STORAGE_WARNED",
    "STORAGE_WARNING",
    "StorageError",
    "default_sqlite_path",
    "forget_user",
    "make_adapter",
    "register",
    "remembers_users",
    "user_attributes",
]


def __getattr__(name: str):
    # The record format is only needed once a store is chosen: with none (the Lambda default
    # without a table), a cold start doesn't import it.
    if name in ("DATA_VERSION", "StorageError"):
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_sqlite_path():
    """Where `make run` keeps state with no configuration: the user's XDG state directory."""
    state_home = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    from pathlib import Path

    return Path(state_home) / "release-coach" / "release-coach.sqlite3"


def make_adapter(settings) -> AbstractPersistenceAdapter | None:
    """The store settings.persistence names, or None for "none".

    Raises ValueError for a configuration that can't work (an unknown kind, DynamoDB without a
    table or region). A store that merely can't be reached yet is not an error here: it is
    reported per request, and the skill carries on without it.
    """
    kind = settings.persistence
    if kind == "none":
        return None
    # Each store is imported only when chosen: a Lambda cold start pays for every import.
    if kind == "memory":
        from .memory import MemoryAdapter

        return MemoryAdapter()
    if kind == "sqlite":
        from .sqlite import SqliteAdapter

        return SqliteAdapter(settings.sqlite_path or default_sqlite_path())
    if kind == "dynamodb":
        from .dynamodb import make_dynamodb_adapter

        return make_dynamodb_adapter(settings)
    raise ValueError(f"unknown persistence kind {kind!r}; use none, memory, sqlite or dynamodb")
